"""A SIGKILL in the middle of an ingest leaves a consistent store, and a re-run completes it."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens.store import Store
from tests.conftest import ROOT, run_cli

# Batch sizes to try: if an ingest finishes before it could be killed mid-batch
# (a very fast machine), the next attempt uses a larger batch.
BATCH_SIZES = (300, 1200, 4800)
START_TIMEOUT = 120  # seconds for the child to store its first article

_SUBJECTS = (
    "The city council",
    "The regional court",
    "The transport authority",
    "A group of local farmers",
    "The hospital board",
    "The teachers' union",
    "The port operator",
    "Residents of the old town",
    "The environment ministry",
    "A committee of independent experts",
)
_VERBS = ("approved", "rejected", "postponed", "criticised", "welcomed", "questioned", "amended", "defended")
_OBJECTS = (
    "the new budget for public transport",
    "a plan to extend the tram network to the northern suburbs",
    "higher parking fees in the historic centre",
    "the merger of two primary schools",
    "a proposal for a solar park on former farmland",
    "the sale of public land to a private developer",
    "new rules for short-term holiday rentals",
    "a reform of the waste collection service",
)
_TAILS = (
    "after a long debate on Tuesday evening.",
    "despite strong protests from the opposition.",
    "following a public consultation last spring.",
    "according to a statement released on Monday morning.",
    "although several members had asked for more time.",
    "while dozens of protesters waited outside the building.",
)


def make_articles(path: Path, n: int) -> list[str]:
    """Write ``n`` distinct multi-paragraph English articles as JSON lines; return their texts."""
    rng = random.Random(n)
    texts = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            paragraphs = [
                " ".join(
                    f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"
                    for _ in range(6)
                )
                for _ in range(4)
            ]
            text = (
                f"This is report number {i} from the city desk, filed on day {i % 28 + 1}.\n"
                + "\n".join(paragraphs)
                + f"\nA final decision is expected in week {i % 52 + 1}, officials said."
            )
            texts.append(text)
            fh.write(json.dumps({"title": f"City report {i}", "text": text, "source": "City Desk"}) + "\n")
    return texts


def summary(stdout: str) -> str:
    """The ingest summary line ("ingested N, duplicates N, rejected N") of the CLI's output."""
    lines = [line for line in stdout.splitlines() if line.startswith("ingested ")]
    assert len(lines) == 1, stdout
    return lines[0]


def count_articles(db: Path) -> int | None:
    """Articles committed so far, read through a read-only connection; None if not readable yet."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not created yet, or busy: try again


def ingest_and_kill(src: Path, db: Path, n: int, log: Path) -> int | None:
    """Start an ingest of ``src`` and SIGKILL it once some but not all articles are stored.

    The kill comes once a tenth of the batch is in, so the writer is well into
    its stride. Returns the count seen before the kill, or None when the child
    finished first.
    """
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "presslens", "ingest", str(src), "--db", str(db), "-q", "--no-translate"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while proc.poll() is None:
                seen = count_articles(db)
                if seen is not None and max(1, n // 10) <= seen < n:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(timeout=30)
                    assert proc.returncode == -signal.SIGKILL
                    return seen
                if time.monotonic() > deadline:
                    pytest.fail(f"ingest stored nothing within {START_TIMEOUT} s: {log.read_text()}")
                time.sleep(0.005)
            return None
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def check_consistent(db: Path, inputs: set[str]) -> int:
    """Every stored article is whole (sentences, FTS row) and nothing is orphaned; return the count."""
    store = Store(f"sqlite:///{db}", create=False)
    try:
        with store.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # FTS5's own consistency check: raises if the index does not match its content.
            conn.exec_driver_sql("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")

            arts = {r[0]: (r[1], r[2]) for r in conn.exec_driver_sql("SELECT id, raw_text, text FROM articles").all()}
            sents = {
                r[0]: (r[1], r[2], r[3], r[4])
                for r in conn.exec_driver_sql(
                    'SELECT article_id, count(*), min(idx), max(idx), max("end") FROM sentences GROUP BY article_id'
                ).all()
            }
            fts = dict(conn.exec_driver_sql("SELECT article_id, count(*) FROM article_fts GROUP BY article_id").all())
            # Orphans in every table keyed by article (sentences, translations, ...).
            tables = [
                name
                for (name,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'article_fts%'"
                ).all()
            ]
            orphans = {}
            for name in tables:
                columns = {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{name}")').all()}
                if "article_id" in columns:
                    orphans[name] = conn.exec_driver_sql(
                        f'SELECT count(*) FROM "{name}" WHERE article_id NOT IN (SELECT id FROM articles)'
                    ).scalar()
    finally:
        store.close()

    assert "sentences" in orphans
    assert all(c == 0 for c in orphans.values()), f"orphan rows: {orphans}"
    assert set(sents) <= set(arts), "sentences for articles that are not stored"
    assert set(fts) == set(arts), "article_fts rows do not match the articles"
    assert all(c == 1 for c in fts.values()), {k: c for k, c in fts.items() if c != 1}
    for article_id, (raw_text, text) in arts.items():
        assert raw_text in inputs, f"{article_id}: stored raw text is not one of the inputs (truncated?)"
        assert article_id in sents, f"{article_id} has no sentences"
        count, first, last, end = sents[article_id]
        assert count > 0 and first == 0 and last + 1 == count, f"{article_id}: sentences {count} {first}..{last}"
        assert end == len(text), f"{article_id}: sentences stop at {end} of {len(text)} characters"
    return len(arts)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_mid_batch_leaves_a_consistent_store(tmp_path: Path) -> None:
    killed_at = None
    for n in BATCH_SIZES:
        attempt = tmp_path / f"n{n}"
        attempt.mkdir()
        src = attempt / "articles.jsonl"
        texts = make_articles(src, n)
        db = attempt / "store.db"
        seen = ingest_and_kill(src, db, n, attempt / "stderr.log")
        if seen is not None:
            killed_at = seen
            break
    if killed_at is None:
        pytest.fail(f"the ingest always finished before it could be killed mid-batch (batches of {BATCH_SIZES})")
    inputs = set(texts)
    assert len(inputs) == n

    # The store after the crash: whole articles only, nothing orphaned.
    after_crash = check_consistent(db, inputs)
    assert killed_at <= after_crash < n, f"killed at {killed_at}, {after_crash} stored of {n}"
    print(f"killed after {killed_at} of {n} articles were stored; {after_crash} stored after the crash")

    # A re-run completes the batch without duplicating what was already stored.
    second = run_cli("ingest", str(src), "--db", str(db), "-q", "--no-translate")
    assert second.returncode == 0, second.stderr
    assert summary(second.stdout) == f"ingested {n - after_crash}, duplicates {after_crash}, rejected 0"
    assert check_consistent(db, inputs) == n
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        total, distinct_ids, distinct_texts = con.execute(
            "SELECT count(*), count(DISTINCT id), count(DISTINCT raw_text) FROM articles"
        ).fetchone()
        (fts_rows,) = con.execute("SELECT count(*) FROM article_fts").fetchone()
        (dup_sentences,) = con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM sentences GROUP BY article_id, idx HAVING count(*) > 1)"
        ).fetchone()
    finally:
        con.close()
    assert (total, distinct_ids, distinct_texts, fts_rows, dup_sentences) == (n, n, n, n, 0)

    # A third run finds everything stored.
    third = run_cli("ingest", str(src), "--db", str(db), "-q", "--no-translate")
    assert third.returncode == 0, third.stderr
    assert summary(third.stdout) == f"ingested 0, duplicates {n}, rejected 0"
    assert check_consistent(db, inputs) == n
