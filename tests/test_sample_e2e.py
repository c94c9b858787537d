"""End to end on the bundled sample, through the CLI as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from presslens.config import SAMPLE_DIR, Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store
from tests.conftest import SHARED_SEEDS, run_cli

# The chrome the issue lists, as it appears in the seeds.
SEED_CHROME = [
    'Press "Enter" to skip to content',
    "Be First to Comment",
    "Lascia un commento",
    "Il tuo indirizzo email non sarà pubblicato",
    "I campi obbligatori sono contrassegnati",
    "Questo sito usa Akismet",
    "Mission News Theme by Compete Themes",
    "Related News",
    "Themen:",
    "#Energie",
    "DayFR Italian",
]


ORIGINALS = sorted(p for p in SAMPLE_DIR.glob("*.txt") if not p.name.endswith(".en.txt"))


def seed_paragraphs(path: Path) -> list[str]:
    """Real paragraphs of a seed: every line long enough to be prose, minus known chrome."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 60 and not any(c in line for c in SEED_CHROME)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    db = tmp_path_factory.mktemp("e2e") / "sample.db"
    result = run_cli("ingest", str(SAMPLE_DIR), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "ingested 5, duplicates 0, rejected 0"
    out = run_cli("export", "--db", str(db))
    assert out.returncode == 0, out.stderr
    return db, [json.loads(line) for line in out.stdout.splitlines()]


def test_sample_matches_the_shared_seeds() -> None:
    """The sample is the seeds, byte for byte, plus a translation_file per manifest entry."""
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds not beside this checkout")
    for seed in SHARED_SEEDS.glob("*.txt"):
        assert (SAMPLE_DIR / seed.name).read_bytes() == seed.read_bytes()
    ours = json.loads((SAMPLE_DIR / "manifest.json").read_text(encoding="utf-8"))["articles"]
    theirs = json.loads((SHARED_SEEDS / "manifest.json").read_text(encoding="utf-8"))["articles"]
    assert [{k: v for k, v in a.items() if k != "translation_file"} for a in ours] == theirs
    for entry in ours:
        assert (SAMPLE_DIR / entry["translation_file"]).is_file()


def test_sample_shows_supplied_translations(exported: tuple[Path, list[dict[str, object]]]) -> None:
    db, records = exported
    for r in records:
        tr = r["translation"]
        assert isinstance(tr, dict)
        assert (tr["provider"], tr["status"], tr["language"]) == ("supplied", "done", "en")
        assert tr["chunking"] == {"alignment": "sentence"}
        assert tr["title"] and tr["text"]
    store = Store(f"sqlite:///{db}")
    for article in store.iter_articles():
        segments = store.translation_segments(article.row["id"], "en")
        assert [(g.first_idx, g.last_idx) for g in segments] == [(s.idx, s.idx) for s in article.sentences]
    store.close()
    by_title = {r["translation"]["title"]: r for r in records}  # type: ignore[index]
    assert "Military alliance between Russia and North Korea" in "".join(by_title)


def test_five_records_four_italian_one_german(exported: tuple[Path, list[dict[str, object]]]) -> None:
    _, records = exported
    assert len(records) == 5
    assert sorted(r["language"] for r in records) == ["de", "it", "it", "it", "it"]


def test_export_contract_shape(exported: tuple[Path, list[dict[str, object]]]) -> None:
    _, records = exported
    for r in records:
        for key in (
            "id",
            "title",
            "source",
            "url",
            "published",
            "language",
            "text",
            "translation",
            "entities",
            "events",
            "warnings",
        ):
            assert key in r
        assert isinstance(r["entities"], list) and isinstance(r["events"], list)
        tr = r["translation"]
        assert isinstance(tr, dict) and set(tr) >= {"language", "text", "provider", "status"}
        assert tr["provider"] in {"google", "deepl", "libre", "mymemory", "supplied", "none"}
        assert tr["status"] in {"done", "pending", "failed"}
        assert isinstance(r["published"], str) and len(r["published"]) == 10


def test_no_chrome_and_paragraphs_intact(exported: tuple[Path, list[dict[str, object]]]) -> None:
    _, records = exported
    by_start = {}
    for seed in ORIGINALS:
        paragraphs = seed_paragraphs(seed)
        assert paragraphs, seed
        matching = [r for r in records if paragraphs[-1] in str(r["text"])]
        assert len(matching) == 1, f"{seed.name}: its last paragraph is not in exactly one record"
        record = matching[0]
        by_start[seed.name] = record
        text = str(record["text"])
        for paragraph in paragraphs:
            assert paragraph in text or paragraph == record["title"], f"{seed.name}: lost {paragraph[:60]!r}"
        for chrome in SEED_CHROME:
            assert chrome not in text, f"{seed.name}: chrome {chrome!r} left in text"
            assert chrome not in str(record["title"])
    assert by_start["002_ad46caf8dd467dc7.txt"]["source"] == "DayFR Italian"
    assert (
        by_start["002_ad46caf8dd467dc7.txt"]["title"]
        == "Pressioni su Pechino per dissuadere Pyongyang dall’aiutare la Russia"
    )
    assert by_start["004_58ab18637f5a0651.txt"]["title"].startswith("Militärische Allianz zwischen Russland")


def test_second_ingest_adds_nothing(exported: tuple[Path, list[dict[str, object]]]) -> None:
    db, records = exported
    again = run_cli("ingest", str(SAMPLE_DIR), "--db", str(db))
    assert again.returncode == 0
    assert again.stdout.strip().splitlines()[-1] == "ingested 0, duplicates 5, rejected 0"
    out = run_cli("export", "--db", str(db))
    assert [json.loads(line) for line in out.stdout.splitlines()] == records


def test_python_m_and_stats(exported: tuple[Path, list[dict[str, object]]]) -> None:
    db, _ = exported
    stats = run_cli("stats", "--db", str(db), "--json")
    assert stats.returncode == 0
    data = json.loads(stats.stdout)
    assert data["articles"] == 5 and data["languages"] == {"it": 4, "de": 1}
    assert data["published_first"] == "2024-03-27" and data["published_last"] == "2024-11-16"


def test_language_detected_without_manifest(tmp_path: Path, settings: Settings, store: Store) -> None:
    folder = tmp_path / "no-manifest"
    folder.mkdir()
    for seed in ORIGINALS:
        shutil.copy(seed, folder / seed.name)
    report = ingest_paths([folder], store, settings)
    assert len(report.ingested) == 5
    rows = [a.row for a in store.iter_articles()]
    assert sorted(r["language"] for r in rows) == ["de", "it", "it", "it", "it"]
    assert all(r["language_method"] == "detected" and r["language_confidence"] > 0.9 for r in rows)


def test_sentences_cover_the_text(exported: tuple[Path, list[dict[str, object]]]) -> None:
    db, _ = exported
    store = Store(f"sqlite:///{db}")
    for article in store.iter_articles():
        text = article.row["text"]
        assert article.sentences
        joined = " ".join(text[s.start : s.end] for s in article.sentences)
        assert joined.split() == text.split()  # every word in exactly one sentence, in order
    store.close()


@pytest.mark.parametrize("before", ["missing", "zero bytes"])
def test_default_store_is_seeded_with_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str) -> None:
    from presslens import sample

    path = tmp_path / "presslens.db"
    if before == "zero bytes":
        path.write_bytes(b"")
    monkeypatch.setattr(sample, "DEFAULT_DB_PATH", path)
    store = sample.ensure_store(Settings(db_url=f"sqlite:///{path}"))
    try:
        assert store.stats()["articles"] == 5
    finally:
        store.close()
    # A store the user emptied or filled is never touched again.
    again = sample.ensure_store(Settings(db_url=f"sqlite:///{path}"))
    try:
        assert again.stats()["articles"] == 5
    finally:
        again.close()
