"""Export: contract records, CSV, translation object, atomic files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.export import CSV_COLUMNS, export_to_file, iter_records, write_records
from presslens.models import RawRecord
from presslens.pipeline import process_record
from presslens.store import Store

IT = (
    "Titolo italiano\n"
    "Il ministro degli Esteri ha incontrato ieri a Mosca il suo omologo russo per discutere della crisi."
)
EN = "English title\nThe foreign minister met his Russian counterpart in Moscow yesterday to discuss the crisis."


def add(store: Store, text: str, **kw: str) -> None:
    assert store.add_article(process_record(RawRecord(text=text, origin="t", infer_title=True, **kw), Settings()))


def test_translation_object(store: Store) -> None:
    add(store, IT, published="2024-11-02", source="Test", url="https://example.org/a")
    add(store, EN)
    add(store, IT.replace("ieri", "oggi"), translation="The foreign minister met ... today.")
    by_title = {}
    for r in iter_records(store):
        by_title.setdefault(r["title"], []).append(r)
    it_plain, it_supplied = sorted(by_title["Titolo italiano"], key=lambda r: r["translation"]["provider"])
    core = {k: it_plain["translation"][k] for k in ("language", "text", "provider", "status")}
    assert core == {"language": "en", "text": "", "provider": "none", "status": "pending"}
    assert it_supplied["translation"]["provider"] == "supplied"
    assert it_supplied["translation"]["status"] == "done"
    en = by_title["English title"][0]
    assert en["translation"]["status"] == "done" and en["translation"]["text"] == en["text"]
    assert it_plain["published"] == "2024-11-02" and it_plain["url"] == "https://example.org/a"


def test_csv_round_trip(store: Store) -> None:
    add(store, IT + '\nUna riga con "virgolette", virgole; e\ttab.')
    buf = io.StringIO()
    assert write_records(iter_records(store), buf, "csv") == 1
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert '"virgolette", virgole;' in rows[0]["text"]
    entities = json.loads(rows[0]["entities"])
    assert {(e["type"], e["name"]) for e in entities} >= {("location", "Mosca")}  # "a Mosca": the city
    assert rows[0]["translation_status"] == "pending"


def test_unknown_format(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        write_records(iter_records(store), io.StringIO(), "xml")


def test_export_file_is_atomic(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add(store, IT)
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")

    def boom(*_args: object, **_kw: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("presslens.export.write_records", boom)
    with pytest.raises(RuntimeError):
        export_to_file(store, out, "jsonl")
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    monkeypatch.undo()
    assert export_to_file(store, out, "jsonl") == 1
    assert json.loads(out.read_text())["title"] == "Titolo italiano"
