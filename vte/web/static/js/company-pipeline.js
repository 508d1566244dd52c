/* Applications pipeline (an offer's page): drag and drop a card to a column as an extra to the
   buttons, which stay the keyboard and no-JavaScript way. Only the columns of the legal next
   statuses (the card's data-next) accept the drop; the move is posted to the JSON API (the card's
   data-transition-url, header X-CSRFToken), then the page is reloaded from the server and the
   result announced in the status line (emptied, then filled a moment later, so that screen
   readers announce it even when the text is the same as before). */
(function () {
  "use strict";
  var board = document.querySelector("[data-pipeline]");
  var line = document.getElementById("pipeline-status");
  if (!board || !line || !window.fetch) { return; }
  var KEY = "vte-pipeline-message";
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var dragged = null;
  var pending = null;

  function say(message) {
    clearTimeout(pending);
    line.textContent = "";
    pending = setTimeout(function () { line.textContent = message; }, 100);
  }

  /* After the reload: the message is shown at once, and changed a moment later (a no-break space
     added) because a live region's content present when the page loads is not announced. */
  try {
    var saved = window.sessionStorage.getItem(KEY);
    if (saved) {
      window.sessionStorage.removeItem(KEY);
      line.textContent = saved;
      pending = setTimeout(function () { line.textContent = saved + "\u00a0"; }, 100);
    }
  } catch (e) { /* storage disabled: no message to carry */ }

  function accepts(column) {
    return dragged !== null && dragged.getAttribute("data-next").split(" ").indexOf(column.getAttribute("data-status")) !== -1;
  }

  function highlight(on) {
    board.querySelectorAll(".pipeline-column").forEach(function (column) {
      column.classList.toggle("drop-target", on && accepts(column));
    });
  }

  function move(card, column) {
    var name = card.getAttribute("data-name");
    say("Déplacement de la candidature de " + name + "…");
    fetch(card.getAttribute("data-transition-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ to: column.getAttribute("data-status") })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) {
        say((result.body.error && result.body.error.message) || "Déplacement impossible.");
        return;
      }
      try {
        window.sessionStorage.setItem(KEY, "Candidature : " + name + ", statut « " + result.body.status_label + " ».");
      } catch (e) { /* the page still shows the new column */ }
      window.location.assign(board.getAttribute("data-offer-url"));
    }).catch(function () {
      say("Déplacement impossible : vérifiez votre connexion et réessayez.");
    });
  }

  board.querySelectorAll(".pipeline-card[data-next]").forEach(function (card) {
    if (!card.getAttribute("data-next") || !card.getAttribute("data-transition-url")) { return; }
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      card.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-application-id"));
      highlight(true);
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("dragging");
      highlight(false);
      dragged = null;
    });
  });

  board.querySelectorAll(".pipeline-column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (accepts(column)) { event.preventDefault(); event.dataTransfer.dropEffect = "move"; }
    });
    column.addEventListener("drop", function (event) {
      if (!accepts(column)) { return; }
      event.preventDefault();
      var card = dragged;
      highlight(false);
      if (column.getAttribute("data-status") === "rejected" &&
          !window.confirm("Refuser la candidature de " + card.getAttribute("data-name") + " ? Ce statut est définitif.")) {
        return;
      }
      move(card, column);
    });
  });
})();
