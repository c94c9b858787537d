"""Settings in one place: documented defaults, overridden by environment variables.

Every setting is listed in ``SETTINGS_DOC`` (the README table is checked against it
by a test), read once by :func:`load_settings`, and passed around as an immutable
object, so tests build their own instead of mutating a global.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
DEFAULT_DB_PATH = DATA_DIR / "presslens.db"

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
}


@dataclass(frozen=True)
class Settings:
    """Pipeline settings; build with :func:`load_settings` or directly in tests."""

    db_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    min_lang_confidence: float = 0.60
    max_file_bytes: int = 10 * 1024 * 1024

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


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the environment (or the mapping given), with defaults."""
    env = os.environ if env is None else env
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
    return Settings(**kwargs)  # type: ignore[arg-type]
