// The dashboard's charts, drawn with ECharts from the tables under them: each chart's numbers are
// its table's (the columns whose header carries data-series), so the table stays the page's one
// source and its accessible form; the charts are hidden from screen readers.
(function () {
  "use strict";

  function numbers(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var series = [];
    headers.forEach(function (th, column) {
      if (th.dataset.series) {
        series.push({ column: column, name: th.textContent.trim(), kind: th.dataset.series, data: [] });
      }
    });
    var categories = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.children;
      categories.push(cells[0].textContent.trim());
      series.forEach(function (s) {
        var cell = cells[s.column];
        s.data.push(cell ? Number(cell.dataset.value || 0) : 0);
      });
    });
    return { categories: categories, series: series };
  }

  function draw(chart) {
    var table = chart.parentElement.querySelector("table");
    if (!table || typeof echarts === "undefined") {
      return;
    }
    var figures = numbers(table);
    var amounts = figures.series.some(function (s) { return s.kind === "amount"; });
    // Numbers as the page's language writes them (150.000 in Portuguese), as in the tables.
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var label = { formatter: function (value) { return format.format(value); } };
    var option = {
      animation: false,
      // Drawn on the canvas: an HTML tooltip carries style attributes, which the page's policy refuses.
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (value) { return format.format(value); } },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: figures.categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: amounts
        ? [{ type: "value", minInterval: 1, axisLabel: label }, { type: "value", splitLine: { show: false }, axisLabel: label }]
        : [{ type: "value", minInterval: 1, axisLabel: label }],
      series: figures.series.map(function (s) {
        // Counts are bars on the left axis, amounts lines on the right: they are not on one scale.
        return s.kind === "amount"
          ? { name: s.name, type: "line", yAxisIndex: 1, data: s.data }
          : { name: s.name, type: "bar", data: s.data };
      })
    };
    echarts.init(chart).setOption(option);
  }

  function start() {
    var charts = document.querySelectorAll(".chart[data-chart]");
    charts.forEach(draw);
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        var instance = typeof echarts === "undefined" ? null : echarts.getInstanceByDom(chart);
        if (instance) {
          instance.resize();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
