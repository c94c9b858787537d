"""Translation stage: deep-translator providers made safe for a newsroom.

- Sentence-aligned: sentences are grouped into requests of at most
  ``chunk_chars`` characters, one sentence per line; a reply with a different
  number of lines is redone sentence by sentence, so every original sentence
  has its own translation.
- Cached: every translated sentence is stored under (text hash, source, target,
  provider) and never sent again, across runs and articles; within a run, two
  articles sharing a sentence send it once.
- Resilient: timeouts on every request (deep-translator has none), retries with
  exponential backoff and full jitter on timeouts, connection errors, 429 and
  5xx, a shared per-provider rate limit, bounded concurrency, and a circuit
  breaker that stops hammering a provider that is down. An article is saved
  whole or not at all; a failure leaves it ``pending`` (retry later with
  ``presslens translate``) or ``failed`` (with the reason).
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import requests
from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator, MyMemoryTranslator
from deep_translator import constants as dt_constants
from deep_translator import exceptions as dt_errors

from presslens.actors import load_actor_table
from presslens.align import join_segments
from presslens.config import TranslationSettings
from presslens.entities import locate_in_translation, name_from_translation
from presslens.http import TimeoutRequests, install
from presslens.models import Segment, Sentence, Translation
from presslens.store import Store

log = logging.getLogger(__name__)

# Hard per-request limits of the providers (characters); chunks stay well under.
# Google rejects 5,000 and up, and users report failures far below: 1,500 default.
PROVIDER_MAX_CHARS = {"google": 4999, "mymemory": 499, "deepl": 100_000, "libre": 100_000}
MYMEMORY_CHUNK = 450


class TranslationError(Exception):
    """A translation attempt that did not succeed; ``retryable`` decides pending vs failed."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class TextTranslator(Protocol):
    """What deep-translator's classes offer and PressLens uses."""

    def translate(self, text: str, **kwargs: Any) -> Any:
        """Translate one text."""


def redact(message: str, secrets: Iterable[str]) -> str:
    """Drop secrets and URL query strings (which carry keys and text) from a message."""
    message = re.sub(r"(https?://[^\s?'\"]+)\?[^\s'\"]*", r"\1?…", message)
    for secret in secrets:
        message = message.replace(secret, "***")
    return message


def text_hash(text: str) -> str:
    """Cache key of a segment's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- provider clients --------------------------------------------------------


_GOOGLE_SPECIAL = {"he": "iw", "zh": "zh-CN", "jv": "jw"}
# MyMemory wants locale codes; the main locale of each language.
_MYMEMORY_PREFERRED = {"en": "en-GB", "pt": "pt-PT", "zh": "zh-CN", "ar": "ar-SA", "es": "es-ES"}


def provider_code(provider: str, code: str) -> str | None:
    """The provider's name for an ISO 639-1 code, or None when it has none."""
    if code == "auto":
        return code
    languages = {
        "google": dt_constants.GOOGLE_LANGUAGES_TO_CODES,
        "deepl": dt_constants.DEEPL_LANGUAGE_TO_CODE,
        "mymemory": dt_constants.MY_MEMORY_LANGUAGES_TO_CODES,
    }.get(provider)
    if languages is None:
        return code  # libre: the (self-hosted) server knows its own languages
    values = set(languages.values())
    if provider == "google" and code in _GOOGLE_SPECIAL:
        return _GOOGLE_SPECIAL[code]
    if code in values:
        return code
    if provider == "mymemory":
        for candidate in (_MYMEMORY_PREFERRED.get(code), f"{code}-{code.upper()}"):
            if candidate in values:
                return candidate
        return next((v for v in sorted(values) if v.startswith(code + "-")), None)
    return None


def make_translator(settings: TranslationSettings, source: str) -> TextTranslator:
    """A deep-translator client for ``settings.provider`` translating from ``source``."""
    provider = settings.provider
    src, target = provider_code(provider, source), provider_code(provider, settings.target)
    if src is None or target is None:
        missing = source if src is None else settings.target
        raise TranslationError(f"{provider} does not translate {missing!r}", retryable=False)
    if provider == "google":
        client: Any = GoogleTranslator(source=src, target=target)
    elif provider == "libre":
        if not settings.libre_url:
            raise TranslationError("libre needs PRESSLENS_LIBRE_URL (the server's base URL)", retryable=False)
        url = settings.libre_url.rstrip("/") + "/"
        # deep-translator insists on a key; a self-hosted server without keys ignores a dummy.
        client = LibreTranslator(source="en", target="es", api_key=settings.libre_key or "-", custom_url=url)
        # Its language list is years old (no uk, he, fa...): the server itself decides.
        client._source, client._target = src, target
    elif provider == "deepl":
        if not settings.deepl_key:
            raise TranslationError("deepl needs PRESSLENS_DEEPL_KEY", retryable=False)
        client = DeeplTranslator(
            source=src, target=target, api_key=settings.deepl_key, use_free_api=settings.deepl_key.endswith(":fx")
        )
    elif provider == "mymemory":
        client = MyMemoryTranslator(source=src, target=target, email=settings.mymemory_email)
    else:
        raise TranslationError(f"no translation provider {provider!r}", retryable=False)
    if settings.base_url:
        client._base_url = settings.base_url  # the only way to point these at a stub (tests)
    return client  # type: ignore[no-any-return]


def chunk_limit(settings: TranslationSettings) -> int:
    """Most characters per request for the configured provider."""
    if settings.provider == "mymemory":
        return min(settings.chunk_chars, MYMEMORY_CHUNK)
    return min(settings.chunk_chars, PROVIDER_MAX_CHARS.get(settings.provider, settings.chunk_chars))


class RateLimiter:
    """At most ``rate`` acquisitions per second across threads (evenly spaced)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Block until the next slot."""
        with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            time.sleep(wait)


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failed requests; any success closes it."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.failures = 0
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        """Whether the provider is taken as down for the rest of the run."""
        return self.failures >= self.threshold

    def record(self, ok: bool) -> None:
        """Count a request's outcome."""
        with self._lock:
            self.failures = 0 if ok else self.failures + 1


def _classify(exc: BaseException, status: int | None) -> tuple[bool, str]:
    """(retryable, reason) for an exception raised by a deep-translator call."""
    if isinstance(exc, requests.exceptions.Timeout):
        return True, "timed out"
    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return True, f"connection failed ({type(exc).__name__})"
    if isinstance(exc, dt_errors.TooManyRequests):
        return True, "rate limited by the provider (HTTP 429)"
    if isinstance(exc, dt_errors.AuthorizationException) or status in (401, 403):
        return False, f"the provider refused the API key (HTTP {status or 403})"
    if isinstance(exc, dt_errors.LanguageNotSupportedException | dt_errors.InvalidSourceOrTargetLanguage):
        return False, f"language not supported by the provider: {exc}"
    if isinstance(exc, dt_errors.NotValidLength | dt_errors.NotValidPayload):
        return False, f"text rejected by the client: {exc}"
    if isinstance(exc, dt_errors.ServerException | dt_errors.RequestError):
        if status is not None and (status == 429 or status == 408 or status >= 500):
            return True, f"provider error (HTTP {status})"
        if status is not None and 400 <= status < 500:
            return False, f"provider rejected the request (HTTP {status})"
        return True, f"provider error ({exc})"
    if isinstance(exc, dt_errors.TranslationNotFound | ValueError | KeyError | TypeError | AttributeError):
        # Empty or malformed bodies: usually a proxy or an overloaded server.
        return True, f"provider sent no usable translation ({type(exc).__name__})"
    return True, f"{type(exc).__name__}: {exc}"


@dataclass
class Counters:
    """What a run did, for summaries and tests."""

    requests: int = 0
    chunks: int = 0
    sentence_fallbacks: int = 0
    cached: int = 0
    sent_segments: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw: int) -> None:
        """Increment counters thread-safely."""
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


class ProviderClient:
    """One provider for one run: rate limit, retries, breaker, timeouts."""

    def __init__(self, settings: TranslationSettings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.http: TimeoutRequests = install(settings.connect_timeout, settings.read_timeout)
        self.limiter = RateLimiter(settings.rate)
        self.breaker = CircuitBreaker(settings.breaker_failures)
        self.counters = Counters()
        self._sleep = sleep
        self._clients: dict[tuple[int, str], TextTranslator] = {}
        self._rng = random.Random()

    def _client(self, source: str) -> TextTranslator:
        key = (threading.get_ident(), source)
        client = self._clients.get(key)
        if client is None:
            try:
                client = self._clients[key] = make_translator(self.settings, source)
            except (dt_errors.LanguageNotSupportedException, dt_errors.InvalidSourceOrTargetLanguage) as exc:
                raise TranslationError(
                    f"{self.settings.provider} does not translate from {source!r}", retryable=False
                ) from exc
        return client

    def translate(self, text: str, source: str) -> str:
        """Translate one request's text, retrying what is worth retrying."""
        attempts = self.settings.retries + 1
        reason = "not attempted"
        for attempt in range(attempts):
            if self.breaker.open:
                raise TranslationError(
                    f"{self.settings.provider} unavailable: skipped after {self.breaker.failures} consecutive "
                    f"failures (last: {reason})",
                    retryable=True,
                )
            self.limiter.acquire()
            self.counters.add(requests=1)
            try:
                result = self._client(source).translate(text)
                if not isinstance(result, str) or (not result.strip() and text.strip()):
                    raise dt_errors.TranslationNotFound(text[:40])
            except TranslationError:
                raise
            except Exception as exc:
                retryable, reason = _classify(exc, self.http.last_status)
                reason = redact(reason, self.settings.secrets())
                if not retryable:  # the same answer every time: no retry, and no sign the provider is down
                    raise TranslationError(reason, retryable=False) from exc
                self.breaker.record(ok=False)
                if attempt + 1 < attempts:
                    cap = min(self.settings.max_backoff_seconds, self.settings.backoff_seconds * 2**attempt)
                    self._sleep(self._rng.uniform(0, cap))  # full jitter
                continue
            self.breaker.record(ok=True)
            return result
        raise TranslationError(f"{reason}, {attempts} attempts", retryable=True)


# --- segments, chunks and the cache ------------------------------------------


class InFlight:
    """Segments being translated right now, so concurrent articles send each once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[str, threading.Event] = {}

    def claim(self, keys: list[str]) -> tuple[list[str], list[threading.Event]]:
        """Split ``keys`` into those this caller must send and events to wait for."""
        mine: list[str] = []
        waits: list[threading.Event] = []
        with self._lock:
            for key in keys:
                if key in self._events:
                    waits.append(self._events[key])
                else:
                    self._events[key] = threading.Event()
                    mine.append(key)
        return mine, waits

    def release(self, keys: list[str]) -> None:
        """Mark these keys finished (translated or not)."""
        with self._lock:
            for key in keys:
                event = self._events.pop(key, None)
                if event:
                    event.set()


def pack_chunks(texts: list[str], limit: int) -> list[list[str]]:
    """Group texts in order into chunks of at most ``limit`` characters (joined by newlines)."""
    chunks: list[list[str]] = []
    size = 0
    for text in texts:
        if chunks and size + 1 + len(text) <= limit:
            chunks[-1].append(text)
            size += 1 + len(text)
        else:
            chunks.append([text])
            size = len(text)
    return chunks


def split_long(text: str, limit: int) -> list[str]:
    """Cut a text longer than ``limit`` at clause or word boundaries."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(": "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        pieces.append(rest[: cut + 1].strip())
        rest = rest[cut + 1 :].strip()
    if rest:
        pieces.append(rest)
    return pieces


class SegmentTranslator:
    """Translate lists of segments for one provider and target, through the cache."""

    def __init__(self, store: Store, client: ProviderClient) -> None:
        self.store = store
        self.client = client
        self.settings = client.settings
        self.limit = chunk_limit(self.settings)
        self.inflight = InFlight()

    def _send(self, texts: list[str], source: str) -> dict[str, str]:
        """Translate distinct texts (chunked); return {hash: translation}, caching as it goes."""
        provider, target = self.settings.provider, self.settings.target
        out: dict[str, str] = {}
        short = [t for t in texts if len(t) <= self.limit]
        for chunk in pack_chunks(short, self.limit):
            self.client.counters.add(chunks=1)
            reply = self.client.translate("\n".join(chunk), source)
            lines = [line.strip() for line in reply.split("\n") if line.strip()]
            if len(lines) == len(chunk):
                got = {text_hash(t): tr for t, tr in zip(chunk, lines, strict=True)}
            else:
                # The provider merged or split lines: redo this chunk sentence by sentence.
                self.client.counters.add(sentence_fallbacks=len(chunk))
                got = {text_hash(t): self.client.translate(t, source).replace("\n", " ").strip() for t in chunk}
            self.store.cache_put(provider, source, target, got)  # paid for: keep it even if a later chunk fails
            out.update(got)
        for text in texts:
            if len(text) > self.limit:
                pieces = [self.client.translate(p, source) for p in split_long(text, self.limit)]
                got = {text_hash(text): " ".join(p.replace("\n", " ").strip() for p in pieces)}
                self.store.cache_put(provider, source, target, got)
                out.update(got)
        self.client.counters.add(sent_segments=len(out))
        return out

    def translate(self, texts: list[str], source: str) -> tuple[list[str], dict[str, int]]:
        """Translations of ``texts`` in order, and counts of cached vs sent segments."""
        provider, target = self.settings.provider, self.settings.target
        hashes = [text_hash(t) for t in texts]
        by_hash = dict(zip(hashes, texts, strict=True))
        known = self.store.cache_get(provider, source, target, list(by_hash))
        cached = len(known)
        missing = [h for h in by_hash if h not in known]
        mine, waits = self.inflight.claim(missing)
        try:
            if mine:
                known.update(self._send([by_hash[h] for h in mine], source))
        finally:
            self.inflight.release(mine)
        for event in waits:
            event.wait()
        still = [h for h in missing if h not in known]
        if still:
            known.update(self.store.cache_get(provider, source, target, still))
            if any(h not in known for h in still):
                raise TranslationError("a shared sentence failed in another article; retry", retryable=True)
        self.client.counters.add(cached=cached)
        return [known[h] for h in hashes], {"cached": cached, "sent": len(mine)}


# --- articles ----------------------------------------------------------------


def translate_article(
    store: Store, segments: SegmentTranslator, article_id: str, actors_dir: Path | None = None
) -> Translation:
    """Translate one stored article and save it whole; on failure record why and re-raise."""
    settings = segments.settings
    stored = store.get_articles([article_id])
    if not stored:
        raise TranslationError(f"article {article_id} is not in the store", retryable=False)
    article = stored[0]
    row = article.row
    source = row["language"]
    provider = settings.provider
    try:
        if source == "und":
            if provider not in ("google", "libre"):
                raise TranslationError(f"source language unknown and {provider} cannot detect it", retryable=False)
            source = "auto"
        sentences: list[Sentence] = article.sentences
        texts = [row["text"][s.start : s.end] for s in sentences]
        title = row["title"] or ""
        translated, counts = segments.translate([*texts, title] if title else texts, source)
        title_tr = translated.pop() if title else None
        segs = [Segment(s.idx, s.idx, t) for s, t in zip(sentences, translated, strict=True)]
        result = Translation(
            language=settings.target,
            provider=provider,
            status="done",
            text=join_segments(segs, sentences),
            title=title_tr,
            segments=segs,
            chunking={
                "unit": "sentence",
                "max_chars": segments.limit,
                "segments": len(texts) + (1 if title else 0),
                "cached": counts["cached"],
                "sent": counts["sent"],
                "translated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
        table = load_actor_table(actors_dir) if actors_dir else load_actor_table()
        stored_entities = store.article_entities(article_id)
        # Organizations found as written take their English name from the new translation.
        named = name_from_translation(stored_entities, segs, table, row["language"], settings.target)
        located = locate_in_translation(segs, named, table, settings.target)
        store.save_translation(article_id, result, located)
        if named is not stored_entities:
            store.save_entities(article_id, named, located, settings.target)
        return result
    except TranslationError as exc:
        status = "pending" if exc.retryable else "failed"
        store.mark_translation(article_id, settings.target, status=status, provider=provider, error=str(exc))
        raise


@dataclass
class TranslateReport:
    """Outcome of a translation run."""

    done: list[str] = field(default_factory=list)
    pending: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    counters: Counters = field(default_factory=Counters)

    def summary(self) -> str:
        """One line for humans."""
        c = self.counters
        return (
            f"translated {len(self.done)}, pending {len(self.pending)}, failed {len(self.failed)} "
            f"({c.requests} requests, {c.sent_segments} segments sent, {c.cached} from cache)"
        )


def translate_articles(
    store: Store,
    settings: TranslationSettings,
    ids: list[str] | None = None,
    *,
    retry_failed: bool = False,
    progress: Callable[[int], Callable[[], None]] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    actors_dir: Path | None = None,
) -> TranslateReport:
    """Translate the given articles (default: every pending one) with bounded concurrency."""
    report = TranslateReport()
    statuses = ("pending", "failed") if retry_failed else ("pending",)
    queue = store.translation_queue(settings.target, statuses)
    if ids is not None:
        wanted = set(ids)
        queue = [i for i in queue if i in wanted]
    if settings.provider == "none" or not queue:
        return report
    client = ProviderClient(settings, sleep=sleep)
    report.counters = client.counters
    segments = SegmentTranslator(store, client)
    tick = progress(len(queue)) if progress else None

    def work(article_id: str) -> None:
        try:
            translate_article(store, segments, article_id, actors_dir)
            report.done.append(article_id)
        except TranslationError as exc:
            (report.pending if exc.retryable else report.failed)[article_id] = str(exc)
        except Exception as exc:
            log.exception("translating %s failed", article_id)
            reason = redact(f"internal error: {type(exc).__name__}: {exc}", settings.secrets())
            store.mark_translation(
                article_id, settings.target, status="pending", provider=settings.provider, error=reason
            )
            report.pending[article_id] = reason
        finally:
            if tick:
                tick()

    with ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="translate") as pool:
        list(pool.map(work, queue))
    return report
