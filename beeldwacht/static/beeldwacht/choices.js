// The consent grid: before saving, say what changes ("nee: Lokale pers, naam"). Without
// script the grid works the same; the page after saving says what was recorded.
(function () {
  "use strict";
  var summary = document.querySelector(".change-summary");
  if (!summary) return;
  var cells = Array.prototype.slice.call(document.querySelectorAll("[data-choices] .yes-no"));
  function show() {
    var changed = { yes: [], no: [] };
    cells.forEach(function (cell) {
      var checked = cell.querySelector("input:checked");
      if (checked && checked.value !== cell.dataset.initial) changed[checked.value].push(cell.dataset.what);
    });
    // Up to three by name ("nee: Lokale pers, naam"), more as a number ("ja: 23 keuzes").
    function part(value) {
      var list = changed[value];
      if (!list.length) return "";
      var what = list.length > 3 ? summary.dataset.many.replace("#", list.length) : list.join("; ");
      return summary.dataset[value] + ": " + what;
    }
    var parts = [part("yes"), part("no")].filter(Boolean);
    summary.textContent = parts.length ? summary.dataset.some + " " + parts.join(". ") + "." : summary.dataset.none;
    summary.classList.toggle("has-changes", parts.length > 0);
  }
  summary.hidden = false;
  cells.forEach(function (cell) { cell.addEventListener("change", show); });
  show();
})();
