"""One passing and one failing case per rule of the catalogue, asserting the exact findings.

``CLEAN`` is a small dataset on which no rule finds anything. Each case changes it so that exactly the
rule under test fires, and asserts the rule id, the severity and the line of the primary location.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.rules import check_path
from juesuan.rules.catalogue import load_catalogue

CLEAN = """\
schema_version: 1
unit: 万元
decimals: 2
department:
  name: 测试局
  year: 2024
  duties: 负责测试工作。
functional_items:
  - code: "2010301"
    income: {general_budget: 100.00}
    expenditure: {basic: 80.00, project: 20.00}
    fiscal: {general_budget: {basic: 80.00, project: 20.00}}
    budget: {adjusted: 100.00}
economic_items:
  - {code: "30101", basic: 70.00}
  - {code: "30201", basic: 9.00, project: 20.00}
  - {code: "30217", basic: 1.00}
balances: {opening: 0, closing: 0}
three_public:
  budget: {reception: 1.00}
  domestic_reception: {amount: 1.00, batches: 1, persons: 3}
admin_cost: {amount: 10.00}
assets: {vehicles: {other: 0}}
procurement: {goods: 5.00, sme: 3.00, small_micro: 1.00}
prior_year:
  total: 100.00
  fiscal_total: 100.00
  fiscal_income: 100.00
  general_budget_expenditure: 100.00
  gov_fund_expenditure: 0
  state_capital_expenditure: 0
  three_public: {reception: 1.00}
  admin_cost: 10.00
  closing_balance: 0
performance:
  projects:
    - name: 测试项目
      functional_codes: ["2010301"]
      funds: {budget_fiscal: 20.00, executed_fiscal: 20.00}
      expected_goal: 目标
      actual_goal: 完成
      indicators:
        - {level1: 产出指标, level2: 数量指标, name: 数量, target: ≥10个, actual: 10个, weight: 90}
"""

ITEM_EXTRA = """\
  - code: "2120803"
    income: {gov_fund: 10.00}
    expenditure: {project: 10.00}
    fiscal: {gov_fund: {project: 10.00}}
"""


def replace(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def append(block: str, text: str = CLEAN) -> str:
    return text + block


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# (rule id, severity, dataset text, the text on the primary location's line, or None for no line)
CASES = [
    ("F001", "fatal", "department: [\n", None),
    ("F002", "fatal", replace("    budget: {adjusted: 100.00}", "    buget: {adjusted: 100.00}"), "buget"),
    ("F003", "fatal", replace('"2010301"', '"2010308"'), '"2010308"'),
    ("F004", "fatal", replace("target: ≥10个, actual: 10个", "target: 优良中差, actual: 良"), "优良中差"),
    ("F005", "fatal", append("  dataset: prior.yaml\n"), "prior_year:"),
    (
        "T001",
        "error",
        replace("balances: {opening: 0, closing: 0}", "balances: {opening: 0, closing: 1.00}"),
        "balances:",
    ),
    (
        "T002",
        "error",
        replace(
            "balances: {opening: 0, closing: 0}",
            "balances: {opening: 1.00, closing: 1.00, opening_fiscal: {general_budget: 1.00}}",
            replace("  closing_balance: 0\n", "  closing_balance: 1.00\n"),
        ),
        "balances:",
    ),
    (
        "T006",
        "error",
        replace("expenditure: {basic: 80.00, project: 20.00}", "expenditure: {basic: 79.00, project: 21.00}"),
        "expenditure: {basic: 79.00",
    ),
    ("T008", "error", append("  " + "\n"), None),
    ("T009", "error", replace("small_micro: 1.00", "small_micro: 4.00"), "procurement:"),
    ("T010", "error", append("stated: {income.total: 101.00}\n"), "stated:"),
    ("T011", "error", append("stated: {three_public.actual.total: 2.00}\n"), "stated:"),
    ("T012", "error", append("stated: {procurement.total: 6.00}\n"), "stated:"),
    ("T013", "error", append("stated: {func.2010301.expenditure.total: 90.00}\n"), "stated:"),
    ("H001", "error", append("stated: {func.201.expenditure.total: 90.00}\n"), "stated:"),
    (
        "H002",
        "error",
        replace('{code: "30101", basic: 70.00}', '{code: "30101", basic: 75.00}'),
        "economic_items:",
    ),
    ("H003", "error", append("stated: {basic.personnel: 60.00}\n"), "stated:"),
    ("X001", "error", append("stated: {fiscal.total.income: 90.00}\n"), "stated:"),
    (
        "X002",
        "error",
        replace("domestic_reception: {amount: 1.00", "domestic_reception: {amount: 0.80"),
        '{code: "30217"',
    ),
    ("X003", "warning", replace("admin_cost: {amount: 10.00}", "admin_cost: {amount: 12.00}"), "admin_cost:"),
    (
        "X004",
        "warning",
        replace("  domestic_reception:", "  vehicles: {holdings: {轿车: 2}}\n  domestic_reception:"),
        "vehicles: {holdings",
    ),
    ("X005", "error", append("stated: {total.income_side: 1.00}\n"), None),
    (
        "X006",
        "warning",
        replace(
            "  domestic_reception:",
            "  vehicles: {purchases: [{type: 轿车, count: 1, amount: 0}]}\n  domestic_reception:",
        ),
        "vehicles: {purchases",
    ),
    (
        "P001",
        "warning",
        replace("budget: {reception: 1.00}", "budget: {reception: 0.50}"),
        "budget: {reception",
    ),
    ("P002", "warning", replace("  total: 100.00\n", "  total: 50.00\n"), "total: 50.00"),
    ("P003", "warning", replace("executed_fiscal: 20.00", "executed_fiscal: 21.00"), "funds:"),
    (
        "C001",
        "warning",
        replace("    budget: {adjusted: 100.00}", "    budget: {adjusted: 101.00}"),
        "  - code",
    ),
    ("C002", "warning", replace("  admin_cost: 10.00\n", ""), "prior_year:"),
    ("C003", "warning", replace("admin_cost: {amount: 10.00}\n", ""), None),
    ("C004", "error", replace("duties: 负责测试工作。", "duties: 负责XX工作（待补充）。"), "duties:"),
    ("Y001", "error", replace("  closing_balance: 0\n", "  closing_balance: 3.00\n"), "balances:"),
    ("E001", "error", replace("weight: 90", "weight: 80"), "indicators:"),
    ("E002", "error", append("stated: {performance.project0.total: 95}\n"), "stated:"),
    (
        "E003",
        "warning",
        replace(
            "funds: {budget_fiscal: 20.00, executed_fiscal: 20.00}",
            "funds: {budget_fiscal: 0, executed_fiscal: 0}",
        ),
        "funds:",
    ),
    (
        "E004",
        "warning",
        replace(
            "funds: {budget_fiscal: 20.00, executed_fiscal: 20.00}",
            "funds: {budget_fiscal: 30.00, executed_fiscal: 30.00}",
        ),
        "funds:",
    ),
    ("N001", "error", append("stated: {change.total.percent: 5.00}\n"), "stated:"),
    (
        "N002",
        "error",
        append(
            "stated: {share.expenditure.basic: 80.00, share.expenditure.project: 19.99, "
            "share.expenditure.remit_superior: 0, share.expenditure.operating: 0, "
            "share.expenditure.affiliated_subsidy: 0}\n"
        ),
        "stated:",
    ),
    (
        "N003",
        "error",
        replace("prior_year:\n  total: 100.00", "prior_year:\n  total: 0")
        + "stated: {change.total.percent: 5.00}\n",
        "stated:",
    ),
    ("R001", "info", append("stated: {income.total: 100.01}\n"), "stated:"),
    ("R002", "info", replace("admin_cost: {amount: 10.00}\n", ""), None),
]


def _fix_cases() -> list[tuple[str, str, str, str | None]]:
    out = []
    for rule_id, severity, text, needle in CASES:
        if rule_id == "T008":
            text = replace(
                "domestic_reception: {amount: 1.00, batches: 1, persons: 3}",
                "domestic_reception: {amount: 1.00, batches: 1, persons: 3, items: [{description: 调研, "
                "amount: 0.80}]}",
            )
            needle = "domestic_reception:"
        if rule_id == "F005":
            text = replace(
                "prior_year:\n  total: 100.00", "prior_year:\n  dataset: prior.yaml\n  total: 100.00"
            )
        if rule_id == "X005":
            text = append("stated: {admin_cost: 11.00}\n")
            needle = "stated:"
        out.append((rule_id, severity, text, needle))
    return out


def run(tmp_path: Path, text: str):
    path = tmp_path / "dataset.yaml"
    path.write_text(text, encoding="utf-8")
    return check_path(path), path


def test_clean_dataset_has_no_findings(tmp_path):
    report, _ = run(tmp_path, CLEAN)
    assert [f.line() for f in report.findings] == []
    assert report.exit_code == 0
    assert {o.outcome for o in report.outcomes} == {"passed"}


@pytest.mark.parametrize(("rule_id", "severity", "text", "needle"), _fix_cases(), ids=[c[0] for c in CASES])
def test_rule_fires(tmp_path, rule_id, severity, text, needle):
    report, path = run(tmp_path, text)
    mine = [f for f in report.findings if f.rule_id == rule_id]
    assert mine, f"{rule_id} did not fire: {[f.line() for f in report.findings]}"
    finding = mine[0]
    assert finding.severity == severity
    if needle is not None:
        assert finding.primary.file == str(path)
        assert finding.primary.line == line_of(text, needle), finding.line()
    spec = load_catalogue()[rule_id]
    assert finding.title == spec.title and finding.hint == spec.hint
    assert "{" not in finding.message and "}" not in finding.message
    others = {f.rule_id for f in report.findings if f.severity in ("fatal", "error")} - {rule_id}
    implied = {"T002": {"T003"}}.get(rule_id, set())  # 财政拨款总计 balances when every fund does
    if severity in ("fatal", "error"):
        assert not others - {"R001"} - implied, f"{rule_id} case also triggers {others}"


def test_every_catalogue_rule_has_a_case():
    tested = {c[0] for c in CASES} | {"T003", "T004", "T005", "T007", "R003"}
    tested |= {"C005", "C006", "C007"}  # test_another_units_or_years_file
    tested |= {"Y002"}  # tests/test_prior_override.py::test_published_prior_wins_over_inline_figures
    # A: tests/audit; K (checks across documents): tests/corpus_engine/test_crosscheck.py
    engine_rules = {r.id for r in load_catalogue().rules.values() if r.kind not in ("audit", "corpus")}
    assert tested == engine_rules, engine_rules ^ tested


def test_fund_rules(tmp_path):
    text = replace("functional_items:\n", "functional_items:\n" + ITEM_EXTRA)
    text = text.replace("  gov_fund_expenditure: 0\n", "  gov_fund_expenditure: 10.00\n")
    report, _ = run(tmp_path, text)
    assert not [f for f in report.findings if f.severity in ("fatal", "error")], [
        f.line() for f in report.findings
    ]
    # T003/T004/T005: a fund balance that does not balance, per fund and per 项
    broken = text.replace(
        "fiscal: {gov_fund: {project: 10.00}}", "fiscal: {gov_fund: {project: 10.00, closing: 1.00}}"
    )
    report, _ = run(tmp_path, broken)
    ids = {f.rule_id for f in report.findings}
    assert {"T004", "T005"} <= ids, ids
    broken = replace(
        "balances: {opening: 0, closing: 0}",
        "balances: {opening: 1.00, closing: 1.00, closing_fiscal: {gov_fund: 1.00}}",
        text,
    )
    report, _ = run(tmp_path, broken)
    ids = {f.rule_id for f in report.findings if f.severity == "error"}
    assert ids == {"T002", "T003", "Y001"}, ids
    # T007: fiscal balances larger than all balances
    broken = replace(
        "balances: {opening: 0, closing: 0}",
        "balances: {opening: 0, closing: 0, opening_fiscal: {general_budget: 1.00}, "
        "closing_fiscal: {general_budget: 1.00}}",
    )
    report, _ = run(tmp_path, broken)
    assert "T007" in {f.rule_id for f in report.findings}


def test_crashing_rule_is_reported_and_others_run(tmp_path, monkeypatch):
    from juesuan.rules import engine

    def boom(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(engine.REGISTRY, "X003", boom)
    report, _ = run(
        tmp_path, replace("balances: {opening: 0, closing: 0}", "balances: {opening: 0, closing: 1.00}")
    )
    ids = [f.rule_id for f in report.findings]
    assert "R003" in ids and "T001" in ids
    assert any(o.rule_id == "X003" and o.outcome == "crashed" for o in report.outcomes)


def test_skipped_rule_says_why(tmp_path):
    report, _ = run(tmp_path, replace("admin_cost: {amount: 10.00}\n", ""))
    skipped = [o for o in report.outcomes if o.outcome == "skipped"]
    assert any(o.rule_id == "X003" for o in skipped)
    assert any(f.rule_id == "R002" and "X003" in f.message for f in report.findings)


def test_fingerprint_survives_reordering(tmp_path):
    text = replace("admin_cost: {amount: 10.00}", "admin_cost: {amount: 12.00}")
    first, _ = run(tmp_path, text)
    moved = text.replace("admin_cost: {amount: 12.00}\n", "")
    moved = moved.replace("schema_version: 1\n", "schema_version: 1\nadmin_cost: {amount: 12.00}\n")
    second, _ = run(tmp_path, moved)
    f1 = next(f for f in first.findings if f.rule_id == "X003")
    f2 = next(f for f in second.findings if f.rule_id == "X003")
    assert f1.primary.line != f2.primary.line
    assert f1.fingerprint == f2.fingerprint


def test_yuan_amounts_are_exact(tmp_path):
    text = CLEAN.replace("unit: 万元", "unit: 元").replace("decimals: 2", "decimals: 2")
    text = append("stated: {income.total: 100.01}\n", text)
    report, _ = run(tmp_path, text)
    assert [f.rule_id for f in report.findings] == ["T010"]


def test_another_units_or_years_file(tmp_path):
    """C005–C007 run only when the caller says whose file it must be (``juesuan check --unit/--year``)."""
    from juesuan.rules.engine import Expected

    path = tmp_path / "dataset.yaml"
    path.write_text(replace("  name: 测试局\n", '  name: 测试局\n  code: "101001"\n'), encoding="utf-8")
    assert check_path(path).findings == []
    own = check_path(path, expected=Expected("测试局", "101001", 2024))
    assert own.findings == [] and own.exit_code == 0
    assert check_path(path, expected=Expected(" 测试局 ", None, None)).findings == []  # spaces ignored
    other = check_path(path, expected=Expected("第一小学", "102002", 2025))
    found = {f.rule_id: f for f in other.findings}
    assert set(found) == {"C005", "C006", "C007"} and other.exit_code == 1
    assert {f.severity for f in found.values()} == {"error"}
    assert "“测试局”" in found["C005"].message and "“第一小学”" in found["C005"].message
    assert "101001" in found["C006"].message and "102002" in found["C006"].message
    assert "2024" in found["C007"].message and "2025" in found["C007"].message
    assert found["C005"].primary.line == line_of(path.read_text(encoding="utf-8"), "  name: 测试局")


def test_n003_passes_a_zero_stated_on_a_zero_base_and_a_computable_rate(tmp_path):
    # the passing cases of N003: “增长0%” on a zero base is what the text should say (nothing to report), and
    # a rate the tables can give is N001's to compare, never N003's
    zero_base = replace("prior_year:\n  total: 100.00", "prior_year:\n  total: 0")
    report, _ = run(tmp_path, zero_base + "stated: {change.total.percent: 0}\n")
    assert not [f.line() for f in report.findings if f.rule_id in ("N001", "N003")]
    report, _ = run(tmp_path, append("stated: {change.total.percent: 5.00}\n"))
    ids = {f.rule_id for f in report.findings}
    assert "N003" not in ids and "N001" in ids  # 100 on 100 is 0%, not 5%
    # the failing case's message shows the stated rate with its sign of percent
    report, _ = run(tmp_path, zero_base + "stated: {change.total.percent: 5.00}\n")
    [n003] = [f for f in report.findings if f.rule_id == "N003"]
    assert "填报为5.00%" in n003.message, n003.message


def test_stated_figures_are_shown_with_their_unit(tmp_path, monkeypatch):
    # an amount stated for the narrative is in 万元 in every message that shows it (N001 and R001 wrote
    # “填报为5.00，按表中数据计算应为0.00”), a rate in %, a score in 分; a template that writes 万元 itself
    # (T010) gets the bare figure
    report, _ = run(tmp_path, append("stated: {change.total.difference: 5.00}\n"))
    [n001] = [f for f in report.findings if f.rule_id == "N001"]
    assert "填报为5.00万元，按表中数据计算应为0.00万元，相差5.00万元（允许尾差±0.015万元）" in n001.message
    report, _ = run(tmp_path, append("stated: {income.total: 100.01}\n"))
    [r001] = [f for f in report.findings if f.rule_id == "R001"]
    assert "100.01万元与100.00万元相差0.01万元" in r001.message and "（±0.01万元）" in r001.message
    report, _ = run(tmp_path, append("stated: {income.total: 105.00}\n"))
    [t010] = [f for f in report.findings if f.rule_id == "T010"]
    assert "填报为105.00万元，按明细计算应为100.00万元" in t010.message and "万元万元" not in t010.message
    report, _ = run(tmp_path, append("stated: {performance.project0.total: 80}\n"))
    [e002] = [f for f in report.findings if f.rule_id == "E002"]
    assert "填报为80.00分，按评分规则应为100.00分" in e002.message
    # N003 on an amount the tables cannot give (no such amount is derived today: forced here)
    from juesuan.figures import Ledger

    value = Ledger.value
    monkeypatch.setattr(
        Ledger, "value", lambda self, key: None if key == "change.total.difference" else value(self, key)
    )
    report, _ = run(tmp_path, append("stated: {change.total.difference: 5.00}\n"))
    [n003] = [f for f in report.findings if f.rule_id == "N003"]
    assert "填报为5.00万元，但按表中数据无法计算该数" in n003.message, n003.message
