"""Dashboard builders as pure functions: filters, aggregations, figures, reader HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from presslens.actors import Actor
from presslens.analytics import (
    Filters,
    Frames,
    caption,
    co_actors,
    cooccurrence,
    cooccurrence_counts,
    cooccurrence_pairs,
    describe_filters,
    entity_articles,
    entity_events,
    evidence,
    filter_articles,
    filter_mask,
    latest_cards,
    latest_events,
    load_frames,
    timeline_points,
    top_actors,
    volume,
)
from presslens.charts import esc, heatmap_figure, timeline_figure
from presslens.config import SAMPLE_DIR, Settings
from presslens.entities import EntityResult, Mention, TranslationMention
from presslens.models import Segment, Sentence, Translation
from presslens.pipeline import ingest_paths
from presslens.reader import Span, aligned_rows, article_cards, highlight, rows_table, safe_url
from presslens.store import Store
from presslens.tabular import safe_csv


def frames() -> Frames:
    """A tiny deterministic store: 4 articles, 5 entities."""
    articles = pd.DataFrame(
        {
            "id": ["a1", "a2", "a3", "a4"],
            "title": ["T1", "T2", "T3", "T4"],
            "source": ["S1", "S2", "", "S1"],
            "published": ["2024-06-01", "2024-06-10", "2024-07-02", None],
            "language": ["it", "de", "it", "en"],
            "translation_status": ["done", "pending", "done", None],
        }
    )
    articles["published_date"] = pd.to_datetime(articles["published"])
    articles = articles.set_index("id", drop=False).rename_axis(None)
    entities = (
        pd.DataFrame(
            {
                "id": ["Q423", "Q159", "P1", "O1", "L1"],
                "name": ["North Korea", "Russia", "Sergei Lavrov", "KCNA", "Moscow"],
                "type": ["country", "country", "person", "organization", "location"],
                "country": ["KP", "RU", "RU", "KP", "RU"],
            }
        )
        .set_index("id", drop=False)
        .rename_axis(None)
    )
    mentions = pd.DataFrame(
        [
            ("a1", "Q423", 0),
            ("a1", "Q159", 0),
            ("a1", "P1", 1),
            ("a2", "P1", 0),
            ("a2", "O1", 1),
            ("a3", "Q159", 0),
            ("a3", "L1", 0),
            ("a4", "Q423", 2),
            ("a4", "Q159", 3),
        ],
        columns=["article_id", "entity_id", "sentence"],
    )
    events = pd.DataFrame(
        [("a1", 0, "2024-06", "month", None, "a giugno", "agreement", ["Q423", "Q159"])],
        columns=["article_id", "sentence", "date", "precision", "part", "date_text", "type", "actors"],
    )
    events["start"] = pd.to_datetime(["2024-06-01"])
    return Frames(articles, entities, mentions, events)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["a1", "a2", "a3", "a4"]),
        (Filters(languages=("it",)), ["a1", "a3"]),
        (Filters(sources=("S1",)), ["a1", "a4"]),
        (Filters(date_from=date(2024, 6, 5)), ["a2", "a3"]),
        (Filters(date_to=date(2024, 6, 30)), ["a1", "a2"]),
        (Filters(countries=("KP",)), ["a1", "a2", "a4"]),  # a2 only via KCNA, which belongs to KP
        (Filters(countries=("RU",)), ["a1", "a2", "a3", "a4"]),  # Lavrov and Moscow belong to RU
        (Filters(actors=("P1",)), ["a1", "a2"]),
        (Filters(event_types=("agreement",)), ["a1"]),
        (Filters(countries=("KP",), languages=("en",)), ["a4"]),
    ],
)
def test_filter_articles(filters: Filters, expected: list[str]) -> None:
    assert list(filter_articles(frames(), filters)) == expected


def test_search_ids_intersect() -> None:
    assert list(filter_articles(frames(), Filters(languages=("it",)), ["a3", "a4"])) == ["a3"]


def test_filters_round_trip_through_the_url() -> None:
    f = Filters(countries=("KP", "RU"), actors=("P1",), date_from=date(2024, 1, 1), query="Lavrov Mosca")
    assert Filters.from_params(f.to_params()) == f
    assert Filters.from_params({"from": "not-a-date", "lang": "it,,de "}) == Filters(languages=("it", "de"))
    assert not Filters().active and f.active


def test_top_actors_and_volume() -> None:
    f = frames()
    top = top_actors(f, f.articles.index, n=3)
    assert top["id"].tolist() == ["Q159", "Q423", "P1"]
    assert top["articles"].tolist() == [3, 2, 2]
    vol = volume(f, f.articles.index, "M")
    assert vol["articles"].tolist() == [2, 1] and vol["actor"].unique().tolist() == ["All articles"]
    per_actor = volume(f, f.articles.index, "M", ["P1"])
    assert per_actor["articles"].sum() == 2


def test_cooccurrence_measures_and_evidence() -> None:
    f = frames()
    ids = f.articles.index
    count = cooccurrence(f, ids, window="sentence", measure="count", types=("country", "person", "organization"))
    names = list(count.index)
    assert count.loc["North Korea", "Russia"] == 1  # only a1 sentence 0; a4 has them in different sentences
    by_article = cooccurrence(f, ids, window="article", measure="count")
    assert by_article.loc["North Korea", "Russia"] == 2
    jac = cooccurrence(f, ids, window="article", measure="jaccard")
    assert jac.loc["North Korea", "Russia"] == pytest.approx(2 / 3)
    pmi = cooccurrence(f, ids, window="article", measure="pmi")
    assert pmi.loc["Sergei Lavrov", "KCNA"] > 0  # always together (a2), rarer than chance predicts
    assert count.attrs["ids"] and len(names) == len(count.columns)
    rows = evidence(f, ids, "Q423", "Q159", window="sentence")
    assert rows[["article_id", "sentence"]].values.tolist() == [["a1", 0]]
    rows = evidence(f, ids, "Q423", "Q159", window="article")
    assert sorted(rows["article_id"]) == ["a1", "a4"]


def test_figures_escape_untrusted_text() -> None:
    payload = '<a href="http://evil">x</a><img src=x onerror=alert(1)>'
    f = frames()
    matrix = cooccurrence(f, f.articles.index)
    matrix.index = matrix.columns = [payload] * len(matrix)
    heat = heatmap_figure(matrix, "count")
    assert "<a href" not in str(heat.data[0].x) and "&lt;a href" in heat.data[0].x[0]
    f.entities.loc["Q423", "name"] = payload
    points = timeline_points(f, f.events.assign(source=[payload], title=[payload]))
    points["sentence_original"] = payload
    fig = timeline_figure(points)
    drawn = [trace for trace in fig.data if trace.hovertext is not None]  # the others are legend entries
    text = " ".join(str(t) for trace in drawn for t in trace.hovertext) + " ".join(str(t.y) for t in drawn)
    assert "<img" not in text and "<a href" not in text and "&lt;img" in text
    assert esc("a" * 400).endswith("…") and len(esc("a" * 400)) == 300


def test_highlight_escapes_and_marks() -> None:
    text = "<script>alert(1)</script> e la Russia"
    at = text.index("Russia")
    out = highlight(text, [Span(at, at + 6, "country", 'Russia "RU"')])
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert '<mark class="pl-ent pl-country" title="Russia &quot;RU&quot;">Russia</mark>' in out
    # overlapping and out-of-range spans are skipped, never mangled
    assert highlight("abc", [Span(0, 2, "x", ""), Span(1, 3, "y", ""), Span(2, 9, "z", "")]).count("<mark") == 1


def test_aligned_rows_and_table() -> None:
    text = "La Russia ha firmato. Poi <b>Lavrov</b> parlò."
    sentences = [Sentence(0, 0, 0, 21), Sentence(1, 0, 22, 46)]
    ents = EntityResult(
        {"Q159": Actor("Q159", "Russia", "country", "RU"), "P1": Actor("P1", "Sergei Lavrov", "person", "RU")},
        [Mention("Q159", 0, 3, 9, "Russia", "table"), Mention("P1", 1, 29, 35, "Lavrov", "table")],
    )
    segments = [Segment(0, 0, "Russia signed."), Segment(1, 1, "Then <b>Lavrov</b> spoke.")]
    located = [TranslationMention("Q159", 0, 0, 6, "Russia"), TranslationMention("P1", 1, 8, 14, "Lavrov")]
    rows = aligned_rows(text, sentences, segments, ents, located)
    assert [(r.first, r.last) for r in rows] == [(0, 0), (1, 1)]
    assert "&lt;b&gt;<mark" in rows[1].original and "&lt;b&gt;<mark" in rows[1].translation
    table = rows_table(rows, "Original (it)", "English", target=1)
    assert table.count("<tr") == 3 and 'class="pl-target" id="s1"' in table
    untranslated = aligned_rows(text, sentences, [], ents, [])
    assert all(r.translation == "" for r in untranslated)
    assert "not translated yet" in rows_table(untranslated, "Original", "English")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        (None, None),
        ('http://x/"onmouseover="', "http://x/&quot;onmouseover=&quot;"),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_article_cards_escape_everything() -> None:
    html_out = article_cards(
        [
            {
                "id": "a1",
                "title": "<script>x</script>",
                "source": "<b>S</b>",
                "published": "2024",
                "language": "it",
                "actors": ["<i>A</i>"],
            }
        ],
        query="q=<x>&lang=it",
    )
    assert "<script>" not in html_out and "<b>S" not in html_out and "<i>A" not in html_out
    assert 'href="Reader?article=a1&amp;q=&lt;x&gt;&amp;lang=it"' in html_out


# --- the integer-coded index, the snapshot, the builders added for scale ---------------


def test_index_flags_first_mentions_and_slices() -> None:
    f = frames()
    ix = f.ix
    # Mentions are sorted by (article, sentence); each article's mentions are one slice.
    assert list(zip(ix.m_art, ix.m_sent, strict=True)) == sorted(zip(ix.m_art, ix.m_sent, strict=True))
    for pos, aid in enumerate(f.articles.index):
        rows = range(ix.m_offsets[pos], ix.m_offsets[pos + 1])
        assert {f.articles.index[ix.m_art[r]] for r in rows} <= {aid}
    assert sorted(f.entities.index[ix.m_ent[f.entity_rows("Q159")]]) == ["Q159"] * 3
    assert f.entity_rows("nobody").size == 0
    # Unknown ids in mentions or events are dropped, not fatal.
    g = Frames(
        f.articles,
        f.entities,
        pd.DataFrame(
            [("a1", "Q423", 0), ("zz", "Q423", 0), ("a1", "ghost", 1)], columns=["article_id", "entity_id", "sentence"]
        ),
        f.events,
    )
    assert len(g.mentions) == 1


def test_mask_and_ids_are_the_same_selection() -> None:
    f = frames()
    mask = filter_mask(f, Filters(languages=("it",)))
    assert mask.dtype == bool and list(f.articles.index[mask]) == ["a1", "a3"]
    assert top_actors(f, mask).equals(top_actors(f, f.articles.index[mask]))
    assert top_actors(f, ["a1", "a3"]).equals(top_actors(f, mask))
    with pytest.raises(ValueError, match="mask"):
        f.mask(np.ones(2, dtype=bool))


def test_latest_cards_and_events() -> None:
    f = frames()
    cards = latest_cards(f, f.articles.index, 3)
    assert [c["id"] for c in cards] == ["a3", "a2", "a1"]  # newest first; the undated a4 comes last
    assert latest_cards(f, f.articles.index, 10)[-1]["published"] is None  # undated: None, never "nan"
    assert cards[2]["actors"] == ["North Korea", "Russia", "Sergei Lavrov"]
    events = latest_events(f, f.articles.index, Filters(), 5)
    assert events["article_id"].tolist() == ["a1"] and events["title"].tolist() == ["T1"]
    assert latest_events(f, ["a2"], Filters(), 5).empty


def test_volume_fills_empty_periods_with_zero() -> None:
    f = frames()
    weekly = volume(f, f.articles.index, "W")
    assert weekly["period"].is_monotonic_increasing
    assert weekly["period"].dt.day_of_week.eq(0).all()  # weeks start on Monday
    assert weekly["articles"].sum() == 3 and (weekly["articles"] == 0).any()
    days = weekly["period"].diff().dropna().dt.days.unique().tolist()
    assert days == [7]
    with pytest.raises(ValueError, match="frequency"):
        volume(f, f.articles.index, "Q")


def test_co_actors_events_and_pairs() -> None:
    f = frames()
    co = co_actors(f, f.articles.index, "Q423")
    assert co["id"].tolist() == ["Q159"] and co["sentences"].tolist() == [1]  # a1 s0 only
    assert entity_articles(f, f.articles.index, "P1").sum() == 2
    assert entity_events(f, f.articles.index, "Q159")["article_id"].tolist() == ["a1"]
    assert entity_events(f, ["a3"], "Q159").empty
    matrix = cooccurrence(f, f.articles.index, window="article")
    pairs = cooccurrence_pairs(matrix, "count")
    top = pairs.iloc[0]
    assert {top["actor"], top["with"]} == {"North Korea", "Russia"} and top["count"] == 2
    assert len(pairs) == len(pairs[["actor_id", "with_id"]].drop_duplicates())  # each pair once


def test_cooccurrence_counts_beyond_a_dense_matrix() -> None:
    """The bitmask product equals a plain count of shared windows, for many actors and windows."""
    rng = np.random.default_rng(7)
    n_art, n_ent = 60, 70
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(n_art)], "title": "t", "source": "s", "language": "it"})
    articles["published"] = "2024-01-01"
    articles["published_date"] = pd.Timestamp("2024-01-01")
    articles["translation_status"] = None
    articles = articles.set_index("id", drop=False).rename_axis(None)
    entities = pd.DataFrame({"id": [f"e{i}" for i in range(n_ent)], "name": [f"E{i}" for i in range(n_ent)]})
    entities["type"], entities["country"] = "person", None
    entities = entities.set_index("id", drop=False).rename_axis(None)
    rows = [(f"a{rng.integers(n_art)}", f"e{rng.integers(n_ent)}", int(rng.integers(4))) for _ in range(900)]
    mentions = pd.DataFrame(rows, columns=["article_id", "entity_id", "sentence"])
    events = pd.DataFrame(
        columns=["article_id", "sentence", "date", "precision", "part", "date_text", "type", "actors"]
    )
    f = Frames(articles, entities, mentions, events)
    counts = cooccurrence_counts(f, f.articles.index, window="sentence", top_n=64, types=("person",))
    units = mentions.drop_duplicates().groupby(["article_id", "sentence"])["entity_id"].apply(set)
    for i, a in enumerate(counts.ids[:12]):
        for j, b in enumerate(counts.ids[:12]):
            expected = sum(1 for s in units if a in s and b in s)
            assert counts.together[i, j] == expected, (a, b)
    assert len(counts.ids) == 64  # capped at one bit per actor


def test_caption_and_filters_in_words() -> None:
    f = frames()
    filters = Filters(countries=("KP",), actors=("P1",), query="<b>x</b>")
    text = describe_filters(f, filters)
    assert text == "country North Korea; actor Sergei Lavrov; text “<b>x</b>”"
    line = caption(f, f.articles.index, filters, "What", data_date="2026-11-30")
    assert line.startswith("What · 4 article(s) · 2 source(s)") and line.endswith("data as of 2026-11-30")
    assert "no filters" in caption(f, f.articles.index, Filters(), "What")


def test_load_frames_snapshot_round_trip(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    store = Store(settings.db_url)
    try:
        ingest_paths([SAMPLE_DIR], store, settings)
        direct = load_frames(store, snapshot=False)
        first = load_frames(store)  # reads SQL, writes the snapshot
        snap = tmp_path / "store.db.snapshot"
        assert len(list(snap.iterdir())) == 1
        again = load_frames(store)  # reads the snapshot
        for a, b in ((direct, first), (direct, again)):
            assert a.articles.index.equals(b.articles.index)
            assert a.mentions.astype(str).equals(b.mentions.astype(str))
            assert np.array_equal(a.ix.m_first_sent, b.ix.m_first_sent)
            assert a.events["actors"].tolist() == b.events["actors"].tolist()
            assert top_actors(a, a.articles.index).equals(top_actors(b, b.articles.index))
        # A write changes the data version: the next load reads SQL and replaces the snapshot.
        store.save_translation(direct.articles.index[0], Translation(language="en", provider="none", status="pending"))
        load_frames(store)
        assert len(list(snap.iterdir())) == 1
        # A damaged snapshot is ignored (and the store read instead).
        for part in next(snap.iterdir()).iterdir():
            part.write_bytes(b"not parquet")
        assert load_frames(store).articles.index.equals(direct.articles.index)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', "'=HYPERLINK"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM"),
        ("plain", "plain"),
    ],
)
def test_safe_csv_defuses_formulas(cell: str, written: str) -> None:
    out = safe_csv(pd.DataFrame({"text": [cell], "n": [-3]})).decode("utf-8-sig")
    assert out.splitlines()[1].lstrip('"').startswith(written)
    assert out.splitlines()[1].endswith(",-3")  # numbers stay numbers


def test_frames_of_undated_articles(tmp_path: Path) -> None:
    """No article has a publication date: the frames load, volume is empty, cards say undated."""
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'undated.db'}")
    store = Store(settings.db_url)
    try:
        src = tmp_path / "a.txt"
        src.write_text("Vertice a Mosca\nLa Russia e la Corea del Nord hanno firmato un accordo.", encoding="utf-8")
        assert ingest_paths([src], store, settings).ingested
        f = load_frames(store, snapshot=False)
    finally:
        store.close()
    assert f.articles["published_date"].isna().all()
    assert volume(f, f.articles.index, "W").empty
    assert latest_cards(f, f.articles.index, 5)[0]["published"] is None


def test_cli_ingest_refreshes_an_existing_dashboard_snapshot(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    db = tmp_path / "store.db"
    assert run_cli("ingest", str(SAMPLE_DIR), "--db", str(db), "--no-translate", "-q").returncode == 0
    snap = tmp_path / "store.db.snapshot"
    assert not snap.exists()  # no dashboard has opened this store: nothing to refresh
    store = Store(f"sqlite:///{db}")
    try:
        load_frames(store)  # the dashboard opens it
        extra = tmp_path / "extra.txt"
        extra.write_text("Vertice a Kiev\nLa Russia e l'Ucraina discutono il 3 marzo 2025.", encoding="utf-8")
        assert run_cli("ingest", str(extra), "--db", str(db), "--no-translate", "-q").returncode == 0
        (current,) = list(snap.iterdir())
        assert current.name.endswith("".join(c if c.isalnum() else "_" for c in store.data_version())[:80])
        assert len(pd.read_parquet(current / "articles.parquet")) == 6
    finally:
        store.close()
