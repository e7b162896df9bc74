"""Benchmark: build the example report — every output against HTML alone, and each format's own time.

Run by hand: ``.venv/bin/python bench/bench_build.py [--runs N] [--repeat N]``. Two measurements:

1. Whole process, paired: ``juesuan build EXAMPLE --format html`` and ``juesuan build EXAMPLE`` (every
   default format: html, pdf, docx, xlsx, json, fdp) run one after the other, ``--runs`` times; the median
   wall time of each and the ratio of the medians (goal: all formats < 2 × HTML alone).
2. In process, per format: the example is loaded, checked and laid out once (``prepare``), then each
   renderer runs once cold (its imports, fonts and caches included) and ``--repeat`` times warm on
   variants of the view with changed text and chart titles, so that no cache holds their result (goal:
   each format < 1 s of work after start-up).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024"
FORMATS = ("html", "pdf", "docx", "xlsx", "json", "fdp")


Timing = tuple[float, float]  # wall seconds, CPU seconds


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str]) -> Timing:
    start, cpu = time.perf_counter(), _cpu_children()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start, _cpu_children() - cpu


def whole_process(runs: int) -> tuple[list[Timing], list[Timing]]:
    """Wall and CPU times of `juesuan build --format html` and of `juesuan build` (all formats), paired.
    CPU time (user + system of the process and its threads) is the work done, whatever else the machine
    runs; wall time also holds the waiting for a core."""
    script = Path(sys.executable).with_name("juesuan")  # the console script of this environment
    juesuan = (
        [str(script)] if script.exists() else [sys.executable, "-c", "from juesuan.cli import main; main()"]
    )
    html, every = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            html.append(_run([*juesuan, "build", str(EXAMPLE), "-o", f"{tmp}/h{n}", "--format", "html"]))
            every.append(_run([*juesuan, "build", str(EXAMPLE), "-o", f"{tmp}/a{n}"]))
    return html, every


def _variant(view: Any, n: int) -> Any:
    """The view with its title, paragraphs and chart titles changed: new data for every cache on the way
    (Typst memoises the layout of content it has seen, charts keep the figure of a chart they have drawn)."""
    blocks = [replace(b, text=f"{b.text}（{n}）") if b.kind == "paragraph" else b for b in view.blocks]
    charts = {key: replace(chart, title=f"{chart.title}（{n}）") for key, chart in view.charts.items()}
    return replace(view, title=f"{view.title}（{n}）", blocks=blocks, charts=charts)


def per_format(repeat: int) -> dict[str, tuple[Timing, Timing]]:
    """Each format's cold (first) rendering time and its median over ``repeat`` renderings of views with
    changed text, in one process."""
    from juesuan.build import RENDERERS, prepare

    view = prepare(EXAMPLE)
    times: dict[str, list[Timing]] = {fmt: [] for fmt in FORMATS}
    for current in [view, *(_variant(view, n) for n in range(repeat))]:
        for fmt in FORMATS:  # in build order: the formats after html reuse its chart figures, as in a build
            start, cpu = time.perf_counter(), time.process_time()
            RENDERERS[fmt](current)
            times[fmt].append((time.perf_counter() - start, time.process_time() - cpu))
    return {fmt: (t[0], _median(t[1:])) for fmt, t in times.items()}


def _median(timings: list[Timing]) -> Timing:
    return statistics.median(w for w, _ in timings), statistics.median(c for _, c in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="paired whole-process runs")
    parser.add_argument("--repeat", type=int, default=5, help="warm renderings per format")
    args = parser.parse_args()

    html, every = whole_process(args.runs)
    (hw, hc), (aw, ac) = _median(html), _median(every)
    print(f"whole process, {args.runs} paired runs (median wall / CPU):")
    print(f"  juesuan build --format html   {hw * 1000:6.0f} ms / {hc * 1000:6.0f} ms")
    print(f"  juesuan build (all formats)   {aw * 1000:6.0f} ms / {ac * 1000:6.0f} ms")
    print(f"  all formats / HTML alone      {aw / hw:6.2f} ×  / {ac / hc:6.2f} ×")
    print(f"per format, in process after prepare (wall / CPU; warm: median of {args.repeat} changed views):")
    for fmt, ((cw, cc), (ww, wc)) in per_format(args.repeat).items():
        print(
            f"  {fmt:5} first {cw * 1000:6.0f} / {cc * 1000:6.0f} ms   "
            f"warm {ww * 1000:6.0f} / {wc * 1000:6.0f} ms"
        )


if __name__ == "__main__":
    main()
