"""Benchmark: check 1,000 generated department datasets.

Run by hand: ``.venv/bin/python bench/bench_check.py [--count N] [--cpu] [--repeat R]`` (pin to one core with
``taskset -c 0``).
The datasets are written to a temporary directory first (random departments with 3–15 项, 经济分类 detail,
“三公”, balances, prior-year figures and a 绩效 project; all identities hold). Three figures are reported:
the whole ``juesuan check`` path per dataset (read YAML + validate + derive + all rules), the rules alone
on already-derived datasets, and reading + deriving alone; with ``--cpu``, in CPU time of this process (a
fairer figure on a machine shared with other work). With ``--repeat R`` each figure is the fastest of R passes
over the same files (on a busy machine the slow passes measure the other work, not this).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import yaml

from juesuan.api import settle_gc
from juesuan.classification import load_catalogue
from juesuan.derive import derive
from juesuan.loader import load_dataset
from juesuan.rules import check_dataset, check_path

CENT = Decimal("0.01")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", f"{v:.2f}"))


def _money(rng: random.Random, high: int) -> Decimal:
    return Decimal(rng.randint(0, high * 100)) * CENT


def generate(rng: random.Random, n: int) -> dict:
    cat = load_catalogue()
    codes = [c for c in cat.functional_codes(2024) if len(c) == 7]
    personnel = [c for c in cat.economic_codes(2024) if len(c) == 5 and c[:3] in ("301", "303")]
    public = [
        c
        for c in cat.economic_codes(2024)
        if len(c) == 5 and c[:3] == "302" and c not in ("30212", "30217", "30231")
    ]
    items, basic_total, total = [], Decimal(0), Decimal(0)
    for code in rng.sample(codes, rng.randint(3, 15)):
        b, p = _money(rng, 300), _money(rng, 80)
        items.append(
            {
                "code": code,
                "income": {"general_budget": b + p},
                "expenditure": {"basic": b, "project": p},
                "fiscal": {"general_budget": {"basic": b, "project": p}},
                "budget": {"adjusted": b + p},
            }
        )
        basic_total += b
        total += b + p
    econ_codes = rng.sample(personnel, 4) + rng.sample(public, 4)
    cents = [rng.randint(1, 9) for _ in econ_codes]
    amounts = [Decimal(int(basic_total / CENT) * c // sum(cents)) * CENT for c in cents]
    amounts[0] += basic_total - sum(amounts)
    reception = _money(rng, 3)
    return {
        "schema_version": 1,
        "unit": "万元",
        "decimals": 2,
        "department": {"name": f"测试部门{n}", "year": 2024, "duties": "负责有关工作。"},
        "functional_items": items,
        "economic_items": [{"code": c, "basic": a} for c, a in zip(econ_codes, amounts, strict=True)],
        "balances": {"opening": Decimal(0), "closing": Decimal(0)},
        "three_public": {
            "budget": {"reception": reception + _money(rng, 1)},
            "domestic_reception": {"amount": reception, "batches": 2, "persons": 10},
            "reasons": {"budget_variance": "厉行节约", "change": "厉行节约", "reception": "厉行节约"},
        },
        "admin_cost": {
            "amount": sum(a for c, a in zip(econ_codes, amounts, strict=True) if c.startswith("302")),
            "reason": "厉行节约",
        },
        "prior_year": {
            "total": total,
            "fiscal_total": total,
            "fiscal_income": total,
            "general_budget_expenditure": total,
            "gov_fund_expenditure": Decimal(0),
            "state_capital_expenditure": Decimal(0),
            "three_public": {"reception": reception},
            "admin_cost": Decimal(0),
            "closing_balance": Decimal(0),
        },
        "explanations": {"total_change": "项目调整"},
        "performance": {
            "projects": [
                {
                    "name": "项目",
                    "funds": {"budget_fiscal": Decimal(10), "executed_fiscal": Decimal(10)},
                    "expected_goal": "目标",
                    "actual_goal": "完成",
                    "indicators": [
                        {
                            "level1": "产出指标",
                            "level2": "数量指标",
                            "name": "数量",
                            "target": "≥10个",
                            "actual": "12个",
                            "weight": 90,
                        }
                    ],
                }
            ]
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--cpu", action="store_true", help="Measure CPU time of this process, not wall time.")
    parser.add_argument("--repeat", type=int, default=1, help="Report the fastest of this many passes.")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n in range(args.count):
            path = Path(tmp) / f"d{n}.yaml"
            path.write_text(
                yaml.dump(generate(rng, n), Dumper=_Dumper, allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
            paths.append(path)
        check_path(paths[0])  # warm-up: imports, catalogues
        settle_gc()  # as the command line does after start-up (juesuan.cli.main): gc.freeze, GC_THRESHOLDS
        full = load = rules = float("inf")
        for _ in range(max(args.repeat, 1)):
            t0 = clock()
            reports = [check_path(p) for p in paths]
            full = min(full, clock() - t0)
            errors = sum(r.count("error") + r.count("fatal") for r in reports)
            del reports
            t0 = clock()
            derived = [derive(load_dataset(p)) for p in paths]
            load = min(load, clock() - t0)
            t0 = clock()
            for d in derived:
                check_dataset(d)
            rules = min(rules, clock() - t0)
            del derived
    n = args.count
    print(f"{n} datasets, {errors} error findings (expected 0)")
    print(f"check (read, validate, derive, rules): {n / full:.0f} datasets/s ({full / n * 1000:.1f} ms each)")
    print(f"read, validate, derive only:      {n / load:.0f} datasets/s ({load / n * 1000:.1f} ms each)")
    print(f"rules only, on derived datasets: {n / rules:.0f} datasets/s ({rules / n * 1000:.1f} ms each)")


if __name__ == "__main__":
    main()
