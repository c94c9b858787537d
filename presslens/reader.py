"""The reader's side-by-side view: aligned rows of original and translation, entities marked.

Builds HTML in which every piece of article text is escaped (``html.escape``);
the only markup is PressLens's own (``<mark>``, ``<table>``). Pages hand the
result to ``st.html``; nothing here imports Streamlit.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlencode

from presslens.entities import EntityResult, TranslationMention
from presslens.events import EventResult
from presslens.models import Segment, Sentence

# Okabe-Ito hues, light enough for text on top, with a coloured underline so the
# type reads without colour too (dark mode keeps the underline).
CSS = """
<style>
.pl-reader {width:100%; border-collapse:separate; border-spacing:0 2px; font-size:1.02rem; line-height:1.55}
.pl-reader th {text-align:left; font-weight:600; padding:6px 10px; border-bottom:2px solid rgba(128,128,128,.4)}
.pl-reader td {vertical-align:top; padding:6px 10px; width:50%; border-bottom:1px solid rgba(128,128,128,.18)}
.pl-reader td.pl-n {width:2.5em; color:rgba(128,128,128,.9); font-size:.8rem; text-align:right; padding-right:4px}
.pl-reader tr.pl-target td {background:rgba(230,159,0,.16)}
.pl-reader .pl-empty {color:rgba(128,128,128,.9); font-style:italic}
mark.pl-ent {padding:0 2px; border-radius:3px; color:inherit}
mark.pl-country {background:rgba(0,114,178,.18); border-bottom:2px solid #0072B2}
mark.pl-person {background:rgba(213,94,0,.16); border-bottom:2px dotted #D55E00}
mark.pl-organization {background:rgba(0,158,115,.18); border-bottom:2px dashed #009E73}
mark.pl-location {background:rgba(204,121,167,.18); border-bottom:2px solid #CC79A7}
mark.pl-other {background:rgba(153,153,153,.2)}
mark.pl-date {background:none; border-bottom:2px double #E69F00}
.pl-legend span {margin-right:14px; font-size:.9rem}
.pl-cards {display:grid; grid-template-columns:repeat(auto-fill,minmax(320px,1fr)); gap:12px}
.pl-card {border:1px solid rgba(128,128,128,.3); border-radius:8px; padding:10px 12px}
.pl-card a {font-weight:600; text-decoration:none; color:var(--pl-link, #1f5fa8)}
.pl-card a:hover {text-decoration:underline}
.pl-card p {margin:0 0 .5em 0}
.pl-card .pl-en {opacity:.85}
.pl-caption {font-size:.85rem; color:rgba(128,128,128,1); margin:-.4rem 0 .4rem 0; line-height:1.4}
.pl-meta {font-size:.85rem; color:rgba(128,128,128,1)}
.pl-exit {text-align:right; font-size:.8rem}
.pl-card .pl-meta {font-size:.85rem; color:rgba(128,128,128,1); margin-top:4px}
.pl-card .pl-actors {font-size:.85rem; margin-top:4px}
.pl-evidence td {width:auto}
</style>
"""

LEGEND = (
    '<div class="pl-legend">'
    '<span><mark class="pl-ent pl-country">country</mark></span>'
    '<span><mark class="pl-ent pl-person">person</mark></span>'
    '<span><mark class="pl-ent pl-organization">organization</mark></span>'
    '<span><mark class="pl-ent pl-location">place</mark></span>'
    '<span><mark class="pl-ent pl-date">date</mark></span>'
    "</div>"
)


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi"})


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: offsets into that text, a CSS class and a tooltip."""

    start: int
    end: int
    kind: str
    title: str


def highlight(text: str, spans: list[Span]) -> str:
    """Escape ``text`` and wrap the spans (non-overlapping, first wins) in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        out.append(html.escape(text[pos : span.start]))
        out.append(
            f'<mark class="pl-ent pl-{html.escape(span.kind)}" title="{html.escape(span.title)}">'
            f"{html.escape(text[span.start : span.end])}</mark>"
        )
        pos = span.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Row:
    """One row of the reader: original sentence(s) and their translation, as safe HTML."""

    first: int
    last: int
    original: str
    translation: str


def aligned_rows(
    text: str,
    sentences: list[Sentence],
    segments: list[Segment],
    entities: EntityResult,
    located: list[TranslationMention],
    dated: EventResult | None = None,
) -> list[Row]:
    """Rows pairing each translation segment with the original sentences it covers.

    Without a translation, every sentence gets a row with an empty right side.
    """

    def label(entity_id: str) -> tuple[str, str]:
        actor = entities.entities.get(entity_id)
        if actor is None:
            return "other", entity_id
        country = f" ({actor.country})" if actor.country and actor.type != "country" else ""
        return actor.type, f"{actor.name}{country} · {actor.type}"

    by_sentence: dict[int, list[Span]] = {}
    for m in entities.mentions:
        kind, title = label(m.entity_id)
        by_sentence.setdefault(m.sentence, []).append(Span(m.start, m.end, kind, title))
    if dated is not None:
        for d in dated.dates:
            when = d.date or "unresolved"
            by_sentence.setdefault(d.sentence, []).append(Span(d.start, d.end, "date", f"{when} ({d.precision})"))
    by_segment: dict[int, list[Span]] = {}
    for t in located:
        kind, title = label(t.entity_id)
        by_segment.setdefault(t.segment, []).append(Span(t.start, t.end, kind, title))

    def original_html(first: int, last: int) -> str:
        parts = []
        for s in sentences[first : last + 1]:
            spans = [Span(x.start - s.start, x.end - s.start, x.kind, x.title) for x in by_sentence.get(s.idx, [])]
            parts.append(highlight(text[s.start : s.end], spans))
        return " ".join(parts)

    rows: list[Row] = []
    if segments:
        for seg in segments:
            rows.append(
                Row(
                    seg.first_idx,
                    seg.last_idx,
                    original_html(seg.first_idx, seg.last_idx),
                    highlight(seg.text, by_segment.get(seg.first_idx, [])),
                )
            )
        return rows
    for s in sentences:
        rows.append(Row(s.idx, s.idx, original_html(s.idx, s.idx), ""))
    return rows


def rows_table(
    rows: list[Row], left: str, right: str, *, target: int | None = None, language: str | None = None
) -> str:
    """The rows as one HTML table (headers are ours; cells are already escaped).

    ``language`` (ISO 639-1) marks the original's cells with ``lang``, and with
    ``dir="rtl"`` for right-to-left scripts (Arabic, Persian, Hebrew, Urdu), so that
    the browser picks the right fonts, shaping and line direction.
    """
    code = html.escape(language or "", quote=True)
    direction = "rtl" if (language or "") in RTL_LANGUAGES else "auto"
    original_attrs = f' lang="{code}" dir="{direction}"' if code else ' dir="auto"'
    head = f"<tr><th></th><th>{html.escape(left)}</th><th>{html.escape(right)}</th></tr>"
    body = []
    for row in rows:
        css = ' class="pl-target"' if target is not None and row.first <= target <= row.last else ""
        number = f"{row.first + 1}" if row.first == row.last else f"{row.first + 1}–{row.last + 1}"
        right_cell = row.translation or '<span class="pl-empty">not translated yet</span>'
        body.append(
            f'<tr{css} id="s{row.first}"><td class="pl-n">{number}</td><td{original_attrs}>{row.original}</td>'
            f'<td lang="en">{right_cell}</td></tr>'
        )
    return f'<table class="pl-reader">{head}{"".join(body)}</table>'


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for an ``href`` (escaped), or None for anything else."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return html.escape(url, quote=True)


def article_cards(cards: list[dict[str, object]], reader_page: str = "Reader", query: str = "") -> str:
    """A grid of article cards linking to the reader (keeping ``query``, the filters); every field escaped."""
    items = []
    extra = html.escape("&" + query) if query else ""
    for c in cards:
        aid = html.escape(str(c["id"]))
        title = html.escape(str(c.get("title") or "(untitled)"))
        meta = " · ".join(
            html.escape(str(x))
            for x in (c.get("published"), c.get("source") or "unknown source", c.get("language"))
            if x
        )
        actors = ", ".join(html.escape(str(a)) for a in (c.get("actors") or []))  # type: ignore[attr-defined]
        items.append(
            f'<div class="pl-card"><a href="{reader_page}?article={aid}{extra}" target="_self" dir="auto">{title}</a>'
            f'<div class="pl-meta">{meta}</div><div class="pl-actors">{actors}</div></div>'
        )
    return f'<div class="pl-cards">{"".join(items)}</div>'


def evidence_html(items: list[dict[str, object]], *, filters: dict[str, str], reader_page: str = "Reader") -> str:
    """Evidence cards: each sentence in the original and in English, a link to it in the reader.

    ``items`` carry article_id, sentence, original, translation (None for an
    English article), title, source, published, language. Every field is escaped;
    the link keeps the current filters (``filters``: URL parameters).
    """
    cards = []
    for it in items:
        query = urlencode({**filters, "article": str(it["article_id"]), "s": str(it["sentence"])})
        href = html.escape(f"{reader_page}?{query}", quote=True)
        translation = it.get("translation")
        english = (
            f"<p class='pl-en' lang='en'>{html.escape(str(translation))}</p>"
            if translation
            else ("" if translation is None else "<p class='pl-empty'>not translated yet</p>")
        )
        meta = " · ".join(
            html.escape(str(x))
            for x in (it.get("published") or "undated", it.get("source") or "unknown source", it.get("language"))
            if x
        )
        cards.append(
            f"<div class='pl-card'><p class='pl-orig' lang='{html.escape(str(it.get('language') or ''))}' dir='auto'>"
            f"{html.escape(str(it.get('original') or ''))}</p>{english}"
            f"<a href='{href}' target='_self'>{html.escape(str(it.get('title') or '(untitled)'))}</a>"
            f"<div class='pl-meta'>{meta}</div></div>"
        )
    return f"<div class='pl-cards'>{''.join(cards)}</div>"
