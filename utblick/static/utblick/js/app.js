// Small enhancements only; every page works without this file.

// A table wider than the screen scrolls sideways; give keyboard users a stop to scroll it with.
function labelScrollingTables() {
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    const table = wrap.querySelector("table");
    if (!table) continue;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const caption = table.querySelector("caption");
      const heading = wrap.closest("section")?.querySelector("h2, h3");
      const label = (caption || heading)?.textContent.trim();
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (label) wrap.setAttribute("aria-label", label);
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-confirm]")) {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  }
  labelScrollingTables();
  window.addEventListener("resize", labelScrollingTables);
});
