"""PressLens: the overview page (entry point). Run with `make serve`.

Reads the store named by PRESSLENS_DB (default: data/presslens.db, built from the
bundled sample on first run). Never runs the NLP pipeline on a rerun.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.filters import sync_url
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.analytics import caption, corpus_summary, filtered_events, latest_cards, top_actors
from presslens.charts import bar_figure
from presslens.reader import article_cards

ctx = page_setup("Overview")
st.title("PressLens")
st.caption("The world's press across languages: what each outlet wrote, in the original and in English.")

if ctx.frames.empty:
    empty_store_notice()
    st.stop()
sync_url(ctx.filters)
if ctx.ids.empty:
    no_match_notice("overview")
    st.stop()

summary = corpus_summary(ctx.frames, ctx.ids)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", summary["articles"])
c2.metric("Languages", len(summary["languages"]), help=", ".join(summary["languages"]))
c3.metric("Sources", summary["sources"])
c4.metric("Readable in English", f"{summary['translated_share']:.0%}", help="Translated, or written in English")
if summary["first"]:
    st.caption(f"Published {summary['first']} to {summary['last']}")

left, right = st.columns([2, 3])
with left:
    actors = top_actors(ctx.frames, ctx.ids, n=12, types=("country", "person", "organization"))
    fig = bar_figure(actors, "articles", "name", colour="type", title="Most mentioned actors (articles)")
    st.plotly_chart(fig, key="overview_top_actors", config={"displaylogo": False})
    st.caption(caption(ctx.frames, ctx.ids, ctx.filters, "Actors by number of articles mentioning them"))
with right:
    st.subheader("Latest events")
    events = filtered_events(ctx.frames, ctx.ids, ctx.filters).sort_values("start", ascending=False).head(12)
    if events.empty:
        st.text("No dated events in these articles.")
    else:
        names = ctx.frames.entities["name"]
        table = pd.DataFrame(
            {
                "date": events["date"],
                "what": events["type"],
                "as written": events["date_text"],
                "actors": events["actors"].map(lambda ids: ", ".join(str(names.get(i, i)) for i in ids[:4])),
                "article": events["title"],
            }
        )
        # st.dataframe draws text on a canvas: article titles cannot inject markup.
        st.dataframe(table, hide_index=True, width="stretch", key="overview_events")

st.subheader("Articles")
cards = latest_cards(ctx.frames, ctx.ids, 60)
query = urlencode(ctx.filters.to_params())
st.html(article_cards(cards, query=query))
if len(ctx.ids) > 60:
    st.caption(f"Showing the 60 most recent of {len(ctx.ids)} articles; narrow the filters to see others.")
