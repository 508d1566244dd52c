/* The offer search page: the map of every offer found (clustered) and the territories.
   data-offer-url is the address of offer 0 (url_for): each marker links to its offer's page. */
(function () {
  "use strict";
  var element = document.getElementById("carte-offres");
  var state = document.getElementById("carte-etat");
  if (!element || !window.L) { return; }
  var offerUrl = element.getAttribute("data-offer-url") || "";
  function pageOf(id) { return offerUrl ? offerUrl.replace(/0$/, String(id)) : null; }
  var map = VteMap.create(element);
  VteMap.territories(map, element.getAttribute("data-territories-url"));
  fetch(element.getAttribute("data-points-url"), { headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (data) {
      var points = data.items.map(function (o) {
        return { lat: o.lat, lon: o.lon, title: o.title, subtitle: o.company, url: pageOf(o.id) };
      });
      var group = VteMap.markers(map, points);
      var panel = element.closest("details");
      if (panel) {
        /* A map drawn while its panel was closed (phones) has no size: measure it again when opened. */
        panel.addEventListener("toggle", function () {
          if (!panel.open) { return; }
          map.invalidateSize();
          if (group && group.getLayers().length) { map.fitBounds(group.getBounds(), { maxZoom: 10 }); }
        });
      }
      var shown = points.length + " offre" + (points.length > 1 ? "s" : "") + " sur la carte";
      state.textContent = data.truncated ? shown + " (les " + points.length + " premières sur " + data.total + ")" : shown;
    })
    .catch(function (error) {
      state.textContent = "La carte n'a pas pu être chargée ; la liste reste complète.";
      if (window.console) { console.error(error); }
    });
})();
