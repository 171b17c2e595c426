"use strict";
// The interactive API explorer (Swagger UI from the app's own static files). No inline script:
// the schema address and the CSRF token come from data attributes, so the strict CSP holds.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const csrfToken = root.dataset.csrfToken;
  // Swagger UI's own layout wraps the operations in a <main>: a second main landmark inside the
  // page's own. This layout is the same without the title block (the page has its own heading)
  // and with a plain <div> around the operations.
  const ExplorerLayoutPlugin = (system) => {
    const h = system.React.createElement;
    const ExplorerLayout = ({ getComponent, specSelectors }) => {
      const Errors = getComponent("errors", true);
      if (specSelectors.loadingStatus() !== "success") {
        return h("div", { className: "swagger-ui" }, h(Errors, null));
      }
      const AuthorizeBtnContainer = getComponent("AuthorizeBtnContainer", true);
      const Operations = getComponent("operations", true);
      return h(
        "div",
        { className: "swagger-ui" },
        h(getComponent("SvgAssets"), null),
        h(Errors, null),
        specSelectors.securityDefinitions()
          ? h("div", { className: "scheme-container" }, h("div", { className: "schemes wrapper" }, h(AuthorizeBtnContainer, null)))
          : null,
        h("div", { id: "operations", className: "wrapper" }, h(Operations, null)),
      );
    };
    return { components: { ExplorerLayout } };
  };
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [ExplorerLayoutPlugin],
    layout: "ExplorerLayout",
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
