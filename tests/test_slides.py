"""Slide-size static export (presslens.slides): layout as a pure function, export through kaleido.

The export tests drive Debian's Chromium through kaleido (``make chromium``);
when it is missing they fail with a message saying so, they never skip. They
share one browser (its starts are counted, not timed) and take ~12 s together,
hence ``slow``: ``make test`` runs them, ``make unit`` does not.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from presslens import slides
from presslens.charts import bar_figure, heatmap_figure, timeline_figure, volume_figure

SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    'Filters: q=<script>alert(1)</script> · source=<a href="http://127.0.0.1:9/">x</a> · '
    "actor=<img src=x onerror=alert(1)> · <b>bold</b> &amp; %{meta}"
)
CAPTION = (
    "Events by actor · 120 article(s) · 14 source(s) · languages ar, de, it, ko, ru · published 2024-01-01 to "
    "2024-11-26 · filters: country=KP,RU; actor=Sergej Lawrow; q=Città Köln Москва 북한 كوريا"
)
SOURCE = slides.source_line_for("2026-11-30", "data/presslens.db")
TYPES = ["agreement", "military", "combat", "sanctions", "meeting", "aid", "statement", "elections", "other"]
NAMES = [
    "North Korea",
    "Russia",
    "Sergei Lavrov",
    "Kim Jong Un",
    "Corea del Nord",
    "Nordkorea",
    "Москва",
    "북한",
    "كوريا الشمالية",
    "Ministero degli Affari Esteri della Repubblica Italiana",
    "Bundesministerium der Verteidigung",
    "Città del Vaticano",
    "Köln",
    "United Nations Security Council",
    "European Union",
    "NATO",
    "China",
    "United States",
    "Ukraine",
    "Japan",
    "South Korea",
    "Iran",
    "Israel",
    "Turkey",
    "India",
]


# --- small inputs for every chart builder (the shapes presslens.analytics returns) ---------


def timeline(rows: int = 25, colour: str = "type") -> go.Figure:
    rng = np.random.default_rng(1)
    n = 120
    start = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 330, n), unit="D")
    points = pd.DataFrame(
        {
            "row": [NAMES[i % rows] for i in range(n)],
            "start": start,
            "date": start.strftime("%Y-%m-%d"),
            "precision": "day",
            "date_text": "il 19 novembre",
            "type": [TYPES[i % len(TYPES)] for i in range(n)],
            "country": [["KP", "RU", "UA", "US"][i % 4] for i in range(n)],
            "article_id": [f"a{i}" for i in range(n)],
            "sentence": np.arange(n),
            "reports": rng.integers(1, 8, n),
            "source": "ANSA",
            "sentence_original": "Il 19 novembre i delegati hanno firmato un accordo.",
        }
    )
    return timeline_figure(points, colour=colour, title="Events by actor")


def volume() -> go.Figure:
    periods = pd.date_range("2024-01-01", periods=40, freq="W")
    parts = [
        pd.DataFrame({"period": periods, "articles": np.arange(40) % (7 + i) * (i + 1), "actor": actor})
        for i, actor in enumerate(NAMES[:6])
    ]
    return volume_figure(pd.concat(parts), title="Articles per week for the top actors")


def heatmap(n: int = 20) -> go.Figure:
    names = NAMES[:n]
    rng = np.random.default_rng(2)
    matrix = pd.DataFrame(rng.integers(0, 40, (n, n)), index=names, columns=names)
    matrix.attrs["ids"] = [f"Q{i}" for i in range(n)]
    return heatmap_figure(matrix, "count")


def bar(n: int = 15) -> go.Figure:
    kinds = ["country", "person", "organization", "location", "other"]
    frame = pd.DataFrame(
        {"name": NAMES[:n], "articles": list(range(n * 10, 0, -10)), "type": [kinds[i % 5] for i in range(n)]}
    )
    return bar_figure(frame, "articles", "name", colour="type", title="Most mentioned actors")


BUILDERS: dict[str, Callable[[], go.Figure]] = {
    "timeline": timeline,
    "timeline-by-country": lambda: timeline(colour="country"),
    "volume": volume,
    "heatmap": heatmap,
    "bar": bar,
    "empty-timeline": lambda: timeline_figure(pd.DataFrame()),
}


def sample_figures() -> dict[str, go.Figure]:
    """One figure per chart builder of presslens.charts (used by benchmarks/bench_slides.py too)."""
    return {"timeline": timeline(), "volume": volume(), "heatmap": heatmap(), "bar": bar()}


def snapshot(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)


def svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data.decode("utf-8"))


def annotation_lines(root: ET.Element) -> list[list[str]]:
    """The text of each annotation in an exported SVG, line by line (one tspan per line)."""
    out = []
    for text in root.iter(f"{SVG_NS}text"):
        if "annotation-text" in (text.get("class") or ""):
            spans = [t for t in text.iter(f"{SVG_NS}tspan") if "line" in (t.get("class") or "")]
            out.append(["".join(s.itertext()) for s in spans] if spans else ["".join(text.itertext())])
    return out


def caption_lines(fig: go.Figure, name: str) -> list[str]:
    """The plain lines of the slide annotation ``name`` ("presslens-caption" or "presslens-source")."""
    ann = [a for a in fig.layout.annotations if a.name == name]
    assert len(ann) == 1, [a.name for a in fig.layout.annotations]
    return [html.unescape(line) for line in str(ann[0].text).split("<br>")]


# --- pure layout -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("size", sorted(slides.SLIDE_SIZES))
def test_slide_figure_layout(name: str, size: str) -> None:
    fig = BUILDERS[name]()
    before = snapshot(fig)
    out = slides.slide_figure(fig, caption=CAPTION, source_line=SOURCE, size=size)
    assert out is not fig and snapshot(fig) == before, "slide_figure changed its input"
    width, height = slides.SLIDE_SIZES[size]
    lay = out.layout
    assert (lay.width, lay.height) == (width, height)
    assert lay.paper_bgcolor == "white" and lay.plot_bgcolor == "white"
    assert lay.font.size >= 18 and lay.title.font.size >= 28
    assert lay.xaxis.automargin is False and lay.yaxis.automargin is False
    # The plot keeps most of the slide; the bottom margin holds labels, caption and source.
    plot_w, plot_h = width - lay.margin.l - lay.margin.r, height - lay.margin.t - lay.margin.b
    assert min(plot_w, plot_h) >= 0.5 * min(width, height), (plot_w, plot_h)
    if name != "heatmap":
        assert plot_w >= 0.6 * width, plot_w
    if fig.layout.title.text:
        assert html.unescape(str(fig.layout.title.text)) in html.unescape(str(lay.title.text).replace("<br>", " "))
    assert " ".join(caption_lines(out, "presslens-caption")) == CAPTION
    assert " ".join(caption_lines(out, "presslens-source")) == SOURCE
    if name == "heatmap":
        assert abs(plot_w - plot_h) <= 2, "heatmap cells are square"
        assert lay.yaxis.scaleanchor == "x"


def test_caption_and_labels_are_escaped_in_the_figure() -> None:
    fig = bar()
    fig.data[0].y = tuple(["<img src=x onerror=alert(1)>", *list(fig.data[0].y)[1:]])  # as if esc() had been skipped
    out = slides.slide_figure(fig, caption=HOSTILE, source_line="Source: <a href='http://127.0.0.1:9/'>s</a>")
    texts = [str(a.text) for a in out.layout.annotations] + [str(t) for t in out.layout.yaxis.ticktext]
    joined = " ".join(texts)
    assert "<script" not in joined and "<img" not in joined and "<a " not in joined and "<b>" not in joined
    assert "&lt;script&gt;" in joined and "&amp;amp;" in joined
    assert all(re.fullmatch(r"(?:[^<]|<br>)*", t) for t in texts), texts  # <br> is the only markup
    assert out.layout.meta is None  # no %{meta} templating of the caption


def test_wrap_text() -> None:
    text = "word " * 200
    lines = slides.wrap_text(text, 500, 20, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(slides.text_width(line, 20) <= 500 for line in lines)
    assert slides.wrap_text("a\nb\n\nc", 500, 20, 9) == ["a", "b", "", "c"]
    # A word wider than a line is broken; Han characters break anywhere; Hangul words stay whole.
    long_word = slides.wrap_text("x" * 300, 200, 20, 99)
    assert len(long_word) > 1 and "".join(long_word) == "x" * 300
    han = slides.wrap_text("北朝鮮" * 30, 200, 20, 99)
    assert len(han) > 1 and "".join(han) == "北朝鮮" * 30
    hangul = slides.wrap_text("북한과 러시아의 정상회담이 모스크바에서 열렸다 " * 4, 300, 20, 99)
    assert all(w in "북한과 러시아의 정상회담이 모스크바에서 열렸다".split() for line in hangul for w in line.split())
    # Control characters and bidi overrides from untrusted text are gone.
    assert slides.wrap_text("a\x00b\u202ec\x1b", 500, 20, 2) == ["a bc"]
    assert slides.escape_lines(["<b>", "&"]) == "&lt;b&gt;<br>&amp;"


def test_sizes_source_line_and_png_header() -> None:
    assert slides.slide_size("16:9") == (1920, 1080) and slides.slide_size("1:1") == (1080, 1080)
    assert slides.slide_size((1280, 720)) == (1280, 720)
    for bad in ("4:3", (0, 10), (1920.0, 1080)):
        with pytest.raises(ValueError):
            slides.slide_size(bad)  # type: ignore[arg-type]
    assert SOURCE == "Source: PressLens · data as of 2026-11-30 · data/presslens.db"
    assert slides.source_line_for(None) == "Source: PressLens"
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")
    assert slides.png_size(header + b"\x08\x06\x00\x00\x00") == (1920, 1080)
    with pytest.raises(ValueError):
        slides.png_size(b"<svg></svg>")


def test_slides_never_imports_streamlit() -> None:
    code = "import sys, presslens.slides; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120, check=False).returncode == 0


def test_bad_format_is_refused_before_any_browser() -> None:
    with pytest.raises(ValueError):
        slides.export_image(bar(), "jpg", "16:9")  # type: ignore[arg-type]


# --- export through kaleido and Chromium -----------------------------------------------------
# test_missing_chromium and test_browser_starts_once run first: the module's
# exports then share the one browser that test_browser_starts_once started.


@pytest.fixture(scope="module")
def chromium() -> Iterator[str]:
    path = slides.find_browser()
    if path is None:
        pytest.fail(
            "slide export tests need Chromium, which is missing (not on PATH, BROWSER_PATH unset): run "
            "`make chromium` (as root it installs Debian's chromium; otherwise `sudo apt-get install chromium`).",
            pytrace=False,
        )
    yield path
    slides.shutdown()


@pytest.mark.slow
def test_missing_chromium_is_a_clear_error(chromium: str, monkeypatch: pytest.MonkeyPatch) -> None:
    slides.shutdown()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(slides.ExportError, match=r"needs Chromium: BROWSER_PATH='/nonexistent/chromium'"):
        slides.export_image(bar(), "png", "16:9")


@pytest.mark.slow
def test_browser_starts_once(chromium: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import kaleido  # type: ignore[import-untyped]

    slides.shutdown()
    opened: list[object] = []
    real_open = kaleido.Kaleido.open

    async def counting_open(self: Any) -> None:
        opened.append(self)
        await real_open(self)

    monkeypatch.setattr(kaleido.Kaleido, "open", counting_open)
    starts = slides.browser_starts()
    fig = slides.slide_figure(bar(), caption=CAPTION, source_line=SOURCE, size="16:9")
    for fmt in ("png", "svg", "png", "svg", "png"):
        assert slides.export_image(fig, fmt, "16:9")
    assert len(opened) == 1, f"kaleido started {len(opened)} browsers for 5 exports"
    assert slides.browser_starts() == starts + 1


@pytest.mark.slow
@pytest.mark.parametrize("size", sorted(slides.SLIDE_SIZES))
def test_png_has_the_slide_size(chromium: str, size: str) -> None:
    out = slides.slide_figure(timeline(), caption=CAPTION, source_line=SOURCE, size=size)
    data = slides.export_image(out, "png", size)
    assert slides.png_size(data) == slides.SLIDE_SIZES[size]
    assert len(data) > 20_000, "too small for a drawn chart"
    assert slides.export_slide(bar(), "png", caption=CAPTION, source_line=SOURCE, size=size)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
@pytest.mark.parametrize("size", sorted(slides.SLIDE_SIZES))
def test_svg_holds_the_caption_and_source_line(chromium: str, size: str) -> None:
    out = slides.slide_figure(volume(), caption=CAPTION, source_line=SOURCE, size=size)
    data = slides.export_image(out, "svg", size)
    root = svg_root(data)
    assert root.get("width") == str(slides.SLIDE_SIZES[size][0]) and root.get("height") == str(
        slides.SLIDE_SIZES[size][1]
    )
    drawn = annotation_lines(root)
    assert caption_lines(out, "presslens-caption") in drawn, drawn
    assert [SOURCE] in drawn, drawn
    text = data.decode("utf-8")
    assert "Città" in text and "Москва" in text and "북한" in text and "كوريا" in text
    assert "Articles per week for the top actors" in text


@pytest.mark.slow
def test_hostile_caption_appears_only_escaped(chromium: str) -> None:
    out = slides.slide_figure(bar(), caption=HOSTILE, source_line=SOURCE + " · <img src=x onerror=alert(2)>")
    data = slides.export_image(out, "svg", "16:9")
    text = data.decode("utf-8")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&#60;script&#62;" in text or "&lt;script&gt;" in text
    root = svg_root(data)
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"script", "img", "a", "foreignObject", "iframe"}, tags
    for el in root.iter():
        for key, value in el.attrib.items():
            assert "127.0.0.1" not in value and "alert(" not in value, (el.tag, key, value)
            assert not key.split("}")[-1].startswith("on"), (el.tag, key)
    drawn = annotation_lines(root)
    assert caption_lines(out, "presslens-caption") in drawn  # shown as text, character for character
    assert any("%{meta}" in line for lines in drawn for line in lines)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_exports_at_both_sizes(chromium: str, name: str) -> None:
    fig = BUILDERS[name]()
    for size, (width, height) in slides.SLIDE_SIZES.items():
        out = slides.slide_figure(fig, caption=CAPTION, source_line=SOURCE, size=size)
        assert slides.png_size(slides.export_image(out, "png", size)) == (width, height)
    if name in ("timeline", "heatmap"):  # the others' SVG is checked above
        out = slides.slide_figure(fig, caption=CAPTION, source_line=SOURCE, size="1:1")
        assert svg_root(slides.export_image(out, "svg", "1:1")).get("width") == "1080"


@pytest.mark.slow
def test_exports_from_threads_each_get_their_own_image(chromium: str) -> None:
    # kaleido's own sync server can hand one caller another's image (plotly/Kaleido#444).
    sizes = [(1920, 1080), (1080, 1080), (1280, 720), (800, 800)]
    results: dict[tuple[int, int], tuple[int, int] | BaseException] = {}

    def work(size: tuple[int, int]) -> None:
        try:
            results[size] = slides.png_size(slides.export_image(bar(), "png", size))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[size] = exc

    threads = [threading.Thread(target=work, args=(s,)) for s in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {s: s for s in sizes}


@pytest.mark.slow
def test_a_hung_export_times_out_and_the_browser_is_replaced(chromium: str, monkeypatch: pytest.MonkeyPatch) -> None:
    slides.export_image(bar(), "svg", "1:1")  # the browser is up
    browser = slides._browser
    assert browser is not None

    async def hang(*_args: Any, **_kwargs: Any) -> bytes:
        import asyncio

        await asyncio.sleep(3600)
        return b""

    monkeypatch.setattr(browser.kaleido, "calc_fig", hang)
    monkeypatch.setattr(slides, "_GRACE", 0.0)
    with pytest.raises(slides.ExportError, match=r"did not finish within"):
        slides.export_image(bar(), "png", "16:9", timeout=0.5)
    assert slides._browser is None and not browser.thread.is_alive()
