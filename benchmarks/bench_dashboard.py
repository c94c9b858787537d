"""Dashboard at scale: a synthetic store of 100,000 articles (~2M mentions), server time per rerun.

Run: ``python benchmarks/bench_dashboard.py`` (part of ``make bench``; builds the
store under /tmp once, ~1-2 minutes). Every page runs in Streamlit's AppTest
(the same server-side script run a browser triggers); the script measures the
cold start (first run, empty caches: reading the store) and, per page, the
median of repeated reruns of its main interaction. Records into RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.results import record_section  # noqa: E402
from presslens.store import Store  # noqa: E402

LANGS = ["it", "de", "en", "fr", "es", "ru", "ko", "ar"]
TYPES = ["agreement", "military", "combat", "sanctions", "meeting", "aid", "statement", "elections", "other"]


def build_store(path: Path, n_articles: int, seed: int = 42) -> None:
    """Write a synthetic store directly with SQL (the pipeline would take too long for 100k)."""
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    Store(f"sqlite:///{path}").close()  # schema
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    n_entities = 5000
    entities = []
    countries = ["KP", "RU", "UA", "US", "CN", "KR", "JP", "DE", "FR", "IT", "GB", "IR", "IL", "TR", "IN"]
    for i in range(n_entities):
        kind = "country" if i < len(countries) else rng.choice(["person", "organization", "location"])
        country = countries[i] if i < len(countries) else rng.choice([*countries, None])
        entities.append(
            (
                f"E{i}",
                f"Actor {i}" if i >= len(countries) else f"Country {countries[i]}",
                kind,
                country,
                "table",
                "2026-01-01",
            )
        )
    con.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?)", entities)
    weights = [1 / (i + 1) for i in range(n_entities)]  # Zipf: a few actors are everywhere
    start = date(2022, 1, 1)
    sentence_text = "Questa è una frase dell'articolo numero {n} con un attore e una data."
    mentions = 0
    for batch in range(0, n_articles, 5000):
        arts, sents, ments, evs = [], [], [], []
        for n in range(batch, min(batch + 5000, n_articles)):
            aid = f"{n:016x}"
            k = rng.randint(6, 14)
            text = " ".join(sentence_text.format(n=n) for _ in range(k))
            day = start + timedelta(days=rng.randint(0, 1400))
            arts.append(
                (
                    aid,
                    f"Titolo {n}",
                    f"Source {rng.randint(0, 300)}",
                    None,
                    day.isoformat(),
                    "day",
                    0,
                    rng.choice(LANGS),
                    1.0,
                    "input",
                    text,
                    text,
                    "bench",
                    len(text.split()),
                    "[]",
                    "2026-01-01",
                )
            )
            step = len(sentence_text.format(n=n)) + 1
            sents += [(aid, i, 0, i * step, i * step + step - 1) for i in range(k)]
            chosen = rng.choices(range(n_entities), weights=weights, k=20)
            seen = set()
            for j, e in enumerate(chosen):
                s = j % k
                if (s, e) in seen:
                    continue
                seen.add((s, e))
                ments.append((aid, s * step + (j % 3), f"E{e}", s * step + 10, s, "Actor", "table"))
            if rng.random() < 0.8:
                evs.append(
                    (
                        aid,
                        0,
                        day.isoformat(),
                        "day",
                        None,
                        "venerdì",
                        rng.choice(TYPES),
                        json.dumps([f"E{e}" for e in chosen[:3]]),
                    )
                )
        con.executemany("INSERT INTO articles VALUES (" + ",".join("?" * 16) + ")", arts)
        con.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", sents)
        con.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?,?)", ments)
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)", evs)
        mentions += len(ments)
    con.execute("INSERT INTO meta VALUES ('data_version', '1')")  # as every store write leaves it
    con.commit()
    con.close()


def timed_runs(page: str, interact, repeat: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page), default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        interact(at, i)
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.value for e in at.exception]
    return first, times


COLD_START = """
import os, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
t1 = time.perf_counter()
at.run()
t2 = time.perf_counter()
assert not at.exception, [e.value for e in at.exception]
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def cold_start(store: Path, *, snapshot: bool) -> tuple[float, float, float]:
    """A fresh process renders the overview: (total wall time, imports, first run) in seconds.

    ``snapshot=False`` deletes the Parquet snapshot first: the first start after
    the store changed, which reads every table through SQL (and writes the snapshot).
    """
    import shutil
    import subprocess

    snap = store.with_name(store.name + ".snapshot")
    if not snapshot:
        shutil.rmtree(snap, ignore_errors=True)
    env = {**os.environ, "PRESSLENS_DB": str(store)}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", COLD_START, str(ROOT / "app.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    total = time.perf_counter() - t0
    imports, first = (float(x) for x in out.stdout.split()[-2:])
    return total, imports, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/presslens-bench-100k.db"))
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not args.store.exists():
        t0 = time.perf_counter()
        build_store(args.store, args.articles)
        print(f"built {args.store} in {time.perf_counter() - t0:.0f} s", flush=True)
    con = sqlite3.connect(args.store)
    n_articles, n_mentions, n_events = (
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "events")
    )
    con.close()
    os.environ["PRESSLENS_DB"] = str(args.store)
    colds = {flag: cold_start(args.store, snapshot=flag) for flag in (False, True)}
    for flag, timing in colds.items():
        print(f"cold start {'with' if flag else 'without'} snapshot: {timing[0]:.2f} s", flush=True)
    import streamlit as st

    proc = psutil.Process()
    rows = []
    st.cache_data.clear()
    st.cache_resource.clear()

    # Every rerun asks for a view not seen before (a new language, or the next
    # article), so no per-view cache can answer it: these are uncached figures.
    def language(i):  # type: ignore[no-untyped-def]
        return [] if i % (len(LANGS) + 1) == len(LANGS) else [LANGS[i % (len(LANGS) + 1)]]

    def change_language(at, i):  # type: ignore[no-untyped-def]
        at.multiselect(key="filters_languages").set_value(language(i))

    def toggle_rows(at, i):  # type: ignore[no-untyped-def]
        at.multiselect(key="filters_languages").set_value(language(i))
        at.segmented_control(key="timeline_rows").set_value("type" if i % 2 == 0 else "actor")

    def toggle_measure(at, i):  # type: ignore[no-untyped-def]
        at.multiselect(key="filters_languages").set_value(language(i))
        at.segmented_control(key="cooc_measure").set_value(["jaccard", "pmi", "count"][i % 3])

    def next_article(at, i):  # type: ignore[no-untyped-def]
        at.button(key="reader_prev").click()

    plan = [
        ("Overview", "app.py", change_language, "language filter: a new language each rerun"),
        ("Timeline", "pages/1_Timeline.py", toggle_rows, "rows by actor/type, with a new language filter"),
        ("Co-occurrence", "pages/2_Co-occurrence.py", toggle_measure, "measure, with a new language filter"),
        ("Reader", "pages/3_Reader.py", next_article, "previous article"),
        ("Actors", "pages/4_Actors.py", change_language, "language filter: a new language each rerun"),
    ]
    cold = None
    for name, page, interact, what in plan:
        first, times = timed_runs(page, interact, args.repeat)
        if cold is None:
            cold = first
        rows.append((name, what, first, statistics.median(times), max(times)))
        print(f"{name}: first run {first:.2f} s, median rerun {statistics.median(times) * 1000:.0f} ms", flush=True)
    rss = proc.memory_info().rss / 2**20
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}: `python benchmarks/bench_dashboard.py` on a synthetic store of "
            f"{n_articles:,} articles, {n_mentions:,} mentions, {n_events:,} events (5,000 actors, Zipf-distributed). "
            "Server time per script run in Streamlit's AppTest (what a browser rerun costs on the server, "
            "without network and drawing).",
            "",
            "| page | interaction | first run | median rerun | slowest rerun |",
            "|---|---|---|---|---|",
            *[f"| {n} | {w} | {f:.2f} s | **{m * 1000:.0f} ms** | {x * 1000:.0f} ms |" for n, w, f, m, x in rows],
            "",
            "Cold start, a fresh process from start to the overview rendered (Python and Streamlit imports included):",
            "",
            "| store snapshot | total | imports | first run of the overview |",
            "|---|---|---|---|",
            *[
                f"| {'present (any start after the first)' if flag else 'absent (first start after new data)'} "
                f"| **{t:.2f} s** | {i:.2f} s | {f:.2f} s |"
                for flag, (t, i, f) in colds.items()
            ],
            "",
            f"In this benchmark's own process (snapshot present, caches empty) the first page took {cold:.2f} s. "
            f"Memory of the process after all pages: {rss:.0f} MB RSS.",
        ]
    )
    print(body)
    if not args.no_record:
        record_section("dashboard", "Dashboard at 100,000 articles (issue 6)", body)


if __name__ == "__main__":
    main()
