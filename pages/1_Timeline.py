"""Timeline: dated events on a time axis, their evidence, and article volume over time."""

from __future__ import annotations

import streamlit as st

from components.charts import chart
from components.controls import as_param, from_url
from components.evidence import evidence_cards
from components.setup import cached_sentences, empty_store_notice, no_match_notice, page_setup
from presslens.analytics import FREQUENCIES, filtered_events, timeline_points, top_actors, volume, with_article_meta
from presslens.charts import timeline_figure, volume_figure

ctx = page_setup("Timeline", page="pages/1_Timeline.py")
if ctx.frames.empty:
    empty_store_notice(ctx)
if not ctx.mask.any():
    no_match_notice(ctx, "timeline")

from_url("timeline_rows", "rows", "actor", valid=("actor", "type"))
from_url("timeline_colour", "colour", "type", valid=("type", "country"))
from_url("timeline_freq", "per", "W", valid=tuple(FREQUENCIES))
c1, c2, c3 = st.columns(3)
rows = c1.segmented_control(
    "One row per", ["actor", "type"], key="timeline_rows", format_func={"actor": "actor", "type": "event type"}.get
)
colour = c2.segmented_control("Colour by", ["type", "country"], key="timeline_colour")
freq = c3.segmented_control("Volume per", list(FREQUENCIES), key="timeline_freq", format_func=FREQUENCIES.get)
rows, colour, freq = rows or "actor", colour or "type", freq or "W"

events = filtered_events(ctx.frames, ctx.mask, ctx.filters, meta=False)
points = timeline_points(ctx.frames, events, rows=rows)
pairs = tuple(zip(points["article_id"], points["sentence"].astype(int), strict=True))
# Sentences only for the points drawn (a few thousand at most), not for every event.
sentences = cached_sentences(ctx.store.url, ctx.version, pairs)
points["sentence_original"] = [sentences.get(p, ("", ""))[0] for p in pairs]
points["translation"] = [sentences.get(p, ("", ""))[1] or None for p in pairs]
points["key"] = (points["entity_id"].where(points["entity_id"].notna(), points["row"])).astype(str)
points["point"] = points["key"] + "~" + points["date"].astype(str) + "~" + points["type"].astype(str)

picked = st.session_state.get("timeline_point") or st.query_params.get("event")
if points.empty:
    st.info("No dated events in these articles.")
else:
    fig = timeline_figure(points, colour=colour, title="Events", selected=picked)
    drawn = chart(
        ctx,
        fig,
        key="timeline_chart",
        caption=ctx.caption(f"{len(events):,} dated event(s) as {len(points):,} point(s), one row per {rows}"),
        rows=lambda: points.drop(columns=["key", "point"]),
        name="timeline",
        select=True,
    )
    selection = drawn.selection.points if drawn is not None and hasattr(drawn, "selection") else []
    chosen = [p["customdata"][2] for p in selection if p.get("customdata") and len(p["customdata"]) > 2]
    if chosen and chosen[0] != picked:
        st.session_state["timeline_point"] = picked = chosen[0]
        st.rerun()  # redraw with the point marked, and the URL naming it

    st.subheader("Evidence")
    match = points[points["point"] == picked] if picked else points.iloc[0:0]
    if match.empty:
        st.text("Select an event on the timeline to read the sentences it comes from, in both languages.")
    else:
        key, when, kind = str(picked).split("~", 2)
        same = events[(events["date"] == when) & (events["type"] == kind)]
        if rows == "actor":
            same = same[same["actors"].map(lambda ids: key in ids)]
        row = match.iloc[0]
        st.text(
            f"{row['row']} · {when} ({row['precision']}) · {kind} · reported by {len(same)} article(s)"
            + (" (first 20 shown)" if len(same) > 20 else "")
        )
        shown = with_article_meta(ctx.frames, same.head(20))
        keys = tuple(zip(shown["article_id"], shown["sentence"].astype(int), strict=True))
        evidence_cards(ctx, shown, cached_sentences(ctx.store.url, ctx.version, keys))
        if st.button("Clear selection", key="timeline_clear"):
            st.session_state["timeline_point"] = None
            st.session_state.pop("timeline_chart", None)  # the chart's own selection, else it picks again
            st.query_params.pop("event", None)
            st.rerun()

st.subheader("Articles over time")
top = top_actors(ctx.frames, ctx.mask, n=5, types=("country", "person", "organization"))["id"].tolist()
chosen_actors = list(ctx.filters.actors) or top
vol = volume(ctx.frames, ctx.mask, freq, chosen_actors)
if vol.empty:
    st.text("No dated articles.")
else:
    chart(
        ctx,
        volume_figure(vol, title="Articles mentioning each actor", freq=freq),
        key="timeline_volume",
        caption=ctx.caption(f"Articles per {FREQUENCIES[freq]}, by actor"),
        rows=lambda: vol,
        name="volume",
    )
ctx.finish(
    rows=as_param(rows, "actor"),
    colour=as_param(colour, "type"),
    per=as_param(freq, "W"),
    event=picked if picked and not points.empty and (points["point"] == picked).any() else None,
)
