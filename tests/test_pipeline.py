"""One pass: ``build`` reads its input once, derives it once, checks it once and renders exactly what it
checked; a kept ``Checked`` builds without reading or deriving again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import juesuan
from juesuan import build as build_module
from juesuan import pipeline
from juesuan.excel import reader
from juesuan.excel.export import export_workbook
from juesuan.loader import load
from juesuan.rules import engine
from juesuan.yamlsource import load_yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts of workbook reads, YAML reads, derivations of the checked dataset, rule runs and layouts."""
    calls: Counter[str] = Counter()

    def counting(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(reader, "read_workbook", counting("read_workbook", reader.read_workbook))
    monkeypatch.setattr("juesuan.loader.load_yaml", counting("load_yaml", load_yaml))
    monkeypatch.setattr(engine, "derive", counting("derive", engine.derive))
    monkeypatch.setattr(engine, "check_dataset", counting("rules", engine.check_dataset))
    monkeypatch.setattr(pipeline, "build_view", counting("view", pipeline.build_view))
    return calls


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "book.xlsx"
    path.write_bytes(export_workbook(load(EXAMPLE)))
    return path


def test_build_of_a_workbook_reads_derives_checks_and_lays_out_once(
    workbook: Path, tmp_path: Path, counted: Counter[str]
) -> None:
    result = build_module.build(workbook, tmp_path / "out", ("html", "json"))
    assert counted == Counter(read_workbook=1, derive=1, rules=1, view=1)
    assert result.check is not None and result.check.passes


def test_build_of_a_yaml_dataset_reads_it_once(tmp_path: Path, counted: Counter[str]) -> None:
    build_module.build(EXAMPLE, tmp_path / "out", ("html",))
    assert counted == Counter(load_yaml=1, derive=1, rules=1, view=1)


def test_a_kept_check_builds_without_reading_or_deriving_again(tmp_path: Path, counted: Counter[str]) -> None:
    checked = pipeline.check(juesuan.load(EXAMPLE))
    before = Counter(counted)
    result = build_module.build_checked(checked, tmp_path / "out", ("html",))
    assert counted - before == Counter(view=1)
    assert result.check is checked.report  # the report rendered is the one checked


def test_bad_input_is_findings_not_an_exception(tmp_path: Path) -> None:
    bad = tmp_path / "dataset.yaml"
    bad.write_text("department: [\n", encoding="utf-8")
    source = juesuan.load(bad)
    assert not source.readable and source.error is not None
    checked = pipeline.check(source)
    assert checked.derived is None and checked.report.count("fatal") >= 1
    with pytest.raises(pipeline.CheckFailed):
        pipeline.prepare(checked, force=True)


def test_load_reads_a_builds_data_json_as_the_dataset_it_was_built_from(tmp_path: Path) -> None:
    build_module.build(EXAMPLE, tmp_path / "out", ("json",))
    again = juesuan.load(tmp_path / "out" / "data.json")
    assert again.loaded is not None
    assert again.loaded.dataset == juesuan.load(EXAMPLE).loaded.dataset  # type: ignore[union-attr]
    assert pipeline.check(again).report.passes
