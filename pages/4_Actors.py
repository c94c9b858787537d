"""Actors: one actor's profile, across languages and time."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.charts import chart
from components.controls import from_url
from components.corrections import correction_menu, corrections_log, notice
from components.setup import cached_surfaces, empty_store_notice, no_match_notice, page_setup
from presslens.analytics import co_actors, entity_articles, entity_events, latest_cards, top_actors, volume
from presslens.charts import bar_figure, volume_figure
from presslens.reader import article_cards

ctx = page_setup("Actors", page="pages/4_Actors.py")
notice()
if ctx.frames.empty:
    empty_store_notice(ctx)
if not ctx.mask.any():
    no_match_notice(ctx, "actors")

ents = ctx.frames.entities
ranked = top_actors(ctx.frames, ctx.mask, n=500, types=("country", "person", "organization", "location"))
choices = ranked["id"].tolist()
wanted = st.query_params.get("entity")
if wanted in ents.index and wanted not in choices:
    choices.append(wanted)  # a link to an actor outside the top 500 of this filter still opens it
from_url("actors_entity", "entity", choices[0], valid=choices)
if st.session_state["actors_entity"] not in choices:
    st.session_state["actors_entity"] = choices[0]
# Option lists are plain text: actor names cannot inject markup here.
labels = dict(zip(ents.index, ents["name"].astype(str) + " · " + ents["type"].astype(str), strict=True))
st.selectbox("Actor", choices, key="actors_entity", format_func=labels.get)
entity = str(st.session_state["actors_entity"])
info = ents.loc[entity]
mentioning = entity_articles(ctx.frames, ctx.mask, entity)
n_mentions = int(ranked.loc[ranked["id"] == entity, "mentions"].sum())
head, fix = st.columns([5, 1], vertical_alignment="bottom")
head.html(
    f"<h2 style='margin:.2em 0'>{html.escape(str(info['name']))}</h2><div class='pl-meta'>"
    f"{html.escape(str(info['type']))}{' · ' + html.escape(str(info['country'])) if info['country'] else ''}"
    f" · id {html.escape(entity)} · {n_mentions:,} mention(s) in {int(mentioning.sum()):,} article(s)</div>"
)
surfaces = pd.DataFrame(cached_surfaces(ctx.store.url, ctx.version, entity, ctx.filters))
with fix:
    correction_menu(
        ctx,
        entity_id=entity,
        surfaces=sorted(set(surfaces["surface"])) if not surfaces.empty else [],
        article_id=None,
        merge_options=ctx.frames.entities_by_mentions(1500),
        key="actors_corr",
    )

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Names seen, by language")
    if surfaces.empty:
        st.text("Not mentioned in these articles.")
    else:
        st.dataframe(
            surfaces.rename(
                columns={
                    "surface": "Written as",
                    "language": "Language",
                    "mentions": "Mentions",
                    "articles": "Articles",
                }
            ),
            hide_index=True,
            width="stretch",
            key="actors_surfaces",
        )
with right:
    co = co_actors(ctx.frames, ctx.mask, entity, n=10)
    if co.empty:
        st.subheader("Seen most with")
        st.text("No other actor in the same sentences.")
    else:
        chart(
            ctx,
            bar_figure(co, "sentences", "name", colour="type", title="Seen most with (shared sentences)"),
            key="actors_coactors",
            caption=ctx.caption(f"Actors in the same sentences as {info['name']}", mentioning),
            rows=lambda: co,
            name="co-actors",
        )

vol = volume(ctx.frames, mentioning, "W", [entity])
if not vol.empty:
    chart(
        ctx,
        volume_figure(vol, title="Articles mentioning this actor, per week", freq="W"),
        key="actors_volume",
        caption=ctx.caption(f"Articles mentioning {info['name']}, per week", mentioning),
        rows=lambda: vol,
        name="actor-volume",
    )

st.subheader("Events")
ev = entity_events(ctx.frames, ctx.mask, entity)
if ev.empty:
    st.text("No dated events name this actor.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Date": ev["date"].to_numpy(),
                "Type": ev["type"].to_numpy(),
                "As written": ev["date_text"].to_numpy(),
                "Article": ev["title"].to_numpy(),
                "Source": ev["source"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
        key="actors_events",
    )

st.subheader("Articles")
st.html(article_cards(latest_cards(ctx.frames, mentioning, 40), query=urlencode(ctx.filters.to_params())))
if not ctx.present:
    corrections_log(ctx, key="actors_log")
ctx.finish(entity=entity)
