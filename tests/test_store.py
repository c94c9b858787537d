"""The store: idempotent writes, one transaction per article, search, schema versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from presslens import store as store_module
from presslens.config import Settings
from presslens.models import RawRecord
from presslens.pipeline import article_id, process_record
from presslens.store import SCHEMA_VERSION, Store, StoreError

IT = "Titolo\nIl ministro degli Esteri ha incontrato ieri a Mosca il suo omologo russo per discutere della crisi."
DE = "Titel\nDer Außenminister hat gestern in Berlin seinen Amtskollegen getroffen, um über die Krise zu sprechen."


def article(text: str, **kw: str):
    return process_record(RawRecord(text=text, origin="test", infer_title=True, **kw), Settings())


def test_add_is_idempotent(store: Store) -> None:
    a = article(IT)
    assert store.add_article(a) is True
    assert store.add_article(a) is False
    assert store.stats()["articles"] == 1
    assert store.stats()["sentences"] == len(a.sentences) == 1


def test_id_ignores_whitespace_and_unicode_form() -> None:
    assert article_id("Città  di\r\nRoma ") == article_id("Citta\u0300 di\nRoma")
    assert article_id("Roma") != article_id("Milano")


def test_wal_mode(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_failed_write_leaves_nothing(store: Store) -> None:
    a = article(IT)
    a.sentences.append(a.sentences[0])  # duplicate key: the sentence insert fails mid-transaction
    with pytest.raises(IntegrityError):
        store.add_article(a)
    stats = store.stats()
    assert (stats["articles"], stats["sentences"]) == (0, 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM article_fts")).scalar() == 0


def test_search_original_and_title(store: Store) -> None:
    store.add_article(article(IT))
    store.add_article(article(DE))
    assert len(store.search("Mosca")) == 1
    assert len(store.search("omologo russo")) == 1
    assert len(store.search("Außenminister")) == 1
    assert store.search("crisi") == store.search("CRISI")  # case-folded
    store.add_article(article("Titolo\nLa città è stata evacuata ieri sera dopo il terremoto, dicono le autorità."))
    assert len(store.search("citta")) == 1  # diacritics folded
    assert store.search("crisi Krise") == []  # every word must match
    assert store.search('"; DROP TABLE articles; --') == []  # user input is never FTS syntax
    assert store.search("") == []


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    Store(url).close()
    con = sqlite3.connect(tmp_path / "s.db")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this PressLens"):
        Store(url)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "other.db")
    con.execute("CREATE TABLE articles (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="no PressLens schema version"):
        Store(f"sqlite:///{tmp_path / 'other.db'}")


def test_migration_path_keeps_data_and_backs_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    s = Store(url)
    s.add_article(article(IT))
    s.close()

    def add_column(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE articles ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0"))

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION, add_column)
    migrated = Store(url)
    assert migrated.schema_version() == SCHEMA_VERSION + 1
    assert migrated.stats()["articles"] == 1
    with migrated.engine.connect() as conn:
        assert conn.execute(text("SELECT reviewed FROM articles")).scalar() == 0
    migrated.close()
    backup = tmp_path / f"s.db.v{SCHEMA_VERSION}.bak"
    assert backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    con.close()


def test_missing_migration_is_an_error_not_a_drop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    s = Store(url)
    s.add_article(article(IT))
    s.close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no migration"):
        Store(url)
    monkeypatch.undo()
    assert Store(url).stats()["articles"] == 1


def test_export_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(f"sqlite:///{tmp_path / 'missing.db'}", create=False)


def test_real_migration_from_v1(tmp_path: Path) -> None:
    """A store written by schema v1 (tests/data/schema_v1.sql) opens as v2 with nothing lost."""
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript((Path(__file__).parent / "data" / "schema_v1.sql").read_text())
    for aid, lang in (("a1", "it"), ("a2", "en")):
        con.execute(
            "INSERT INTO articles VALUES (?, 'T', NULL, NULL, '2024-11-02', 'day', 0, ?, 1.0, 'input', 'Testo.',"
            " 'Testo.', 'x.txt', 1, '[]', '2026-01-01T00:00:00+00:00')",
            (aid, lang),
        )
        con.execute("INSERT INTO sentences VALUES (?, 0, 0, 0, 6)", (aid,))
    con.commit()
    con.close()
    store = Store(f"sqlite:///{db}")
    assert store.schema_version() == SCHEMA_VERSION == 4
    assert store.stats()["articles"] == 2 and store.stats()["sentences"] == 2
    assert store.translation_queue("en") == ["a1"]  # the Italian one waits for translation; English needs none
    assert store.translation_segments("a1", "en") == []
    assert store.article_entities("a1").mentions == []  # v3 tables exist, empty until `reprocess`
    assert store.article_events("a1").events == []  # v4 tables too
    store.cache_put("libre", "it", "en", {"h": "Text."})
    assert store.cache_get("libre", "it", "en", ["h", "other"]) == {"h": "Text."}
    store.close()
    assert (tmp_path / "old.db.v1.bak").exists()


def test_entity_surfaces_count_every_filtered_article(store: Store) -> None:
    """An actor's surfaces per language, for all articles or a filter's (any number: no IN list)."""
    import numpy as np

    from presslens.analytics import load_frames, surface_counts, surfaces_by_language

    texts = [f"Notizia {i}\nIl governo di Mosca ha risposto ieri alla nota numero {i} della Russia." for i in range(5)]
    texts.append("Meldung\nRussland hat gestern auf die Note geantwortet.")
    for body in texts:
        store.add_article(article(body))
    russia = "Q159"
    counts = store.entity_surface_counts(russia)
    assert sorted(n for _, s, n in counts if s == "Mosca") == [1] * 5
    frames = load_frames(store, snapshot=False)
    coded = surface_counts(frames, counts)
    everything = surfaces_by_language(frames, coded)
    assert everything == [
        {"surface": "Russland", "language": "de", "mentions": 1, "articles": 1},
        {"surface": "Mosca", "language": "it", "mentions": 5, "articles": 5},
        {"surface": "Russia", "language": "it", "mentions": 5, "articles": 5},
    ]
    chosen = np.zeros(len(frames.articles), dtype=bool)
    chosen[:3] = True
    picked = set(frames.articles.index[:3])
    subset = surfaces_by_language(frames, coded, chosen)
    expected = {}
    for a, s, n in counts:
        if a in picked:
            expected.setdefault(s, [0, 0])
            expected[s][0] += n
            expected[s][1] += 1
    assert {r["surface"]: [r["mentions"], r["articles"]] for r in subset} == expected
    assert surfaces_by_language(frames, coded, np.zeros(len(frames.articles), dtype=bool)) == []
    assert surfaces_by_language(frames, surface_counts(frames, [])) == []
