"""Benchmarks of the scanning desk (``make bench``; ``python -m utblick.watch.bench``).

1. Matching: 10,000 items × 3,000 profiles, BM25 with reasons (target ≤ 5 s). The items are
   synthetic stem lists with a Zipf-like vocabulary, as ``ItemTerms`` stores them; the timed part
   is what ``matches_refresh`` does in memory: build the index from the stored terms, rank every
   profile and explain its best matches.
2. Streaming import of the portal's reference file: 200,000 synthetic objects written to a
   temporary file and imported by ``watch_import`` into a fresh SQLite database in a child
   process, whose peak memory (max RSS) is reported (target < 300 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MATCH_TARGET_SECONDS = 5.0
MEMORY_TARGET_MB = 300
ROOT = Path(__file__).resolve().parents[2]


def _vocabulary(size: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvyäö"
    rng = random.Random(1)
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 11))) for _ in range(size)]


def bench_matching(items: int, profiles: int, seed: int = 2026) -> dict:
    from utblick.watch.matching import Document, Index, Phrase, Query

    rng = random.Random(seed)
    vocabulary = _vocabulary(30_000)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))]
    programmes = ["life", "horizon", "erasmus", "interreg", "cerv", "creative_europe", "amif", "esf", "digital", ""]
    stored = []
    for number in range(items):
        stems = rng.choices(vocabulary, weights=weights, k=rng.randint(60, 320))
        stored.append((number + 1, f" {' '.join(stems)} ", rng.choice(programmes), rng.choice([0, 0, 0, 1, 2, 3])))
    content = vocabulary[40:9000]
    queries = []
    for _ in range(profiles):
        keywords = []
        for _keyword in range(rng.randint(3, 12)):
            words = tuple(
                (rng.choice(content),) if rng.random() < 0.4 else (rng.choice(content), rng.choice(content))
                for _ in range(rng.randint(1, 3))
            )
            keywords.append(Phrase(" ".join(w[0] for w in words), words, tuple(w[0] for w in words)))
        directions = [("direction", Phrase(d, ((d,),), (d,))) for d in rng.sample(content[:2000], rng.randint(0, 2))]
        chosen = rng.sample(programmes[:-1], rng.randint(0, 3))
        queries.append((rng.choice([1, 2, 3]), Query(keywords, {key: key for key in chosen}, directions)))
    started, cpu = time.perf_counter(), time.process_time()
    index = Index(Document(item_id, terms.split(), programme, owner) for item_id, terms, programme, owner in stored)
    built = time.perf_counter() - started
    matches = sum(len(index.rank(query, owner=owner)) for owner, query in queries)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "items": items,
        "profiles": profiles,
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "index_seconds": round(built, 2),
        "matches": matches,
    }


def write_bulk_file(path: Path, objects: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    words = _vocabulary(5000)
    programmes = [
        ("HORIZON", "Horizon Europe"),
        ("LIFE", "LIFE"),
        ("EAC", "Erasmus+"),
        ("CERV", "CERV"),
        ("NEW", "A new programme"),
    ]
    base = 1_800_000_000_000
    with path.open("w", encoding="utf-8") as out:
        out.write('{"fundingData": {"GrantTenderObj": [')
        for number in range(objects):
            abbreviation, description = rng.choice(programmes)
            record = {
                "type": 1,
                "ccm2Id": 31000000 + number,
                "status": {"id": 31094502, "abbreviation": rng.choice(["Open", "Forthcoming", "Closed", "Closed"])},
                "identifier": f"{abbreviation}-2027-{number:06d}",
                "title": " ".join(rng.choices(words, k=rng.randint(5, 12))).capitalize(),
                "callIdentifier": f"{abbreviation}-2027-CALL-{number % 900:03d}",
                "callTitle": " ".join(rng.choices(words, k=6)),
                "deadlineDatesLong": [base + rng.randint(0, 400) * 86_400_000 for _ in range(rng.randint(1, 2))],
                "publicationDateLong": base - rng.randint(0, 200) * 86_400_000,
                "tags": rng.choices(words, k=3),
                "keywords": rng.choices(words, k=4),
                "frameworkProgramme": {"id": 43000000, "abbreviation": abbreviation, "description": description},
                "sortStatus": 2,
            }
            out.write(("," if number else "") + json.dumps(record))
        out.write("]}}")
    return path.stat().st_size


def bench_stream(objects: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="utblick-bench-") as directory:
        folder = Path(directory)
        bulk = folder / "reference.json"
        size = write_bulk_file(bulk, objects)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DJANGO_DEBUG": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        child = subprocess.run(
            [sys.executable, "-m", "utblick.watch.bench", "--import-child", str(bulk)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["file_mb"] = round(size / 1024 / 1024, 1)
        return result


def import_child(path: str) -> None:
    """In the child process: import the file, then report the time and this process's peak memory."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    out = io.StringIO()
    call_command(
        "watch_import", path, file_format="ft-bulk", source="Bench", no_match=True, stdout=out, stderr=io.StringIO()
    )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"objects_line": out.getvalue().strip(), "seconds": round(elapsed, 1), "peak_mb": round(peak_mb)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--profiles", type=int, default=3_000)
    parser.add_argument("--objects", type=int, default=200_000)
    parser.add_argument("--import-child", default="")
    options = parser.parse_args(argv)
    if options.import_child:
        import_child(options.import_child)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    matching = bench_matching(options.items, options.profiles)
    verdict = "ok" if matching["seconds"] <= MATCH_TARGET_SECONDS else "SLOW"
    print(
        f"watch matching: {matching['items']} items × {matching['profiles']} profiles, {matching['matches']} matches, "
        f"{matching['seconds']:.2f} s (CPU {matching['cpu_seconds']:.2f} s, index {matching['index_seconds']:.2f} s; "
        f"target <= {MATCH_TARGET_SECONDS:.0f} s) {verdict}"
    )
    stream = bench_stream(options.objects)
    verdict = "ok" if stream["peak_mb"] < MEMORY_TARGET_MB else "TOO MUCH MEMORY"
    print(
        f"watch bulk import: {options.objects} objects, {stream['file_mb']} MB file, {stream['seconds']} s, "
        f"peak memory {stream['peak_mb']} MB (target < {MEMORY_TARGET_MB} MB) {verdict}; {stream['objects_line']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
