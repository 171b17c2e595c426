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
