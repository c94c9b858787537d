"""Ingest throughput (words/s) next to bare spaCy tokenisation, on one synthetic corpus.

Run: ``make bench`` (or ``python benchmarks/bench_ingest.py --articles 2000``).
Writes its figures into benchmarks/RESULTS.md between this benchmark's markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_articles  # noqa: E402
from benchmarks.results import record_section  # noqa: E402
from presslens.config import Settings  # noqa: E402
from presslens.pipeline import ingest_paths  # noqa: E402
from presslens.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true", help="print only; do not update RESULTS.md")
    args = parser.parse_args()

    records = list(make_articles(args.articles))
    words = sum(len(r["text"].split()) for r in records)
    by_lang: dict[str, list[str]] = {}
    for i, r in enumerate(records):
        by_lang.setdefault(["it", "de", "en", "fr", "es"][i % 5], []).append(r["text"])

    # Bare tokenisation: spacy.blank(lang) over the same texts, the floor for any spaCy stage.
    t0 = time.perf_counter()
    for lang, texts in by_lang.items():
        nlp = spacy.blank(lang)
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    tok_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        db = Path(tmp) / "bench.db"
        settings = Settings(db_url=f"sqlite:///{db}")
        store = Store(settings.db_url)
        t0 = time.perf_counter()
        report = ingest_paths([corpus], store, settings)
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = ingest_paths([corpus], store, settings)
        rerun_s = time.perf_counter() - t0
        store.close()
        db_mb = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*")) / 1e6
    assert len(report.ingested) == len(records), report.summary()
    assert len(again.duplicates) == len(records), again.summary()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("articles", f"{len(records):,}"),
        ("words", f"{words:,}"),
        (
            "ingest (read, clean, language id, segment, entities, events, store; "
            "incl. the one-off load of lexicons and matchers)",
            f"{ingest_s:.1f} s = **{words / ingest_s:,.0f} words/s**",
        ),
        ("bare `spacy.blank(lang)` tokenisation, same texts", f"{tok_s:.1f} s = {words / tok_s:,.0f} words/s"),
        ("ingest cost relative to bare tokenisation", f"{ingest_s / tok_s:.1f}x"),
        ("re-run of the same batch (all duplicates)", f"{rerun_s:.1f} s = {len(records) / rerun_s:,.0f} articles/s"),
        ("store size (SQLite + WAL)", f"{db_mb:.1f} MB"),
        ("peak RSS of the benchmark process", f"{peak_mb:.0f} MB"),
    ]
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, spaCy {spacy.__version__}; one process, "
            f"`python benchmarks/bench_ingest.py --articles {args.articles}` (corpus: benchmarks/corpus.py, seed 42).",
            "",
            "| measure | figure |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in rows],
        ]
    )
    print(body)
    if not args.no_record:
        record_section("ingest", "Ingest throughput (issue 2)", body)


if __name__ == "__main__":
    main()
