/* « Mes offres »: the listed offers on a map (clustered markers), the Territoires d'industrie and
   the student's commune with their mobility circle. Data: <script type="application/json" id="carte-donnees">. */
(function () {
  "use strict";

  var element = document.getElementById("carte-offres");
  var source = document.getElementById("carte-donnees");
  if (!element || !source || !window.VteMap || !window.L) { return; }
  var data = JSON.parse(source.textContent || "{}");
  var map = window.VteMap.create(element, { insets: true });
  var territories = element.getAttribute("data-territories-url");
  if (territories) { window.VteMap.territories(map, territories); }

  var home = data.home;
  var circle = null;
  var points = (data.points || []).slice();
  if (home && home.lat != null && home.lon != null) {
    if (home.radius_km) {
      circle = { lat: home.lat, lon: home.lon, radius_km: home.radius_km };
      L.circle([home.lat, home.lon], { radius: home.radius_km * 1000, color: "#000091", weight: 1, fillOpacity: 0.04, className: "mobility-circle", interactive: false }).addTo(map);
    }
    L.circleMarker([home.lat, home.lon], { radius: 8, color: "#000091", weight: 3, fillColor: "#ffffff", fillOpacity: 1, className: "home-marker" })
      .bindTooltip(window.VteMap.text(home.label)).addTo(map);
  }
  window.VteMap.markers(map, data.points || [], { fit: false, noun: ["offre", "offres"] });
  if (home && home.lat != null && home.lon != null) { points.push({ lat: home.lat, lon: home.lon }); }
  /* The mobility circle and the offers in metropolitan France; the overseas ones are in the insets. */
  window.VteMap.frame(map, { circle: circle, points: points, maxZoom: 10 });
})();
