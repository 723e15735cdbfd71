// The hearing room: camera and microphone, the signalling socket (reconnecting), and one
// RTCPeerConnection per other participant (mesh). The server decides who is in the media
// room; this page only follows its messages.
(function () {
  "use strict";
  const root = document.getElementById("room");
  if (!root) return;
  const camel = (k) => k.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  const t = (k) => root.dataset["t" + camel(k)] || k;
  const statusEl = document.getElementById("room-status");
  const videos = document.getElementById("videos");
  const me = root.dataset.me;
  const role = root.dataset.role;
  const device = sessionStorage.getItem("yt-device") || Math.random().toString(36).slice(2);
  sessionStorage.setItem("yt-device", device);
  const pcs = new Map(); // peer id -> {pc, pending: [], name}
  let recorderOff = null; // the clerk's recorder, told that the closing ended the recording
  let ws = null, ice = [], local = null, inMedia = false, done = false, retry = 0, pinger = null;
  window.ytRoom = { pcs, state: () => ({ inMedia, done }) };

  function say(text) { statusEl.textContent = text; }

  async function startMedia() {
    if (local) return local;
    try {
      local = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (err) {
      local = new MediaStream();
    }
    document.getElementById("local").srcObject = local;
    return local;
  }

  function send(msg) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg)); }

  function tile(id, name) {
    let fig = document.getElementById("peer-" + id);
    if (!fig) {
      fig = document.createElement("figure");
      fig.id = "peer-" + id;
      const v = document.createElement("video");
      v.autoplay = true; v.playsInline = true; v.width = 240; v.height = 180;
      v.setAttribute("aria-label", name);
      v.dataset.peer = id;
      const cap = document.createElement("figcaption");
      cap.textContent = name;
      fig.append(v, cap);
      videos.append(fig);
    }
    return fig.querySelector("video");
  }

  function dropPeer(id) {
    const entry = pcs.get(id);
    if (entry) { entry.pc.close(); pcs.delete(id); }
    const fig = document.getElementById("peer-" + id);
    if (fig) fig.remove();
  }

  function dropAll() { for (const id of [...pcs.keys()]) dropPeer(id); }

  function makePeer(peer) {
    dropPeer(peer.id);
    const pc = new RTCPeerConnection({ iceServers: ice });
    const entry = { pc, pending: [], name: peer.name };
    pcs.set(peer.id, entry);
    local.getTracks().forEach((track) => pc.addTrack(track, local));
    pc.onicecandidate = (e) => { if (e.candidate) send({ type: "signal", to: peer.id, data: { candidate: e.candidate.toJSON() } }); };
    pc.ontrack = (e) => {
      const v = tile(peer.id, peer.name);
      if (v.srcObject !== e.streams[0]) {
        v.srcObject = e.streams[0];
        v.play().catch(() => { v.muted = true; v.play().catch(() => {}); });
      }
    };
    return entry;
  }

  async function offerTo(peer) {
    const entry = makePeer(peer);
    const offer = await entry.pc.createOffer();
    await entry.pc.setLocalDescription(offer);
    send({ type: "signal", to: peer.id, data: { sdp: entry.pc.localDescription.toJSON() } });
  }

  async function onSignal(from, data) {
    let entry = pcs.get(from);
    if (data.sdp) {
      if (data.sdp.type === "offer") {
        entry = makePeer({ id: from, name: names.get(from) || "" });
        await entry.pc.setRemoteDescription(data.sdp);
        const answer = await entry.pc.createAnswer();
        await entry.pc.setLocalDescription(answer);
        send({ type: "signal", to: from, data: { sdp: entry.pc.localDescription.toJSON() } });
      } else if (entry) {
        await entry.pc.setRemoteDescription(data.sdp);
      }
      if (entry) { for (const c of entry.pending) await entry.pc.addIceCandidate(c); entry.pending = []; }
    } else if (data.candidate && entry) {
      if (entry.pc.remoteDescription) await entry.pc.addIceCandidate(data.candidate);
      else entry.pending.push(data.candidate);
    }
  }

  const names = new Map();

  function roster(msg) {
    const list = document.getElementById("roster");
    const absent = document.getElementById("absent");
    if (!list) return;
    list.replaceChildren();
    for (const p of msg.people) {
      names.set(p.id, p.name);
      if (p.id === me) continue;
      const li = document.createElement("li");
      li.dataset.testid = "roster-" + p.role;
      li.dataset.state = p.state;
      li.textContent = p.name + " · " + t("state_" + p.state) + " ";
      const act = (what, label) => {
        const b = document.createElement("button");
        b.type = "button"; b.className = "button secondary"; b.textContent = label;
        b.dataset.action = what; b.setAttribute("aria-label", label + " " + p.name);
        b.addEventListener("click", () => send({ type: what, target: p.id }));
        li.append(b, " ");
      };
      if (p.role === "witness") {
        if (p.state === "waiting") act("admit", t("admit"));
        if (p.state === "in_room") act("dismiss", t("dismiss"));
      } else if (p.state === "in_room") {
        act(p.muted ? "unmute" : "mute", p.muted ? t("unmute") : t("mute"));
        act("remove", t("remove"));
      }
      list.append(li);
    }
    absent.textContent = msg.absent.length ? t("absent") + ": " + msg.absent.join("、") : "";
    showStatus(msg.status);
  }

  function showStatus(status) {
    if (status === "closed") { say(t("closed")); done = true; dropAll(); }
    else if (inMedia) say(t("live"));
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.ws + "?device=" + encodeURIComponent(device));
    ws.onopen = () => { retry = 0; };
    ws.onmessage = async (e) => {
      const msg = JSON.parse(e.data);
      switch (msg.type) {
        case "welcome":
          controls(true);
          ice = msg.ice || [];
          document.getElementById("recording").hidden = !msg.recording;
          break;
        case "enter":
          inMedia = true; say(t("live"));
          dropAll();
          for (const p of msg.peers) { names.set(p.id, p.name); await offerTo(p); }
          break;
        case "peer-joined": names.set(msg.peer.id, msg.peer.name); dropPeer(msg.peer.id); break;
        case "peer-left": dropPeer(msg.id); break;
        case "signal": await onSignal(msg.from, msg.data); break;
        case "leave": inMedia = false; dropAll(); say(msg.status === "closed" ? t("closed") : t(role === "witness" ? "waiting" : "lobby")); break;
        case "lobby": say(t("lobby")); break;
        case "waiting": say(t("waiting")); break;
        case "status": showStatus(msg.status); break;
        case "roster": roster(msg); break;
        case "notice":
          if (msg.what === "mute") { local.getAudioTracks().forEach((tr) => { tr.enabled = false; }); say(t("muted")); }
          if (msg.what === "unmute") local.getAudioTracks().forEach((tr) => { tr.enabled = true; });
          break;
        case "removed": done = true; dropAll(); say(t("removed")); break;
        case "replaced": done = true; dropAll(); say(t("replaced")); break;
        case "refused": done = true; say(msg.detail); break;
        case "error": say(msg.detail); break;
        case "recording":
          document.getElementById("recording").hidden = !msg.on;
          if (!msg.on && msg.why === "closed" && recorderOff) recorderOff();
          break;
      }
    };
    ws.onclose = () => {
      controls(false);
      clearInterval(pinger);
      if (done) return;
      inMedia = false;
      say(t("reconnecting"));
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * retry);
    };
    clearInterval(pinger);
    pinger = setInterval(() => send({ type: "ping", t: Date.now() }), 10000);
  }

  const open = document.getElementById("open-hearing");
  if (open) open.addEventListener("click", () => send({ type: "open" }));
  const close = document.getElementById("close-hearing");
  if (close) close.addEventListener("click", () => send({ type: "close" }));
  // The judge's controls act through the socket: usable only while it is connected (a click
  // before the server's welcome, or while reconnecting, would otherwise be lost silently).
  function controls(on) { [open, close].forEach((b) => { if (b) b.disabled = !on; }); }
  controls(false);
  const mic = document.getElementById("mic");
  mic.addEventListener("click", () => {
    const tracks = local ? local.getAudioTracks() : [];
    const on = tracks.some((tr) => tr.enabled);
    tracks.forEach((tr) => { tr.enabled = !on; });
    mic.textContent = on ? t("unmute") : t("mute");
  });
  // The clerk's recorder (同步录音录像): every tile and every voice of the room, composited
  // on a canvas, recorded with MediaRecorder and uploaded chunk by chunk (index, and the total
  // with the last one); a chunk the server did not take is sent again from where it says.
  const recStart = document.getElementById("rec-start");
  if (recStart) {
    const recStop = document.getElementById("rec-stop");
    const recStatus = document.getElementById("rec-status");
    const csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || { value: "" }).value;
    let recorder = null, recUrl = null, blobs = [], held = null, queue = Promise.resolve();
    let ended = false; // the judge closed the hearing: the server filed what it had received
    const post = (url, body, type) => fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Content-Type": type },
    });
    async function upload(i, total) {
      for (let attempt = 0; attempt < 6; attempt++) {
        if (ended) return null;
        try {
          const q = "?index=" + i + (total ? "&total=" + total : "");
          const res = await post(recUrl + q, blobs[i], "application/octet-stream");
          const answer = await res.json();
          if (res.ok) { recStatus.dataset.next = answer.next; return answer; }
          if (answer.code === "recording_off" && ended) return null;
          if (answer.code === "chunk_gap") { // resend what the server is missing first
            for (let j = answer.next; j < i; j++) await upload(j, null);
            continue;
          }
          recStatus.textContent = answer.detail; return answer;
        } catch (err) { await new Promise((r) => setTimeout(r, 500 * (attempt + 1))); }
      }
      recStatus.textContent = t("rec_failed");
      return null;
    }
    function composite() {
      const canvas = document.createElement("canvas");
      canvas.width = 640; canvas.height = 360;
      const ctx = canvas.getContext("2d");
      const audio = new AudioContext();
      const mix = audio.createMediaStreamDestination();
      const heard = new Set();
      const draw = () => {
        if (!recorder) return;
        const vids = [...videos.querySelectorAll("video")];
        const cols = Math.ceil(Math.sqrt(vids.length || 1));
        const rows = Math.ceil((vids.length || 1) / cols);
        const w = canvas.width / cols, h = canvas.height / rows;
        ctx.fillStyle = "#000"; ctx.fillRect(0, 0, canvas.width, canvas.height);
        vids.forEach((v, i) => {
          const s = v.srcObject;
          if (s && !heard.has(s) && s.getAudioTracks().length) {
            heard.add(s); audio.createMediaStreamSource(s).connect(mix);
          }
          try { ctx.drawImage(v, (i % cols) * w, Math.floor(i / cols) * h, w, h); } catch (e) { /* not ready */ }
        });
        setTimeout(draw, 100);
      };
      const stream = canvas.captureStream(10);
      mix.stream.getAudioTracks().forEach((tr) => stream.addTrack(tr));
      return { stream, draw };
    }
    recStart.addEventListener("click", async () => {
      const type = ["video/webm;codecs=vp8,opus", "video/webm"].find((m) => MediaRecorder.isTypeSupported(m)) || "video/webm";
      const res = await post(recStart.dataset.url, JSON.stringify({ content_type: type }), "application/json");
      const answer = await res.json();
      if (!res.ok) { recStatus.textContent = answer.detail; return; }
      recUrl = recStart.dataset.chunk.replace("00000000-0000-0000-0000-000000000000", answer.id);
      blobs = []; held = null;
      const { stream, draw } = composite();
      recorder = new MediaRecorder(stream, { mimeType: type });
      recorder.ondataavailable = (e) => {
        if (!e.data.size) return;
        blobs.push(e.data);
        if (held !== null) { const i = held; queue = queue.then(() => upload(i, null)); }
        held = blobs.length - 1;
      };
      recorder.onstop = () => {
        const last = held, total = blobs.length;
        recorder = null;
        if (ended) return; // the closing already filed what the server had
        queue = queue.then(() => upload(last, total)).then((answer) => {
          if (answer && answer.status === "filed") {
            recStatus.textContent = t("rec_filed"); recStatus.dataset.filed = "1";
          }
        });
      };
      recorder.start(Number(recStart.dataset.slice) || 3000);
      draw();
      recStatus.textContent = t("rec_on");
      recStart.disabled = true; recStop.disabled = false;
    });
    recStop.addEventListener("click", () => {
      if (recorder) { recStop.disabled = true; recStatus.textContent = t("rec_saving"); recorder.stop(); }
    });
    recorderOff = () => {
      // The judge closed the hearing: the server filed the chunks it had received and the
      // recording is over; this browser stops recording and uploads nothing more.
      ended = true;
      if (recorder) recorder.stop();
      recStart.disabled = true; recStop.disabled = true;
      recStatus.textContent = t("rec_closed"); recStatus.dataset.closed = "1";
    };
    window.ytRecorder = { blobs: () => blobs.length };
  }

  window.addEventListener("pagehide", () => { done = true; if (ws) ws.close(); });
  if (document.querySelector("[data-testid=refusal]")) return;
  startMedia().then(connect);
})();
