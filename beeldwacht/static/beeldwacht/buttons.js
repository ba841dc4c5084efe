// Buttons that only need the browser: print the page, go back. Listeners here, not onclick
// or javascript: links, because the pages allow no inline script (Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
document.querySelectorAll("[data-back]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.history.back(); });
});
