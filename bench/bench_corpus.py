"""Measure ``juesuan corpus audit``: throughput per format, engine overhead, peak memory per worker.

Run by hand: ``.venv/bin/python bench/bench_corpus.py [--n 1000] [--per-format 40] [--workers 2]
[--engines local,dask,ray] [--json OUT]``. Inputs are made in a temporary folder from the shared
documents: the real texts and the reference report (txt), the example department's report rendered as
docx, the three Putuo reports (pdf); each copy gets a unique last line (txt) or a unique name and an
appended byte (pdf, docx are zip-safe copies renamed) so that every file has its own SHA-256 and is
audited.

1. **Throughput per format**: ``--per-format`` files of each format on the ``local`` engine.
2. **Engine overhead**: ``--n`` txt documents on ``local`` and on each cluster engine of ``--engines``
   (``dask``, ``ray``: a local cluster of the same number of workers, started for the run and included in
   its time); overhead = engine time / local time − 1. The findings are checked identical to local's.
3. **Peak memory per worker**: the largest resident set size of any process under this one (the pool's
   workers; a cluster's workers, their children and, for ray, its raylet and GCS), sampled every 0.1 s
   (psutil) while each run goes; also the peak per process name and the peak of their sum.
4. **Start-up**: for each engine, the seconds from making it to the first result of one document, and
   the seconds its close takes.

The figures are written to ``docs/scaling.md`` by hand, with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from juesuan.corpus.query import query
from juesuan.corpus.run import audit_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "shared"
REFERENCE = SHARED / "seeds" / "000_4c429ad48011f7fe.txt"
TXT = [*sorted((SHARED / "corpus" / "real-texts").glob("*.txt")), REFERENCE]
PDF = sorted((SHARED / "corpus" / "shanghai-putuo-2024").glob("putuo-*.pdf"))


DRIVER = psutil.Process().cmdline()
FORK = "driver fork before exec"


def _label(proc: psutil.Process) -> str:
    """What a process is: its name, or for Python the module run with -c (``multiprocessing.forkserver``:
    the forkserver and the pool workers it forks; ``multiprocessing.spawn``: a dask worker) or the script."""
    name = proc.name()
    if proc.cmdline() == DRIVER:
        return FORK  # forked by the driver, not yet exec'd (Ray starts its processes so): the driver's pages
    if not name.startswith("python"):
        return name.split(".")[0]  # raylet, gcs_server, ray::ChunkActor (.analyse while it runs one), ...
    args = proc.cmdline()[1:]
    if "-c" in args[:-1]:
        return args[args.index("-c") + 1].split(";")[0].removeprefix("from ").split(" import")[0]
    scripts = [a for a in args if a.endswith(".py")]
    return Path(scripts[0]).name if scripts else name


class PeakMemory:
    """Sample the RSS and CPU time of every process under this one every 0.1 s: the peak RSS per process
    (with what the process was at its peak: a ray worker renames itself), of their sum, and the CPU
    seconds each used (as last seen), added up by what the processes are."""

    def __init__(self) -> None:
        self.peaks: dict[tuple[int, float], tuple[int, str]] = {}  # (pid, start) → (peak RSS, label then)
        self.cpu: dict[tuple[int, float], tuple[float, str]] = {}  # (pid, start) → (CPU seconds, label)
        self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    with child.oneshot():
                        key = (child.pid, child.create_time())
                        rss = child.memory_info().rss
                        times = child.cpu_times()
                        label = _label(child)
                except psutil.Error:
                    continue
                if rss > self.peaks.get(key, (0, ""))[0]:
                    self.peaks[key] = (rss, label)
                self.cpu[key] = (times.user + times.system, label)
                total += rss
            self.total = max(self.total, total)
            time.sleep(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def max_mb(self) -> float:
        """The largest peak of a worker: any process but a fork of the driver before its exec."""
        return round(max((rss for rss, label in self.peaks.values() if label != FORK), default=0) / 2**20, 1)

    @property
    def by_name(self) -> dict[str, float]:
        peaks: dict[str, float] = {}
        for rss, label in self.peaks.values():
            peaks[label] = max(peaks.get(label, 0.0), round(rss / 2**20, 1))
        return dict(sorted(peaks.items(), key=lambda kv: -kv[1]))

    @property
    def cpu_by_name(self) -> dict[str, float]:
        seconds: dict[str, float] = {}
        for cpu, label in self.cpu.values():
            seconds[label] = round(seconds.get(label, 0.0) + cpu, 2)
        return dict(sorted(seconds.items(), key=lambda kv: -kv[1]))


def make_txt(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        src = TXT[k % len(TXT)]
        text = src.read_text(encoding="utf-8")
        (folder / f"t{k:06d}.txt").write_text(text + f"\n（副本{k}）\n", encoding="utf-8")


def make_copies(folder: Path, sources: list[Path], n: int, suffix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        dst = folder / f"{suffix}{k:06d}.{suffix}"
        shutil.copy(sources[k % len(sources)], dst)
        with open(dst, "ab") as fh:  # trailing bytes after %%EOF / the zip's end: same content, new hash
            fh.write(f"\n%{k}\n".encode() if suffix == "pdf" else b"\0" * (k + 1))


def example_docx(tmp: Path) -> Path:
    from juesuan.build import build

    build(ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml", tmp / "docx-src", formats=("docx",))
    return tmp / "docx-src" / "report.docx"


def run(folder: Path, store: Path, engine: str, workers: int) -> dict:
    me = psutil.Process()
    with PeakMemory() as mem:
        started, cpu = time.perf_counter(), sum(me.cpu_times()[:2])
        summary = audit_corpus([folder], store, engine=engine, workers=workers, batch_size=200)
        seconds, cpu = time.perf_counter() - started, sum(me.cpu_times()[:2]) - cpu
    return {
        "engine": engine,
        "files": summary.audited,
        "seconds": round(seconds, 2),
        "docs_per_second": round(summary.audited / seconds, 2),
        "peak_worker_rss_mb": mem.max_mb,
        "peak_rss_mb_by_process": mem.by_name,
        "peak_total_rss_mb": round(mem.total / 2**20, 1),
        "driver_cpu_seconds": round(cpu, 2),
        "cpu_seconds_by_process": mem.cpu_by_name,
        "statuses": summary.statuses,
    }


STARTUP = """
import json, sys, time
from pathlib import Path
from juesuan.corpus.analyse import file_sha256
from juesuan.corpus.run import Limits, Task, make_engine
engine, workers, document = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
task = Task(str(document), file_sha256(document), str(document.parent))
started = time.perf_counter()
runner = make_engine(engine, workers, Limits())
[(_task, rows)] = list(runner.run(iter([task])))
first = time.perf_counter() - started
closing = time.perf_counter()
runner.close()
assert rows.documents[0]["reader_status"] == "ok"
print(json.dumps({"first_result_seconds": round(first, 2),
                  "close_seconds": round(time.perf_counter() - closing, 2)}))
"""


def startup(engine: str, workers: int, document: Path) -> dict:
    """Seconds from making the engine to the first result of one document, and to close it, in a new
    process (this one's forkserver, started by the runs before, would make ``local`` look warm)."""
    out = subprocess.run(
        [sys.executable, "-c", STARTUP, engine, str(workers), str(document)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--per-format", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--engines-only", action="store_true", help="Skip the throughput per format.")
    parser.add_argument("--engines", default="local,dask", help="Engines to compare (local always first).")
    args = parser.parse_args()
    engines = ["local", *(e for e in args.engines.split(",") if e and e != "local")]
    results: dict = {"cpus": os.cpu_count(), "workers": args.workers, "formats": {}, "engines": {}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for fmt in () if args.engines_only else ("txt", "docx", "pdf"):
            if fmt == "txt":
                make_txt(tmp / "fmt-txt", args.per_format)
            else:
                make_copies(
                    tmp / f"fmt-{fmt}", PDF if fmt == "pdf" else [example_docx(tmp)], args.per_format, fmt
                )
            results["formats"][fmt] = run(tmp / f"fmt-{fmt}", tmp / f"store-{fmt}", "local", args.workers)
            print(fmt, results["formats"][fmt], flush=True)
        make_txt(tmp / "many", args.n)
        for engine in engines:
            results["engines"][engine] = run(tmp / "many", tmp / f"store-{engine}", engine, args.workers)
            print(engine, results["engines"][engine], flush=True)
        sql = "SELECT document_id, rule, message, fingerprint FROM findings ORDER BY ALL"
        local = results["engines"]["local"]["seconds"]
        for engine in engines[1:]:
            results["engines"][engine]["identical"] = query(tmp / "store-local", sql) == query(
                tmp / f"store-{engine}", sql
            )
            results["engines"][engine]["overhead_percent"] = round(
                (results["engines"][engine]["seconds"] / local - 1) * 100, 1
            )
        results["identical"] = all(results["engines"][e]["identical"] for e in engines[1:])
        results["startup"] = {e: startup(e, args.workers, tmp / "many" / "t000000.txt") for e in engines}
        print("startup", results["startup"], flush=True)
        size = sum(f.stat().st_size for f in (tmp / "store-local").rglob("*.parquet"))
        results["store_bytes_per_document"] = round(size / args.n)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
