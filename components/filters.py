"""The shared filter sidebar, kept in the URL so that a copied link reopens the same view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from presslens.analytics import Filters, Frames

STATE = "pl_filters"  # the canonical Filters of this session (widget state is per page)
MAX_ACTOR_OPTIONS = 500


def _options(frames: Frames) -> dict[str, list[str]]:
    opts = frames.options()
    opts["actors"] = opts["actors"][:MAX_ACTOR_OPTIONS]
    return opts


def sync_url(filters: Filters, **page_params: str | None) -> None:
    """Write the filters (and a page's own parameters) into the URL, only when they changed."""
    wanted = filters.to_params()
    for key, value in page_params.items():
        if value:
            wanted[key] = value
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def filter_sidebar(frames: Frames, *, key: str = "filters") -> Filters:
    """Draw the filters in the sidebar; return what they select (also stored in the URL)."""
    opts = _options(frames)
    canonical: Filters | None = st.session_state.get(STATE)
    if canonical is None:
        canonical = Filters.from_params(st.query_params.to_dict())
    names = frames.entities["name"]
    countries = frames.entities[frames.entities["type"] == "country"]
    country_names = dict(zip(countries["country"], countries["name"], strict=True))
    dated = frames.articles["published_date"].dropna()
    lo = dated.min().date() if not dated.empty else date.today()
    hi = dated.max().date() if not dated.empty else date.today()

    defaults = {
        f"{key}_countries": [c for c in canonical.countries if c in opts["countries"]],
        f"{key}_actors": [a for a in canonical.actors if a in names.index],
        f"{key}_languages": [x for x in canonical.languages if x in opts["languages"]],
        f"{key}_sources": [x for x in canonical.sources if x in opts["sources"]],
        f"{key}_types": [x for x in canonical.event_types if x in opts["event_types"]],
        f"{key}_dates": (canonical.date_from or lo, canonical.date_to or hi),
        f"{key}_query": canonical.query,
    }
    for widget, value in defaults.items():
        if widget not in st.session_state:
            st.session_state[widget] = value

    with st.sidebar:
        st.header("Filters")
        st.text_input("Search text", key=f"{key}_query", placeholder="words in the original or the translation")
        st.multiselect(
            "Country",
            opts["countries"],
            key=f"{key}_countries",
            format_func=lambda c: f"{country_names.get(c, c)} ({c})",
            help="Articles that mention the country or any actor belonging to it.",
        )
        actor_options = list(dict.fromkeys([*st.session_state[f"{key}_actors"], *opts["actors"]]))
        st.multiselect("Actor", actor_options, key=f"{key}_actors", format_func=lambda a: str(names.get(a, a)))
        st.multiselect("Language", opts["languages"], key=f"{key}_languages")
        st.multiselect("Source", opts["sources"], key=f"{key}_sources")
        st.multiselect("Event type", opts["event_types"], key=f"{key}_types")
        picked = st.date_input("Published between", key=f"{key}_dates", min_value=lo, max_value=hi)

    start, end = [*list(picked), None, None][:2] if isinstance(picked, (tuple, list)) else (picked, None)
    filters = Filters(
        countries=tuple(st.session_state[f"{key}_countries"]),
        actors=tuple(st.session_state[f"{key}_actors"]),
        languages=tuple(st.session_state[f"{key}_languages"]),
        sources=tuple(st.session_state[f"{key}_sources"]),
        date_from=start if start and start != lo else None,
        date_to=end if end and end != hi else None,
        event_types=tuple(st.session_state[f"{key}_types"]),
        query=str(st.session_state[f"{key}_query"]).strip(),
    )
    st.session_state[STATE] = filters
    return filters
