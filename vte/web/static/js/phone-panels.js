/* On a phone, the panels marked data-collapse-on-phone (the search filters, the map) start closed,
   so that the results come first; « Filtres » and « Carte des offres » (« Carte » on « Mes offres »)
   open them. A panel holding an error summary stays open. Without JavaScript every panel stays open. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 40em)").matches) { return; }
  document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (panel) {
    if (!panel.querySelector(".error-summary")) { panel.removeAttribute("open"); }
  });
})();
