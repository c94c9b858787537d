"""A chart as every page shows it: the figure, its caption, and its exports (slides and CSV)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.setup import Context, caption_text
from presslens.charts import presenter_figure
from presslens.slides import SLIDE_SIZES, ExportError, export_slide, source_line_for
from presslens.tabular import safe_csv

log = logging.getLogger(__name__)


def _slide_maker(fig: go.Figure, fmt: str, size: str, caption: str, source_line: str) -> Callable[[], bytes]:
    """The bytes of one slide, made only when the user clicks (a download button's deferred data)."""

    def make() -> bytes:
        try:
            return export_slide(fig, fmt, caption=caption, source_line=source_line, size=size)  # type: ignore[arg-type]
        except ExportError:
            log.exception("slide export failed")
            raise

    return make


def export_menu(
    ctx: Context,
    fig: go.Figure,
    *,
    key: str,
    caption: str,
    rows: pd.DataFrame | Callable[[], pd.DataFrame],
    name: str,
) -> None:
    """An "Export" menu: the chart as a slide (PNG, SVG; 16:9 and 1:1) with its caption, and its rows as CSV."""
    day = ctx.data_date or date.today().isoformat()
    source_line = source_line_for(ctx.data_date, ctx.store.url.rsplit("/", 1)[-1])
    stem = f"presslens-{name}-{day}"
    with st.popover("Export", icon=":material/download:", key=f"{key}_export"):
        st.text("Slide with caption and source line:")
        for fmt in ("png", "svg"):
            cols = st.columns(len(SLIDE_SIZES))
            for col, (size, (width, height)) in zip(cols, SLIDE_SIZES.items(), strict=True):
                col.download_button(
                    f"{fmt.upper()} {width}×{height}",
                    data=_slide_maker(fig, fmt, size, caption, source_line),
                    file_name=f"{stem}-{width}x{height}.{fmt}",
                    mime="image/png" if fmt == "png" else "image/svg+xml",
                    key=f"{key}_{fmt}_{size}",
                    on_click="ignore",
                    width="stretch",
                )
        st.text("The rows behind the chart, as filtered:")
        st.download_button(
            "CSV",
            data=(lambda: safe_csv(rows())) if callable(rows) else safe_csv(rows),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/table:",
        )


def chart(
    ctx: Context,
    fig: go.Figure,
    *,
    key: str,
    caption: str,
    rows: pd.DataFrame | Callable[[], pd.DataFrame],
    name: str,
    select: bool = False,
) -> Any:
    """Draw ``fig`` with its caption below and, outside presenter mode, its export menu.

    ``select``: clicking a point or cell reruns the page with the selection
    (returned, as ``st.plotly_chart`` returns it).
    """
    shown = presenter_figure(fig) if ctx.present else fig
    config = {
        "displaylogo": False,
        "displayModeBar": False if ctx.present else "hover",
        "toImageButtonOptions": {"format": "png", "filename": name, "width": 1920, "height": 1080},
    }
    if select:
        event = st.plotly_chart(shown, key=key, on_select="rerun", selection_mode="points", config=config)
    else:
        event = st.plotly_chart(shown, key=key, config=config)
    caption_text(caption)
    if not ctx.present:
        export_menu(ctx, fig, key=key, caption=caption, rows=rows, name=name)
    return event
