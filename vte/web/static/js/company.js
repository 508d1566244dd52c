/* Company pages (progressive enhancement: every action works without JavaScript).
   - forms with data-confirm ask before a final action (closing an offer, refusing an application);
   - the offer editor's preview shows the Territoire d'industrie of a commune as soon as it is picked
     in the autocomplete (the server computes the full preview with the « Aperçu du matching » button). */
(function () {
  "use strict";

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  var territory = document.querySelector("[data-preview-territory]");
  var editor = document.querySelector(".offer-form");
  if (territory && editor) {
    editor.addEventListener("commune:selected", function (event) {
      var item = event.detail || {};
      var text = "Commune : " + item.name + ". ";
      if (item.territory && item.territory.name) {
        territory.textContent = text + "Territoire d'industrie : ";
        var strong = document.createElement("strong");
        strong.textContent = item.territory.name;
        territory.appendChild(strong);
        territory.appendChild(document.createTextNode(" — le critère « Territoire d'industrie » du score s'applique."));
      } else if (item.territory_known) {
        territory.textContent = text + "Hors Territoire d'industrie.";
      } else {
        territory.textContent = text + "Territoire d'industrie inconnu (aucune liste chargée).";
      }
    });
  }
})();
