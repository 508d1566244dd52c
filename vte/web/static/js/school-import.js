/* CSV import: sends the form with XMLHttpRequest to show the upload's progress (a <progress>
   bar and « Import en cours… » in a role=status line), then shows the result from the server's
   page without reloading. Any other answer (the sign-in page after a redirect, an error page) is
   opened as a page of its own, by navigation, so that focus and history behave as usual.
   Without JavaScript the plain form POST does the same. */
(function () {
  "use strict";

  var zone = document.querySelector("[data-import-zone]");
  var progressBox = document.querySelector("[data-import-progress]");
  var bar = progressBox && progressBox.querySelector("progress");
  var status = document.querySelector("[data-import-status]");
  if (!zone || !bar || !status || !window.FormData || !window.XMLHttpRequest || !window.DOMParser) { return; }

  function say(message) { status.textContent = message; }

  function finish() {
    progressBox.hidden = true;
    /* The result is on the page now: the status line stays for screen readers only. */
    status.classList.add("visually-hidden");
  }

  function withoutHash(url) { return String(url || "").split("#")[0]; }

  /* Not the import page: a redirect (e.g. to the sign-in page) is followed; any other answer (an
     error page) comes back from sending the form the ordinary way. */
  function open(form, xhr) {
    say("Import en cours… ouverture de la réponse du serveur.");
    if (xhr.responseURL && withoutHash(xhr.responseURL) !== withoutHash(form.action)) {
      window.location.assign(xhr.responseURL);
    } else {
      HTMLFormElement.prototype.submit.call(form);
    }
  }

  function show(doc, httpStatus) {
    var fresh = doc.querySelector("[data-import-zone]");
    zone.innerHTML = fresh.innerHTML;
    document.title = doc.title;
    var summary = zone.querySelector("[data-import-summary]");
    var errors = zone.querySelector(".error-summary");
    if (summary) {
      say(summary.getAttribute("data-import-summary"));
    } else if (errors) {
      say("L'import n'a pas pu démarrer : voir les erreurs du formulaire.");
    } else {
      say(httpStatus < 400 ? "Import terminé." : "L'import a échoué.");
    }
    var focusTarget = zone.querySelector("#resultat-titre") || errors;
    if (focusTarget) { focusTarget.focus(); }
  }

  zone.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-import-form]")) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "text/html");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable && e.total) { bar.value = Math.round(100 * e.loaded / e.total); }
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      say("Import en cours… fichier envoyé, vérification des lignes.");
    });
    xhr.addEventListener("load", function () {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      if (!doc.querySelector("[data-import-zone]")) { open(form, xhr); return; }
      finish();
      show(doc, xhr.status);
    });
    xhr.addEventListener("error", function () {
      progressBox.hidden = true;
      if (button) { button.disabled = false; }
      form.removeAttribute("aria-busy");
      say("L'envoi a échoué : vérifiez votre connexion et réessayez.");
    });
    bar.value = 0;
    progressBox.hidden = false;
    status.classList.remove("visually-hidden");
    if (button) { button.disabled = true; }
    form.setAttribute("aria-busy", "true");
    say("Import en cours…");
    xhr.send(data);
  });
})();
