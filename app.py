"""PressLens: the overview page (entry point). Run with `make serve`.

Reads the store named by PRESSLENS_DB (default: data/presslens.db, built from the
bundled sample on first run). Never runs the NLP pipeline on a rerun.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.charts import chart
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.analytics import corpus_summary, latest_cards, latest_events, top_actors
from presslens.charts import bar_figure
from presslens.reader import article_cards

CARDS = 60

ctx = page_setup("Overview", heading="PressLens", page="app.py")
st.caption("The world's press across languages: what each outlet wrote, in the original and in English.")

if ctx.frames.empty:
    empty_store_notice(ctx)
if not ctx.mask.any():
    no_match_notice(ctx, "overview")

summary = corpus_summary(ctx.frames, ctx.mask)
c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1, 2])
c1.metric("Articles", f"{summary['articles']:,}")
c2.metric("Languages", len(summary["languages"]), help=", ".join(summary["languages"]))
c3.metric("Sources", f"{summary['sources']:,}")
c4.metric("Readable in English", f"{summary['translated_share']:.0%}", help="Translated, or written in English")
c5.metric(
    "Published",
    f"{summary['first']} – {summary['last']}" if summary["first"] else "undated",
)

left, right = st.columns([2, 3], gap="large")
with left:
    actors = top_actors(ctx.frames, ctx.mask, n=12, types=("country", "person", "organization"))
    if actors.empty:
        st.text("No actors found in these articles.")
    else:
        chart(
            ctx,
            bar_figure(actors, "articles", "name", colour="type", title="Most mentioned actors"),
            key="overview_top_actors",
            caption=ctx.caption("Actors by number of articles mentioning them"),
            rows=lambda: actors[["name", "type", "country", "articles", "mentions", "id"]],
            name="top-actors",
        )
with right:
    st.subheader("Latest events")
    events = latest_events(ctx.frames, ctx.mask, ctx.filters, 12)
    if events.empty:
        st.text("No dated events in these articles.")
    else:
        names = ctx.frames.entities["name"]
        table = pd.DataFrame(
            {
                "Date": events["date"].to_numpy(),
                "Type": events["type"].to_numpy(),
                "As written": events["date_text"].to_numpy(),
                "Actors": [", ".join(str(names.get(i, i)) for i in ids[:4]) for ids in events["actors"]],
                "Article": events["title"].to_numpy(),
            }
        )
        # st.dataframe draws text on a canvas: article titles cannot inject markup.
        st.dataframe(table, hide_index=True, width="stretch", key="overview_events")

st.subheader("Articles")
cards = latest_cards(ctx.frames, ctx.mask, CARDS)
st.html(article_cards(cards, query=urlencode(ctx.filters.to_params())))
if summary["articles"] > CARDS:
    st.text(f"The {CARDS} most recent of {summary['articles']:,} articles; narrow the filters to see others.")
ctx.finish()
