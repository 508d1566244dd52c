/* The operator's map: Territoires d'industrie coloured by activity (applications + hires), four
   classes from the data; the table of the page is the accessible alternative. */
(function () {
  "use strict";

  var COLOURS = ["#e3e3fd", "#a6a6f0", "#6a6af4", "#000091"];

  function readJson(id) {
    var element = id && document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function classOf(value, max) {
    if (!value || !max) { return 0; }
    return Math.min(COLOURS.length - 1, Math.floor((value / max) * COLOURS.length));
  }

  function draw(element) {
    if (!window.VteMap || !window.L) { return; }
    var activity = readJson(element.getAttribute("data-activity")) || {};
    var max = Object.keys(activity).reduce(function (m, k) { return Math.max(m, activity[k]); }, 0);
    var map = window.VteMap.create(element, { insets: true });
    window.VteMap.territories(map, element.getAttribute("data-territories-url"), {
      style: function (feature) {
        var value = activity[feature.properties.name] || 0;
        return { color: "#000091", weight: 1, fillColor: COLOURS[classOf(value, max)], fillOpacity: 0.75 };
      },
      label: function (feature) {
        return feature.properties.name + " : " + (activity[feature.properties.name] || 0) + " candidatures et embauches";
      }
    }).catch(function () { /* the table still gives the figures */ });
  }

  document.querySelectorAll(".map[data-activity]").forEach(draw);
})();
