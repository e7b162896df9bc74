"""Hypothesis strategies: random *valid* datasets (every identity holds by construction)."""

from __future__ import annotations

from decimal import Decimal

import yaml
from hypothesis import strategies as st

from juesuan.classification import load_catalogue

YEAR = 2024
CENT = Decimal("0.01")


def _codes(prefix: str, length: int) -> list[str]:
    cat = load_catalogue()
    return (
        [c for c in cat.functional_codes(YEAR) if len(c) == length]
        if prefix == "functional"
        else [c for c in cat.economic_codes(YEAR) if len(c) == length and c[:3] == prefix]
    )


ITEM_CODES = _codes("functional", 7)
PERSONNEL_CODES = _codes("301", 5) + _codes("303", 5)
PUBLIC_CODES = [c for c in _codes("302", 5) if c not in ("30212", "30217", "30231")]  # no “三公” items


def money(max_value: int = 500) -> st.SearchStrategy[Decimal]:
    return st.integers(min_value=0, max_value=max_value * 100).map(lambda n: Decimal(n) * CENT)


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Split ``total`` (in cents) into parts proportional to ``weights``, exactly."""
    cents = int(total / CENT)
    whole = sum(weights) or 1
    parts = [cents * w // whole for w in weights]
    parts[0] += cents - sum(parts)
    return [Decimal(p) * CENT for p in parts]


@st.composite
def datasets(draw: st.DrawFn, complete: bool = False) -> str:
    """A random valid dataset, as YAML text. ``complete``: every part of the report has its data (the
    经济分类 detail always given; otherwise sometimes left out, as the check allows with C003)."""
    codes = draw(st.lists(st.sampled_from(ITEM_CODES), min_size=1, max_size=12, unique=True))
    items = []
    sums = {
        "gb_basic": Decimal(0),
        "gb_project": Decimal(0),
        "gb_delta": Decimal(0),
        "nonfiscal_exp": Decimal(0),
        "other_income": Decimal(0),
    }
    gov_fund_code = draw(st.sampled_from(codes)) if draw(st.booleans()) else None
    for code in codes:
        b1, p1 = draw(money()), draw(money(100))
        b2, p2 = (draw(money(5)), draw(money(5))) if draw(st.booleans()) else (Decimal(0), Decimal(0))
        delta = draw(money(3)) if draw(st.booleans()) else Decimal(0)
        other = draw(money(5)) if draw(st.booleans()) else Decimal(0)
        gf = (draw(money(20)), draw(money(20))) if code == gov_fund_code else (Decimal(0), Decimal(0))
        if complete:  # 政府性基金 spent on projects only: no 基本支出 left without its 经济分类 rows
            gf = (Decimal(0), gf[1])
        budget = b1 + p1 + draw(st.sampled_from([Decimal(0), Decimal(0), Decimal("1.00"), Decimal("-0.50")]))
        item = {
            "code": code,
            "income": {"general_budget": b1 + p1 + delta, "gov_fund": gf[0] + gf[1], "other": other},
            "expenditure": {"basic": b1 + b2 + gf[0], "project": p1 + p2 + gf[1]},
            "fiscal": {
                "general_budget": {"basic": b1, "project": p1},
                "gov_fund": {"basic": gf[0], "project": gf[1]},
            },
            "budget": {"adjusted": max(budget, Decimal(0))},
            "variance_reason": "年中追加或调减预算",
        }
        items.append(item)
        sums["gb_basic"] += b1
        sums["gb_project"] += p1
        sums["gb_delta"] += delta
        sums["nonfiscal_exp"] += b2 + p2
        sums["other_income"] += other
    opening_gb = draw(money(50))
    nonfiscal_opening = max(Decimal(0), sums["nonfiscal_exp"] - sums["other_income"]) + draw(money(10))
    closing_gb = opening_gb + sums["gb_delta"]
    closing = closing_gb + nonfiscal_opening + sums["other_income"] - sums["nonfiscal_exp"]
    economic = []
    if sums["gb_basic"] and (complete or draw(st.booleans())):
        personnel = draw(st.lists(st.sampled_from(PERSONNEL_CODES), min_size=1, max_size=5, unique=True))
        public = draw(st.lists(st.sampled_from(PUBLIC_CODES), min_size=1, max_size=5, unique=True))
        weights = draw(
            st.lists(
                st.integers(1, 9),
                min_size=len(personnel) + len(public),
                max_size=len(personnel) + len(public),
            )
        )
        for code, amount in zip(personnel + public, _split(sums["gb_basic"], weights), strict=True):
            economic.append({"code": code, "basic": amount})
    three_budget = {
        k: draw(money(5)) for k in ("outbound", "vehicle_purchase", "vehicle_operation", "reception")
    }
    domestic = draw(money(5))
    three_prior = {
        k: draw(money(5)) for k in ("outbound", "vehicle_purchase", "vehicle_operation", "reception")
    }
    prior = {
        "total": draw(money(2000)),
        "fiscal_total": draw(money(2000)),
        "fiscal_income": draw(money(2000)),
        "general_budget_expenditure": draw(money(2000)),
        "gov_fund_expenditure": draw(money(40)),
    }
    if complete:  # last year's figures agree with each other: its 财政拨款 spending within its 总计
        spent = prior["general_budget_expenditure"] + prior["gov_fund_expenditure"]
        prior["fiscal_total"] = spent + draw(money(100))
        prior["fiscal_income"] = min(prior["fiscal_income"], prior["fiscal_total"])
        prior["total"] = prior["fiscal_total"] + draw(money(100))
    dataset = {
        "schema_version": 1,
        "unit": "万元",
        "decimals": 2,
        "department": {"name": "测试局", "year": YEAR, "duties": "负责测试工作。"},
        "functional_items": items,
        "economic_items": economic,
        "balances": {
            "opening": opening_gb + nonfiscal_opening,
            "opening_fiscal": {"general_budget": opening_gb},
            "closing": closing,
            "closing_fiscal": {"general_budget": closing_gb},
        },
        "three_public": {
            "budget": three_budget,
            "outbound": {"amount": draw(money(3)), "groups": 1, "persons": 2},
            "vehicles": {
                "operation": draw(money(3)),
                "purchases": [{"type": "轿车", "count": 1, "amount": draw(money(20).filter(bool))}]
                if draw(st.booleans())
                else [],
            },
            "domestic_reception": {"amount": domestic, "batches": 1, "persons": 5},
            "reasons": {
                "budget_variance": "严控支出",
                "change": "严控支出",
                "outbound": "压减出访",
                "vehicles": "车辆老化",
                "reception": "减少接待",
            },
        },
        "admin_cost": {"amount": draw(money(30)), "reason": "厉行节约"},
        "prior_year": prior | {
            "state_capital_expenditure": Decimal(0),
            "three_public": three_prior,
            "admin_cost": draw(money(30)),
        },
        "explanations": {
            "total_change": "项目调整",
            "fiscal_total_change": "项目调整",
            "general_budget_change": "项目调整",
            "general_budget_variance": "年中调整",
            "gov_fund_change": "专项资金变化",
            "state_capital_change": "无",
        },
    }
    return yaml.dump(dataset, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


class _Dumper(yaml.SafeDumper):
    """Writes Decimals as plain YAML numbers with their two decimals (never through float)."""


_Dumper.add_representer(
    Decimal, lambda dumper, v: dumper.represent_scalar("tag:yaml.org,2002:float", f"{v:.2f}")
)
