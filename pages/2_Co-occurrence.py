"""Co-occurrence: who appears with whom, and the sentences that say so."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.filters import sync_url
from components.setup import empty_store_notice, no_match_notice, page_setup
from presslens.analytics import MEASURES, caption, cooccurrence, evidence
from presslens.charts import heatmap_figure

ctx = page_setup("Co-occurrence")
st.title("Co-occurrence")
if ctx.frames.empty:
    empty_store_notice()
    st.stop()
if ctx.ids.empty:
    sync_url(ctx.filters)
    no_match_notice("cooc")
    st.stop()

c1, c2, c3, c4 = st.columns([2, 2, 2, 3])
window = c1.segmented_control("Together in the same", ["sentence", "article"], default="sentence", key="cooc_window")
measure = c2.segmented_control(
    "Measure",
    list(MEASURES),
    default="count",
    key="cooc_measure",
    format_func={"count": "count", "jaccard": "Jaccard", "pmi": "PMI"}.get,
)
top_n = c3.slider("Actors", 5, 60, 20, key="cooc_top")
types = c4.multiselect(
    "Types",
    ["country", "person", "organization", "location"],
    default=["country", "person", "organization"],
    key="cooc_types",
)
window, measure = window or "sentence", measure or "count"

matrix = cooccurrence(ctx.frames, ctx.ids, window=window, measure=measure, top_n=top_n, types=types)
if matrix.empty:
    sync_url(ctx.filters)
    st.info("No actors of these types in these articles.")
    st.stop()
ids = matrix.attrs["ids"]
names = dict(zip(ids, matrix.index, strict=True))
chart, table = st.tabs(["Heatmap", "Table"])
with chart:
    event = st.plotly_chart(
        heatmap_figure(matrix, measure),
        key="cooc_heatmap",
        on_select="rerun",
        selection_mode="points",
        config={"displaylogo": False},
    )
    st.caption(
        caption(ctx.frames, ctx.ids, ctx.filters, f"{len(ids)} most frequent actors, {measure} of shared {window}s")
    )
with table:
    pairs = [
        {"actor": names[a], "with": names[b], measure: round(float(matrix.iat[i, j]), 3)}
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i < j and matrix.iat[i, j] != 0
    ]
    st.dataframe(
        pd.DataFrame(pairs).sort_values(measure, ascending=False) if pairs else pd.DataFrame(),
        hide_index=True,
        width="stretch",
        key="cooc_table",
    )

points = event.selection.points if event and hasattr(event, "selection") else []
if points and points[0].get("customdata"):
    st.session_state["cooc_a"], st.session_state["cooc_b"] = points[0]["customdata"][:2]
a_default = st.query_params.get("a")
b_default = st.query_params.get("b")
if "cooc_a" not in st.session_state:
    st.session_state["cooc_a"] = a_default if a_default in ids else ids[0]
if "cooc_b" not in st.session_state:
    st.session_state["cooc_b"] = b_default if b_default in ids else ids[min(1, len(ids) - 1)]
for k in ("cooc_a", "cooc_b"):
    if st.session_state[k] not in ids:
        st.session_state[k] = ids[0]

st.subheader("Evidence")
pa, pb = st.columns(2)
pa.selectbox("Actor", ids, key="cooc_a", format_func=names.get)
pb.selectbox("with", ids, key="cooc_b", format_func=names.get)
a, b = st.session_state["cooc_a"], st.session_state["cooc_b"]
sync_url(ctx.filters, a=a, b=b)
rows = evidence(ctx.frames, ctx.ids, a, b, window=window)
if a == b or rows.empty:
    st.text("These two never appear together here." if a != b else "Pick two different actors.")
else:
    texts = ctx.store.sentence_texts(list(zip(rows["article_id"], rows["sentence"].astype(int), strict=True)))
    st.caption(f"{len(rows)} {window}(s) where {names[a]} and {names[b]} appear together")
    show_all = len(rows) > 12 and st.toggle(f"Show all {len(rows)}", key="cooc_all")
    cards = []
    for _, r in rows.head(200 if show_all else 12).iterrows():
        original, translated = texts.get((r["article_id"], int(r["sentence"])), ("", ""))
        link = "Reader?" + urlencode({**ctx.filters.to_params(), "article": r["article_id"], "s": int(r["sentence"])})
        cards.append(
            f"<div class='pl-card'><p>{html.escape(original)}</p>"
            f"<p style='opacity:.85'>{html.escape(translated or 'not translated yet')}</p>"
            f"<a href='{html.escape(link)}' target='_self'>{html.escape(r['title'] or '(untitled)')}</a>"
            f"<div class='pl-meta'>{html.escape(str(r['published'] or 'undated'))} · "
            f"{html.escape(r['source'] or 'unknown source')} · {html.escape(r['language'])}</div></div>"
        )
    st.html("<div class='pl-cards'>" + "".join(cards) + "</div>")
