"""Instructions per dataset of the ``juesuan check`` path, this code against another checkout's (valgrind).

Run by hand, before and after a speed change, on the same machine:

    .venv/bin/python bench/icount_check.py --base /path/to/other/src [--count 400] [--phase check]

``--base`` is the ``src`` directory of the code to compare with (e.g. ``git archive main src | tar -x -C
/tmp/base``). The datasets are those of ``bench/bench_check.py`` (200 of them, written to ``--dir`` once).
Each code is run twice under ``valgrind --tool=cachegrind``: checking no dataset, then ``--count`` of them
(the files cycled); the difference over ``--count`` is what one dataset costs. Before the counted ones,
every file is checked once, so that the caches are as warm as in the bench's later passes (``--cold``: one
file only, so that each counted file is new, as for a person's ``juesuan check``).

What makes the counts repeatable (two runs of one code then differ by about 0.2 %; without it, by over a
million instructions a dataset): the code's modules are compiled first (the first run after an edit would
otherwise also count compiling the edited modules, ~0.5 billion instructions for ``derive.py`` and its
kin); one BLAS thread (``OPENBLAS_NUM_THREADS=1``: ``juesuan.api`` imports numpy, whose idle OpenBLAS
thread spins for a varying while, ~0.6 billion instructions); a fixed hash seed; no address randomisation
(``setarch -R``, where there is one). Each code's own empty run is subtracted (their start-ups differ).

``--phase`` counts a part of the path: ``yaml`` (read the YAML), ``load`` (read and validate), ``derive``
(read, validate and derive) or ``check`` (the whole path, the default).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = 200


def _write_datasets(folder: Path) -> list[Path]:
    import yaml

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_check import _Dumper, generate

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"d{n:03d}.yaml" for n in range(DATASETS)]
    if not (folder / "done").exists():
        rng = random.Random(7)
        for n, path in enumerate(paths):
            text = yaml.dump(generate(rng, n), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
            path.write_text(text, encoding="utf-8")
        (folder / "done").write_text("", encoding="utf-8")
    return paths


def _child(folder: Path, phase: str, count: int, cold: bool) -> None:
    """What runs under valgrind: warm up, then ``count`` datasets through ``phase``."""
    from juesuan.api import settle_gc
    from juesuan.derive import derive
    from juesuan.loader import load_dataset
    from juesuan.rules import check_path
    from juesuan.yamlsource import load_yaml

    paths = sorted(folder.glob("d*.yaml"))
    for path in paths[:1] if cold else paths:
        check_path(path)
    settle_gc()  # as the command line does after start-up
    run = {
        "yaml": load_yaml,
        "load": load_dataset,
        "derive": lambda p: derive(load_dataset(p)),
        "check": check_path,
    }[phase]
    counted = paths[1 : count + 1] if cold else [paths[i % len(paths)] for i in range(count)]
    for path in counted:
        run(path)


def _instructions(src: Path, folder: Path, phase: str, count: int, cold: bool) -> int:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--dir",
        str(folder),
        "--phase",
        phase,
        "--count",
        str(count),
        *(["--cold"] if cold else []),
    ]
    if shutil.which("setarch"):
        command = ["setarch", "-R", *command]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=folder)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, help="the src directory of the code to compare with")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/icount_check"), help="where the datasets go")
    parser.add_argument("--count", type=int, default=400, help="datasets counted (files cycled)")
    parser.add_argument("--phase", choices=("yaml", "load", "derive", "check"), default="check")
    parser.add_argument("--cold", action="store_true", help="count files not seen before (at most 199)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.dir, args.phase, args.count, args.cold)
        return
    if shutil.which("valgrind") is None:
        parser.error("valgrind is needed (apt-get install valgrind)")
    count = min(args.count, DATASETS - 1) if args.cold else args.count
    _write_datasets(args.dir)
    codes = [("this", ROOT / "src")]
    if args.base is not None:
        codes.insert(0, ("base", args.base.resolve()))
    per_dataset = {}
    for label, src in codes:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True, capture_output=True)
        empty = _instructions(src, args.dir, args.phase, 0, args.cold)
        full = _instructions(src, args.dir, args.phase, count, args.cold)
        per_dataset[label] = (full - empty) / count
        print(f"{label}: {per_dataset[label] / 1e6:.3f} million instructions a dataset ({src})")
    if "base" in per_dataset:
        change = per_dataset["this"] / per_dataset["base"] - 1
        print(f"this against base: {change:+.1%}")


if __name__ == "__main__":
    main()
