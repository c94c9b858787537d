"""Settings in one place: documented defaults, overridden by environment variables.

Every setting is listed in ``SETTINGS_DOC`` (the README table is checked against it
by a test), read once by :func:`load_settings`, and passed around as an immutable
object, so tests build their own instead of mutating a global.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
DEFAULT_DB_PATH = DATA_DIR / "presslens.db"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
TRANSLATORS = ("google", "deepl", "libre", "mymemory", "none")
# Requests per second per provider, all threads together: polite to the free
# public endpoints, faster for the paid API and a self-hosted server.
DEFAULT_RATES = {"google": 5.0, "mymemory": 2.0, "deepl": 10.0, "libre": 20.0}

# The languages the detector may answer with. Restricting py3langid to a set keeps
# it fast and stops it from picking rare look-alikes (e.g. Italian snippets as
# Latin or Galician); the list covers the newsrooms' working languages.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "it",
    "de",
    "en",
    "fr",
    "es",
    "pt",
    "nl",
    "pl",
    "ru",
    "uk",
    "tr",
    "ko",
    "zh",
    "ja",
    "ar",
    "fa",
    "he",
)

SETTINGS_DOC: dict[str, str] = {
    "PRESSLENS_DB": "Store URL (any SQLAlchemy URL) or SQLite file path. Default: data/presslens.db",
    "PRESSLENS_LANGUAGES": "Comma-separated ISO 639-1 codes the language detector "
    "may choose from. Default: " + ",".join(DEFAULT_LANGUAGES),
    "PRESSLENS_MIN_LANG_CONFIDENCE": "Detector probability below which the "
    "language is `und` (undetermined). Default: 0.60",
    "PRESSLENS_MAX_FILE_MB": "Largest single-document input file (txt, md, html, "
    "json) and largest single record in jsonl/csv, in MB. Larger inputs are "
    "rejected with a message; jsonl/csv files are streamed, so their total size "
    "is not limited. Default: 10",
    "PRESSLENS_MAX_UPLOAD_FILES": "Most files one upload on the dashboard's Add articles page takes; "
    "the rest are rejected, each with its own line. Default: 200",
    "PRESSLENS_MAX_UPLOAD_MB": "Most megabytes one upload on the Add articles page takes, all files "
    "together (each file is also held to PRESSLENS_MAX_FILE_MB). Above 50 also raise server.maxUploadSize "
    "in .streamlit/config.toml. Default: 50",
    "PRESSLENS_TRANSLATOR": "Translation provider: google (no key), deepl, libre, mymemory or none. Default: google",
    "PRESSLENS_TARGET_LANGUAGE": "Language translations are made into (ISO 639-1). Default: en",
    "PRESSLENS_LIBRE_URL": "Base URL of a (self-hosted) LibreTranslate server, for material that must "
    "not leave the building. Required for libre",
    "PRESSLENS_LIBRE_KEY": "LibreTranslate API key, if the server wants one (secret)",
    "PRESSLENS_DEEPL_KEY": "DeepL API key (secret); keys ending in :fx use DeepL's free API",
    "PRESSLENS_MYMEMORY_EMAIL": "E-mail sent to MyMemory for its higher free quota (optional)",
    "PRESSLENS_TRANSLATE_CONCURRENCY": "Articles translated at once (threads). Default: 4",
    "PRESSLENS_TRANSLATE_RATE": "Most requests per second sent to the provider, all threads together. "
    "Default: google 5, mymemory 2, deepl 10, libre 20",
    "PRESSLENS_TRANSLATE_TIMEOUT": "Read timeout per request in seconds (connect timeout: 5 s). Default: 30",
    "PRESSLENS_TRANSLATE_RETRIES": "Retries of a request after a timeout, connection error, 429 or 5xx, "
    "with exponential backoff and jitter. Default: 4",
    "PRESSLENS_SPACY_MODELS": "Statistical spaCy pipelines to use for entities when installed, as "
    "lang=package pairs, e.g. it=it_core_news_lg,fr=fr_core_news_sm. Default: none (table + name finder)",
    "PRESSLENS_ACTORS_DIR": "Folder of the actor knowledge base (YAML). Default: data/actors",
    "PRESSLENS_CHUNK_CHARS": "Most characters per request; sentences are grouped up to this size "
    "(MyMemory is capped at 450). Default: 1500",
    "PRESSLENS_CACHE_DIR": "Folder for the actor table as read from its files and the entity matchers built "
    "from it (rebuilt when the table, the code or spaCy changes), so a new process skips most of its start; "
    "off to disable. "
    "Default: $XDG_CACHE_HOME/presslens or ~/.cache/presslens",
}


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """Where built matchers are kept between processes (PRESSLENS_CACHE_DIR); None when off."""
    env = os.environ if env is None else env
    value = env.get("PRESSLENS_CACHE_DIR", "").strip()
    if value.lower() in ("off", "none", "0", "false"):
        return None
    if value:
        return Path(value).expanduser()
    base = env.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "presslens"


# Secrets may also come from .streamlit/secrets.toml (top level or a [presslens]
# table), for the dashboard's "add articles" page. The environment wins.
SECRET_NAMES = ("PRESSLENS_LIBRE_KEY", "PRESSLENS_DEEPL_KEY")


@dataclass(frozen=True)
class TranslationSettings:
    """How and where articles are translated. Keys are kept out of repr()."""

    provider: str = "google"
    target: str = "en"
    libre_url: str | None = None
    libre_key: str | None = field(default=None, repr=False)
    deepl_key: str | None = field(default=None, repr=False)
    mymemory_email: str | None = field(default=None, repr=False)
    concurrency: int = 4
    rate_per_second: float | None = None  # None: the provider's default (DEFAULT_RATES)
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 4
    backoff_seconds: float = 0.5  # first retry waits up to this, doubling each time
    max_backoff_seconds: float = 8.0
    chunk_chars: int = 1500
    # Consecutive failed requests after which a provider is taken as down for
    # the rest of the run (everything left stays pending): with no network a
    # batch must finish in seconds, not hours of retries.
    breaker_failures: int = 3
    # Tests point Google, DeepL and MyMemory at a local stub through this.
    base_url: str | None = None

    @property
    def rate(self) -> float:
        """Requests per second allowed to the provider."""
        return self.rate_per_second or DEFAULT_RATES.get(self.provider, 5.0)

    def secrets(self) -> tuple[str, ...]:
        """Secret values, for scrubbing them out of any message."""
        return tuple(s for s in (self.libre_key, self.deepl_key, self.mymemory_email) if s)


@dataclass(frozen=True)
class Settings:
    """Pipeline settings; build with :func:`load_settings` or directly in tests."""

    db_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    min_lang_confidence: float = 0.60
    max_file_bytes: int = 10 * 1024 * 1024
    # The dashboard's upload page: files per upload and bytes per upload (all files
    # together). Uploads are held in memory by Streamlit, hence a total cap; 200
    # files is a reporter's folder of a week's cuttings.
    max_upload_files: int = 200
    max_upload_bytes: int = 50 * 1024 * 1024
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    # Statistical spaCy pipelines by language, used when installed ("fr": "fr_core_news_sm").
    spacy_models: Mapping[str, str] = field(default_factory=dict)
    actors_dir: Path = DATA_DIR / "actors"

    def with_db(self, db: str | None) -> Settings:
        """Return a copy that uses ``db`` (URL or file path) when given."""
        return self if not db else replace(self, db_url=db_url_from(db))


def db_url_from(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number") from exc


def read_secrets(path: Path = SECRETS_PATH) -> dict[str, str]:
    """PressLens settings from a Streamlit secrets file, if there is one."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from exc
    table = {**data, **data.get("presslens", {})}
    return {k: str(v) for k, v in table.items() if k.startswith("PRESSLENS_") and not isinstance(v, dict)}


def _spacy_models(value: str) -> dict[str, str]:
    models: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in value.split(","))):
        lang, sep, package = pair.partition("=")
        if not sep or len(lang.strip()) != 2 or not package.strip():
            raise ValueError(f"PRESSLENS_SPACY_MODELS: {pair!r} is not lang=package (e.g. fr=fr_core_news_sm)")
        models[lang.strip().lower()] = package.strip()
    return models


def _translation_settings(env: Mapping[str, str]) -> TranslationSettings:
    provider = (env.get("PRESSLENS_TRANSLATOR") or "google").strip().lower()
    if provider not in TRANSLATORS:
        raise ValueError(f"PRESSLENS_TRANSLATOR={provider!r}: expected one of {', '.join(TRANSLATORS)}")
    target = (env.get("PRESSLENS_TARGET_LANGUAGE") or "en").strip().lower()
    if len(target) != 2 or not target.isalpha():
        raise ValueError(f"PRESSLENS_TARGET_LANGUAGE={target!r} is not an ISO 639-1 code")
    concurrency = int(_float(env, "PRESSLENS_TRANSLATE_CONCURRENCY", 4))
    retries = int(_float(env, "PRESSLENS_TRANSLATE_RETRIES", 4))
    chunk = int(_float(env, "PRESSLENS_CHUNK_CHARS", 1500))
    rate = _float(env, "PRESSLENS_TRANSLATE_RATE", 0.0) or None
    timeout = _float(env, "PRESSLENS_TRANSLATE_TIMEOUT", 30.0)
    if concurrency < 1 or retries < 0 or chunk < 50 or (rate is not None and rate < 0) or timeout <= 0:
        raise ValueError(
            "translation settings out of range: concurrency >= 1, retries >= 0, "
            "chunk chars >= 50, rate > 0, timeout > 0"
        )
    return TranslationSettings(
        provider=provider,
        target=target,
        libre_url=env.get("PRESSLENS_LIBRE_URL") or None,
        libre_key=env.get("PRESSLENS_LIBRE_KEY") or None,
        deepl_key=env.get("PRESSLENS_DEEPL_KEY") or None,
        mymemory_email=env.get("PRESSLENS_MYMEMORY_EMAIL") or None,
        concurrency=concurrency,
        rate_per_second=rate,
        read_timeout=timeout,
        retries=retries,
        chunk_chars=chunk,
    )


def load_settings(env: Mapping[str, str] | None = None, secrets_path: Path | None = SECRETS_PATH) -> Settings:
    """Read settings from the environment (or the mapping given), with defaults.

    Values in ``.streamlit/secrets.toml`` fill in what the environment leaves unset.
    """
    env = os.environ if env is None else env
    if secrets_path is not None:
        env = {**read_secrets(secrets_path), **env}
    kwargs: dict[str, object] = {}
    if env.get("PRESSLENS_DB"):
        kwargs["db_url"] = db_url_from(env["PRESSLENS_DB"])
    if env.get("PRESSLENS_LANGUAGES"):
        langs = tuple(code.strip().lower() for code in env["PRESSLENS_LANGUAGES"].split(",") if code.strip())
        bad = [c for c in langs if len(c) != 2 or not c.isalpha()]
        if bad:
            raise ValueError(f"PRESSLENS_LANGUAGES: not ISO 639-1 codes: {', '.join(bad)}")
        kwargs["languages"] = langs
    kwargs["min_lang_confidence"] = _float(env, "PRESSLENS_MIN_LANG_CONFIDENCE", 0.60)
    max_mb = _float(env, "PRESSLENS_MAX_FILE_MB", 10.0)
    if max_mb <= 0:
        raise ValueError("PRESSLENS_MAX_FILE_MB must be positive")
    kwargs["max_file_bytes"] = int(max_mb * 1024 * 1024)
    upload_files = _float(env, "PRESSLENS_MAX_UPLOAD_FILES", 200)
    upload_mb = _float(env, "PRESSLENS_MAX_UPLOAD_MB", 50.0)
    if upload_files < 1 or upload_mb <= 0:
        raise ValueError("PRESSLENS_MAX_UPLOAD_FILES must be at least 1 and PRESSLENS_MAX_UPLOAD_MB positive")
    kwargs["max_upload_files"] = int(upload_files)
    kwargs["max_upload_bytes"] = int(upload_mb * 1024 * 1024)
    kwargs["translation"] = _translation_settings(env)
    kwargs["spacy_models"] = _spacy_models(env.get("PRESSLENS_SPACY_MODELS", ""))
    if env.get("PRESSLENS_ACTORS_DIR"):
        kwargs["actors_dir"] = Path(env["PRESSLENS_ACTORS_DIR"]).expanduser().resolve()
    return Settings(**kwargs)  # type: ignore[arg-type]
