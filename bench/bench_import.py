"""Benchmark: import of a 13-table workbook (the example exported in the Sichuan layout). Run by hand:
``.venv/bin/python bench/bench_import.py`` (the target is < 0.5 s per import)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from juesuan.excel.export import export_workbook
from juesuan.excel.importer import load_workbook_dataset
from juesuan.loader import load_dataset

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jinkouhe-xinfang-2024"


def main(runs: int = 10) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jinkouhe-13-tables.xlsx"
        path.write_bytes(export_workbook(load_dataset(EXAMPLE)))
        start = time.perf_counter()
        load_workbook_dataset(path)
        first = time.perf_counter() - start
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            load_workbook_dataset(path)
            times.append(time.perf_counter() - start)
    print(f"first import (warm imports): {first * 1000:.0f} ms")
    print(
        f"import of a 13-table workbook: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {runs} runs"
    )


if __name__ == "__main__":
    main()
