"""The entry page drawn in a real Chromium against the sample store (5 sample articles + 1 hostile one).

The generic contract every page meets (title, chart, no dialog, nothing from
outside, ``overview-1280.png`` and ``overview-1920.png``) is in
``test_pages_browser.py``; here is what only the overview shows.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    PageLog,
    assert_quiet,
    choose_filter,
    open_app,
    sidebar_multiselect,
    wait_plot,
)

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


def metric_value(page: Page, label: str) -> Locator:
    """The value of the ``st.metric`` labelled ``label``."""
    return (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(f"^{re.escape(label)}$")))
        .get_by_test_id("stMetricValue")
    )


def card_links(page: Page) -> Locator:
    return page.locator("div.pl-card a")


def test_overview_draws_and_filters(
    page: Page, page_log: PageLog, app_url: str, sample_articles: list[dict[str, object]]
) -> None:
    open_app(page, app_url)

    assert page.title() == "Overview · PressLens"
    expect(page.get_by_role("heading", name="PressLens", level=1)).to_be_visible()
    expect(metric_value(page, "Articles")).to_have_text("6")  # the 5 sample articles and the hostile one
    expect(metric_value(page, "Languages")).to_have_text("2")  # it, de
    expect(metric_value(page, "Sources")).to_have_text("2")  # "DayFR Italian" and the hostile source
    expect(metric_value(page, "Readable in English")).to_have_text("100%")  # every article has a translation

    assert wait_plot(page, "overview_top_actors") > 0, "the top-actors bar chart drew no bar"

    expect(page.get_by_role("heading", name="Latest events")).to_be_visible()
    canvas = page.get_by_test_id("stDataFrame").get_by_test_id("data-grid-canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 100, box
    assert canvas.evaluate(_DARK_PIXELS_JS) > 500, "the events dataframe canvas is blank: no cell text drawn"

    # One card per article, each linking to its reader view.
    expect(card_links(page)).to_have_count(len(sample_articles))
    hrefs = card_links(page).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted(f"Reader?article={a['id']}" for a in sample_articles), hrefs
    assert_quiet(page_log)

    # A click on a filter re-renders the page and lands in the URL.
    choose_filter(page, "Language", "de")

    expect(sidebar_multiselect(page, "Language").locator("[data-tag]")).to_have_text(["de"])
    expect(metric_value(page, "Articles")).to_have_text("1")
    expect(metric_value(page, "Languages")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"[?&]lang=de(&|$)"))
    # The one German card, and its link keeps the filter for the reader.
    expect(card_links(page)).to_have_count(1)
    expect(card_links(page)).to_have_attribute("href", re.compile(r"^Reader\?article=\w+&lang=de$"))
    assert wait_plot(page, "overview_top_actors") > 0
    assert_quiet(page_log)
