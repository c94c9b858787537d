"""Plotly figure builders: pure functions of DataFrames, labels escaped.

Plotly renders ``<b>``, ``<br>`` and ``<a href>`` in hover text, titles and
annotations, so every string that came from an article goes through
:func:`esc` before it reaches a figure.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TYPE_COLOURS = {
    "agreement": "#0072B2",
    "military": "#D55E00",
    "combat": "#000000",
    "sanctions": "#E69F00",
    "meeting": "#009E73",
    "aid": "#56B4E9",
    "statement": "#CC79A7",
    "elections": "#F0E442",
    "other": "#999999",
}
ENTITY_COLOURS = {
    "country": "#0072B2",
    "person": "#D55E00",
    "organization": "#009E73",
    "location": "#CC79A7",
    "other": "#999999",
}
FONT = "Source Sans Pro, Noto Sans, Noto Sans CJK KR, Noto Sans Arabic, sans-serif"


def esc(text: object, limit: int = 300) -> str:
    """Escape untrusted text for a Plotly label, cut to ``limit`` characters."""
    value = "" if text is None else str(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value, quote=False)


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": esc(title), "x": 0, "xanchor": "left", "font": {"size": 18}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        font={"family": FONT, "size": 13},
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    return fig


def timeline_figure(points: pd.DataFrame, *, colour: str = "type", title: str = "Events") -> go.Figure:
    """Events on a time axis: one marker per point of :func:`presslens.analytics.timeline_points`.

    ``points`` needs: row, start, date, precision, date_text, type, country,
    article_id, sentence, reports, source, and optionally ``sentence_original``
    and ``translation`` (the sentence in English, shown on hover). Markers are
    sized by how many articles report the same date and type.
    """
    fig = go.Figure()
    if points.empty:
        return _layout(fig, title, 300)
    groups = points["type"] if colour == "type" else points["country"].fillna("—")
    palette = TYPE_COLOURS if colour == "type" else {}
    for i, (name, part) in enumerate(points.groupby(groups, sort=True)):
        original = part["sentence_original"] if "sentence_original" in part else pd.Series("", index=part.index)
        text = part["translation"].fillna(original) if "translation" in part else original
        hover = [
            f"<b>{esc(d)}</b> ({esc(p)}) · {esc(t)} · {n} article(s)<br>“{esc(dt, 80)}”<br>{esc(s, 160)}"
            f"<br><i>{esc(src or 'unknown source')}</i>"
            for d, p, t, n, dt, s, src in zip(
                part["date"],
                part["precision"],
                part["type"],
                part["reports"],
                part["date_text"],
                text,
                part["source"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=part["start"],
                y=part["row"].map(esc),
                mode="markers",
                name=esc(name),
                marker={
                    "size": (8 + 4 * part["reports"].clip(upper=6)).tolist(),
                    "color": palette.get(str(name), PALETTE[i % len(PALETTE)]),
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=list(zip(part["article_id"], part["sentence"].astype(int), strict=True)),
                hovertext=hover,
                hoverinfo="text",
            )
        )
    n_rows = points["row"].nunique()
    fig.update_yaxes(categoryorder="category descending", title=None)
    # Open on where the events are: one "since 1949" must not squeeze 2024 into a
    # sliver. Earlier points stay one zoom-out (double-click) away.
    starts = points["start"].dropna().sort_values()
    if len(starts) >= 5:
        low, high = starts.quantile(0.05), starts.max()
        pad = max(pd.Timedelta(days=10), (high - low) * 0.04)
        fig.update_xaxes(range=[low - pad, high + pad])
    fig.update_xaxes(title=None, showgrid=True)
    return _layout(fig, title, max(320, 90 + 28 * n_rows))


def volume_figure(volume: pd.DataFrame, *, title: str = "Articles over time") -> go.Figure:
    """Articles per period, one line per actor (or one for all articles)."""
    fig = go.Figure()
    for i, (actor, part) in enumerate(volume.groupby("actor", sort=True)):
        fig.add_trace(
            go.Scatter(
                x=part["period"],
                y=part["articles"],
                name=esc(actor),
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2},
                hovertemplate="%{x|%Y-%m-%d}: %{y} article(s)<extra>" + esc(actor) + "</extra>",
            )
        )
    fig.update_yaxes(title="articles", rangemode="tozero", tickformat="d")
    return _layout(fig, title, 320)


def heatmap_figure(matrix: pd.DataFrame, measure: str, *, title: str = "Who appears with whom") -> go.Figure:
    """The co-occurrence matrix as a heatmap; cells carry the two actors' ids."""
    fig = go.Figure()
    if matrix.empty:
        return _layout(fig, title, 300)
    labels = [esc(x, 40) for x in matrix.index]
    ids = matrix.attrs.get("ids", list(matrix.index))
    custom = [[[a, b] for b in ids] for a in ids]
    label = {"count": "shared", "jaccard": "Jaccard", "pmi": "PMI"}.get(measure, measure)
    z = matrix.to_numpy(dtype=float).copy()
    # The diagonal (an actor with itself) would set the colour scale and wash out
    # every real pair: left blank.
    np.fill_diagonal(z, np.nan)
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            customdata=custom,
            colorscale="RdBu" if measure == "pmi" else "Blues",
            zmid=0 if measure == "pmi" else None,
            hovertemplate="%{y} × %{x}<br>" + label + ": %{z:.3g}<extra></extra>",
            colorbar={"title": {"text": label}},
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-45)
    size = max(420, 160 + 26 * len(labels))
    return _layout(fig, title, size)


def bar_figure(frame: pd.DataFrame, x: str, y: str, *, colour: str | None = None, title: str = "") -> go.Figure:
    """Horizontal bars (e.g. top actors), labels escaped."""
    fig = go.Figure(
        go.Bar(
            x=frame[x],
            y=frame[y].map(esc),
            orientation="h",
            marker={"color": [ENTITY_COLOURS.get(str(c), PALETTE[0]) for c in frame[colour]] if colour else PALETTE[0]},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, max(260, 60 + 26 * len(frame)))
