"""The four seed strategies, shipped as strategy files and loaded by ``load_demo``.

A file is imported only when the database holds something else than its content (an export
of the stored strategy differs from the file), so a second ``load_demo`` writes nothing.
"""

from pathlib import Path
from typing import TextIO

from .files import strategy_export, strategy_import
from .models import Strategy

FILES = Path(__file__).parent / "demo_strategies"


def load(stdout: TextIO | None = None) -> None:
    for path in sorted(FILES.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        slug = next(line.split("=", 1)[1].strip().strip('"') for line in text.splitlines() if line.startswith("slug"))
        existing = Strategy.objects.filter(slug=slug).first()
        if existing is not None and strategy_export(existing, organisation=None) == text:
            continue
        strategy_import(text, user=None)  # the seed files are the administrator's
        if stdout:
            stdout.write(f"Strategy loaded: {path.name}\n")
