"""Evaluate the importer against expected answers: `python -m utblick.strategies.importer.evaluate DIR`.

For every document NAME.ext in DIR with NAME.expected.json beside it, compare the importer's output
(the same object `strategy_from_document --json` prints): recall and precision of directions by
normalised name, and exact matches of title, adopting body and adoption date.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .structure import normalise

EXACT_FIELDS = ("title", "adopted_by", "adopted_on")


@dataclass
class DocumentScore:
    name: str
    expected: int
    found: int
    correct: int
    exact: dict[str, bool]
    error: str | None = None

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else (1.0 if not self.expected else 0.0)


def documents(directory: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for path in sorted(directory.iterdir()):
        if path.name.endswith(".expected.json") or not path.is_file():
            continue
        expected = path.with_name(path.stem + ".expected.json")
        if expected.exists():
            pairs.append((path, expected))
    return pairs


def _same(field: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def score(path: Path, expected_path: Path) -> DocumentScore:
    from . import DocumentImportError, read_document

    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    want = {normalise(d["name"]) for d in expected["directions"]}
    try:
        got_json = read_document(path).to_json()
    except DocumentImportError as exc:
        return DocumentScore(path.name, len(want), 0, 0, dict.fromkeys(EXACT_FIELDS, False), error=exc.message)
    got = {normalise(d["name"]) for d in got_json["directions"]}
    exact = {f: _same(f, got_json.get(f), expected.get(f)) for f in EXACT_FIELDS}
    return DocumentScore(path.name, len(want), len(got), len(want & got), exact)


def evaluate(directory: Path) -> list[DocumentScore]:
    return [score(path, expected) for path, expected in documents(directory)]


def report(scores: list[DocumentScore]) -> str:
    lines = [f"{'document':40} {'recall':>7} {'precision':>9}  " + "  ".join(EXACT_FIELDS)]
    for s in scores:
        marks = "  ".join(("yes" if s.exact[f] else "NO").ljust(len(f)) for f in EXACT_FIELDS)
        lines.append(
            f"{s.name[:40]:40} {s.recall:7.0%} {s.precision:9.0%}  {marks}" + (f"  ({s.error})" if s.error else "")
        )
    expected = sum(s.expected for s in scores)
    found = sum(s.found for s in scores)
    correct = sum(s.correct for s in scores)
    recall = correct / expected if expected else 1.0
    precision = correct / found if found else 1.0
    rates = "  ".join(
        f"{f} {sum(s.exact[f] for s in scores) / len(scores):.0%}" if scores else f"{f} -" for f in EXACT_FIELDS
    )
    lines.append(f"{'overall (' + str(len(scores)) + ' documents)':40} {recall:7.0%} {precision:9.0%}  {rates}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m utblick.strategies.importer.evaluate DIR", file=sys.stderr)
        return 2
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    scores = evaluate(Path(argv[0]))
    if not scores:
        print(f"{argv[0]}: no document has a NAME.expected.json beside it", file=sys.stderr)
        return 2
    print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
