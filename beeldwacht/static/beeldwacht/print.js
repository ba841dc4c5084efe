// The receipt's print button (a listener, not an onclick attribute: the pages allow no
// inline script).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
