"""Benchmark: audit throughput of published reports, documents per second on one core.

Run by hand: ``.venv/bin/python bench/bench_audit.py [--seconds S] [--pdf-reader pdfium|pymupdf|both]`` (it
pins itself to one core when the platform allows; ``taskset -c 0`` does the same). Measured, each warm
(imports and caches done first):

- txt: the reference report (``shared/seeds/000_…txt``) and juesuan's own text output of the example;
- docx: juesuan's own Word output of the example (13 tables, 3 自评表);
- pdf: the 25-page Shanghai report ``shared/corpus/shanghai-putuo-2024/putuo-caizhengju-2024.pdf``
  (nine ruled tables, two of them split across pages), with the chosen PDF reader (default: the
  engine's default; ``both`` measures each, PDFium and PyMuPDF, when installed).

After the warm-up the process freezes what start-up loaded out of the garbage collector's way and sets its
thresholds, as the command line does (``api.settle_gc``; ``--no-gc-freeze`` leaves both). Targets: ≥ 20
txt/docx and ≥ 2 PDF (25 pages) per second per core. A parallel batch (``audit_paths(…, jobs=N)``) scales
with the cores on top of this.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import tempfile
import time
from pathlib import Path

from juesuan.api import settle_gc
from juesuan.audit.pdf_source import DEFAULT_READER, ENV, READERS
from juesuan.audit.run import audit_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (ROOT / "tests" / "shared", ROOT.parent / "shared") if p.is_dir()), None)


def _inputs(workdir: Path) -> dict[str, Path]:
    from juesuan.build import prepare
    from juesuan.render.docx import render_docx
    from juesuan.render.text import render_text

    view = prepare(ROOT / "examples" / "jinkouhe-xinfang-2024")
    out = {
        "txt (juesuan output)": workdir / "report.txt",
        "docx (juesuan output)": workdir / "report.docx",
    }
    out["txt (juesuan output)"].write_text(render_text(view), encoding="utf-8")
    out["docx (juesuan output)"].write_bytes(render_docx(view))
    if SHARED is not None:
        out["txt (reference report)"] = SHARED / "seeds" / "000_4c429ad48011f7fe.txt"
        corpus = SHARED / "corpus" / "shanghai-putuo-2024"
        out["pdf (25 pages, Putuo 财政局)"] = corpus / "putuo-caizhengju-2024.pdf"
    return out


def measure(path: Path, seconds: float, freeze: bool = True) -> tuple[float, float]:
    """Documents per second of CPU time (process time: not disturbed by other processes on the machine)
    and the median wall-clock time of one audit."""
    audit_path(path)  # warm: imports, catalogue, classification index
    if freeze:
        settle_gc()  # as the command line does after start-up (juesuan.cli.main), and bench_check.py
    cpu, wall = [], []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(cpu) < 3:
        c, t = time.process_time(), time.perf_counter()
        audit_path(path)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return 1 / statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each input")
    parser.add_argument(
        "--pdf-reader", choices=[*READERS, "both"], default=None, help=f"default {DEFAULT_READER}"
    )
    parser.add_argument(
        "--no-gc-freeze", action="store_true", help="leave what start-up loaded to the garbage collector"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    chosen = args.pdf_reader or os.environ.get(ENV) or DEFAULT_READER
    readers = [r for r in READERS if importlib.util.find_spec(_MODULE[r])] if chosen == "both" else [chosen]
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in _inputs(Path(tmp)).items():
            for reader in readers if path.suffix == ".pdf" else [None]:
                if reader:
                    os.environ[ENV] = reader
                rate, median = measure(path, args.seconds, freeze=not args.no_gc_freeze)
                name = f"{label} [{reader}]" if reader else label
                wall = f"median wall {median * 1000:.0f} ms"
                print(f"{name:42s} {rate:7.1f} documents per CPU-second  ({wall})")


_MODULE = {"pdfium": "pypdfium2", "pymupdf": "pymupdf"}


if __name__ == "__main__":
    main()
