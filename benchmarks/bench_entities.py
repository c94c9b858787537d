"""Entity stage cost: words/s per language and memory, on the synthetic corpus.

Run: ``python benchmarks/bench_entities.py`` (part of ``make bench``). Measures
extract_entities alone (the gazetteer, the name finder and surname resolution),
after a warm-up that loads the actor table, lexicons and matchers; the warm-up's
own time and memory are reported separately. Records into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import presslens.entities as entities_module  # noqa: E402
from benchmarks.corpus import make_articles  # noqa: E402
from benchmarks.results import record_section  # noqa: E402
from presslens.actors import load_actor_table  # noqa: E402
from presslens.clean import clean_text  # noqa: E402
from presslens.entities import extract_entities, gazetteer  # noqa: E402
from presslens.segment import segment  # noqa: E402

LANGUAGES = ("it", "de", "en", "fr", "es")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    docs: dict[str, list[tuple[str, list]]] = {lang: [] for lang in LANGUAGES}
    for i, record in enumerate(make_articles(args.articles)):
        lang = LANGUAGES[i % len(LANGUAGES)]
        text = clean_text(record["text"]).text
        docs[lang].append((text, segment(text, lang)))
    rss_corpus = proc.memory_info().rss

    # The matchers are built here and written to an empty cache folder of this run, then
    # read back as a later process would (the CLI's and tests' case once the cache is warm).
    os.environ["PRESSLENS_CACHE_DIR"] = tempfile.mkdtemp(prefix="presslens-bench-cache-")
    t0 = time.perf_counter()
    table = load_actor_table()
    for lang in LANGUAGES:  # warm-up: table, lexicon, first names, matcher per language
        text, sents = docs[lang][0]
        extract_entities(text, sents, lang, table)
    warm_s = time.perf_counter() - t0
    rss_warm = proc.memory_info().rss
    entities_module._GAZETTEERS.clear()
    t0 = time.perf_counter()
    for lang in LANGUAGES:
        gazetteer(table, lang)
    disk_s = time.perf_counter() - t0
    shutil.rmtree(os.environ.pop("PRESSLENS_CACHE_DIR"), ignore_errors=True)

    rows = []
    total_words, total_s, total_mentions = 0, 0.0, 0
    for lang in LANGUAGES:
        words = sum(len(t.split()) for t, _ in docs[lang])
        t0 = time.perf_counter()
        mentions = sum(len(extract_entities(t, s, lang, table).mentions) for t, s in docs[lang])
        elapsed = time.perf_counter() - t0
        rows.append((lang, len(docs[lang]), words, elapsed, mentions))
        total_words, total_s, total_mentions = total_words + words, total_s + elapsed, total_mentions + mentions
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}: `python benchmarks/bench_entities.py --articles {args.articles}` "
            f"(synthetic corpus, seed 42; table: {len(table.actors):,} actors, {len(table.aliases):,} aliases; "
            "no statistical model).",
            "",
            "| language | articles | words | time | words/s | mentions |",
            "|---|---|---|---|---|---|",
            *[f"| {lang} | {n} | {w:,} | {s:.2f} s | **{w / s:,.0f}** | {m:,} |" for lang, n, w, s, m in rows],
            f"| all | {args.articles} | {total_words:,} | {total_s:.2f} s | **{total_words / total_s:,.0f}** | "
            f"{total_mentions:,} |",
            "",
            f"Cold start (actor table + lexicons + matchers for 5 languages): {warm_s:.1f} s, of which the "
            f"matchers, when a later process reads them from the cache folder, take {disk_s:.1f} s; "
            f"memory after it: +{(rss_warm - rss_corpus) / 2**20:.0f} MB "
            f"(process RSS {rss_warm / 2**20:.0f} MB; corpus itself +{(rss_corpus - rss0) / 2**20:.0f} MB).",
        ]
    )
    print(body)
    if not args.no_record:
        record_section("entities", "Entity stage cost (issue 4)", body)


if __name__ == "__main__":
    main()
