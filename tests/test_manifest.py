"""Manifests: metadata for .txt files, and translation files that are not articles."""

from __future__ import annotations

import json
from pathlib import Path

from presslens.config import Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store


def test_manifest_translation_files_are_not_articles(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Titolo\nIl ministro degli Esteri ha incontrato ieri a Mosca il suo omologo russo.", encoding="utf-8"
    )
    (folder / "a.en.txt").write_text(
        "Title\nThe foreign minister met his Russian counterpart in Moscow yesterday.", encoding="utf-8"
    )
    (folder / "manifest.json").write_text(
        json.dumps([{"file": "a.txt", "translation_file": "a.en.txt", "language": "it"}]), encoding="utf-8"
    )
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    report = ingest_paths([folder], store, Settings())
    assert report.ingested == [str(folder / "a.txt")] and not report.rejected
    article = store.get_articles(report.ingested_ids)[0]
    assert article.translation is not None and article.translation["provider"] == "supplied"
    assert article.translation["title"] == "Title"
    store.close()
