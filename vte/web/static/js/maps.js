/* Leaflet helpers shared by the pages with a map. No tile server is needed: without a configured
   tile URL (VTE_MAP_TILE_URL) the map shows the Territoires d'industrie contours and the markers
   on a plain background (the départements from the element's data-background-url), so the service
   works offline. The controls speak French; the territories are shaded, with a dotted outline
   (not told apart by colour only), and named in a tooltip. */
window.VteMap = (function () {
  "use strict";

  var FRANCE = [[41.2, -5.3], [51.2, 9.7]];

  var TERRITORY_STYLE = { color: "#000091", weight: 1.5, dashArray: "4 3", fillColor: "#6a6af4", fillOpacity: 0.15 };

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  /* Leaflet's English labels, in French. */
  function frenchControls(map) {
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    if (map.attributionControl) {
      var prefix = document.createElement("a");
      prefix.href = "https://leafletjs.com";
      prefix.title = "Bibliothèque JavaScript de cartes interactives";
      prefix.textContent = "Leaflet";
      map.attributionControl.setPrefix(prefix.outerHTML);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "Fermer la fenêtre");
        close.setAttribute("title", "Fermer la fenêtre");
      }
    });
  }

  function create(element) {
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, attributionControl: true, minZoom: 4, maxZoom: 18 });
    frenchControls(map);
    map.fitBounds(FRANCE);
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || "" }).addTo(map);
    } else {
      background(map, element.getAttribute("data-background-url"));
    }
    return map;
  }

  /* Offline background: the départements (approximate contours), under everything else. */
  function background(map, url) {
    if (!url) { return; }
    map.createPane("background");
    map.getPane("background").style.zIndex = 250;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson) { return; }
        L.geoJSON(geojson, {
          pane: "background", interactive: false,
          style: { color: "#9a9aaa", weight: 1, fillColor: "#ffffff", fillOpacity: 1 }
        }).addTo(map);
      });
  }

  function territories(map, url) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson) { return null; }
        var layer = L.geoJSON(geojson, {
          style: TERRITORY_STYLE,
          onEachFeature: function (feature, shape) {
            shape.bindTooltip(text("Territoire d'industrie " + feature.properties.name), { sticky: true });
          }
        }).addTo(map);
        layer.bringToBack();
        return layer;
      });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* points: [{lat, lon, title, subtitle, url}] -> a clustered layer; fits the map to them. */
  function markers(map, points, options) {
    options = options || {};
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    points.forEach(function (p) {
      if (p.lat == null || p.lon == null) { return; }
      var marker = L.marker([p.lat, p.lon], { title: p.title, alt: p.title, keyboard: true });
      var box = document.createElement("div");
      box.appendChild(p.url ? link(p.url, p.title) : document.createTextNode(p.title));
      if (p.subtitle) { var small = document.createElement("p"); small.textContent = p.subtitle; box.appendChild(small); }
      marker.bindPopup(box);
      group.addLayer(marker);
    });
    group.addTo(map);
    if (options.fit !== false && group.getLayers().length) {
      map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: options.maxZoom || 11 });
    }
    return group;
  }

  return { create: create, territories: territories, markers: markers, text: text };
})();
