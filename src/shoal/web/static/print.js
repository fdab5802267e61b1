// The packing slip's print button. A static file, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
});
