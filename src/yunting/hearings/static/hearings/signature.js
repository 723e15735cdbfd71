// Signature pad: draw with mouse, pen or finger; the PNG goes with the form.
(function () {
  "use strict";
  const pad = document.getElementById("pad");
  if (!pad) return;
  const ctx = pad.getContext("2d");
  ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#000";
  let drawing = false, drawn = false;
  const at = (e) => { const r = pad.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  pad.addEventListener("pointerdown", (e) => { drawing = true; ctx.beginPath(); ctx.moveTo(...at(e)); pad.setPointerCapture(e.pointerId); });
  pad.addEventListener("pointermove", (e) => { if (!drawing) return; ctx.lineTo(...at(e)); ctx.stroke(); drawn = true; });
  pad.addEventListener("pointerup", () => { drawing = false; });
  document.getElementById("pad-clear").addEventListener("click", () => { ctx.clearRect(0, 0, pad.width, pad.height); drawn = false; });
  pad.closest("form").addEventListener("submit", () => {
    document.getElementById("image").value = drawn ? pad.toDataURL("image/png") : "";
  });
})();
