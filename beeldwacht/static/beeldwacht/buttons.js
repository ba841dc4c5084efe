// Buttons that only need the browser: print the page, go back. Listeners here, not onclick
// or javascript: links, because the pages allow no inline script (Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
document.querySelectorAll("[data-back]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.history.back(); });
});
// A select that shows more when changed (the publication's activity and its photos): press
// the form's own button for it, which also works without script.
document.querySelectorAll("[data-submit-with]").forEach(function (select) {
  select.addEventListener("change", function () {
    var button = document.getElementById(select.dataset.submitWith);
    if (button) button.click();
  });
});
