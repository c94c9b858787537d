"""The bundled sample corpus: build the default store from it on first run."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from presslens.config import DEFAULT_DB_PATH, SAMPLE_DIR, Settings
from presslens.store import Store

if TYPE_CHECKING:  # the pipeline (spaCy, language id) loads only when the sample is built
    from presslens.pipeline import IngestReport

log = logging.getLogger(__name__)


def ensure_store(settings: Settings) -> Store:
    """Open the configured store; on first run of the default store, fill it with the sample.

    Only the default store (data/presslens.db) is seeded, and only when the file
    does not exist yet: a store a user created or emptied is never touched.
    """
    default = settings.db_url == f"sqlite:///{DEFAULT_DB_PATH}"
    path = Path(DEFAULT_DB_PATH)
    # A zero-byte file is no store (an interrupted first run, or an SQLite client that
    # only opened the path): build the sample into it too.
    first_run = default and (not path.exists() or path.stat().st_size == 0)
    store = Store(settings.db_url)
    if first_run:
        report = build_sample(store, settings)
        log.info("sample store built: %s", report.summary())
    return store


def build_sample(store: Store, settings: Settings) -> IngestReport:
    """Ingest the bundled sample corpus into ``store``."""
    from presslens.pipeline import ingest_paths

    return ingest_paths([SAMPLE_DIR], store, settings)
