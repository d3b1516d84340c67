// Starts Swagger UI on /docs from files this server ships (no CDN, no inline script: the page's CSP allows neither).
(function () {
  "use strict";
  var url = (document.currentScript && document.currentScript.dataset.openapi) || "/openapi.json";
  window.addEventListener("DOMContentLoaded", function () {
    if (typeof window.SwaggerUIBundle !== "function") return; // the page keeps its link to the OpenAPI file
    window.ui = window.SwaggerUIBundle({
      url: url,
      dom_id: "#swagger-ui",
      deepLinking: true,
      layout: "BaseLayout",
      presets: [window.SwaggerUIBundle.presets.apis]
    });
  });
})();
