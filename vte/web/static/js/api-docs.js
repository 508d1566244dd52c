/* Starts Swagger UI on /api/docs from the container's data-spec-url and data-config (JSON), so
   that the page needs no inline script (Content-Security-Policy: script-src 'self'). */
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui-container");
  if (!container || !window.SwaggerUIBundle) { return; }
  var config = { url: container.getAttribute("data-spec-url"), dom_id: "#swagger-ui-container" };
  var extra = JSON.parse(container.getAttribute("data-config") || "{}");
  Object.keys(extra).forEach(function (key) { config[key] = extra[key]; });
  window.ui = window.SwaggerUIBundle(config);
}());
