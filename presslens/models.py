"""Plain data passed between pipeline stages (no behaviour, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # entities imports models: type names only here
    from presslens.entities import EntityResult, TranslationMention
    from presslens.events import EventResult

# Fields an input record may carry (DESIGN.md, "Input formats").
RECORD_FIELDS = ("text", "title", "url", "source", "published", "language", "translation")


@dataclass
class RawRecord:
    """One article as read from an input, before any processing."""

    text: str
    origin: str  # where it came from: "path", "path:line 3", "path[2]"
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    translation: str | None = None
    # .txt/.md: the first non-empty line is the title, taken after cleaning
    # so that a skip link or a site name on line one is not mistaken for it.
    infer_title: bool = False
    published_approximate: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an article, and why (one stderr line)."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text, by character offsets ``[start, end)``."""

    idx: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """The translation of original sentences ``first_idx..last_idx`` (inclusive)."""

    first_idx: int
    last_idx: int
    text: str


@dataclass
class Translation:
    """An article's translation into one language, or why there is none yet."""

    language: str
    provider: str  # google | deepl | libre | mymemory | supplied | none
    status: str  # done | pending | failed
    text: str | None = None
    title: str | None = None
    segments: list[Segment] = field(default_factory=list)
    error: str | None = None
    chunking: dict[str, object] | None = None


@dataclass
class Article:
    """A processed article, ready to store. Later stages fill the empty lists."""

    id: str
    text: str
    raw_text: str
    origin: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    published_precision: str | None  # "day" | "month" | "year" | None
    published_approximate: bool
    language: str  # ISO 639-1, or "und"
    language_confidence: float
    language_method: str  # "input" | "detected"
    sentences: list[Sentence] = field(default_factory=list)
    translation: Translation | None = None
    entities: EntityResult | None = None
    events: EventResult | None = None
    translation_mentions: list[TranslationMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        """Whitespace-separated words in the cleaned text."""
        return len(self.text.split())

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one of this article's sentences."""
        return self.text[sentence.start : sentence.end]
