/* Invitations page: a « Copier le lien » button next to each sign-up link (the link stays in a
   read-only field that can be selected and copied by hand without JavaScript). */
(function () {
  "use strict";

  var status = document.querySelector("[data-copy-status]");

  function say(message) {
    if (status) { status.textContent = message; }
  }

  document.querySelectorAll("[data-copy-source]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = "Lien copié";
        say("Lien d'inscription copié dans le presse-papiers.");
      }, function () {
        input.focus();
        say("Copie impossible : le lien est sélectionné, copiez-le avec Ctrl+C.");
      });
    });
  });
})();
