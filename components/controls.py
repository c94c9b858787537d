"""Page controls whose state lives in the URL, so that a copied link reopens the same view."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st


def from_url(
    key: str,
    param: str,
    default: Any,
    *,
    valid: Collection[Any] | Callable[[Any], bool] | None = None,
    convert: Callable[[str], Any] = str,
) -> None:
    """Give widget ``key`` its first value: the URL's ``param`` when valid, else ``default``.

    Runs only while the widget has no state (a fresh session, or a page just
    entered): afterwards the widget owns its value and the page writes it back
    to the URL through :meth:`components.setup.Context.finish`.
    """
    if key in st.session_state:
        return
    value = default
    raw = st.query_params.get(param)
    if raw is not None:
        try:
            parsed = convert(raw)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and (valid is None or (valid(parsed) if callable(valid) else parsed in valid)):
            value = parsed
    st.session_state[key] = value


def list_from_url(key: str, param: str, default: Sequence[str], *, options: Collection[str]) -> None:
    """Like :func:`from_url` for a multi-select: a comma-separated list, unknown entries dropped."""
    if key in st.session_state:
        return
    raw = st.query_params.get(param)
    chosen = [v for v in (raw.split(",") if raw else []) if v in options]
    st.session_state[key] = chosen if raw is not None and chosen else list(default)


def as_param(value: Any, default: Any) -> str | None:
    """A control's value for the URL; None (left out) when it is the default, to keep links short."""
    if value == default or value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
