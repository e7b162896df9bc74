"""Every class of bad dataset input gives a message naming the file, the line and the key; nothing crashes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.errors import InputError
from juesuan.loader import load_dataset

from .conftest import EXAMPLE, MINIMAL


def problems(path: Path) -> list:
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert info.value.problems, "an InputError must carry at least one problem"
    for problem in info.value.problems:
        assert problem.file == str(path)
    return info.value.problems


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_example_loads():
    loaded = load_dataset(EXAMPLE)
    assert loaded.dataset.department.name == "乐山市金口河区信访局"
    assert loaded.dataset.functional_items[0].income.general_budget == Decimal("91.14")
    assert isinstance(loaded.dataset.functional_items[0].income.general_budget, Decimal)


def test_minimal_loads(write_dataset):
    assert load_dataset(write_dataset(MINIMAL)).dataset.department.year == 2024


def test_malformed_yaml(write_dataset):
    text = MINIMAL + "  - code: [unclosed\n"
    found = problems(write_dataset(text))
    assert found[0].line == len(text.splitlines()) + 1 or found[0].line == len(text.splitlines())
    assert "YAML" in found[0].message


def test_tab_indentation_is_a_syntax_error(write_dataset):
    found = problems(write_dataset("department:\n\tname: x\n"))
    assert found[0].line == 2


def test_unknown_key_suggests_the_right_one(write_dataset):
    text = MINIMAL.replace("    budget: {initial: 100.00}", "    buget: {initial: 100.00}")
    found = problems(write_dataset(text))
    assert len(found) == 1
    assert found[0].line == line_of(text, "buget")
    assert "buget" in found[0].message and "budget" in found[0].message
    assert found[0].key == "functional_items[0].buget"


def test_unknown_top_level_key(write_dataset):
    text = MINIMAL + "departmnet: {}\n"
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "departmnet")
    assert "department" in found[0].message


def test_text_in_amount_field(write_dataset):
    text = MINIMAL.replace("income: {general_budget: 100.00}", "income: {general_budget: 一百万}")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "一百万")
    assert "金额" in found[0].message
    assert found[0].key == "functional_items[0].income.general_budget"


def test_quoted_number_is_not_an_amount(write_dataset):
    text = MINIMAL.replace("income: {general_budget: 100.00}", 'income: {general_budget: "100.00"}')
    assert "金额" in problems(write_dataset(text))[0].message


def test_negative_amount(write_dataset):
    text = MINIMAL.replace("expenditure: {basic: 100.00}", "expenditure: {basic: -100.00}")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "-100.00")
    assert "负数" in found[0].message


def test_more_decimals_than_declared(write_dataset):
    text = MINIMAL.replace("income: {general_budget: 100.00}", "income: {general_budget: 100.001}")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "100.001")
    assert "小数" in found[0].message


def test_wrong_type_for_year(write_dataset):
    text = MINIMAL.replace("year: 2024", "year: 二〇二四")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "二〇二四")
    assert "整数" in found[0].message


def test_year_out_of_range(write_dataset):
    text = MINIMAL.replace("year: 2024", "year: 1024")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "1024")


def test_invalid_choice(write_dataset):
    text = MINIMAL.replace("decimals: 2", "decimals: 2\ncompletion_basis: budget")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "completion_basis")
    assert "adjusted" in found[0].message


def test_missing_required_field(write_dataset):
    text = MINIMAL.replace("  duties: 负责测试工作。\n", "")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "department:")
    assert "duties" in found[0].message


def test_unknown_classification_code(write_dataset):
    text = MINIMAL.replace('"2010301"', '"2010397"')
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "2010397")
    assert "2010397" in found[0].message and "2024" in found[0].message


def test_removed_classification_code(write_dataset):
    text = MINIMAL.replace('"2010301"', '"2010308"')
    found = problems(write_dataset(text))
    assert "停用" in found[0].message


def test_code_at_wrong_level(write_dataset):
    text = MINIMAL.replace('"2010301"', '"20103"')
    found = problems(write_dataset(text))
    assert "项" in found[0].message


def test_malformed_code(write_dataset):
    text = MINIMAL.replace('"2010301"', '"201-03"')
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "201-03")


def test_duplicate_item_code(write_dataset):
    item = MINIMAL[MINIMAL.index("  - code") :]
    text = MINIMAL + item
    found = problems(write_dataset(text))
    assert "重复" in found[0].message
    assert found[0].line == len(MINIMAL.splitlines()) + 1


def test_duplicate_yaml_key(write_dataset):
    text = MINIMAL.replace("  year: 2024\n", "  year: 2024\n  year: 2023\n")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "year: 2023")
    assert "重复" in found[0].message


def test_unknown_economic_code(write_dataset):
    text = MINIMAL + 'economic_items:\n  - {code: "30298", basic: 1.00}\n'
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "30298")


def test_non_finite_number(write_dataset):
    text = MINIMAL.replace("income: {general_budget: 100.00}", "income: {general_budget: .nan}")
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, ".nan")


def test_not_utf8(tmp_path):
    path = tmp_path / "dataset.yaml"
    path.write_bytes(MINIMAL.encode("utf-8") + "  # 注释\n".encode("gbk"))
    found = problems(path)
    assert found[0].line == len(MINIMAL.splitlines()) + 1
    assert "UTF-8" in found[0].message


def test_empty_file(write_dataset):
    assert problems(write_dataset(""))[0].line == 1


def test_top_level_list(write_dataset):
    assert "映射" in problems(write_dataset("- a\n- b\n"))[0].message


def test_binary_garbage(tmp_path):
    path = tmp_path / "dataset.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    problems(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path / "nope.yaml")
    assert "不存在" in info.value.problems[0].message


def test_directory_without_dataset(tmp_path):
    with pytest.raises(InputError) as info:
        load_dataset(tmp_path)
    assert "dataset.yaml" in info.value.problems[0].message


def test_several_problems_reported_together(write_dataset):
    text = MINIMAL.replace("year: 2024", "year: x").replace(
        "expenditure: {basic: 100.00}", "expenditure: {bsic: 1}"
    )
    assert len(problems(write_dataset(text))) == 2


def test_prior_year_both_inline_and_file(write_dataset):
    text = MINIMAL + "prior_year:\n  dataset: prior.yaml\n  total: 1.00\n"
    found = problems(write_dataset(text))
    assert found[0].line == line_of(text, "prior_year")


def test_prior_dataset_of_wrong_year(write_dataset, tmp_path):
    write_dataset(MINIMAL, "prior.yaml")
    text = MINIMAL + "prior_year:\n  dataset: prior.yaml\n"
    found = problems(write_dataset(text))
    assert "2023" in found[0].message
    assert found[0].line == line_of(text, "dataset: prior.yaml")


def test_prior_dataset_cycle(write_dataset):
    text = MINIMAL + "prior_year:\n  dataset: dataset.yaml\n"
    found = problems(write_dataset(text))
    assert "循环" in found[0].message


def test_prior_dataset_problems_name_the_prior_file(write_dataset):
    bad_prior = write_dataset(
        MINIMAL.replace("year: 2024", "year: 2023").replace("100.00}", "1OO}", 1), "prior.yaml"
    )
    path = write_dataset(MINIMAL + "prior_year:\n  dataset: prior.yaml\n")
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert info.value.problems[0].file == str(bad_prior)
