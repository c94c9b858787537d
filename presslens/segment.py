"""Sentence segmentation with spaCy, by character offsets into the cleaned text.

Paragraphs (lines of the cleaned text) are segmented separately: a heading
without a full stop must not be glued to the paragraph under it.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import spacy
from spacy.language import Language

from presslens.models import Sentence

log = logging.getLogger(__name__)

# Full-width sentence ends (CJK) split even where no tokenizer for the language
# is installed; the sentencizer alone would miss them in unspaced text.
_CJK_END = re.compile(r"(?<=[。！？])")
# Abbreviations after which a full stop does not end a sentence: titles and
# ranks before names in it/de/en/fr/es/pt. The sentencizer splits on every "."
# token; these, single-letter initials ("J. Biden") and a lower-case or digit
# start of the next piece ("5 nov. 2024", "ecc. e poi") undo that split.
_ABBREVIATIONS = frozenset(
    (
        *("sig", "sigg", "dott", "prof", "avv", "ing", "on", "gen", "col", "mons", "arch", "rag", "geom"),  # it
        *("dr", "mr", "mrs", "ms", "st", "jr", "sr", "sen", "rep", "gov", "lt", "capt", "sgt", "maj", "adm"),  # en
        *("pres", "amb", "hon", "hr", "hrn", "fr", "frl", "dipl", "mag", "bzw", "vgl", "nr", "ca"),  # en/de
        *("mme", "mlle", "mgr", "me", "sra", "srta", "dña", "lic"),  # fr/es
        *("art", "artt", "n", "no", "nos", "vol", "pag", "pp", "fig", "cap"),  # references
    )
)
_LAST_WORD = re.compile(r"(\w+)\.$")


@lru_cache(maxsize=32)
def sentence_pipeline(language: str) -> Language:
    """A blank spaCy pipeline with a rule-based sentencizer for ``language``.

    Languages whose blank pipeline needs an extra word segmenter (ja, ko, th,
    vi...) that is not installed fall back to the multi-language tokenizer:
    sentence boundaries only need punctuation, which the sentencizer knows for
    CJK too.
    """
    try:
        nlp = spacy.blank(language)
    except Exception as exc:  # noqa: BLE001 - ImportError, ValueError or spaCy's own, by language
        log.debug("spacy.blank(%r) unavailable (%s); using 'xx'", language, exc)
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return nlp


def segment(text: str, language: str) -> list[Sentence]:
    """Split cleaned text (one paragraph per line) into sentences with offsets."""
    nlp = sentence_pipeline(language)
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((pos, line))
        pos += len(line) + 1
    sentences: list[Sentence] = []
    docs = nlp.pipe(line for _, line in paragraphs)
    for pnum, ((offset, _line), doc) in enumerate(zip(paragraphs, docs, strict=True)):
        spans: list[tuple[int, int]] = []
        for sent in doc.sents:
            pos = offset + sent.start_char
            for piece in _CJK_END.split(sent.text):
                if piece.strip():
                    spans.append(_trim(text, pos, pos + len(piece)))
                pos += len(piece)
        for start, end in _merge_false_splits(text, spans):
            sentences.append(Sentence(len(sentences), pnum, start, end))
    return sentences


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_OPENING_QUOTES = "“«„‚‘\"'("


def _move_opening_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give an opening quote the sentencizer left at a sentence's end to the next one.

    spaCy attaches quotes after a full stop to the sentence before, which is
    right for a closing quote ('detto.”') and wrong for an opening one ('. “Noi').
    """
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        start, end = fixed[i]
        if end - start > 1 and text[end - 1] in _OPENING_QUOTES and text[end - 2].isspace():
            fixed[i] = _trim(text, start, end - 1)
            fixed[i + 1] = (end - 1, fixed[i + 1][1])
    return fixed


def _merge_false_splits(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in _move_opening_quotes(text, spans):
        if merged and _continues(text[merged[-1][0] : merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _continues(previous: str, following: str) -> bool:
    """Whether a split between these two pieces was a false sentence end."""
    if not previous.endswith("."):
        return False
    first = following.lstrip("\"'«“„(")[:1]
    if first.islower() or first.isdigit():
        return True
    match = _LAST_WORD.search(previous)
    if not match:
        return False
    word = match.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
