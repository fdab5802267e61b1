// Flash sale countdowns (限时秒杀). Each [data-countdown] holds the moment it counts to and the server's time when
// the page was drawn (data-now), so the count follows the server's clock, not the phone's. Without this script
// the element keeps its text, which names the start or end time. At zero the page reloads once, to show the
// session's next state (即将开始 -> 立即抢购, or the session gone).
(function () {
  var counters = document.querySelectorAll("[data-countdown]");
  if (!counters.length) { return; }
  var skew = Date.parse(counters[0].dataset.now) - Date.now();
  var reloaded = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function text(el, seconds) {
    var days = Math.floor(seconds / 86400);
    var rest = seconds % 86400;
    var clock = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor(rest / 60) % 60) + ":" + pad(rest % 60);
    return el.dataset.label + " " + (days > 0 ? days + el.dataset.days + " " : "") + clock;
  }

  function tick() {
    var now = Date.now() + skew;
    counters.forEach(function (el) {
      var left = Math.max(0, Math.floor((Date.parse(el.dataset.countdown) - now) / 1000));
      el.textContent = text(el, left);
      if (left === 0 && !reloaded) {
        reloaded = true;
        window.setTimeout(function () { window.location.reload(); }, 1000);
      }
    });
  }

  tick();
  window.setInterval(tick, 1000);
})();
