"""PressLens dashboard entry page (the full dashboard arrives with issue 6).

Reads the store named by PRESSLENS_DB (default: data/presslens.db, built from
the bundled sample on first run). Never runs the NLP pipeline on a rerun.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from presslens.config import load_settings
from presslens.sample import ensure_store
from presslens.store import Store

ROOT = Path(__file__).resolve().parent

# A local icon: Material and emoji icons make the browser fetch them from a CDN.
st.set_page_config(page_title="PressLens", page_icon=str(ROOT / "assets" / "icon.png"), layout="wide")


@st.cache_resource
def get_store() -> Store:
    """Open the store once per server process (building the sample on first run)."""
    return ensure_store(load_settings())


@st.cache_data(ttl=30)
def load_articles(_store_url: str) -> pd.DataFrame:
    """Article metadata as a DataFrame (text stays in the store)."""
    store = get_store()
    rows = [
        {
            "published": a.row["published"],
            "title": a.row["title"],
            "source": a.row["source"] or "",
            "language": a.row["language"],
            "words": a.row["word_count"],
            "sentences": len(a.sentences),
            "translation": " ".join(
                filter(None, [(a.translation or {}).get("status"), (a.translation or {}).get("provider")])
            )
            or ("original" if a.row["language"] == "en" else "none"),
            "id": a.row["id"],
        }
        for a in store.iter_articles()
    ]
    return pd.DataFrame(
        rows, columns=["published", "title", "source", "language", "words", "sentences", "translation", "id"]
    )


store = get_store()
df = load_articles(store.url)

st.title("PressLens")
st.caption(
    "The world's press across languages. Sample corpus and pipeline foundation; the full dashboard is on its way."
)

if df.empty:
    st.info("The store is empty. Add articles with `presslens ingest PATH...` and reload this page.")
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", len(df))
c2.metric("Languages", df["language"].nunique())
c3.metric("Sources", df.loc[df["source"] != "", "source"].nunique())
dated = df["published"].dropna()
# Month precision keeps the span readable in a quarter-width column.
c4.metric("Published", f"{dated.min()[:7]} – {dated.max()[:7]}" if not dated.empty else "no dates")

st.subheader("Articles")
# st.dataframe renders cell text as plain text: safe for untrusted titles and sources.
st.dataframe(df, hide_index=True, width="stretch", key="overview_articles")
