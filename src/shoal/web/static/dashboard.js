// The dashboard's sales chart, drawn by ECharts from the figures the page carries in data attributes.
// A static file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("sales-chart");
  if (!window.echarts || !box) { return; }
  var chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis"}, grid: {left: 60, right: 20, top: 20, bottom: 30},
    xAxis: {type: "category", data: JSON.parse(box.dataset.days)},
    // Figures are fen; ticks at least one yuan apart, so an empty or small month does not repeat "0" down the axis.
    yAxis: {type: "value", minInterval: 100, axisLabel: {formatter: function (v) { return (v / 100).toFixed(0); }}},
    series: [{type: "bar", name: box.dataset.label, data: JSON.parse(box.dataset.gmv)}]
  });
});
