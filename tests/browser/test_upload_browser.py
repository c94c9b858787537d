"""The Add articles page in a real Chromium: a mixed upload is reported file by file, and the
good files are in the overview and the reader right after.

Uploading writes to the store, so these tests run their own server on their own copy of
the sample store (the session's server, which other tests count articles on, is never
written to).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from presslens.config import SAMPLE_DIR
from presslens.pipeline import article_id
from tests.browser.conftest import (
    IDLE_TIMEOUT_MS,
    AppServer,
    PageLog,
    app_errors,
    assert_quiet,
    assert_screenshot,
    build_sample_store,
    full_screenshot,
    open_app,
    start_app_server,
    stop_app_server,
    wait_idle,
)

pytestmark = pytest.mark.browser

GOOD_TITLE = "Vertice di prova a Vladivostok"
GOOD = (
    f"{GOOD_TITLE}\n"
    "Il ministro degli Esteri russo ha incontrato a Vladivostok il suo omologo nordcoreano. "
    "I due governi hanno firmato un accordo sulla pesca il 12 novembre 2024."
).encode()
HOSTILE_NAME = "<img src=x onerror=alert(1)> $x$ [a](http://127.0.0.1:9/).md"
HOSTILE_TITLE = "Berlino e Parigi discutono di sanzioni"
HOSTILE_BODY = (
    f"# {HOSTILE_TITLE}\n\nI governi di Germania e Francia hanno discusso a Berlino nuove sanzioni "
    "contro la Russia, secondo fonti diplomatiche citate dalla stampa."
).encode()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256)) * 4
DUPLICATE = SAMPLE_DIR / "001_256007d4a1da3333.txt"  # in the store already (the sample)
# Streamlit's grid offers its rows as CSV through the File System Access API when the
# browser has it (a save dialog); without it, as a plain download Playwright can read.
NO_SAVE_PICKER = "delete window.showSaveFilePicker;"
INGEST_TIMEOUT_MS = 120_000  # the first run in a fresh server loads the NLP models


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A dashboard server of its own, on a fresh copy of the sample store (5 sample + 1 hostile article)."""
    folder = tmp_path_factory.mktemp("upload_store")
    server = start_app_server(build_sample_store(folder / "presslens.db"), folder / "logs")
    try:
        yield server
    finally:
        stop_app_server(server.process)


def result_rows(page: Page) -> dict[str, dict[str, str]]:
    """The result table's rows by file name, as the grid itself exports them (its cells are a canvas)."""
    grid = page.get_by_test_id("stDataFrame")
    grid.hover()
    with page.expect_download(timeout=15_000) as download:
        grid.get_by_role("button", name="Download as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return {row["file"]: row for row in csv.DictReader(io.StringIO(text))}


def test_mixed_upload_is_reported_per_file_and_lands_in_every_view(
    page: Page, page_log: PageLog, upload_server: AppServer
) -> None:
    page.add_init_script(NO_SAVE_PICKER)
    open_app(page, upload_server.url + "/Add_articles")
    assert page.title() == "Add articles · PressLens"
    expect(page.get_by_role("heading", name="Add articles", level=1)).to_be_visible()
    run = page.get_by_role("button", name=re.compile(r"^Add (\d+ file\(s\)|files)$"))
    expect(run).to_be_disabled()  # nothing uploaded yet

    files = [
        ("nuovo.txt", "text/plain", GOOD),
        ("copia del campione.txt", "text/plain", DUPLICATE.read_bytes()),
        ("scansione.txt", "text/plain", PNG),
        ("vuoto.txt", "text/plain", b""),
        (HOSTILE_NAME, "text/markdown", HOSTILE_BODY),
    ]
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": mime, "buffer": data} for name, mime, data in files]
    )
    expect(page.get_by_role("button", name="Add 5 file(s)")).to_be_enabled(timeout=IDLE_TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("button", name="Add 5 file(s)").click()
    summary = page.get_by_test_id("stAlert").filter(has_text="ingested from")
    expect(summary).to_have_text(
        "2 article(s) ingested from 2 file(s); 1 duplicate file(s); 2 rejected file(s).", timeout=INGEST_TIMEOUT_MS
    )
    wait_idle(page)
    assert app_errors(page) == []

    rows = result_rows(page)
    assert {name: row["status"] for name, row in rows.items()} == {
        "nuovo.txt": "ingested",
        "copia del campione.txt": "duplicate",
        "scansione.txt": "rejected",
        "vuoto.txt": "rejected",
        HOSTILE_NAME: "ingested",
    }
    assert rows["scansione.txt"]["reason"] == "binary file (contains NUL bytes), not text"
    assert rows["vuoto.txt"]["reason"] == "empty file"
    assert (rows["nuovo.txt"]["ingested"], rows["copia del campione.txt"]["duplicates"]) == ("1", "1")

    # The new articles link to the reader; the hostile name became no element and fired nothing.
    new_cards = page.locator("div.pl-card a")
    expect(new_cards).to_have_count(2)
    expect(new_cards.filter(has_text=GOOD_TITLE)).to_have_attribute("href", re.compile(r"^Reader\?article=\w{16}$"))
    href = new_cards.filter(has_text=GOOD_TITLE).get_attribute("href")
    assert href is not None
    assert page.locator("img[src=x]").count() == 0
    known = page.get_by_text("Already in the store:").locator("a")
    expect(known).to_have_attribute("href", f"Reader?article={article_id(DUPLICATE.read_text(encoding='utf-8'))}")
    assert_quiet(page_log)
    shot = full_screenshot(page, "add-articles-1280")
    assert_screenshot(shot, 1280)
    expect(page.get_by_role("button", name="Add files")).to_be_disabled()  # the uploader was emptied

    # The overview (another page, a new script run) shows them at once, and the reader opens them.
    open_app(page, upload_server.url + "/")
    cards = page.locator("div.pl-card a")
    expect(cards.filter(has_text=GOOD_TITLE)).to_have_count(1)
    expect(cards.filter(has_text=HOSTILE_TITLE)).to_have_count(1)
    expect(cards).to_have_count(8)  # the 6 articles of the store and the 2 new ones
    open_app(page, f"{upload_server.url}/{href}")
    expect(page.get_by_role("heading", name=GOOD_TITLE, level=2)).to_be_visible()
    expect(page.locator("table.pl-reader")).to_contain_text("Vladivostok")
    assert_quiet(page_log)


def test_a_dropped_folder_lands_whole(page: Page, page_log: PageLog, upload_server: AppServer) -> None:
    """A folder (here: three articles in Russian, Korean and Arabic) is read with everything in it.

    Runs after the mixed upload (file order), whose overview counts the store's articles.
    """
    folder = Path(__file__).resolve().parents[1] / "data" / "multilingual"
    open_app(page, upload_server.url + "/Add_articles")
    page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").get_by_role("radio", name="a folder").click()
    # Wait for the rerun to swap in the directory-mode uploader (a fast idle check can still see the old one).
    folder_input = page.get_by_test_id("stFileUploader").locator("input[type=file][webkitdirectory]")
    expect(folder_input).to_have_count(1, timeout=IDLE_TIMEOUT_MS)
    wait_idle(page)
    folder_input.set_input_files(folder)
    add = page.get_by_role("button", name="Add 3 file(s)")
    expect(add).to_be_enabled(timeout=IDLE_TIMEOUT_MS)
    wait_idle(page)
    add.click()
    summary = page.get_by_test_id("stAlert").filter(has_text="ingested from")
    expect(summary).to_contain_text("3 article(s) ingested from 3 file(s)", timeout=INGEST_TIMEOUT_MS)
    wait_idle(page)
    expect(page.locator("div.pl-card a")).to_have_count(3)
    assert_quiet(page_log)
