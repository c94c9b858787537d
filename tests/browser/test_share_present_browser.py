"""Share, present, export in a real Chromium: the copied link, presenter mode, slides and CSV downloads.

Runs against the session's server (the 5 sample articles and the hostile one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from presslens.slides import png_size
from tests.browser.conftest import (
    PageLog,
    assert_quiet,
    assert_screenshot,
    choose_filter,
    full_screenshot,
    open_app,
    plot_locator,
    sidebar_multiselect,
    wait_idle,
    wait_plot,
)

pytestmark = pytest.mark.browser

MAX_LINK = 300  # "short enough to paste in a chat"


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def copied_link(page: Page) -> str:
    """Open the header's Share menu and read the link it offers to copy."""
    main(page).get_by_role("button", name=re.compile("Share")).click()
    code = page.get_by_test_id("stPopoverBody").locator("code").first
    expect(code).to_be_visible()
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def segment(page: Page, label: str) -> Locator:
    """A segmented-control option of the page, by its text (Streamlit draws them as radio buttons)."""
    return main(page).get_by_test_id("stButtonGroup").get_by_role("radio", name=label, exact=True)


def test_share_link_restores_the_cooccurrence_view(
    fresh_context: Callable[[], BrowserContext], page: Page, page_log: PageLog, app_url: str
) -> None:
    open_app(page, app_url + "/Co-occurrence")
    assert wait_plot(page, "cooc_heatmap") > 0
    choose_filter(page, "Language", "it")
    segment(page, "article").click()
    wait_idle(page)
    segment(page, "PMI").click()
    wait_idle(page)
    main(page).get_by_role("combobox", name="with", exact=True).click()
    page.keyboard.press("ArrowDown")  # a click focuses the selectbox; the key opens its list
    option = page.get_by_role("option").nth(3)
    partner = option.inner_text().strip()
    option.click()
    wait_idle(page)

    link = copied_link(page)
    assert link.startswith(app_url + "/Co-occurrence?"), link
    assert len(link) <= MAX_LINK, f"{len(link)} characters: {link}"
    params = parse_qs(urlsplit(link).query)
    assert params["lang"] == ["it"] and params["w"] == ["article"] and params["m"] == ["pmi"], params
    assert params["a"] and params["b"], params

    other = fresh_context().new_page()
    open_app(other, link)
    assert wait_plot(other, "cooc_heatmap") > 0
    expect(segment(other, "PMI")).to_have_attribute("aria-checked", "true")
    expect(segment(other, "article")).to_have_attribute("aria-checked", "true")
    expect(sidebar_multiselect(other, "Language").locator("[data-tag]")).to_have_text(["it"])
    expect(main(other).get_by_role("combobox", name="with", exact=True)).to_have_value(partner)
    colorbar = plot_locator(other, "cooc_heatmap").locator(".colorbar .cbtitle")
    expect(colorbar).to_have_text("PMI")
    assert_quiet(page_log)


def test_share_link_restores_a_selected_event(
    fresh_context: Callable[[], BrowserContext], page: Page, page_log: PageLog, app_url: str
) -> None:
    open_app(page, app_url + "/Timeline?rows=type")
    assert wait_plot(page, "timeline_chart") > 0
    point = plot_locator(page, "timeline_chart").locator(".scatterlayer .trace .point").first
    box = point.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_idle(page)
    evidence = main(page).locator("div.pl-card")
    expect(evidence.first).to_be_visible()
    first_text = evidence.first.locator("p").first.inner_text()

    link = copied_link(page)
    assert "event=" in link and len(link) <= MAX_LINK, link
    other = fresh_context().new_page()
    open_app(other, link)
    wait_plot(other, "timeline_chart")
    expect(main(other).locator("div.pl-card").first.locator("p").first).to_have_text(first_text)
    # The chosen point is ringed on the chart.
    assert plot_locator(other, "timeline_chart").locator(".scatterlayer .trace").count() > 1
    assert_quiet(page_log)


def test_presenter_mode_hides_the_chrome(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url + "/Timeline?present=1")
    assert wait_plot(page, "timeline_chart") > 0
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(main(page).get_by_role("button", name=re.compile("Export"))).to_have_count(0)
    expect(main(page).get_by_role("button", name=re.compile("Share"))).to_have_count(0)
    captions = main(page).locator(".pl-caption")
    expect(captions).to_have_count(2)  # one under each chart
    expect(captions.first).to_contain_text("article(s)")
    expect(captions.first).to_contain_text("data as of")
    expect(page.get_by_role("link", name="Exit presenter mode")).to_be_visible()
    shot = full_screenshot(page, "timeline-presenter-1280")
    assert_screenshot(shot, 1280)
    assert_quiet(page_log)


def download(page: Page, button: str) -> bytes:
    """Click a download button of the open Export menu and return the file's bytes."""
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name=button, exact=True).click()
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def test_chart_exports_slides_and_csv(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url + "/?lang=it")
    assert wait_plot(page, "overview_top_actors") > 0
    caption = main(page).locator(".pl-caption").first.inner_text()
    assert "filters: language it" in caption, caption

    main(page).locator(".st-key-overview_top_actors_export").get_by_role("button").first.click()
    png = download(page, "PNG 1920×1080")
    assert png_size(png) == (1920, 1080)
    square = download(page, "PNG 1080×1080")
    assert png_size(square) == (1080, 1080)
    svg = download(page, "SVG 1920×1080").decode("utf-8")
    assert svg.lstrip().startswith(("<svg", "<?xml")), svg[:100]
    assert "Actors by number of articles" in svg
    assert "Source: PressLens" in svg
    rows = list(csv.DictReader(io.StringIO(download(page, "CSV").decode("utf-8-sig"))))
    assert rows and {"name", "type", "articles", "mentions"} <= set(rows[0])
    assert "North Korea" in {r["name"] for r in rows}
    page.keyboard.press("Escape")
    assert_quiet(page_log)


def test_clicking_a_heatmap_cell_lists_its_evidence(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url + "/Co-occurrence?n=6")
    assert wait_plot(page, "cooc_heatmap") > 0
    area = plot_locator(page, "cooc_heatmap").locator(".nsewdrag").first
    box = area.bounding_box()
    assert box is not None
    # The cell in row 4, column 2 of the 6 x 6 matrix: hover names the pair, a click selects it.
    x, y = box["x"] + box["width"] * 1.5 / 6, box["y"] + box["height"] * 3.5 / 6
    page.mouse.move(x, y)
    hover = plot_locator(page, "cooc_heatmap").locator(".hoverlayer")
    expect(hover).to_contain_text("×")
    row_name, col_name = (part.strip() for part in hover.text_content().split("shared")[0].split("×"))
    page.mouse.click(x, y)
    wait_idle(page)
    expect(main(page).get_by_role("combobox", name="Actor", exact=True)).to_have_value(row_name)
    expect(main(page).get_by_role("combobox", name="with", exact=True)).to_have_value(col_name)
    expect(page).to_have_url(re.compile(r"[?&]a=.+&b=|[?&]b=.+&a="))
    cards = main(page).locator("div.pl-card")
    expect(cards.first).to_be_visible()
    assert_quiet(page_log)
