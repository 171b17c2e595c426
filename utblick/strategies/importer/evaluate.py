"""Score the reader against expected answers: `python -m utblick.strategies.importer.evaluate DIR`.

Two layouts of DIR are read:

* a corpus: one `expected.json` mapping each document's name (file name without extension) to its
  answer — `directions` (names), and where the text shows them `adopted_by`, `adopted_on`, `title`.
  A text file that starts with `SOURCE:` and `COMPLETE:` lines is read from its third line.
* the seeds: `NAME.ext` with `NAME.expected.json` beside it (the JSON object `strategy_from_document
  --json` prints; directions as objects with a `name`).

Directions are compared after normalising case, spaces and punctuation, with a tolerance for small
differences (a similarity of at least `TOLERANCE`), one found name per expected name. A field that an
answer leaves out is not judged; one it gives (even as null) must match exactly, case and spaces aside.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .elements import normalise

EXACT_FIELDS = ("title", "adopted_by", "adopted_on")
TOLERANCE = 0.85
#: A title that starts like this kept its letterhead: a page number, a case number, a date.
BAD_TITLE_START = re.compile(r"^(\d|(dnr|ks|kf|rs|rf|diarienummer)\b)", re.IGNORECASE)


@dataclass
class DocumentScore:
    name: str
    expected: int
    found: int
    correct: int
    exact: dict[str, bool | None]  # None: the answer does not give this field
    title: str | None = None
    error: str | None = None
    how: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def bad_title(self) -> bool:
        return bool(self.title and BAD_TITLE_START.match(self.title))


def similar(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    return a == b or SequenceMatcher(None, a, b).ratio() >= TOLERANCE


def matches(expected: list[str], found: list[str]) -> int:
    """How many expected names a found name stands for, each found name used once."""
    left = list(found)
    correct = 0
    for name in expected:
        for candidate in left:
            if similar(name, candidate):
                left.remove(candidate)
                correct += 1
                break
    return correct


def documents(directory: Path) -> list[tuple[str, Path, dict]]:
    """(name, document, answer) for every document of DIR that has an answer."""
    out = []
    corpus = directory / "expected.json"
    answers: dict[str, dict] = json.loads(corpus.read_text(encoding="utf-8")) if corpus.exists() else {}
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.name.endswith(".json") or path.name.lower() == "readme.md":
            continue
        if path.stem in answers:
            out.append((path.stem, path, answers[path.stem]))
            continue
        seed_answer = path.with_name(path.stem + ".expected.json")
        if seed_answer.exists():
            out.append((path.name, path, json.loads(seed_answer.read_text(encoding="utf-8"))))
    return out


def document_source(path: Path) -> io.BytesIO | Path:
    """The document itself: a corpus transcript without its `SOURCE:`/`COMPLETE:` header."""
    data = path.read_bytes()
    if data.startswith(b"SOURCE:"):
        lines = data.split(b"\n")
        if len(lines) > 1 and lines[1].startswith(b"COMPLETE:"):
            data = b"\n".join(lines[2:])
        source = io.BytesIO(data)
        source.name = path.name
        return source
    return path


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def score(name: str, path: Path, expected: dict) -> DocumentScore:
    from . import DocumentImportError, read_document

    want = [d["name"] if isinstance(d, dict) else d for d in expected.get("directions", [])]
    judged = {f: f in expected for f in EXACT_FIELDS}
    try:
        got = read_document(document_source(path), path.name).to_json()
    except DocumentImportError as exc:
        exact = {f: (False if judged[f] else None) for f in EXACT_FIELDS}
        return DocumentScore(name, len(want), 0, 0, exact, error=exc.message)
    found = [d["name"] for d in got["directions"]]
    exact = {f: (_same(got.get(f), expected.get(f)) if judged[f] else None) for f in EXACT_FIELDS}
    return DocumentScore(
        name,
        len(want),
        len(found),
        matches(want, found),
        exact,
        got["title"],
        how=[d["how"] for d in got["directions"]],
    )


def evaluate(directory: Path) -> list[DocumentScore]:
    return [score(name, path, expected) for name, path, expected in documents(directory)]


@dataclass
class Totals:
    recall: float
    precision: float
    rates: dict[str, tuple[int, int]]  # field: (right, judged)
    bad_titles: int
    documents: int


def totals(scores: list[DocumentScore]) -> Totals:
    expected = sum(s.expected for s in scores)
    found = sum(s.found for s in scores)
    correct = sum(s.correct for s in scores)
    rates = {
        f: (sum(1 for s in scores if s.exact[f]), sum(1 for s in scores if s.exact[f] is not None))
        for f in EXACT_FIELDS
    }
    return Totals(
        recall=correct / expected if expected else 1.0,
        precision=correct / found if found else 1.0,
        rates=rates,
        bad_titles=sum(1 for s in scores if s.bad_title),
        documents=len(scores),
    )


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def report(scores: list[DocumentScore]) -> str:
    header = f"{'document':44} {'exp':>3} {'got':>3} {'ok':>3} {'recall':>7} {'precision':>9}  title adopted_by adopted_on  how"
    lines = [header]
    for s in scores:
        how = ",".join(sorted(set(s.how))) or ("none found" if not s.expected else "")
        marks = f"{_mark(s.exact['title']):5} {_mark(s.exact['adopted_by']):10} {_mark(s.exact['adopted_on']):10}"
        lines.append(
            f"{s.name[:44]:44} {s.expected:3} {s.found:3} {s.correct:3} {s.recall:7.0%} {s.precision:9.0%}  {marks}  {how}"
            + (f"  ({s.error})" if s.error else "")
        )
    t = totals(scores)
    rates = "  ".join(
        f"{f} {right}/{judged}" + (f" {right / judged:.0%}" if judged else "") for f, (right, judged) in t.rates.items()
    )
    lines.append(f"overall ({t.documents} documents): recall {t.recall:.0%}, precision {t.precision:.0%}; {rates}")
    lines.append(f"titles starting with a page or case number: {t.bad_titles}")
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
        print(f"{argv[0]}: no document has an expected answer (expected.json or NAME.expected.json)", file=sys.stderr)
        return 2
    print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
