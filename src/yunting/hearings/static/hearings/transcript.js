// The clerk's transcript editor: autosave two seconds after typing stops, with the version
// it was based on; a 409 (another clerk saved) shows their text and keeps ours to merge.
(function () {
  "use strict";
  const body = document.getElementById("body");
  if (!body) return;
  const status = document.getElementById("save-status");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]") ||
    { value: (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] };
  let version = parseInt(body.dataset.version, 10);
  let timer = null, saving = false, again = false;

  async function save() {
    if (saving) { again = true; return; }
    saving = true;
    status.textContent = body.dataset.tSaving;
    try {
      const res = await fetch(body.dataset.save, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf.value },
        body: JSON.stringify({ body: body.value, version }),
      });
      const data = await res.json();
      if (res.ok) {
        version = data.version;
        status.textContent = body.dataset.tSaved + " " + version;
        status.dataset.version = String(version);
      } else {
        status.textContent = data.detail;
        status.dataset.conflict = "1";
        if (data.version !== undefined) {
          version = data.version; // theirs is now the base; ours stays in the box to merge
        }
      }
    } catch (err) {
      status.textContent = String(err);
    } finally {
      saving = false;
      if (again) { again = false; save(); }
    }
  }
  body.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(save, 2000); });
  // The exchange report's lines go in at the clerk's cursor (at the end if the clerk has not
  // been in the box yet), then save at once.
  let cursorKnown = false;
  body.addEventListener("focus", () => { cursorKnown = true; });
  document.querySelectorAll("[data-insert]").forEach((button) => {
    button.addEventListener("click", () => {
      const at = cursorKnown ? body.selectionStart : body.value.length;
      const end = cursorKnown ? body.selectionEnd : at;
      const before = body.value.slice(0, at), after = body.value.slice(end);
      const text = (before && !before.endsWith("\n") ? "\n" : "") + button.dataset.insert + "\n";
      body.value = before + text + after;
      body.selectionStart = body.selectionEnd = before.length + text.length;
      body.focus();
      clearTimeout(timer);
      save();
    });
  });
  window.ytTranscriptSave = save;
})();
