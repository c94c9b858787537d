"""The entry page drawn in a real Chromium against the sample store."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageLog, full_screenshot, open_app, png_size

pytestmark = pytest.mark.browser


# Counts the canvas pixels that are dark (text), i.e. whether the grid drew its cells.
_DARK_PIXELS_JS = """
(canvas) => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 200 && d[i] < 110 && d[i + 1] < 110 && d[i + 2] < 110) dark++;
  }
  return dark;
}
"""


def assert_screenshot(path: Path, width: int) -> None:
    assert path.is_file(), path
    assert path.stat().st_size > 10_000, f"{path}: {path.stat().st_size} bytes, too small for a drawn page"
    assert png_size(path)[0] == width


def unexpected_outside(log: PageLog) -> list[str]:
    """Requests that left 127.0.0.1."""
    return list(log.outside_requests)


def test_overview_draws(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url)

    assert page.title() == "PressLens"
    expect(page.get_by_role("heading", name="PressLens", level=1)).to_be_visible()
    articles = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").filter(has_text="Articles")
    )
    expect(articles.get_by_test_id("stMetricValue")).to_have_text("5")

    canvas = page.get_by_test_id("stDataFrame").get_by_test_id("data-grid-canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 100, box
    assert canvas.evaluate(_DARK_PIXELS_JS) > 500, "the dataframe canvas is blank: no cell text drawn"

    path = full_screenshot(page, "overview-1280")
    assert_screenshot(path, 1280)

    assert page_log.dialogs == []
    assert page_log.page_errors == []
    assert unexpected_outside(page_log) == []


def test_overview_loads_nothing_from_outside(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url)
    assert page_log.outside_requests == []


def test_overview_screenshot_1920(page: Page, page_log: PageLog, app_url: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, app_url)
    expect(page.get_by_test_id("stDataFrame").get_by_test_id("data-grid-canvas")).to_be_visible()

    path = full_screenshot(page, "overview-1920")
    assert_screenshot(path, 1920)
    assert page_log.dialogs == []
    assert unexpected_outside(page_log) == []
