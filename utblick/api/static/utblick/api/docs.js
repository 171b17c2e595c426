"use strict";
// The interactive API explorer (Swagger UI from the app's own static files). No inline script:
// the schema address and the CSRF token come from data attributes, so the strict CSP holds.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const csrfToken = root.dataset.csrfToken;
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: false,
    validatorUrl: null,
    withCredentials: true,
    docExpansion: "none",
    defaultModelsExpandDepth: -1,
    requestInterceptor: (request) => {
      if (request.method && request.method.toUpperCase() !== "GET" && csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
});
