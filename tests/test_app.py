"""The dashboard's entry page under Streamlit's AppTest (no browser: layout and data, not drawing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from presslens.config import DEFAULT_DB_PATH, SAMPLE_DIR, Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store

ROOT = Path(__file__).resolve().parent.parent
# Absolute: a relative path is resolved against this test file's folder, not the project root.
APP = ROOT / "app.py"


def _default_store_state() -> dict[str, tuple[int, int] | None]:
    """Size and mtime of the default store and its SQLite side files (None when absent)."""
    state: dict[str, tuple[int, int] | None] = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = DEFAULT_DB_PATH.with_name(DEFAULT_DB_PATH.name + suffix)
        st_ = p.stat() if p.exists() else None
        state[p.name] = (st_.st_size, st_.st_mtime_ns) if st_ else None
    return state


@pytest.fixture(autouse=True)
def _isolated_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fresh Streamlit caches for every test, and proof that data/presslens.db was not touched."""
    # Each test must point PRESSLENS_DB somewhere: without it the app would build the default store.
    monkeypatch.delenv("PRESSLENS_DB", raising=False)
    before = _default_store_state()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
    assert _default_store_state() == before, f"a test created or changed the default store {DEFAULT_DB_PATH}"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample corpus (built once for this module)."""
    path = tmp_path_factory.mktemp("sample_store") / "presslens.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    try:
        report = ingest_paths([SAMPLE_DIR], store, Settings(db_url=url))
    finally:
        store.close()
    assert not report.rejected, report.summary()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A freshly created store with no article."""
    path = tmp_path / "empty.db"
    Store(f"sqlite:///{path}").close()
    return path


def run_app(monkeypatch: pytest.MonkeyPatch, db: Path) -> AppTest:
    """Run the entry page once against the store at ``db``."""
    monkeypatch.setenv("PRESSLENS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """The page's metrics as label -> displayed value."""
    return {m.label: m.value for m in at.metric}


def articles_table(at: AppTest) -> pd.DataFrame:
    """The overview table as pandas.

    A display-only ``st.dataframe`` has no element id in Streamlit 1.67, so
    ``at.get_by_key("overview_articles")`` cannot find it: take the page's only dataframe.
    """
    try:
        return at.get_by_key("overview_articles").value
    except KeyError:
        assert len(at.dataframe) == 1, f"expected one dataframe on the entry page, found {len(at.dataframe)}"
        return at.dataframe[0].value


def test_entry_page_shows_the_sample_store(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> None:
    at = run_app(monkeypatch, sample_db)

    assert [t.value for t in at.title] == ["PressLens"]
    shown = metrics(at)
    assert shown["Articles"] == "5"
    assert shown["Languages"] == "2"
    assert not at.info, "the sample store is not empty"

    df = articles_table(at)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 5
    assert df["language"].value_counts().to_dict() == {"it": 4, "de": 1}
    assert list(df.columns) == ["published", "title", "source", "language", "words", "sentences", "translation", "id"]
    assert df["id"].is_unique
    assert (df["words"] > 0).all()
    assert (df["sentences"] > 0).all()
    assert df["published"].is_monotonic_increasing, "articles are listed oldest first"


def test_entry_page_on_an_empty_store(monkeypatch: pytest.MonkeyPatch, empty_db: Path) -> None:
    at = run_app(monkeypatch, empty_db)

    assert [t.value for t in at.title] == ["PressLens"]
    assert len(at.info) == 1
    assert "store is empty" in at.info[0].value
    assert "presslens ingest" in at.info[0].value
    # The page stops after the message: no metrics, no table.
    assert not at.metric
    assert not at.dataframe


def test_caches_do_not_leak_between_stores(monkeypatch: pytest.MonkeyPatch, sample_db: Path, empty_db: Path) -> None:
    """With the caches cleared, a second run reads the store PRESSLENS_DB names now."""
    assert metrics(run_app(monkeypatch, sample_db))["Articles"] == "5"
    st.cache_resource.clear()
    st.cache_data.clear()
    at = run_app(monkeypatch, empty_db)
    assert not at.metric
    assert len(at.info) == 1
