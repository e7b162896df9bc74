"""Consolidate (汇总) the datasets of a department's units into the department's own dataset.

A 部门决算 is the sum of the 决算 of the 本级 and of every 下属单位 within its scope. ``consolidate``
takes the loaded datasets of those units (YAML or 公开表 workbooks, all of the same year and profile) and
returns the department's dataset, which loads, checks and builds like any other (``Consolidated.to_yaml``).
The choices a finance official expects from a 汇总 (also in ``docs/consolidate.md``):

- **Figures are summed item by item, exactly (Decimal).** 功能分类 项 are matched by code, 经济分类 款 by code
  and fund, vehicle purchases by vehicle type, staffing by kind, vehicles in use and on hand by kind; every
  other amount and count (income sources, expenditure natures, 财政拨款 by fund, balances, “三公”经费 and
  their 批次/人次, 机关运行经费, 政府采购, 国有资产) is added field by field. Nothing is rounded.
- **One unit of account.** When every unit states amounts in the same unit (元 or 万元) it is kept; when
  they differ, everything is converted to 元 (万元 × 10000 is always exact, the reverse may not be) and
  ``decimals`` is the fewest decimals that hold every converted amount.
- **Optional figures are summed only when every unit that could state them does**: a 项's 年初/调整预算数
  (among the units that have the 项; a missing 调整预算 counts as the unchanged 年初预算), the prior-year
  figures (every unit, inline or from its last year's dataset), 上年末实有人数, the numbers of projects with
  targets or monitoring. Otherwise they are left out, so the report omits the comparison (and the check
  asks for it) instead of printing an understated total. 机关运行经费 is the sum of the units that state it
  (a 事业单位 has none).
- **Texts cannot be summed.** 部门职责, 机构设置 (内设机构, 下设机构, 机构说明), 主要任务, every 用途 and
  原因, the 部门整体绩效 self-evaluation and its report come from the ``base`` unit (the 本级) when one is
  given; they speak for the 本级 and should be reviewed for the department. Without a base they are left
  empty (部门职责, which is required, gets a visible placeholder). Settings (单位性质, 完成率口径, 得分小数位,
  地区) come from the base, else from the units when they all agree.
- **What describes the department is built from the units**: 纳入编制范围的单位 are the units other than the
  base (all units when there is none) and 下属二级预算单位 counts them by 单位性质.
- **绩效**: the 项目支出绩效自评表 of every unit are kept (base first), 事前绩效评估 project names are merged.
- **Itemised receptions** are kept only when every unit with a reception amount itemises it (otherwise
  the items would not add up to the total). Printed totals (``stated``) are dropped: they were printed for
  the units, not for the department.
- **Refused**: no unit, units of different years or profiles, the same file or the same unit (same
  name) twice — summing a unit twice would double its figures. Every refusal is an ``InputError`` naming
  the file.

The command ``juesuan consolidate UNIT... --name 部门名称 [--code CODE] [--base UNIT] -o dept.yaml``
(``juesuan.cli.consolidate``) reads the units, consolidates them and writes the
YAML atomically; exit status 2 when an input cannot be read or cannot be consolidated.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, BeforeValidator

from juesuan import dataset as model
from juesuan.dataset import FUNDS, THREE_PUBLIC_ITEMS, Dataset, unwrap_annotation
from juesuan.derive import PRIOR_KEYS
from juesuan.errors import InputError, InputProblem, message
from juesuan.loaded import LoadedDataset
from juesuan.money import TEN_THOUSAND, ZERO, decimals_of
from juesuan.yamlsource import dump_yaml

MAX_DECIMALS = 6
# The Chinese names of the prior-year figures, for the notes of a consolidation.
PRIOR_LABELS = {
    "total": "上年收入、支出总计",
    "fiscal_total": "上年财政拨款收入、支出总计",
    "fiscal_income": "上年财政拨款收入",
    "general_budget_expenditure": "上年一般公共预算财政拨款支出",
    "gov_fund_expenditure": "上年政府性基金预算财政拨款支出",
    "state_capital_expenditure": "上年国有资本经营预算财政拨款支出",
    "admin_cost": "上年机关运行经费",
    "closing_balance": "上年年末结转和结余",
    "three_public": "上年“三公”经费",
}
SUBORDINATE_KIND = {
    "行政单位": "administrative",
    "参照公务员法管理的事业单位": "civil_service_managed",
    "事业单位": "other_institutions",
}


@dataclass(frozen=True)
class Consolidated:
    """A department's dataset summed from its units, with what the 汇总 did and left out."""

    dataset: Dataset
    units: tuple[str, ...]  # the units' names, the base first
    files: tuple[str, ...]  # their files, in the same order
    base: str | None  # the name of the base unit (本级), if one was given
    code: str | None = None  # the department's code (部门编码), written into the YAML header
    notes: tuple[str, ...] = ()  # Chinese notes: conversions, figures left out, where texts come from

    def to_yaml(self) -> str:
        """The dataset as YAML, with a header comment saying how it was made."""
        ds = self.dataset
        body = ds.model_dump(mode="python", exclude_defaults=True)
        for key in ("schema_version", "unit", "decimals"):
            body.pop(key, None)
        data = {"schema_version": 1, "unit": ds.unit, "decimals": ds.decimals, **_plain(body)}
        text = dump_yaml(data)
        names = [f"{n}（本级）" if n == self.base else n for n in self.units]
        head = [
            message(
                "consolidate_header",
                name=ds.department.name,
                year=ds.department.year,
                count=len(self.units),
                units="、".join(names),
            )
        ]
        if self.code:
            head.append(message("consolidate_header_code", code=self.code))
        head += [message("consolidate_header_note", note=note) for note in self.notes]
        return "".join("# " + " ".join(line.splitlines()) + "\n" for line in head) + text


def consolidate(
    units: list[LoadedDataset], *, name: str, code: str | None = None, base: int | None = None
) -> Consolidated:
    """Sum ``units`` (the base, if given, is ``units[base]``) into the dataset of the department ``name``.

    Raises ``InputError`` when the units cannot be consolidated (none, different years or profiles, a unit
    twice).
    """
    if not units:
        raise InputError([InputProblem("", message("consolidate_no_units"))])
    name = name.strip()
    if not name:
        raise InputError([InputProblem(units[0].document.file, message("consolidate_no_name"))])
    if base is not None and not 0 <= base < len(units):
        raise IndexError(f"base {base} is not one of the {len(units)} units")
    _refuse_mismatches(units)
    ordered = units if base is None else [units[base], *units[:base], *units[base + 1 :]]
    builder = _Builder(ordered, has_base=base is not None, name=name)
    dataset = builder.build()
    return Consolidated(
        dataset=dataset,
        units=tuple(u.dataset.department.name for u in ordered),
        files=tuple(u.document.file for u in ordered),
        base=ordered[0].dataset.department.name if base is not None else None,
        code=code,
        notes=tuple(builder.notes),
    )


# --------------------------------------------------------------------------- refusals


def _refuse_mismatches(units: list[LoadedDataset]) -> None:
    first = units[0]
    fd = first.dataset.department
    problems: list[InputProblem] = []
    seen_files: dict[Path, str] = {}
    seen_names: dict[str, str] = {}
    for unit in units:
        d = unit.dataset.department
        file = unit.document.file
        if d.year != fd.year:
            problems.append(
                InputProblem(
                    file,
                    message(
                        "consolidate_year_mismatch", found=d.year, first=first.document.file, expected=fd.year
                    ),
                )
            )
        if d.profile != fd.profile:
            problems.append(
                InputProblem(
                    file,
                    message(
                        "consolidate_profile_mismatch",
                        found=d.profile,
                        first=first.document.file,
                        expected=fd.profile,
                    ),
                )
            )
        real = Path(unit.path).resolve()
        if real in seen_files:
            problems.append(
                InputProblem(file, message("consolidate_duplicate", other=seen_files[real], name=d.name))
            )
        elif d.name in seen_names:
            problems.append(
                InputProblem(file, message("consolidate_duplicate", other=seen_names[d.name], name=d.name))
            )
        seen_files.setdefault(real, file)
        seen_names.setdefault(d.name, file)
    if problems:
        raise InputError(problems)


# --------------------------------------------------------------------------- amounts and units


def _is_money(metadata: Iterable[Any]) -> bool:
    return any(
        isinstance(m, BeforeValidator) and m.func in (model._non_negative, model._amount) for m in metadata
    )


def _map_money(
    value: Any, fn: Callable[[Decimal], Decimal], annotation: Any = None, metadata: tuple = ()
) -> Any:
    """``value`` (a model, list, dict or amount) with ``fn`` applied to every money amount in it."""
    if value is None:
        return None
    annotation, metadata = unwrap_annotation(annotation, metadata)
    if _is_money(metadata) and isinstance(value, Decimal):
        return fn(value)
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(
            update={
                name: _map_money(getattr(value, name), fn, f.annotation, tuple(f.metadata))
                for name, f in fields.items()
            }
        )
    origin = typing.get_origin(annotation)
    if isinstance(value, list):
        element = typing.get_args(annotation)[0] if origin is list else None
        return [_map_money(v, fn, element) for v in value]
    if isinstance(value, dict):
        element = typing.get_args(annotation)[1] if origin is dict else None
        return {k: _map_money(v, fn, element) for k, v in value.items()}
    return value


def _tidy(value: Decimal) -> Decimal:
    """The same amount without trailing fractional zeros and never in exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _scaled(factor: Decimal) -> Callable[[Decimal], Decimal]:
    """An amount times ``factor``, tidied (a unit's 万元 amounts in the 元 of the sum)."""
    return lambda value: _tidy(value * factor)


def _plain(value: Any) -> Any:
    """Plain data for the YAML dumper: whole Decimals without a decimal point become ints (``20``, not
    ``!!float 20``); everything else as is."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal) and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return int(value)
    return value


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def _sum_if_all(values: list[Any]) -> Any:
    """The sum when every value is given, else None (a partial sum would understate the figure)."""
    if not values or any(v is None for v in values):
        return None
    return sum(values[1:], values[0])


def _add_flat(parts: list[BaseModel]) -> dict[str, Any]:
    """Field-by-field sum of models whose fields are all amounts or counts."""
    cls = type(parts[0])
    return {
        name: sum((getattr(p, name) for p in parts[1:]), getattr(parts[0], name)) for name in cls.model_fields
    }


def _merge_keyed(rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Sum values by key, in order of first appearance."""
    out: dict[str, Any] = {}
    for key, value in rows:
        out[key] = out[key] + value if key in out else value
    return out


# --------------------------------------------------------------------------- the sum


class _Builder:
    def __init__(self, units: list[LoadedDataset], *, has_base: bool, name: str) -> None:
        self.loaded = units
        self.name = name
        self.notes: list[str] = []
        found = {u.dataset.unit for u in units}
        self.unit = found.pop() if len(found) == 1 else "元"
        factor = {u.dataset.unit: Decimal(1) if u.dataset.unit == self.unit else TEN_THOUSAND for u in units}
        self.units = [
            u.dataset
            if factor[u.dataset.unit] == 1
            else _map_money(u.dataset, _scaled(factor[u.dataset.unit]))
            for u in units
        ]
        self.base = self.units[0] if has_base else None
        self.decimals = max(
            u.dataset.decimals if u.dataset.unit == self.unit else max(u.dataset.decimals - 4, 0)
            for u in units
        )
        if len({u.dataset.unit for u in units}) > 1:
            self.notes.append(message("consolidate_note_unit", unit=self.unit))

    # -- helpers ---------------------------------------------------------------------------------

    def _names(self, indexes: Iterable[int]) -> str:
        return "、".join(self.units[i].department.name for i in indexes)

    def setting(self, get: Callable[[Dataset], Any], default: Any = None) -> Any:
        """The base's value; else the units' value when they all agree; else ``default``."""
        if self.base is not None:
            return get(self.base)
        values = {repr(get(u)): get(u) for u in self.units}
        return next(iter(values.values())) if len(values) == 1 else default

    def text(self, get: Callable[[Dataset], Any]) -> Any:
        """A text (or text list) from the base unit; None without a base."""
        return get(self.base) if self.base is not None else None

    # -- parts -----------------------------------------------------------------------------------

    def functional_items(self) -> list[dict[str, Any]]:
        by_code: dict[str, list[tuple[int, model.FunctionalItem]]] = {}
        for i, ds in enumerate(self.units):
            for item in ds.functional_items:
                by_code.setdefault(item.code, []).append((i, item))
        out = []
        partial_budget = []
        for code in sorted(by_code):
            entries = by_code[code]
            parts = [item for _, item in entries]
            base_item = next((item for i, item in entries if i == 0 and self.base is not None), None)
            budget = {
                "initial": _sum_if_all([p.budget.initial for p in parts]),
                "adjusted": _sum_if_all(
                    [p.budget.adjusted if p.budget.adjusted is not None else p.budget.initial for p in parts]
                )
                if any(p.budget.adjusted is not None for p in parts)
                else None,
            }
            stated = any(p.budget.initial is not None or p.budget.adjusted is not None for p in parts)
            if stated and budget["initial"] is None and budget["adjusted"] is None:
                partial_budget.append(code)
            out.append(
                {
                    "code": code,
                    "income": _add_flat([p.income for p in parts]),
                    "expenditure": _add_flat([p.expenditure for p in parts]),
                    "fiscal": {fund: _add_flat([getattr(p.fiscal, fund) for p in parts]) for fund in FUNDS},
                    "budget": budget,
                    "use": base_item.use if base_item else None,
                    "variance_reason": base_item.variance_reason if base_item else None,
                }
            )
        if partial_budget:
            self.notes.append(message("consolidate_note_budget", codes="、".join(partial_budget)))
        return out

    def economic_items(self) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], list[Decimal]] = {}
        for ds in self.units:
            for e in ds.economic_items:
                key = (e.fund, e.code)
                if key in merged:
                    merged[key][0] += e.basic
                    merged[key][1] += e.project
                else:
                    merged[key] = [e.basic, e.project]
        ordered = sorted(merged, key=lambda k: (FUNDS.index(k[0]), k[1]))
        return [
            {"code": code, "fund": fund, "basic": merged[(fund, code)][0], "project": merged[(fund, code)][1]}
            for fund, code in ordered
        ]

    def balances(self) -> dict[str, Any]:
        parts = [ds.balances for ds in self.units]
        return {
            "opening": _sum(p.opening for p in parts),
            "opening_fiscal": _add_flat([p.opening_fiscal for p in parts]),
            "use_of_non_fiscal_balance": _sum(p.use_of_non_fiscal_balance for p in parts),
            "distribution": _sum(p.distribution for p in parts),
            "closing": _sum(p.closing for p in parts),
            "closing_fiscal": _add_flat([p.closing_fiscal for p in parts]),
        }

    def reception(self, which: str) -> dict[str, Any]:
        parts: list[model.Reception] = [getattr(ds.three_public, which) for ds in self.units]
        itemised = all(p.items or p.amount == 0 for p in parts)
        if not itemised and any(p.items for p in parts):
            self.notes.append(message("consolidate_note_reception_items"))
        base = getattr(self.base.three_public, which) if self.base is not None else None
        return {
            "amount": _sum(p.amount for p in parts),
            "batches": sum(p.batches for p in parts),
            "persons": sum(p.persons for p in parts),
            "use": base.use if base else None,
            "items": [it.model_dump() for p in parts for it in p.items] if itemised else [],
        }

    def three_public(self) -> dict[str, Any]:
        tps = [ds.three_public for ds in self.units]
        base = self.base.three_public if self.base is not None else None
        purchases: dict[str, list[Any]] = {}
        for tp in tps:
            for p in tp.vehicles.purchases:
                if p.type in purchases:
                    purchases[p.type][0] += p.count
                    purchases[p.type][1] += p.amount
                else:
                    purchases[p.type] = [p.count, p.amount]
        return {
            "budget": _add_flat([tp.budget for tp in tps]),
            "outbound": {
                "amount": _sum(tp.outbound.amount for tp in tps),
                "groups": sum(tp.outbound.groups for tp in tps),
                "persons": sum(tp.outbound.persons for tp in tps),
                "use": base.outbound.use if base else None,
            },
            "vehicles": {
                "purchases": [{"type": t, "count": c, "amount": a} for t, (c, a) in purchases.items()],
                "purchase_use": base.vehicles.purchase_use if base else None,
                "operation": _sum(tp.vehicles.operation for tp in tps),
                "operation_use": base.vehicles.operation_use if base else None,
                "holdings": _merge_keyed((k, v) for tp in tps for k, v in tp.vehicles.holdings.items()),
            },
            "domestic_reception": self.reception("domestic_reception"),
            "foreign_reception": self.reception("foreign_reception"),
            "reasons": base.reasons.model_dump() if base else {},
        }

    def admin_cost(self) -> dict[str, Any] | None:
        given = [ds.admin_cost for ds in self.units if ds.admin_cost is not None]
        if not given:
            return None
        missing = [
            i
            for i, ds in enumerate(self.units)
            if ds.admin_cost is None and ds.department.unit_type != "事业单位"
        ]
        if missing:
            self.notes.append(message("consolidate_note_admin_cost", units=self._names(missing)))
        base = self.base.admin_cost if self.base is not None else None
        return {"amount": _sum(a.amount for a in given), "reason": base.reason if base else None}

    def procurement(self) -> dict[str, Any]:
        parts = [ds.procurement for ds in self.units]
        out = {
            k: _sum(getattr(p, k) for p in parts)
            for k in ("goods", "works", "services", "sme", "small_micro")
        }
        out["use"] = self.text(lambda d: d.procurement.use)
        return out

    def assets(self) -> dict[str, Any]:
        parts = [ds.assets for ds in self.units]
        return {
            "vehicles": _merge_keyed((k, v) for p in parts for k, v in p.vehicles.items()),
            "other_vehicles_use": self.text(lambda d: d.assets.other_vehicles_use),
            "equipment_over_1m": sum(p.equipment_over_1m for p in parts),
        }

    def performance(self) -> dict[str, Any]:
        parts = [ds.performance for ds in self.units]
        ex_ante = list(dict.fromkeys(name for p in parts for name in p.ex_ante_projects))
        department = self.base.performance.department if self.base is not None else None
        return {
            "ex_ante_projects": ex_ante,
            "target_projects": _sum_if_all([p.target_projects for p in parts]),
            "monitored_projects": _sum_if_all([p.monitored_projects for p in parts]),
            "department": department.model_dump() if department else None,
            "projects": [project.model_dump() for p in parts for project in p.projects],
            "scoring_decimals": self.setting(
                lambda d: d.performance.scoring_decimals, max(p.scoring_decimals for p in parts)
            ),
        }

    def prior_year(self) -> dict[str, Any]:
        figures = [self._prior_of(i) for i in range(len(self.units))]
        out: dict[str, Any] = {}
        missing: list[str] = []
        for key in PRIOR_KEYS:
            values = [f.get(key) for f in figures]
            out[key] = _sum_if_all(values)
            if out[key] is None and any(v is not None for v in values):
                absent = [i for i, v in enumerate(values) if v is None]
                missing.append(
                    message("consolidate_note_prior_item", what=PRIOR_LABELS[key], units=self._names(absent))
                )
        tp = [f.get("three_public") for f in figures]
        if all(t is not None for t in tp):
            out["three_public"] = {item: _sum(t[item] for t in tp) for item in THREE_PUBLIC_ITEMS}  # type: ignore[index]
        else:
            out["three_public"] = None
            if any(t is not None for t in tp):
                absent = [i for i, t in enumerate(tp) if t is None]
                missing.append(
                    message(
                        "consolidate_note_prior_item",
                        what=PRIOR_LABELS["three_public"],
                        units=self._names(absent),
                    )
                )
        if missing:
            self.notes.append(message("consolidate_note_prior", items="；".join(missing)))
        return out

    def _prior_of(self, i: int) -> dict[str, Any]:
        """Unit ``i``'s prior-year figures in the consolidated unit: inline, or from last year's dataset."""
        loaded = self.loaded[i]
        if loaded.prior is None:
            py = self.units[i].prior_year
            out: dict[str, Any] = {key: getattr(py, key) for key in PRIOR_KEYS}
            out["three_public"] = py.three_public.model_dump() if py.three_public is not None else None
            return out
        from juesuan.derive import derive

        prior = derive(loaded).other["prior"]  # figures in 万元

        def convert(fig: Any) -> Decimal | None:
            if fig is None or fig.value is None:
                return None
            value = _tidy(fig.value * TEN_THOUSAND if self.unit == "元" else fig.value)
            self.decimals = max(self.decimals, decimals_of(value))
            return value

        out = {key: convert(prior.get(key)) for key in PRIOR_KEYS}
        items = {item: convert(prior.get(f"three_public.{item}")) for item in THREE_PUBLIC_ITEMS}
        out["three_public"] = items if all(v is not None for v in items.values()) else None
        return out

    def organisation(self) -> dict[str, Any]:
        others = self.units[1:] if self.base is not None else self.units
        subordinate = {"administrative": 0, "civil_service_managed": 0, "other_institutions": 0}
        for ds in others:
            subordinate[SUBORDINATE_KIND[ds.department.unit_type]] += 1
        orgs = [ds.department.organisation for ds in self.units]
        kinds: dict[str, list[int]] = {}
        for o in orgs:
            for s in o.staffing:
                if s.kind in kinds:
                    kinds[s.kind][0] += s.authorised
                    kinds[s.kind][1] += s.actual
                else:
                    kinds[s.kind] = [s.authorised, s.actual]
        return {
            "subordinate_units": subordinate,
            "included_units": list(dict.fromkeys(ds.department.name for ds in others)),
            "internal_departments": self.text(lambda d: d.department.organisation.internal_departments) or [],
            "affiliated_institutions": self.text(lambda d: d.department.organisation.affiliated_institutions)
            or [],
            "staffing": [{"kind": k, "authorised": a, "actual": n} for k, (a, n) in kinds.items()],
            "headcount_prior": _sum_if_all([o.headcount_prior for o in orgs]),
            "headcount_change_reason": self.text(lambda d: d.department.organisation.headcount_change_reason),
            "description": self.text(lambda d: d.department.organisation.description),
        }

    def department(self) -> dict[str, Any]:
        first = self.units[0].department
        duties = self.text(lambda d: d.department.duties) or message("consolidate_duties_placeholder")
        return {
            "name": self.name,
            "year": first.year,
            "level": "部门",
            "unit_type": self.setting(lambda d: d.department.unit_type, "行政单位"),
            "profile": first.profile,
            "region": self.setting(lambda d: d.department.region),
            "competent_department": self.text(lambda d: d.department.competent_department),
            "duties": duties,
            "organisation": self.organisation(),
            "main_tasks": self.text(lambda d: d.department.main_tasks) or [],
        }

    # -- the whole -------------------------------------------------------------------------------

    def build(self) -> Dataset:
        if self.base is not None:
            self.notes.append(message("consolidate_note_base", name=self.base.department.name))
        else:
            self.notes.append(message("consolidate_note_no_base"))
        if any(ds.stated for ds in self.units):
            self.notes.append(message("consolidate_note_stated"))
        data: dict[str, Any] = {
            "department": self.department(),
            "functional_items": self.functional_items(),
            "economic_items": self.economic_items(),
            "balances": self.balances(),
            "three_public": self.three_public(),
            "admin_cost": self.admin_cost(),
            "procurement": self.procurement(),
            "assets": self.assets(),
            "performance": self.performance(),
            "prior_year": self.prior_year(),
            "explanations": self.base.explanations.model_dump() if self.base is not None else {},
            "completion_basis": self.setting(lambda d: d.completion_basis, "adjusted"),
        }
        if self.decimals > MAX_DECIMALS:
            raise InputError(
                [
                    InputProblem(
                        self.loaded[0].document.file,
                        message("consolidate_precision", unit=self.unit, decimals=self.decimals),
                    )
                ]
            )
        data = {"schema_version": 1, "unit": self.unit, "decimals": self.decimals, **data}
        return Dataset.model_validate(data, context={"unit": self.unit, "decimals": self.decimals})


__all__ = ["Consolidated", "consolidate"]
