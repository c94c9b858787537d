"""Export the store as contract records (DESIGN.md, "Export record"): JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from presslens.entities import EntityResult, Mention
from presslens.events import EventResult
from presslens.models import Segment
from presslens.store import Store, StoredArticle

CSV_COLUMNS = (
    "id",
    "title",
    "source",
    "url",
    "published",
    "published_precision",
    "language",
    "language_confidence",
    "text",
    "translation_language",
    "translation_provider",
    "translation_status",
    "translation_text",
    "entities",
    "events",
    "warnings",
)


def translation_record(article: StoredArticle, target: str = "en") -> dict[str, Any]:
    """The contract's ``translation`` object for one article."""
    t = article.translation
    if t is not None:
        record = {"language": t["language"], "text": t["text"] or "", "provider": t["provider"], "status": t["status"]}
        # Extensions: when and how it was made, and why it is not done.
        record["title"] = t.get("title")
        record["updated_at"] = t.get("updated_at")
        record["chunking"] = json.loads(t["chunking"]) if t.get("chunking") else None
        if t.get("error"):
            record["error"] = t["error"]
        return record
    if article.row["language"] == target:
        # Already in the target language: the original is the reading text.
        return {"language": target, "text": article.row["text"], "provider": "none", "status": "done"}
    return {"language": target, "text": "", "provider": "none", "status": "pending"}


_METHOD_RANK = {"table": 0, "model": 1, "name_finder": 2}


def entity_records(result: EntityResult) -> list[dict[str, Any]]:
    """The contract's ``entities`` list: one object per actor, most mentioned first."""
    grouped: dict[str, list[Mention]] = {}
    for m in result.mentions:
        grouped.setdefault(m.entity_id, []).append(m)
    records: list[dict[str, Any]] = []
    for entity_id, ms in grouped.items():
        actor = result.entities[entity_id]
        surfaces = Counter(m.surface for m in ms)
        methods = sorted({m.method for m in ms}, key=lambda x: _METHOD_RANK.get(x, 9))
        records.append(
            {
                "id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "country": actor.country,
                "mentions": len(ms),
                "surfaces": [s for s, _ in surfaces.most_common()],
                "method": methods[0],
                "methods": methods,
            }
        )
    records.sort(key=lambda r: (-len(grouped[r["id"]]), r["name"]))
    return records


def event_records(article: StoredArticle, dated: EventResult, segments: list[Segment]) -> list[dict[str, Any]]:
    """The contract's ``events`` list, with the sentence in both languages."""
    text = article.row["text"]
    by_sentence = {s.idx: s for s in article.sentences}
    translated = {}
    for seg in segments:
        for idx in range(seg.first_idx, seg.last_idx + 1):
            translated[idx] = seg.text
    records = []
    for e in dated.events:
        sentence = by_sentence.get(e.sentence)
        records.append(
            {
                "date": e.date,
                "precision": e.precision,
                "date_text": e.date_text,
                "sentence": text[sentence.start : sentence.end] if sentence else "",
                "type": e.type,
                "actors": list(e.actors),
                # Extensions: month part ("early"), the sentence's index and its translation.
                "part": e.part,
                "sentence_index": e.sentence,
                "translation": translated.get(e.sentence),
            }
        )
    return records


def export_record(
    article: StoredArticle,
    entities: EntityResult | None = None,
    dated: EventResult | None = None,
    segments: list[Segment] | None = None,
) -> dict[str, Any]:
    """One article as the export contract's JSON object (plus compatible extras)."""
    row = article.row
    return {
        "id": row["id"],
        "title": row["title"],
        "source": row["source"],
        "url": row["url"],
        "published": row["published"],
        "language": row["language"],
        "text": row["text"],
        "translation": translation_record(article),
        "entities": entity_records(entities) if entities is not None else [],
        "events": event_records(article, dated, segments or []) if dated is not None else [],
        "warnings": json.loads(row["warnings"] or "[]"),
        # Extensions beyond the contract (consumers may ignore them):
        "published_precision": row["published_precision"],
        "published_approximate": bool(row["published_approximate"]),
        "language_confidence": row["language_confidence"],
        "language_method": row["language_method"],
        "sentences": [[s.start, s.end] for s in article.sentences],
    }


def iter_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored article as an export record, streamed in batches."""
    for article in store.iter_articles():
        article_id = article.row["id"]
        yield export_record(
            article,
            store.article_entities(article_id),
            store.article_events(article_id),
            store.translation_segments(article_id, "en"),
        )


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """Flatten an export record into one CSV row (nested parts as JSON)."""
    tr = record["translation"]
    return {
        **{k: record.get(k) for k in CSV_COLUMNS if k in record and k not in ("entities", "events", "warnings")},
        "translation_language": tr["language"],
        "translation_provider": tr["provider"],
        "translation_status": tr["status"],
        "translation_text": tr["text"],
        "entities": json.dumps(record["entities"], ensure_ascii=False),
        "events": json.dumps(record["events"], ensure_ascii=False),
        "warnings": json.dumps(record["warnings"], ensure_ascii=False),
    }


def write_records(records: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write records as ``jsonl`` or ``csv``; return how many were written."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    for record in records:
        if writer:
            writer.writerow(csv_row(record))
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_to_file(store: Store, path: Path, fmt: str) -> int:
    """Export atomically: a crash leaves the old file or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            n = write_records(iter_records(store), fh, fmt)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
