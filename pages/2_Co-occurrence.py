"""Co-occurrence: who appears with whom, and the sentences that say so."""

from __future__ import annotations

import streamlit as st

from components.charts import chart
from components.controls import as_param, from_url, list_from_url
from components.evidence import evidence_cards
from components.setup import cached_sentences, empty_store_notice, no_match_notice, page_setup
from presslens.analytics import MEASURES, cooccurrence_counts, cooccurrence_matrix, cooccurrence_pairs, evidence
from presslens.charts import heatmap_figure

TYPES = ["country", "person", "organization", "location"]
DEFAULT_TYPES = ["country", "person", "organization"]
MEASURE_LABELS = {"count": "count", "jaccard": "Jaccard", "pmi": "PMI"}
EVIDENCE_SHOWN = 12

ctx = page_setup("Co-occurrence", page="pages/2_Co-occurrence.py")
if ctx.frames.empty:
    empty_store_notice(ctx)
if not ctx.mask.any():
    no_match_notice(ctx, "cooc")

from_url("cooc_window", "w", "sentence", valid=("sentence", "article"))
from_url("cooc_measure", "m", "count", valid=MEASURES)
from_url("cooc_top", "n", 20, valid=lambda n: 5 <= n <= 60, convert=int)
list_from_url("cooc_types", "t", DEFAULT_TYPES, options=TYPES)
c1, c2, c3 = st.columns([1, 1, 1])
window = c1.segmented_control("Together in the same", ["sentence", "article"], key="cooc_window")
measure = c2.segmented_control(
    "Measure",
    list(MEASURES),
    key="cooc_measure",
    format_func=MEASURE_LABELS.get,
    help="count: windows shared; Jaccard: shared / either; PMI: how much more often together than chance",
)
top_n = c3.slider("Actors", 5, 60, key="cooc_top", help="The most frequent actors of the chosen types")
types = st.pills("Types", TYPES, selection_mode="multi", key="cooc_types")
window, measure = window or "sentence", measure or "count"
params = {
    "w": as_param(window, "sentence"),
    "m": as_param(measure, "count"),
    "n": as_param(top_n, 20),
    "t": as_param(types, DEFAULT_TYPES),
}

counts = cooccurrence_counts(ctx.frames, ctx.mask, window=window, top_n=top_n, types=types)
matrix = cooccurrence_matrix(ctx.frames, counts, measure)
if matrix.empty:
    st.info("No actors of these types in these articles.")
    ctx.finish(**params)
    st.stop()
ids = matrix.attrs["ids"]
names = dict(zip(ids, matrix.index, strict=True))
pairs = cooccurrence_pairs(matrix, measure)
what = f"{len(ids)} most frequent actors, {MEASURE_LABELS[measure]} of shared {window}s"

heat, table = st.tabs(["Heatmap", "Table"])
with heat:
    drawn = chart(
        ctx,
        heatmap_figure(matrix, measure),
        key="cooc_heatmap",
        caption=ctx.caption(what),
        rows=lambda: matrix.reset_index(names="actor"),
        name="co-occurrence",
        select=True,
    )
with table:
    # A canvas table: actor names are text, never markup.
    st.dataframe(
        pairs.rename(columns={"actor": "Actor", "with": "With", measure: MEASURE_LABELS[measure]}).drop(
            columns=["actor_id", "with_id"]
        ),
        hide_index=True,
        width="stretch",
        key="cooc_table",
    )

# The pair whose evidence is shown: a clicked cell, else the URL's, else the strongest pair.
points = drawn.selection.points if drawn is not None and hasattr(drawn, "selection") else []
clicked = [p["customdata"][:2] for p in points if p.get("customdata")]
if clicked and clicked[0][0] != clicked[0][1]:
    st.session_state["cooc_a"], st.session_state["cooc_b"] = clicked[0]
strongest = (pairs.iloc[0]["actor_id"], pairs.iloc[0]["with_id"]) if not pairs.empty else (ids[0], ids[-1])
from_url("cooc_a", "a", strongest[0], valid=ids)
from_url("cooc_b", "b", strongest[1], valid=ids)
for k, fallback in (("cooc_a", strongest[0]), ("cooc_b", strongest[1])):
    if st.session_state[k] not in ids:
        st.session_state[k] = fallback

st.subheader("Evidence")
pa, pb = st.columns(2)
pa.selectbox("Actor", ids, key="cooc_a", format_func=names.get)
pb.selectbox("with", ids, key="cooc_b", format_func=names.get)
a, b = st.session_state["cooc_a"], st.session_state["cooc_b"]
rows = evidence(ctx.frames, ctx.mask, a, b, window=window)
total = int(rows.attrs.get("total", len(rows)))
if a == b:
    st.text("Pick two different actors (or click a cell of the heatmap).")
elif rows.empty:
    st.text(f"{names[a]} and {names[b]} never appear in the same {window} here.")
else:
    shown = len(rows) if st.session_state.get("cooc_all") else min(EVIDENCE_SHOWN, len(rows))
    st.text(
        f"{total:,} {window}(s) where {names[a]} and {names[b]} appear together"
        + (f"; the newest {shown} shown" if shown < total else "")
    )
    if len(rows) > EVIDENCE_SHOWN:
        st.toggle(f"Show {len(rows)}", key="cooc_all")
    head = rows.head(shown)
    keys = tuple(zip(head["article_id"], head["sentence"].astype(int), strict=True))
    evidence_cards(ctx, head, cached_sentences(ctx.store.url, ctx.version, keys))
ctx.finish(**params, a=a, b=b)
