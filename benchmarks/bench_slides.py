"""Slide export cost: the first export (Chromium starts) and the median per image after it.

Run: ``python benchmarks/bench_slides.py`` (part of ``make bench``; needs Chromium,
``make chromium``). In a fresh process, times the first ``export_image`` (kaleido
starts the browser), then ``--repeat`` exports per chart builder of
presslens.charts x format (PNG, SVG) x slide size, reusing that browser; also
``slide_figure`` alone (pure Python) and, for contrast, plotly's ``fig.to_image``
with no kaleido server running (a new browser per image). Records into RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.results import record_section  # noqa: E402
from presslens import slides  # noqa: E402
from tests.test_slides import CAPTION, SOURCE, sample_figures  # noqa: E402


def chromium_version(path: str) -> str:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
        return out.stdout.strip() or path
    except OSError:
        return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=6, help="exports per chart, format and size")
    parser.add_argument("--to-image", type=int, default=2, help="fig.to_image calls without a server (0: skip)")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    path = slides.find_browser()
    if path is None:
        sys.exit("bench_slides needs Chromium: run `make chromium` (or set BROWSER_PATH)")
    figures = sample_figures()
    layouts = {
        (name, size): slides.slide_figure(fig, caption=CAPTION, source_line=SOURCE, size=size)
        for name, fig in figures.items()
        for size in slides.SLIDE_SIZES
    }

    t0 = time.perf_counter()
    slides.export_image(layouts["bar", "16:9"], "png", "16:9")
    first = time.perf_counter() - t0

    layout_times = []
    for fig in figures.values():
        for size in slides.SLIDE_SIZES:
            t = time.perf_counter()
            slides.slide_figure(fig, caption=CAPTION, source_line=SOURCE, size=size)
            layout_times.append(time.perf_counter() - t)

    per: dict[tuple[str, str], list[float]] = {}
    per_chart: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for (name, size), fig in layouts.items():
            for fmt in ("png", "svg"):
                t = time.perf_counter()
                slides.export_image(fig, fmt, size)  # type: ignore[arg-type]
                elapsed = time.perf_counter() - t
                per.setdefault((fmt, size), []).append(elapsed)
                per_chart.setdefault(name, []).append(elapsed)
    starts = slides.browser_starts()
    slides.shutdown()

    to_image = []
    for _ in range(args.to_image):
        t = time.perf_counter()
        figures["bar"].to_image(format="png", width=1080, height=1080)
        to_image.append(time.perf_counter() - t)

    n = args.repeat * len(figures)
    rows = [
        f"| {fmt.upper()} | {size} ({'x'.join(map(str, slides.SLIDE_SIZES[size]))}) | {n} "
        f"| **{statistics.median(times) * 1000:.0f}** | {max(times) * 1000:.0f} |"
        for (fmt, size), times in sorted(per.items())
    ]
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {chromium_version(path)}: "
            f"`python benchmarks/bench_slides.py --repeat {args.repeat}` (the four chart builders of "
            "presslens/charts.py on small frames, laid out by `slide_figure` with a two-line caption).",
            "",
            f"- First export in a fresh process (kaleido starts Chromium, then one 1920x1080 PNG): **{first:.2f} s**.",
            f"- Browser starts for all {1 + sum(len(t) for t in per.values())} exports: **{starts}**.",
            f"- `slide_figure` alone (pure Python): median {statistics.median(layout_times) * 1000:.0f} ms.",
            *(
                [
                    f"- For contrast, plotly's `fig.to_image` with no kaleido server (a new browser per image): "
                    f"median {statistics.median(to_image):.2f} s per PNG over {len(to_image)} call(s)."
                ]
                if to_image
                else []
            ),
            "",
            "Per image once the browser is up:",
            "",
            "| format | size | exports | median ms | max ms |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "Median per chart (both formats and sizes): "
            + ", ".join(f"{name} {statistics.median(t) * 1000:.0f} ms" for name, t in per_chart.items())
            + ".",
        ]
    )
    print(body)
    if not args.no_record:
        record_section("slides", "Slide export (issue 7)", body)


if __name__ == "__main__":
    main()
