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
  window.ytTranscriptSave = save;
})();
