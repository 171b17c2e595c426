// Small enhancements only; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-confirm]")) {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  }
});
