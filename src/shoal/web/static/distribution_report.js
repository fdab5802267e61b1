// The distribution report's chart (分销报表): GMV and commission per promoter, drawn by ECharts from the figures
// the page carries in data attributes (amounts in fen, shown in yuan). A static file: the CSP forbids inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("distribution-chart");
  if (!window.echarts || !box) { return; }
  var yuan = function (fen) { return fen / 100; };
  var chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 70, right: 20, top: 30, bottom: 30},
    xAxis: {type: "category", data: JSON.parse(box.dataset.names)},
    yAxis: {type: "value", minInterval: 1},
    series: [
      {type: "bar", name: box.dataset.gmvLabel, data: JSON.parse(box.dataset.gmv).map(yuan)},
      {type: "bar", name: box.dataset.commissionLabel, data: JSON.parse(box.dataset.commission).map(yuan)}
    ]
  });
});
