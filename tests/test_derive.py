"""The derivation layer on the example and on small edge cases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.derive import derive
from juesuan.errors import InputError
from juesuan.loader import load_dataset

from .conftest import EXAMPLE, MINIMAL


@pytest.fixture(scope="module")
def example():
    return derive(load_dataset(EXAMPLE))


def test_example_totals(example):
    assert example.totals["income"].value == D("243.40")
    assert example.totals["expenditure"].value == D("243.40")
    assert example.income["total"].value == D("243.33")
    assert example.expenditure["basic"].value == D("200.03")
    assert example.basic["personnel"].value == D("182.09")
    assert example.basic["public"].value == D("17.89")
    assert not example.failed_identities()
    assert not example.needs


def test_example_rollups(example):
    rows = {r.code: r for r in example.rows}
    assert rows["201"].fiscal["general_budget"]["expenditure"].value == D("185.21")
    assert rows["20103"].fiscal["general_budget"]["expenditure"].value == D("145.52")
    assert rows["210"].fiscal["general_budget"]["expenditure"].value == D("5.68")
    assert [r.code for r in example.rows][:3] == ["201", "20103", "2010301"]


def test_lineage(example):
    figure = example.ledger["income.total"]
    assert figure.op == "sum" and "income.general_budget" in figure.inputs
    leaf = example.ledger["func.2010301.income.general_budget"]
    assert (
        leaf.op == "input"
        and leaf.source.line
        and leaf.source.key == "functional_items[0].income.general_budget"
    )


def test_changes(example):
    c = example.changes
    assert c["total"].direction == "decrease" and c["total"].difference.value == D("-53.30")
    assert c["gov_fund"].direction == "flat" and c["gov_fund"].percent.value is None
    assert c["three_public.total"].difference.value == D("-0.3893")
    assert c["admin_cost"].direction == "decrease"


def test_three_public(example):
    tp = example.three_public
    assert tp.actual["total"].value == D("0.3194")
    assert tp.completion["total"].relation == "below"
    assert [s.percent.value for s in tp.shares] == [D("0.00"), D("0.00"), D("100.00")]


def test_projects(example):
    assert [p.total.value for p in example.projects] == [D("99.0"), D("98.3"), D("99.0")]
    assert example.other["department_grade"] == "excellent"


def test_yuan_dataset_is_converted_exactly(write_dataset):
    text = (
        MINIMAL.replace("unit: 万元", "unit: 元")
        .replace("100.00}", "1234567.89}")
        .replace("{initial: 100.00}", "{initial: 1234567.89}")
    )
    d = derive(load_dataset(write_dataset(text)))
    assert d.income["total"].value == D("123.456789")
    assert d.general_budget["completion"].relation == "equal"


def test_zero_base_is_new_and_flat_is_flat(write_dataset):
    text = MINIMAL + "prior_year: {total: 0, fiscal_total: 100.00, general_budget_expenditure: 100.004}\n"
    text = text.replace("decimals: 2", "decimals: 3")
    d = derive(load_dataset(write_dataset(text)))
    assert d.changes["total"].direction == "new" and d.changes["total"].percent.value is None
    assert d.changes["fiscal_total"].direction == "flat"
    assert d.changes["general_budget"].direction == "flat"  # −0.004 shows as 0.00


def test_missing_explanations_and_prior_are_needs(write_dataset):
    d = derive(load_dataset(write_dataset(MINIMAL + "prior_year: {total: 80.00}\n")))
    paths = {n.path for n in d.needs}
    assert "explanations.total_change" in paths
    assert "prior_year.fiscal_total" in paths
    assert "economic_items" in paths


def test_identity_failure_points_at_the_entry(write_dataset):
    text = MINIMAL + "balances: {closing: 5.00}\n"
    d = derive(load_dataset(write_dataset(text)))
    failed = {i.name: i for i in d.failed_identities()}
    assert "grand_total_balance" in failed
    assert failed["grand_total_balance"].source.line == len(text.splitlines())


def test_unscorable_indicator_is_a_located_input_error(write_dataset):
    text = (
        MINIMAL
        + """performance:
  projects:
    - name: 项目
      funds: {budget_fiscal: 1.00, executed_fiscal: 1.00}
      expected_goal: 目标
      actual_goal: 完成
      indicators:
        - {level1: 产出指标, level2: 质量指标, name: 质量, target: 优良中差, actual: 良, weight: 90}
"""
    )
    with pytest.raises(InputError) as info:
        derive(load_dataset(write_dataset(text)))
    problem = info.value.problems[0]
    assert "质量" in problem.message and problem.line == len(text.splitlines())


def test_stated_keys_must_exist(write_dataset):
    with pytest.raises(InputError) as info:
        derive(load_dataset(write_dataset(MINIMAL + "stated: {income.totl: 1.00}\n")))
    assert "income.totl" in info.value.problems[0].message


def test_prior_dataset_is_used(write_dataset):
    write_dataset(MINIMAL.replace("year: 2024", "year: 2023").replace("100.00", "80.00"), "prior.yaml")
    d = derive(load_dataset(write_dataset(MINIMAL + "prior_year: {dataset: prior.yaml}\n")))
    assert d.changes["total"].prior.value == D("80.00")
    assert d.changes["total"].direction == "increase"
    assert d.changes["total"].prior.op == "prior_dataset"


def test_unbalanced_prior_dataset_is_an_error(write_dataset):
    prior = write_dataset(
        MINIMAL.replace("year: 2024", "year: 2023") + "balances: {closing: 3.00}\n", "prior.yaml"
    )
    with pytest.raises(InputError) as info:
        derive(load_dataset(write_dataset(MINIMAL + "prior_year: {dataset: prior.yaml}\n")))
    assert info.value.problems[0].file == str(prior)
