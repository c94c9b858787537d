"""Every dashboard page in a real Chromium: it draws, reacts to filters, reads both languages, stays safe.

Runs against the session's server (the 5 sample articles and the hostile one of
``conftest.HOSTILE_RECORD``). Screenshots land in ``artifacts/screenshots``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from presslens.store import Store
from tests.browser.conftest import (
    HOSTILE_SOURCE,
    HOSTILE_TITLE,
    IMG,
    LATEX,
    SCRIPT,
    AppServer,
    PageLog,
    app_errors,
    assert_quiet,
    assert_screenshot,
    choose_filter,
    full_screenshot,
    open_app,
    plot_locator,
    resize,
    sidebar_multiselect,
    wait_idle,
    wait_plot,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def italian_id(sample_articles: list[dict[str, object]]) -> str:
    """The oldest Italian sample article (not the hostile one, not the reader's default)."""
    ids = [str(a["id"]) for a in sample_articles if a["language"] == "it" and a["title"] != HOSTILE_TITLE]
    assert ids, sample_articles
    return ids[0]


# name (screenshot prefix), path, h1 title, Plotly charts (st.plotly_chart keys) that must draw
PAGES = [
    ("overview", "/", "PressLens", ("overview_top_actors",)),
    ("timeline", "/Timeline", "Timeline", ("timeline_chart", "timeline_volume")),
    ("co-occurrence", "/Co-occurrence", "Co-occurrence", ("cooc_heatmap",)),
    ("reader", "/Reader?article={article}", "Reader", ()),
    ("actors", "/Actors", "Actors", ("actors_coactors", "actors_volume")),
]
WIDE = {"overview", "timeline", "co-occurrence", "reader", "actors"}  # every page also shot 1920 wide


@pytest.mark.parametrize(("name", "path", "title", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_draws(
    page: Page,
    page_log: PageLog,
    app_url: str,
    italian_id: str,
    name: str,
    path: str,
    title: str,
    charts: tuple[str, ...],
) -> None:
    open_app(page, app_url + path.format(article=italian_id))

    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    assert app_errors(page) == [], f"{name}: the page shows an error"
    for key in charts:
        assert wait_plot(page, key) > 0, f"{name}: the chart {key!r} drew no point, bar or heatmap cell"
    if name == "reader":
        expect(page.locator("table.pl-reader")).to_be_visible()
        assert page.locator("table.pl-reader tr:has(td)").count() > 0, "the reader table has no rows"

    assert_screenshot(full_screenshot(page, f"{name}-1280"), 1280)
    if name in WIDE:
        resize(page, 1920, 1080)
        assert_screenshot(full_screenshot(page, f"{name}-1920"), 1920)
    assert_quiet(page_log)


def test_timeline_filter_changes_points(page: Page, page_log: PageLog, app_url: str) -> None:
    open_app(page, app_url + "/Timeline")
    before = wait_plot(page, "timeline_chart")
    assert before > 0

    choose_filter(page, "Event type", "meeting")
    expect(page).to_have_url(re.compile(r"[?&]type=meeting(&|$)"))
    # The chart is redrawn a moment after the rerun: wait for the new number of points.
    page.wait_for_function(
        "([plot, before]) => plot.querySelectorAll('.scatterlayer .point').length !== before",
        arg=[plot_locator(page, "timeline_chart").element_handle(), before],
        timeout=15_000,
    )
    after = wait_plot(page, "timeline_chart")
    assert 0 < after < before, (before, after)
    assert_quiet(page_log)


def test_reader_aligns_both_languages(
    page: Page, page_log: PageLog, app_url: str, app_server: AppServer, italian_id: str
) -> None:
    store = Store(f"sqlite:///{app_server.db_path}", create=False)
    try:
        segments = store.translation_segments(italian_id, "en")
        title = store.get_articles([italian_id])[0].row["title"]
    finally:
        store.close()
    assert segments, "the sample article has no stored translation segments"

    open_app(page, f"{app_url}/Reader?article={italian_id}")
    table = page.locator("table.pl-reader")
    expect(table).to_be_visible()
    expect(reader_title(page)).to_have_text(title)

    headers = [t.strip() for t in table.locator("th").all_inner_texts()]
    assert headers[1] == "Original (it)", headers
    assert headers[2].startswith("English"), headers

    rows = table.locator("tr:has(td)")
    expect(rows).to_have_count(len(segments))
    cells = rows.evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].slice(1).map(td => td.innerText.trim()))"
    )
    for i, (original, english) in enumerate(cells):
        assert original and english, f"row {i + 1}: an empty side: {original!r} | {english!r}"
        assert english != "not translated yet", f"row {i + 1} has no translation"

    # Entities marked on both sides.
    assert table.locator("tr td:nth-child(2) mark.pl-ent").count() > 0, "no entity marked in the original"
    assert table.locator("tr td:nth-child(3) mark.pl-ent").count() > 0, "no entity marked in the translation"
    assert_quiet(page_log)


def reader_title(page: Page) -> Locator:
    """The reader's article title (the sidebar has an h2 of its own: "Filters")."""
    return page.get_by_test_id("stMain").locator("h2").first


def main_combobox(page: Page, label: str) -> Locator:
    """A selectbox of the page (not of the sidebar), by its label."""
    return page.get_by_test_id("stMain").get_by_role("combobox", name=label, exact=True)


def test_copied_link_restores_the_view(
    fresh_context: Callable[[], BrowserContext], page: Page, page_log: PageLog, app_url: str, italian_id: str
) -> None:
    # Open an article, filter by Italian, copy the address...
    open_app(page, f"{app_url}/Reader?article={italian_id}")
    title = reader_title(page).inner_text()
    assert title and title != "Filters", title
    choose_filter(page, "Language", "it")
    expect(page).to_have_url(re.compile(r"[?&]lang=it(&|$)"))
    copied = page.url
    assert parse_qs(urlsplit(copied).query) == {"article": [italian_id], "lang": ["it"]}, copied

    # ...and paste it in a new browser (no cookies, no session state).
    other = fresh_context().new_page()
    open_app(other, copied)
    expect(reader_title(other)).to_have_text(title)
    expect(main_combobox(other, "Article")).to_have_value(re.compile(re.escape(title)))
    expect(sidebar_multiselect(other, "Language").locator("[data-tag]")).to_have_text(["it"])
    expect(other).to_have_url(re.compile(rf"article={italian_id}"))
    assert_quiet(page_log)


# --- the hostile article --------------------------------------------------------

# Everything in the document (and open shadow roots, same-origin frames) that would mean
# some article text became markup.
_INJECTED_JS = """
() => {
  const out = {img: [], onerror: [], katex: 0, jsLinks: [], bold: [], scripts: []};
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.tagName === 'IFRAME') { try { if (el.contentDocument) visit(el.contentDocument); } catch (e) {} }
    }
    root.querySelectorAll('img').forEach((i) => {
      const src = i.getAttribute('src') || '';
      if (src === 'x' || src.includes(':9/')) out.img.push(i.outerHTML);
    });
    root.querySelectorAll('[onerror]').forEach((e) => out.onerror.push(e.outerHTML.slice(0, 200)));
    out.katex += root.querySelectorAll('.katex, .katex-display, math').length;
    root.querySelectorAll('a[href]').forEach((a) => {
      if (a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')) out.jsLinks.push(a.outerHTML);
    });
    root.querySelectorAll('b, strong').forEach((b) => {
      if (b.textContent.includes('Evil')) out.bold.push(b.outerHTML);
    });
    root.querySelectorAll('script').forEach((s) => {
      if (s.textContent.includes('alert(')) out.scripts.push(s.outerHTML.slice(0, 200));
    });
  };
  visit(document);
  return out;
}
"""


def assert_nothing_injected(page: Page, page_log: PageLog) -> None:
    wait_idle(page)
    for frame in page.frames:
        found = frame.evaluate(_INJECTED_JS)
        assert found["img"] == [], f"{frame.url}: <img> from article text: {found['img']}"
        assert found["onerror"] == [], f"{frame.url}: onerror attributes: {found['onerror']}"
        assert found["katex"] == 0, f"{frame.url}: $x^2$ was rendered as LaTeX"
        assert found["jsLinks"] == [], f"{frame.url}: javascript: links: {found['jsLinks']}"
        assert found["bold"] == [], f"{frame.url}: the source's <b> became markup: {found['bold']}"
        assert found["scripts"] == [], f"{frame.url}: <script> from article text: {found['scripts']}"
    assert page_log.dialogs == [], f"dialogs fired: {page_log.dialogs}"
    assert not [u for u in page_log.outside_requests if ":9/" in u], page_log.outside_requests
    assert_quiet(page_log)


def main_text(page: Page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_hostile_article_in_reader(page: Page, page_log: PageLog, app_url: str, hostile_id: str) -> None:
    open_app(page, f"{app_url}/Reader?article={hostile_id}")
    expect(page.locator("table.pl-reader")).to_be_visible()
    expect(reader_title(page)).to_have_text(HOSTILE_TITLE)
    expect(main_combobox(page, "Article")).to_have_value(re.compile(re.escape(HOSTILE_TITLE)))

    table = page.locator("table.pl-reader").inner_text()
    for payload in (SCRIPT, IMG, LATEX, "(http://127.0.0.1:9/p.png)"):
        assert payload in table, f"{payload!r} is not shown as text in the reader"
    assert table.count(SCRIPT) == 2, "the <script> payload should be visible in the original and in the English"
    assert HOSTILE_SOURCE in main_text(page), "the source is not shown as text"
    # The javascript: URL is no link at all.
    expect(page.get_by_role("link", name=re.compile("Original article"))).to_have_count(0)
    assert_nothing_injected(page, page_log)
    assert_screenshot(full_screenshot(page, "reader-hostile-1280"), 1280)


def test_hostile_article_in_overview(page: Page, page_log: PageLog, app_url: str, hostile_id: str) -> None:
    open_app(page, app_url)
    card = page.locator("div.pl-card").filter(has=page.locator(f"a[href='Reader?article={hostile_id}']"))
    expect(card.locator("a")).to_have_text(HOSTILE_TITLE)
    expect(card).to_contain_text(HOSTILE_SOURCE)
    # The source in the sidebar's list is plain text too (the list is drawn only when opened).
    sidebar_multiselect(page, "Source").get_by_role("combobox").click()
    expect(page.get_by_role("option", name=HOSTILE_SOURCE, exact=True)).to_be_visible()
    assert_nothing_injected(page, page_log)
    page.keyboard.press("Escape")


def test_hostile_article_in_timeline(page: Page, page_log: PageLog, app_url: str, hostile_id: str) -> None:
    # Only the hostile article is published after 18 Nov: its event is alone on the axis (with every
    # article, a 1949 event squeezes 2024 into a few pixels where points overlap).
    open_app(page, app_url + "/Timeline?from=2024-11-18")
    wait_plot(page, "timeline_chart")
    # Find the hostile article's event among the drawn points (Plotly keeps each point's datum on its
    # element: the index into its trace's data), hover it, click it.
    where = plot_locator(page, "timeline_chart").evaluate(
        """(plot, id) => {
          for (const g of plot.querySelectorAll('.scatterlayer .trace')) {
            const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            if (!trace || !trace.customdata) continue;
            for (const pt of g.querySelectorAll('.point')) {
              const row = trace.customdata[pt.__data__.i];
              if (row && row[0] === id) {
                const r = pt.getBoundingClientRect();
                return [r.x + r.width / 2, r.y + r.height / 2];
              }
            }
          }
          return null;
        }""",
        hostile_id,
    )
    assert where is not None, "the hostile article's event is not on the timeline"
    x, y = where
    page.mouse.move(x, y)
    hover = page.locator(".st-key-timeline_chart .hoverlayer")
    expect(hover).to_contain_text("Evil", timeout=5_000)
    assert "<b>Evil</b>" in hover.text_content(), hover.text_content()  # markup shown as text, not bold
    page.mouse.click(x, y)
    wait_idle(page)
    evidence = page.locator("div.pl-card").filter(has=page.locator(f"a[href*='article={hostile_id}']"))
    expect(evidence.first).to_contain_text(IMG)
    expect(evidence.first.locator("a")).to_have_text(HOSTILE_TITLE)
    assert_nothing_injected(page, page_log)


def test_hostile_article_in_actors(page: Page, page_log: PageLog, app_url: str, hostile_id: str) -> None:
    open_app(page, app_url + "/Actors?entity=Q159")
    expect(main_combobox(page, "Actor")).to_have_value(re.compile("^Russia"))
    assert wait_plot(page, "actors_coactors") > 0
    card = page.locator("div.pl-card").filter(has=page.locator(f"a[href='Reader?article={hostile_id}']"))
    expect(card.locator("a")).to_have_text(HOSTILE_TITLE)
    expect(card).to_contain_text(HOSTILE_SOURCE)
    assert_nothing_injected(page, page_log)


def test_hostile_article_in_cooccurrence(page: Page, page_log: PageLog, app_url: str, hostile_id: str) -> None:
    # Only the hostile article is published after 18 Nov; Russia and North Korea share its first sentence.
    open_app(page, app_url + "/Co-occurrence?from=2024-11-18&a=Q159&b=Q423")
    assert wait_plot(page, "cooc_heatmap") > 0
    evidence = page.locator("div.pl-card").filter(has=page.locator(f"a[href*='article={hostile_id}']"))
    expect(evidence.first).to_contain_text(SCRIPT)
    expect(evidence.first.locator("a")).to_have_text(HOSTILE_TITLE)
    expect(evidence.first).to_contain_text(HOSTILE_SOURCE)
    assert_nothing_injected(page, page_log)
