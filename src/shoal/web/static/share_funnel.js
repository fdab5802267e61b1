// The share funnel's chart (分享转化), drawn by ECharts from the figures the page carries in data attributes.
// A static file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("funnel-chart");
  if (!window.echarts || !box) { return; }
  var chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis"}, grid: {left: 60, right: 20, top: 20, bottom: 30},
    xAxis: {type: "category", data: JSON.parse(box.dataset.steps)},
    yAxis: {type: "value", minInterval: 1},
    series: [{type: "bar", name: box.dataset.label, data: JSON.parse(box.dataset.counts)}]
  });
});
