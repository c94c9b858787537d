"""Uploads from the dashboard (presslens/uploads.py): safe names, limits, per-file results,
pasted articles, the temporary folder, translation through a local stub. No Streamlit, no network."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

import presslens.uploads as uploads
from presslens.config import SAMPLE_DIR, Settings, TranslationSettings, load_settings
from presslens.pipeline import INGEST_STAGES, ingest_paths
from presslens.store import Store
from presslens.uploads import (
    MAX_NAME_BYTES,
    STAGES,
    Upload,
    UploadLimits,
    check_pasted,
    display_name,
    ingest_uploads,
    safe_name,
)
from tests.stubs import StubServer, fake_translate

SAMPLE_TXT = SAMPLE_DIR / "000_4bc082eaf92c0a39.txt"
GOOD_IT = (
    b"Vertice a Mosca\n"
    b"Il ministro degli Esteri russo ha incontrato a Mosca il suo omologo nordcoreano. "
    b"I due hanno firmato un accordo di cooperazione il 5 novembre 2024."
)
GOOD_DE = (
    "Treffen in Berlin\nDer Außenminister traf am Freitag seinen Amtskollegen in Berlin. Beide sprachen über den Krieg."
).encode()
BINARY = bytes(range(256)) * 8
JSONL_ONE_BAD = (
    b'{"text": "Der Bundestag in Berlin hat am Freitag ueber die Hilfe fuer die Ukraine beraten.", "source": "A"}\n'
    b"{not json\n"
    b'{"text": "Le gouvernement de Paris a annonce de nouvelles sanctions contre Moscou hier soir.", "source": "B"}\n'
)


@pytest.fixture
def quiet(settings: Settings) -> Settings:
    """The test settings with no translation provider (nothing leaves the machine)."""
    return replace(settings, translation=TranslationSettings(provider="none"))


def by_name(report: uploads.UploadReport) -> dict[str, uploads.FileResult]:
    return {f.name: f for f in report.files}


# --- safe names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("article.txt", "article.txt"),
        ("Report.TXT", "Report.txt"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\x.txt", "x.txt"),
        ("/abs/path.txt", "path.txt"),
        ("C:\\Users\\me\\notes.md", "notes.md"),
        ("folder/sub/002_ad46caf8dd467dc7.en.txt", "002_ad46caf8dd467dc7.en.txt"),
        ("a\x00b.txt", "ab.txt"),
        ("tab\there\n.json", "tab here.json"),
        (".hidden", "hidden"),
        (".env.txt", "env.txt"),
        ("...", "upload"),
        ("..", "upload"),
        ("", "upload"),
        ("a..b.txt", "a.b.txt"),
        ("trailing. .txt", "trailing.txt"),
        ("evil\u202etxt.exe", "eviltxt.exe"),  # RTL override: would display as "evilexe.txt"
        ("zero\u200bwidth.csv", "zerowidth.csv"),
        ("ｆｕｌｌ／ｗｉｄｔｈ.txt", "width.txt"),  # NFKC turns the full-width slash into a separator
        ('what?<is>:"this"|*.json', "what__is___this___.json"),
        ("con.txt", "_con.txt"),
        ("résumé.md", "résumé.md"),
        ("noticia_ñandú.html", "noticia_ñandú.html"),
        ("archive.tar.gz", "archive.tar.gz"),
        ("x.json[2]", "x.json[2]"),  # not an extension: kept in the stem, rejected as unsupported
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["x" * 1000 + ".txt", "ж" * 400 + ".JSONL", "a/" * 300 + "b" * 300 + ".csv"])
def test_safe_name_caps_the_length_in_bytes_and_keeps_the_extension(name: str) -> None:
    safe = safe_name(name)
    assert len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe.endswith(Path(name).suffix.lower())
    assert safe.encode("utf-8").decode("utf-8") == safe  # no half character


def test_safe_name_never_leaves_a_folder() -> None:
    hostile = ["../../etc/passwd", "..\\..\\x.txt", "/abs/path.txt", "a\x00b.txt", ".hidden", "..", "~/.bashrc"]
    for name in hostile:
        safe = safe_name(name)
        assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe
        assert not safe.startswith(".") and ".." not in safe
        assert Path(safe).name == safe


def test_same_name_twice_is_deduplicated() -> None:
    taken: set[str] = set()
    names = []
    for name in ["a.txt", "a.txt", "A.TXT", "dir/a.txt", "a-2.txt"]:
        safe = safe_name(name, taken)
        taken.add(safe)
        names.append(safe)
    assert names == ["a.txt", "a-2.txt", "A-3.txt", "a-4.txt", "a-2-2.txt"]
    assert len({n.lower() for n in names}) == len(names)


def test_display_name_makes_controls_visible() -> None:
    assert display_name("evil\u202etxt.exe") == "evil<U+202E>txt.exe"
    assert display_name("a\x00b") == "a<U+0000>b"
    assert len(display_name("x" * 5000)) == uploads.MAX_DISPLAY_CHARS


# --- limits ------------------------------------------------------------------------


def test_limits_come_from_settings_and_env() -> None:
    limits = UploadLimits.from_settings(Settings())
    assert (limits.max_files, limits.max_file_bytes, limits.max_total_bytes) == (200, 10 * 2**20, 50 * 2**20)
    s = load_settings({"PRESSLENS_MAX_UPLOAD_FILES": "5", "PRESSLENS_MAX_UPLOAD_MB": "1.5"}, secrets_path=None)
    assert (s.max_upload_files, s.max_upload_bytes) == (5, int(1.5 * 2**20))
    for env in ({"PRESSLENS_MAX_UPLOAD_FILES": "0"}, {"PRESSLENS_MAX_UPLOAD_MB": "-1"}):
        with pytest.raises(ValueError, match="PRESSLENS_MAX_UPLOAD"):
            load_settings(env, secrets_path=None)


def test_limits_reject_per_file_and_never_stop_the_rest(store: Store, quiet: Settings) -> None:
    limits = UploadLimits(max_files=4, max_file_bytes=1000, max_total_bytes=len(GOOD_IT) + len(GOOD_DE) + 10)
    batch = [
        Upload("big.txt", b"x " * 600),  # over the per-file limit
        Upload("good.txt", GOOD_IT),
        Upload("program.exe", b"MZ\x90\x00"),  # unknown extension
        Upload("second.txt", GOOD_DE),
        Upload("fifth.txt", GOOD_DE + b" Noch ein Satz."),  # over the file count
    ]
    report = ingest_uploads(batch, store, quiet, limits=limits)
    results = by_name(report)
    assert [f.name for f in report.files] == [u.name for u in batch]  # every file, in order
    assert results["big.txt"].status == "rejected" and "limit per file" in results["big.txt"].reasons[0]
    assert results["program.exe"].status == "rejected"
    assert results["program.exe"].reasons[0].startswith("unsupported file type ('.exe')")
    assert results["fifth.txt"].status == "rejected" and "4 files per upload" in results["fifth.txt"].reasons[0]
    assert results["good.txt"].status == "ingested" and results["second.txt"].status == "ingested"
    assert results["big.txt"].saved_as is None and results["program.exe"].saved_as is None
    # The total limit: a third good file no longer fits.
    report = ingest_uploads(
        [Upload("one.txt", GOOD_IT), Upload("two.txt", GOOD_DE)],
        store,
        quiet,
        limits=UploadLimits(max_total_bytes=len(GOOD_IT) + 1),
    )
    assert by_name(report)["one.txt"].status == "duplicate"
    assert "for all files together" in by_name(report)["two.txt"].reasons[0]


# --- a mixed batch -------------------------------------------------------------------


def test_mixed_batch_reports_each_file(store: Store, quiet: Settings) -> None:
    (original,) = ingest_paths([SAMPLE_TXT], store, quiet).ingested_ids  # the duplicate's original is stored
    events: list[tuple[str, int, int]] = []
    batch = [
        Upload("good.txt", GOOD_IT),
        Upload("copy of the sample.txt", SAMPLE_TXT.read_bytes()),
        Upload("photo.txt", BINARY),
        Upload("empty.txt", b""),
        Upload("notes.docx", b"PK\x03\x04"),
        Upload("feed.jsonl", JSONL_ONE_BAD),
        Upload(
            "list.json", json.dumps([{"text": "Il governo di Roma ha approvato la legge di bilancio."}, 3]).encode()
        ),
    ]
    report = ingest_uploads(batch, store, quiet, progress=lambda *e: events.append(e))
    rows = {r["file"]: r for r in report.rows()}
    assert {name: r["status"] for name, r in rows.items()} == {
        "good.txt": "ingested",
        "copy of the sample.txt": "duplicate",
        "photo.txt": "rejected",
        "empty.txt": "rejected",
        "notes.docx": "rejected",
        "feed.jsonl": "ingested",
        "list.json": "ingested",
    }
    assert rows["photo.txt"]["reason"] == "binary file (contains NUL bytes), not text"
    assert rows["empty.txt"]["reason"] == "empty file"
    assert rows["notes.docx"]["reason"].startswith("unsupported file type ('.docx')")
    assert (rows["feed.jsonl"]["ingested"], rows["feed.jsonl"]["rejected"]) == (2, 1)
    assert rows["feed.jsonl"]["reason"].startswith("line 2: malformed JSON")
    assert rows["list.json"]["reason"] == "record 2: expected a JSON object, got int"
    # No reason mentions the temporary folder.
    assert not any(tempfile.gettempdir() in r["reason"] for r in rows.values())
    assert by_name(report)["copy of the sample.txt"].duplicate_of == [original]
    assert report.duplicate_ids == [original]
    assert len(report.article_ids) == 4
    assert set(report.article_ids) <= set(store.article_ids())
    assert len(store.article_ids()) == 5
    assert report.summary().startswith("4 article(s) ingested from 3 file(s); 1 duplicate file(s); 3 rejected")
    # Every stage ends complete; the files bar counts the files that were written.
    last = {stage: (done, total) for stage, done, total in events}
    assert set(last) == {s for s, _ in STAGES}
    assert last["read"] == (6, 6)  # notes.docx never reaches the folder
    assert last["analyse"][0] == last["analyse"][1] == 5  # 4 new + the duplicate
    assert last["store"] == (4, 4)
    assert last["translate"] == (0, 0)  # translator none
    assert report.translation_note and "translator 'none'" in report.translation_note


def test_a_crash_in_one_file_never_loses_the_others(
    store: Store, quiet: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = uploads.ingest_paths

    def flaky(paths: list[Path], *args: object, **kw: object) -> object:
        if Path(paths[0]).name == "boom.txt":
            raise RuntimeError("disk on fire")
        return real(paths, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(uploads, "ingest_paths", flaky)
    batch = [Upload("first.txt", GOOD_IT), Upload("boom.txt", b"whatever text here"), Upload("last.txt", GOOD_DE)]
    results = by_name(ingest_uploads(batch, store, quiet))
    assert results["boom.txt"].status == "rejected"
    assert results["boom.txt"].reasons == ["internal error: RuntimeError: disk on fire"]
    assert results["first.txt"].status == results["last.txt"].status == "ingested"
    assert len(store.article_ids()) == 2


def test_a_folder_with_its_manifest_and_translations(tmp_path: Path, store: Store, quiet: Settings) -> None:
    """A reporter drops the sample folder: manifest metadata and supplied translations apply as in the CLI."""
    batch = [Upload(f"sample/{p.name}", p.read_bytes()) for p in sorted(SAMPLE_DIR.iterdir())]
    report = ingest_uploads(batch, store, quiet)
    statuses = {Path(f.name).name: f.status for f in report.files}
    assert statuses["manifest.json"] == "metadata"
    assert all(s == "metadata" for n, s in statuses.items() if n.endswith(".en.txt"))
    assert all(s == "ingested" for n, s in statuses.items() if n.endswith(".txt") and not n.endswith(".en.txt"))
    assert len(report.article_ids) == 5
    # The same articles, metadata and translations as `presslens ingest data/sample` stores.
    cli = Store(f"sqlite:///{tmp_path / 'cli.db'}")
    ingest_paths([SAMPLE_DIR], cli, quiet)
    fields = ("id", "title", "source", "published", "language")
    assert sorted(tuple(a[k] for k in fields) for a in store.article_summaries()) == sorted(
        tuple(a[k] for k in fields) for a in cli.article_summaries()
    )
    cli.close()
    assert "DayFR Italian" in {a["source"] for a in store.article_summaries()}
    stored = store.get_articles(report.article_ids)
    assert all(a.translation and a.translation["provider"] == "supplied" for a in stored)


# --- pasted articles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"text": "   "}, "text is required"),
        ({"text": "Testo.", "published": "2024-13-40"}, "date is not one PressLens can read"),
        ({"text": "Testo.", "published": "not a date at all"}, "date is not one PressLens can read"),
        ({"text": "Testo.", "language": "italian"}, "not an ISO 639-1 code"),
        ({"text": "Testo.", "url": "javascript:alert(1)"}, "must start with http"),
        ({"text": "Testo.", "url": "ftp://example.org/a"}, "must start with http"),
        ({"text": "Testo.", "url": "https:nohost"}, "must start with http"),
    ],
)
def test_pasted_article_is_validated(fields: dict[str, str], error: str) -> None:
    text = fields.pop("text")
    pasted, errors = check_pasted(text, **fields)
    assert pasted is None
    assert any(error in e for e in errors), errors
    assert not any(v in e for e in errors for v in fields.values())  # never repeats the input


@pytest.mark.parametrize(
    ("published", "language", "stored", "precision"),
    [
        ("", "", None, None),
        ("2024-10", "", "2024-10", "month"),
        ("2024-11-05", "it-IT", "2024-11-05", "day"),
        ("5 novembre 2024", "it", "2024-11-05", "day"),
    ],
)
def test_pasted_article_goes_through_the_pipeline(
    store: Store, quiet: Settings, published: str, language: str, stored: str | None, precision: str | None
) -> None:
    pasted, errors = check_pasted(
        GOOD_IT.decode(),
        title="Un titolo <b>ostile</b>",
        source="La Stampa",
        url="https://example.org/a",
        published=published,
        language=language,
    )
    assert pasted is not None and not errors
    report = ingest_uploads([], store, quiet, pasted=pasted)
    (result,) = report.files
    assert result.name == "pasted text: Un titolo <b>ostile</b>"
    assert result.status == "ingested" and result.saved_as == "pasted.json"
    (row,) = store.get_articles(report.article_ids)
    assert row.row["title"] == "Un titolo <b>ostile</b>"
    assert (row.row["source"], row.row["url"], row.row["language"]) == ("La Stampa", "https://example.org/a", "it")
    assert row.row["published"] == stored and row.row["published_precision"] == precision
    # The same text again is a duplicate, however its metadata differ.
    again = ingest_uploads([], store, quiet, pasted=check_pasted(GOOD_IT.decode())[0])
    assert again.files[0].status == "duplicate"


def test_pasted_next_to_a_file_named_like_it(store: Store, quiet: Settings) -> None:
    pasted, _ = check_pasted(GOOD_DE.decode())
    report = ingest_uploads(
        [Upload("pasted.json", json.dumps({"text": GOOD_IT.decode()}).encode())], store, quiet, pasted=pasted
    )
    assert [f.saved_as for f in report.files] == ["pasted.json", "pasted-2.json"]
    assert [f.status for f in report.files] == ["ingested", "ingested"]


# --- the file system -----------------------------------------------------------------


def test_nothing_is_written_outside_the_temporary_folder(
    tmp_path: Path, store: Store, quiet: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_root = tmp_path / "tmp"
    work = tmp_path / "work" / "deep" / "down"
    tmp_root.mkdir()
    work.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_root))
    monkeypatch.chdir(work)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    seen: list[Path] = []
    real = uploads.ingest_paths

    def spy(paths: list[Path], *args: object, **kw: object) -> object:
        for p in paths:
            path = Path(p)
            seen.append(path)
            assert path.resolve().parent.parent == tmp_root.resolve()  # tmp/presslens-upload-XXXX/name
            assert path.parent.name.startswith("presslens-upload-")
        return real(paths, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(uploads, "ingest_paths", spy)
    hostile = [
        "../../escaped.txt",
        "..\\..\\escaped2.txt",
        str(tmp_path / "absolute.txt"),
        "../../../work/deep/planted.txt",
        "a\x00b.txt",
        ".bashrc.txt",
        "evil\u202etxt.json",
    ]
    report = ingest_uploads(
        [Upload(name, GOOD_IT + f"\nVariante {i}.".encode()) for i, name in enumerate(hostile)], store, quiet
    )
    assert len(seen) == len(hostile)
    assert [f.saved_as for f in report.files] == [
        "escaped.txt",
        "escaped2.txt",
        "absolute.txt",
        "planted.txt",
        "ab.txt",
        "bashrc.txt",
        "eviltxt.json",
    ]
    # The temporary folder is gone, and nothing else appeared anywhere (the store lives in tmp_path too).
    assert list(tmp_root.iterdir()) == []
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if not p.name.startswith("store.db"))
    assert after == [p for p in before if not p.name.startswith("store.db")]
    for name in ("escaped.txt", "escaped2.txt", "absolute.txt", "planted.txt"):
        assert not list(tmp_path.rglob(name)) and not (Path.cwd() / name).exists()
        assert not Path(os.path.normpath(work / name)).exists()


def test_written_paths_are_checked(tmp_path: Path) -> None:
    folder = tmp_path.resolve()
    for name in ("../x.txt", "a/b.txt", "/etc/x.txt"):
        with pytest.raises(ValueError):
            uploads._write_inside(folder, name, b"x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OSError):
        uploads._write_inside(folder, "link.txt", b"x")  # never through a symlink
    assert not (tmp_path / "elsewhere.txt").exists()


# --- translation, as the CLI does it -------------------------------------------------------


def test_new_articles_are_translated_through_the_provider(store: Store, settings: Settings) -> None:
    with StubServer("libre") as stub:
        translation = TranslationSettings(
            provider="libre", libre_url=stub.url, read_timeout=2, connect_timeout=2, retries=1, rate_per_second=1000
        )
        libre = replace(settings, translation=translation)
        events: list[tuple[str, int, int]] = []
        report = ingest_uploads(
            [Upload("it.txt", GOOD_IT), Upload("de.txt", GOOD_DE), Upload("empty.txt", b"")],
            store,
            libre,
            progress=lambda *e: events.append(e),
        )
        assert stub.requests > 0
    assert report.translation is not None and sorted(report.translation.done) == sorted(report.article_ids)
    assert by_name(report)["it.txt"].translation == {"translated": 1, "pending": 0, "failed": 0}
    assert by_name(report)["it.txt"].row()["translation"] == "translated 1"
    assert by_name(report)["empty.txt"].row()["translation"] == ""
    for article in store.get_articles(report.article_ids):
        assert article.translation is not None and article.translation["status"] == "done"
        assert article.translation["provider"] == "libre"
        assert article.translation["title"] == fake_translate(article.row["title"])
    assert [e for e in events if e[0] == "translate"][-1] == ("translate", 2, 2)
    assert "translated 2, pending 0, failed 0" in report.summary()


# --- the pipeline's stage callback ---------------------------------------------------------


def test_ingest_paths_reports_each_stage(tmp_path: Path, store: Store, quiet: Settings) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(GOOD_IT)
    (tmp_path / "in" / "b.jsonl").write_bytes(JSONL_ONE_BAD)
    (tmp_path / "in" / "c.txt").write_bytes(b"")
    events: list[tuple[str, int, int]] = []
    wrapped: list[Path] = []

    def progress(files: object) -> object:  # the CLI's tqdm hook still works beside it
        wrapped.extend(files)  # type: ignore[call-overload]
        return wrapped

    report = ingest_paths([tmp_path / "in"], store, quiet, on_stage=lambda *e: events.append(e), progress=progress)  # type: ignore[arg-type]
    assert len(wrapped) == 3
    assert {s for s, _, _ in events} == set(INGEST_STAGES)
    assert events[0] == ("read", 0, 3) and events[-1] == ("read", 3, 3)
    assert [e for e in events if e[0] == "analyse"][-1] == ("analyse", 3, 3)
    assert [e for e in events if e[0] == "store"] == [("store", 1, 1), ("store", 2, 2), ("store", 3, 3)]
    assert len(report.ingested) == 3 and len(report.rejected) == 2
    again = ingest_paths([tmp_path / "in" / "a.txt"], store, quiet)
    assert again.duplicate_ids == [report.ingested_ids[0]]


def test_a_reader_that_crashes_rejects_only_its_file(
    tmp_path: Path, store: Store, quiet: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presslens.pipeline as pipeline

    real = pipeline.read_path

    def crashing(path: Path, *args: object) -> object:
        if path.name == "bad.txt":
            raise RuntimeError("reader bug")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_path", crashing)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(GOOD_DE)
    (tmp_path / "in" / "good.txt").write_bytes(GOOD_IT)
    report = ingest_paths([tmp_path / "in"], store, quiet)
    assert [r.reason for r in report.rejected] == ["internal error while reading: RuntimeError: reader bug"]
    assert len(report.ingested) == 1


def test_record_totals_are_estimated_from_the_files_not_read_yet(store: Store, quiet: Settings) -> None:
    events: list[tuple[str, int, int]] = []
    texts = [GOOD_IT, GOOD_DE, GOOD_IT + b" Ancora."]
    ingest_uploads(
        [Upload(f"{i}.txt", t) for i, t in enumerate(texts)], store, quiet, progress=lambda *e: events.append(e)
    )
    for stage in ("analyse", "store"):
        seen = [(done, total) for s, done, total in events if s == stage]
        assert all(total == 3 for _, total in seen), (stage, seen)  # exact for single documents
        assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1] == (3, 3)
    reads = [(done, total) for s, done, total in events if s == "read"]
    assert reads[0] == (0, 3) and reads[-1] == (3, 3)
