"""The dataset: one department-year as entered, as validated Python objects (pydantic models).

A dataset holds only what a person or the 决算 software states: detail figures at 项 level, balances,
the “三公” detail, performance self-evaluations, and the texts a person must write. Every total,
share, change, rate and score is derived from it by ``juesuan.derive``. Amounts keep the unit and the
digits they were entered with (``Decimal``); ``docs/dataset.md`` documents every field.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError, to_jsonable_python

from juesuan.money import ZERO, decimals_of

SCHEMA_VERSION = 1

FUNDS = ("general_budget", "gov_fund", "state_capital")
INCOME_SOURCES = (
    "general_budget",
    "gov_fund",
    "state_capital",
    "superior_subsidy",
    "business",
    "operating",
    "affiliated",
    "other",
)
EXPENDITURE_NATURES = ("basic", "project", "remit_superior", "operating", "affiliated_subsidy")
THREE_PUBLIC_ITEMS = ("outbound", "vehicle_purchase", "vehicle_operation", "reception")
VEHICLE_USES = (
    "ministerial",
    "principal_officials",
    "confidential_communication",
    "emergency",
    "law_enforcement",
    "special_technical",
    "retired_cadres",
    "other",
)


def _problem(key: str, **params: Any) -> PydanticCustomError:
    """A validation error that carries a key of ``data/messages.yaml`` and its parameters."""
    return PydanticCustomError("juesuan", "{msg_key}", {"msg_key": key, "params": params})


_NO_CONTEXT: dict[str, Any] = {}  # never changed


def _amount(value: Any, info: ValidationInfo) -> Decimal:
    if type(value) is Decimal:  # the usual case; a Decimal is a value: taken as it is
        amount = value
    elif isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _problem("amount_type", value=value)
    else:
        amount = Decimal(value)
    context: dict[str, Any] = info.context or _NO_CONTEXT
    allowed = context.get("decimals")
    if allowed is not None and decimals_of(amount) > allowed:
        raise _problem(
            "too_many_decimals",
            value=value,
            found=decimals_of(amount),
            unit=context.get("unit", ""),
            decimals=allowed,
        )
    return amount


def _non_negative(value: Any, info: ValidationInfo) -> Decimal:
    amount = _amount(value, info)
    if amount < ZERO:
        raise _problem("negative_amount", value=value)
    return amount


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _problem("number_type", value=value)
    return Decimal(value)


Amount = Annotated[Decimal, BeforeValidator(_non_negative), WithJsonSchema({"type": "number", "minimum": 0})]
"""A money amount in the dataset's unit: non-negative, at most the declared decimals."""
SignedAmount = Annotated[Decimal, BeforeValidator(_amount), WithJsonSchema({"type": "number"})]
"""A money amount that may be negative (e.g. 结余分配 can be a deduction)."""
Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
"""A non-money number (scores, indicator values)."""
Weight = Annotated[
    Decimal, BeforeValidator(_number), Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})
]
"""A 分值/权重: a non-negative number."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Field(ge=0)]
# a code such as 单位代码 101001 may be written (or typed into a workbook cell) as a number
Code = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(strip_whitespace=True, min_length=1),
]


def unwrap_annotation(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[Any, tuple[Any, ...]]:
    """Strip ``Annotated`` (collecting its metadata) and ``X | None`` from a field annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *meta = typing.get_args(annotation)
            annotation, metadata = base, (*metadata, *meta)
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def _fresh(factory: Callable[[], Any]) -> Any:
    """A field whose default, an object pydantic cannot hash (a list, a dict, a model holding one), is
    ``factory()`` made anew for each dataset: pydantic would deep-copy such a default instead (a dozen
    ``copy.deepcopy`` walks per dataset, ~18 % of validation). The JSON schema shows it as the default it
    is, as for a plain default."""
    return Field(
        default_factory=factory, json_schema_extra={"default": to_jsonable_python(factory(), by_alias=True)}
    )


class Model(BaseModel):
    """Base for every dataset part: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- 单位信息 -------------------------------------------------------------------------------------


class SubordinateUnits(Model):
    """下属二级预算单位 by kind."""

    administrative: Count = 0
    civil_service_managed: Count = 0
    other_institutions: Count = 0


class Staffing(Model):
    """编制 and 实有人数 of one kind of staff (行政编制, 事业编制, 工勤 …)."""

    kind: Text
    authorised: Count
    actual: Count


class Organisation(Model):
    """机构设置."""

    subordinate_units: SubordinateUnits = SubordinateUnits()
    included_units: list[Text] = _fresh(list)
    internal_departments: list[Text] = _fresh(list)
    affiliated_institutions: list[Text] = _fresh(list)
    staffing: list[Staffing] = _fresh(list)
    headcount_prior: Count | None = None
    headcount_change_reason: Text | None = None
    description: Text | None = None


class Department(Model):
    """单位信息."""

    name: Text
    short_name: Text | None = None
    code: Code | None = None  # 单位代码, as the 财政 system knows the unit
    year: Annotated[int, Field(ge=2000, le=2100)]
    level: Literal["部门", "单位"] = "部门"
    unit_type: Literal["行政单位", "参照公务员法管理的事业单位", "事业单位"] = "行政单位"
    profile: Literal["sichuan", "mof"] = "sichuan"
    region: Text | None = None
    competent_department: Text | None = None
    duties: Text
    organisation: Organisation = _fresh(Organisation)
    main_tasks: list[Text] = _fresh(list)
    publication_date: dt.date | None = None


# --- 收入、支出 by 支出功能分类 (项) -------------------------------------------------------------------


class Income(Model):
    """本年收入 by its eight sources."""

    general_budget: Amount = ZERO
    gov_fund: Amount = ZERO
    state_capital: Amount = ZERO
    superior_subsidy: Amount = ZERO
    business: Amount = ZERO
    operating: Amount = ZERO
    affiliated: Amount = ZERO
    other: Amount = ZERO


class Expenditure(Model):
    """本年支出 by nature (all fund sources together)."""

    basic: Amount = ZERO
    project: Amount = ZERO
    remit_superior: Amount = ZERO
    operating: Amount = ZERO
    affiliated_subsidy: Amount = ZERO


class FundExpenditure(Model):
    """财政拨款支出 of one fund source for one 项, with that 项's fund balances."""

    basic: Amount = ZERO
    project: Amount = ZERO
    opening: Amount = ZERO
    closing: Amount = ZERO


class FiscalExpenditure(Model):
    """财政拨款支出 by fund source: 一般公共预算, 政府性基金预算, 国有资本经营预算."""

    general_budget: FundExpenditure = FundExpenditure()
    gov_fund: FundExpenditure = FundExpenditure()
    state_capital: FundExpenditure = FundExpenditure()


class Budget(Model):
    """The 一般公共预算财政拨款 budget of a 项: 年初预算 and, where changed, 调整预算 (全年预算)."""

    initial: Amount | None = None
    adjusted: Amount | None = None


class FunctionalItem(Model):
    """One 项 of 支出功能分类 with everything the tables state about it."""

    code: Code
    income: Income = Income()
    expenditure: Expenditure = Expenditure()
    fiscal: FiscalExpenditure = FiscalExpenditure()
    budget: Budget = Budget()
    use: Text | None = None
    variance_reason: Text | None = None


class EconomicItem(Model):
    """财政拨款支出 of one 部门预算支出经济分类 款, split 基本/项目, for one fund (default 一般公共预算)."""

    code: Code
    fund: Literal["general_budget", "gov_fund", "state_capital"] = "general_budget"
    basic: Amount = ZERO
    project: Amount = ZERO


class FundAmounts(Model):
    """An amount per fund source."""

    general_budget: Amount = ZERO
    gov_fund: Amount = ZERO
    state_capital: Amount = ZERO


class Balances(Model):
    """结转结余 of the 收入支出决算总表 and 财政拨款收入支出决算总表."""

    opening: Amount = ZERO
    opening_fiscal: FundAmounts = FundAmounts()
    use_of_non_fiscal_balance: Amount = ZERO
    distribution: SignedAmount = ZERO
    closing: Amount = ZERO
    closing_fiscal: FundAmounts = FundAmounts()


# --- “三公”经费 -----------------------------------------------------------------------------------


class ThreePublicBudget(Model):
    """“三公”经费财政拨款 年初预算 (or 全年预算) by item."""

    outbound: Amount = ZERO
    vehicle_purchase: Amount = ZERO
    vehicle_operation: Amount = ZERO
    reception: Amount = ZERO


class Outbound(Model):
    """因公出国（境）."""

    amount: Amount = ZERO
    groups: Count = 0
    persons: Count = 0
    use: Text | None = None


class VehiclePurchase(Model):
    """公务用车 purchased in the year, by vehicle type (轿车, 越野车, 载客汽车 …)."""

    type: Text
    count: Count
    amount: Amount


class Vehicles(Model):
    """公务用车购置及运行维护."""

    purchases: list[VehiclePurchase] = _fresh(list)
    purchase_use: Text | None = None
    operation: Amount = ZERO
    operation_use: Text | None = None
    holdings: dict[Text, Count] = _fresh(lambda: {"轿车": 0, "越野车": 0, "载客汽车": 0})


class ReceptionItem(Model):
    """One itemised reception (具体内容)."""

    description: Text
    amount: Amount


class Reception(Model):
    """国内 or 外事 公务接待."""

    amount: Amount = ZERO
    batches: Count = 0
    persons: Count = 0
    use: Text | None = None
    items: list[ReceptionItem] = _fresh(list)


class ThreePublicReasons(Model):
    """The explanations the “三公” section needs."""

    budget_variance: Text | None = None
    change: Text | None = None
    outbound: Text | None = None
    vehicles: Text | None = None
    reception: Text | None = None


class ThreePublic(Model):
    """财政拨款“三公”经费."""

    budget: ThreePublicBudget = ThreePublicBudget()
    outbound: Outbound = Outbound()
    vehicles: Vehicles = _fresh(Vehicles)
    domestic_reception: Reception = _fresh(Reception)
    foreign_reception: Reception = _fresh(Reception)
    reasons: ThreePublicReasons = ThreePublicReasons()


# --- 其他重要事项 ----------------------------------------------------------------------------------


class AdminCost(Model):
    """机关运行经费."""

    amount: Amount
    reason: Text | None = None


class Procurement(Model):
    """政府采购."""

    goods: Amount = ZERO
    works: Amount = ZERO
    services: Amount = ZERO
    sme: Amount = ZERO
    small_micro: Amount = ZERO
    use: Text | None = None


class Assets(Model):
    """国有资产占有使用: vehicles by use at year end, and equipment of 100万元 or more."""

    vehicles: dict[Literal[VEHICLE_USES], Count] = _fresh(dict)  # type: ignore[valid-type]
    other_vehicles_use: Text | None = None
    equipment_over_1m: Count = 0


# --- 预算绩效管理 ----------------------------------------------------------------------------------


class Indicator(Model):
    """A 三级指标 of a 项目支出绩效自评表."""

    level1: Literal["产出指标", "效益指标", "满意度指标", "成本指标"]
    level2: Text
    name: Text
    target: Text
    actual: Text
    weight: Weight
    kind: Literal["auto", "quantitative", "qualitative", "manual"] = "auto"
    direction: Literal["positive", "negative"] | None = None
    target_value: Number | None = None
    actual_value: Number | None = None
    grade: Literal["达成", "部分达成", "未达成"] | None = None
    score: Number | None = None
    deduction_reason: Text | None = None


class ProjectFunds(Model):
    """项目资金: 全年预算数 and 全年执行数, 财政拨款 and 其他资金."""

    budget_fiscal: Amount = ZERO
    budget_other: Amount = ZERO
    executed_fiscal: Amount = ZERO
    executed_other: Amount = ZERO
    initial_budget: Amount | None = None


class EvaluationWork(Model):
    """评价实施 of a 项目绩效评价报告."""

    purpose: Text | None = None
    focus: Text | None = None
    sample: Text | None = None
    method: Text | None = None
    organisation: Text | None = None


class ProjectAnalysis(Model):
    """绩效分析 of a 项目绩效评价报告."""

    decision: Text | None = None
    management: Text | None = None
    implementation: Text | None = None
    results: list[Text] = _fresh(list)
    special_indicators: Text | None = None
    individual_indicators: Text | None = None


class ProjectReport(Model):
    """The text of a 项目绩效评价报告."""

    background: Text | None = None
    purpose: Text | None = None
    direction: Text | None = None
    funds_management: Text | None = None
    goal_setting: Text | None = None
    evaluation: EvaluationWork = EvaluationWork()
    analysis: ProjectAnalysis = _fresh(ProjectAnalysis)
    conclusion: Text | None = None
    problems: Text | None = None
    suggestions: Text | None = None


class ProjectEvaluation(Model):
    """A 项目支出绩效自评表 (and optionally its 绩效评价报告)."""

    name: Text
    competent_department: Text | None = None
    implementing_unit: Text | None = None
    functional_codes: list[Code] = _fresh(list)
    funds: ProjectFunds
    execution_weight: Weight = Decimal(10)
    expected_goal: Text
    actual_goal: Text
    indicators: list[Indicator]
    summary: Text | None = None
    deduction_reason: Text | None = None
    report: ProjectReport | None = None


class DepartmentReport(Model):
    """The text of the 部门整体预算绩效评价报告."""

    scope_note: Text | None = None
    performance_target: Text | None = None
    fiscal_income_reason: Text | None = None
    fulfilment: Text | None = None
    budget_preparation: Text | None = None
    execution_management: Text | None = None
    assessment: Text | None = None
    projects_overall: Text | None = None
    large_projects: Text | None = None
    results_application: Text | None = None
    conclusion: Text | None = None
    problems: Text | None = None
    suggestions: Text | None = None


class DepartmentEvaluation(Model):
    """部门整体绩效自评."""

    score: Annotated[
        Decimal, BeforeValidator(_number), Field(ge=0, le=100), WithJsonSchema({"type": "number"})
    ]
    summary: Text | None = None
    report: DepartmentReport = DepartmentReport()


class Performance(Model):
    """预算绩效管理."""

    ex_ante_projects: list[Text] = _fresh(list)
    target_projects: Count | None = None
    monitored_projects: Count | None = None
    department: DepartmentEvaluation | None = None
    projects: list[ProjectEvaluation] = _fresh(list)
    scoring_decimals: Annotated[int, Field(ge=0, le=4)] = 2


# --- 上年数 and explanations ---------------------------------------------------------------------


class PriorThreePublic(Model):
    """上年“三公”经费财政拨款支出决算 by item."""

    outbound: Amount = ZERO
    vehicle_purchase: Amount = ZERO
    vehicle_operation: Amount = ZERO
    reception: Amount = ZERO


class PriorYear(Model):
    """The previous year's figures the comparisons need: inline, or from last year's dataset."""

    dataset: Text | None = None
    total: Amount | None = None
    fiscal_total: Amount | None = None
    fiscal_income: Amount | None = None
    general_budget_expenditure: Amount | None = None
    gov_fund_expenditure: Amount | None = None
    state_capital_expenditure: Amount | None = None
    three_public: PriorThreePublic | None = None
    admin_cost: Amount | None = None
    closing_balance: Amount | None = None

    @model_validator(mode="after")
    def _one_source(self) -> PriorYear:
        inline = [k for k in type(self).model_fields if k != "dataset" and getattr(self, k) is not None]
        if self.dataset and inline:
            raise _problem("prior_both")
        return self


class Explanations(Model):
    """The reasons a person must write for the comparisons the report makes."""

    total_change: Text | None = None
    fiscal_total_change: Text | None = None
    general_budget_change: Text | None = None
    general_budget_variance: Text | None = None
    gov_fund_change: Text | None = None
    state_capital_change: Text | None = None


class Dataset(Model):
    """One department-year."""

    schema_version: Literal[1] = 1
    unit: Literal["元", "万元"] = "万元"
    decimals: Annotated[int, Field(ge=0, le=6)] = 2
    department: Department
    functional_items: list[FunctionalItem] = _fresh(list)
    economic_items: list[EconomicItem] = _fresh(list)
    balances: Balances = Balances()
    three_public: ThreePublic = _fresh(ThreePublic)
    admin_cost: AdminCost | None = None
    procurement: Procurement = Procurement()
    assets: Assets = _fresh(Assets)
    performance: Performance = _fresh(Performance)
    prior_year: PriorYear = PriorYear()
    explanations: Explanations = Explanations()
    completion_basis: Literal["adjusted", "initial"] = "adjusted"
    stated: dict[Text, SignedAmount] = _fresh(dict)
