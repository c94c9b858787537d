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
COLUMNS = ["published", "title", "source", "language", "words", "sentences", "translation", "id"]

# A local icon: Material and emoji icons make the browser fetch them from a CDN.
st.set_page_config(page_title="PressLens", page_icon=str(ROOT / "assets" / "icon.png"), layout="wide")


@st.cache_resource
def get_store() -> Store:
    """Open the store once per server process (building the sample on first run)."""
    return ensure_store(load_settings())


@st.cache_data(ttl=30)
def load_articles(store_url: str) -> pd.DataFrame:
    """Article metadata as a DataFrame (the text stays in the store); cached per store URL."""
    rows = get_store().article_summaries()
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    df = df.rename(columns={"word_count": "words"})
    df["source"] = df["source"].fillna("")
    status = df["translation_status"].fillna("none") + " (" + df["translation_provider"].fillna("-") + ")"
    df["translation"] = status.where(df["language"] != "en", "original is English")
    return df[COLUMNS]


store = get_store()
df = load_articles(store.url)

st.title("PressLens")
st.caption(
    "The world's press across languages. Sample corpus and pipeline foundation; the full dashboard is on its way."
)

if df.empty:
    st.info("The store is empty. Add articles with `presslens ingest PATH...` and reload this page.")
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("Articles", len(df))
c2.metric("Languages", df["language"].nunique())
c3.metric("Sources", df.loc[df["source"] != "", "source"].nunique())
dated = df["published"].dropna()
st.caption(f"Published {dated.min()} to {dated.max()}" if not dated.empty else "No publication dates")

st.subheader("Articles")
# st.dataframe renders cell text as plain text: safe for untrusted titles and sources.
st.dataframe(df, hide_index=True, width="stretch", key="overview_articles")
