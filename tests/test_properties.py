"""Property-based tests: any valid dataset gives a report whose printed numbers satisfy every identity."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from juesuan.build import prepare
from juesuan.money import round_half_up
from juesuan.render.text import render_text

from .strategies import datasets

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PERCENT = re.compile(r"占(\d+\.\d{2})%")


def _paragraph_after(text: str, heading: str) -> str:
    start = text.index(heading) + len(heading)
    return text[start : text.index("\n", start + 1)]


def _shown(value: Decimal) -> Decimal:
    return round_half_up(value, 2)


def _check_yoy(sentence: str, current: Decimal, prior: Decimal) -> None:
    """A “增加X万元，增长Y%” / “减少…，下降…” / “持平” phrase agrees with its two years."""
    diff = current - prior
    match = re.search(r"(增加|减少|新增)(\d+\.\d{2})万元(?:，(增长|下降)(\d+\.\d{2})%)?", sentence)
    if _shown(diff) == 0:
        assert "持平" in sentence and not match, sentence
        return
    assert match, sentence
    assert match.group(1) == ("减少" if diff < 0 else "新增" if prior == 0 else "增加"), sentence
    assert Decimal(match.group(2)) == _shown(abs(diff)), sentence
    if prior == 0:
        assert match.group(3) is None and "上年为0" in sentence, sentence
    else:
        assert match.group(3) == ("增长" if diff > 0 else "下降"), sentence
        assert Decimal(match.group(4)) == _shown(abs(diff) * 100 / prior), sentence


@SETTINGS
@given(datasets())
def test_generated_report_is_consistent(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("ds") / "dataset.yaml"
    path.write_text(text, encoding="utf-8")
    view = prepare(path)  # raises CheckFailed on any fatal or error finding
    assert view.check is not None and view.check.exit_code == 0
    assert not [f for f in view.check.findings if f.severity in ("fatal", "error")]
    d = view.derived
    report = render_text(view)

    for residue in ("{{", "}}", "{%", "None", "增加/减少", "增长/下降", "undefined"):
        assert residue not in report

    # displayed shares add up to 100.00% wherever the whole is not zero
    for heading, total in (
        ("二、收入决算情况说明\n", d.income["total"]),
        ("三、支出决算情况说明\n", d.expenditure["total"]),
    ):
        shares = [Decimal(p) for p in PERCENT.findall(_paragraph_after(report, heading))]
        if total.value:
            assert sum(shares) == Decimal("100.00")
    structure = _paragraph_after(report, "（二）一般公共预算财政拨款支出决算结构情况\n")
    if d.general_budget["expenditure"].value:
        assert sum(Decimal(p) for p in PERCENT.findall(structure)) == Decimal("100.00")

    # parts add up to totals in the printed tables (inputs have two decimals, so exactly)
    t3 = view.tables["T3"]
    rows = [r for r in t3.body if isinstance(r[0].value, str) and r[0].value.isdigit()]
    total_row = t3.body[0]
    for col in range(2, 2 + 5):
        if not t3.empty:
            assert total_row[col - 1].value == sum(r[col].value for r in rows if len(r[0].value) == 3)
    for row in rows:
        if len(row[0].value) == 3:
            children = [r for r in rows if len(r[0].value) == 5 and r[0].value.startswith(row[0].value)]
            assert row[2].value == sum(c[2].value for c in children)
    t1 = view.tables["T1"]
    grand = next(r for r in t1.body if r[0].value == "总计")
    assert grand[1].value == grand[3].value

    # every year-on-year sentence agrees with its two years
    prior = d.other["prior"]
    total_sentence = _paragraph_after(report, "一、收入支出决算总体情况说明\n")
    _check_yoy(total_sentence, d.totals["income"].value, prior["total"].value)
    fiscal_sentence = _paragraph_after(report, "四、财政拨款收入支出决算总体情况说明\n")
    _check_yoy(fiscal_sentence, d.fiscal["total"]["income_side"].value, prior["fiscal_total"].value)
    gb_sentence = _paragraph_after(report, "（一）一般公共预算财政拨款支出决算总体情况\n")
    _check_yoy(
        gb_sentence,
        d.fiscal["general_budget"]["expenditure"].value,
        prior["general_budget_expenditure"].value,
    )
    admin_sentence = _paragraph_after(report, "（一）机关运行经费支出情况\n")
    if "无机关运行经费" not in admin_sentence:
        _check_yoy(admin_sentence, d.other["admin_cost"].value, prior["admin_cost"].value)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets(complete=True))
def test_own_auditor_finds_nothing_in_a_generated_report(tmp_path_factory, text):
    """Any complete valid dataset's report, read back by ``juesuan audit`` as a published text: no error, no
    warning. (Without the 经济分类 detail the check warns, C003, and the split columns are left blank.)"""
    from juesuan.audit.run import audit_path

    folder = tmp_path_factory.mktemp("own")
    source = folder / "dataset.yaml"
    source.write_text(text, encoding="utf-8")
    view = prepare(source)
    report_path = folder / "report.txt"
    report_path.write_text(render_text(view), encoding="utf-8")
    audit = audit_path(report_path)
    bad = [f.line() for f in audit.findings if f.severity in ("fatal", "error", "warning")]
    assert not bad, bad
    assert audit.year == view.derived.year
