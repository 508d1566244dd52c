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
    var map = window.VteMap.create(element);
    fetch(element.getAttribute("data-territories-url"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson) { return; }
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var value = activity[feature.properties.name] || 0;
            return { color: "#000091", weight: 1, fillColor: COLOURS[classOf(value, max)], fillOpacity: 0.75 };
          },
          onEachFeature: function (feature, shape) {
            var value = activity[feature.properties.name] || 0;
            shape.bindTooltip(window.VteMap.text(feature.properties.name + " : " + value + " candidatures et embauches"), { sticky: true });
          }
        }).addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds()); }
      })
      .catch(function () { /* the table still gives the figures */ });
  }

  document.querySelectorAll(".map[data-activity]").forEach(draw);
})();
