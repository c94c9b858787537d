"""Translation throughput against a local LibreTranslate stub with injected latency.

Run: ``python benchmarks/bench_translate.py`` (part of ``make bench``). Compares
strictly sequential requests (concurrency 1) with the default concurrency, on
the same synthetic corpus, every request paying ``--latency`` seconds at the
stub. Only 127.0.0.1 is contacted. Records into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_articles  # noqa: E402
from benchmarks.results import record_section  # noqa: E402
from presslens.config import Settings, TranslationSettings  # noqa: E402
from presslens.models import RawRecord  # noqa: E402
from presslens.pipeline import process_record  # noqa: E402
from presslens.store import Store  # noqa: E402
from presslens.translate import translate_articles  # noqa: E402
from tests.stubs import StubServer  # noqa: E402


def run(n: int, latency: float, concurrency: int, rate: float) -> tuple[float, int, int]:
    """Translate ``n`` fresh articles; return (seconds, articles done, requests)."""
    with tempfile.TemporaryDirectory() as tmp, StubServer("libre", latency=latency) as stub:
        store = Store(f"sqlite:///{Path(tmp) / 'b.db'}")
        for record in make_articles(n + n // 4):
            if "(en)" in record["title"]:
                continue
            store.add_article(process_record(RawRecord(origin="bench", **record), Settings()))
        tset = replace(
            TranslationSettings(provider="libre", libre_url=stub.url),
            concurrency=concurrency,
            rate_per_second=rate,
        )
        started = time.perf_counter()
        report = translate_articles(store, tset)
        elapsed = time.perf_counter() - started
        store.close()
        return elapsed, len(report.done), stub.requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    default = TranslationSettings()
    libre_rate = TranslationSettings(provider="libre").rate
    rows = []
    for label, concurrency, rate in [
        ("strictly sequential (concurrency 1)", 1, 1000.0),
        (
            f"defaults for libre: concurrency {default.concurrency}, rate limit {libre_rate:g}/s",
            default.concurrency,
            libre_rate,
        ),
        (f"concurrency {default.concurrency}, rate limit 5/s (Google's default)", default.concurrency, 5.0),
        (f"concurrency {default.concurrency}, no rate limit", default.concurrency, 1000.0),
        ("concurrency 8, no rate limit", 8, 1000.0),
    ]:
        seconds, done, requests = run(args.articles, args.latency, concurrency, rate)
        rows.append((label, done, requests, seconds))
        print(f"{label}: {done} articles, {requests} requests, {seconds:.1f} s", flush=True)
    base = rows[0][3]
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}: `python benchmarks/bench_translate.py --articles {args.articles} "
            f"--latency {args.latency}`. A LibreTranslate stub on 127.0.0.1 answers every request after "
            f"{args.latency * 1000:.0f} ms; sentences are grouped into requests of up to 1,500 characters; "
            "nothing is cached at the start of each run.",
            "",
            "| run | articles | requests | time | articles/s | speed-up |",
            "|---|---|---|---|---|---|",
            *[
                f"| {label} | {done} | {requests} | {seconds:.1f} s | **{done / seconds:.1f}** "
                f"| {base / seconds:.1f}x |"
                for label, done, requests, seconds in rows
            ],
        ]
    )
    print(body)
    if not args.no_record:
        record_section("translate", "Translation throughput (issue 3)", body)


if __name__ == "__main__":
    main()
