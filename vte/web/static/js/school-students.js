/* School's students list: a click anywhere on a student's row opens the student, as the link on
   their name does (the link stays the way in for the keyboard and screen readers). */
(function () {
  "use strict";

  document.querySelectorAll("tr[data-row-link]").forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button, input, select, textarea, summary")) { return; }
      if (window.getSelection && String(window.getSelection())) { return; } /* selecting text */
      var link = row.querySelector("a[href]");
      if (link) { window.location.assign(link.href); }
    });
  });
})();
