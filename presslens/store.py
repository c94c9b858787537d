"""The processed store: SQLAlchemy Core over SQLite (default) or any database URL.

One transaction per article: a crash leaves the whole article or none of it.
The schema carries a version; opening an older store migrates it forward
(after a backup copy, for SQLite files), a newer one is refused.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from presslens.actors import Actor, is_acronym, is_found_id
from presslens.entities import EntityResult, Mention, TranslationMention
from presslens.events import DateMention, Event, EventResult
from presslens.models import Article, Segment, Sentence, Translation

SCHEMA_VERSION = 4

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(32)),
    Column("published_precision", String(8)),
    Column("published_approximate", Boolean, nullable=False, default=False),
    Column("language", String(8), nullable=False),
    Column("language_confidence", Float, nullable=False),
    Column("language_method", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("origin", Text),
    Column("word_count", Integer, nullable=False),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_language", "language"),
    Index("ix_articles_source", "source"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("paragraph", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

# One row per article and target language: the status of its translation
# (done | pending | failed), who made it, the reason of a failure, and how it was
# chunked. A supplied translation is stored at ingest with provider "supplied".
translations = Table(
    "translations",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("provider", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # done | pending | failed
    Column("text", Text),
    Column("error", Text),
    Column("updated_at", String(32), nullable=False),
    Column("title", Text),  # v2
    Column("chunking", Text),  # v2: JSON {"chunks", "max_chars", "sent", "cached", ...}
    Column("attempts", Integer, nullable=False, default=0),  # v2
    Index("ix_translations_status", "status"),
)

# The translation of one sentence, or of a run of sentences when a supplied
# translation could only be aligned paragraph by paragraph: the reader shows
# original and translation side by side, row by row.
translation_segments = Table(
    "translation_segments",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("first_idx", Integer, primary_key=True),
    Column("last_idx", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

# Every segment a provider ever translated: sent at most once, ever.
translation_cache = Table(
    "translation_cache",
    metadata,
    Column("text_hash", String(64), primary_key=True),
    Column("source", String(8), primary_key=True),
    Column("target", String(8), primary_key=True),
    Column("provider", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Every actor any article mentions: table actors (origin "table") and names the
# finder or a model found that the table lacks (origin "found").
entities = Table(
    "entities",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(2)),
    Column("origin", String(8), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_entities_country", "country"),
)

# One row per mention: sentence and character offsets in the cleaned original.
mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("entity_id", String(128), primary_key=True),
    Column("end", Integer, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("surface", Text, nullable=False),
    Column("method", String(16), nullable=False),  # table | model | name_finder
    Index("ix_mentions_entity", "entity_id"),
)

# The same entities located in a translation, by segment (its first sentence index).
translation_mentions = Table(
    "translation_mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("segment", Integer, primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("entity_id", String(128), primary_key=True),
    Column("end", Integer, nullable=False),
    Column("surface", Text, nullable=False),
)

# Every date expression found (resolved or not), and one event per sentence with
# a resolved date: the timeline's points.
date_mentions = Table(
    "date_mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("date", String(32)),  # None: relative expression and no publication date
    Column("precision", String(8)),
    Column("part", String(8)),
    Column("relative", Boolean, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("sentence", Integer, primary_key=True),
    Column("date", String(32), nullable=False),
    Column("precision", String(8), nullable=False),
    Column("part", String(8)),
    Column("date_text", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("actors", Text, nullable=False),  # JSON list of entity ids
    Index("ix_events_date", "date"),
    Index("ix_events_type", "type"),
)

_FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "article_id UNINDEXED, title, text, translation, tokenize='unicode61 remove_diacritics 2')"
)


def _migrate_1_to_2(conn: Connection) -> None:
    """Translation stage: segments, cache, title/chunking/attempts, pending rows."""
    for column in ("title TEXT", "chunking TEXT", "attempts INTEGER NOT NULL DEFAULT 0"):
        conn.execute(text(f"ALTER TABLE translations ADD COLUMN {column}"))
    metadata.create_all(conn, tables=[translation_segments, translation_cache])
    conn.execute(
        text(
            "INSERT INTO translations (article_id, language, provider, status, updated_at, attempts) "
            "SELECT id, 'en', 'none', 'pending', :now, 0 FROM articles "
            "WHERE language != 'en' AND id NOT IN (SELECT article_id FROM translations)"
        ),
        {"now": _now()},
    )


def _migrate_2_to_3(conn: Connection) -> None:
    """Entity stage: entities, mentions and translation mentions (run `presslens reprocess` to fill)."""
    metadata.create_all(conn, tables=[entities, mentions, translation_mentions])


def _migrate_3_to_4(conn: Connection) -> None:
    """Event stage: date mentions and events (run `presslens reprocess` to fill)."""
    metadata.create_all(conn, tables=[date_mentions, events])


# Migrations from version N to N+1, each run in its own transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4}


class StoreError(RuntimeError):
    """The store cannot be opened or used as asked; the message says why."""


def _is_acronym(name: str) -> bool:
    return is_acronym(name) and " " not in name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredArticle:
    """An article as read back from the store, with its sentences and translation."""

    row: dict[str, Any]
    sentences: list[Sentence]
    translation: dict[str, Any] | None  # the translations row for the language asked


def _touch(conn: Connection) -> None:
    """Mark the data as changed (the dashboard's caches key on this)."""
    stamp = str(time.time_ns())
    if conn.execute(meta.update().where(meta.c.key == "data_version").values(value=stamp)).rowcount == 0:
        conn.execute(meta.insert().values(key="data_version", value=stamp))


class Store:
    """Read and write the processed dataset."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = None
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            self.path = Path(parsed.database)
            if not self.path.exists() and not create:
                raise StoreError(f"no store at {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    # --- schema ---------------------------------------------------------------

    def _migrate(self) -> None:
        names = set(inspect(self.engine).get_table_names())
        if "articles" not in names:
            with self.engine.begin() as conn:
                metadata.create_all(conn)
                if self.is_sqlite:
                    conn.execute(text(_FTS_CREATE))
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            return
        if "meta" not in names:
            raise StoreError(f"{self.url}: has an 'articles' table but no PressLens schema version")
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store schema v{version} is newer than this PressLens (v{SCHEMA_VERSION}): upgrade PressLens"
            )
        if version < SCHEMA_VERSION and self.path is not None:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            with self.engine.connect() as conn:  # checkpoint the WAL so the copy is complete
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(self.path, backup)
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(f"no migration from schema v{version}")
            with self.engine.begin() as conn:
                step(conn)
                conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(version + 1)))
            version += 1

    def schema_version(self) -> int:
        """The schema version recorded in the store."""
        with self.engine.connect() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
        return int(value or 0)

    # --- writes ---------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def add_article(self, article: Article) -> bool:
        """Store one article and everything attached to it in one transaction.

        Returns False (and changes nothing) when the article is already stored.
        """
        row = {
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published,
            "published_precision": article.published_precision,
            "published_approximate": article.published_approximate,
            "language": article.language,
            "language_confidence": article.language_confidence,
            "language_method": article.language_method,
            "text": article.text,
            "raw_text": article.raw_text,
            "origin": article.origin,
            "word_count": article.word_count,
            "warnings": json.dumps(article.warnings, ensure_ascii=False),
            "ingested_at": _now(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(articles.insert().values(**row))
                if article.sentences:
                    conn.execute(
                        sentences.insert(),
                        [
                            {
                                "article_id": article.id,
                                "idx": s.idx,
                                "paragraph": s.paragraph,
                                "start": s.start,
                                "end": s.end,
                            }
                            for s in article.sentences
                        ],
                    )
                if article.translation is not None:
                    self._write_translation(conn, article.id, article.translation)
                if article.entities is not None:
                    self._write_entities(conn, article.id, article.entities, article.translation_mentions)
                if article.events is not None:
                    self._write_events(conn, article.id, article.events)
                _touch(conn)
                if self.is_sqlite:
                    conn.execute(
                        text("INSERT INTO article_fts(article_id, title, text, translation) VALUES (:i, :t, :x, :tr)"),
                        {"i": article.id, "t": article.title or "", "x": article.text, "tr": ""},
                    )
                    if article.translation is not None and article.translation.text:
                        self._index_translation(conn, article.id, article.translation)
        except IntegrityError:
            # Another writer stored it first: a duplicate, not an error. Any other
            # integrity failure (the transaction rolled back whole) is raised.
            if self.has_article(article.id):
                return False
            raise
        return True

    # --- entities -------------------------------------------------------------

    def _write_entities(
        self,
        conn: Connection,
        article_id: str,
        result: EntityResult,
        located: list[TranslationMention],
        language: str = "en",
    ) -> None:
        conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
        self._write_translation_mentions(conn, article_id, language, located)
        if not result.entities:
            return
        now = _now()
        stored_names = dict(
            conn.execute(select(entities.c.id, entities.c.name).where(entities.c.id.in_(list(result.entities)))).all()
        )
        known = set(stored_names)
        # A found organization's name improves: its English name from a translation, or its
        # long form where only its acronym was known ("IEBC" -> "Independent Electoral ...").
        for a in result.entities.values():
            old = stored_names.get(a.id)
            if old is None or old == a.name or not a.id.startswith("name:"):
                continue
            if a.translated or (_is_acronym(old) and not _is_acronym(a.name)):
                conn.execute(entities.update().where(entities.c.id == a.id).values(name=a.name, updated_at=now))
        fresh = [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "country": a.country,
                "origin": "found" if a.id.startswith(("name:", "place:")) else "table",
                "updated_at": now,
            }
            for a in result.entities.values()
            if a.id not in known
        ]
        if fresh:
            conn.execute(entities.insert(), fresh)
        rows = {
            (m.start, m.entity_id): {
                "article_id": article_id,
                "start": m.start,
                "entity_id": m.entity_id,
                "end": m.end,
                "sentence": m.sentence,
                "surface": m.surface,
                "method": m.method,
            }
            for m in result.mentions
        }
        if rows:
            conn.execute(mentions.insert(), list(rows.values()))

    def _write_events(self, conn: Connection, article_id: str, result: EventResult) -> None:
        conn.execute(delete(date_mentions).where(date_mentions.c.article_id == article_id))
        conn.execute(delete(events).where(events.c.article_id == article_id))
        rows = {
            d.start: {
                "article_id": article_id,
                "start": d.start,
                "end": d.end,
                "sentence": d.sentence,
                "text": d.text,
                "date": d.date,
                "precision": d.precision,
                "part": d.part,
                "relative": d.relative,
            }
            for d in result.dates
        }
        if rows:
            conn.execute(date_mentions.insert(), list(rows.values()))
        if result.events:
            conn.execute(
                events.insert(),
                [
                    {
                        "article_id": article_id,
                        "sentence": e.sentence,
                        "date": e.date,
                        "precision": e.precision,
                        "part": e.part,
                        "date_text": e.date_text,
                        "type": e.type,
                        "actors": json.dumps(list(e.actors)),
                    }
                    for e in result.events
                ],
            )

    def article_events(self, article_id: str) -> EventResult:
        """An article's date mentions and events as stored."""
        result = EventResult()
        with self.engine.connect() as conn:
            for r in conn.execute(
                select(date_mentions).where(date_mentions.c.article_id == article_id).order_by(date_mentions.c.start)
            ).mappings():
                result.dates.append(
                    DateMention(
                        r["text"],
                        r["start"],
                        r["end"],
                        r["sentence"],
                        r["date"],
                        r["precision"],
                        r["part"],
                        bool(r["relative"]),
                    )
                )
            for r in conn.execute(
                select(events).where(events.c.article_id == article_id).order_by(events.c.sentence)
            ).mappings():
                result.events.append(
                    Event(
                        r["sentence"],
                        r["date"],
                        r["precision"],
                        r["date_text"],
                        r["type"],
                        tuple(json.loads(r["actors"])),
                        r["part"],
                    )
                )
        return result

    def _write_translation_mentions(
        self, conn: Connection, article_id: str, language: str, located: list[TranslationMention]
    ) -> None:
        """Replace where an article's entities are in its translation into ``language``."""
        conn.execute(
            delete(translation_mentions).where(
                translation_mentions.c.article_id == article_id, translation_mentions.c.language == language
            )
        )
        rows = {
            (t.segment, t.start, t.entity_id): {
                "article_id": article_id,
                "language": language,
                "segment": t.segment,
                "start": t.start,
                "entity_id": t.entity_id,
                "end": t.end,
                "surface": t.surface,
            }
            for t in located
        }
        if rows:
            conn.execute(translation_mentions.insert(), list(rows.values()))

    def save_entities(
        self, article_id: str, result: EntityResult, located: list[TranslationMention], language: str = "en"
    ) -> None:
        """Replace an article's mentions (and their places in its translation), all or nothing."""
        with self.engine.begin() as conn:
            self._write_entities(conn, article_id, result, located, language)
            _touch(conn)

    def save_analysis(
        self,
        article_id: str,
        found: EntityResult,
        located: list[TranslationMention],
        dated: EventResult,
        language: str = "en",
    ) -> None:
        """Replace an article's entities and events together, in one transaction (reprocess)."""
        with self.engine.begin() as conn:
            self._write_entities(conn, article_id, found, located, language)
            self._write_events(conn, article_id, dated)
            _touch(conn)

    def refresh_table_entities(self, actors: list[Actor]) -> None:
        """Update names, types and countries of table actors after the table was edited.

        Entities no article mentions any more (merged away, rejected everywhere, or
        gone from the table) leave the entities table. Found ids ("name:...") that a
        correction gave an alias keep the name they were found by.
        """
        now = _now()
        with self.engine.begin() as conn:
            for actor in actors:
                if is_found_id(actor.id):
                    continue
                conn.execute(
                    entities.update()
                    .where(entities.c.id == actor.id)
                    .values(name=actor.name, type=actor.type, country=actor.country, origin="table", updated_at=now)
                )
            conn.execute(delete(entities).where(entities.c.id.not_in(select(mentions.c.entity_id).distinct())))
            _touch(conn)

    def entity(self, entity_id: str) -> Actor | None:
        """One entity as stored (any id: the table's or a found one), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(entities.c.id, entities.c.name, entities.c.type, entities.c.country).where(
                    entities.c.id == entity_id
                )
            ).first()
        return Actor(row[0], row[1], row[2], row[3]) if row else None

    def articles_mentioning(self, entity_ids: list[str], surface: str | None = None) -> list[str]:
        """Ids of the articles that mention any of these entities (as ``surface``, when given)."""
        if not entity_ids:
            return []
        stmt = select(mentions.c.article_id).where(mentions.c.entity_id.in_(entity_ids)).distinct()
        if surface is not None:
            stmt = stmt.where(mentions.c.surface == surface)
        with self.engine.connect() as conn:
            return sorted(r[0] for r in conn.execute(stmt))

    def articles_containing(self, phrase: str) -> list[str]:
        """Ids of the articles whose title or text contains ``phrase`` (case-insensitive).

        The full-text index proposes the candidates (every word of the phrase), the
        text itself confirms them, so the answer is exact and cheap.
        """
        folded = phrase.casefold().strip()
        if not folded:
            return []
        candidates = self.search(phrase, limit=1_000_000_000)
        found: list[str] = []
        with self.engine.connect() as conn:
            for i in range(0, len(candidates), 500):
                chunk = candidates[i : i + 500]
                rows = conn.execute(
                    select(articles.c.id, articles.c.title, articles.c.text).where(articles.c.id.in_(chunk))
                )
                found += [r[0] for r in rows if folded in f"{r[1] or ''}\n{r[2] or ''}".casefold()]
        return sorted(found)

    def article_entities(self, article_id: str) -> EntityResult:
        """An article's entities and mentions as stored."""
        result = EntityResult()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(mentions, entities.c.name, entities.c.type, entities.c.country)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(mentions.c.article_id == article_id)
                .order_by(mentions.c.start)
            ).mappings()
            for r in rows:
                result.entities.setdefault(r["entity_id"], Actor(r["entity_id"], r["name"], r["type"], r["country"]))
                result.mentions.append(
                    Mention(r["entity_id"], r["sentence"], r["start"], r["end"], r["surface"], r["method"])
                )
        return result

    def translation_mentions(self, article_id: str, language: str = "en") -> list[TranslationMention]:
        """Where an article's entities are in its translation."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(translation_mentions)
                .where(translation_mentions.c.article_id == article_id, translation_mentions.c.language == language)
                .order_by(translation_mentions.c.segment, translation_mentions.c.start)
            ).mappings()
            return [TranslationMention(r["entity_id"], r["segment"], r["start"], r["end"], r["surface"]) for r in rows]

    # --- translations ---------------------------------------------------------

    def _write_translation(self, conn: Connection, article_id: str, tr: Translation) -> None:
        conn.execute(
            delete(translations).where(translations.c.article_id == article_id, translations.c.language == tr.language)
        )
        conn.execute(
            delete(translation_segments).where(
                translation_segments.c.article_id == article_id, translation_segments.c.language == tr.language
            )
        )
        conn.execute(
            translations.insert().values(
                article_id=article_id,
                language=tr.language,
                provider=tr.provider,
                status=tr.status,
                text=tr.text,
                title=tr.title,
                error=tr.error,
                chunking=json.dumps(tr.chunking, ensure_ascii=False) if tr.chunking is not None else None,
                updated_at=_now(),
                attempts=0,
            )
        )
        if tr.segments:
            conn.execute(
                translation_segments.insert(),
                [
                    {
                        "article_id": article_id,
                        "language": tr.language,
                        "first_idx": g.first_idx,
                        "last_idx": g.last_idx,
                        "text": g.text,
                    }
                    for g in tr.segments
                ],
            )

    def _index_translation(self, conn: Connection, article_id: str, tr: Translation) -> None:
        conn.execute(
            text("UPDATE article_fts SET translation = :tr WHERE article_id = :i"),
            {"i": article_id, "tr": " ".join(filter(None, (tr.title, tr.text)))},
        )

    def save_translation(
        self, article_id: str, tr: Translation, located: list[TranslationMention] | None = None
    ) -> None:
        """Store a finished translation with its segments (and entity places), all or nothing."""
        with self.engine.begin() as conn:
            if located is not None:
                self._write_translation_mentions(conn, article_id, tr.language, located)
            attempts = conn.execute(
                select(translations.c.attempts).where(
                    translations.c.article_id == article_id, translations.c.language == tr.language
                )
            ).scalar()
            self._write_translation(conn, article_id, tr)
            conn.execute(
                translations.update()
                .where(translations.c.article_id == article_id, translations.c.language == tr.language)
                .values(attempts=(attempts or 0) + 1)
            )
            if self.is_sqlite:
                self._index_translation(conn, article_id, tr)
            _touch(conn)

    def mark_translation(self, article_id: str, language: str, *, status: str, provider: str, error: str) -> None:
        """Record a failed attempt: the article stays ``pending`` (retryable) or ``failed``."""
        with self.engine.begin() as conn:
            conn.execute(
                translations.update()
                .where(translations.c.article_id == article_id, translations.c.language == language)
                .values(
                    status=status,
                    provider=provider,
                    error=error,
                    updated_at=_now(),
                    attempts=translations.c.attempts + 1,
                )
            )
            _touch(conn)

    def translation_queue(self, language: str, statuses: tuple[str, ...] = ("pending",)) -> list[str]:
        """Ids of articles whose translation into ``language`` has one of ``statuses``."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(translations.c.article_id)
                .where(
                    translations.c.language == language,
                    translations.c.status.in_(statuses),
                    translations.c.provider != "supplied",
                )
                .order_by(translations.c.article_id)
            )
            return [r[0] for r in rows]

    def cache_get(self, provider: str, source: str, target: str, hashes: list[str]) -> dict[str, str]:
        """Cached translations of these segment hashes."""
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):  # stay under SQLite's bound-parameter limit
                rows = conn.execute(
                    select(translation_cache.c.text_hash, translation_cache.c.text).where(
                        translation_cache.c.provider == provider,
                        translation_cache.c.source == source,
                        translation_cache.c.target == target,
                        translation_cache.c.text_hash.in_(hashes[i : i + 500]),
                    )
                )
                found.update({h: t for h, t in rows})
        return found

    def cache_put(self, provider: str, source: str, target: str, items: dict[str, str]) -> None:
        """Remember translated segments (first writer wins)."""
        if not items:
            return
        rows = [
            {"text_hash": h, "source": source, "target": target, "provider": provider, "text": t, "created_at": _now()}
            for h, t in items.items()
        ]
        with self.engine.begin() as conn:
            existing = set(
                conn.execute(
                    select(translation_cache.c.text_hash).where(
                        translation_cache.c.provider == provider,
                        translation_cache.c.source == source,
                        translation_cache.c.target == target,
                        translation_cache.c.text_hash.in_(list(items)),
                    )
                ).scalars()
            )
            fresh = [r for r in rows if r["text_hash"] not in existing]
            if fresh:
                conn.execute(translation_cache.insert(), fresh)

    def translation_segments(self, article_id: str, language: str) -> list[Segment]:
        """An article's aligned translation segments, in sentence order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(translation_segments)
                .where(translation_segments.c.article_id == article_id, translation_segments.c.language == language)
                .order_by(translation_segments.c.first_idx)
            ).mappings()
            return [Segment(r["first_idx"], r["last_idx"], r["text"]) for r in rows]

    # --- reads ----------------------------------------------------------------

    def article_ids(self) -> list[str]:
        """All article ids, oldest publication first (undated last)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(articles.c.id).order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
            )
            return [r[0] for r in rows]

    def iter_articles(self, batch_size: int = 200, language: str = "en") -> Iterator[StoredArticle]:
        """Every stored article with sentences and translation, in bounded batches."""
        ids = self.article_ids()
        for i in range(0, len(ids), batch_size):
            yield from self.get_articles(ids[i : i + batch_size], language)

    def get_articles(self, ids: list[str], language: str = "en") -> list[StoredArticle]:
        """The articles with these ids, in the order given (unknown ids skipped)."""
        with self.engine.connect() as conn:
            rows = {r["id"]: dict(r) for r in conn.execute(select(articles).where(articles.c.id.in_(ids))).mappings()}
            sents: dict[str, list[Sentence]] = {i: [] for i in rows}
            for s in conn.execute(
                select(sentences)
                .where(sentences.c.article_id.in_(ids))
                .order_by(sentences.c.article_id, sentences.c.idx)
            ).mappings():
                sents[s["article_id"]].append(Sentence(s["idx"], s["paragraph"], s["start"], s["end"]))
            trans = {
                t["article_id"]: dict(t)
                for t in conn.execute(
                    select(translations).where(translations.c.article_id.in_(ids), translations.c.language == language)
                ).mappings()
            }
        return [StoredArticle(rows[i], sents[i], trans.get(i)) for i in ids if i in rows]

    def data_version(self) -> str:
        """Changes whenever articles, translations or extractions change (a cache key).

        Every write bumps a counter in ``meta`` (one indexed read per dashboard
        rerun); stores written before the counter existed fall back to counting rows.
        """
        with self.engine.connect() as conn:
            stamp = conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).scalar()
            if stamp:
                return str(stamp)
            parts = [
                conn.execute(select(func.count(), func.max(articles.c.ingested_at)).select_from(articles)).one(),
                conn.execute(select(func.count(), func.max(translations.c.updated_at)).select_from(translations)).one(),
                conn.execute(select(func.count()).select_from(mentions)).one(),
                conn.execute(select(func.count()).select_from(events)).one(),
                conn.execute(select(func.max(entities.c.updated_at))).one(),
            ]
        return "|".join(str(tuple(p)) for p in parts)

    def sentence_texts(
        self, keys: list[tuple[str, int]], language: str = "en"
    ) -> dict[tuple[str, int], tuple[str, str]]:
        """(original, translation) of the given (article id, sentence index) pairs."""
        wanted = sorted({a for a, _ in keys})
        out: dict[tuple[str, int], tuple[str, str]] = {}
        if not wanted:
            return out
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                texts = dict(conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))).all())
                spans = conn.execute(
                    select(sentences.c.article_id, sentences.c.idx, sentences.c.start, sentences.c.end).where(
                        sentences.c.article_id.in_(chunk)
                    )
                ).all()
                segs = (
                    conn.execute(
                        select(translation_segments).where(
                            translation_segments.c.article_id.in_(chunk), translation_segments.c.language == language
                        )
                    )
                    .mappings()
                    .all()
                )
                translated: dict[tuple[str, int], str] = {}
                for seg in segs:
                    for idx in range(seg["first_idx"], seg["last_idx"] + 1):
                        translated[(seg["article_id"], idx)] = seg["text"]
                wanted_keys = set(keys)
                for article_id, idx, start, end in spans:
                    if (article_id, idx) in wanted_keys:
                        out[(article_id, idx)] = (texts[article_id][start:end], translated.get((article_id, idx), ""))
        return out

    def entity_surface_counts(self, entity_id: str) -> list[tuple[str, str, int]]:
        """How an entity is written in each article: (article id, surface, mentions).

        One indexed query per entity, whatever the filter: the dashboard keeps the
        rows and narrows them to a filter's articles in memory (see
        :func:`presslens.analytics.surfaces_by_language`).
        """
        stmt = (
            select(mentions.c.article_id, mentions.c.surface, func.count())
            .where(mentions.c.entity_id == entity_id)
            .group_by(mentions.c.article_id, mentions.c.surface)
        )
        with self.engine.connect() as conn:
            return [(a, surface, int(n)) for a, surface, n in conn.execute(stmt)]

    def article_summaries(self, language: str = "en") -> list[dict[str, Any]]:
        """One row of metadata per article (no text): for lists and overviews."""
        n_sentences = (
            select(sentences.c.article_id, func.count().label("n")).group_by(sentences.c.article_id).subquery()
        )
        stmt = (
            select(
                articles.c.id,
                articles.c.published,
                articles.c.title,
                articles.c.source,
                articles.c.language,
                articles.c.word_count,
                func.coalesce(n_sentences.c.n, 0).label("sentences"),
                translations.c.status.label("translation_status"),
                translations.c.provider.label("translation_provider"),
            )
            .select_from(articles)
            .outerjoin(n_sentences, n_sentences.c.article_id == articles.c.id)
            .outerjoin(
                translations, (translations.c.article_id == articles.c.id) & (translations.c.language == language)
            )
            .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]

    def search(self, query: str, limit: int = 1000) -> list[str]:
        """Ids of articles whose title, text or translation contain every word of ``query``."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        with self.engine.connect() as conn:
            if self.is_sqlite:
                # Each word quoted: user input is never FTS5 syntax.
                match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                rows = conn.execute(
                    text("SELECT article_id FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"),
                    {"q": match, "n": limit},
                )
                return [r[0] for r in rows]
            stmt = select(articles.c.id).limit(limit)
            for w in words:
                stmt = stmt.where(articles.c.text.ilike(f"%{w}%") | articles.c.title.ilike(f"%{w}%"))
            return [r[0] for r in conn.execute(stmt)]

    def stats(self) -> dict[str, Any]:
        """Counts a user wants at a glance: articles, languages, sources, dates, translations."""
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(articles)).scalar() or 0
            by_lang: dict[str, int] = dict(
                conn.execute(
                    select(articles.c.language, func.count())
                    .group_by(articles.c.language)
                    .order_by(func.count().desc())
                ).all()
            )
            by_source: dict[str, int] = dict(
                conn.execute(
                    select(func.coalesce(articles.c.source, "(unknown)"), func.count())
                    .group_by(articles.c.source)
                    .order_by(func.count().desc())
                ).all()
            )
            first, last = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))).one()
            n_sent = conn.execute(select(func.count()).select_from(sentences)).scalar() or 0
            words = conn.execute(select(func.coalesce(func.sum(articles.c.word_count), 0))).scalar() or 0
            by_status: dict[str, int] = dict(
                conn.execute(select(translations.c.status, func.count()).group_by(translations.c.status)).all()
            )
        return {
            "schema_version": self.schema_version(),
            "articles": n,
            "sentences": n_sent,
            "words": int(words),
            "languages": by_lang,
            "sources": by_source,
            "published_first": first,
            "published_last": last,
            "translations": by_status,
        }

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (the dashboard) never block the writer (an ingest) and a
    # crash mid-write leaves the last committed state. synchronous=NORMAL is
    # durable at each transaction's checkpoint and much faster than FULL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
