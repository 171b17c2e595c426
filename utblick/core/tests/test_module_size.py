"""No module grows past 600 lines: a module that does is split by responsibility (docs/architecture.md)."""

from pathlib import Path

from django.conf import settings

LIMIT = 600


def test_no_module_outside_migrations_and_tests_is_longer_than_600_lines():
    root = Path(settings.BASE_DIR)
    long = []
    for folder in ("utblick", "config", "tools"):
        for path in (root / folder).rglob("*.py"):
            if {"migrations", "tests"} & set(path.parts):
                continue
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > LIMIT:
                long.append(f"{path.relative_to(root)}: {lines} lines")
    assert long == [], "Split these by responsibility:\n" + "\n".join(long)
