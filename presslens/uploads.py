"""Uploads from the dashboard: untrusted files and pasted text through the CLI's pipeline.

Each upload's name is reduced to a safe base name (:func:`safe_name`) and its
bytes written into a fresh :class:`tempfile.TemporaryDirectory`, the only place
an upload ever touches the file system (every path is checked to resolve inside
it, and it is deleted afterwards). Files then go one by one through
:func:`presslens.pipeline.ingest_paths`, the function ``presslens ingest`` runs,
and the newly ingested articles through :func:`presslens.translate.translate_articles`,
as the CLI does. The result is one :class:`FileResult` per upload under its
original (untrusted) name. Nothing here imports streamlit.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any, Protocol
from urllib.parse import urlsplit

from presslens.config import Settings
from presslens.dates import parse_published
from presslens.ingest import MANIFEST_NAME, SUPPORTED, ManifestCache
from presslens.langid import normalise_language_code
from presslens.pipeline import INGEST_STAGES, IngestReport, ingest_paths
from presslens.store import Store
from presslens.translate import TranslateReport, redact, translate_articles

log = logging.getLogger(__name__)

# Extensions the uploader accepts (without the dot), as the file_uploader wants them.
UPLOAD_TYPES: tuple[str, ...] = tuple(sorted(ext.lstrip(".") for ext in SUPPORTED))
# Every stage an upload goes through, with the label the page shows for it.
STAGES: tuple[tuple[str, str], ...] = (
    ("read", "Reading files"),
    ("analyse", "Analysing: clean, language, sentences, entities, events"),
    ("store", "Storing"),
    ("translate", "Translating"),
)
assert tuple(s for s, _ in STAGES[:3]) == INGEST_STAGES
ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total), always on the caller's thread

# Statuses of a FileResult.
INGESTED, DUPLICATE, REJECTED, METADATA = "ingested", "duplicate", "rejected", "metadata"
PASTED_NAME = "pasted text"
# File names are capped in UTF-8 bytes: file systems allow 255, and a short
# name keeps the reasons readable.
MAX_NAME_BYTES = 120
# How long a shown (display) name may be; the original stays whole in the result.
MAX_DISPLAY_CHARS = 200
_MB = 1024 * 1024
# Characters that no saved name keeps: path separators, Windows' reserved set.
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Translation runs in a worker thread; the caller's thread polls it this often.
_POLL_SECONDS = 0.1


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB"


@dataclass(frozen=True)
class UploadLimits:
    """How much one upload may hold: files, bytes per file, bytes in all."""

    max_files: int = 200
    max_file_bytes: int = 10 * _MB
    max_total_bytes: int = 50 * _MB

    @classmethod
    def from_settings(cls, settings: Settings) -> UploadLimits:
        """The limits configured by PRESSLENS_MAX_UPLOAD_FILES, _MAX_FILE_MB and _MAX_UPLOAD_MB."""
        return cls(settings.max_upload_files, settings.max_file_bytes, settings.max_upload_bytes)

    def describe(self) -> str:
        """One line for the page, e.g. 'up to 200 files, 10.0 MB each, 50.0 MB in all'."""
        return f"up to {self.max_files} files, {_mb(self.max_file_bytes)} each, {_mb(self.max_total_bytes)} in all"


class UploadLike(Protocol):
    """What an upload offers: Streamlit's UploadedFile and :class:`Upload` both do."""

    @property
    def name(self) -> str:
        """The name the browser sent (untrusted: may hold a path, controls, anything)."""
        ...

    def getvalue(self) -> bytes:
        """The file's bytes."""
        ...


@dataclass(frozen=True)
class Upload:
    """An uploaded file held in memory (tests and callers without Streamlit)."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        """The file's bytes."""
        return self.data


@dataclass(frozen=True)
class PastedArticle:
    """A validated pasted article (build with :func:`check_pasted`)."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO: 2024, 2024-10 or 2024-10-26
    language: str | None = None  # ISO 639-1

    def record(self) -> dict[str, str]:
        """The input record (the ``.json`` format) the pipeline reads."""
        fields = {
            "text": self.text,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "language": self.language,
        }
        return {k: v for k, v in fields.items() if v}

    @property
    def display_name(self) -> str:
        """How the result table names it."""
        return f"{PASTED_NAME}: {self.title}" if self.title else PASTED_NAME


def check_pasted(
    text: str,
    *,
    title: str = "",
    source: str = "",
    url: str = "",
    published: str = "",
    language: str = "",
) -> tuple[PastedArticle | None, list[str]]:
    """Validate the paste form; return the article, or None and what is wrong.

    The text is required; the date is read as the ingest reads ``published`` (ISO
    keeps its precision, other spellings go through dateparser in the article's
    language), the language must be an ISO 639-1 (or 639-2/3, region-tagged) code,
    the URL http(s). Messages never repeat the input (they are shown as Markdown).
    """
    errors: list[str] = []
    if not text.strip():
        errors.append("The article text is required.")
    code = None
    if language.strip():
        code = normalise_language_code(language)
        if code is None:
            errors.append("The language is not an ISO 639-1 code (e.g. it, de, en).")
    iso = None
    if published.strip():
        iso, _precision, _warning = parse_published(published, code)
        if iso is None:
            errors.append("The date is not one PressLens can read: write it as YYYY-MM-DD, YYYY-MM or YYYY.")
    url = url.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            errors.append("The URL must start with http:// or https://.")
    if errors:
        return None, errors
    return (
        PastedArticle(
            text=text,
            title=title.strip() or None,
            source=source.strip() or None,
            url=url or None,
            published=iso,
            language=code,
        ),
        [],
    )


# --- names -------------------------------------------------------------------


def safe_name(name: str, taken: Collection[str] = ()) -> str:
    r"""A file name that is safe to create inside a folder, keeping what can be kept.

    Base name only (after ``/`` or ``\``); Unicode NFKC (full-width slashes
    become slashes first); control and format characters (NUL, bidi overrides,
    zero-width) removed; ``<>:"/\|?*`` replaced by ``_``; whitespace runs made
    one space; no leading dot or space, no ``..``; at most ``MAX_NAME_BYTES``
    bytes in UTF-8; the extension kept and lower-cased; a name in ``taken``
    (compared case-insensitively) gets ``-2``, ``-3``... before its extension.
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    base = re.split(r"[/\\]", text)[-1]
    base = " ".join(_UNSAFE.sub("_", base).split())
    base = re.sub(r"\.{2,}", ".", base).lstrip(". ")
    stem, dot, ext = base.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(ext.lower()):
        stem, ext = base, ""
    suffix = f".{ext.lower()}" if ext else ""
    stem = stem.rstrip(". ")
    if not stem:
        stem = "upload"
    if stem.lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    used = {t.lower() for t in taken}
    n = 1
    while True:
        tag = f"-{n}" if n > 1 else ""
        room = MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))
        cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(". ") or "upload"
        candidate = f"{cut}{tag}{suffix}"
        if candidate.lower() not in used:
            return candidate
        n += 1


def display_name(name: str) -> str:
    """An untrusted name as the result table shows it: controls and bidi overrides made visible, capped.

    "evil" + U+202E + "txt.exe" would otherwise draw as "evilexe.txt".
    """
    shown = "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch).startswith("C") else ch
        for ch in unicodedata.normalize("NFC", name)
    )
    return shown if len(shown) <= MAX_DISPLAY_CHARS else shown[: MAX_DISPLAY_CHARS - 1] + "…"


# --- results -----------------------------------------------------------------


@dataclass
class FileResult:
    """What became of one uploaded file (or the pasted text)."""

    name: str  # the original name, untrusted
    saved_as: str | None = None  # the safe name in the temporary folder; None when never written
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)  # rejections, as the pipeline states them
    article_ids: list[str] = field(default_factory=list)  # ingested now
    duplicate_of: list[str] = field(default_factory=list)  # stored before
    note: str | None = None  # for metadata files: what they are for
    translation: dict[str, int] = field(default_factory=dict)  # translated / pending / failed counts

    @property
    def status(self) -> str:
        """The file's status: ingested (any article stored), duplicate (all were stored), rejected or metadata."""
        if self.ingested:
            return INGESTED
        if self.duplicates:
            return DUPLICATE
        if self.note and not self.rejected:
            return METADATA
        return REJECTED

    def reject(self, reason: str) -> None:
        """Record one rejection (the same reason twice counts once: a broken manifest is met per file)."""
        if reason not in self.reasons:
            self.reasons.append(reason)
            self.rejected += 1

    def row(self) -> dict[str, Any]:
        """One row of the result table (the name made safe to look at)."""
        translation = ", ".join(f"{k} {v}" for k, v in self.translation.items() if v)
        return {
            "file": display_name(self.name),
            "status": self.status,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "reason": "; ".join(self.reasons) or (self.note or ""),
            "translation": translation,
        }


@dataclass
class UploadReport:
    """The outcome of one upload: a result per file, and the translation step's report."""

    files: list[FileResult] = field(default_factory=list)
    translation: TranslateReport | None = None
    translation_note: str | None = None  # why translation did not run, or how it failed

    @property
    def article_ids(self) -> list[str]:
        """Every article ingested by this upload, in upload order."""
        return [a for f in self.files for a in f.article_ids]

    @property
    def duplicate_ids(self) -> list[str]:
        """The stored articles that uploaded files repeated."""
        return list(dict.fromkeys(a for f in self.files for a in f.duplicate_of))

    def rows(self) -> list[dict[str, Any]]:
        """The result table, one row per file."""
        return [f.row() for f in self.files]

    def summary(self) -> str:
        """One line for humans; holds only counts, never a name."""
        counts = {s: sum(1 for f in self.files if f.status == s) for s in (INGESTED, DUPLICATE, REJECTED)}
        line = (
            f"{len(self.article_ids)} article(s) ingested from {counts[INGESTED]} file(s); "
            f"{counts[DUPLICATE]} duplicate file(s); {counts[REJECTED]} rejected file(s)"
        )
        t = self.translation
        if t is not None and (t.done or t.pending or t.failed):
            line += f"; translated {len(t.done)}, pending {len(t.pending)}, failed {len(t.failed)}"
        return line + "."


# --- the run -----------------------------------------------------------------


class _Progress:
    """Turns per-file ingest_paths stage reports into totals for the whole upload.

    Records are counted as they are read, so the totals of ``analyse`` and
    ``store`` are estimates until the last file is read: the records seen so far
    plus one for each file not read yet (exact for single-document files).
    """

    def __init__(self, callback: ProgressCallback | None, files: int) -> None:
        self.callback = callback
        self.files = files
        self.files_done = 0
        self.base = {s: (0, 0) for s in INGEST_STAGES[1:]}
        self.current = dict(self.base)

    def emit(self, stage: str, done: int, total: int) -> None:
        """Report one stage to the caller."""
        if self.callback:
            self.callback(stage, done, total)

    def _emit_records(self, stage: str, *, reading: bool) -> None:
        base_done, base_total = self.base[stage]
        done, total = self.current[stage]
        unread = self.files - self.files_done - (1 if reading else 0)
        self.emit(stage, base_done + done, base_total + total + max(0, unread))

    def start(self) -> None:
        """Every bar at zero, before the first file."""
        self.emit("read", 0, self.files)
        for stage in self.base:
            self._emit_records(stage, reading=False)

    def stage(self, stage: str, done: int, total: int) -> None:
        """ingest_paths' on_stage for the current file."""
        if stage == "read":
            return  # counted per file in file_done: one call reads one file
        self.current[stage] = (done, total)
        self._emit_records(stage, reading=True)

    def file_done(self) -> None:
        """One more file read: fold its counts into the totals."""
        for stage, (done, total) in self.current.items():
            base_done, base_total = self.base[stage]
            self.base[stage] = (base_done + done, base_total + total)
        self.current = {s: (0, 0) for s in self.base}
        self.files_done += 1
        self.emit("read", self.files_done, self.files)
        for stage in self.base:
            self._emit_records(stage, reading=False)


def _scrub(text: str, folder: Path) -> str:
    """Drop the temporary folder's path from a message (it means nothing to the user)."""
    return text.replace(f"{folder}{os.sep}", "").replace(str(folder), "")


def _write_inside(folder: Path, name: str, data: bytes) -> Path:
    """Create ``folder/name`` with ``data``; refuse any path that would land outside ``folder``."""
    path = folder / name
    if path.resolve().parent != folder or Path(name).name != name:
        raise ValueError("file name would leave the upload folder")
    # O_EXCL|O_NOFOLLOW: never overwrite, never write through a symlink.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def _location(origin: str, path: Path) -> str:
    """'line 3: ' for 'path:3' (jsonl line, csv row), 'record 2: ' for 'path[1]' (json list); '' for the file."""
    rest = origin[len(str(path)) :] if origin.startswith(str(path)) else ""
    if rest.startswith(":") and rest[1:].isdigit():
        return f"line {rest[1:]}: "
    if rest.startswith("[") and rest.endswith("]") and rest[1:-1].isdigit():
        return f"record {int(rest[1:-1]) + 1}: "
    return ""


def _attribute(report: IngestReport, path: Path, result: FileResult, manifest: FileResult | None) -> None:
    """Fold one file's ingest report into its result (a broken manifest's line into the manifest's)."""
    result.ingested += len(report.ingested)
    result.article_ids.extend(report.ingested_ids)
    result.duplicates += len(report.duplicates)
    result.duplicate_of.extend(report.duplicate_ids)
    for rej in report.rejected:
        if manifest is not None and rej.origin == str(path.parent / MANIFEST_NAME):
            manifest.reject(_scrub(rej.reason, path.parent))
        else:
            result.reject(_location(rej.origin, path) + _scrub(rej.reason, path.parent))


def _save_all(
    uploads: Sequence[UploadLike],
    pasted: PastedArticle | None,
    folder: Path,
    limits: UploadLimits,
) -> list[tuple[FileResult, Path | None]]:
    """Check the limits and write what passes into ``folder``; every upload gets its result."""
    saved: list[tuple[FileResult, Path | None]] = []
    taken: set[str] = set()
    total = 0
    for index, upload in enumerate(uploads):
        try:
            original = str(upload.name)
        except Exception:  # noqa: BLE001 - a broken upload object is one rejected file
            original = f"upload {index + 1}"
        result = FileResult(original)
        saved.append((result, None))
        try:
            if index >= limits.max_files:
                result.reject(
                    f"over the limit of {limits.max_files} files per upload (PRESSLENS_MAX_UPLOAD_FILES); "
                    "add it in another upload"
                )
                continue
            name = safe_name(original, taken)
            ext = Path(name).suffix
            if ext not in SUPPORTED:
                kind = f"'{ext}'" if ext else "no extension"
                result.reject(f"unsupported file type ({kind}); expected one of {', '.join(sorted(SUPPORTED))}")
                continue
            data = upload.getvalue()
            if len(data) > limits.max_file_bytes:
                result.reject(
                    f"file is {_mb(len(data))}, over the {_mb(limits.max_file_bytes)} limit per file "
                    "(PRESSLENS_MAX_FILE_MB)"
                )
                continue
            if total + len(data) > limits.max_total_bytes:
                result.reject(
                    f"the upload is over its {_mb(limits.max_total_bytes)} limit for all files together "
                    "(PRESSLENS_MAX_UPLOAD_MB); add this file in another upload"
                )
                continue
            path = _write_inside(folder, name, data)
        except Exception as exc:
            log.exception("saving upload %d failed", index)
            result.reject(_scrub(f"could not be saved: {type(exc).__name__}: {exc}", folder))
            continue
        total += len(data)
        taken.add(name)
        result.saved_as = name
        saved[-1] = (result, path)
    if pasted is not None:
        result = FileResult(pasted.display_name)
        name = safe_name("pasted.json", taken)
        data = json.dumps(pasted.record(), ensure_ascii=False).encode("utf-8")
        try:
            saved.append((result, _write_inside(folder, name, data)))
            result.saved_as = name
        except Exception as exc:
            log.exception("saving the pasted article failed")
            result.reject(_scrub(f"could not be saved: {type(exc).__name__}: {exc}", folder))
            saved.append((result, None))
    return saved


def _translate(
    store: Store, settings: Settings, ids: list[str], emit: Callable[[str, int, int], None]
) -> TranslateReport:
    """translate_articles in a worker thread, its progress reported on the caller's thread."""
    lock = Lock()
    state = {"done": 0, "total": 0}

    def progress(total: int) -> Callable[[], None]:
        with lock:
            state["total"] = total

        def tick() -> None:
            with lock:
                state["done"] += 1

        return tick

    shown = (-1, -1)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload-translate") as pool:
        future = pool.submit(
            translate_articles, store, settings.translation, ids, progress=progress, actors_dir=settings.actors_dir
        )
        while True:
            try:
                report = future.result(timeout=_POLL_SECONDS)
            except FutureTimeout:
                pass
            else:
                with lock:
                    emit("translate", state["total"] or 0, state["total"] or 0)
                return report
            with lock:
                now = (state["done"], state["total"])
            if now != shown:
                emit("translate", *now)
                shown = now


def ingest_uploads(
    uploads: Sequence[UploadLike],
    store: Store,
    settings: Settings,
    *,
    pasted: PastedArticle | None = None,
    limits: UploadLimits | None = None,
    progress: ProgressCallback | None = None,
) -> UploadReport:
    """Save the uploads (and the pasted article) in a temporary folder, ingest and translate them.

    Every upload gets a :class:`FileResult`, in the order given (the pasted article
    last): a file over a limit or of an unknown type is rejected without being
    written, and neither it nor a file that crashes the pipeline stops the rest.
    Files are ingested one at a time, so that a failure (even of the store) is
    charged to the file it happened in. ``progress(stage, done, total)`` hears
    every stage of :data:`STAGES`, always from the calling thread. The
    temporary folder is gone when this returns.
    """
    limits = limits or UploadLimits.from_settings(settings)
    report = UploadReport()
    with tempfile.TemporaryDirectory(prefix="presslens-upload-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp).resolve()
        saved = _save_all(uploads, pasted, folder, limits)
        report.files = [result for result, _ in saved]
        manifests = ManifestCache()
        manifest = next((r for r, p in saved if p is not None and p.name == MANIFEST_NAME), None)
        todo = [(r, p) for r, p in saved if p is not None]
        tracker = _Progress(progress, len(todo))
        tracker.start()
        for result, path in todo:
            if path.name == MANIFEST_NAME:
                result.note = "manifest: metadata for the .txt files uploaded with it"
            elif manifests.is_translation_file(path):
                result.note = f"supplied translation named in {MANIFEST_NAME}; stored with its article"
            else:
                try:
                    one = ingest_paths([path], store, settings, on_stage=tracker.stage)
                except Exception as exc:
                    log.exception("ingesting an upload failed")
                    result.reject(_scrub(f"internal error: {type(exc).__name__}: {exc}", folder))
                else:
                    _attribute(one, path, result, manifest)
            tracker.file_done()
    ids = report.article_ids
    provider = settings.translation.provider
    if not ids:
        tracker.emit("translate", 0, 0)
    elif provider == "none":
        report.translation_note = "translation skipped (translator 'none'): run presslens translate later"
        tracker.emit("translate", 0, 0)
    else:
        try:
            report.translation = _translate(store, settings, ids, tracker.emit)
        except Exception as exc:
            # Originals are stored already: a failed translation never loses them.
            log.exception("translating uploads failed")
            report.translation_note = redact(
                f"translation failed: {type(exc).__name__}: {exc}", settings.translation.secrets()
            )
        else:
            done, t = set(report.translation.done), report.translation
            for result in report.files:
                result.translation = {
                    "translated": sum(a in done for a in result.article_ids),
                    "pending": sum(a in t.pending for a in result.article_ids),
                    "failed": sum(a in t.failed for a in result.article_ids),
                }
    return report
