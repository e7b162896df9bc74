"""Single-file outputs are written all or nothing, and a failure names the path (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.errors import InputError
from juesuan.output import write_file_atomically

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"


def test_replaces_the_file_whole(tmp_path) -> None:
    target = tmp_path / "sub" / "out.yaml"
    write_file_atomically(target, "第一版")
    write_file_atomically(target, "第二版".encode())
    assert target.read_text(encoding="utf-8") == "第二版"
    assert [p.name for p in target.parent.iterdir()] == ["out.yaml"]


def test_a_failed_write_leaves_nothing_and_names_the_path(tmp_path) -> None:
    target = tmp_path / "out.yaml"
    target.mkdir()  # a directory where the file should go: the rename fails
    with pytest.raises(InputError) as info:
        write_file_atomically(target, "内容")
    assert str(target) in str(info.value.problems[0])
    assert list(target.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{txt}", "-o", "{bad}/dataset.yaml"],
        ["audit", "{txt}", "--html", "{bad}/audit.html"],
        ["check", "{xlsx}", "--annotate", "{bad}/annotated.xlsx"],
    ],
)
def test_commands_refuse_an_unwritable_output(tmp_path, args) -> None:
    from juesuan.build import prepare
    from juesuan.cli import main
    from juesuan.excel.export import export_workbook
    from juesuan.loader import load_dataset
    from juesuan.render.text import render_text

    files = {"{txt}": tmp_path / "report.txt", "{xlsx}": tmp_path / "book.xlsx"}
    files["{txt}"].write_text(render_text(prepare(EXAMPLE)), encoding="utf-8")
    files["{xlsx}"].write_bytes(export_workbook(load_dataset(EXAMPLE)))
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder is needed", encoding="utf-8")
    given = [str(files[a]) if a in files else a.replace("{bad}", str(blocker)) for a in args]
    result = CliRunner().invoke(main, given)
    assert result.exit_code == 2, result.output
    assert str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "a file where a folder is needed"
