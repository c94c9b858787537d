"""The orchestrator: raw records through every stage into the store.

Stages, in order (each a module of its own): ingest (read) -> clean -> title ->
language -> segment -> store. Translation, entities and events slot in after
segmentation as further stages of :func:`process_record`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from presslens.actors import ActorTable, load_actor_table
from presslens.align import align_supplied, join_segments
from presslens.clean import clean_text, derive_title, normalise_whitespace, split_title
from presslens.config import Settings
from presslens.dates import parse_published
from presslens.decode import InputError
from presslens.entities import extract_entities, locate_in_translation, name_from_translation
from presslens.events import extract_events
from presslens.ingest import ManifestCache, discover, read_path
from presslens.langid import detect_language, normalise_language_code
from presslens.models import Article, RawRecord, Rejection, Translation
from presslens.segment import segment
from presslens.store import Store

log = logging.getLogger(__name__)


def article_id(raw_text: str) -> str:
    """Stable id: a hash of the raw text with whitespace and Unicode normalised.

    The raw text, not the cleaned one, so that improving the cleaner never turns
    a re-ingested file into a new article.
    """
    normalised = " ".join(" ".join(normalise_whitespace(raw_text)).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def process_record(record: RawRecord, settings: Settings) -> Article:
    """Run every processing stage on one record; raise InputError to reject it."""
    warnings = list(record.warnings)
    cleaned = clean_text(record.text, source=record.source)
    text, title = cleaned.text, record.title
    if record.infer_title and title is None:
        title, text = split_title(text)
    title_line = title is not None
    if not text.strip():
        kinds = sorted({kind for kind, _ in cleaned.removed})
        why = f" (removed: {', '.join(kinds)})" if kinds else ""
        raise InputError(f"no article text left after removing site chrome{why}")
    if title is None:
        title = derive_title(text)
        warnings.append("no title line: title taken from the first sentence")

    given = normalise_language_code(record.language)
    if given:
        language, confidence, method = given, 1.0, "input"
    else:
        if record.language:
            warnings.append(f"language {record.language!r} is not an ISO 639-1 code; detected instead")
        guess = detect_language(text, settings.languages, settings.min_lang_confidence)
        language, confidence, method = guess.language, guess.confidence, "detected"
        if language == "und":
            warnings.append("language could not be determined")

    published, precision, date_warning = parse_published(record.published, language)
    if date_warning:
        warnings.append(date_warning)
    if record.published_approximate and published:
        warnings.append("publication date is approximate")

    sentences = segment(text, language)
    target = settings.translation.target
    translation = None
    if record.translation and language != target:
        aligned = align_supplied(sentences, record.translation, target, has_title=title_line)
        translated_title = aligned.title
        if translated_title is None and not title_line and aligned.segments:
            translated_title = derive_title(aligned.segments[0].text)  # as the original's was derived
        translation = Translation(
            language=target,
            provider="supplied",
            status="done",
            text=join_segments(aligned.segments, sentences),
            title=translated_title,
            segments=aligned.segments,
            chunking={"alignment": aligned.level},
        )
        if aligned.level != "sentence":
            warnings.append(f"supplied translation aligned by {aligned.level}, not sentence by sentence")
    elif language != target:
        translation = Translation(language=target, provider="none", status="pending")

    table = load_actor_table(settings.actors_dir)
    found = extract_entities(text, sentences, language, table, model=settings.spacy_models.get(language))
    if translation is not None and translation.segments:
        # Organizations found as written take their English name from the aligned translation.
        found = name_from_translation(found, translation.segments, table, language, target)
    located = locate_in_translation(translation.segments, found, table, target) if translation else []
    dated = extract_events(text, sentences, language, published, found)
    if dated.dates and not published and any(d.date is None for d in dated.dates):
        warnings.append("no publication date: relative dates (weekdays, 'last week') left unresolved")

    return Article(
        id=article_id(record.text),
        text=text,
        raw_text=record.text,
        origin=record.origin,
        title=title,
        source=record.source,
        url=record.url,
        published=published,
        published_precision=precision,
        published_approximate=record.published_approximate,
        language=language,
        language_confidence=confidence,
        language_method=method,
        sentences=sentences,
        translation=translation,
        entities=found,
        translation_mentions=located,
        events=dated,
        warnings=warnings,
    )


# What ingest_paths reports to ``on_stage``, in order: files read, records through
# analysis (clean, language, sentences, entities, events), articles stored.
INGEST_STAGES = ("read", "analyse", "store")
StageCallback = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What a batch did: origins ingested, duplicates, and rejections with reasons."""

    ingested: list[str] = field(default_factory=list)
    ingested_ids: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)  # the stored article each duplicate repeats

    @property
    def ok(self) -> bool:
        """True when every input was processed (nothing rejected)."""
        return not self.rejected

    def summary(self) -> str:
        """One line for humans: 'ingested 5, duplicates 0, rejected 0'."""
        return f"ingested {len(self.ingested)}, duplicates {len(self.duplicates)}, rejected {len(self.rejected)}"


def _read_guarded(path: Path, max_bytes: int, manifests: ManifestCache) -> Iterator[RawRecord | Rejection]:
    """The records of one file; a reader that crashes rejects the rest of that file, not the batch."""
    try:
        yield from read_path(path, max_bytes, manifests)
    except Exception as exc:
        log.exception("reading %s failed", path)
        yield Rejection(str(path), f"internal error while reading: {type(exc).__name__}: {exc}")


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_reject: Callable[[Rejection], None] | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    on_stage: StageCallback | None = None,
) -> IngestReport:
    """Read, process and store every article under ``paths``; never stop on a bad one.

    ``on_reject`` hears about each rejection as it happens (the CLI prints it);
    ``progress`` wraps the list of files (the CLI passes a progress bar);
    ``on_stage(stage, done, total)`` hears each stage of :data:`INGEST_STAGES`
    advance: ``read`` counts files (of those found), ``analyse`` records done
    with analysis (processed, rejected, or skipped as already stored) of those
    read so far, ``store`` articles stored of those analysed (the dashboard's
    "add articles" page draws one bar per stage).
    """
    report = IngestReport()
    files: list[Path] = []
    # done and entered (so far) per stage; a record enters "analyse" when read
    # and "store" when analysed.
    done = dict.fromkeys(INGEST_STAGES, 0)
    entered = dict.fromkeys(INGEST_STAGES, 0)

    def advance(stage: str, *, into: str | None = None) -> None:
        done[stage] += 1
        if into:
            entered[into] += 1
        if on_stage:
            on_stage(stage, done[stage], len(files) if stage == "read" else entered[stage])

    def reject(rej: Rejection) -> None:
        report.rejected.append(rej)
        if on_reject:
            on_reject(rej)

    for found in discover(paths):
        if isinstance(found, Rejection):
            reject(found)
        else:
            files.append(found)
    manifests = ManifestCache()
    files = [f for f in files if not manifests.is_translation_file(f)]
    if on_stage:
        on_stage("read", 0, len(files))
    for path in progress(files) if progress else files:
        for item in _read_guarded(path, settings.max_file_bytes, manifests):
            if isinstance(item, Rejection):
                reject(item)
                continue
            entered["analyse"] += 1
            known = article_id(item.text)
            if store.has_article(known):
                report.duplicates.append(item.origin)
                report.duplicate_ids.append(known)
                advance("analyse")
                continue
            try:
                article = process_record(item, settings)
            except InputError as exc:
                reject(Rejection(item.origin, str(exc)))
                advance("analyse")
                continue
            except Exception as exc:
                log.exception("processing %s failed", item.origin)
                reject(Rejection(item.origin, f"internal error while processing: {type(exc).__name__}: {exc}"))
                advance("analyse")
                continue
            advance("analyse", into="store")
            if store.add_article(article):
                report.ingested.append(item.origin)
                report.ingested_ids.append(article.id)
            else:
                report.duplicates.append(item.origin)
                report.duplicate_ids.append(article.id)
            advance("store")
        advance("read")
    return report


@dataclass
class ReprocessReport:
    """What `presslens reprocess` did."""

    articles: int = 0
    mentions: int = 0
    failed: list[Rejection] = field(default_factory=list)


def reprocess_entities(
    store: Store,
    settings: Settings,
    *,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> ReprocessReport:
    """Re-run entity and event extraction on every stored article (after the tables changed).

    Reads the stored cleaned text, sentences and translation; never re-translates.
    Each article's mentions are replaced in one transaction.
    """
    return reprocess_articles(store, settings, store.article_ids(), progress=progress)


def apply_and_reprocess(
    store: Store,
    settings: Settings,
    affected_article_ids: Iterable[str],
    *,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> ReprocessReport:
    """After a correction (presslens.corrections): re-run extraction on the articles it can change.

    The actor table is read afresh (with the new overrides.yaml); every other
    article is left as it is. Entities no article mentions any more (merged away,
    rejected everywhere) leave the entities table, and the store's data version
    changes, so every dashboard view refreshes.
    """
    wanted = set(affected_article_ids)
    ids = [i for i in store.article_ids() if i in wanted] if wanted else []
    return reprocess_articles(store, settings, ids, progress=progress)


def reprocess_articles(
    store: Store,
    settings: Settings,
    article_ids: list[str],
    *,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> ReprocessReport:
    """Re-run entity and event extraction on these stored articles, one transaction each."""
    table = load_actor_table(settings.actors_dir)
    report = ReprocessReport()
    for article_id in progress(article_ids) if progress else article_ids:
        try:
            report.mentions += reprocess_article(store, settings, table, article_id)
        except Exception as exc:
            log.exception("reprocessing %s failed", article_id)
            report.failed.append(Rejection(article_id, f"{type(exc).__name__}: {exc}"))
            continue
        report.articles += 1
    store.refresh_table_entities(list(table.actors.values()))
    return report


def reprocess_article(store: Store, settings: Settings, table: ActorTable, article_id: str) -> int:
    """Re-extract one stored article; return its number of mentions.

    Entities, their places in the translation and events are saved together in
    one transaction. Never re-translates.
    """
    target = settings.translation.target
    stored = store.get_articles([article_id], target)
    if not stored:
        raise KeyError(f"no article {article_id} in the store")
    row = stored[0].row
    sentences = stored[0].sentences
    model = settings.spacy_models.get(row["language"])
    found = extract_entities(row["text"], sentences, row["language"], table, model=model, article_id=article_id)
    segments = store.translation_segments(article_id, target)
    found = name_from_translation(found, segments, table, row["language"], target)
    located = locate_in_translation(segments, found, table, target)
    dated = extract_events(row["text"], sentences, row["language"], row["published"], found)
    store.save_analysis(article_id, found, located, dated, target)
    return len(found.mentions)
