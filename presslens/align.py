"""Align a translation to the original's sentences, for side-by-side reading.

Machine translations are made sentence by sentence and align by construction.
A supplied translation is a whole text: it aligns sentence to sentence where
its paragraphs and sentences match the original's one to one, paragraph to
paragraph where only the paragraphs match, and as one block otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from presslens.clean import normalise_whitespace
from presslens.models import Segment, Sentence
from presslens.segment import segment


@dataclass(frozen=True)
class Alignment:
    """A supplied translation split into its title and aligned segments."""

    title: str | None
    segments: list[Segment]
    level: str  # "sentence" | "paragraph" | "text"


def _paragraph_groups(sentences: list[Sentence]) -> list[list[Sentence]]:
    groups: dict[int, list[Sentence]] = {}
    for s in sentences:
        groups.setdefault(s.paragraph, []).append(s)
    return [groups[k] for k in sorted(groups)]


def align_supplied(sentences: list[Sentence], translation: str, target: str, *, has_title: bool) -> Alignment:
    """Align a supplied translation (one paragraph per line) to ``sentences``.

    When the translation has one line more than the original has paragraphs and
    the original had a title line, its first line is the title's translation.
    """
    lines = normalise_whitespace(translation)
    paragraphs = _paragraph_groups(sentences)
    title = None
    if has_title and len(lines) == len(paragraphs) + 1:
        title, lines = lines[0], lines[1:]
    if not paragraphs or not lines:
        return Alignment(title, [], "text")
    if len(lines) != len(paragraphs):
        whole = " ".join(lines)
        return Alignment(title, [Segment(sentences[0].idx, sentences[-1].idx, whole)], "text")

    segments: list[Segment] = []
    level = "sentence"
    for group, line in zip(paragraphs, lines, strict=True):
        translated = [line[s.start : s.end] for s in segment(line, target)]
        if len(translated) == len(group):
            segments.extend(Segment(o.idx, o.idx, t) for o, t in zip(group, translated, strict=True))
        else:
            level = "paragraph"
            segments.append(Segment(group[0].idx, group[-1].idx, line))
    return Alignment(title, segments, level)


def join_segments(segments: list[Segment], sentences: list[Sentence]) -> str:
    """The translated text, one paragraph per line like the original."""
    paragraph_of = {s.idx: s.paragraph for s in sentences}
    lines: list[list[str]] = []
    last_paragraph = None
    for seg in segments:
        paragraph = paragraph_of.get(seg.first_idx)
        if paragraph != last_paragraph or not lines:
            lines.append([])
            last_paragraph = paragraph
        lines[-1].append(seg.text)
    return "\n".join(" ".join(parts) for parts in lines)
