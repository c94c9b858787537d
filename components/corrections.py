"""Corrections from the reader and actors pages: mark an extraction wrong, add a name, merge two actors.

Each goes into the editable actor table (``overrides.yaml``, with who and when) through
:mod:`presslens.corrections`, then entity extraction re-runs on the articles it can change
(:func:`presslens.pipeline.apply_and_reprocess`); the store's data version changes, so
every view shows the result on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from components.setup import Context
from presslens.config import load_settings

WHO = "corr_who"  # the editor's name, kept for the session
LANGUAGES = ["any", "it", "de", "en", "fr", "es", "pt", "nl", "pl", "ru", "uk", "tr", "ar", "ko", "zh", "ja"]


def _who() -> str:
    """The editor's name (asked once per session; recorded with every correction)."""
    st.text_input("Your name", key=WHO, help="Recorded with the correction, with the time")
    return str(st.session_state.get(WHO) or "").strip()


def _apply(ctx: Context, make: Callable[[], object], done: str) -> None:
    """Record one correction, re-process what it changes, and rerun so every view shows it."""
    from presslens.corrections import affected_articles
    from presslens.pipeline import apply_and_reprocess

    settings = load_settings().with_db(ctx.store.url)
    try:
        correction = make()
    except ValueError as exc:
        st.error(str(exc))  # our own message about the input, not article text
        return
    with st.spinner("Re-running entity extraction on the articles this changes…"):
        ids = affected_articles(ctx.store, correction)  # type: ignore[arg-type]
        report = apply_and_reprocess(ctx.store, settings, ids)
    st.session_state["corr_done"] = f"{done}; {report.articles} article(s) re-processed." + (
        f" {len(report.failed)} failed (see the server log)." if report.failed else ""
    )
    st.rerun()


def notice() -> None:
    """Say what the last correction did (after the rerun it caused)."""
    message = st.session_state.pop("corr_done", None)
    if message:
        st.success(message)


def correction_menu(
    ctx: Context,
    *,
    entity_id: str,
    surfaces: Sequence[str],
    article_id: str | None,
    merge_options: Sequence[str],
    key: str,
) -> None:
    """A "Correct" menu for one actor: wrong extraction, another name, merge into another actor.

    ``surfaces``: how the actor was written (in this article, or anywhere); option lists
    show them as plain text. ``article_id``: marks can apply to this article only.
    """
    if ctx.present:
        return
    from presslens.corrections import add_alias, merge_entities, reject_extraction

    settings = load_settings()
    names = ctx.frames.entities["name"]
    label = str(names.get(entity_id, entity_id))
    with st.popover("Correct", icon=":material/edit:", key=f"{key}_menu"):
        who = _who()
        wrong, alias, merge = st.tabs(["Wrong extraction", "Add a name", "Merge"])
        with wrong:
            surface = st.selectbox("Text found", list(surfaces), key=f"{key}_surface") if surfaces else None
            scope = st.radio(
                "Wrong",
                ["in this article", "everywhere"] if article_id else ["everywhere"],
                key=f"{key}_scope",
                horizontal=True,
            )
            if st.button("Mark as wrong", key=f"{key}_reject", disabled=not (who and surface)):
                here = article_id if scope == "in this article" else None
                _apply(
                    ctx,
                    lambda: reject_extraction(
                        settings.actors_dir, entity_id, str(surface), article_id=here, who=who, store=ctx.store
                    ),
                    "Marked as wrong",
                )
        with alias:
            new_name = st.text_input("Another name for this actor, as written", key=f"{key}_alias")
            language = st.selectbox("In", LANGUAGES, key=f"{key}_alias_lang", format_func=lambda c: c)
            if st.button("Add the name", key=f"{key}_add_alias", disabled=not (who and new_name.strip())):
                lang = None if language == "any" else language
                _apply(
                    ctx,
                    lambda: add_alias(settings.actors_dir, entity_id, new_name, lang, who=who, store=ctx.store),
                    "Name added",
                )
        with merge:
            options = [e for e in merge_options if e != entity_id]
            target = st.selectbox(
                "Is the same actor as",
                options,
                index=None,
                key=f"{key}_merge_into",
                format_func=lambda e: f"{names.get(e, e)} · {e}",
                placeholder="Choose the actor to keep",
            )
            st.text(f"Every mention of {label} ({entity_id}) becomes the chosen actor's.")
            if st.button("Merge", key=f"{key}_merge", disabled=not (who and target)):
                _apply(
                    ctx,
                    lambda: merge_entities(settings.actors_dir, entity_id, str(target), who=who, store=ctx.store),
                    "Merged",
                )


def corrections_log(ctx: Context, *, key: str) -> None:
    """The corrections made so far (what, who, when), with undo for the latest."""
    from presslens.corrections import affected_articles, list_corrections, undo_correction
    from presslens.pipeline import apply_and_reprocess

    settings = load_settings()
    made = list_corrections(settings.actors_dir)
    with st.expander(f"Corrections made ({len(made)})", expanded=False):
        if not made:
            st.text("None yet. Use Correct on the reader or here to fix an extraction.")
            return
        # A canvas table: names and aliases typed by editors stay text.
        st.dataframe(
            pd.DataFrame(
                [{"What": c.describe().rsplit(", by ", 1)[0], "Who": c.who, "When": c.when} for c in made[::-1]]
            ),
            hide_index=True,
            width="stretch",
            key=f"{key}_table",
        )
        if st.button("Undo the latest", key=f"{key}_undo"):
            undone = undo_correction(settings.actors_dir, made[-1].index)
            with st.spinner("Re-running entity extraction…"):
                report = apply_and_reprocess(
                    ctx.store, settings.with_db(ctx.store.url), affected_articles(ctx.store, undone)
                )
            st.session_state["corr_done"] = f"Undone; {report.articles} article(s) re-processed."
            st.rerun()
