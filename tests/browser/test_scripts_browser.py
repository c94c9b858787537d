"""Cyrillic, Korean and Arabic articles in a real Chromium: the reader marks their language and
direction, shows both sides, and screenshots at 1280 and 1920 px land in artifacts/ for review.

A server of its own, on the sample plus ``tests/data/multilingual`` (the session's server is
shared by tests that count articles).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from presslens.config import SAMPLE_DIR, Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store
from tests.browser.conftest import (
    AppServer,
    PageLog,
    assert_quiet,
    assert_screenshot,
    full_screenshot,
    open_app,
    resize,
    start_app_server,
    stop_app_server,
)

pytestmark = pytest.mark.browser

MULTILINGUAL = Path(__file__).resolve().parents[1] / "data" / "multilingual"


@pytest.fixture(scope="module")
def scripts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("scripts_store")
    db = folder / "presslens.db"
    store = Store(f"sqlite:///{db}")
    try:
        report = ingest_paths([SAMPLE_DIR, MULTILINGUAL], store, Settings(db_url=f"sqlite:///{db}"))
        assert not report.rejected, report.rejected
        ids = {a.row["language"]: a.row["id"] for a in store.iter_articles() if a.row["language"] in ("ru", "ko", "ar")}
    finally:
        store.close()
    server = start_app_server(db, folder / "logs")
    try:
        yield server, ids
    finally:
        stop_app_server(server.process)


@pytest.mark.parametrize(
    ("language", "direction", "sample"), [("ru", "auto", "Лавров"), ("ko", "auto", "북한"), ("ar", "rtl", "غوتيريش")]
)
def test_reader_in_other_scripts(
    page: Page,
    page_log: PageLog,
    scripts_server: tuple[AppServer, dict[str, str]],
    language: str,
    direction: str,
    sample: str,
) -> None:
    server, ids = scripts_server
    open_app(page, f"{server.url}/Reader?article={ids[language]}")
    table = page.locator("table.pl-reader")
    expect(table).to_be_visible()
    originals = table.locator(f"td[lang='{language}'][dir='{direction}']")
    expect(originals).to_have_count(3)
    expect(table).to_contain_text(sample)
    expect(table.locator("td[lang='en']").first).not_to_contain_text("not translated yet")
    assert table.locator(f"td[lang='{language}'] mark.pl-ent").count() > 0, "no entity marked in the original"
    assert_screenshot(full_screenshot(page, f"reader-{language}-1280"), 1280)
    resize(page, 1920, 1080)
    assert_screenshot(full_screenshot(page, f"reader-{language}-1920"), 1920)
    assert_quiet(page_log)
