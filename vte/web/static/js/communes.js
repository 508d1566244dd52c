/* Commune autocomplete for every [data-commune-autocomplete] block (see _macros.html `commune`).
   Progressive enhancement: without JavaScript the typed text is resolved by the server.
   Fires `commune:selected` on the block with {code, name, lat, lon, territory} when a commune is picked.
   The API's address is the block's data-communes-url; its role=status line [data-commune-status]
   announces how many communes the list proposes after each search. */
(function () {
  "use strict";

  function label(item) {
    var postcode = item.postcodes && item.postcodes.length ? " (" + item.postcodes[0] + ")" : "";
    return item.name + postcode;
  }

  function setup(block) {
    var input = block.querySelector("input[role=combobox]");
    var hidden = block.querySelector("[data-commune-code]");
    var list = block.querySelector("[role=listbox]");
    var status = block.querySelector("[data-commune-status]");
    var url = block.getAttribute("data-communes-url");
    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("li");
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) { return; }
      input.value = label(item);
      hidden.value = item.code;
      close();
      block.dispatchEvent(new CustomEvent("commune:selected", { bubbles: true, detail: item }));
    }

    function render() {
      list.innerHTML = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var dep = item.departement && item.departement.name ? " — " + item.departement.name : "";
        li.textContent = label(item) + dep;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
    }

    /* The same count twice in a row is still announced: the text changes by a no-break space. */
    function announce(text) {
      if (!status) { return; }
      status.textContent = text && status.textContent === text ? text + "\u00a0" : text;
    }

    function count(n) {
      if (n === 0) { return "Aucune commune trouvée"; }
      return n === 1 ? "1 commune proposée" : n + " communes proposées";
    }

    function fetchItems() {
      var q = input.value.trim();
      if (q.length < 2 || q === lastQuery) {
        if (q.length < 2) { lastQuery = ""; items = []; render(); announce(""); }
        return;
      }
      lastQuery = q;
      fetch(url + "?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) {
          if (q !== input.value.trim()) { return; }
          items = data.items || [];
          render();
          announce(count(items.length));
        })
        .catch(function () {
          items = [];
          render();
          announce("La liste des communes n'a pas pu être chargée.");
        });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(fetchItems, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("[data-commune-autocomplete][data-communes-url]").forEach(setup);
})();
