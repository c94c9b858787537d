"""Every dashboard page under AppTest: renders on the sample and on an empty store, filters
change what is shown, URL parameters restore a view, figures carry the expected data."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from presslens.analytics import Frames, cooccurrence_counts, entity_articles, load_frames
from presslens.config import DEFAULT_DB_PATH, SAMPLE_DIR, Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": ROOT / "app.py",
    "timeline": ROOT / "pages" / "1_Timeline.py",
    "cooccurrence": ROOT / "pages" / "2_Co-occurrence.py",
    "reader": ROOT / "pages" / "3_Reader.py",
    "actors": ROOT / "pages" / "4_Actors.py",
}


def _default_store_state() -> dict[str, tuple[int, int] | None]:
    state: dict[str, tuple[int, int] | None] = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = DEFAULT_DB_PATH.with_name(DEFAULT_DB_PATH.name + suffix)
        stat = p.stat() if p.exists() else None
        state[p.name] = (stat.st_size, stat.st_mtime_ns) if stat else None
    return state


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fresh caches per test, and proof that the user's data/presslens.db is never touched."""
    monkeypatch.delenv("PRESSLENS_DB", raising=False)
    before = _default_store_state()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
    assert _default_store_state() == before


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "sample.db"
    store = Store(f"sqlite:///{path}")
    assert not ingest_paths([SAMPLE_DIR], store, Settings(db_url=f"sqlite:///{path}")).rejected
    store.close()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    Store(f"sqlite:///{path}").close()
    return path


def run(page: str, db: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("PRESSLENS_DB", str(db))
    at = AppTest.from_file(str(PAGES[page]), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def figure(at: AppTest, key: str) -> dict[str, object]:
    """The plotly spec of the chart with ``key`` (arrays decoded)."""
    spec = json.loads(at.get_by_key(key).proto.spec)
    return spec


def decode(array: object) -> np.ndarray:
    """Plotly's typed-array encoding ({dtype, bdata, shape}) or a plain list, as numpy."""
    if isinstance(array, dict) and "bdata" in array:
        data = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        shape = array.get("shape")
        return data.reshape([int(x) for x in str(shape).split(",")]) if shape else data
    return np.asarray(array)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_the_sample(page: str, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(page, sample_db, monkeypatch)
    assert at.title[0].value in {"PressLens", "Timeline", "Co-occurrence", "Reader", "Actors"}
    assert not at.error


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_explains_an_empty_store(page: str, empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(page, empty_db, monkeypatch)
    assert any("store is empty" in i.value for i in at.info)


@pytest.fixture(scope="module")
def one_article_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one undated article with no dated event."""
    folder = tmp_path_factory.mktemp("one")
    src = folder / "one.txt"
    src.write_text("Vertice a Mosca\nLa Russia e la Corea del Nord hanno discusso di sicurezza.", encoding="utf-8")
    path = folder / "one.db"
    store = Store(f"sqlite:///{path}")
    assert ingest_paths([src], store, Settings(db_url=f"sqlite:///{path}")).ingested
    store.close()
    return path


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_works_with_one_article(page: str, one_article_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(page, one_article_db, monkeypatch)
    assert not at.error, [e.value for e in at.error]
    if page == "overview":
        assert metrics(at)["Articles"] == "1" and metrics(at)["Published"] == "undated"


def test_overview_metrics_and_language_filter(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("overview", sample_db, monkeypatch)
    assert metrics(at)["Articles"] == "5" and metrics(at)["Languages"] == "2"
    at.multiselect(key="filters_languages").select("de").run()
    assert metrics(at)["Articles"] == "1"
    assert at.query_params["lang"] in ("de", ["de"])  # the URL now carries the filter


def test_url_parameters_restore_a_view(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("overview", sample_db, monkeypatch, lang="de")
    assert metrics(at)["Articles"] == "1"
    assert at.multiselect(key="filters_languages").value == ["de"]
    at = run("overview", sample_db, monkeypatch, country="KP", source="DayFR Italian")
    assert metrics(at)["Articles"] == "1"
    at = run("overview", sample_db, monkeypatch, q="Vladivostok")
    assert metrics(at)["Articles"] == "1"


def test_filters_that_match_nothing_offer_to_clear(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("overview", sample_db, monkeypatch, q="zzzznothing")
    assert any("No article matches" in w.value for w in at.warning)
    at.button(key="overview_clear").click().run()
    assert metrics(at)["Articles"] == "5"


def test_country_filter_includes_affiliated_actors(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Latvia (LV) is named in one article only; a country filter on it keeps just that one.
    at = run("overview", sample_db, monkeypatch, country="LV")
    assert metrics(at)["Articles"] == "1"
    # Sergei Lavrov belongs to Russia: the Russia filter keeps every article naming Russia or him.
    at = run("overview", sample_db, monkeypatch, country="RU")
    assert metrics(at)["Articles"] == "5"


def test_timeline_figure_carries_the_events(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("timeline", sample_db, monkeypatch)
    spec = figure(at, "timeline_chart")
    data = [t for t in spec["data"] if "customdata" in t]  # the others are legend entries
    points = [tuple(p) for trace in data for p in trace["customdata"]]
    assert len(points) >= 10
    assert all(len(p) == 3 for p in points)  # article, sentence, point key
    names = {trace["name"] for trace in data}
    assert {"agreement", "military"} <= names
    dates = {str(x)[:7] for trace in data for x in decode(trace["x"])}
    assert {"2024-06", "2024-10", "2024-11"} <= dates
    at.segmented_control(key="timeline_rows").set_value("type").run()
    spec = figure(at, "timeline_chart")
    rows = {y for trace in spec["data"] if "customdata" in trace for y in decode(trace["y"]).tolist()}
    assert rows <= {"agreement", "military", "combat", "sanctions", "meeting", "aid", "statement", "elections", "other"}
    # A filter changes what is plotted.
    at = run("timeline", sample_db, monkeypatch, type="agreement")
    spec = figure(at, "timeline_chart")
    assert {trace["name"] for trace in spec["data"] if "customdata" in trace} == {"agreement"}


def test_heatmap_carries_the_cooccurrences(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("cooccurrence", sample_db, monkeypatch)
    spec = figure(at, "cooc_heatmap")
    trace = spec["data"][0]
    labels = list(trace["x"])
    z = decode(trace["z"])
    assert z.shape == (len(labels), len(labels))
    i, j = labels.index("North Korea"), labels.index("Russia")
    assert z[i, j] == z[j, i] >= 20  # named together in many sentences of the sample
    assert np.array_equal(z, z.T, equal_nan=True)
    assert np.isnan(np.diag(z)).all()  # an actor with itself is left blank
    at.segmented_control(key="cooc_measure").set_value("jaccard").run()
    z = decode(figure(at, "cooc_heatmap")["data"][0]["z"])
    assert np.nanmin(z) >= 0 and np.nanmax(z) <= 1
    # The evidence for the pair in the URL lists sentences naming both.
    at = run("cooccurrence", sample_db, monkeypatch, a="Q423", b="Q159")
    assert at.selectbox(key="cooc_a").value == "Q423" and at.selectbox(key="cooc_b").value == "Q159"
    assert any("appear together" in t.value for t in at.text)


def test_reader_shows_both_languages_aligned(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(f"sqlite:///{sample_db}")
    german = next(r["id"] for r in store.article_summaries() if r["language"] == "de")
    segments = store.translation_segments(german, "en")
    store.close()
    at = run("reader", sample_db, monkeypatch, article=german)
    assert at.selectbox(key="reader_article").value == german
    tables = [h.proto.body for h in at.get("html") if h.proto.body.startswith('<table class="pl-reader"')]
    assert len(tables) == 1
    assert tables[0].count("<tr") == len(segments) + 1  # a header, then one row per segment
    assert "Sergej Lawrow" in tables[0] and "Sergei Lavrov" in tables[0]
    assert 'mark class="pl-ent pl-person"' in tables[0]
    # Next/previous move through the filtered articles.
    at.button(key="reader_prev").click().run()
    assert at.selectbox(key="reader_article").value != german


def test_actor_profile(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("actors", sample_db, monkeypatch, entity="Q159")
    assert at.selectbox(key="actors_entity").value == "Q159"
    surfaces = at.dataframe[0].value
    assert {"Russia", "Russland"} <= set(surfaces["Written as"])
    assert set(surfaces["Language"]) == {"it", "de"}


def test_country_options_are_named_after_countries(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("overview", sample_db, monkeypatch)
    options = at.multiselect(key="filters_countries").options
    assert "North Korea (KP)" in options and "Russia (RU)" in options, options


def test_add_articles_paste_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paste form: a bad date is refused with nothing stored; a good article lands in every view."""
    db = tmp_path / "add.db"
    store = Store(f"sqlite:///{db}")
    assert not ingest_paths([SAMPLE_DIR], store, Settings(db_url=f"sqlite:///{db}")).rejected
    store.close()
    monkeypatch.setenv("PRESSLENS_TRANSLATOR", "none")
    monkeypatch.setenv("PRESSLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "5_Add_articles.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Add articles"
    assert at.button(key="add_run").disabled  # nothing uploaded yet
    text = (
        "Il ministro degli Esteri russo ha incontrato a Mosca il suo omologo nordcoreano. "
        "I due hanno firmato un accordo di cooperazione militare il 5 novembre 2024."
    )
    at.text_area(key="add_text").input(text)
    at.text_input(key="add_title").input("Incollato: <b>vertice</b> $x$")
    at.text_input(key="add_source").input("Fonte incollata")
    at.text_input(key="add_date").input("2024-13-45")
    at.button(key="add_paste_submit").click().run()
    assert [e.value for e in at.error] == [
        "The date is not one PressLens can read: write it as YYYY-MM-DD, YYYY-MM or YYYY."
    ]
    assert "add_result" not in at.session_state
    at.text_input(key="add_date").input("6 novembre 2024")
    at.button(key="add_paste_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "1 article(s) ingested from 1 file(s); 0 duplicate file(s); 0 rejected file(s)."
    ]
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {
            "file": "pasted text: Incollato: <b>vertice</b> $x$",
            "status": "ingested",
            "ingested": 1,
            "duplicates": 0,
            "rejected": 0,
            "reason": "",
            "translation": "",
        }
    ]
    (new_id,) = at.session_state["add_result"]["ids"]
    cards = [h.proto.body for h in at.get("html") if 'class="pl-cards"' in h.proto.body]
    assert len(cards) == 1 and f'href="Reader?article={new_id}"' in cards[0]
    assert "&lt;b&gt;vertice&lt;/b&gt;" in cards[0] and "<b>vertice" not in cards[0]
    assert at.text_area(key="add_text").value == ""  # the form is emptied after a success
    # The new article is in the other views at once (the store's data version changed).
    overview = run("overview", db, monkeypatch)
    assert metrics(overview)["Articles"] == "6"
    reader = run("reader", db, monkeypatch, article=new_id)
    assert reader.selectbox(key="reader_article").value == new_id
    # The same text again is reported as a duplicate and changes nothing.
    at.text_area(key="add_text").input(text)
    at.button(key="add_paste_submit").click().run()
    assert at.dataframe[0].value["status"].tolist() == ["duplicate"]
    assert [w.value for w in at.warning] == [
        "0 article(s) ingested from 0 file(s); 1 duplicate file(s); 0 rejected file(s)."
    ]


# --- the view in the URL, the share menu, presenter mode (issue 7) ---------------------


def share_link(at: AppTest) -> str:
    """The link the header's Share menu offers to copy (an st.code block)."""
    codes = [c.value for c in at.code]
    assert len(codes) == 1, codes
    return str(codes[0])


def test_cooccurrence_controls_come_from_and_go_to_the_url(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("cooccurrence", sample_db, monkeypatch, w="article", m="pmi", n="6", t="country")
    assert at.segmented_control(key="cooc_window").value == "article"
    assert at.segmented_control(key="cooc_measure").value == "pmi"
    assert at.slider(key="cooc_top").value == 6
    trace = figure(at, "cooc_heatmap")["data"][0]
    assert len(trace["x"]) == 6 and trace["colorbar"]["title"]["text"] == "PMI"
    countries = {"North Korea", "Russia", "Ukraine", "United States", "South Korea", "Japan", "China"}
    assert set(trace["x"]) <= countries
    link = share_link(at)
    for part in ("w=article", "m=pmi", "n=6", "t=country", "a=", "b="):
        assert part in link, link
    # Defaults are left out of the link; nonsense in the URL falls back to them.
    at = run("cooccurrence", sample_db, monkeypatch, w="paragraph", m="<b>", n="500")
    assert at.segmented_control(key="cooc_window").value == "sentence"
    assert at.segmented_control(key="cooc_measure").value == "count"
    assert at.slider(key="cooc_top").value == 20
    assert "w=" not in share_link(at) and "m=" not in share_link(at)


def test_timeline_controls_and_selected_event_from_the_url(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run("timeline", sample_db, monkeypatch, rows="type", colour="country", per="M")
    assert at.segmented_control(key="timeline_rows").value == "type"
    assert at.segmented_control(key="timeline_colour").value == "country"
    assert at.segmented_control(key="timeline_freq").value == "M"
    data = [t for t in figure(at, "timeline_chart")["data"] if "customdata" in t]
    key = data[0]["customdata"][0][2]  # a point's key, as a click would select it
    at = run("timeline", sample_db, monkeypatch, rows="type", event=key)
    assert any("reported by" in t.value for t in at.text), [t.value for t in at.text]
    assert "event=" in share_link(at)
    ringed = [t for t in figure(at, "timeline_chart")["data"] if t.get("name") == "selected"]
    assert len(ringed) == 1
    # An event that is not on the chart any more is dropped from the link.
    at = run("timeline", sample_db, monkeypatch, event="nobody~2024-01-01~war")
    assert "event=" not in share_link(at)


def test_presenter_mode_drops_menus_and_keeps_captions(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normal = run("overview", sample_db, monkeypatch)
    assert [p for p in normal.get("popover")], "the overview has its Share and Export menus"
    at = run("overview", sample_db, monkeypatch, present="1")
    assert list(at.get("popover")) == []  # no Share, no Export
    html_blocks = " ".join(h.proto.body for h in at.get("html"))
    assert "Exit presenter mode" in html_blocks
    assert "stSidebar" in html_blocks  # the presenter CSS that hides the sidebar
    assert "pl-caption" in html_blocks and "data as of" in html_blocks
    spec = figure(at, "overview_top_actors")
    assert spec["layout"]["font"]["size"] > figure(normal, "overview_top_actors")["layout"]["font"]["size"]


# --- corrections (issue 7) -------------------------------------------------------------


@pytest.fixture
def correctable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A store of the sample and a copy of the actor table that a correction may write."""
    actors = tmp_path / "actors"
    shutil.copytree(ROOT / "data" / "actors", actors)
    monkeypatch.setenv("PRESSLENS_ACTORS_DIR", str(actors))
    db = tmp_path / "store.db"
    store = Store(f"sqlite:///{db}")
    assert not ingest_paths([SAMPLE_DIR], store, Settings(db_url=f"sqlite:///{db}", actors_dir=actors)).rejected
    store.close()
    return db, actors


def frames_of(db: Path) -> Frames:
    """The store's frames as the dashboard reads them (no snapshot)."""
    store = Store(f"sqlite:///{db}", create=False)
    try:
        return load_frames(store, snapshot=False)
    finally:
        store.close()


def heatmap_labels(at: AppTest) -> list[str]:
    return list(figure(at, "cooc_heatmap")["data"][0]["x"])


def test_merging_two_actors_makes_one_in_the_heatmap(
    correctable: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actors = correctable
    before = frames_of(db)
    names = before.entities["name"]
    biden = names[names == "Joe Biden"].index[0]
    usa = names[names == "United States"].index[0]
    # Sentences naming either: what the merged actor's count must be.
    m = before.mentions
    either = m[m["entity_id"].isin([biden, usa])][["article_id", "sentence"]].drop_duplicates()
    at = run("cooccurrence", db, monkeypatch, n="40", w="sentence")
    assert {"Joe Biden", "United States"} <= set(heatmap_labels(at))

    at = run("actors", db, monkeypatch, entity=biden)
    at.text_input(key="corr_who").set_value("Test Editor").run()
    at.selectbox(key="actors_corr_merge_into").set_value(usa).run()
    at.button(key="actors_corr_merge").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Merged" in s.value for s in at.success), [s.value for s in at.success]

    written = (actors / "overrides.yaml").read_text(encoding="utf-8")
    assert biden in written and usa in written and "Test Editor" in written and "when:" in written
    at = run("cooccurrence", db, monkeypatch, n="40", w="sentence", m="count")
    labels = heatmap_labels(at)
    assert "Joe Biden" not in labels and "United States" in labels
    after = frames_of(db)
    counts = cooccurrence_counts(after, after.articles.index, window="sentence", top_n=40)
    i = counts.ids.index(usa)
    assert counts.together[i, i] == len(either)  # every sentence that named either is now the one actor's
    assert biden not in after.entities.index  # merged away: gone from the lists too


def test_marking_an_extraction_wrong_hides_it_after_reprocessing(
    correctable: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actors = correctable
    frames = frames_of(db)
    names = frames.entities["name"]
    japan = names[names == "Japan"].index[0]
    article = frames.articles.index[entity_articles(frames, frames.articles.index, japan)][0]
    at = run("reader", db, monkeypatch, article=article)
    at.selectbox(key="reader_corr_actor").set_value(japan).run()
    at.text_input(key="corr_who").set_value("Desk").run()
    surface = at.selectbox(key="reader_corr_surface").options[0]
    at.radio(key="reader_corr_scope").set_value("in this article").run()
    at.button(key="reader_corr_reject").click().run()
    assert not at.exception, [e.value for e in at.exception]
    store = Store(f"sqlite:///{db}", create=False)
    try:
        left = [m.surface for m in store.article_entities(article).mentions if m.entity_id == japan]
        assert surface not in left
        # Still hidden after a full re-processing of the store.
        from presslens.pipeline import reprocess_entities

        reprocess_entities(store, Settings(db_url=f"sqlite:///{db}", actors_dir=actors))
        left = [m.surface for m in store.article_entities(article).mentions if m.entity_id == japan]
        assert surface not in left
    finally:
        store.close()
