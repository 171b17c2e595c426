// Small enhancements only; every page works without this file.

// A table wider than the screen scrolls sideways; give keyboard users a stop to scroll it with.
// The stop is a region named after the table ("Roller, tabell"): the section around it already
// carries the heading's name, and two landmarks of one name would be indistinguishable.
function labelScrollingTables() {
  const word = document.body.dataset.tableWord || "table";
  const used = new Set();
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    const table = wrap.querySelector("table");
    if (!table) continue;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const caption = table.querySelector("caption");
      const heading = wrap.closest("section")?.querySelector("h2, h3");
      const name = (caption || heading)?.textContent.trim().replace(/\s+/g, " ") || "";
      let label = name ? `${name}, ${word}` : word;
      for (let number = 2; used.has(label); number++) label = `${name ? `${name}, ` : ""}${word} ${number}`;
      used.add(label);
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label);
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
