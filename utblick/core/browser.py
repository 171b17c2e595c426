"""axe-core in Chromium: the accessibility check every page passes (WCAG 2.1 A and AA)."""

from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def assert_accessible(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        lines = [f"{page.url}: {results.violations_count} accessibility violation(s)"]
        for violation in results.response["violations"]:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"- {violation['id']}: {violation['help']} -> {targets}")
        raise AssertionError("\n".join(lines))


# Every visible checkbox has its label on the same line, just after the box ("☐ Kom ihåg mig").
CHECKBOX_PROBLEMS = """() => [...document.querySelectorAll('input[type=checkbox]')]
  .filter((box) => box.offsetParent !== null)
  .map((box) => {
    const name = box.id || box.name;
    const label = box.labels && box.labels[0];
    if (!label) return `${name}: no label`;
    if (label.contains(box)) return null;  // "<label><input> text</label>": the text follows the box
    const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
    const sameLine = l.top < b.bottom && l.bottom > b.top;
    return sameLine && l.left >= b.right - 1 ? null : `${name}: its label "${label.textContent.trim()}" is not beside the box`;
  })
  .filter(Boolean)"""


def checkbox_problems(page: Any) -> list[str]:
    return list(page.evaluate(CHECKBOX_PROBLEMS))
