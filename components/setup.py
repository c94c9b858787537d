"""Shared page setup: page config, the store, the cached DataFrames, the filter sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from components.filters import STATE as FILTER_STATE
from components.filters import filter_sidebar
from presslens.analytics import Filters, Frames, filter_articles, load_frames
from presslens.config import load_settings
from presslens.reader import CSS
from presslens.sample import ensure_store
from presslens.store import Store

ROOT = Path(__file__).resolve().parent.parent
NAV = [
    ("app.py", "Overview"),
    ("pages/1_Timeline.py", "Timeline"),
    ("pages/2_Co-occurrence.py", "Co-occurrence"),
    ("pages/3_Reader.py", "Reader"),
    ("pages/4_Actors.py", "Actors"),
    ("pages/5_Add_articles.py", "Add articles"),
]


@dataclass
class Context:
    """What every page works with."""

    store: Store
    frames: Frames
    filters: Filters
    ids: pd.Index  # the articles passing the filters


@st.cache_resource
def get_store() -> Store:
    """Open the store once per server process (building the sample on first run)."""
    return ensure_store(load_settings())


@st.cache_resource(max_entries=2, show_spinner="Reading the store…")
def cached_frames(store_url: str, version: str) -> Frames:
    """The store as DataFrames; re-read only when the data version changes.

    A resource, not cache_data: cache_data would unpickle a copy of millions of
    rows on every rerun. Pages treat the frames as read-only.
    """
    return load_frames(get_store())


@st.cache_data(max_entries=64)
def cached_search(store_url: str, version: str, query: str) -> list[str]:
    """Full-text search (original, translation, title) in the store."""
    return get_store().search(query, limit=100_000)


def page_setup(title: str, *, icon: str = "assets/icon.png") -> Context:
    """Configure the page, load the data, draw the filters; return the context."""
    st.set_page_config(page_title=f"{title} · PressLens", page_icon=str(ROOT / icon), layout="wide")
    st.html(CSS)
    with st.sidebar:
        # Our own navigation: the automatic one would label the entry page "app".
        try:
            for target, label in NAV:
                st.page_link(target, label=label)
        except StreamlitPageNotFoundError:
            pass  # a page run on its own (AppTest runs pages as their own entry point): no app to link to
        st.divider()
    store = get_store()
    version = store.data_version()
    frames = cached_frames(store.url, version)
    filters = filter_sidebar(frames, key="filters")
    search = cached_search(store.url, version, filters.query) if filters.query else None
    ids = filter_articles(frames, filters, search)
    return Context(store, frames, filters, ids)


def empty_store_notice() -> None:
    """What a page says when the store holds no article."""
    st.info("The store is empty. Add articles with `presslens ingest PATH...` (see the README) and reload this page.")


def no_match_notice(key: str) -> None:
    """What a page says when the filters match nothing, with a way out."""
    st.warning("No article matches these filters.")
    if st.button("Clear all filters", key=f"{key}_clear"):
        st.query_params.clear()
        for k in [k for k in st.session_state if str(k).startswith("filters_") or k == FILTER_STATE]:
            del st.session_state[k]
        st.rerun()
