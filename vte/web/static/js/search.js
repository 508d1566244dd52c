/* The offer search page: the map of every offer found (clustered), the territories and, around a
   place, the search's circle. data-offer-url is the address of offer 0 (url_for): each marker links
   to its offer's page; data-circle is {lat, lon, radius_km} around a place. */
(function () {
  "use strict";
  var element = document.getElementById("carte-offres");
  var state = document.getElementById("carte-etat");
  if (!element || !window.L) { return; }
  var offerUrl = element.getAttribute("data-offer-url") || "";
  function pageOf(id) { return offerUrl ? offerUrl.replace(/0$/, String(id)) : null; }
  var map = VteMap.create(element, { insets: true });
  var circle = JSON.parse(element.getAttribute("data-circle") || "null");
  if (circle) {
    L.circle([circle.lat, circle.lon], { radius: circle.radius_km * 1000, color: "#000091", weight: 1, fillOpacity: 0.04, className: "search-circle", interactive: false }).addTo(map);
  }
  VteMap.frame(map, { circle: circle });
  VteMap.territories(map, element.getAttribute("data-territories-url"));
  fetch(element.getAttribute("data-points-url"), { headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (data) {
      var points = data.items.map(function (o) {
        return { lat: o.lat, lon: o.lon, title: o.title, subtitle: o.company, url: pageOf(o.id) };
      });
      VteMap.markers(map, points, { fit: false, noun: ["offre", "offres"] });
      /* The search's circle, or its results in metropolitan France (the overseas ones are in the insets). */
      VteMap.frame(map, { circle: circle, points: points, maxZoom: 10 });
      var shown = points.length + " offre" + (points.length > 1 ? "s" : "") + " sur la carte";
      state.textContent = data.truncated ? shown + " (les " + points.length + " premières sur " + data.total + ")" : shown;
    })
    .catch(function (error) {
      state.textContent = "La carte n'a pas pu être chargée ; la liste reste complète.";
      if (window.console) { console.error(error); }
    });
})();
