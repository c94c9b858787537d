"""Actors: one actor's profile, across languages and time."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.filters import sync_url
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.analytics import caption, cooccurrence, latest_cards, top_actors, volume
from presslens.charts import bar_figure, volume_figure
from presslens.reader import article_cards

ctx = page_setup("Actors")
st.title("Actors")
if ctx.frames.empty:
    empty_store_notice()
    st.stop()
if ctx.ids.empty:
    sync_url(ctx.filters)
    no_match_notice("actors")
    st.stop()

ranked = top_actors(ctx.frames, ctx.ids, n=500, types=("country", "person", "organization", "location"))
choices = ranked["id"].tolist()
names = ctx.frames.entities["name"]
wanted = st.query_params.get("entity")
if wanted in choices and st.session_state.get("actors_from_url") != wanted:
    st.session_state["actors_entity"] = wanted
    st.session_state["actors_from_url"] = wanted
if st.session_state.get("actors_entity") not in choices:
    st.session_state["actors_entity"] = choices[0]
st.selectbox(
    "Actor",
    choices,
    key="actors_entity",
    format_func=lambda e: f"{names.get(e, e)} · {ctx.frames.entities.at[e, 'type']}",
)
entity = st.session_state["actors_entity"]
sync_url(ctx.filters, entity=entity)
info = ctx.frames.entities.loc[entity]
m = ctx.frames.mentions[(ctx.frames.mentions["entity_id"] == entity) & ctx.frames.mentions["article_id"].isin(ctx.ids)]
article_ids = pd.Index(m["article_id"].unique())
st.html(
    f"<h2 style='margin:.2em 0'>{html.escape(info['name'])}</h2><div style='opacity:.8'>"
    f"{html.escape(info['type'])}{' · ' + html.escape(str(info['country'])) if info['country'] else ''} · id "
    f"{html.escape(entity)} · {len(m)} mention(s) in {len(article_ids)} article(s)</div>"
)

left, right = st.columns(2)
with left:
    st.subheader("Names seen, by language")
    surfaces = ctx.store.entity_surfaces(entity, list(article_ids))
    st.dataframe(surfaces, hide_index=True, width="stretch", key="actors_surfaces")
with right:
    st.subheader("Seen most with")
    matrix = cooccurrence(
        ctx.frames, article_ids, window="sentence", top_n=16, types=("country", "person", "organization")
    )
    if entity in matrix.attrs.get("ids", []):
        i = matrix.attrs["ids"].index(entity)
        co = pd.DataFrame(
            {
                "name": matrix.index,
                "sentences": matrix.iloc[i].to_numpy(),
                "type": [ctx.frames.entities.at[e, "type"] for e in matrix.attrs["ids"]],
            }
        )
        co = co[co["name"] != info["name"]].sort_values("sentences", ascending=False).head(10)
        st.plotly_chart(
            bar_figure(co, "sentences", "name", colour="type", title="Sentences shared"),
            key="actors_coactors",
            config={"displaylogo": False},
        )
    else:
        st.text("Not enough co-mentions.")

vol = volume(ctx.frames, article_ids, "W", [entity])
if not vol.empty:
    st.plotly_chart(
        volume_figure(vol, title="Articles mentioning this actor, per week"),
        key="actors_volume",
        config={"displaylogo": False},
    )
    st.caption(caption(ctx.frames, article_ids, ctx.filters, f"Articles mentioning {info['name']}"))

st.subheader("Events")
ev = ctx.frames.events[ctx.frames.events["article_id"].isin(article_ids)]
ev = ev[ev["actors"].map(lambda ids: entity in ids)]
if ev.empty:
    st.text("No dated events name this actor.")
else:
    st.dataframe(
        ev.join(ctx.frames.articles["title"], on="article_id")[["date", "type", "date_text", "title"]].sort_values(
            "date"
        ),
        hide_index=True,
        width="stretch",
        key="actors_events",
    )

st.subheader("Articles")
st.html(article_cards(latest_cards(ctx.frames, article_ids, 40), query=urlencode(ctx.filters.to_params())))
