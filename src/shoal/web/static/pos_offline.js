// The till's offline queue (docs/pos.md, "Offline"). A cash sale whose payment could not be sent is kept in this
// browser's localStorage with its sale_id and the time it was sold, the basket is cleared for the next customer,
// and the queue is uploaded to /console/pos/sales/offline when the connection is back. A sale leaves the queue only
// when the server answers that it is recorded (so a retry of a sale that did arrive answers the same sale).
(function () {
  "use strict";
  var form = document.getElementById("till");
  if (!form) { return; }
  var KEY = "shoal.pos.offline." + form.dataset.store;
  var banner = document.getElementById("offline-banner");
  var note = document.getElementById("offline-note");
  var fresh = {member: document.getElementById("member").outerHTML, basket: document.getElementById("basket").outerHTML};
  var draining = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }
  function field(sale, name) {
    var pair = sale.fields.filter(function (p) { return p[0] === name; })[0];
    return pair ? pair[1] : "";
  }

  function render() {
    var waiting = load().length;
    banner.hidden = waiting === 0;
    banner.textContent = banner.dataset.text.replace("{n}", waiting);
  }
  function say(text) { note.textContent = text; note.hidden = false; }

  // Yuan as typed or shown ("¥1,078.50", "12.5") to integer fen, without floating point.
  function fen(text) {
    var parts = String(text || "").replace(/[^\d.]/g, "").split(".");
    return parseInt(parts[0] || "0", 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
  }
  function money(amount, like) {
    var symbol = (String(like).match(/^[^\d]*/) || [""])[0].trim();
    return symbol + Math.floor(amount / 100) + "." + ("0" + (amount % 100)).slice(-2);
  }
  function newSaleId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function swapFresh(id) {
    var old = document.getElementById(id);
    old.outerHTML = fresh[id];
    if (window.htmx) { window.htmx.process(document.getElementById(id)); }
  }
  function clearTill() {
    swapFresh("member");
    swapFresh("basket");
    ["cash", "auth_code", "code_amount", "balance"].forEach(function (name) { form.elements[name].value = ""; });
    form.elements.sale_id.value = newSaleId();
    document.getElementById("result").innerHTML = "";
  }

  function queueSale() {
    var data = new FormData(form);
    var total = document.getElementById("basket-total");
    if (String(data.get("auth_code") || data.get("balance") || "").trim()) { return say(note.dataset.cashOnly); }
    if (!total) { return say(note.dataset.scan); }
    var change = fen(data.get("cash")) - fen(total.textContent);
    if (change < 0) { return say(note.dataset.short); }
    var fields = [];
    data.forEach(function (value, name) { if (name !== "scan" && name !== "phone") { fields.push([name, value]); } });
    fields.push(["sold_at", new Date().toISOString()]);
    save(load().concat([{fields: fields}]));
    var shown = total.textContent;
    clearTill();
    say(note.dataset.saved.replace("{change}", money(change, shown)));
    render();
  }

  // true when the server has the sale (recorded, flagged or refused earlier); false keeps it for the next try.
  function upload(sale) {
    return fetch("/console/pos/sales/offline", {
      method: "POST", credentials: "same-origin", headers: {"HX-Request": "true"},
      body: new URLSearchParams(sale.fields)
    }).then(function (response) {
      return response.json().then(function (body) { return body.recorded === true; }, function () { return false; });
    });
  }
  function drain() {
    var queue = load();
    if (draining || !queue.length) { return; }
    draining = true;
    queue.reduce(function (previous, sale) {
      return previous.then(function () {
        return upload(sale).then(function (recorded) {
          if (recorded) {
            var id = field(sale, "sale_id");
            save(load().filter(function (s) { return field(s, "sale_id") !== id; }));
            render();
          }
        });
      });
    }, Promise.resolve()).catch(function () { /* still offline: the next try starts over */ }).then(function () {
      draining = false;
      render();
    });
  }

  document.body.addEventListener("htmx:sendError", onFailure);
  document.body.addEventListener("htmx:timeout", onFailure);
  function onFailure(event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.id === "pay-button") { queueSale(); } else if (elt && form.contains(elt)) { say(note.dataset.scan); }
  }
  window.addEventListener("online", drain);
  window.setInterval(drain, 20000);
  render();
  drain();
})();
