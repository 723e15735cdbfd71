/* Phone width: every table with a header row reads as a stack of cards (site.css, "Tables on
   a phone"). This labels each cell with its column's header once the page (or an htmx swap)
   has loaded; without it a table still scrolls inside its own box. */
(function () {
  function label(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (table.classList.contains("cards") || table.classList.contains("no-cards")) return;
      var headRow = table.tHead && table.tHead.rows[0];
      if (!headRow) return;
      var names = Array.prototype.map.call(headRow.cells, function (th) {
        return th.textContent.trim();
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (cell.hasAttribute("data-label")) return;
            cell.setAttribute("data-label", cell.colSpan > 1 ? "" : names[i] || "");
          });
        });
      });
      table.classList.add("cards");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSettle", function (e) { label(e.target); });
})();
