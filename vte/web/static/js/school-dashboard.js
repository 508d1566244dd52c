/* School dashboard: draws the charts (Chart.js) from the JSON blocks next to each canvas, and the
   map of placements (VteMap helpers). The numbers are also in the tables under each chart. */
(function () {
  "use strict";

  var ACCENT = "#000091";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function readJson(id) {
    var element = id && document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function number(value) {
    return Number(value).toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  }

  /* A label as lines of at most `max` characters, cut between words (a longer word gets its own
     line): long programme names wrap instead of being cut. */
  function wrap(label, max) {
    var lines = [];
    String(label).split(/\s+/).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= max) { lines[last] += " " + word; } else { lines.push(word); }
    });
    return lines;
  }

  function drawChart(canvas) {
    var data = readJson(canvas.getAttribute("data-chart"));
    if (!data || typeof window.Chart === "undefined") { return; }
    var horizontal = data.kind === "hbar";
    var percent = data.unit === "%";
    var unit = data.unit ? " " + data.unit : "";
    var box = canvas.parentNode;
    var labelMax = box.clientWidth < 480 ? 18 : 34;
    if (horizontal) {
      var lines = data.labels.reduce(function (sum, label) { return sum + wrap(label, labelMax).length; }, 0);
      box.style.height = Math.max(180, 20 * lines + 16 * data.labels.length + 70) + "px";
    }
    var valueAxis = {
      beginAtZero: true,
      ticks: {
        precision: percent ? undefined : 0,
        callback: function (value) { return number(value) + (percent ? " %" : ""); }
      }
    };
    if (percent) { valueAxis.max = 100; }
    var categoryAxis = {
      ticks: {
        autoSkip: !horizontal,
        callback: function (value) { return wrap(this.getLabelForValue(value), labelMax); }
      }
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.series, data: data.values, backgroundColor: ACCENT, borderRadius: 3, maxBarThickness: 28 }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        locale: "fr-FR",
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              /* The full name when the labels are shortened (a shared start dropped). */
              title: function (items) {
                return items.length && data.titles ? data.titles[items[0].dataIndex] : (items.length ? items[0].label : "");
              },
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + " : " + number(value) + unit;
              }
            }
          }
        },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis }
      }
    });
  }

  function drawMap(element) {
    if (!window.VteMap || !window.L) { return; }
    var points = readJson(element.getAttribute("data-points")) || [];
    var map = window.VteMap.create(element, { insets: true });
    var url = element.getAttribute("data-territories-url");
    if (url) {
      window.VteMap.territories(map, url).catch(function () { /* the markers still show */ });
    }
    /* Metropolitan France, or the placements there (room above each point for the marker's pin);
       the overseas ones are in the insets. */
    window.VteMap.markers(map, points, { noun: ["commune", "communes"], maxZoom: 9, padding: [30, 50] });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
  document.querySelectorAll(".map[data-points]").forEach(drawMap);
})();
