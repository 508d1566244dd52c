/* The offer page: the mission's commune on a map, with the territories. */
(function () {
  "use strict";
  var element = document.getElementById("carte-offre");
  if (!element || !window.L) { return; }
  var map = VteMap.create(element);
  VteMap.territories(map, element.getAttribute("data-territories-url"));
  var lat = parseFloat(element.getAttribute("data-lat"));
  var lon = parseFloat(element.getAttribute("data-lon"));
  VteMap.markers(map, [{ lat: lat, lon: lon, title: element.getAttribute("data-title") }], { maxZoom: 9 });
})();
