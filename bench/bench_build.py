"""Benchmark: build the example report — every output against HTML alone, and each format's own time.

Run by hand: ``.venv/bin/python bench/bench_build.py [--runs N] [--repeat N]``. Two measurements:

1. Whole process, paired: ``juesuan build EXAMPLE --format html`` and ``juesuan build EXAMPLE`` (every
   default format: html, pdf, docx, xlsx, json, fdp) run one after the other, ``--runs`` times; the median
   wall time of each and the ratio of the medians (goal: all formats < 2 × HTML alone).
2. In process, per format: the example is loaded, checked and laid out once (``prepare``), then each
   renderer runs once cold (its imports, fonts and caches included) and ``--repeat`` times warm (goal:
   each format < 1 s of work after start-up).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024"
FORMATS = ("html", "pdf", "docx", "xlsx", "json", "fdp")


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def whole_process(runs: int) -> tuple[list[float], list[float]]:
    """Wall times of `juesuan build --format html` and of `juesuan build` (all formats), paired."""
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


def per_format(repeat: int) -> dict[str, tuple[float, float]]:
    """Each format's cold (first) and warm (median) rendering time, in one process."""
    from juesuan.build import RENDERERS, prepare

    view = prepare(EXAMPLE)
    out = {}
    for fmt in FORMATS:
        start = time.perf_counter()
        RENDERERS[fmt](view)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()
            RENDERERS[fmt](view)
            warm.append(time.perf_counter() - start)
        out[fmt] = (cold, statistics.median(warm))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="paired whole-process runs")
    parser.add_argument("--repeat", type=int, default=5, help="warm renderings per format")
    args = parser.parse_args()

    html, every = whole_process(args.runs)
    h, a = statistics.median(html), statistics.median(every)
    print(f"whole process, {args.runs} paired runs (median):")
    print(f"  juesuan build --format html   {h * 1000:6.0f} ms")
    print(f"  juesuan build (all formats)   {a * 1000:6.0f} ms")
    print(f"  all formats / HTML alone      {a / h:6.2f} ×")
    print(f"per format, in process after prepare (cold first rendering, warm median of {args.repeat}):")
    for fmt, (cold, warm) in per_format(args.repeat).items():
        print(f"  {fmt:5} cold {cold * 1000:6.0f} ms   warm {warm * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
