"""Dashboard data: the store as DataFrames, filters, and the aggregations the views draw.

Everything here is a pure function of DataFrames (plus the loader), so the
Streamlit pages stay thin and every aggregation is unit-tested without a browser.

At 100,000 articles and 2 M mentions a rerun must stay well under a second, so
:class:`Frames` builds, once per data version, integer-coded arrays over the
mentions and events (:class:`Index`): a filter is a boolean mask over articles,
and every aggregation is a few NumPy gathers and ``bincount`` calls over those
codes instead of string joins and group-bys.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, TypeAlias

import numpy as np
import pandas as pd
from sqlalchemy import select

from presslens import store as tables
from presslens.store import Store

log = logging.getLogger(__name__)

# What an aggregation accepts as "the selected articles": ids, or a boolean mask
# over ``frames.articles`` (what the filters produce; the fast path).
Selection: TypeAlias = pd.Index | np.ndarray | Sequence[str]

SNAPSHOT_FORMAT = 2  # bump when the snapshot's columns change: older snapshots are ignored


@dataclass(frozen=True)
class Index:
    """Integer codes over the frames, built once per data version (see module doc).

    Mentions are sorted by (article, sentence), so one article's mentions are
    one slice (``m_offsets``); ``ent_rows`` lists mention rows by entity, so one
    entity's mentions are one slice too (``ent_offsets``).
    """

    m_art: np.ndarray  # int32: article position of each mention
    m_ent: np.ndarray  # int32: entity position of each mention
    m_sent: np.ndarray  # int32: sentence index of each mention
    m_first_art: np.ndarray  # bool: first mention of its (article, entity)
    m_first_sent: np.ndarray  # bool: first mention of its (article, sentence, entity)
    m_offsets: np.ndarray  # int64, n_articles + 1
    ent_rows: np.ndarray  # int64: mention rows ordered by entity
    ent_offsets: np.ndarray  # int64, n_entities + 1
    e_art: np.ndarray  # int32: article position of each event (events sorted by start)
    ea_event: np.ndarray  # int32: event row of each (event, actor) pair
    ea_ent: np.ndarray  # int32: entity position of each (event, actor) pair
    art_newest: np.ndarray  # int64: article positions, newest publication first (undated last)
    ent_type: np.ndarray  # object: each entity's type
    ent_country: np.ndarray  # object: each entity's ISO country (None when unknown)


def _codes(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Positions of ``values`` in ``index`` (-1 where absent), reusing categorical codes when they match."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.equals(index):
        return np.asarray(values.cat.codes, dtype=np.int32)
    return np.asarray(index.get_indexer(pd.Index(values.astype(object))), dtype=np.int32)


def _first_of(keys: np.ndarray) -> np.ndarray:
    """Boolean: the first occurrence of each key."""
    first = np.zeros(len(keys), dtype=bool)
    if len(keys):
        first[np.unique(keys, return_index=True)[1]] = True
    return first


def _offsets(sorted_codes: np.ndarray, n: int) -> np.ndarray:
    """CSR offsets of ``sorted_codes`` (non-decreasing ints in [0, n))."""
    return np.searchsorted(sorted_codes, np.arange(n + 1)).astype(np.int64)


@dataclass(frozen=True)
class Frames:
    """The processed store, read once: articles, entities, mentions, events.

    Built with any mentions/events frame (tests pass plain strings); the
    constructor normalises them (categorical ids, sorted rows, a positional
    index on events) and builds :attr:`ix`. Treat instances as read-only: the
    dashboard shares one per data version between all sessions.
    """

    articles: pd.DataFrame  # index: article id
    entities: pd.DataFrame  # index: entity id
    mentions: pd.DataFrame  # article_id, entity_id, sentence
    events: pd.DataFrame  # article_id, sentence, date, precision, part, date_text, type, actors, start
    ix: Index = field(init=False, repr=False, compare=False)
    _memo: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        arts, ents = self.articles.index, self.entities.index
        m = self.mentions
        m_art, m_ent = _codes(m["article_id"], arts), _codes(m["entity_id"], ents)
        m_sent = np.asarray(m["sentence"], dtype=np.int32)
        # A snapshot (see load_frames) holds mentions already cleaned, sorted and flagged:
        # re-deriving that costs a second at 2 M mentions.
        flagged = {"first_art", "first_sent"} <= set(m.columns) and bool((m_art >= 0).all() and (m_ent >= 0).all())
        if flagged:
            first_art = m["first_art"].to_numpy(dtype=bool)
            first_sent = m["first_sent"].to_numpy(dtype=bool)
        else:
            keep = (m_art >= 0) & (m_ent >= 0)
            m_art, m_ent, m_sent = m_art[keep], m_ent[keep], m_sent[keep]
            order = np.lexsort((m_sent, m_art))
            m_art, m_ent, m_sent = m_art[order], m_ent[order], m_sent[order]
        mentions = pd.DataFrame(
            {
                "article_id": pd.Categorical.from_codes(m_art, categories=arts),
                "entity_id": pd.Categorical.from_codes(m_ent, categories=ents),
                "sentence": m_sent,
            }
        )
        if not flagged:
            n_ent = max(len(ents), 1)
            n_sent = int(m_sent.max()) + 1 if len(m_sent) else 1
            first_art = _first_of(m_art.astype(np.int64) * n_ent + m_ent)
            first_sent = _first_of((m_art.astype(np.int64) * n_sent + m_sent) * n_ent + m_ent)
        ent_rows = np.argsort(m_ent, kind="stable").astype(np.int64)

        ev = self.events
        if "start" not in ev.columns:
            ev = ev.assign(start=pd.Series(dtype="datetime64[ns]"))
        ev = ev.sort_values("start", kind="stable", na_position="last").reset_index(drop=True)
        e_art = _codes(ev["article_id"], arts) if len(ev) else np.zeros(0, dtype=np.int32)
        if len(ev) and (e_art < 0).any():
            ev = ev[e_art >= 0].reset_index(drop=True)
            e_art = e_art[e_art >= 0]
        actor_lists = ev["actors"].tolist() if len(ev) else []
        lengths = np.fromiter((len(a) for a in actor_lists), dtype=np.int64, count=len(actor_lists))
        ea_event = np.repeat(np.arange(len(ev), dtype=np.int32), lengths)
        flat = [a for actors in actor_lists for a in actors]
        ea_ent = np.asarray(ents.get_indexer(pd.Index(flat, dtype=object)), dtype=np.int32) if flat else ea_event[:0]
        known = ea_ent >= 0
        published = self.articles["published"] if "published" in self.articles else pd.Series(None, index=arts)
        # Newest first; undated ("" sorts lowest) last. Sorted once, so "the latest N
        # of a selection" is a walk down this order, not a sort per rerun.
        newest = np.asarray(
            pd.Series(published.to_numpy(dtype=object), dtype=object)
            .fillna("")
            .astype(str)
            .sort_values(ascending=False, kind="stable")
            .index,
            dtype=np.int64,
        )
        ix = Index(
            m_art=m_art,
            m_ent=m_ent,
            m_sent=m_sent,
            m_first_art=first_art,
            m_first_sent=first_sent,
            m_offsets=_offsets(m_art, len(arts)),
            ent_rows=ent_rows,
            ent_offsets=_offsets(m_ent[ent_rows], len(ents)),
            e_art=e_art,
            ea_event=ea_event[known],
            ea_ent=ea_ent[known],
            art_newest=newest,
            ent_type=self.entities["type"].to_numpy(dtype=object),
            ent_country=self.entities["country"].to_numpy(dtype=object),
        )
        object.__setattr__(self, "mentions", mentions)
        object.__setattr__(self, "events", ev)
        object.__setattr__(self, "ix", ix)

    @property
    def empty(self) -> bool:
        """Whether the store holds no article."""
        return bool(self.articles.empty)

    def options(self) -> dict[str, list[str]]:
        """What the filter widgets offer (computed once per Frames)."""
        if "options" not in self._memo:
            ents = self.entities
            countries = ents[ents["type"] == "country"].sort_values("name")
            counts = pd.Series(np.bincount(self.ix.m_ent, minlength=len(ents)), index=ents.index)
            actors = ents[ents["type"].isin(["person", "organization"])].assign(n=counts)
            actors = actors.sort_values(["n", "name"], ascending=[False, True])
            self._memo["options"] = {
                "countries": countries["country"].dropna().tolist(),
                "actors": actors.index.tolist(),
                "languages": sorted(self.articles["language"].dropna().unique().tolist()),
                "sources": sorted(s for s in self.articles["source"].unique().tolist() if s),
                "event_types": sorted(self.events["type"].unique().tolist()) if not self.events.empty else [],
            }
        return dict(self._memo["options"])

    def entities_by_mentions(self, limit: int | None = None) -> list[str]:
        """Entity ids, most mentioned first (memoised): e.g. the choices for "merge into"."""
        if "by_mentions" not in self._memo:
            counts = np.bincount(self.ix.m_ent, minlength=len(self.entities))
            self._memo["by_mentions"] = self.entities.index[np.argsort(-counts, kind="stable")].tolist()
        ranked: list[str] = self._memo["by_mentions"]
        return ranked[:limit] if limit is not None else list(ranked)

    def mask(self, selection: Selection | None) -> np.ndarray:
        """A boolean mask over articles for ``selection`` (ids or a mask; None: every article)."""
        n = len(self.articles)
        if selection is None:
            return np.ones(n, dtype=bool)
        if isinstance(selection, np.ndarray) and selection.dtype == bool:
            if len(selection) != n:
                raise ValueError(f"article mask has {len(selection)} entries, the frames {n} articles")
            return selection
        positions = self.articles.index.get_indexer(pd.Index(list(selection), dtype=object))
        out = np.zeros(n, dtype=bool)
        out[positions[positions >= 0]] = True
        return out

    def entity_mask(self, entity_ids: Iterable[str]) -> np.ndarray:
        """A boolean mask over entities."""
        positions = self.entities.index.get_indexer(pd.Index(list(entity_ids), dtype=object))
        out = np.zeros(len(self.entities), dtype=bool)
        out[positions[positions >= 0]] = True
        return out

    def entity_rows(self, entity_id: str) -> np.ndarray:
        """Mention rows of one entity (empty when unknown)."""
        pos = self.entities.index.get_indexer([entity_id])[0]
        if pos < 0:
            return np.zeros(0, dtype=np.int64)
        return self.ix.ent_rows[self.ix.ent_offsets[pos] : self.ix.ent_offsets[pos + 1]]


def _date_start(value: str | None) -> pd.Timestamp | None:
    """The first day a date of any precision covers ("2024-06" -> 2024-06-01)."""
    if not value:
        return None
    first = value.split("/", 1)[0]
    parts = first.split("-")
    try:
        return pd.Timestamp(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        )
    except (ValueError, IndexError):
        return None


def _date_starts(values: pd.Series) -> pd.Series:
    """:func:`_date_start` of a column, parsed once per distinct value (dates repeat a lot)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    if not len(uniques):  # nothing dated at all
        return pd.Series(np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]"), index=values.index)
    parsed = pd.to_datetime(pd.Series([_date_start(u) for u in uniques], dtype=object))
    out = parsed.to_numpy(dtype="datetime64[ns]")[np.maximum(codes, 0)]
    out[codes < 0] = np.datetime64("NaT")
    return pd.Series(out, index=values.index)


def _query(store: Store, stmt: Any) -> list[tuple[Any, ...]]:
    """Run a Core statement on the raw DB-API cursor: row objects cost ~10x at 2M rows."""
    compiled = stmt.compile(dialect=store.engine.dialect, compile_kwargs={"literal_binds": True})
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(str(compiled))
        return list(cursor.fetchall())
    finally:
        raw.close()


ARTICLE_COLUMNS = [
    "id",
    "title",
    "source",
    "url",
    "published",
    "published_precision",
    "language",
    "word_count",
    "translation_status",
    "translation_provider",
    "title_translation",
]
EVENT_COLUMNS = ["article_id", "sentence", "date", "precision", "part", "date_text", "type", "actors"]
_ACTOR_SEP = "\x1f"  # joins an event's actor ids in the snapshot (ids never contain it)


def _read_tables(store: Store, language: str) -> dict[str, pd.DataFrame]:
    """The four tables the dashboard reads, as raw DataFrames (events' actors still JSON)."""
    t = tables
    articles = pd.DataFrame(
        _query(
            store,
            select(
                t.articles.c.id,
                t.articles.c.title,
                t.articles.c.source,
                t.articles.c.url,
                t.articles.c.published,
                t.articles.c.published_precision,
                t.articles.c.language,
                t.articles.c.word_count,
                t.translations.c.status,
                t.translations.c.provider,
                t.translations.c.title,
            ).outerjoin(
                t.translations,
                (t.translations.c.article_id == t.articles.c.id) & (t.translations.c.language == language),
            ),
        ),
        columns=ARTICLE_COLUMNS,
    )
    entities = pd.DataFrame(
        _query(store, select(t.entities.c.id, t.entities.c.name, t.entities.c.type, t.entities.c.country)),
        columns=["id", "name", "type", "country"],
    )
    mentions = pd.DataFrame(
        _query(store, select(t.mentions.c.article_id, t.mentions.c.entity_id, t.mentions.c.sentence)),
        columns=["article_id", "entity_id", "sentence"],
    )
    events = pd.DataFrame(
        _query(
            store,
            select(
                t.events.c.article_id,
                t.events.c.sentence,
                t.events.c.date,
                t.events.c.precision,
                t.events.c.part,
                t.events.c.date_text,
                t.events.c.type,
                t.events.c.actors,
            ),
        ),
        columns=EVENT_COLUMNS,
    )
    events["actors"] = [_ACTOR_SEP.join(json.loads(a or "[]")) for a in events["actors"]]
    # Categorical ids: group-bys on integer codes, and a snapshot a fraction of the size.
    mentions["article_id"] = mentions["article_id"].astype("category")
    mentions["entity_id"] = mentions["entity_id"].astype("category")
    mentions["sentence"] = mentions["sentence"].astype("int32")
    return {"articles": articles, "entities": entities, "mentions": mentions, "events": events}


def _frames_from_tables(raw: Mapping[str, pd.DataFrame]) -> Frames:
    articles, entities = raw["articles"].copy(), raw["entities"].copy()
    mentions, events = raw["mentions"], raw["events"].copy()
    articles["source"] = articles["source"].fillna("")
    articles["published_date"] = _date_starts(articles["published"])
    articles = articles.set_index("id", drop=False).rename_axis(None)
    entities = entities.set_index("id", drop=False).rename_axis(None)
    events["actors"] = [a.split(_ACTOR_SEP) if a else [] for a in events["actors"]]
    events["start"] = _date_starts(events["date"]) if not events.empty else pd.Series(dtype="datetime64[ns]")
    return Frames(articles, entities, mentions, events)


def snapshot_dir_for(store: Store) -> Path | None:
    """Where the dashboard keeps its snapshot of ``store``: beside an SQLite file, else none."""
    return store.path.with_name(store.path.name + ".snapshot") if store.path is not None else None


def _snapshot_key(version: str, language: str) -> str:
    safe = "".join(c if c.isalnum() else "_" for c in version)[:80]
    return f"v{SNAPSHOT_FORMAT}-{language}-{safe}"


def _read_snapshot(folder: Path, key: str) -> dict[str, pd.DataFrame] | None:
    target = folder / key
    try:
        return {
            name: pd.read_parquet(target / f"{name}.parquet") for name in ("articles", "entities", "mentions", "events")
        }
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged snapshot is only a lost shortcut: read the store instead
        log.warning("ignoring unreadable dashboard snapshot %s: %s", target, exc)
        return None


def _write_snapshot(folder: Path, key: str, raw: Mapping[str, pd.DataFrame]) -> None:
    """Write the snapshot atomically (a temp folder renamed into place) and drop older ones."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
    try:
        for name, frame in raw.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        target = folder / key
        if target.exists():
            shutil.rmtree(tmp)
        else:
            os.replace(tmp, target)
    except Exception:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in folder.iterdir():
        if old.name != key and not old.name.startswith(".tmp-"):
            shutil.rmtree(old, ignore_errors=True)


def load_frames(store: Store, language: str = "en", *, snapshot: Path | bool | None = True) -> Frames:
    """Read the store into DataFrames (metadata only: article text stays in the store).

    Reading 2 M mentions through SQL takes seconds, so the raw tables are kept as
    a Parquet snapshot keyed by the store's data version (``snapshot=True``: beside
    an SQLite store; a path: there; False: never). A cold start on an unchanged
    store reads the snapshot in a fraction of a second; any write to the store
    changes the version, and the next load reads SQL and replaces the snapshot.
    """
    folder = snapshot_dir_for(store) if snapshot is True else (snapshot or None)
    if folder is None:
        return _frames_from_tables(_read_tables(store, language))
    version = store.data_version()
    key = _snapshot_key(version, language)
    raw = _read_snapshot(folder, key)
    if raw is not None:
        return _frames_from_tables(raw)
    raw = _read_tables(store, language)
    frames = _frames_from_tables(raw)
    if store.data_version() == version:  # nothing was written while reading: the snapshot is consistent
        flagged = frames.mentions.assign(first_art=frames.ix.m_first_art, first_sent=frames.ix.m_first_sent)
        try:
            _write_snapshot(folder, key, {**raw, "mentions": flagged})
        except OSError as exc:
            log.warning("could not write the dashboard snapshot in %s: %s", folder, exc)
    return frames


# --- filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What an editor filtered by; also the URL's query parameters (see ``to_params``)."""

    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    query: str = ""

    # URL parameter name of each field (short: links get pasted into chats).
    PARAMS: ClassVar[dict[str, str]] = {
        "countries": "country",
        "actors": "actor",
        "languages": "lang",
        "sources": "source",
        "date_from": "from",
        "date_to": "to",
        "event_types": "type",
        "query": "q",
    }

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return self != Filters()

    def to_params(self) -> dict[str, str]:
        """Query parameters for a link that reopens this view (empty filters omitted)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if not value:
                continue
            key = self.PARAMS[f.name]
            out[key] = (
                ",".join(value)
                if isinstance(value, tuple)
                else value.isoformat()
                if isinstance(value, date)
                else str(value)
            )
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Filters from query parameters; malformed values are dropped, not fatal."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = params.get(cls.PARAMS[f.name])
            if raw is None:
                continue
            text = ",".join(raw) if isinstance(raw, list) else str(raw)
            if f.name in ("date_from", "date_to"):
                try:
                    values[f.name] = date.fromisoformat(text)
                except ValueError:
                    continue
            elif f.name == "query":
                values[f.name] = text.strip()[:200]
            else:
                values[f.name] = tuple(v for v in (p.strip() for p in text.split(",")) if v)
        return cls(**values)


def _mentioning(frames: Frames, entity_mask: np.ndarray) -> np.ndarray:
    """Boolean over articles: those with a mention of any entity in ``entity_mask``."""
    ix = frames.ix
    hit = np.zeros(len(frames.articles), dtype=bool)
    hit[ix.m_art[entity_mask[ix.m_ent]]] = True
    return hit


def filter_mask(frames: Frames, filters: Filters, search_ids: Iterable[str] | None = None) -> np.ndarray:
    """Boolean over ``frames.articles``: the articles that pass every filter.

    A country filter keeps articles that mention the country or any actor
    affiliated with it (its leaders, ministries, media).
    """
    arts = frames.articles
    mask = np.ones(len(arts), dtype=bool)
    if filters.languages:
        mask &= arts["language"].isin(filters.languages).to_numpy(dtype=bool)
    if filters.sources:
        mask &= arts["source"].isin(filters.sources).to_numpy(dtype=bool)
    if filters.date_from:
        mask &= (arts["published_date"] >= pd.Timestamp(filters.date_from)).to_numpy(dtype=bool)
    if filters.date_to:
        mask &= (arts["published_date"] <= pd.Timestamp(filters.date_to)).to_numpy(dtype=bool)
    if filters.countries:
        mask &= _mentioning(frames, frames.entities["country"].isin(filters.countries).to_numpy(dtype=bool))
    if filters.actors:
        mask &= _mentioning(frames, frames.entity_mask(filters.actors))
    if filters.event_types:
        rows = frames.events["type"].isin(filters.event_types).to_numpy(dtype=bool)
        hit = np.zeros(len(arts), dtype=bool)
        hit[frames.ix.e_art[rows]] = True
        mask &= hit
    if search_ids is not None:
        mask &= frames.mask(list(search_ids))
    return mask


def filter_articles(frames: Frames, filters: Filters, search_ids: Iterable[str] | None = None) -> pd.Index:
    """Ids of the articles that pass every filter (see :func:`filter_mask`)."""
    return frames.articles.index[filter_mask(frames, filters, search_ids)]


# --- aggregations ---------------------------------------------------------------------


def _type_mask(frames: Frames, types: Iterable[str] | None) -> np.ndarray:
    if types is None:
        return np.ones(len(frames.entities), dtype=bool)
    return np.isin(frames.ix.ent_type, list(types))


def _article_rows(frames: Frames, positions: np.ndarray) -> np.ndarray:
    """Mention rows of the articles at ``positions`` (one slice each, concatenated)."""
    off = frames.ix.m_offsets
    starts, lengths = off[positions], off[positions + 1] - off[positions]
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return shift + np.arange(total, dtype=np.int64)


def top_actors(frames: Frames, ids: Selection, n: int = 15, types: Iterable[str] | None = None) -> pd.DataFrame:
    """Most mentioned actors in the given articles: name, type, country, articles, mentions."""
    ix = frames.ix
    rows = frames.mask(ids)[ix.m_art] & _type_mask(frames, types)[ix.m_ent]
    n_ent = len(frames.entities)
    mentions = np.bincount(ix.m_ent[rows], minlength=n_ent)
    articles = np.bincount(ix.m_ent[rows & ix.m_first_art], minlength=n_ent)
    hit = np.flatnonzero(mentions)
    if not len(hit):
        return pd.DataFrame(columns=["id", "name", "type", "country", "articles", "mentions"])
    names = frames.entities["name"].to_numpy(dtype=object)[hit].astype(str)
    chosen = hit[np.lexsort((names, -mentions[hit], -articles[hit]))[:n]]
    ents = frames.entities.iloc[chosen]
    return pd.DataFrame(
        {
            "id": ents.index.to_numpy(dtype=object),
            "name": ents["name"].to_numpy(dtype=object),
            "type": ents["type"].to_numpy(dtype=object),
            "country": ents["country"].to_numpy(dtype=object),
            "articles": articles[chosen],
            "mentions": mentions[chosen],
        }
    )


def article_actors(frames: Frames, ids: Selection, per_article: int = 3) -> pd.Series:
    """The top actors' names per article (places left out), for article cards."""
    ix = frames.ix
    rows = _article_rows(frames, np.flatnonzero(frames.mask(ids)))
    rows = rows[ix.ent_type[ix.m_ent[rows]] != "location"]
    if not len(rows):
        return pd.Series(dtype=object)
    n_ent = len(frames.entities)
    keys, counts = np.unique(ix.m_art[rows].astype(np.int64) * n_ent + ix.m_ent[rows], return_counts=True)
    table = pd.DataFrame({"a": keys // n_ent, "e": keys % n_ent, "n": counts})
    table = table.sort_values(["a", "n"], ascending=[True, False], kind="stable").groupby("a").head(per_article)
    names = frames.entities["name"].to_numpy(dtype=object)
    out: dict[str, list[str]] = {}
    for a, e in zip(table["a"].to_numpy(), table["e"].to_numpy(), strict=True):
        out.setdefault(frames.articles.index[a], []).append(str(names[e]))
    return pd.Series(out, dtype=object)


def latest_positions(frames: Frames, ids: Selection, limit: int) -> np.ndarray:
    """Positions of the ``limit`` most recently published articles of the selection."""
    order = frames.ix.art_newest
    chosen: np.ndarray = order[frames.mask(ids)[order]][:limit]
    return chosen


def latest_cards(frames: Frames, ids: Selection, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` most recent articles as card data (title, date, source, language, top actors)."""
    chosen = latest_positions(frames, ids, limit)
    arts = frames.articles.iloc[chosen]
    only = np.zeros(len(frames.articles), dtype=bool)
    only[chosen] = True
    tops = article_actors(frames, only)
    return [
        {
            "id": aid,
            "title": row["title"],
            "published": row["published"] if isinstance(row["published"], str) else None,  # NaN when undated
            "source": row["source"],
            "language": row["language"],
            "actors": tops.get(aid, []),
        }
        for aid, row in arts.iterrows()
    ]


def _event_rows(frames: Frames, ids: Selection, filters: Filters) -> np.ndarray:
    rows: np.ndarray = frames.mask(ids)[frames.ix.e_art]
    if filters.event_types:
        rows &= frames.events["type"].isin(filters.event_types).to_numpy(dtype=bool)
    return rows


def _with_article_meta(frames: Frames, events: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    meta = frames.articles.iloc[positions]
    return events.assign(
        title=meta["title"].to_numpy(dtype=object),
        source=meta["source"].to_numpy(dtype=object),
        language=meta["language"].to_numpy(dtype=object),
        published=meta["published"].to_numpy(dtype=object),
    )


def filtered_events(frames: Frames, ids: Selection, filters: Filters, *, meta: bool = True) -> pd.DataFrame:
    """The events of the given articles (of the selected types), oldest first, with article metadata.

    The index is the event's row in ``frames.events`` (what :func:`timeline_points` uses).
    ``meta=False`` leaves out the article's title, source, language and date (80,000
    events' worth of them cost more than everything else a timeline rerun does).
    """
    rows = _event_rows(frames, ids, filters)
    if not meta:
        return frames.events[rows]
    return _with_article_meta(frames, frames.events[rows], frames.ix.e_art[rows])


def with_article_meta(frames: Frames, events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (rows of ``frames.events``) with their article's title, source, language and date."""
    positions = frames.articles.index.get_indexer(pd.Index(events["article_id"].astype(object)))
    return _with_article_meta(frames, events, positions)


def latest_events(frames: Frames, ids: Selection, filters: Filters, n: int = 12) -> pd.DataFrame:
    """The ``n`` most recent dated events of the selection, newest first, with article metadata."""
    rows = _event_rows(frames, ids, filters) & frames.events["start"].notna().to_numpy(dtype=bool)
    chosen = np.flatnonzero(rows)[::-1][:n]  # events are sorted by start
    return _with_article_meta(frames, frames.events.iloc[chosen], frames.ix.e_art[chosen])


def _factorized(frames: Frames, column: str, table: str = "events") -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column of ``frames.events`` (or ``frames.articles``), missing values too; memoised."""
    key = f"{table}_codes_{column}"
    if key not in frames._memo:
        frame: pd.DataFrame = getattr(frames, table)
        codes, uniques = pd.factorize(frame[column].astype(object), use_na_sentinel=False)
        frames._memo[key] = (np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object))
    result: tuple[np.ndarray, np.ndarray] = frames._memo[key]
    return result


TIMELINE_COLUMNS = [
    "row",
    "entity_id",
    "country",
    "date",
    "start",
    "precision",
    "type",
    "date_text",
    "article_id",
    "sentence",
    "reports",
    "source",
    "title",
]


def timeline_points(
    frames: Frames, events: pd.DataFrame, *, rows: str = "actor", max_rows: int = 25, max_points: int = 1500
) -> pd.DataFrame:
    """One point per (row, date, type): the events a timeline draws, counted.

    ``events`` is a subset of ``frames.events`` (e.g. :func:`filtered_events`),
    indexed by event row. ``rows`` is ``actor`` (an event appears on the row of
    each actor in it) or ``type``. Keeps the ``max_rows`` busiest rows and the
    ``max_points`` most reported points, so the chart stays readable and fast at
    any corpus size; each point keeps its first example (article, sentence) for
    its evidence, and ``reports`` counts the distinct articles behind it.
    """
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    ix = frames.ix
    ev_rows = events.index.to_numpy(dtype=np.int64)
    type_codes, type_names = _factorized(frames, "type")
    if rows == "actor":
        selected = np.zeros(len(frames.events), dtype=bool)
        selected[ev_rows] = True
        pick = selected[ix.ea_event]
        pr_event, row_code = ix.ea_event[pick].astype(np.int64), ix.ea_ent[pick].astype(np.int64)
    else:
        pr_event, row_code = ev_rows, type_codes[ev_rows]
    if not len(pr_event):
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    per_row = np.bincount(row_code)
    busiest = np.flatnonzero(per_row)
    busiest = busiest[np.argsort(-per_row[busiest], kind="stable")][:max_rows]
    keep = np.isin(row_code, busiest)
    pr_event, row_code = pr_event[keep], row_code[keep]
    date_codes, _ = _factorized(frames, "date")
    n_dates, n_types = int(date_codes.max()) + 1, len(type_names)
    key = (row_code * n_dates + date_codes[pr_event]) * n_types + type_codes[pr_event]
    groups, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    n_art = len(frames.articles)
    distinct = np.unique(inverse.astype(np.int64) * n_art + ix.e_art[pr_event])
    reports = np.bincount(distinct // n_art, minlength=len(groups))
    top = np.argsort(-reports, kind="stable")[:max_points]
    examples = pr_event[first[top]]
    chosen_rows = row_code[first[top]]
    points = events.loc[examples].reset_index(drop=True)
    if "title" not in points:
        points = _with_article_meta(frames, points, ix.e_art[examples])
    if rows == "actor":
        ents = frames.entities.iloc[chosen_rows]
        points["entity_id"] = ents.index.to_numpy(dtype=object)
        points["row"] = ents["name"].to_numpy(dtype=object)
        points["country"] = ents["country"].to_numpy(dtype=object)
    else:
        points["entity_id"] = None
        points["row"] = type_names[chosen_rows]
        points["country"] = None
    points["reports"] = reports[top]
    points = points.sort_values("start", kind="stable").reset_index(drop=True)
    return points[[c for c in TIMELINE_COLUMNS if c in points.columns]]


FREQUENCIES = {"D": "day", "W": "week", "M": "month"}
MAX_FILLED_PERIODS = 5000  # zero-fill empty periods up to this many (a stray 1949 date must not make 27k days)


def _periods(frames: Frames, freq: str) -> pd.Series:
    """Each article's period start (day, Monday of its week, first of its month), memoised."""
    key = f"periods_{freq}"
    if key not in frames._memo:
        dates = frames.articles["published_date"]
        if freq == "D":
            out = dates.dt.normalize()
        elif freq == "W":
            out = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
        elif freq == "M":
            out = dates.dt.to_period("M").dt.start_time
        else:
            raise ValueError(f"unknown frequency {freq!r}: one of {', '.join(FREQUENCIES)}")
        frames._memo[key] = out.reset_index(drop=True)
    result: pd.Series = frames._memo[key]
    return result


def _filled(counts: pd.Series, freq: str, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """``counts`` per period with the empty periods between ``span`` as zeros."""
    offset = {"D": "D", "W": "W-MON", "M": "MS"}[freq]
    full = pd.date_range(span[0], span[1], freq=offset)
    if len(full) > MAX_FILLED_PERIODS:
        return counts.sort_index()
    return counts.reindex(full, fill_value=0)


def volume(frames: Frames, ids: Selection, freq: str = "W", actors: list[str] | None = None) -> pd.DataFrame:
    """Articles per period (``D``, ``W``, ``M``), overall or per actor, empty periods as zero.

    Long format: ``actor`` (a name, or "All articles"), ``period`` (the period's
    first day; weeks start on Monday), ``articles``.
    """
    mask = frames.mask(ids)
    periods = _periods(frames, freq)
    dated = periods.notna().to_numpy(dtype=bool)
    chosen = mask & dated
    if not chosen.any():
        return pd.DataFrame(columns=["actor", "period", "articles"])
    span = (periods[chosen].min(), periods[chosen].max())
    if not actors:
        counts = _filled(periods[chosen].value_counts(), freq, span)
        return pd.DataFrame({"actor": "All articles", "period": counts.index, "articles": counts.to_numpy()})
    ix = frames.ix
    parts = []
    for actor in actors:
        rows = frames.entity_rows(actor)
        arts = ix.m_art[rows[ix.m_first_art[rows]]]
        arts = arts[chosen[arts]]
        if not len(arts):
            continue
        counts = _filled(periods.iloc[arts].value_counts(), freq, span)
        name = str(frames.entities.at[actor, "name"])
        parts.append(pd.DataFrame({"actor": name, "period": counts.index, "articles": counts.to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["actor", "period", "articles"])
    return pd.concat(parts, ignore_index=True)


MEASURES = ("count", "jaccard", "pmi")
MAX_COOC_ACTORS = 64  # one bit per actor in a window's bitmask (see cooccurrence_counts)


@dataclass(frozen=True)
class CoCounts:
    """Shared windows of the top actors: the part of a co-occurrence that costs."""

    ids: list[str]  # the top actors, most frequent first
    together: np.ndarray  # k x k: windows holding both (diagonal: windows holding the actor)
    units: int  # windows holding any of the top actors
    window: str


def cooccurrence_counts(
    frames: Frames,
    ids: Selection,
    *,
    window: str = "sentence",
    top_n: int = 20,
    types: Iterable[str] = ("country", "person", "organization"),
) -> CoCounts:
    """Count, for the ``top_n`` most frequent actors, the windows (sentences or articles) they share.

    Each window's set of top actors becomes a 64-bit mask; the distinct masks,
    weighted by how often they occur, give the k x k matrix as one small
    product. No unit x actor matrix and no pair join: bounded memory at 2 M
    mentions, tens of milliseconds.
    """
    if window not in ("sentence", "article"):
        raise ValueError(f"unknown window {window!r}: sentence or article")
    top_n = max(1, min(top_n, MAX_COOC_ACTORS))
    ix = frames.ix
    first = ix.m_first_sent if window == "sentence" else ix.m_first_art
    rows = frames.mask(ids)[ix.m_art] & _type_mask(frames, types)[ix.m_ent] & first
    freq = np.bincount(ix.m_ent[rows], minlength=len(frames.entities))
    present = np.flatnonzero(freq)
    if not len(present):
        return CoCounts([], np.zeros((0, 0)), 0, window)
    top = present[np.lexsort((present, -freq[present]))][:top_n]
    column = np.full(len(frames.entities), -1, dtype=np.int64)
    column[top] = np.arange(len(top))
    r = np.flatnonzero(rows & (column[ix.m_ent] >= 0))
    unit = ix.m_art[r].astype(np.int64)
    if window == "sentence":
        unit = unit * (int(ix.m_sent.max()) + 1) + ix.m_sent[r]
    starts = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1]]))  # rows are sorted by unit
    bits = np.left_shift(np.uint64(1), column[ix.m_ent[r]].astype(np.uint64))
    masks, weight = np.unique(np.bitwise_or.reduceat(bits, starts), return_counts=True)
    k = len(top)
    onehot = ((masks[:, None] >> np.arange(k, dtype=np.uint64)) & np.uint64(1)).astype(np.float64)
    together = (onehot * weight[:, None]).T @ onehot
    return CoCounts(frames.entities.index[top].tolist(), together, len(starts), window)


def cooccurrence_matrix(frames: Frames, counts: CoCounts, measure: str = "count") -> pd.DataFrame:
    """The actor x actor matrix of a measure, ordered so related actors sit together.

    ``count`` of shared windows, ``jaccard`` (shared / either), or ``pmi`` (log of
    observed over expected co-occurrence; 0 where never together). The diagonal
    holds each actor's own count for ``count``, 0 otherwise.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: one of {', '.join(MEASURES)}")
    if not counts.ids:
        return pd.DataFrame()
    together = counts.together
    single = np.diag(together).copy()
    if measure == "jaccard":
        union = single[:, None] + single[None, :] - together
        values = np.divide(together, union, out=np.zeros_like(together), where=union > 0)
    elif measure == "pmi":
        expected = single[:, None] * single[None, :] / max(counts.units, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(together > 0, np.log(together / expected), 0.0)
    else:
        values = together.copy()
    np.fill_diagonal(values, 0.0 if measure != "count" else single)
    order = _seriation(together)
    names = frames.entities.loc[counts.ids, "name"].to_numpy(dtype=object)
    labels = [str(names[i]) for i in order]
    matrix = pd.DataFrame(values[np.ix_(order, order)], index=labels, columns=labels)
    matrix.attrs["ids"] = [counts.ids[i] for i in order]
    return matrix


def cooccurrence(
    frames: Frames,
    ids: Selection,
    *,
    window: str = "sentence",
    measure: str = "count",
    top_n: int = 20,
    types: Iterable[str] = ("country", "person", "organization"),
) -> pd.DataFrame:
    """Actor x actor matrix over the top-N actors (:func:`cooccurrence_counts` then :func:`cooccurrence_matrix`)."""
    counts = cooccurrence_counts(frames, ids, window=window, top_n=top_n, types=types)
    return cooccurrence_matrix(frames, counts, measure)


def cooccurrence_pairs(matrix: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The matrix as a table of pairs (each once), strongest first: the heatmap's data as rows."""
    ids = matrix.attrs.get("ids", list(matrix.index))
    values = matrix.to_numpy(dtype=float)
    i, j = np.triu_indices(len(ids), k=1)
    keep = values[i, j] != 0
    i, j = i[keep], j[keep]
    out = pd.DataFrame(
        {
            "actor": matrix.index.to_numpy(dtype=object)[i],
            "with": matrix.columns.to_numpy(dtype=object)[j],
            measure: np.round(values[i, j], 3),
            "actor_id": np.asarray(ids, dtype=object)[i],
            "with_id": np.asarray(ids, dtype=object)[j],
        }
    )
    return out.sort_values(measure, ascending=False, kind="stable").reset_index(drop=True)


def _seriation(together: np.ndarray) -> list[int]:
    """Order actors so that those often seen together are neighbours (greedy chain)."""
    n = together.shape[0]
    if n == 0:
        return []
    sim = together.astype(float).copy()
    np.fill_diagonal(sim, -1)
    start = int(np.argmax(np.diag(together)))
    order, left = [start], set(range(n)) - {start}
    while left:
        last = order[-1]
        nxt = max(left, key=lambda j: (sim[last, j], together[j, j], -j))
        order.append(nxt)
        left.remove(nxt)
    return order


def _unit_keys(frames: Frames, rows: np.ndarray, window: str) -> np.ndarray:
    ix = frames.ix
    art = ix.m_art[rows].astype(np.int64)
    if window == "article":
        return np.unique(art)
    return np.unique(art * (int(ix.m_sent.max()) + 1) + ix.m_sent[rows])


def evidence(
    frames: Frames, ids: Selection, a: str, b: str, window: str = "sentence", limit: int = 200
) -> pd.DataFrame:
    """Where actors ``a`` and ``b`` appear together: (article_id, sentence) rows, newest first.

    ``attrs["total"]`` holds how many there are in all (the frame stops at ``limit``).
    For the article window, ``sentence`` is the first sentence naming either.
    """
    ix = frames.ix
    mask = frames.mask(ids)
    rows_a, rows_b = frames.entity_rows(a), frames.entity_rows(b)
    rows_a, rows_b = rows_a[mask[ix.m_art[rows_a]]], rows_b[mask[ix.m_art[rows_b]]]
    both = np.intersect1d(_unit_keys(frames, rows_a, window), _unit_keys(frames, rows_b, window))
    if window == "sentence":
        n_sent = int(ix.m_sent.max()) + 1 if len(ix.m_sent) else 1
        art, sentence = both // n_sent, both % n_sent
    else:
        art = both
        either = np.concatenate([rows_a, rows_b])
        firsts = pd.Series(ix.m_sent[either]).groupby(ix.m_art[either]).min()
        sentence = firsts.reindex(art).to_numpy(dtype=np.int64) if len(art) else art
    meta = frames.articles.iloc[art]
    out = pd.DataFrame(
        {
            "article_id": meta.index.to_numpy(dtype=object),
            "sentence": np.asarray(sentence, dtype=np.int64),
            "title": meta["title"].to_numpy(dtype=object),
            "source": meta["source"].to_numpy(dtype=object),
            "published": meta["published"].to_numpy(dtype=object),
            "language": meta["language"].to_numpy(dtype=object),
        }
    )
    out["_p"] = out["published"].fillna("").astype(str)
    out = out.sort_values(["_p", "article_id", "sentence"], ascending=[False, True, True], kind="stable")
    out = out.drop(columns="_p").head(limit).reset_index(drop=True)
    out.attrs["total"] = len(both)
    return out


def entity_articles(frames: Frames, ids: Selection, entity_id: str) -> np.ndarray:
    """Boolean over articles: those of the selection that mention ``entity_id``."""
    rows = frames.entity_rows(entity_id)
    hit = np.zeros(len(frames.articles), dtype=bool)
    hit[frames.ix.m_art[rows]] = True
    hit &= frames.mask(ids)
    return hit


@dataclass(frozen=True)
class SurfaceCounts:
    """How one actor is written, per article: positions in ``frames.articles``, coded surfaces, mentions."""

    positions: np.ndarray  # int64, article position per row
    codes: np.ndarray  # int64, index into ``surfaces``
    mentions: np.ndarray  # int64
    surfaces: tuple[str, ...]


def surface_counts(frames: Frames, counts: Sequence[tuple[str, str, int]]) -> SurfaceCounts:
    """Code :meth:`Store.entity_surface_counts` rows against ``frames`` (rows of unknown articles dropped)."""
    if not counts:
        empty = np.zeros(0, dtype=np.int64)
        return SurfaceCounts(empty, empty, empty, ())
    ids, written, n = zip(*counts, strict=True)
    pos = frames.articles.index.get_indexer(pd.Index(ids))
    codes, uniques = pd.factorize(pd.Series(written, dtype=object))
    keep = pos >= 0
    return SurfaceCounts(
        pos[keep].astype(np.int64),
        codes[keep].astype(np.int64),
        np.asarray(n, dtype=np.int64)[keep],
        tuple(str(u) for u in uniques),
    )


def surfaces_by_language(
    frames: Frames, counts: SurfaceCounts, chosen: np.ndarray | None = None
) -> list[dict[str, Any]]:
    """How an actor is written per article language: surface, language, mentions, articles.

    ``chosen`` is a boolean over ``frames.articles`` (None: every article). By
    language, then the most written first. Each row of ``counts`` is one
    (article, surface) pair, so counting rows counts distinct articles.
    """
    keep = np.ones(len(counts.positions), dtype=bool) if chosen is None else chosen[counts.positions]
    if not keep.any():
        return []
    lang_codes, langs = _factorized(frames, "language", "articles")
    names = [v if isinstance(v, str) and v else None for v in langs]  # a missing language is None
    lang = lang_codes[counts.positions[keep]]
    key = counts.codes[keep] * len(langs) + lang
    size = len(counts.surfaces) * len(langs)
    mentions = np.bincount(key, weights=counts.mentions[keep], minlength=size)
    articles = np.bincount(key, minlength=size)
    rows = [
        {
            "surface": counts.surfaces[k // len(langs)],
            "language": names[k % len(langs)],
            "mentions": int(mentions[k]),
            "articles": int(articles[k]),
        }
        for k in np.flatnonzero(articles)
    ]
    return sorted(rows, key=lambda r: (r["language"] or "", -r["mentions"], r["surface"]))


def entity_events(frames: Frames, ids: Selection, entity_id: str) -> pd.DataFrame:
    """The events of the selection that name ``entity_id``, oldest first, with article metadata."""
    ix = frames.ix
    pos = frames.entities.index.get_indexer([entity_id])[0]
    rows = np.unique(ix.ea_event[ix.ea_ent == pos]) if pos >= 0 else np.zeros(0, dtype=np.int64)
    rows = rows[frames.mask(ids)[ix.e_art[rows]]]
    return _with_article_meta(frames, frames.events.iloc[rows], ix.e_art[rows])


def co_actors(
    frames: Frames,
    ids: Selection,
    entity_id: str,
    *,
    n: int = 10,
    types: Iterable[str] = ("country", "person", "organization"),
) -> pd.DataFrame:
    """The actors most often in the same sentence as ``entity_id``: id, name, type, sentences."""
    ix = frames.ix
    own = frames.entity_rows(entity_id)
    own = own[frames.mask(ids)[ix.m_art[own]]]
    if not len(own):
        return pd.DataFrame(columns=["id", "name", "type", "sentences"])
    n_sent = int(ix.m_sent.max()) + 1
    units = np.unique(ix.m_art[own].astype(np.int64) * n_sent + ix.m_sent[own])
    rows = _article_rows(frames, np.unique(ix.m_art[own]))
    rows = rows[ix.m_first_sent[rows] & _type_mask(frames, types)[ix.m_ent[rows]]]
    keys = ix.m_art[rows].astype(np.int64) * n_sent + ix.m_sent[rows]
    # Membership by binary search in the sorted units (np.isin sorts both sides again).
    at = np.minimum(np.searchsorted(units, keys), len(units) - 1)
    rows = rows[units[at] == keys]
    counts = np.bincount(ix.m_ent[rows], minlength=len(frames.entities))
    counts[frames.entities.index.get_indexer([entity_id])[0]] = 0
    present = np.flatnonzero(counts)
    chosen = present[np.lexsort((present, -counts[present]))][:n]
    ents = frames.entities.iloc[chosen]
    return pd.DataFrame(
        {
            "id": ents.index.to_numpy(dtype=object),
            "name": ents["name"].to_numpy(dtype=object),
            "type": ents["type"].to_numpy(dtype=object),
            "sentences": counts[chosen],
        }
    )


def corpus_summary(frames: Frames, ids: Selection) -> dict[str, Any]:
    """What the (filtered) corpus holds, for the overview and chart captions."""
    arts = frames.articles[frames.mask(ids)]
    dated = arts["published_date"].dropna()
    translated = arts["translation_status"].eq("done") | arts["language"].eq("en")
    return {
        "articles": len(arts),
        "languages": sorted(arts["language"].dropna().unique().tolist()),
        "sources": int(arts.loc[arts["source"] != "", "source"].nunique()),
        "first": dated.min().date().isoformat() if not dated.empty else None,
        "last": dated.max().date().isoformat() if not dated.empty else None,
        "translated_share": float(translated.mean()) if len(arts) else math.nan,
    }


def describe_filters(frames: Frames, filters: Filters) -> str:
    """The active filters in words, with actor and country names ("" when none)."""
    names = frames.entities["name"]
    countries = frames.entities[frames.entities["type"] == "country"]
    country_names = dict(zip(countries["country"], countries["name"], strict=True))
    parts = []
    if filters.countries:
        parts.append("country " + ", ".join(str(country_names.get(c, c)) for c in filters.countries))
    if filters.actors:
        parts.append("actor " + ", ".join(str(names.get(a, a)) for a in filters.actors))
    if filters.languages:
        parts.append("language " + ", ".join(filters.languages))
    if filters.sources:
        parts.append("source " + ", ".join(filters.sources))
    if filters.event_types:
        parts.append("event type " + ", ".join(filters.event_types))
    if filters.date_from or filters.date_to:
        lo = filters.date_from.isoformat() if filters.date_from else "…"
        hi = filters.date_to.isoformat() if filters.date_to else "…"
        parts.append(f"published {lo} to {hi}")
    if filters.query:
        parts.append(f"text “{filters.query}”")
    return "; ".join(parts)


def caption(frames: Frames, ids: Selection, filters: Filters, what: str, *, data_date: str | None = None) -> str:
    """One line saying what a chart shows: what, filters, counts, languages, dates, date of the data."""
    s = corpus_summary(frames, ids)
    parts = [what, f"{s['articles']:,} article(s)", f"{s['sources']:,} source(s)"]
    if s["languages"]:
        parts.append("languages " + ", ".join(s["languages"]))
    if s["first"]:
        parts.append(f"published {s['first']} to {s['last']}")
    described = describe_filters(frames, filters)
    parts.append(f"filters: {described}" if described else "no filters")
    if data_date:
        parts.append(f"data as of {data_date}")
    return " · ".join(parts)


def with_defaults(filters: Filters, **changes: Any) -> Filters:
    """A copy of ``filters`` with some fields changed (for links from one view to another)."""
    return replace(filters, **changes)


__all__ = [
    "MEASURES",
    "CoCounts",
    "Filters",
    "Frames",
    "article_actors",
    "caption",
    "co_actors",
    "cooccurrence",
    "cooccurrence_counts",
    "cooccurrence_matrix",
    "cooccurrence_pairs",
    "corpus_summary",
    "describe_filters",
    "entity_articles",
    "entity_events",
    "evidence",
    "filter_articles",
    "filter_mask",
    "filtered_events",
    "latest_cards",
    "latest_events",
    "load_frames",
    "timeline_points",
    "top_actors",
    "volume",
    "with_article_meta",
    "with_defaults",
]
