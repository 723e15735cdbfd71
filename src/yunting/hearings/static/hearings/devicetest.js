// Device test page: camera preview and microphone level; marks the form when both work.
(function () {
  "use strict";
  const status = document.getElementById("device-status");
  const ok = document.getElementById("device_ok");
  const button = document.getElementById("device-test");
  const meter = document.getElementById("level");
  const preview = document.getElementById("preview");
  let stream = null;

  async function test() {
    ok.value = "0";
    if (stream) stream.getTracks().forEach((t) => t.stop());
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (err) {
      status.textContent = button.dataset.fail;
      return;
    }
    preview.srcObject = stream;
    const video = stream.getVideoTracks()[0];
    const audio = stream.getAudioTracks()[0];
    if (!video || !audio || video.readyState !== "live" || audio.readyState !== "live") {
      status.textContent = button.dataset.fail;
      return;
    }
    try {
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      ctx.createMediaStreamSource(stream).connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128) / 128);
        meter.value = peak;
        requestAnimationFrame(tick);
      };
      tick();
    } catch (err) { /* the level meter is a help, not a condition */ }
    ok.value = "1";
    status.textContent = button.dataset.ok;
    status.dataset.ok = "1";
  }
  button.addEventListener("click", test);
  window.addEventListener("pagehide", () => stream && stream.getTracks().forEach((t) => t.stop()));
  test();
})();
