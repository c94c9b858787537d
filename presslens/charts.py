"""Plotly figure builders: pure functions of DataFrames, labels escaped.

Plotly renders ``<b>``, ``<br>`` and ``<a href>`` in hover text, titles and
annotations, so every string that came from an article goes through
:func:`esc` before it reaches a figure.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#882255"]
TYPE_COLOURS = {
    "agreement": "#0072B2",
    "military": "#D55E00",
    "combat": "#882255",  # not black: it would vanish on the dark theme
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
# Marker shape by date precision: filled for a day, open shapes for coarser dates.
PRECISION_SYMBOLS = {
    "day": "circle",
    "week": "square",
    "range": "square",
    "month": "diamond-open",
    "year": "star-open",
}


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
        # At the right, top-aligned: above or below the plot it ran into the title or
        # the tick labels once it wrapped; here Plotly makes room for it.
        legend={"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.01},
    )
    return fig


def _customdata(points: pd.DataFrame) -> np.ndarray:
    """(article id, sentence, point key) per point, as one object array (a list of tuples validates slowly)."""
    key = points["point"] if "point" in points else points["article_id"]
    return np.column_stack(
        [points["article_id"].to_numpy(dtype=object), points["sentence"].astype(int).to_numpy(dtype=object), key]
    ).astype(object)


def timeline_figure(
    points: pd.DataFrame, *, colour: str = "type", title: str = "Events", selected: str | None = None
) -> go.Figure:
    """Events on a time axis: one marker per point of :func:`presslens.analytics.timeline_points`.

    ``points`` needs: row, start, date, precision, date_text, type, country,
    article_id, sentence, reports, source, and optionally ``sentence_original``
    and ``translation`` (the sentence in English, shown on hover) and ``point``
    (a key naming the point: carried in ``customdata`` and, when it equals
    ``selected``, ringed). Markers are sized by how many articles report the
    same date and type; their shape says the date's precision.
    """
    fig = go.Figure()
    if points.empty:
        return _layout(fig, title, 300)
    groups = points["type"] if colour == "type" else points["country"].fillna("—")
    palette = TYPE_COLOURS if colour == "type" else {}
    original = points["sentence_original"] if "sentence_original" in points else pd.Series("", index=points.index)
    text = points["translation"].fillna(original) if "translation" in points else original
    hover = pd.Series(
        [
            f"<b>{esc(d)}</b> ({esc(p)}) · {esc(t)} · {n} article(s)<br>“{esc(dt, 80)}”<br>{esc(s, 160)}"
            f"<br><i>{esc(src or 'unknown source')}</i>"
            for d, p, t, n, dt, s, src in zip(
                points["date"],
                points["precision"],
                points["type"],
                points["reports"],
                points["date_text"],
                text,
                points["source"],
                strict=True,
            )
        ],
        index=points.index,
        dtype=object,
    )
    labels = points["row"].map(esc)
    sizes = 8 + 4 * points["reports"].clip(upper=6)
    custom = _customdata(points)
    # One trace per colour group and date precision: a list of marker symbols per
    # point costs Plotly's validator ~50 ms per 3,000 points, a symbol per trace nothing.
    for i, (name, part) in enumerate(points.groupby(groups, sort=True)):
        for precision, sub in part.groupby(part["precision"].fillna("day"), sort=True):
            rows = sub.index
            fig.add_trace(
                go.Scatter(
                    x=sub["start"],
                    y=labels.loc[rows],
                    mode="markers",
                    name=esc(name),
                    legendgroup=esc(name),
                    showlegend=False,
                    marker={
                        "size": sizes.loc[rows].to_numpy(),
                        "color": palette.get(str(name), PALETTE[i % len(PALETTE)]),
                        # A month or a year is not a day: open and differently shaped markers.
                        "symbol": PRECISION_SYMBOLS.get(str(precision), "circle"),
                        "opacity": 0.85,
                        "line": {"width": 1.5, "color": palette.get(str(name), PALETTE[i % len(PALETTE)])},
                    },
                    customdata=custom[points.index.get_indexer(rows)],
                    hovertext=hover.loc[rows].to_numpy(),
                    hoverinfo="text",
                )
            )
    # The legend: one filled circle per colour, then one grey shape per date precision
    # present (the data traces are split by precision, so none of them can stand for both).
    for i, name in enumerate(sorted(groups.unique(), key=str)):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=esc(name),
                legendgroup=esc(name),
                marker={"size": 11, "symbol": "circle", "color": palette.get(str(name), PALETTE[i % len(PALETTE)])},
                hoverinfo="skip",
            )
        )
    precisions = points["precision"].fillna("day").unique()
    if len(precisions) > 1:
        for precision in [p for p in PRECISION_SYMBOLS if p in precisions]:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=f"date: {precision}",
                    marker={"size": 11, "symbol": PRECISION_SYMBOLS[precision], "color": "#777777"},
                    hoverinfo="skip",
                )
            )
    if selected is not None and "point" in points:
        ring = points[points["point"] == selected]
        if not ring.empty:
            fig.add_trace(
                go.Scatter(
                    x=ring["start"],
                    y=ring["row"].map(esc),
                    mode="markers",
                    name="selected",
                    marker={"size": 30, "symbol": "circle-open", "color": "#D55E00", "line": {"width": 3}},
                    customdata=_customdata(ring),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    n_rows = points["row"].nunique()
    fig.update_yaxes(categoryorder="category descending", title=None)
    # Open on where the events are: one "since 1949" must not squeeze 2024 into a
    # sliver. Earlier points stay one zoom-out (double-click) away.
    starts = points["start"].dropna().sort_values()
    if len(starts) >= 5:
        # "higher": with few points an interpolated quantile lands between 1949 and 2024.
        low, high = starts.quantile(0.05, interpolation="higher"), starts.max()
        pad = max(pd.Timedelta(days=10), (high - low) * 0.04)
        fig.update_xaxes(range=[low - pad, high + pad])
    fig.update_xaxes(title=None, showgrid=True)
    legend_entries = sum(1 for trace in fig.data if trace.showlegend is not False)
    return _layout(fig, title, max(320, 90 + 28 * n_rows, 80 + 24 * legend_entries))


def volume_figure(volume: pd.DataFrame, *, title: str = "Articles over time", freq: str = "W") -> go.Figure:
    """Articles per period, one line per actor (or one for all articles); ``period`` is the period's first day."""
    period_label = {"D": "day", "W": "week of", "M": "month of"}.get(freq, "")
    fig = go.Figure()
    for i, (actor, part) in enumerate(volume.groupby("actor", sort=True)):
        fig.add_trace(
            go.Scatter(
                x=part["period"],
                y=part["articles"],
                name=esc(actor),
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)], "width": 2},
                hovertemplate=f"{period_label} %{{x|%Y-%m-%d}}: %{{y}} article(s)<extra>" + esc(actor) + "</extra>",
            )
        )
    # Whole articles: integer ticks only (tickformat "d" alone repeats labels on small counts).
    top = int(volume["articles"].max()) if len(volume) else 1
    fig.update_yaxes(title="articles", rangemode="tozero", tickformat="d", dtick=max(1, math.ceil(top / 6)))
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
            hoverinfo="skip",
            xgap=1,
            ygap=1,
        )
    )
    # Streamlit's selection events carry nothing for heatmap traces (streamlit#8760):
    # a layer of invisible markers, one per off-diagonal cell, takes the hover and the
    # click, and its customdata names the two actors.
    k = len(labels)
    rows, cols = np.nonzero(~np.eye(k, dtype=bool))
    fig.add_trace(
        go.Scatter(
            x=[labels[j] for j in cols],
            y=[labels[i] for i in rows],
            mode="markers",
            marker={"size": 22, "symbol": "square", "opacity": 0, "color": "#000000"},
            customdata=np.array([[ids[i], ids[j]] for i, j in zip(rows, cols, strict=True)], dtype=object).reshape(
                -1, 2
            ),
            text=[f"{z[i, j]:.3g}" for i, j in zip(rows, cols, strict=True)],
            hovertemplate="%{y} × %{x}<br>" + label + ": %{text}<extra></extra>",
            showlegend=False,
            name="cells",
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-45)
    size = max(420, 160 + 26 * len(labels))
    return _layout(fig, title, size)


def bar_figure(frame: pd.DataFrame, x: str, y: str, *, colour: str | None = None, title: str = "") -> go.Figure:
    """Horizontal bars (e.g. top actors), labels escaped; with ``colour``, one legend entry per group."""
    fig = go.Figure()
    labels = frame[y].map(esc)
    if colour:
        for group in dict.fromkeys(frame[colour].astype(str)):
            part = frame[colour].astype(str) == group
            fig.add_trace(
                go.Bar(
                    x=frame.loc[part, x],
                    y=labels[part],
                    orientation="h",
                    name=esc(group),
                    marker={"color": ENTITY_COLOURS.get(group, PALETTE[0])},
                    hovertemplate="%{y}: %{x}<extra>" + esc(group) + "</extra>",
                )
            )
        fig.update_layout(barmode="overlay")
    else:
        fig.add_trace(
            go.Bar(
                x=frame[x],
                y=labels,
                orientation="h",
                marker={"color": PALETTE[0]},
                hovertemplate="%{y}: %{x}<extra></extra>",
                showlegend=False,
            )
        )
    # Keep the frame's order (largest first, from the top) whatever the trace split.
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels)[::-1])
    return _layout(fig, title, max(260, 80 + 26 * len(frame)))


def presenter_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with type sized for a projector (presenter mode on screen)."""
    out = go.Figure(fig)
    size = (out.layout.font.size or 13) + 5
    out.update_layout(font={"size": size}, title={"font": {"size": size + 8}}, hoverlabel={"font": {"size": size}})
    if out.layout.height:
        out.update_layout(height=int(out.layout.height * 1.25))
    return out
