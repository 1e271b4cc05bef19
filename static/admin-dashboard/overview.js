// The leads overview's charts: figures from the page's JSON (json_script), drawn with the
// vendored Chart.js. No inline script anywhere (CSP): this file is the only code.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("overview-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var colour = getComputedStyle(document.documentElement).getPropertyValue("--primary").trim() || "#417690";
    var palette = ["#2e7d32", "#f9a825", "#78909c", "#37474f", "#1565c0", "#ad1457", "#6a1b9a", "#00838f"];

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var figures = data[canvas.dataset.chart];
      if (!figures) {
        return;
      }
      var kind = canvas.dataset.kind;
      var round = kind === "doughnut";
      new window.Chart(canvas, {
        type: kind === "hbar" ? "bar" : kind,
        data: {
          labels: figures[0],
          datasets: [{
            data: figures[1],
            backgroundColor: figures[2] || (round ? palette : colour),
          }],
        },
        options: {
          indexAxis: kind === "hbar" ? "y" : "x",
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: round } },
          scales: round ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
