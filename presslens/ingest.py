"""Read inputs: files and folders in, :class:`RawRecord` or :class:`Rejection` out.

Every problem with one input becomes a Rejection naming that input, so one bad
file never stops a batch. Nothing here cleans or analyses text.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import trafilatura

from presslens.decode import InputError, decode_bytes
from presslens.models import RECORD_FIELDS, RawRecord, Rejection

SINGLE_DOCUMENT = {".txt", ".md", ".markdown", ".html", ".htm", ".json"}
STREAMED = {".jsonl", ".ndjson", ".csv"}
SUPPORTED = SINGLE_DOCUMENT | STREAMED
MANIFEST_NAME = "manifest.json"
# Manifest keys beyond the record fields.
_MANIFEST_EXTRA = ("published_approximate", "translation_file")

Item = RawRecord | Rejection


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _oserror_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link points back to itself)"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or str(exc)


# --- discovery ---------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Expand the given paths into input files, walking folders recursively.

    Symlinked folders are followed, but a folder reached twice on one branch
    (a symlink loop) is reported once and not entered again.
    """
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            reason = _oserror_reason(exc)
            if exc.errno == errno.ENOENT and path.is_symlink():
                reason = "broken symlink (its target does not exist)"
            yield Rejection(str(path), reason)
            continue
        if path.is_dir():
            yield from _walk(path, ((st.st_dev, st.st_ino),))
        elif path.name == MANIFEST_NAME:
            yield Rejection(str(path), "a manifest holds metadata for the .txt files beside it; ingest its folder")
        else:
            yield path


def _walk(folder: Path, ancestors: tuple[tuple[int, int], ...]) -> Iterator[Path | Rejection]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Rejection(str(folder), f"cannot list folder: {_oserror_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files: editor swap files, .DS_Store, .git
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
            st = path.stat()
        except OSError as exc:
            yield Rejection(str(path), _oserror_reason(exc))
            continue
        if is_dir:
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Rejection(str(path), "symlink loop (leads back to a folder above it); not followed")
                continue
            yield from _walk(path, (*ancestors, key))
        elif entry.name != MANIFEST_NAME:
            yield path


# --- manifests ---------------------------------------------------------------


class ManifestCache:
    """Per-folder manifest.json metadata, read once; a broken manifest is reported once."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[dict[str, dict[str, Any]], Rejection | None]] = {}

    def is_translation_file(self, path: Path) -> bool:
        """Whether the folder's manifest names ``path`` as another file's translation."""
        entries, _ = self._cache.setdefault(path.parent, _read_manifest(path.parent / MANIFEST_NAME))
        return any(meta.get("translation_file") == path.name for meta in entries.values())

    def lookup(self, path: Path) -> tuple[dict[str, Any], Rejection | None]:
        """Metadata for ``path`` from its folder's manifest, plus a first-time error."""
        folder = path.parent
        fresh = folder not in self._cache
        if fresh:
            self._cache[folder] = _read_manifest(folder / MANIFEST_NAME)
        entries, error = self._cache[folder]
        return entries.get(path.name, {}), error if fresh else None


def _read_manifest(path: Path) -> tuple[dict[str, dict[str, Any]], Rejection | None]:
    if not path.is_file():
        return {}, None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        return {}, Rejection(str(path), f"manifest ignored: not valid JSON ({exc})")
    items: Iterable[Any]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        items = data["articles"]
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        items = [{"file": name, **meta} for name, meta in data.items() if isinstance(meta, dict)]
    else:
        return {}, Rejection(str(path), "manifest ignored: expected a list of {file: ...} objects")
    entries = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            entries[item["file"]] = item
    return entries, None


# --- records -----------------------------------------------------------------


def _as_text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "published":
        return str(value)  # a bare year given as a number
    raise InputError(f"field '{name}' must be a string, not {type(value).__name__}")


def record_from_mapping(data: Mapping[str, Any], origin: str, max_bytes: int) -> RawRecord:
    """Validate one input record (a JSON object or CSV row) into a RawRecord."""
    if "text" not in data:
        raise InputError("record has no 'text' field")
    text = data["text"]
    if not isinstance(text, str):
        raise InputError(f"field 'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError("field 'text' is empty or only whitespace")
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        raise InputError(f"text is over the {_mb(max_bytes)} per-article limit (PRESSLENS_MAX_FILE_MB)")
    record = RawRecord(text=text, origin=origin)
    for name in RECORD_FIELDS[1:]:
        setattr(record, name, _as_text(data.get(name), name))
    return record


def _apply_manifest(record: RawRecord, meta: Mapping[str, Any], folder: Path) -> None:
    for name in RECORD_FIELDS:
        if name != "text" and meta.get(name) is not None and getattr(record, name) is None:
            try:
                setattr(record, name, _as_text(meta[name], name))
            except InputError as exc:
                record.warnings.append(f"manifest: {exc}")
    if meta.get("published_approximate"):
        record.published_approximate = True
    tfile = meta.get("translation_file")
    if isinstance(tfile, str) and record.translation is None:
        tpath = (folder / tfile).resolve()
        if folder.resolve() not in tpath.parents:
            record.warnings.append(f"manifest: translation_file {tfile!r} is outside the folder; ignored")
        else:
            try:
                record.translation, _ = decode_bytes(tpath.read_bytes())
            except (OSError, InputError) as exc:
                record.warnings.append(f"manifest: translation_file {tfile!r} unreadable: {exc}")


# --- readers per format ------------------------------------------------------


def read_path(path: Path, max_bytes: int, manifests: ManifestCache) -> Iterator[Item]:
    """Yield the records of one input file, or Rejections for what is wrong."""
    origin = str(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        kind = f"'{ext}'" if ext else "no extension"
        yield Rejection(origin, f"unsupported file type ({kind}); expected one of {', '.join(sorted(SUPPORTED))}")
        return
    try:
        size = path.stat().st_size
        if ext in STREAMED:
            yield from (_read_jsonl if ext != ".csv" else _read_csv)(path, max_bytes)
            return
        if size > max_bytes:
            yield Rejection(
                origin,
                f"file is {_mb(size)}, over the {_mb(max_bytes)} limit for one document "
                "(raise PRESSLENS_MAX_FILE_MB, or split it into a .jsonl file)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {_oserror_reason(exc)}")
        return
    try:
        text, warnings = decode_bytes(data)
    except InputError as exc:
        yield Rejection(origin, str(exc))
        return

    records: list[Item]
    if ext == ".json":
        records = list(_records_from_json(text, origin, max_bytes))
    elif ext in {".html", ".htm"}:
        records = [_record_from_html(text, origin)]
    else:
        doc = RawRecord(text=text if ext == ".txt" else _strip_markdown(text), origin=origin)
        meta, manifest_error = manifests.lookup(path)
        if manifest_error:
            yield manifest_error
        _apply_manifest(doc, meta, path.parent)
        doc.infer_title = doc.title is None
        records = [doc]
    for item in records:
        if isinstance(item, RawRecord):
            item.warnings[:0] = warnings
        yield item


def _records_from_json(text: str, origin: str, max_bytes: int) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(origin, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    if isinstance(data, dict):
        items: list[tuple[str, Any]] = [(origin, data)]
    elif isinstance(data, list):
        items = [(f"{origin}[{i}]", item) for i, item in enumerate(data)]
        if not items:
            yield Rejection(origin, "JSON list is empty")
    else:
        yield Rejection(origin, f"JSON must be an object or a list of objects, not {type(data).__name__}")
        return
    for item_origin, item in items:
        if not isinstance(item, dict):
            yield Rejection(item_origin, f"expected a JSON object, got {type(item).__name__}")
            continue
        try:
            yield record_from_mapping(item, item_origin, max_bytes)
        except InputError as exc:
            yield Rejection(item_origin, str(exc))


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    seen_any = False
    with path.open("rb") as fh:
        lineno = 0
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                break
            lineno += 1
            origin = f"{path}:{lineno}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the oversized line without holding it in memory.
                while (chunk := fh.readline(1024 * 1024)) and not chunk.endswith(b"\n"):
                    pass
                yield Rejection(origin, f"line is over the {_mb(max_bytes)} per-article limit (PRESSLENS_MAX_FILE_MB)")
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                text = line.decode("utf-8")
                data = json.loads(text)
            except UnicodeDecodeError:
                yield Rejection(origin, "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield Rejection(origin, f"malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(data, dict):
                yield Rejection(origin, f"expected a JSON object, got {type(data).__name__}")
                continue
            try:
                yield record_from_mapping(data, origin, max_bytes)
            except InputError as exc:
                yield Rejection(origin, str(exc))
    if not seen_any:
        yield Rejection(str(path), "empty file" if lineno == 0 else "file holds only blank lines")


def _read_csv(path: Path, max_bytes: int) -> Iterator[Item]:
    with path.open("rb") as raw:
        head = raw.read(65536)
        # Decode up to the last newline so a multi-byte character cut in two
        # does not pass for invalid UTF-8.
        cut = head.rfind(b"\n")
        sample = head if cut < 0 or len(head) < 65536 else head[: cut + 1]
        try:
            _, warnings = decode_bytes(sample)
        except InputError as exc:
            yield Rejection(str(path), str(exc))
            return
        encoding = "utf-8-sig"
        for warning in warnings:
            if warning.startswith("not UTF-8: decoded as "):
                encoding = warning.rsplit(" ", 1)[-1]
        raw.seek(0)
        text_stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        csv.field_size_limit(max_bytes)
        reader = csv.DictReader(text_stream)
        try:
            header = reader.fieldnames
        except csv.Error as exc:
            yield Rejection(str(path), f"malformed CSV: {exc}")
            return
        if not header or "text" not in [h.strip().lower() for h in header]:
            found = ", ".join(h for h in (header or []) if h) or "none"
            yield Rejection(str(path), f"CSV has no 'text' column (columns found: {found})")
            return
        reader.fieldnames = [h.strip().lower() for h in header]
        rowno = 1
        try:
            for rowno, row in enumerate(reader, start=2):
                origin = f"{path}:{rowno}"
                try:
                    record = record_from_mapping(row, origin, max_bytes)
                except InputError as exc:
                    yield Rejection(origin, str(exc))
                    continue
                record.warnings[:0] = warnings
                yield record
        except csv.Error as exc:
            # The csv module cannot resynchronise after e.g. an oversized field.
            yield Rejection(f"{path}:{rowno + 1}", f"malformed CSV, rest of file skipped: {exc}")


def _record_from_html(html: str, origin: str) -> Item:
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return Rejection(origin, "no article text found in the HTML")
    return RawRecord(
        text=text,
        origin=origin,
        title=getattr(doc, "title", None) or None,
        url=getattr(doc, "url", None) or None,
        source=getattr(doc, "sitename", None) or None,
        published=getattr(doc, "date", None) or None,
        language=None,  # the page's lang attribute is often wrong; detection decides
    )


def _strip_markdown(text: str) -> str:
    """Light Markdown to plain text: headings, emphasis and link syntax go, words stay."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text


def read_inputs(paths: Iterable[str | Path], max_bytes: int) -> Iterator[Item]:
    """Every record (or rejection) from every path, in a stable order."""
    manifests = ManifestCache()
    for found in discover(paths):
        if isinstance(found, Rejection):
            yield found
        elif not manifests.is_translation_file(found):
            yield from read_path(found, max_bytes, manifests)
