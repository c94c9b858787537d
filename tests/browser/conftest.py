"""Fixtures for tests that drive the dashboard in a real Chromium.

One Streamlit server (on a store holding the sample corpus and one hostile article)
and one browser per test session. Tests share one browser context, so that the
app's scripts are compiled once, but each gets a new ``page`` (cookies cleared);
``fresh_context`` makes contexts with no history at all. A test's
``page_log`` records what an XSS test needs to assert that nothing happened:
browser dialogs (dismissed), requests leaving 127.0.0.1 or going to port 9
(blocked), uncaught page errors and console errors.

Helpers for tests: :func:`open_app`, :func:`wait_idle`, :func:`full_screenshot`,
:func:`wait_plot`, :func:`choose_filter`, :func:`resize`, :func:`assert_quiet`.
Chromium is Debian's (``make chromium``); when it is missing the tests fail.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Locator,
    Page,
    Request,
    Route,
    WebSocket,
    sync_playwright,
)
from playwright.sync_api import (
    TimeoutError as PlaywrightTimeoutError,
)

from presslens.config import SAMPLE_DIR, Settings
from presslens.pipeline import ingest_paths
from presslens.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
SERVER_START_TIMEOUT = 60.0
IDLE_TIMEOUT_MS = 30_000
# The loopback host the server listens on; anything else (and the discard port 9,
# the usual beacon target of an XSS payload) counts as "left the machine".
LOCAL_HOST = "127.0.0.1"
BEACON_PORT = 9


# --- the server -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCAL_HOST, 0))
        return int(s.getsockname()[1])


def _health(url: str) -> str | None:
    """The body of the health endpoint, or None when the server does not answer (yet)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    try:
        with opener.open(url, timeout=2) as resp:
            return str(resp.read().decode("utf-8", "replace").strip())
    except OSError:
        return None


def _tail(path: Path, limit: int = 6000) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return text[-limit:] or "(empty)"


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py`` and the store it reads."""

    url: str
    db_path: Path
    process: subprocess.Popen[bytes]
    stderr_path: Path


# --- the hostile article ----------------------------------------------------------
# Ingested beside the sample: every field a page shows carries markup, Markdown or
# LaTeX that must come out as text. It mentions Russia and North Korea (so it has
# entities and shows up on the actor pages) and one dated agreement (the timeline).
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
PIXEL = "![x](http://127.0.0.1:9/p.png)"
LATEX = "$x^2$"
HOSTILE_TITLE = f"{SCRIPT} Vertice a Mosca"
HOSTILE_SOURCE = "<b>Evil</b> <img src=x onerror=alert(2)>"
HOSTILE_URL = "javascript:alert(3)"
HOSTILE_PUBLISHED = "2024-11-20"
HOSTILE_RECORD = {
    "title": HOSTILE_TITLE,
    "text": (
        f"Il vertice tra la Russia e la Corea del Nord si è chiuso a Mosca con una dichiarazione comune {SCRIPT} "
        "sulla cooperazione militare. "
        f"Il 19 novembre i delegati della Russia hanno firmato un accordo {IMG} che secondo gli osservatori "
        f"cambia gli equilibri in Asia {PIXEL}. "
        f"Gli analisti stimano che il costo per la Corea del Nord cresca come {LATEX} nei prossimi anni."
    ),
    "translation": (
        f"The summit between Russia and North Korea closed in Moscow with a joint declaration {SCRIPT} "
        "on military cooperation. "
        f"On 19 November the delegates of Russia signed an agreement {IMG} that, according to observers, "
        f"shifts the balance in Asia {PIXEL}. "
        f"Analysts estimate that the cost for North Korea grows like {LATEX} in the coming years."
    ),
    "source": HOSTILE_SOURCE,
    "url": HOSTILE_URL,
    "language": "it",
    "published": HOSTILE_PUBLISHED,
}


def write_hostile_article(folder: Path) -> Path:
    """Write the hostile article as a ``.json`` input file in ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.json").write_text(json.dumps(HOSTILE_RECORD, ensure_ascii=False), encoding="utf-8")
    return folder


def build_sample_store(path: Path) -> Path:
    """Ingest the bundled sample corpus and the hostile article into a new SQLite store at ``path``."""
    url = f"sqlite:///{path}"
    hostile_dir = write_hostile_article(path.parent / "hostile_input")
    store = Store(url)
    try:
        report = ingest_paths([SAMPLE_DIR, hostile_dir], store, Settings(db_url=url))
    finally:
        store.close()
    assert not report.rejected, report.summary()
    assert len(report.ingested) == 6, report.summary()
    return path


def start_app_server(db_path: Path, log_dir: Path) -> AppServer:
    """Start the dashboard on a free port against ``db_path`` and wait until it is healthy.

    Fails the test (with the server's stderr) when it does not answer "ok" in time.
    """
    port = _free_port()
    env = {**os.environ, "PRESSLENS_DB": str(db_path)}
    log_dir.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = log_dir / f"streamlit-{port}.out", log_dir / f"streamlit-{port}.err"
    cmd = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true"),
        *("--server.port", str(port)),
        *("--server.address", LOCAL_HOST),
        *("--browser.gatherUsageStats", "false"),
    ]
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    base = f"http://{LOCAL_HOST}:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    answer = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {proc.returncode} before answering on {base}.\n"
                f"--- stderr ---\n{_tail(stderr_path)}\n--- stdout ---\n{_tail(stdout_path)}",
                pytrace=False,
            )
        answer = _health(f"{base}/_stcore/health")
        if answer == "ok":
            return AppServer(url=base, db_path=db_path, process=proc, stderr_path=stderr_path)
        time.sleep(0.2)
    stop_app_server(proc)
    pytest.fail(
        f"streamlit did not answer 'ok' on {base}/_stcore/health within {SERVER_START_TIMEOUT:.0f} s "
        f"(last answer: {answer!r}).\n--- stderr ---\n{_tail(stderr_path)}\n--- stdout ---\n{_tail(stdout_path)}",
        pytrace=False,
    )


def stop_app_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server (SIGTERM, then SIGKILL after 10 s)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample corpus, shared by the session's browser tests."""
    return build_sample_store(tmp_path_factory.mktemp("browser_store") / "presslens.db")


@pytest.fixture(scope="session")
def sample_articles(sample_db: Path) -> list[dict[str, object]]:
    """One summary row per stored article (id, title, language, published, sentences...), oldest first."""
    store = Store(f"sqlite:///{sample_db}", create=False)
    try:
        return store.article_summaries()
    finally:
        store.close()


@pytest.fixture(scope="session")
def hostile_id(sample_articles: list[dict[str, object]]) -> str:
    """The id of the hostile article in ``sample_db``."""
    ids = [str(a["id"]) for a in sample_articles if a["title"] == HOSTILE_TITLE]
    assert len(ids) == 1, sample_articles
    return ids[0]


@pytest.fixture(scope="session")
def app_server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One dashboard server for the whole session, reading ``sample_db``."""
    server = start_app_server(sample_db, tmp_path_factory.mktemp("streamlit_logs"))
    try:
        yield server
    finally:
        stop_app_server(server.process)


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    """Base URL of the session's dashboard server, e.g. ``http://127.0.0.1:53123``."""
    return app_server.url


# --- the browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (headless). Missing Chromium fails, never skips."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"browser tests need Chromium at {CHROMIUM}, which is missing: run `make chromium` "
            "(as root it installs Debian's chromium; otherwise `sudo apt-get install chromium`).",
            pytrace=False,
        )
    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure is reported as such
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        try:
            yield b
        finally:
            b.close()


def is_outside(url: str) -> bool:
    """Whether a request to ``url`` leaves the local server: another host, or the beacon port 9."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension", "devtools"):
        return False
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.hostname != LOCAL_HOST or port == BEACON_PORT


@dataclass
class PageLog:
    """What happened in a test's browser context that a page should never cause."""

    dialogs: list[str] = field(default_factory=list)  # "alert: message", all dismissed
    outside_requests: list[str] = field(default_factory=list)  # URLs, all blocked
    page_errors: list[str] = field(default_factory=list)  # uncaught JS exceptions
    console_errors: list[str] = field(default_factory=list)

    def record_dialog(self, dialog: Dialog) -> None:
        """Record and dismiss a dialog (alert, confirm, prompt, beforeunload)."""
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def _watch_page(page: Page, log: PageLog) -> None:
    page.on("dialog", log.record_dialog)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)


def watch_context(context: BrowserContext, log: PageLog | Callable[[], PageLog]) -> None:
    """Record what ``context``'s pages do in ``log`` and block every request leaving 127.0.0.1.

    ``log`` is a PageLog, or a function returning the current one (a context shared
    by several tests records into each test's own log).
    """
    current: Callable[[], PageLog] = log if callable(log) else (lambda: log)

    def on_request(request: Request) -> None:
        if is_outside(request.url):
            current().outside_requests.append(request.url)

    def on_websocket(ws: WebSocket) -> None:
        if is_outside(ws.url):
            current().outside_requests.append(ws.url)

    def block(route: Route) -> None:
        route.abort("blockedbyclient")

    def on_page(page: Page) -> None:
        _watch_page(page, current())
        page.on("websocket", on_websocket)

    context.on("request", on_request)
    # Fired for every page of the context: the test's own and any popup it opens.
    context.on("page", on_page)
    # Recorded by on_request above; aborted so that a test neither waits on nor reaches the network.
    context.route(lambda url: is_outside(url), block)


@pytest.fixture
def page_log() -> PageLog:
    """The current test's record of dialogs, outside requests and page errors."""
    return PageLog()


@dataclass
class _SharedContext:
    context: BrowserContext
    log: PageLog = field(default_factory=PageLog)


@pytest.fixture(scope="session")
def shared_context(browser: Browser) -> Iterator[_SharedContext]:
    """One browser context for the session's tests, so that Streamlit's and Plotly's scripts are
    fetched and compiled once (a fresh context pays ≈ 5 s more per page with a chart).

    Streamlit keeps no state in the browser between page loads (a session lives as long
    as its websocket), so tests sharing the context do not see each other's filters.
    """
    ctx = browser.new_context(viewport=dict(VIEWPORT))
    shared = _SharedContext(ctx)
    watch_context(ctx, lambda: shared.log)
    try:
        yield shared
    finally:
        ctx.close()


@pytest.fixture
def context(shared_context: _SharedContext, page_log: PageLog) -> Iterator[BrowserContext]:
    """The session's browser context (1280x900), recording into this test's ``page_log``.

    Cookies are cleared and the test's pages closed afterwards. A test that needs a
    browser with no history at all uses :func:`fresh_context`.
    """
    shared_context.log = page_log
    ctx = shared_context.context
    ctx.clear_cookies()
    try:
        yield ctx
    finally:
        for p in ctx.pages:
            p.close()
        shared_context.log = PageLog()  # anything after the test is nobody's


@pytest.fixture
def fresh_context(browser: Browser, page_log: PageLog) -> Iterator[Callable[[], BrowserContext]]:
    """A factory of new browser contexts (1280x900, nothing shared), watched into ``page_log``."""
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        ctx = browser.new_context(viewport=dict(VIEWPORT))
        watch_context(ctx, page_log)
        made.append(ctx)
        return ctx

    try:
        yield make
    finally:
        for ctx in made:
            ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A new page (tab) for the test; its dialogs and requests land in ``page_log``."""
    return context.new_page()


# --- helpers --------------------------------------------------------------------

_IDLE_JS = """
(settleMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = app !== null
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]') !== null
    && document.querySelector('[data-stale="true"]') === null
    && document.querySelector('[data-testid="stSkeleton"]') === null;
  if (!idle) { window.__presslensIdleSince = undefined; return false; }
  const now = performance.now();
  if (window.__presslensIdleSince === undefined) window.__presslensIdleSince = now;
  return now - window.__presslensIdleSince >= settleMs;
}
"""


def wait_idle(page: Page, timeout_ms: float = IDLE_TIMEOUT_MS, settle_ms: float = 150) -> None:
    """Wait until the app has rendered and its script is idle.

    Idle means: ``[data-testid=stApp][data-test-script-state=notRunning]``, at
    least one element drawn in ``stMain`` (so the state "initial" before the
    first run does not count), no stale element, no skeleton (Streamlit draws a
    grey placeholder until a widget's code has loaded, which can be a second after
    the script is done), all for ``settle_ms`` in a row (so a rerun that a click
    has just requested is not missed).
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(_IDLE_JS, arg=settle_ms, timeout=timeout_ms, polling=50)


def open_app(page: Page, url: str) -> Page:
    """Load ``url`` (the app or one of its pages) and wait until it is drawn and idle."""
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)
    return page


def artifacts_dir() -> Path:
    """Where test artifacts go: ``$PRESSLENS_ARTIFACTS`` or ``artifacts/`` in the project (gitignored)."""
    override = os.environ.get("PRESSLENS_ARTIFACTS")
    return Path(override).expanduser() if override else ROOT / "artifacts"


def full_screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``<artifacts>/screenshots/<name>.png`` and return the path.

    Streamlit scrolls inside ``[data-testid=stMain]``, so Playwright's
    ``full_page`` would only capture the viewport: grow the viewport to the
    height of stMain's content first (width unchanged), then restore it.
    """
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"screenshot name {name!r}: use letters, digits, '.', '_' and '-' only")
    out_dir = artifacts_dir() / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.png"
    original = page.viewport_size or dict(VIEWPORT)
    width, height = original["width"], original["height"]
    # The content may reflow once the viewport grows: repeat until its height is stable.
    for _ in range(5):
        content = int(page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"))
        if content <= height:
            break
        height = content
        page.set_viewport_size({"width": width, "height": height})
        wait_idle(page)
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    if height != original["height"]:
        page.set_viewport_size(original)
    return path


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def assert_screenshot(path: Path, width: int) -> None:
    """The screenshot exists, is a drawn page (not a blank one) and is ``width`` pixels wide."""
    assert path.is_file(), path
    assert path.stat().st_size > 10_000, f"{path}: {path.stat().st_size} bytes, too small for a drawn page"
    assert png_size(path)[0] == width, (png_size(path), width)


def app_errors(page: Page) -> list[str]:
    """The text of every exception box (``st.exception``, an uncaught error in a page script) on the page."""
    return [t.strip()[:2000] for t in page.get_by_test_id("stException").all_inner_texts()]


def assert_quiet(log: PageLog) -> None:
    """Nothing a page should never cause: no dialog, no uncaught error, no request leaving 127.0.0.1."""
    assert log.dialogs == [], f"dialogs fired: {log.dialogs}"
    assert log.page_errors == [], f"uncaught page errors: {log.page_errors}"
    assert log.outside_requests == [], f"requests leaving 127.0.0.1 (blocked): {log.outside_requests}"


# Marks a Plotly chart has drawn: scatter points, bars, or the heatmap's image (its cells).
_PLOT_MARKS_JS = """
(plot) => {
  const points = plot.querySelectorAll('.scatterlayer .point, .barlayer .point').length;
  const cells = [...plot.querySelectorAll('.heatmaplayer image')].filter(
    (img) => (img.getAttribute('href') || img.getAttribute('xlink:href') || '').length > 100
      && img.getBoundingClientRect().width > 0 && img.getBoundingClientRect().height > 0
  ).length;
  return points + cells;
}
"""


def plot_locator(page: Page, key: str) -> Locator:
    """The Plotly chart drawn by ``st.plotly_chart(..., key=key)``."""
    return page.locator(f".st-key-{key} .js-plotly-plot")


def plot_marks(page: Page, key: str) -> int:
    """How many marks (points, bars, heatmap images) the chart ``key`` has drawn; 0 when it is not there."""
    plot = plot_locator(page, key)
    return int(plot.evaluate(_PLOT_MARKS_JS)) if plot.count() else 0


def wait_plot(page: Page, key: str, timeout_ms: float = IDLE_TIMEOUT_MS) -> int:
    """Wait until the chart ``key`` is visible with at least one drawn mark; return the number of marks.

    Streamlit loads Plotly lazily, so a chart appears a moment after the script is idle.
    """
    plot = plot_locator(page, key)
    try:
        plot.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        pytest.fail(f"the chart {key!r} did not appear; errors shown by the app: {app_errors(page)}", pytrace=False)
    deadline = time.monotonic() + timeout_ms / 1000
    while (marks := plot_marks(page, key)) == 0 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return marks


_PLOTS_FIT_JS = """
() => [...document.querySelectorAll('.js-plotly-plot')].every((p) => {
  const svg = p.querySelector('.main-svg');
  return svg !== null && Math.abs(svg.getBoundingClientRect().width - p.getBoundingClientRect().width) < 2;
})
"""


def resize(page: Page, width: int, height: int) -> None:
    """Change the viewport and wait until the app and every Plotly chart have followed."""
    page.set_viewport_size({"width": width, "height": height})
    wait_idle(page)
    page.wait_for_function(_PLOTS_FIT_JS, timeout=IDLE_TIMEOUT_MS, polling=100)


def sidebar_multiselect(page: Page, label: str) -> Locator:
    """The sidebar filter multiselect labelled ``label`` (e.g. "Language")."""
    return (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stMultiSelect")
        .filter(has=page.get_by_role("combobox", name=label, exact=True))
    )


def choose_filter(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar multiselect ``label``, close the list, wait for the rerun."""
    sidebar_multiselect(page, label).get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
