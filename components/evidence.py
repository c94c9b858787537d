"""Evidence cards: the sentences behind a chart's point or cell, in both languages, linking to the reader."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.setup import Context
from presslens.reader import evidence_html


def evidence_cards(ctx: Context, rows: pd.DataFrame, texts: dict[tuple[str, int], tuple[str, str]]) -> None:
    """One card per row (article_id, sentence, title, source, published, language); every field escaped."""
    items = []
    for r in rows.itertuples(index=False):
        original, translated = texts.get((str(r.article_id), int(r.sentence)), ("", ""))
        items.append(
            {
                "article_id": r.article_id,
                "sentence": int(r.sentence),
                "original": original,
                "translation": translated if str(r.language) != "en" else None,
                "title": r.title,
                "source": r.source,
                "published": r.published,
                "language": r.language,
            }
        )
    st.html(evidence_html(items, filters=ctx.filters.to_params()))
