"""``juesuan consolidate``: a department's dataset as the exact, item-by-item sum of its units' datasets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.build import build
from juesuan.cli import main
from juesuan.consolidate import Consolidated, _map_money, consolidate
from juesuan.dataset import FUNDS, Dataset
from juesuan.derive import derive
from juesuan.errors import InputError
from juesuan.loader import LoadedDataset, load_dataset
from juesuan.rules import check_path

from .conftest import EXAMPLE

TOTALS = (
    "total.income",
    "total.expenditure",
    "income.total",
    "expenditure.total",
    "expenditure.basic",
    "expenditure.project",
    "fiscal.total.income",
    "fiscal.total.expenditure",
    "fiscal.general_budget.basic",
    "fiscal.general_budget.project",
    "basic.personnel",
    "basic.public",
    "three_public.actual.total",
    "three_public.budget.total",
    "balance.opening",
    "balance.closing",
    "admin_cost",
    "prior.total",
    "prior.fiscal_total",
    "prior.three_public.reception",
)
NEW_CODE = (
    "2010302"  # 一般公共服务支出 / 政府办公厅（室）及相关机构事务 / 一般行政管理事务: not in the example
)


def write(path: Path, dataset: Dataset) -> Path:
    """A dataset as YAML (through the consolidation's own writer; the header is only a comment)."""
    path.write_text(Consolidated(dataset, (), (), None).to_yaml(), encoding="utf-8")
    return path


def modified(ds: Dataset, *, factor: Decimal = Decimal(2), name: str = "信访局下属中心") -> Dataset:
    """The example with every amount × ``factor``, another name, a 事业单位, and one more 项 (10 万元 of
    一般公共预算 项目支出, with its 经济分类 and budget) that the example does not have."""
    scaled = _map_money(ds, lambda v: v * factor)
    data = scaled.model_dump()
    data["department"] |= {"name": name, "unit_type": "事业单位", "duties": "下属中心的职责"}
    data["functional_items"].append(
        {
            "code": NEW_CODE,
            "income": {"general_budget": Decimal(10)},
            "expenditure": {"project": Decimal(10)},
            "fiscal": {"general_budget": {"project": Decimal(10)}},
            "budget": {"adjusted": Decimal(10)},
        }
    )
    for econ in data["economic_items"]:
        if econ["code"] == "30201":
            econ["project"] += 10
    return Dataset.model_validate(data)


@pytest.fixture(scope="module")
def example() -> LoadedDataset:
    return load_dataset(EXAMPLE)


@pytest.fixture
def copy(tmp_path: Path, example: LoadedDataset) -> LoadedDataset:
    return load_dataset(write(tmp_path / "copy.yaml", modified(example.dataset)))


def reload(tmp_path: Path, result: Consolidated) -> LoadedDataset:
    path = tmp_path / "dept.yaml"
    path.write_text(result.to_yaml(), encoding="utf-8")
    return load_dataset(path)


def value(loaded: LoadedDataset, key: str) -> Decimal | None:
    return derive(loaded).ledger[key].value


def test_sums_item_by_item(tmp_path: Path, example: LoadedDataset, copy: LoadedDataset) -> None:
    result = consolidate([copy, example], name="乐山市金口河区信访局（部门）", code="D1", base=1)
    ds, a, b = result.dataset, example.dataset, copy.dataset
    assert result.units == (a.department.name, b.department.name)  # the base first
    assert result.base == a.department.name
    items = {i.code: i for i in ds.functional_items}
    assert set(items) == {i.code for i in a.functional_items} | {NEW_CODE}
    for ia in a.functional_items:
        ib = next(i for i in b.functional_items if i.code == ia.code)
        got = items[ia.code]
        for part in ("income", "expenditure"):
            for name, amount in getattr(got, part):
                assert amount == getattr(getattr(ia, part), name) + getattr(getattr(ib, part), name)
        for fund in FUNDS:
            for name, amount in getattr(got.fiscal, fund):
                assert amount == getattr(getattr(ia.fiscal, fund), name) + getattr(
                    getattr(ib.fiscal, fund), name
                )
        assert got.budget.adjusted == ia.budget.adjusted * 3
    new = items[NEW_CODE]
    assert (new.income.general_budget, new.fiscal.general_budget.project, new.budget.adjusted) == (10, 10, 10)
    econ = {(e.fund, e.code): e for e in ds.economic_items}
    for e in a.economic_items:
        extra = 10 if e.code == "30201" else 0
        assert econ[(e.fund, e.code)].basic == e.basic * 3
        assert econ[(e.fund, e.code)].project == e.project * 3 + extra
    assert ds.balances.opening == a.balances.opening * 3
    assert ds.three_public.domestic_reception.amount == Decimal("0.9582")
    assert ds.three_public.domestic_reception.batches == 4
    assert len(ds.three_public.domestic_reception.items) == 4  # every unit itemises: the items are kept
    assert ds.three_public.budget.reception == Decimal("3.30")
    assert ds.admin_cost is not None and ds.admin_cost.amount == Decimal("53.67")
    assert ds.prior_year.total == Decimal("890.10")
    assert ds.prior_year.three_public is not None and ds.prior_year.three_public.reception == Decimal(
        "2.1261"
    )
    assert [s.actual for s in ds.department.organisation.staffing] == [10, 8]
    assert ds.department.organisation.headcount_prior == 20
    # texts and the department's own data come from the base
    assert ds.department.duties == a.department.duties
    assert ds.explanations == a.explanations
    assert ds.performance.department == a.performance.department
    assert ds.department.organisation.included_units == [b.department.name]
    assert ds.department.organisation.subordinate_units.other_institutions == 1
    assert [p.name for p in ds.performance.projects] == [p.name for p in a.performance.projects] * 2
    assert ds.department.name == "乐山市金口河区信访局（部门）"
    text = result.to_yaml()
    assert text.startswith("# ") and "部门编码：D1" in text


def test_totals_are_the_sums_of_the_units(
    tmp_path: Path, example: LoadedDataset, copy: LoadedDataset
) -> None:
    loaded = reload(tmp_path, consolidate([example, copy], name="测试部门", base=0))
    for key in TOTALS:
        assert value(loaded, key) == value(example, key) + value(copy, key), key
    assert (
        value(loaded, "func.201.expenditure.total") == value(example, "func.201.expenditure.total") * 3 + 10
    )


def test_result_checks_clean_and_builds(tmp_path: Path, example: LoadedDataset, copy: LoadedDataset) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(consolidate([example, copy], name="测试部门", base=0).to_yaml(), encoding="utf-8")
    report = check_path(path)
    assert report.count("fatal") == 0 and report.count("error") == 0, [f.line() for f in report.findings]
    result = build(path, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert result.files and "测试部门2024年度部门决算" in html
    assert "纳入测试部门2024年度部门决算编制范围的二级预算单位包括：信访局下属中心" in html


def test_single_unit_consolidates_to_itself(tmp_path: Path, example: LoadedDataset) -> None:
    name = example.dataset.department.name
    loaded = reload(tmp_path, consolidate([example], name=name, base=0))
    mine, theirs = derive(loaded).ledger.figures, derive(example).ledger.figures
    assert set(mine) == set(theirs)
    different = {k for k in theirs if mine[k].value != theirs[k].value}
    assert not different
    ds, original = loaded.dataset, example.dataset
    assert ds.functional_items == original.functional_items
    assert sorted(ds.economic_items, key=repr) == sorted(original.economic_items, key=repr)
    assert ds.three_public == original.three_public
    assert ds.prior_year == original.prior_year
    assert ds.department.organisation == original.department.organisation
    assert ds.performance == original.performance


def test_without_base_texts_are_left_empty(example: LoadedDataset, copy: LoadedDataset) -> None:
    result = consolidate([example, copy], name="测试部门")
    ds = result.dataset
    assert result.base is None
    assert "待补充" in ds.department.duties
    assert ds.explanations.total_change is None and ds.performance.department is None
    assert ds.department.organisation.included_units == [example.dataset.department.name, "信访局下属中心"]
    assert any("未指定本级单位" in note for note in result.notes)


def test_mismatched_years_are_refused(tmp_path: Path, example: LoadedDataset) -> None:
    other = modified(example.dataset)
    data = other.model_dump()
    data["department"]["year"] = 2025
    path = write(tmp_path / "2025.yaml", Dataset.model_validate(data))
    with pytest.raises(InputError) as caught:
        consolidate([example, load_dataset(path)], name="测试部门")
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.code == "consolidate_year_mismatch"
    assert "2025" in str(problem) and "2024" in str(problem)


def test_same_unit_twice_is_refused(example: LoadedDataset) -> None:
    with pytest.raises(InputError) as caught:
        consolidate([example, example], name="测试部门")
    assert [p.code for p in caught.value.problems] == ["consolidate_duplicate"]


def test_yuan_and_wanyuan_are_converted_exactly(tmp_path: Path, example: LoadedDataset) -> None:
    in_yuan = _map_money(example.dataset, lambda v: (v * 10000).quantize(Decimal(1))).model_dump()
    in_yuan |= {"unit": "元", "decimals": 0}
    in_yuan["department"]["name"] = "以元填报的单位"
    yuan = load_dataset(write(tmp_path / "yuan.yaml", Dataset.model_validate(in_yuan)))
    assert value(yuan, "total.income") == value(example, "total.income")  # the same figures, in 元
    result = consolidate([example, yuan], name="测试部门", base=0)
    ds = result.dataset
    assert (ds.unit, ds.decimals) == ("元", 0)
    assert ds.three_public.domestic_reception.amount == 6388  # 0.3194 万元 + 3194 元
    assert ds.functional_items[0].income.general_budget == 1822800
    assert any("换算为元" in note for note in result.notes)
    loaded = reload(tmp_path, result)
    for key in TOTALS:
        assert value(loaded, key) == value(example, key) * 2, key


def test_partial_prior_year_is_left_out(tmp_path: Path, example: LoadedDataset) -> None:
    data = modified(example.dataset).model_dump()
    data["prior_year"] = {"total": Decimal(100)}
    data["department"]["organisation"]["headcount_prior"] = None
    other = load_dataset(write(tmp_path / "partial.yaml", Dataset.model_validate(data)))
    result = consolidate([example, other], name="测试部门", base=0)
    py = result.dataset.prior_year
    assert py.total == example.dataset.prior_year.total + 100  # given by both: summed
    assert py.fiscal_total is None and py.three_public is None and py.admin_cost is None
    assert result.dataset.department.organisation.headcount_prior is None
    assert any("上年数" in note and "信访局下属中心" in note for note in result.notes)
    report = check_path(write_result(tmp_path, result))
    assert report.count("error") == 0 and any(f.rule_id == "C002" for f in report.findings)


def test_partial_budget_is_left_out(tmp_path: Path, example: LoadedDataset) -> None:
    data = modified(example.dataset).model_dump()
    for item in data["functional_items"]:
        if item["code"] == "2010301":
            item["budget"] = {}
    other = load_dataset(write(tmp_path / "nobudget.yaml", Dataset.model_validate(data)))
    result = consolidate([example, other], name="测试部门", base=0)
    items = {i.code: i for i in result.dataset.functional_items}
    assert items["2010301"].budget.adjusted is None and items["2010301"].budget.initial is None
    assert items["2010350"].budget.adjusted == Decimal("163.14")
    assert any("2010301" in note for note in result.notes)


def write_result(tmp_path: Path, result: Consolidated) -> Path:
    path = tmp_path / "dept.yaml"
    path.write_text(result.to_yaml(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the command


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli(tmp_path: Path, example: LoadedDataset, copy: LoadedDataset) -> None:
    out = tmp_path / "out" / "dept.yaml"
    result = run(
        "consolidate",
        str(copy.path),
        "--base",
        str(EXAMPLE),
        "--name",
        "测试部门",
        "--code",
        "D1",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    loaded = load_dataset(out)
    assert loaded.dataset.department.duties == example.dataset.department.duties  # --base is the 本级
    assert value(loaded, "total.income") == value(example, "total.income") + value(copy, "total.income")
    assert [p.name for p in out.parent.iterdir()] == ["dept.yaml"]  # no temporary file left behind
    # the base may also be one of the units: it is not counted twice
    again = run(
        "consolidate",
        str(EXAMPLE),
        str(copy.path),
        "--base",
        str(EXAMPLE),
        "--name",
        "测试部门",
        "-o",
        str(out),
    )
    assert again.exit_code == 0, again.output
    assert load_dataset(out).dataset == loaded.dataset


def test_cli_garbage_input(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_text("- just\n- a list\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    out = tmp_path / "dept.yaml"
    result = run(
        "consolidate", str(EXAMPLE), str(garbage), str(missing), "--name", "测试部门", "-o", str(out)
    )
    assert result.exit_code == 2
    assert str(garbage) in result.output and str(missing) in result.output
    assert not out.exists()


def test_cli_refusal_names_the_file(tmp_path: Path) -> None:
    out = tmp_path / "dept.yaml"
    result = run(
        "consolidate", str(EXAMPLE), str(EXAMPLE / "dataset.yaml"), "--name", "测试部门", "-o", str(out)
    )
    assert result.exit_code == 2
    assert "重复汇总" in result.output and str(EXAMPLE / "dataset.yaml") in result.output
    assert not out.exists()


def test_prior_year_from_last_years_dataset(tmp_path: Path, example: LoadedDataset) -> None:
    """A unit whose prior-year figures come from last year's dataset (here in 元) contributes them, exactly
    converted, to the department's inline prior-year figures."""
    (tmp_path / "prior.yaml").write_text(
        "unit: 元\ndecimals: 0\n"
        "department: {name: 信访局下属中心, year: 2023, duties: 职责}\n"
        "functional_items:\n"
        "  - {code: '2010301', income: {general_budget: 1000000}, expenditure: {basic: 1000000},"
        " fiscal: {general_budget: {basic: 1000000}}}\n"
        "economic_items: [{code: '30101', basic: 1000000}]\n"
        "three_public: {domestic_reception: {amount: 5000}}\n"
        "admin_cost: {amount: 30000}\n",
        encoding="utf-8",
    )
    data = modified(example.dataset).model_dump()
    data["prior_year"] = {"dataset": "prior.yaml"}
    other = load_dataset(write(tmp_path / "unit.yaml", Dataset.model_validate(data)))
    assert other.prior is not None
    result = consolidate([example, other], name="测试部门", base=0)
    py = result.dataset.prior_year
    assert py.dataset is None
    assert py.total == Decimal("396.70") and py.fiscal_income == Decimal("396.58")
    assert py.admin_cost == Decimal("24.75")
    assert py.three_public is not None and py.three_public.reception == Decimal("1.2087")
    loaded = reload(tmp_path, result)
    assert value(loaded, "prior.total") == value(example, "prior.total") + value(other, "prior.total")
