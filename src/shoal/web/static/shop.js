// Storefront behaviour that HTMX does not cover. A static file, so the Content-Security-Policy can forbid
// inline scripts: a read-only field marked data-select-on-click (the share link) selects itself when clicked.
document.addEventListener("click", function (event) {
  var field = event.target.closest ? event.target.closest("[data-select-on-click]") : null;
  if (field) { field.select(); }
});

// The 分享 box: "Copy link" copies the field it names and says so on the button (the field stays selectable
// where the clipboard is not allowed).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-copy]") : null;
  if (!button) { return; }
  var field = document.querySelector(button.dataset.copy);
  if (!field) { return; }
  field.select();
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(function () { button.textContent = button.dataset.copied; });
  }
});

// The product page: the headline price and 划线价 follow the chosen variant, and the quantity's − and + step it
// within its bounds (the server checks it again).
document.addEventListener("change", function (event) {
  var choice = event.target;
  if (!choice.matches || !choice.matches("#buy input[name=variant_id]")) { return; }
  var price = document.getElementById("price");
  var compareAt = document.getElementById("compare-at");
  if (price) { price.textContent = choice.dataset.price; }
  if (compareAt) {
    compareAt.textContent = choice.dataset.compareAt || "";
    compareAt.hidden = !choice.dataset.compareAt;
  }
});
document.addEventListener("click", function (event) {
  var step = event.target.closest ? event.target.closest("[data-step]") : null;
  if (!step) { return; }
  var field = step.parentElement.querySelector("input[type=number]");
  var next = (parseInt(field.value, 10) || 1) + parseInt(step.dataset.step, 10);
  field.value = Math.min(Math.max(next, parseInt(field.min, 10) || 1), parseInt(field.max, 10) || 999);
});

// The product page's 门店库存: "use my location" asks the browser for its point, puts it in the block's form and
// sends it (stores are then listed nearest first); refused or unavailable, the shopper can still choose a city.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-locate]") : null;
  if (!button || !navigator.geolocation) { return; }
  var form = button.form;
  navigator.geolocation.getCurrentPosition(function (position) {
    form.elements.latitude.value = position.coords.latitude.toFixed(6);
    form.elements.longitude.value = position.coords.longitude.toFixed(6);
    form.requestSubmit();
  });
});
