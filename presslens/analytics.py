"""Dashboard data: the store as DataFrames, filters, and the aggregations the views draw.

Everything here is a pure function of DataFrames (plus one loader), so the
Streamlit pages stay thin and every aggregation is unit-tested without a browser.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from sqlalchemy import select

from presslens import store as tables
from presslens.store import Store


@dataclass(frozen=True)
class Frames:
    """The processed store, read once: articles, entities, mentions, events."""

    articles: pd.DataFrame  # index: article id
    entities: pd.DataFrame  # index: entity id
    mentions: pd.DataFrame  # article_id, entity_id, sentence
    events: pd.DataFrame  # article_id, sentence, date, precision, part, date_text, type, actors, start

    @property
    def empty(self) -> bool:
        """Whether the store holds no article."""
        return bool(self.articles.empty)


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


def load_frames(store: Store, language: str = "en") -> Frames:
    """Read the store into DataFrames (metadata only: article text stays in the store).

    Mention ids are categoricals over the article and entity indexes: group-bys
    and filters on 2M mentions then work on integer codes.
    """
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
    articles["source"] = articles["source"].fillna("")
    articles["published_date"] = pd.to_datetime(articles["published"].map(_date_start))
    articles = articles.set_index("id", drop=False).rename_axis(None)
    entities = entities.set_index("id", drop=False).rename_axis(None)
    mentions["article_id"] = pd.Categorical(mentions["article_id"], categories=articles.index)
    mentions["entity_id"] = pd.Categorical(mentions["entity_id"], categories=entities.index)
    mentions["sentence"] = mentions["sentence"].astype("int32")
    mentions = mentions.dropna(subset=["article_id", "entity_id"])
    events["actors"] = events["actors"].map(json.loads) if not events.empty else events["actors"]
    events["start"] = (
        pd.to_datetime(events["date"].map(_date_start)) if not events.empty else pd.Series(dtype="datetime64[ns]")
    )
    return Frames(articles, entities, mentions, events)


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


def _mentioning(frames: Frames, entity_ids: pd.Index, index: pd.Index) -> np.ndarray:
    """Boolean over ``index``: articles with a mention of any of ``entity_ids``."""
    m = frames.mentions
    if isinstance(m["entity_id"].dtype, pd.CategoricalDtype) and isinstance(m["article_id"].dtype, pd.CategoricalDtype):
        wanted = np.zeros(len(m["entity_id"].cat.categories), dtype=bool)
        positions = m["entity_id"].cat.categories.get_indexer(entity_ids)
        wanted[positions[positions >= 0]] = True
        rows = wanted[m["entity_id"].cat.codes.to_numpy()]
        codes = np.unique(m["article_id"].cat.codes.to_numpy()[rows])
        hit = m["article_id"].cat.categories[codes[codes >= 0]]
    else:
        hit = m.loc[m["entity_id"].isin(entity_ids), "article_id"].unique()
    return np.asarray(index.isin(hit))


def filter_articles(frames: Frames, filters: Filters, search_ids: Iterable[str] | None = None) -> pd.Index:
    """Ids of the articles that pass every filter.

    A country filter keeps articles that mention the country or any actor
    affiliated with it (its leaders, ministries, media).
    """
    arts = frames.articles
    mask = pd.Series(True, index=arts.index)
    if filters.languages:
        mask &= arts["language"].isin(filters.languages)
    if filters.sources:
        mask &= arts["source"].isin(filters.sources)
    if filters.date_from:
        mask &= arts["published_date"] >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        mask &= arts["published_date"] <= pd.Timestamp(filters.date_to)
    if filters.countries:
        affiliated = frames.entities.index[frames.entities["country"].isin(filters.countries)]
        mask &= _mentioning(frames, affiliated, arts.index)
    if filters.actors:
        mask &= _mentioning(frames, pd.Index(filters.actors), arts.index)
    if filters.event_types:
        hit = frames.events.loc[frames.events["type"].isin(filters.event_types), "article_id"].unique()
        mask &= arts.index.isin(hit)
    if search_ids is not None:
        mask &= arts.index.isin(list(search_ids))
    return arts.index[mask]


# --- aggregations ---------------------------------------------------------------------


def top_actors(frames: Frames, ids: pd.Index, n: int = 15, types: Iterable[str] | None = None) -> pd.DataFrame:
    """Most mentioned actors in the given articles: name, type, country, articles, mentions."""
    m = frames.mentions[frames.mentions["article_id"].isin(ids)]
    if m.empty:
        return pd.DataFrame(columns=["id", "name", "type", "country", "articles", "mentions"])
    grouped = m.groupby("entity_id", observed=True).agg(
        articles=("article_id", "nunique"), mentions=("article_id", "size")
    )
    out = grouped.join(frames.entities[["name", "type", "country"]], how="inner")
    if types is not None:
        out = out[out["type"].isin(list(types))]
    out = out.sort_values(["articles", "mentions", "name"], ascending=[False, False, True]).head(n)
    return out.reset_index(names="id")[["id", "name", "type", "country", "articles", "mentions"]]


def article_actors(frames: Frames, ids: pd.Index, per_article: int = 3) -> pd.Series:
    """The top actors' names per article, for article cards."""
    m = frames.mentions[frames.mentions["article_id"].isin(ids)]
    if m.empty:
        return pd.Series(dtype=object)
    m = m[m["entity_id"].isin(frames.entities.index[frames.entities["type"] != "location"])]
    counts = m.groupby(["article_id", "entity_id"], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values(["article_id", "n"], ascending=[True, False])
    counts["name"] = counts["entity_id"].map(frames.entities["name"])
    return counts.groupby("article_id", observed=True)["name"].apply(lambda s: list(s.head(per_article)))


def latest_cards(frames: Frames, ids: pd.Index, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` most recent articles as card data (title, date, source, language, top actors)."""
    arts = frames.articles.loc[ids].sort_values("published", ascending=False, na_position="last").head(limit)
    tops = article_actors(frames, arts.index)
    return [
        {
            "id": aid,
            "title": row["title"],
            "published": row["published"],
            "source": row["source"],
            "language": row["language"],
            "actors": tops.get(aid, []),
        }
        for aid, row in arts.iterrows()
    ]


def filtered_events(frames: Frames, ids: pd.Index, filters: Filters) -> pd.DataFrame:
    """The events of the given articles (of the selected types), with article metadata."""
    ev = frames.events[frames.events["article_id"].isin(ids)]
    if filters.event_types:
        ev = ev[ev["type"].isin(filters.event_types)]
    ev = ev.join(frames.articles[["title", "source", "language"]], on="article_id")
    return ev.sort_values("start")


def timeline_points(
    frames: Frames, events: pd.DataFrame, *, rows: str = "actor", max_rows: int = 25, max_points: int = 3000
) -> pd.DataFrame:
    """One point per (row, date, type): the events a timeline draws, counted.

    ``rows`` is ``actor`` (an event appears on the row of each actor in it) or
    ``type``. Keeps the ``max_rows`` busiest rows and the ``max_points`` most
    reported points, so the chart stays readable and fast at any corpus size;
    each point keeps one example (article, sentence) for its evidence.
    """
    columns = [
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
    if events.empty:
        return pd.DataFrame(columns=columns)
    ev = events
    if rows == "actor":
        ev = ev.explode("actors").dropna(subset=["actors"]).rename(columns={"actors": "entity_id"})
        ev = ev[ev["entity_id"].isin(frames.entities.index)]
        ev["row"] = ev["entity_id"].map(frames.entities["name"])
        ev["country"] = ev["entity_id"].map(frames.entities["country"])
    else:
        ev = ev.assign(entity_id=None, row=ev["type"], country=None)
    if ev.empty:
        return pd.DataFrame(columns=columns)
    busiest = ev["row"].value_counts().index[:max_rows]
    ev = ev[ev["row"].isin(busiest)].reset_index(drop=True)  # explode repeats index labels
    grouped = ev.groupby(["row", "date", "type"], sort=False, dropna=False)
    points = grouped.head(1).copy()
    points["reports"] = grouped["article_id"].transform("nunique").loc[points.index]
    points = points.sort_values("reports", ascending=False).head(max_points).sort_values("start")
    return points[[c for c in columns if c in points.columns]]


def volume(frames: Frames, ids: pd.Index, freq: str = "W", actors: list[str] | None = None) -> pd.DataFrame:
    """Articles per period (``D``, ``W``, ``M``), overall or per actor (long format)."""
    arts = frames.articles.loc[ids].dropna(subset=["published_date"])
    period = {"D": "D", "W": "W-SUN", "M": "MS"}.get(freq, freq)
    if not actors:
        counts = arts.groupby(pd.Grouper(key="published_date", freq=period)).size()
        return (
            counts.rename("articles")
            .reset_index()
            .rename(columns={"published_date": "period"})
            .assign(actor="All articles")
        )
    m = frames.mentions[frames.mentions["entity_id"].isin(actors) & frames.mentions["article_id"].isin(arts.index)]
    m = m.drop_duplicates(["article_id", "entity_id"]).join(arts["published_date"], on="article_id")
    m["actor"] = m["entity_id"].map(frames.entities["name"])
    counts = m.groupby(["actor", pd.Grouper(key="published_date", freq=period)], observed=True).size()
    return counts.rename("articles").reset_index().rename(columns={"published_date": "period"})


MEASURES = ("count", "jaccard", "pmi")


def cooccurrence(
    frames: Frames,
    ids: pd.Index,
    *,
    window: str = "sentence",
    measure: str = "count",
    top_n: int = 20,
    types: Iterable[str] = ("country", "person", "organization"),
) -> pd.DataFrame:
    """Actor x actor matrix over the top-N actors, ordered so related actors sit together.

    ``window``: ``sentence`` (both in one sentence) or ``article``. ``measure``:
    ``count`` of shared windows, ``jaccard`` (shared / either), or ``pmi``
    (log of observed over expected co-occurrence; 0 where never together).
    """
    m = frames.mentions[frames.mentions["article_id"].isin(ids)]
    allowed = frames.entities.index[frames.entities["type"].isin(list(types))]
    m = m[m["entity_id"].isin(allowed)]
    if m.empty:
        return pd.DataFrame()
    keys = ["article_id", "sentence"] if window == "sentence" else ["article_id"]
    units = m.drop_duplicates([*keys, "entity_id"])
    freq = units.groupby("entity_id", observed=True).size().sort_values(ascending=False)
    top = list(freq.index[:top_n])
    units = units[units["entity_id"].isin(top)]
    # Pair counts without a dense unit x actor matrix (2M mentions would need GBs):
    # join each unit's actors with each other and count column pairs.
    coded = pd.DataFrame(
        {
            "unit": units.groupby(keys, sort=False, observed=True).ngroup().to_numpy(),
            "col": pd.Index(top).get_indexer(units["entity_id"].astype(object)),
        }
    )
    n_units = int(coded["unit"].max()) + 1 if len(coded) else 0
    pairs = coded.merge(coded, on="unit")
    k = len(top)
    together = (
        np.bincount(pairs["col_x"].to_numpy() * k + pairs["col_y"].to_numpy(), minlength=k * k)
        .reshape(k, k)
        .astype(np.float64)
    )
    counts = np.diag(together).copy()
    if measure == "jaccard":
        union = counts[:, None] + counts[None, :] - together
        values = np.divide(together, union, out=np.zeros_like(together), where=union > 0)
    elif measure == "pmi":
        total = max(n_units, 1)
        expected = counts[:, None] * counts[None, :] / total
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(together > 0, np.log(together / expected), 0.0)
    else:
        values = together
    np.fill_diagonal(values, 0.0 if measure != "count" else counts)
    order = _seriation(together)
    names = frames.entities.loc[top, "name"].to_numpy()
    labels = [names[i] for i in order]
    matrix = pd.DataFrame(values[np.ix_(order, order)], index=labels, columns=labels)
    matrix.attrs["ids"] = [top[i] for i in order]
    return matrix


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


def evidence(frames: Frames, ids: pd.Index, a: str, b: str, window: str = "sentence", limit: int = 200) -> pd.DataFrame:
    """Where actors ``a`` and ``b`` appear together: (article_id, sentence) rows, newest first."""
    m = frames.mentions[frames.mentions["article_id"].isin(ids)]
    keys = ["article_id", "sentence"] if window == "sentence" else ["article_id"]
    with_a = m.loc[m["entity_id"] == a, keys].drop_duplicates()
    with_b = m.loc[m["entity_id"] == b, keys].drop_duplicates()
    both = with_a.merge(with_b, on=keys)
    if window == "article":
        # The first sentence that names either, to show something readable.
        first = m[m["entity_id"].isin([a, b])].groupby("article_id", observed=True)["sentence"].min()
        both = both.assign(sentence=both["article_id"].map(first))
    both = both.join(frames.articles[["title", "source", "published", "language"]], on="article_id")
    return both.sort_values(["published", "article_id", "sentence"], ascending=[False, True, True]).head(limit)


def corpus_summary(frames: Frames, ids: pd.Index) -> dict[str, Any]:
    """What the (filtered) corpus holds, for the overview and chart captions."""
    arts = frames.articles.loc[ids]
    dated = arts["published_date"].dropna()
    translated = arts["translation_status"].eq("done") | arts["language"].eq("en")
    return {
        "articles": len(arts),
        "languages": sorted(arts["language"].unique().tolist()),
        "sources": int(arts.loc[arts["source"] != "", "source"].nunique()),
        "first": dated.min().date().isoformat() if not dated.empty else None,
        "last": dated.max().date().isoformat() if not dated.empty else None,
        "translated_share": float(translated.mean()) if len(arts) else math.nan,
    }


def caption(frames: Frames, ids: pd.Index, filters: Filters, what: str) -> str:
    """One line saying what a chart shows: filters, counts, languages, dates."""
    s = corpus_summary(frames, ids)
    parts = [what, f"{s['articles']} article(s)", f"{s['sources']} source(s)"]
    if s["languages"]:
        parts.append("languages " + ", ".join(s["languages"]))
    if s["first"]:
        parts.append(f"published {s['first']} to {s['last']}")
    active = {k: v for k, v in filters.to_params().items()}
    if active:
        parts.append("filters: " + "; ".join(f"{k}={v}" for k, v in active.items()))
    return " · ".join(parts)


def with_defaults(filters: Filters, **changes: Any) -> Filters:
    """A copy of ``filters`` with some fields changed (for links from one view to another)."""
    return replace(filters, **changes)


__all__ = [
    "MEASURES",
    "Filters",
    "Frames",
    "article_actors",
    "caption",
    "cooccurrence",
    "corpus_summary",
    "evidence",
    "filter_articles",
    "filtered_events",
    "load_frames",
    "top_actors",
    "volume",
    "with_defaults",
]
