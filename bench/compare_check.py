"""Compare everything ``check`` and ``derive`` produce, this code against another checkout's, byte for byte.

Run by hand before committing a change meant to keep behaviour (a speed pass):

    .venv/bin/python bench/compare_check.py --base /path/to/other/src [--dir /tmp/compare]

``--base`` is the ``src`` directory of the code to compare with (e.g. ``git archive main src | tar -x -C
/tmp/base``). The inputs are written to ``--dir`` once (kept for the next run): the first datasets of
``bench/bench_check.py``, Hypothesis datasets (``tests/strategies.py``, fixed seeds), one-figure mutations
of the example and of the as-printed fixture (in 万元 and in 元), YAML edge cases (tags, merge and duplicate
keys, placeholders, numbers YAML 1.1 reads in odd ways, syntax errors, an empty file, bad UTF-8), every YAML
file under ``tests/`` and the Putuo workbook. For each input both codes dump, in a subprocess each: the
check report, the whole ledger in order (deferred figures made), every row, identity, need, change, the
经济分类 rows, the 基本支出 split and the other figures, and the parsed YAML (values with their types, the
line and column of every key path, or the problems). The two dumps must be identical; the first
differences are printed.

``--dump OUT`` writes this code's dump only (what the subprocesses run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EDGE_CASES = {
    "tags": "schema_version: 1\nunit: !!str 万元\ndecimals: !!int 2\nx: !custom 1\n",
    "merge": "base: &b {a: 1}\nother:\n  <<: *b\n  c: 2\n",
    "duplicate": "schema_version: 1\nunit: 万元\nunit: 元\n",
    "numbers": (
        "a: 1_000.50\nb: .inf\nc: .nan\nd: 0o17\ne: 0x1F\nf: 1:30\ng: 1e3\nh: -0.00\ni: +12\nj: 0.1e-2\n"
        "k: 2024-01-02\nl: 2024-01-02 10:00:00\nm: ~\nn: yes\no: Off\np: '3.5'\nq: 012\nr: 1.2.3\n"
    ),
    "keys": "1: a\n2.5: b\ntrue: c\nnull: d\n[1, 2]: e\n? {a: 1}\n: f\n2024-01-01: g\n",
    "syntax": "a: [1, 2\nb: c\n",
    "syntax2": "a:\n  - b\n c: d\n",
    "tab": "a:\n\tb: 1\n",
    "empty": "",
    "comment": "# only a comment\n",
    "list": "- 1\n- 2\n",
    "scalar": "just text\n",
    "anchors": "a: &x [1, 2]\nb: *x\nc: {d: &y 3, e: *y}\n",
    "multidoc": "a: 1\n---\nb: 2\n",
    "bom": "\ufeffschema_version: 1\nunit: 万元\n",
    "block": "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
    "quoted": "a: \"1.50\"\nb: '007'\nc: \"\\u4e07元\"\nd: 'yes'\n",
}


def _write_corpus(out: Path) -> None:
    import yaml
    from hypothesis import HealthCheck, given, seed, settings

    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    from bench_check import _Dumper, generate
    from tests.strategies import datasets

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for n in range(200):
        text = yaml.dump(generate(rng, n), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        (out / f"bench{n:03d}.yaml").write_text(text, encoding="utf-8")
    texts: list[str] = []
    for seed_, count, complete in ((12345, 150, False), (999, 100, True)):

        @seed(seed_)
        @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck), deadline=None)
        @given(datasets(complete=complete))
        def collect(text: str) -> None:
            texts.append(text)

        collect()
    for i, text in enumerate(texts):
        (out / f"hyp{i:03d}.yaml").write_text(text, encoding="utf-8")
    rng = random.Random(5)
    for name, src in (
        ("example", ROOT / "examples/jinkouhe-xinfang-2024/dataset.yaml"),
        ("printed", ROOT / "tests/fixtures/jinkouhe-as-printed/dataset.yaml"),
    ):
        text = src.read_text(encoding="utf-8")
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")
        (out / f"{name}-yuan.yaml").write_text(text.replace("unit: 万元", "unit: 元"), encoding="utf-8")
        numbers = list(re.finditer(r"(?<=: )\d+\.\d+\b", text))
        for k in range(150):
            m = rng.choice(numbers)
            v = m.group(0)
            new = rng.choice(
                [str(round(float(v) + rng.choice([0.01, -0.01, 1, 0.005]), 3)), "0", "0.00", v + "1"]
            )
            (out / f"{name}-m{k:03d}.yaml").write_text(
                text[: m.start()] + new + text[m.end() :], encoding="utf-8"
            )
    example = (ROOT / "examples/jinkouhe-xinfang-2024/dataset.yaml").read_text(encoding="utf-8")
    cases = dict(EDGE_CASES)
    cases["placeholder"] = example.replace("unit: 万元", "unit: 万元\nplaceholder: 【待填写】", 1)
    cases["example-tagged"] = example.replace("decimals: 2", "decimals: !!int 2", 1)
    cases["example-duplicate"] = example.replace("unit: 万元", "unit: 万元\nunit: 万元", 1)
    cases["example-merge"] = example.replace("unit: 万元", "unit: 万元\n<<: {x: 1}", 1)
    cases["example-broken"] = example[: len(example) // 2] + "\n  - [unclosed\n"
    for name, text in cases.items():
        (out / f"edge-{name}.yaml").write_text(text, encoding="utf-8")
    (out / "edge-latin1.yaml").write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    (out / "done").write_text("", encoding="utf-8")


def _inputs(corpus: Path) -> list[Path]:
    paths = sorted(corpus.glob("*.yaml"))
    paths += sorted((ROOT / "tests").rglob("*.yaml"))
    paths.append(ROOT / "tests/fixtures/putuo-caizhengju-2024.xlsx")
    return paths


def _dump(corpus: Path, out_path: Path) -> None:
    from juesuan.derive import derive
    from juesuan.errors import InputError
    from juesuan.loader import load
    from juesuan.rules import check_path
    from juesuan.yamlsource import load_yaml

    def fig(f):  # type: ignore[no-untyped-def]
        if f is None:
            return None
        source = None if f.source is None else [f.source.file, f.source.line, list(f.source.path)]
        return [f.key, str(f.value), f.kind, f.op, list(f.inputs), source, f.precision]

    def problems(e: InputError) -> list[object]:
        return [
            [p.file, str(p.message), p.line, getattr(p, "column", None), p.key, str(p)] for p in e.problems
        ]

    import juesuan

    print("dumping with", juesuan.__file__, file=sys.stderr)
    with out_path.open("w", encoding="utf-8") as out:
        for p in _inputs(corpus):
            name = str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else p.name
            rec: dict[str, object] = {"path": name}
            if p.suffix == ".yaml":
                try:
                    doc = load_yaml(p, name)
                    rec["yaml"] = [repr(doc.data), repr(sorted(doc.lines.items(), key=repr))]
                except InputError as e:
                    rec["yaml_error"] = problems(e)
            try:
                rec["report"] = check_path(p).to_dict()
            except Exception as e:
                rec["report_exc"] = repr(e)
            try:
                d = derive(load(p))
            except InputError as e:
                rec["derive_error"] = problems(e)
            except Exception as e:
                rec["derive_exc"] = repr(e)
            else:
                rec["ledger"] = [[k, fig(v)] for k, v in d.ledger.figures.items()]
                rec["rows"] = [
                    [
                        r.code,
                        r.level,
                        r.name,
                        {k: fig(v) for k, v in r.income.items()},
                        {k: fig(v) for k, v in r.expenditure.items()},
                        {f: {m: fig(v) for m, v in x.items()} for f, x in r.fiscal.items()},
                        fig(r.budget),
                        None
                        if r.completion is None
                        else [
                            fig(r.completion.actual),
                            fig(r.completion.budget),
                            fig(r.completion.rate),
                            r.completion.relation,
                        ],
                    ]
                    for r in d.rows
                ]
                rec["identities"] = [
                    [i.name, fig(i.left), fig(i.right), i.relation, i.holds, repr(i.source)]
                    for i in d.identities
                ]
                rec["needs"] = [[n.kind, n.path, n.what, n.line] for n in d.needs]
                rec["changes"] = {
                    k: [fig(c.current), fig(c.prior), fig(c.difference), fig(c.percent), c.direction]
                    for k, c in d.changes.items()
                }
                rec["econ"] = {
                    f: [
                        [r.code, r.level, r.name, r.group, fig(r.basic), fig(r.project), fig(r.total)]
                        for r in rows
                    ]
                    for f, rows in d.economic.items()
                }
                rec["basic"] = repr(d.basic)
                rec["general_budget"] = repr(d.general_budget)
                rec["fiscal"] = {f: {m: fig(v) for m, v in x.items()} for f, x in d.fiscal.items()}
                rec["other"] = repr(d.other)
                rec["three_public"] = repr(d.three_public)
                rec["rest"] = repr(
                    [d.income, d.income_shares, d.expenditure, d.expenditure_shares, d.balances]
                )
                rec["rest2"] = repr([d.totals, d.projects, d.failed_identities()])
                rec["report_after"] = check_path(p).to_dict()
            out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, help="the src directory of the code to compare with")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/compare_check"), help="where the inputs go")
    parser.add_argument("--dump", type=Path, help="write this code's dump to this file and stop")
    args = parser.parse_args()
    corpus = args.dir / "inputs"
    if not (corpus / "done").exists():
        _write_corpus(corpus)
    if args.dump:
        _dump(corpus, args.dump)
        return
    if args.base is None:
        parser.error("--base or --dump is needed")
    outputs = {}
    for label, src in (("base", args.base.resolve()), ("this", ROOT / "src")):
        out = args.dir / f"{label}.jsonl"
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")  # sets print in one order
        command = [sys.executable, str(Path(__file__).resolve()), "--dir", str(args.dir), "--dump", str(out)]
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        outputs[label] = out.read_bytes().splitlines()
    base, this = outputs["base"], outputs["this"]
    differing = [i for i, (a, b) in enumerate(zip(base, this, strict=False)) if a != b]
    print(f"{len(this)} inputs compared ({len(_inputs(corpus))} files)")
    if len(base) != len(this) or differing:
        for i in differing[:5]:
            print("differs:", json.loads(this[i])["path"])
        print(f"DIFFERENT: {len(differing)} records, {len(base)} vs {len(this)} lines")
        sys.exit(1)
    print("identical")


if __name__ == "__main__":
    main()
