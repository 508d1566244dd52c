/* A form's error summary (_macros.html `errors_summary`), loaded right after it: the summary takes
   the keyboard focus when the page opens, so a screen reader reads it and the next Tab reaches its
   first link; each link then moves the focus to its field: the field itself, the control described
   by an error message (the commune autocomplete's `f-location`), or the first choice of a group. */
(function () {
  "use strict";

  var script = document.currentScript;
  var summary = script && script.previousElementSibling;
  if (!summary || !summary.classList.contains("error-summary")) { summary = document.getElementById("erreurs"); }
  if (!summary || summary.getAttribute("data-error-summary-ready")) { return; }
  summary.setAttribute("data-error-summary-ready", "true");

  function quoted(id) { return window.CSS && CSS.escape ? CSS.escape(id) : id; }

  var CONTROLS = "input:not([type=hidden]), select, textarea, button";

  function controlFor(target) {
    if (target.matches(CONTROLS)) { return target; }
    var owner = target.id && document.querySelector('[aria-describedby~="' + quoted(target.id) + '"]');
    var group = owner || target;
    if (group.matches(CONTROLS)) { return group; }
    return group.querySelector("input:checked:not([type=hidden])") || group.querySelector(CONTROLS);
  }

  function captionFor(control) {
    var group = control.closest("fieldset");
    if (control.id) {
      var label = document.querySelector('label[for="' + quoted(control.id) + '"]');
      if (label) { return label; }
    }
    return (group && group.querySelector("legend")) || control.closest("label") || control;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    var control = target && controlFor(target);
    if (!control) { return; }
    event.preventDefault();
    captionFor(control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });

  function focusSummary() {
    var current = document.activeElement;
    if (current && current !== summary && current.classList.contains("error-summary")) { return; }
    summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
  /* The scroll to the address's #fragment (a form sent back to #its-section) resets the focus
     when the page has loaded: take it again if nothing else has it. */
  window.addEventListener("load", function () {
    var current = document.activeElement;
    if (!current || current === document.body) { focusSummary(); }
  });
})();
