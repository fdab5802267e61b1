// Storefront behaviour that HTMX does not cover. A static file, so the Content-Security-Policy can forbid
// inline scripts: a read-only field marked data-select-on-click (the share link) selects itself when clicked.
document.addEventListener("click", function (event) {
  var field = event.target.closest ? event.target.closest("[data-select-on-click]") : null;
  if (field) { field.select(); }
});
