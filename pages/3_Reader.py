"""Reader: one article, original and translation side by side, entities marked on both sides."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.corrections import correction_menu, notice
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.export import entity_records
from presslens.reader import LEGEND, aligned_rows, rows_table, safe_url

ctx = page_setup("Reader", page="pages/3_Reader.py")
notice()
if ctx.frames.empty:
    empty_store_notice(ctx)

arts = ctx.frames.articles
# Oldest first (undated first): the reverse of the frames' newest-first order, filtered.
oldest_first = ctx.frames.ix.art_newest[::-1]
order = arts.index[oldest_first[ctx.mask[oldest_first]]].tolist()
requested = st.query_params.get("article")
if requested and requested in arts.index and st.session_state.get("reader_from_url") != requested:
    # A link (card, timeline, heatmap evidence) asked for this article: it wins once.
    st.session_state["reader_article"] = requested
    st.session_state["reader_from_url"] = requested
if not order and st.session_state.get("reader_article") not in arts.index:
    no_match_notice(ctx, "reader")
current = st.session_state.get("reader_article")
if current not in arts.index:
    current = order[-1] if order else arts.index[0]
    st.session_state["reader_article"] = current
# The picker lists the articles around the current one (a selectbox of 100,000
# options would take seconds per rerun); previous/next walk the whole filter.
here = order.index(current) if current in order else 0
options = order[max(0, here - 150) : here + 150]
if current not in options:
    options = [current, *options]


def step(delta: int) -> None:
    """Move to the previous/next article of the current filter."""
    here = st.session_state["reader_article"]
    if here in order:
        st.session_state["reader_article"] = order[max(0, min(len(order) - 1, order.index(here) + delta))]
    elif order:
        st.session_state["reader_article"] = order[0]


nav_prev, pick, nav_next = st.columns([1.4, 7, 1.4], vertical_alignment="bottom")
nav_prev.button(
    "◀ Previous",
    key="reader_prev",
    on_click=step,
    args=(-1,),
    width="stretch",
    disabled=current in order and order.index(current) == 0,
)
# Option lists render as plain text: titles cannot inject markup here.
pick.selectbox(
    "Article",
    options,
    key="reader_article",
    format_func=lambda a: f"{arts.at[a, 'published'] or 'undated'} · {arts.at[a, 'language']} · {arts.at[a, 'title']}",
)
nav_next.button(
    "Next ▶",
    key="reader_next",
    on_click=step,
    args=(1,),
    width="stretch",
    disabled=current in order and order.index(current) == len(order) - 1,
)
article_id = st.session_state["reader_article"]
sentence = st.query_params.get("s")
target = int(sentence) if sentence and sentence.isdigit() else None

stored = ctx.store.get_articles([article_id])[0]
row = stored.row
tr = stored.translation or {}
position = (
    f"{order.index(article_id) + 1} of {len(order)} in this filter"
    if article_id in order
    else ("not in the current filter")
)
meta = [
    row["published"] + (" (approximate)" if row["published_approximate"] else "") if row["published"] else "undated",
    row["source"] or "unknown source",
    f"language {row['language']}",
    f"translation: {tr.get('status', 'not needed' if row['language'] == 'en' else 'none')}"
    + (f" ({tr['provider']})" if tr.get("provider") else ""),
    position,
]
link = safe_url(row["url"])
st.html(
    f"<h2 style='margin:0.2em 0' dir='auto' lang='{html.escape(row['language'] or '', quote=True)}'>"
    f"{html.escape(row['title'] or '(untitled)')}</h2>"
    + (f"<div style='opacity:.8'>{html.escape(tr['title'])}</div>" if tr.get("title") else "")
    + f"<div style='margin-top:6px;opacity:.75'>{' · '.join(html.escape(m) for m in meta)}</div>"
    + (f"<div><a href='{link}' target='_blank' rel='noopener noreferrer'>Original article ↗</a></div>" if link else "")
)

entities = ctx.store.article_entities(article_id)
located = ctx.store.translation_mentions(article_id)
dated = ctx.store.article_events(article_id)
segments = ctx.store.translation_segments(article_id, "en")
if row["language"] == "en":
    segments = []
rows = aligned_rows(row["text"], stored.sentences, segments, entities, located, dated)
st.html(LEGEND)
right = "English" + (f" ({tr.get('provider')})" if tr.get("provider") else "")
st.html(rows_table(rows, f"Original ({row['language']})", right, target=target, language=row["language"]))
if tr.get("status") in ("pending", "failed"):
    # The error text came from a provider: plain text, not a caption (Markdown).
    st.text(f"Translation {tr['status']}: {tr.get('error') or 'not attempted yet'}. Run: presslens translate")

found, when = st.columns(2)
with found:
    st.subheader("Actors")
    records = pd.DataFrame(entity_records(entities))
    if records.empty:
        st.text("No actors found.")
    else:
        records["surfaces"] = records["surfaces"].map(", ".join)
        records["country"] = records["country"].fillna("")
        surfaces_of = dict(zip(records["id"], records["surfaces"].str.split(", "), strict=True))
        st.dataframe(
            records[["name", "type", "country", "mentions", "surfaces", "method"]].rename(
                columns={
                    "name": "Actor",
                    "type": "Type",
                    "country": "Country",
                    "mentions": "Mentions",
                    "surfaces": "Written as",
                    "method": "Found by",
                }
            ),
            hide_index=True,
            width="stretch",
            key="reader_actors",
        )
        if not ctx.present:
            pick, menu = st.columns([2, 1], vertical_alignment="bottom")
            labels = dict(zip(records["id"], records["name"].astype(str), strict=True))
            chosen = pick.selectbox(
                "Wrong or missing? Pick an actor to correct",
                list(labels),
                key="reader_corr_actor",
                format_func=labels.get,
            )
            with menu:
                correction_menu(
                    ctx,
                    entity_id=str(chosen),
                    surfaces=surfaces_of.get(chosen, []),
                    article_id=article_id,
                    merge_options=ctx.frames.entities_by_mentions(1500),
                    key="reader_corr",
                )
with when:
    st.subheader("Events")
    if not dated.events:
        st.text("No dated events.")
    else:
        names = ctx.frames.entities["name"]
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": [e.date for e in dated.events],
                    "As written": [e.date_text for e in dated.events],
                    "Type": [e.type for e in dated.events],
                    "Sentence": [e.sentence + 1 for e in dated.events],
                    "Actors": [", ".join(str(names.get(a, a)) for a in e.actors) for e in dated.events],
                }
            ),
            hide_index=True,
            width="stretch",
            key="reader_events",
        )
ctx.finish(article=article_id, s=str(target) if target is not None else None)
