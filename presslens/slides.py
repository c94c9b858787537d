"""Slide-size static export of the dashboard's charts (PNG and SVG).

Two halves, neither imports Streamlit:

- :func:`slide_figure` is a pure function: it returns a *new* figure laid out
  for a slide (1920×1080 or 1080×1080): fixed size, projector-sized type, white
  background, the chart's title, and at the bottom a caption saying what is
  shown and a source line, both escaped and wrapped to the width.
- :func:`export_image` renders a figure through kaleido and the system
  Chromium. The browser starts once per process (on the first export) and is
  reused; calls from several threads are serialised by a lock; every failure,
  a missing Chromium included, raises :class:`ExportError`; a hung export times
  out and the browser is replaced. :func:`shutdown` (registered with
  :mod:`atexit`) stops it.

Margins are computed here rather than left to Plotly's automargin: the caption
is an annotation placed in pixels below the plot area, so the plot area's
left and bottom edges must be known. Tick labels on category axes are cut
(``ticktext``; the categories themselves stay distinct) so the estimate holds.

kaleido's own ``start_sync_server`` is not used: its ``call_function`` is not
thread-safe (plotly/Kaleido#444: concurrent callers can get each other's
image), has no timeout, and blocks for ever when the browser fails to start.
``fig.to_image`` goes through it (or, when it is not started, launches a new
browser per image), so the dashboard should export through this module only.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import html
import logging
import math
import os
import re
import shutil
import signal
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go

from presslens.charts import FONT

log = logging.getLogger(__name__)

SLIDE_SIZES: dict[str, tuple[int, int]] = {"16:9": (1920, 1080), "1:1": (1080, 1080)}
"""Slide sizes in pixels (width, height), by aspect ratio."""

Size = str | tuple[int, int]
Format = Literal["png", "svg"]

EXPORT_TIMEOUT = 30.0
"""Seconds one export may take before the browser is considered hung."""
START_TIMEOUT = 45.0
"""Seconds Chromium may take to start."""
_GRACE = 5.0  # beyond the export timeout, so that kaleido's own timeout (a clearer error) fires first
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_INK = "#1a1a1a"
_MUTED = "#555555"
_GRID = "#e3e3e3"
_LINE_SPACING = 1.3  # Plotly's line height for multi-line text, in font sizes
# Explicit bidi embeddings, overrides and isolates: untrusted text could use them
# to reorder the rest of a caption line. The bidi algorithm needs none of them.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


# --- sizes and text measurement ---------------------------------------------------


def slide_size(size: Size) -> tuple[int, int]:
    """``(width, height)`` for a key of :data:`SLIDE_SIZES` or a ``(width, height)`` pair."""
    if isinstance(size, str):
        try:
            return SLIDE_SIZES[size]
        except KeyError:
            raise ValueError(f"unknown slide size {size!r}: use one of {sorted(SLIDE_SIZES)}") from None
    width, height = size
    if not (isinstance(width, int) and isinstance(height, int) and 100 <= width <= 8000 and 100 <= height <= 8000):
        raise ValueError(f"slide size {size!r}: width and height must be integers from 100 to 8000")
    return width, height


def _char_width(ch: str) -> float:
    """Approximate advance of one character in font sizes (sans-serif; errs wide)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch == " ":
        return 0.28
    if ch in "il.,:;!|'`ıjtfr()[]":
        return 0.34
    if ch.isupper() or ch in "mwMW@%&—":
        return 0.72
    return 0.55


def text_width(text: str, font_size: float) -> float:
    """Estimated width in pixels of ``text`` (unescaped) at ``font_size``."""
    return sum(_char_width(c) for c in text) * font_size


def clean_text(text: object) -> str:
    """Untrusted text as one would show it: no control characters, no bidi overrides, single spaces per line."""
    value = "" if text is None else str(text)
    value = value.translate(_BIDI_CONTROLS)
    lines = []
    for line in value.splitlines():
        line = "".join(c if unicodedata.category(c) != "Cc" else " " for c in line)
        lines.append(" ".join(line.split()))
    return "\n".join(lines).strip("\n")


def _breaks_anywhere(ch: str) -> bool:
    """Whether a line may break before and after ``ch``: wide CJK characters, except Hangul (spaced words)."""
    if not _is_wide(ch):
        return False
    code = ord(ch)
    return not (0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F)


def _chunks(word: str) -> list[str]:
    """A word split where a line may break: around every Han character or kana."""
    out: list[str] = []
    for ch in word:
        if not out or _breaks_anywhere(ch) or _breaks_anywhere(out[-1][-1]):
            out.append(ch)
        else:
            out[-1] += ch
    return out


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _fit(text: str, max_px: float, font_size: float, ellipsis: str = "…") -> str:
    """``text`` cut (with ``ellipsis``) so that it fits in ``max_px``."""
    if text_width(text, font_size) <= max_px:
        return text
    budget = max_px - text_width(ellipsis, font_size)
    out, used = "", 0.0
    for ch in text:
        used += _char_width(ch) * font_size
        if used > budget:
            break
        out += ch
    return out.rstrip() + ellipsis


def wrap_text(text: object, max_px: float, font_size: float, max_lines: int) -> list[str]:
    """Untrusted ``text`` broken into at most ``max_lines`` lines of at most ``max_px`` pixels.

    Returns plain (unescaped) lines: breaks at spaces, around CJK characters,
    inside a word longer than a line, and at the text's own line breaks. When
    the text needs more lines, the last one ends with "…".
    """
    lines: list[str] = []
    for para in clean_text(text).split("\n"):
        line = ""
        for match in re.finditer(r"(\s*)(\S+)", para):
            for i, chunk in enumerate(_chunks(match.group(2))):
                sep = " " if (i == 0 and match.group(1) and line) else ""
                candidate = line + sep + chunk
                if text_width(candidate, font_size) <= max_px:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = chunk
                while text_width(line, font_size) > max_px:  # one word wider than the line
                    head = _fit(line, max_px, font_size, ellipsis="")
                    head = head or line[0]
                    lines.append(head)
                    line = line[len(head) :]
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = [*lines[: max_lines - 1], _fit(last + " …", max_px, font_size)]
    return lines


def escape_lines(lines: Sequence[str]) -> str:
    """Plain lines as Plotly label text: each escaped, joined with ``<br>`` (the only markup)."""
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _relabel(label: object, limit: int) -> str:
    """A label from a chart builder (already escaped) cut to ``limit`` characters, escaped again."""
    plain = clean_text(html.unescape(str(label))).replace("\n", " ")
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return html.escape(plain, quote=False)


def source_line_for(data_as_of: date | datetime | str | None, origin: str = "") -> str:
    """The slide's source line: ``Source: PressLens · data as of 2026-11-30 · <origin>`` (plain text)."""
    parts = ["Source: PressLens"]
    if isinstance(data_as_of, datetime):
        parts.append(f"data as of {data_as_of.date().isoformat()}")
    elif isinstance(data_as_of, date):
        parts.append(f"data as of {data_as_of.isoformat()}")
    elif data_as_of:
        parts.append(f"data as of {data_as_of}")
    if origin:
        parts.append(origin)
    return " · ".join(parts)


# --- slide layout -----------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    width: int
    height: int
    pad: int
    font: int
    tick: int
    title: int
    caption: int
    source: int
    label_chars: int  # category tick labels cut to this many characters
    legend_chars: int
    caption_lines: int
    legend_right: bool  # vertical legend at the right (wide slides) or horizontal under the title

    @classmethod
    def for_size(cls, width: int, height: int) -> _Style:
        wide = width >= 1.4 * height
        unit = min(width / 1920, height / 1080) if wide else min(width, height) / 1080
        scale = max(0.6, unit)

        def px(value: float) -> int:
            return max(9, round(value * scale))

        return cls(
            width=width,
            height=height,
            pad=px(44 if wide else 36),
            font=px(21),
            tick=px(19),
            title=px(36 if wide else 32),
            caption=px(21 if wide else 20),
            source=px(17),
            label_chars=32 if wide else 24,
            legend_chars=30 if wide else 24,
            caption_lines=4 if wide else 5,
            legend_right=wide,
        )


def _values(values: Any) -> list[Any]:
    values = _typed_array(values)
    if values is None:
        return []
    if isinstance(values, np.ndarray):
        return values.ravel().tolist() if values.dtype.kind != "M" else list(values.ravel())
    if isinstance(values, (list, tuple)):
        flat: list[Any] = []
        for v in values:
            flat.extend(v) if isinstance(v, (list, tuple, np.ndarray)) else flat.append(v)
        return flat
    return [values]


def _axis_values(fig: go.Figure, letter: str) -> list[Any]:
    """Every value the traces put on the x or y axis (a heatmap's labels included)."""
    out: list[Any] = []
    for trace in fig.data:
        values = getattr(trace, letter, None)
        if values is None and trace.type == "heatmap":
            continue
        out.extend(_values(values))
    return out


def _kind(fig: go.Figure, letter: str, values: list[Any]) -> str:
    declared = fig.layout[f"{letter}axis"].type
    if declared in ("category", "multicategory"):
        return "category"
    if declared in ("date", "linear", "log"):
        return str(declared)
    sample = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not sample:
        return "linear"
    first = sample[0]
    if isinstance(first, (datetime, date, np.datetime64)):
        return "date"
    if isinstance(first, str):
        return "category"
    return "linear"


def _number_chars(values: list[Any]) -> int:
    numbers = [abs(float(v)) for v in values if isinstance(v, (int, float, np.number)) and math.isfinite(float(v))]
    top = max(numbers, default=10.0)
    digits = len(f"{top:,.0f}") if top >= 1 else 4
    return digits + 1  # the axis usually ends on the next round tick


@dataclass
class _Axis:
    kind: str
    labels: list[str]  # category labels as they are in the figure (escaped)
    ticktext: list[str]  # the same, cut for the slide
    extent: float  # pixels the tick labels take (x: height, y: width)


def _category_labels(values: list[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v is not None:
            seen.setdefault(str(v), None)
    return list(seen)


def _x_axis(fig: go.Figure, style: _Style, tick: int, angle: float) -> _Axis:
    values = _axis_values(fig, "x")
    kind = _kind(fig, "x", values)
    if kind == "category":
        labels = _category_labels(values)
        text = [_relabel(v, style.label_chars) for v in labels]
        widest = max((text_width(html.unescape(t), tick) for t in text), default=0.0)
        rad = math.radians(abs(angle))
        extent = widest * math.sin(rad) + _LINE_SPACING * tick * math.cos(rad) + 14
        return _Axis(kind, labels, text, extent)
    lines = 2 if kind == "date" else 1  # date ticks may carry the year on a second line
    return _Axis(kind, [], [], lines * _LINE_SPACING * tick + 14)


def _y_axis(fig: go.Figure, style: _Style, tick: int) -> _Axis:
    values = _axis_values(fig, "y")
    kind = _kind(fig, "y", values)
    if kind == "category":
        labels = _category_labels(values)
        text = [_relabel(v, style.label_chars) for v in labels]
        widest = max((text_width(html.unescape(t), tick) for t in text), default=0.0)
        return _Axis(kind, labels, text, widest + 16)
    chars = 11 if kind == "date" else _number_chars(values)
    return _Axis(kind, [], [], chars * 0.6 * tick + 16)


def _legend_items(fig: go.Figure) -> list[str]:
    shown = [t for t in fig.data if t.showlegend is not False and t.type not in ("heatmap", "histogram2d")]
    if fig.layout.showlegend is False or (len(shown) < 2 and not any(t.showlegend for t in shown)):
        return []
    return [str(t.name or "") for t in shown]


def _title_text(fig: go.Figure) -> str:
    title = fig.layout.title
    return str(title.text) if title is not None and title.text else ""


def _legend_rows(names: list[str], style: _Style, room: float) -> int:
    """How many rows a horizontal legend of ``names`` wraps to in ``room`` pixels."""
    rows, row = 1, 0.0
    for name in names:
        item = text_width(html.unescape(_relabel(name, style.legend_chars)), style.font) + 60
        if row and row + item > room:
            rows, row = rows + 1, 0.0
        row += item
    return rows


def _colorbar_width(fig: go.Figure, style: _Style) -> float:
    """Pixels a heatmap's vertical colour bar takes right of the plot (bar, tick labels, title)."""
    numbers: list[Any] = []
    title = ""
    for trace in fig.data:
        if trace.type == "heatmap":
            numbers.extend(_values(trace.z))
            if trace.colorbar.title is not None and trace.colorbar.title.text:
                title = html.unescape(str(trace.colorbar.title.text))
    ticks = _number_chars(numbers) * 0.6 * style.tick
    bar = 12 + style.font * 1.2 + 6 + ticks
    return max(bar, text_width(title, style.font)) + 12


def slide_figure(fig: go.Figure, *, caption: str, source_line: str, size: Size = "16:9") -> go.Figure:
    """A new figure: ``fig`` laid out for a slide, with ``caption`` and ``source_line`` at the bottom.

    ``fig`` is not modified (the dashboard caches figures). ``size`` is a key
    of :data:`SLIDE_SIZES` or ``(width, height)``. The caption (what is shown:
    filters, articles, sources, languages, dates) and the source line are
    untrusted plain text: they are cleaned, wrapped to the width (the caption
    to at most 4 lines on a wide slide and 5 on a square one, the source line
    to 2) and escaped; ``<br>`` between escaped lines is the only markup. The
    title is kept (wrapped to 2 lines). Category tick labels and legend
    entries are cut to fit; a heatmap gets square cells, centred.
    """
    width, height = slide_size(size)
    style = _Style.for_size(width, height)
    out = go.Figure(fig.to_dict())
    heatmap = any(t.type == "heatmap" for t in out.data)

    # The pieces' sizes, then the margins that hold them.
    inner = width - 2 * style.pad
    title_lines = wrap_text(html.unescape(_title_text(out)), inner, style.title, 2)
    caption_lines = wrap_text(caption, inner, style.caption, style.caption_lines)
    source_lines = wrap_text(source_line, inner, style.source, 2)
    title_h = len(title_lines) * _LINE_SPACING * style.title
    caption_h = len(caption_lines) * _LINE_SPACING * style.caption
    source_h = len(source_lines) * _LINE_SPACING * style.source
    gap = round(style.caption * 0.9)
    y_title = out.layout.yaxis.title.text if out.layout.yaxis.title is not None else None
    x_title = out.layout.xaxis.title.text if out.layout.xaxis.title is not None else None
    x_title_h = (_LINE_SPACING * style.font + 10) if x_title else 0.0
    y_title_w = (_LINE_SPACING * style.font + 8) if y_title else 0.0
    legend = _legend_items(out)
    x_angle = -45.0 if heatmap else 0.0
    labels = replace(style, label_chars=style.label_chars * 3 // 4) if heatmap else style

    def margins(tick: int) -> tuple[_Axis, _Axis, float, float, float]:
        xa, ya = _x_axis(out, labels, tick, x_angle), _y_axis(out, labels, tick)
        left = style.pad + ya.extent + y_title_w
        bottom = xa.extent + x_title_h + gap + caption_h + gap * 0.6 + source_h + style.pad * 0.8
        rows = _legend_rows(legend, style, width - left - style.pad) if legend and not style.legend_right else 0
        legend_h = rows * (_LINE_SPACING * style.font + 8)
        top = style.pad + title_h + (legend_h + 14 if legend_h else style.font)
        return xa, ya, left, bottom, top

    tick = style.tick
    xa, ya, margin_l, margin_b, margin_t = margins(tick)
    margin_r = float(style.pad)
    if heatmap:
        # Square cells, the tick font sized to them (rotated labels need ~0.6 of a
        # cell), the block (labels, square, colour bar) centred on the slide.
        n = max(1, len(_category_labels(_axis_values(out, "y"))))
        colorbar = _colorbar_width(out, style)
        for _ in range(3):
            side = min(width - margin_l - colorbar - style.pad, height - margin_t - margin_b)
            tick = int(min(style.tick, max(10, side / n * 0.62)))
            xa, ya, margin_l, margin_b, margin_t = margins(tick)
        side = max(50.0, min(width - margin_l - colorbar - style.pad, height - margin_t - margin_b))
        spare_w = width - margin_l - colorbar - style.pad - side
        margin_l += spare_w / 2
        margin_r = style.pad + colorbar + spare_w / 2
        margin_b = height - margin_t - side  # spare height goes below, with the caption under the labels

    out.update_layout(
        template="plotly_white",
        width=width,
        height=height,
        autosize=False,
        meta=None,  # title and annotation text go through %{meta} templating when meta is set
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": FONT, "size": style.font, "color": _INK},
        title={
            "text": escape_lines(title_lines),
            "x": style.pad / width,
            "xref": "container",
            "xanchor": "left",
            "y": 1 - style.pad / height,
            "yref": "container",
            "yanchor": "top",
            "automargin": False,
            "font": {"family": FONT, "size": style.title, "color": _INK},
        },
        margin={
            "l": round(margin_l),
            "r": round(margin_r),
            "t": round(margin_t),
            "b": round(margin_b),
            "pad": 0,
            "autoexpand": True,  # legends and colour bars may still push the right and top margins
        },
        hovermode=False,
    )
    for trace in out.data:
        if trace.name:
            trace.name = _relabel(trace.name, style.legend_chars)
    if legend:
        placement = (
            {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
            if style.legend_right
            else {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"}
        )
        out.update_layout(
            legend={**placement, "font": {"size": style.font}, "itemsizing": "constant", "bgcolor": "rgba(0,0,0,0)"}
        )

    axis_common = {
        "automargin": False,  # margins are computed above, so the caption's place is known
        "tickfont": {"size": tick, "color": _INK},
        "title": {"font": {"size": style.font, "color": _INK}},
        "gridcolor": _GRID,
        "linecolor": "#999999",
        "zerolinecolor": "#cccccc",
    }
    out.update_xaxes(**axis_common)
    out.update_yaxes(**axis_common)
    if not out.data:  # nothing to draw: no empty axes running from -1 to 6
        out.update_xaxes(visible=False)
        out.update_yaxes(visible=False)
        out.add_annotation(
            text="No data for these filters",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": style.title, "color": _MUTED},
        )
    if xa.kind == "category" and xa.labels:
        out.update_xaxes(tickmode="array", tickvals=xa.labels, ticktext=xa.ticktext)
    if ya.kind == "category" and ya.labels:
        out.update_yaxes(tickmode="array", tickvals=ya.labels, ticktext=ya.ticktext)
    if heatmap:
        out.update_xaxes(tickangle=x_angle, showgrid=False, showline=False)
        # Square cells even if a colour bar pushes the right margin further than estimated.
        out.update_yaxes(showgrid=False, showline=False, scaleanchor="x", scaleratio=1, constrain="domain")
        out.update_traces(
            selector={"type": "heatmap"},
            colorbar={
                "x": 1,
                "xanchor": "left",
                "xpad": 12,
                "len": 1,
                "thickness": round(style.font * 1.2),
                "tickfont": {"size": style.tick},
                "title": {"font": {"size": style.font}},
                "outlinewidth": 0,
            },
        )
    # Projector-sized marks.
    for trace in out.data:
        if trace.type == "scatter":
            mode = trace.mode or ""
            if "lines" in mode:
                trace.line.width = max(3.0, float(trace.line.width or 2) * 1.6)
            if "markers" in mode:
                msize = _typed_array(trace.marker.size)
                if isinstance(msize, (list, tuple, np.ndarray)):
                    trace.marker.size = [float(s) * 1.35 for s in msize]
                else:
                    trace.marker.size = float(msize or 6) * 1.5

    # Caption right under the tick labels, then the source line: annotations in
    # paper coordinates at the plot area's bottom-left corner, shifted in pixels
    # (the plot area's left and bottom edges are fixed above).
    below_axis = xa.extent + x_title_h + gap * 0.5
    common: dict[str, Any] = {
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "xshift": -(round(margin_l) - style.pad),
        "borderpad": 0,
    }
    if caption_lines:
        out.add_annotation(
            name="presslens-caption",
            text=escape_lines(caption_lines),
            font={"family": FONT, "size": style.caption, "color": _INK},
            yshift=-below_axis,
            **common,
        )
    if source_lines:
        out.add_annotation(
            name="presslens-source",
            text=escape_lines(source_lines),
            font={"family": FONT, "size": style.source, "color": _MUTED},
            yshift=-(below_axis + caption_h + gap * 0.6),
            **common,
        )
    return out


# --- export -----------------------------------------------------------------------


class ExportError(RuntimeError):
    """A static export failed: no Chromium, Chromium did not start, the export failed or hung."""


@dataclass
class _Browser:
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    path: str
    kaleido: Any = None


_lock = threading.Lock()
_browser: _Browser | None = None
_starts = 0


def find_browser() -> str | None:
    """The Chromium (or Chrome) kaleido will use: ``$BROWSER_PATH``, else the first on ``PATH``."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if os.path.isfile(override) and os.access(override, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_starts() -> int:
    """How many times this process has started kaleido's browser (1 after any number of exports)."""
    return _starts


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    loop.run_forever()


def _start(start_timeout: float, export_timeout: float) -> _Browser:
    global _starts
    path = find_browser()
    if path is None:
        where = (
            f"BROWSER_PATH={os.environ['BROWSER_PATH']!r} is not an executable"
            if "BROWSER_PATH" in os.environ
            else ("none of " + ", ".join(BROWSER_NAMES) + " is on PATH")
        )
        raise ExportError(
            f"static export needs Chromium: {where}. Install it with `make chromium` "
            "(Debian: apt-get install chromium) or set BROWSER_PATH."
        )
    try:
        import kaleido  # type: ignore[import-untyped]  # only when exporting
    except ImportError as exc:
        raise ExportError(f"static export needs kaleido (pinned in requirements.txt): {exc}") from exc
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=_run_loop, args=(loop,), name="presslens-kaleido", daemon=True)
    thread.start()
    browser = _Browser(loop, thread, path)

    async def open_browser() -> None:
        # mathjax=False: no script from a CDN (no network, no LaTeX in untrusted labels).
        browser.kaleido = kaleido.Kaleido(n=1, timeout=export_timeout, mathjax=False, path=path)
        await browser.kaleido.open()

    future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
    try:
        future.result(start_timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        _stop(browser)
        raise ExportError(f"Chromium at {path} did not start within {start_timeout:.0f} s") from None
    except Exception as exc:
        _stop(browser)
        raise ExportError(f"Chromium at {path} did not start: {type(exc).__name__}: {exc}") from exc
    _starts += 1
    log.info("kaleido: Chromium %s started for static export", path)
    return browser


def _alive(browser: _Browser) -> bool:
    proc = getattr(browser.kaleido, "subprocess", None)
    return browser.thread.is_alive() and proc is not None and proc.poll() is None


def _stop(browser: _Browser, timeout: float = 10.0) -> None:
    """Close kaleido's browser and its loop; kill the process group when closing fails."""
    k = browser.kaleido
    if k is not None and browser.thread.is_alive():
        try:
            asyncio.run_coroutine_threadsafe(k.close(), browser.loop).result(timeout)
        except Exception as exc:  # noqa: BLE001 - best effort: the process is killed below
            log.warning("kaleido: closing the browser failed: %s", exc)
    proc = getattr(k, "subprocess", None)
    if proc is not None and proc.poll() is None:
        # The wrapper choreographer starts leads its own session: end Chromium with it.
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except Exception:  # noqa: BLE001
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
    if browser.thread.is_alive():
        browser.loop.call_soon_threadsafe(browser.loop.stop)
        browser.thread.join(5)
    if not browser.loop.is_running():
        with contextlib.suppress(Exception):
            browser.loop.close()


def start(*, start_timeout: float = START_TIMEOUT, export_timeout: float = EXPORT_TIMEOUT) -> None:
    """Start the browser now (e.g. at app start) instead of on the first export. Idempotent."""
    global _browser
    with _lock:
        if _browser is None or not _alive(_browser):
            if _browser is not None:
                _stop(_browser)
            _browser = None
            _browser = _start(start_timeout, export_timeout)


def shutdown() -> None:
    """Stop the browser (registered with :mod:`atexit`; safe to call any time, also twice)."""
    global _browser
    acquired = _lock.acquire(timeout=EXPORT_TIMEOUT + 15)
    try:
        if _browser is not None:
            browser, _browser = _browser, None
            _stop(browser)
    finally:
        if acquired:
            _lock.release()


atexit.register(shutdown)


def _typed_array(value: Any) -> Any:
    """A plotly typed array (``{"dtype", "bdata"}``, what numpy arrays become in a copied figure) as numpy."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return value


def png_size(data: bytes) -> tuple[int, int]:
    """``(width, height)`` from a PNG's IHDR chunk; ValueError when ``data`` is not a PNG."""
    if len(data) < 24 or data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG (no signature and IHDR chunk)")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def export_image(
    fig: go.Figure,
    fmt: Format,
    size: Size | None = None,
    *,
    timeout: float = EXPORT_TIMEOUT,
    start_timeout: float = START_TIMEOUT,
) -> bytes:
    """``fig`` rendered as PNG or SVG bytes by kaleido, at ``size`` (default: the figure's own size).

    Thread-safe: exports are serialised (kaleido runs one tab). The browser
    starts on the first call and is reused; a crashed browser is restarted; an
    export that takes longer than ``timeout`` raises :class:`ExportError` and
    the browser is replaced. A PNG is checked to have exactly the size asked
    for (scale 1), an SVG to be one.
    """
    global _browser
    if fmt not in ("png", "svg"):
        raise ValueError(f"format {fmt!r}: use 'png' or 'svg'")
    if size is None:
        width, height = int(fig.layout.width or 1920), int(fig.layout.height or 1080)
    else:
        width, height = slide_size(size)
    spec = fig.to_dict()
    opts = {"format": fmt, "width": width, "height": height, "scale": 1}
    if not _lock.acquire(timeout=start_timeout + timeout + 15):
        raise ExportError(f"{fmt} export {width}x{height}: another export has held the browser for too long")
    try:
        if _browser is None or not _alive(_browser):
            if _browser is not None:
                log.warning("kaleido: the browser had died; starting a new one")
                _stop(_browser)
                _browser = None
            _browser = _start(start_timeout, timeout)
        browser = _browser
        future = asyncio.run_coroutine_threadsafe(browser.kaleido.calc_fig(spec, opts=opts), browser.loop)
        try:
            data = future.result(timeout + _GRACE)
        except concurrent.futures.TimeoutError:
            future.cancel()
            _browser = None
            _stop(browser)
            raise ExportError(
                f"{fmt} export {width}x{height} did not finish within {timeout:.0f} s; the browser was stopped"
            ) from None
        except Exception as exc:
            if not _alive(browser):
                _browser = None
                _stop(browser)
            raise ExportError(f"{fmt} export {width}x{height} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        _lock.release()
    if not isinstance(data, (bytes, bytearray)):
        raise ExportError(f"{fmt} export {width}x{height}: kaleido returned {type(data).__name__}, not bytes")
    data = bytes(data)
    if fmt == "png":
        try:
            got = png_size(data)
        except ValueError as exc:
            raise ExportError(f"png export {width}x{height}: {exc}") from exc
        if got != (width, height):
            raise ExportError(f"png export: asked for {width}x{height}, got {got[0]}x{got[1]}")
    elif not data.lstrip()[:200].startswith((b"<svg", b"<?xml")):
        raise ExportError(f"svg export {width}x{height}: the result is not an SVG document")
    return data


def export_slide(
    fig: go.Figure, fmt: Format, *, caption: str, source_line: str, size: Size = "16:9", timeout: float = EXPORT_TIMEOUT
) -> bytes:
    """:func:`slide_figure` then :func:`export_image`: the bytes of one slide."""
    return export_image(
        slide_figure(fig, caption=caption, source_line=source_line, size=size), fmt, size, timeout=timeout
    )


__all__ = [
    "EXPORT_TIMEOUT",
    "SLIDE_SIZES",
    "START_TIMEOUT",
    "ExportError",
    "browser_starts",
    "clean_text",
    "escape_lines",
    "export_image",
    "export_slide",
    "find_browser",
    "png_size",
    "shutdown",
    "slide_figure",
    "slide_size",
    "source_line_for",
    "start",
    "text_width",
    "wrap_text",
]
