/* Leaflet helpers shared by the pages with a map. No tile server is needed: without a configured
   tile URL (VTE_MAP_TILE_URL) the map shows the départements (data-background-url), the main towns'
   names (data-towns-url: the préfectures), the Territoires d'industrie and the markers, so the
   service works offline. A map opens on metropolitan France, or frames its circle and its points
   in metropolitan France; the overseas départements are small inset maps under it (option
   insets). The controls speak French; the territories are shaded, with a dotted outline (not told
   apart by colour only), and named in a tooltip. The Leaflet map is the container's `vteMap`. */
window.VteMap = (function () {
  "use strict";

  var METRO = [[41.3, -5.2], [51.1, 9.6]];
  var METRO_BOX = L.latLngBounds(METRO).pad(0.05);
  var OVERSEAS = [
    { code: "971", name: "Guadeloupe", bounds: [[15.83, -61.81], [16.52, -61.0]] },
    { code: "972", name: "Martinique", bounds: [[14.39, -61.23], [14.88, -60.81]] },
    { code: "973", name: "Guyane", bounds: [[2.11, -54.6], [5.75, -51.63]] },
    { code: "974", name: "La Réunion", bounds: [[-21.39, 55.21], [-20.87, 55.84]] },
    { code: "976", name: "Mayotte", bounds: [[-13.0, 45.01], [-12.64, 45.3]] }
  ];
  var MINOR_TOWNS_ZOOM = 7; /* the préfectures of départements; the régions' are always named */

  var TERRITORY_STYLE = { color: "#000091", weight: 1.5, dashArray: "4 3", fillColor: "#6a6af4", fillOpacity: 0.15 };
  var BACKGROUND_STYLE = { color: "#9a9aaa", weight: 1, fillColor: "#ffffff", fillOpacity: 1 };

  var requests = {};

  /* One request per address and page, however many maps draw it. */
  function json(url) {
    if (!requests[url]) {
      requests[url] = fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; });
    }
    return requests[url];
  }

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

  /* The layers every map and inset shows under its data: départements (without tiles) and towns. */
  function base(map, element) {
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || "" }).addTo(map);
    } else {
      background(map, element.getAttribute("data-background-url"));
      towns(map, element.getAttribute("data-towns-url"));
    }
  }

  function create(element, options) {
    options = options || {};
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, attributionControl: true, minZoom: 4, maxZoom: 18 });
    element.vteMap = map;
    map.vteInsets = [];
    frenchControls(map);
    map.fitBounds(METRO, { animate: false });
    base(map, element);
    if (options.insets) { insets(map, element); }
    var panel = element.closest("details");
    if (panel) {
      /* A map drawn while its panel was closed (phones) has no size: measure it again when opened. */
      panel.addEventListener("toggle", function () { if (panel.open) { frame(map); } });
    }
    return map;
  }

  /* Offline background: the départements, under everything else. */
  function background(map, url) {
    if (!url) { return; }
    map.createPane("background");
    map.getPane("background").style.zIndex = 250;
    json(url).then(function (geojson) {
      if (geojson) { L.geoJSON(geojson, { pane: "background", interactive: false, style: BACKGROUND_STYLE }).addTo(map); }
    });
  }

  /* The préfectures' names (permanent tooltips, not markers), above the territories and under the
     markers; those of the départements only from MINOR_TOWNS_ZOOM on. Nothing to focus or click. */
  function towns(map, url) {
    if (!url) { return; }
    map.createPane("towns");
    map.getPane("towns").style.zIndex = 450;
    map.getPane("towns").style.pointerEvents = "none";
    json(url).then(function (geojson) {
      if (!geojson) { return; }
      var major = L.layerGroup().addTo(map);
      var minor = L.layerGroup();
      geojson.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var label = L.tooltip({ permanent: true, direction: "right", className: "town-label", pane: "towns", interactive: false })
          .setLatLng([c[1], c[0]]).setContent(text(feature.properties.name));
        (feature.properties.rank === 1 ? major : minor).addLayer(label);
      });
      function update() {
        if (map.getZoom() >= MINOR_TOWNS_ZOOM) { minor.addTo(map); } else { minor.remove(); }
      }
      map.on("zoomend", update);
      update();
    });
  }

  /* The overseas départements: a list of small fixed maps under the main one, each named. */
  function insets(map, element) {
    var list = document.createElement("ul");
    list.className = "map-insets";
    list.setAttribute("aria-label", "Départements d'outre-mer");
    element.insertAdjacentElement("afterend", list);
    OVERSEAS.forEach(function (place) {
      var item = document.createElement("li");
      item.className = "map-inset";
      var box = document.createElement("div");
      box.className = "map-inset-map";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Carte de " + place.name);
      var caption = document.createElement("p");
      caption.className = "map-inset-name";
      caption.textContent = place.name;
      item.appendChild(box);
      item.appendChild(caption);
      list.appendChild(item);
      var inset = L.map(box, {
        zoomControl: false, attributionControl: false, dragging: false, touchZoom: false, scrollWheelZoom: false,
        doubleClickZoom: false, boxZoom: false, keyboard: false, zoomSnap: 0
      });
      inset.fitBounds(place.bounds, { animate: false });
      base(inset, element);
      inset.vtePlace = place;
      inset.vteCaption = caption;
      map.vteInsets.push(inset);
    });
  }

  function territories(map, url, options) {
    options = options || {};
    return json(url).then(function (geojson) {
      if (!geojson) { return null; }
      var style = options.style || TERRITORY_STYLE;
      var layer = null;
      [map].concat(map.vteInsets).forEach(function (target) {
        var drawn = L.geoJSON(geojson, {
          style: style,
          interactive: target === map,
          onEachFeature: target === map ? function (feature, shape) {
            var name = options.label ? options.label(feature) : "Territoire d'industrie " + feature.properties.name;
            shape.bindTooltip(text(name), { sticky: true });
          } : null
        }).addTo(target);
        drawn.bringToBack();
        if (target === map) { layer = drawn; }
      });
      return layer;
    });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function inMetro(point) {
    return point.lat != null && point.lon != null && METRO_BOX.contains([point.lat, point.lon]);
  }

  function spansMostOfFrance(bounds) {
    var france = L.latLngBounds(METRO);
    return bounds.getNorth() - bounds.getSouth() > (france.getNorth() - france.getSouth()) / 2 ||
      bounds.getEast() - bounds.getWest() > (france.getEast() - france.getWest()) / 2;
  }

  /* Opens `map` on its circle ({lat, lon, radius_km}) and its points in metropolitan France, or on
     metropolitan France when it has neither or when the points are spread over most of it
     (overseas points are in the insets). Remembered, so
     that a map opened later (phones) is framed again. */
  function frame(map, options) {
    if (options) { map.vteFrame = options; }
    options = map.vteFrame || {};
    map.invalidateSize();
    var bounds = null;
    var c = options.circle;
    if (c && c.lat != null && c.lon != null && c.radius_km) {
      bounds = L.latLng(c.lat, c.lon).toBounds(c.radius_km * 2000);
    }
    /* With insets, the overseas points are there; without, the map goes to them. */
    var points = (options.points || []).filter(map.vteInsets.length ? inMetro : function (p) { return p.lat != null && p.lon != null; });
    points.forEach(function (p) {
      bounds = bounds ? bounds.extend([p.lat, p.lon]) : L.latLngBounds([[p.lat, p.lon], [p.lat, p.lon]]);
    });
    if (bounds && !c && spansMostOfFrance(bounds)) { bounds = null; } /* then all of it, Corsica included */
    if (bounds) {
      map.fitBounds(bounds, { padding: options.padding || [20, 20], maxZoom: options.maxZoom || 11, animate: false });
    } else {
      map.fitBounds(METRO, { animate: false });
    }
    map.vteInsets.forEach(function (inset) {
      inset.invalidateSize();
      inset.fitBounds(inset.vtePlace.bounds, { animate: false });
    });
  }

  function marker(p) {
    var pin = L.marker([p.lat, p.lon], { title: p.title, alt: p.title, keyboard: true });
    var box = document.createElement("div");
    box.appendChild(p.url ? link(p.url, p.title) : document.createTextNode(p.title));
    if (p.subtitle) { var small = document.createElement("p"); small.textContent = p.subtitle; box.appendChild(small); }
    pin.bindPopup(box);
    return pin;
  }

  /* points: [{lat, lon, title, subtitle, url}] -> a clustered layer; frames the map on them unless
     options.fit is false. The points of an overseas département are also in its inset, whose
     caption counts them (options.noun: ["offre", "offres"]). */
  function markers(map, points, options) {
    options = options || {};
    var located = points.filter(function (p) { return p.lat != null && p.lon != null; });
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    located.forEach(function (p) { group.addLayer(marker(p)); });
    group.addTo(map);
    var noun = options.noun || ["lieu", "lieux"];
    map.vteInsets.forEach(function (inset) {
      var area = L.latLngBounds(inset.vtePlace.bounds).pad(0.5);
      var here = located.filter(function (p) { return area.contains([p.lat, p.lon]); });
      here.forEach(function (p) { marker(p).addTo(inset); });
      inset.vteCaption.textContent = inset.vtePlace.name +
        (here.length ? " : " + here.length + " " + noun[here.length > 1 ? 1 : 0] : "");
    });
    if (options.fit !== false) { frame(map, { points: located, maxZoom: options.maxZoom, padding: options.padding }); }
    return group;
  }

  return { create: create, territories: territories, markers: markers, frame: frame, text: text };
})();
