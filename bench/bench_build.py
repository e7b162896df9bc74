"""Benchmark: build the example report — HTML + JSON (text, 13 tables, 7 SVG charts), and every output.

Run by hand: ``.venv/bin/python bench/bench_build.py [--repeat N]``. Measures in-process wall time on one
core, after one warm-up build (imports, font loading and template compilation excluded, as the target is
"excluding interpreter start"). Prints the cold first build too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--format", dest="formats", action="append", help="formats to build (default: html, json)"
    )
    args = parser.parse_args()
    formats = tuple(args.formats or ("html", "json"))

    start = time.perf_counter()
    from juesuan.build import build  # import time is part of the cold figure

    with tempfile.TemporaryDirectory() as tmp:
        build(EXAMPLE, Path(tmp) / "out", formats)
        cold = time.perf_counter() - start
        times = []
        for n in range(args.repeat):
            t0 = time.perf_counter()
            build(EXAMPLE, Path(tmp) / f"out{n}", formats)
            times.append(time.perf_counter() - t0)
    print(f"formats: {', '.join(formats)}")
    print(f"cold (imports + first build): {cold * 1000:.0f} ms")
    print(
        f"warm build, {args.repeat} runs: median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
