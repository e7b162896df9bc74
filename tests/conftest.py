"""Shared fixtures: the example dataset and a factory for small datasets written to a temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024"
REFERENCE = ROOT / "tests" / "shared" / "seeds" / "000_4c429ad48011f7fe.txt"

# the 13 附表 of the Sichuan profile, in order (what the reference's 第五部分 lists)
SICHUAN_TABLE_TITLES = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "财政拨款支出决算明细表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款支出决算明细表",
    "一般公共预算财政拨款基本支出决算表",
    "一般公共预算财政拨款项目支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
    "财政拨款“三公”经费支出决算表",
]

MINIMAL = """\
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
    expenditure: {basic: 100.00}
    fiscal: {general_budget: {basic: 100.00}}
    budget: {initial: 100.00}
"""


@pytest.fixture
def write_dataset(tmp_path: Path):
    """Write YAML text (or a dict) to a dataset file and return its path."""

    def write(content: str | dict, name: str = "dataset.yaml") -> Path:
        path = tmp_path / name
        text = (
            content
            if isinstance(content, str)
            else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        )
        path.write_text(text, encoding="utf-8")
        return path

    return write
