/* Profile page: the mobility radius drawn around the chosen commune, and skill suggestion chips.
   Data comes from data-* attributes (the communes API's address: the autocomplete block's
   data-communes-url); without JavaScript the form works as is. */
(function () {
  "use strict";

  var radiusInput = document.getElementById("f-max_distance_km");
  var statusLine = document.querySelector("[data-mobility-status]");
  var element = document.querySelector("[data-mobility-map]");
  var state = { center: null, place: "" };
  var map = null, circle = null, home = null;

  function radiusKm() {
    var km = radiusInput ? parseFloat(radiusInput.value) : NaN;
    return km > 0 ? km : null;
  }

  function describe() {
    if (!statusLine) { return; }
    var km = radiusKm();
    if (!state.center) {
      statusLine.textContent = "Choisissez votre commune pour voir votre zone de mobilité sur la carte.";
    } else if (km) {
      statusLine.textContent = "Zone de mobilité : " + Math.round(km) + " km autour de " + state.place + ".";
    } else {
      statusLine.textContent = "Sans limite de distance autour de " + state.place + ".";
    }
  }

  function draw() {
    describe();
    if (!map || !state.center) { return; }
    if (!home) {
      home = L.circleMarker(state.center, { radius: 7, color: "#000091", weight: 2, fillColor: "#ffffff", fillOpacity: 1, className: "home-marker" })
        .bindTooltip(window.VteMap.text("Votre commune")).addTo(map);
    } else {
      home.setLatLng(state.center);
    }
    var km = radiusKm();
    if (km) {
      if (!circle) {
        circle = L.circle(state.center, { radius: km * 1000, color: "#000091", weight: 2, fillOpacity: 0.08, className: "mobility-circle" }).addTo(map);
      } else {
        circle.setLatLng(state.center);
        circle.setRadius(km * 1000);
      }
      map.fitBounds(circle.getBounds(), { padding: [10, 10], animate: false });
    } else {
      if (circle) { map.removeLayer(circle); circle = null; }
      map.setView(state.center, 7, { animate: false });
    }
  }

  if (element && window.VteMap && window.L) {
    map = window.VteMap.create(element);
    var territories = element.getAttribute("data-territories-url");
    if (territories) { window.VteMap.territories(map, territories); }
    var lat = parseFloat(element.getAttribute("data-lat"));
    var lon = parseFloat(element.getAttribute("data-lon"));
    if (!isNaN(lat) && !isNaN(lon)) {
      state.center = [lat, lon];
      state.place = element.getAttribute("data-place") || "votre commune";
    }
  }
  draw();

  /* A form sent back with errors keeps the chosen commune (hidden INSEE code, « Nom (code postal) »)
     but not its coordinates: find them again from the postcode. */
  var code = document.querySelector("[data-commune-code]");
  var block = code && code.closest("[data-communes-url]");
  var label = document.getElementById("f-commune_label");
  var postcode = label && /\((\d{5})\)\s*$/.exec(label.value);
  var stored = element ? element.getAttribute("data-code") : "";
  if (code && code.value && code.value !== stored && postcode && block) {
    fetch(block.getAttribute("data-communes-url") + "?limit=20&q=" + postcode[1], { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (data) {
        (data.items || []).forEach(function (item) {
          if (item.code === code.value && item.lat != null) {
            state.center = [item.lat, item.lon];
            state.place = item.name;
            draw();
          }
        });
      })
      .catch(function () { /* the map simply waits for a commune */ });
  }

  document.addEventListener("commune:selected", function (event) {
    var item = event.detail || {};
    if (item.lat == null || item.lon == null) { return; }
    state.center = [item.lat, item.lon];
    state.place = item.name || "votre commune";
    draw();
  });
  if (radiusInput) {
    radiusInput.addEventListener("input", draw);
    radiusInput.addEventListener("change", draw);
  }

  /* Skill suggestions: each chip adds its skill to the comma-separated field, or removes it. */
  var skillsInput = document.querySelector("[data-skills-input]");
  var box = document.querySelector("[data-skill-suggestions]");
  if (!skillsInput || !box) { return; }
  var announce = box.querySelector("[data-skill-status]");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function current() {
    return skillsInput.value.split(/[,;\n]/).map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function sync() {
    var have = current().map(fold);
    box.querySelectorAll("[data-skill]").forEach(function (chip) {
      chip.setAttribute("aria-pressed", have.indexOf(fold(chip.getAttribute("data-skill"))) >= 0 ? "true" : "false");
    });
  }
  box.addEventListener("click", function (event) {
    var chip = event.target.closest("[data-skill]");
    if (!chip) { return; }
    var skill = chip.getAttribute("data-skill");
    var list = current();
    var key = fold(skill);
    var kept = list.filter(function (s) { return fold(s) !== key; });
    if (kept.length === list.length) {
      kept.push(skill);
      announce.textContent = "« " + skill + " » ajoutée à vos compétences.";
    } else {
      announce.textContent = "« " + skill + " » retirée de vos compétences.";
    }
    skillsInput.value = kept.join(", ");
    sync();
  });
  skillsInput.addEventListener("input", sync);
  box.hidden = false;
  sync();
})();
