// Charts of the targets dashboard, drawn with Apache ECharts from the data the page embeds
// (json_script): no inline script, so the strict CSP holds. Without JavaScript, or when the
// library did not load, the tables below the charts carry the same figures.
(function () {
  "use strict";
  var COLOURS = { met: "#2e8b57", on_track: "#3b6fd8", behind: "#d99a00", missed: "#c0392b", no_data: "#999999" };

  function show(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return;
    node.hidden = false;
    var caption = node.parentNode.querySelector(".chart-caption");
    if (caption) caption.hidden = false;
    // One bar row per target: the height follows their number.
    if (option.height) { node.style.height = option.height + "px"; delete option.height; }
    // The "simple" build draws on canvas (it has no SVG renderer).
    var chart = window.echarts.init(node);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function draw() {
    var source = document.getElementById("targets-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var t = data.targets;
    if (t.labels.length) {
      show("targets-chart", {
        height: 40 + 44 * t.labels.length,
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", inverse: true, data: t.labels, axisLabel: { width: 320, overflow: "truncate" } },
        series: [{
          type: "bar",
          data: t.percent.map(function (v, i) { return { value: v, itemStyle: { color: COLOURS[t.status[i]] } }; }),
          label: { show: true, position: "right", formatter: "{c}%" },
        }],
      });
    }
    var r = data.ranking;
    if (r.labels.length) {
      show("ranking-chart", {
        // The "simple" build has no legend or tooltip: the caption under the chart says what is what.
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: r.labels, axisLabel: { rotate: 35, width: 140, overflow: "truncate" } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: data.names.value, type: "bar", data: r.values, itemStyle: { color: "#b71c1c" } },
          { name: data.names.required, type: "line", step: "middle", data: r.required, symbol: "none", lineStyle: { type: "dashed", color: "#333" } },
        ],
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
