"""Add articles: upload files or paste one article; the same pipeline as `presslens ingest` stores them.

File names, reasons and titles are untrusted: they reach the page only through
``st.dataframe`` (drawn on a canvas) and escaped ``st.html``; the Markdown this
page writes (summary, progress labels, errors) holds only its own words and counts.
"""

from __future__ import annotations

import html
import math
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from components.setup import page_setup
from presslens.analytics import latest_cards
from presslens.config import load_settings
from presslens.reader import article_cards
from presslens.uploads import STAGES, UPLOAD_TYPES, UploadLimits, check_pasted, ingest_uploads

RESULT = "add_result"  # the last run's outcome, shown after the rerun that refreshes every view
UPLOADER_GENERATION = "add_uploader_generation"  # bumped after a run: a new key empties the uploader
CLEAR_FORM = "add_clear_form"  # set after a pasted article was added: empty the form on the next run
FORM_KEYS = ("add_text", "add_title", "add_source", "add_date", "add_language", "add_url")

PAGE = "pages/5_Add_articles.py"

ctx = page_setup("Add articles", page=PAGE)  # draws the title and the share menu
if st.session_state.pop(CLEAR_FORM, False):
    for key in FORM_KEYS:
        st.session_state.pop(key, None)
settings = load_settings()
limits = UploadLimits.from_settings(settings)
st.caption(
    "Upload files, or drop a whole folder on the box, or paste one article. They go through the same "
    "pipeline as `presslens ingest` (reading, cleaning, language, sentences, entities, events, storing, "
    "translation) and appear in every view right after."
)


def run(uploads: list[Any], pasted: Any = None) -> None:
    """Ingest with one progress bar per stage, keep the outcome, rerun so every view sees the new data."""
    bars = {stage: st.progress(0.0, text=f"{label}: waiting") for stage, label in STAGES}
    labels = dict(STAGES)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "translate" and total == 0:
            note = "skipped (translator 'none')" if settings.translation.provider == "none" else "nothing to translate"
            bars[stage].progress(1.0, text=f"{labels[stage]}: {note}")
            return
        bars[stage].progress(min(1.0, done / total) if total else 0.0, text=f"{labels[stage]}: {done} of {total}")

    report = ingest_uploads(uploads, ctx.store, settings, pasted=pasted, limits=limits, progress=progress)
    st.session_state[RESULT] = {
        "rows": report.rows(),
        "summary": report.summary(),
        "note": report.translation_note,
        "ids": report.article_ids,
        "duplicates": report.duplicate_ids,
    }
    st.session_state[UPLOADER_GENERATION] = st.session_state.get(UPLOADER_GENERATION, 0) + 1
    if pasted is not None and report.article_ids:
        st.session_state[CLEAR_FORM] = True
    st.rerun()  # page_setup then reads the new data version: sidebar and cached frames include the new articles


result: dict[str, Any] | None = st.session_state.get(RESULT)
if result:
    st.subheader("Result")
    (st.success if result["ids"] else st.warning)(result["summary"])  # counts only
    if result["note"]:
        st.text(result["note"])  # may carry an exception message: plain text
    # A canvas: file names and reasons cannot inject markup.
    st.dataframe(
        pd.DataFrame(
            result["rows"], columns=["file", "status", "ingested", "duplicates", "rejected", "translation", "reason"]
        ),
        hide_index=True,
        width="stretch",
        key="add_result_table",
        column_config={
            "file": st.column_config.TextColumn(width="medium"),
            "status": st.column_config.TextColumn(width="small"),
            **{c: st.column_config.NumberColumn(width="small") for c in ("ingested", "duplicates", "rejected")},
            "reason": st.column_config.TextColumn(width="large"),
            "translation": st.column_config.TextColumn(width="small"),
        },
    )
    arts = ctx.frames.articles
    new = pd.Index([a for a in result["ids"] if a in arts.index])
    if len(new):
        st.subheader("New articles")
        st.html(article_cards(latest_cards(ctx.frames, new, 60)))
    known = pd.Index([a for a in result["duplicates"] if a in arts.index])
    if len(known):
        st.html(
            "<div>Already in the store: "
            + ", ".join(
                f'<a href="Reader?article={html.escape(quote(str(a)))}" target="_self">'
                f"{html.escape(str(arts.at[a, 'title'] or '(untitled)'))}</a>"
                for a in known[:60]
            )
            + "</div>"
        )

files_tab, paste_tab = st.tabs(["Upload files", "Paste text"], key="add_tabs")
with files_tab:
    pick = st.segmented_control(
        "Choose",
        ["files", "a folder"],
        default="files",
        key="add_pick",
        help="A folder: every file in it and its subfolders, with its manifest.json",
    )
    uploads = st.file_uploader(
        f"Files: {', '.join('.' + t for t in UPLOAD_TYPES)}; {limits.describe()}",
        type=list(UPLOAD_TYPES),
        accept_multiple_files="directory" if pick == "a folder" else True,
        # The uploader refuses single files above this by itself; smaller files over a
        # limit are reported in the result table like every other rejection.
        max_upload_size=min(int(st.get_option("server.maxUploadSize")), math.ceil(limits.max_total_bytes / 2**20)),
        key=f"add_files_{pick == 'a folder'}_{st.session_state.get(UPLOADER_GENERATION, 0)}",
    )
    st.caption(
        "A `manifest.json` uploaded with `.txt` files gives their metadata, as in a folder given to "
        "`presslens ingest`. Files already in the store are reported as duplicates and change nothing."
    )
    if st.button(
        f"Add {len(uploads)} file(s)" if uploads else "Add files",
        key="add_run",
        type="primary",
        disabled=not uploads,
    ):
        run(list(uploads))

with paste_tab, st.form("add_paste", clear_on_submit=False):
    text = st.text_area("Article text (required)", key="add_text", height=220)
    left, right = st.columns(2)
    title = left.text_input("Title", key="add_title")
    source = right.text_input("Source", key="add_source", placeholder="e.g. La Stampa")
    published = left.text_input("Date", key="add_date", placeholder="YYYY-MM-DD, YYYY-MM or YYYY")
    language = right.text_input("Language", key="add_language", placeholder="ISO 639-1, e.g. it; empty: detected")
    url = st.text_input("URL", key="add_url", placeholder="https://…")
    if st.form_submit_button("Add article", key="add_paste_submit", type="primary"):
        pasted, errors = check_pasted(text, title=title, source=source, url=url, published=published, language=language)
        for error in errors:
            st.error(error)  # our own sentences: they never repeat the input
        if pasted is not None:
            run([], pasted)

ctx.finish()
