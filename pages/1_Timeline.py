"""Timeline: dated events on a time axis, and article volume over time."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from components.filters import sync_url
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.analytics import caption, filtered_events, timeline_points, top_actors, volume
from presslens.charts import timeline_figure, volume_figure

ctx = page_setup("Timeline")
st.title("Timeline")
if ctx.frames.empty:
    empty_store_notice()
    st.stop()
if ctx.ids.empty:
    sync_url(ctx.filters)
    no_match_notice("timeline")
    st.stop()

c1, c2, c3 = st.columns(3)
rows = c1.segmented_control("Rows", ["actor", "type"], default="actor", key="timeline_rows")
colour = c2.segmented_control("Colour", ["type", "country"], default="type", key="timeline_colour")
freq = c3.segmented_control(
    "Volume per",
    ["D", "W", "M"],
    default="W",
    key="timeline_freq",
    format_func={"D": "day", "W": "week", "M": "month"}.get,
)
sync_url(ctx.filters)

events = filtered_events(ctx.frames, ctx.ids, ctx.filters)
points = timeline_points(ctx.frames, events, rows=rows or "actor")
# Sentences only for the points drawn (a few thousand at most), not for every event.
sentences = ctx.store.sentence_texts(list(zip(points["article_id"], points["sentence"].astype(int), strict=True)))
pairs = list(zip(points["article_id"], points["sentence"].astype(int), strict=True))
points["sentence_original"] = [sentences.get(p, ("", ""))[0] for p in pairs]
points["translation"] = [sentences.get(p, ("", ""))[1] or None for p in pairs]
if points.empty:
    st.info("No dated events in these articles.")
else:
    fig = timeline_figure(points, colour=colour or "type", title="Events")
    chosen = st.plotly_chart(
        fig, key="timeline_chart", on_select="rerun", selection_mode="points", config={"displaylogo": False}
    )
    st.caption(
        caption(
            ctx.frames,
            ctx.ids,
            ctx.filters,
            f"{len(events)} dated event(s) as {len(points)} point(s), one row per {rows}",
        )
    )
    picked = (
        (chosen or {}).get("selection", {}).get("points", [])
        if isinstance(chosen, dict)
        else (chosen.selection.points if chosen else [])
    )
    st.subheader("Evidence")
    if not picked:
        st.text("Select an event on the timeline to read the sentence it comes from.")
    for point in picked[:10]:
        article_id, sentence = point["customdata"][0], int(point["customdata"][1])
        found = points[(points["article_id"] == article_id) & (points["sentence"] == sentence)]
        if found.empty:
            continue
        match = found.iloc[0]
        link = "Reader?" + urlencode({**ctx.filters.to_params(), "article": article_id, "s": sentence})
        st.html(
            f"<div class='pl-card'><b>{html.escape(match['date'])}</b> · {html.escape(match['type'])} · "
            f"“{html.escape(match['date_text'])}”<p>{html.escape(match['sentence_original'])}</p>"
            f"<p style='opacity:.85'>{html.escape(match['translation'] or 'not translated yet')}</p>"
            f"<a href='{html.escape(link)}' target='_self'>{html.escape(match['title'] or '(untitled)')}</a> · "
            f"{html.escape(match['source'] or 'unknown source')}</div>"
        )

st.subheader("Articles over time")
actors = top_actors(ctx.frames, ctx.ids, n=5, types=("country", "person", "organization"))["id"].tolist()
chosen_actors = list(ctx.filters.actors) or actors
vol = volume(ctx.frames, ctx.ids, freq or "W", chosen_actors)
if vol.empty:
    st.text("No dated articles.")
else:
    st.plotly_chart(
        volume_figure(vol, title="Articles mentioning each actor"), key="timeline_volume", config={"displaylogo": False}
    )
    st.caption(caption(ctx.frames, ctx.ids, ctx.filters, "Articles per period, by actor"))
