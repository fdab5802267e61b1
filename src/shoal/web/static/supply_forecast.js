// The demand forecast chart (需求预测): weekly units sold, the forecast and its 80% band, drawn by ECharts from
// the figures the page carries in data attributes. A static file, so the Content-Security-Policy can forbid
// inline scripts. The band is two stacked series: the low edge (invisible) and the width above it.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("forecast-chart");
  if (!window.echarts || !box) { return; }
  var labels = JSON.parse(box.dataset.labels);
  var chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis"}, color: ["#344054", "#1570ef", "#84adff"],
    legend: {top: 0, data: [labels.history, labels.forecast, labels.band]},
    grid: {left: 60, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: JSON.parse(box.dataset.weeks)},
    yAxis: {type: "value", min: 0},
    series: [
      {type: "line", name: labels.history, data: JSON.parse(box.dataset.history), symbol: "none"},
      {type: "line", name: labels.forecast, data: JSON.parse(box.dataset.forecast), lineStyle: {type: "dashed"}},
      {type: "line", name: "low", data: JSON.parse(box.dataset.low), stack: "band", symbol: "none",
       lineStyle: {opacity: 0}, tooltip: {show: false}, color: "#84adff"},
      {type: "line", name: labels.band, data: JSON.parse(box.dataset.band), stack: "band", symbol: "none",
       lineStyle: {opacity: 0}, areaStyle: {opacity: 0.3}, color: "#84adff"}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
