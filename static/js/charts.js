// Draws every chart on a report page. Each chart is an element with data-chart="<id>", where
// <id> names a <script type="application/json"> holding a plotly figure ({data, layout}).
// The figures' numbers are also in a table beside each chart, so nothing depends on this file.
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      // A chart with a phone-sized version draws that one where the page is narrow.
      var narrow = element.dataset.chartNarrow && element.clientWidth < 480;
      var source = document.getElementById(narrow ? element.dataset.chartNarrow : element.dataset.chart);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      var config = { displayModeBar: false, responsive: true };
      Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
        element.classList.add("chart--drawn");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
