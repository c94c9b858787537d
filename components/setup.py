"""Shared page setup: page config, the store, the cached DataFrames, the filter sidebar, the header.

Every page starts with :func:`page_setup` and ends its run with
:meth:`Context.finish`, which writes the view (filters and the page's own
parameters) into the URL and fills the header's share menu with a link to it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitPageNotFoundError

from components.filters import STATE as FILTER_STATE
from components.filters import filter_sidebar, sync_url
from presslens.analytics import (
    Filters,
    Frames,
    SurfaceCounts,
    caption,
    entity_articles,
    filter_mask,
    load_frames,
    surface_counts,
    surfaces_by_language,
)
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
PRESENT = "present"  # URL parameter of presenter mode

# Presenter mode: no sidebar, no header toolbar, no Streamlit chrome; larger type.
# Our own CSS (no article text in it), injected only when the URL asks for it.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], .pl-no-present {display:none !important}
html {font-size:20px}
[data-testid="stMainBlockContainer"] {padding-top:1.5rem; max-width:none}
.pl-caption {font-size:1rem}
</style>
"""


def data_date(version: str) -> str | None:
    """The day the store last changed, from its data-version stamp (nanoseconds), when it is one."""
    try:
        stamp = int(version)
    except ValueError:
        return None
    if stamp < 10**17:  # not a time_ns() stamp (an old store's row counts, a benchmark's "1")
        return None
    return datetime.fromtimestamp(stamp / 1e9, tz=UTC).date().isoformat()


@dataclass
class Context:
    """What every page works with."""

    store: Store
    frames: Frames
    filters: Filters
    mask: np.ndarray  # boolean over frames.articles: the articles passing the filters
    version: str  # the store's data version (cache key)
    page: str  # the page's path, e.g. "pages/1_Timeline.py"
    present: bool = False  # presenter mode
    share_slot: DeltaGenerator | None = field(default=None, repr=False)

    @property
    def ids(self) -> pd.Index:
        """Ids of the articles passing the filters."""
        return self.frames.articles.index[self.mask]

    @property
    def data_date(self) -> str | None:
        """The day the data last changed (for captions), when known."""
        return data_date(self.version)

    def caption(self, what: str, selection: Any = None) -> str:
        """The caption of a chart: what it shows, filters, counts, languages, dates, date of the data."""
        chosen = self.mask if selection is None else selection
        return caption(self.frames, chosen, self.filters, what, data_date=self.data_date)

    def finish(self, **page_params: str | None) -> None:
        """End of the page's run: the view into the URL, and the share menu pointing at it."""
        if self.present:
            page_params[PRESENT] = "1"
        sync_url(self.filters, **page_params)
        if self.share_slot is not None:
            params = {**self.filters.to_params(), **{k: v for k, v in page_params.items() if v and k != PRESENT}}
            with self.share_slot:
                share_menu(self.page, params, present=self.present)


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


@st.cache_data(max_entries=32, show_spinner=False)
def cached_sentences(
    store_url: str, version: str, keys: tuple[tuple[str, int], ...]
) -> dict[tuple[str, int], tuple[str, str]]:
    """(original, English) of the given (article, sentence) pairs: hover texts and evidence."""
    return get_store().sentence_texts(list(keys))


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_surface_counts(store_url: str, version: str, entity_id: str) -> SurfaceCounts:
    """One actor's (article, surface, mentions), coded: read once per actor and data version, any filter.

    A resource, not data: shared read-only, so a rerun neither copies nor unpickles it.
    """
    return surface_counts(cached_frames(store_url, version), get_store().entity_surface_counts(entity_id))


def cached_surfaces(store_url: str, version: str, entity_id: str, filters: Filters) -> list[dict[str, Any]]:
    """How an actor is written, per language, in the articles passing ``filters`` (narrowed in memory)."""
    frames = cached_frames(store_url, version)
    search = cached_search(store_url, version, filters.query) if filters.query else None
    chosen = entity_articles(frames, filter_mask(frames, filters, search), entity_id) if filters.active else None
    return surfaces_by_language(frames, cached_surface_counts(store_url, version, entity_id), chosen)


@st.cache_data(max_entries=64)
def cached_search(store_url: str, version: str, query: str) -> list[str]:
    """Full-text search (original, translation, title) in the store."""
    return get_store().search(query, limit=100_000)


def page_link(target: str) -> str:
    """The URL path of a page file ("pages/1_Timeline.py" -> "Timeline", "app.py" -> "")."""
    if target == "app.py":
        return ""
    stem = Path(target).stem
    return stem.split("_", 1)[1] if "_" in stem and stem.split("_", 1)[0].isdigit() else stem


def view_url(page: str, params: dict[str, str]) -> str:
    """An absolute link to this page with ``params`` (relative where the browser's URL is unknown: tests)."""
    here = st.context.url or "/" + page_link(page)  # st.context.url: this page's URL without its query
    query = urlencode(params)
    return here + (f"?{query}" if query else "")


def share_menu(page: str, params: dict[str, str], *, present: bool) -> None:
    """The header's "Share" menu: a copyable link to this exact view, and presenter mode on/off."""
    link = view_url(page, params)
    if present:
        exit_link = html.escape(link, quote=True)
        st.html(f"<div class='pl-exit'><a href='{exit_link}' target='_self'>Exit presenter mode</a></div>")
        return
    with st.popover("Share", icon=":material/share:", key="share_menu", width="stretch"):
        st.text("Link to this view (filters and selection):")
        # st.code shows plain text with a copy button: a search term in the link stays text.
        st.code(link, language=None, wrap_lines=True)
        presenter = view_url(page, {**params, PRESENT: "1"})
        st.html(
            f"<a href='{html.escape(presenter, quote=True)}' target='_self'>Presenter mode</a>"
            "<div class='pl-meta'>No sidebar or toolbars, larger type, a caption under every chart.</div>"
        )


def page_setup(title: str, *, heading: str | None = None, page: str = "", icon: str = "assets/icon.png") -> Context:
    """Configure the page, load the data, draw the filters and the header; return the context."""
    st.set_page_config(page_title=f"{title} · PressLens", page_icon=str(ROOT / icon), layout="wide")
    present = st.query_params.get(PRESENT) == "1"
    st.html(CSS)
    # Link colour readable on either theme (Streamlit tells which one the browser shows).
    dark = getattr(st.context.theme, "type", None) == "dark"
    st.html(f"<style>:root {{--pl-link: {'#8ab8f0' if dark else '#1f5fa8'}}}</style>")
    if present:
        st.html(PRESENTER_CSS)
    store = get_store()
    version = store.data_version()
    frames = cached_frames(store.url, version)
    filters = filter_sidebar(frames, key="filters")
    with st.sidebar:
        st.divider()
        # Our own navigation (the automatic one would label the entry page "app"); the
        # links carry the filters, so switching pages keeps the view.
        try:
            for target, label in NAV:
                st.page_link(target, label=label, query_params=filters.to_params() or None)
        except StreamlitPageNotFoundError:
            pass  # a page run on its own (AppTest runs pages as their own entry point): no app to link to
    search = cached_search(store.url, version, filters.query) if filters.query else None
    mask = filter_mask(frames, filters, search)
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    left.title(heading or title)
    return Context(store, frames, filters, mask, version, page, present, right)


def empty_store_notice(ctx: Context) -> None:
    """What a page says when the store holds no article (and the end of its run)."""
    st.info(
        "The store is empty. Add articles on the Add articles page, or with `presslens ingest PATH...` "
        "(see the README), then reload this page."
    )
    ctx.finish()
    st.stop()


def no_match_notice(ctx: Context, key: str) -> None:
    """What a page says when the filters match nothing, with a way out (and the end of its run)."""
    st.warning("No article matches these filters.")
    if st.button("Clear all filters", key=f"{key}_clear"):
        st.query_params.clear()
        for k in [k for k in st.session_state if str(k).startswith("filters_") or k == FILTER_STATE]:
            del st.session_state[k]
        st.rerun()
    ctx.finish()
    st.stop()


def caption_text(text: str) -> None:
    """A chart's caption, escaped: it carries filter values (actor and source names, search text)."""
    st.html(f"<div class='pl-caption'>{html.escape(text)}</div>")
