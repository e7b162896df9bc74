"""A blank input workbook of a profile (``juesuan template --profile sichuan|mof``): the instructions sheet
填报说明, the profile's tables with their titles, headers, 类/款/项 code columns (text) and amount columns
(``#,##0.00``) and empty input rows, the detail sheets, and the text sheet 文字说明 listing the texts and
figures the report needs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.dataset import Dataset
from juesuan.excel import common as cm
from juesuan.excel import writer
from juesuan.excel.export import code_columns, write_detail_sheets, write_instructions_sheet
from juesuan.loaded import LoadedDataset
from juesuan.tables import Cell, build_tables, load_layout
from juesuan.yamlsource import YamlDocument

__all__ = ["write_template"]

INPUT_ROWS = 30


def write_template(profile: str, year: int = 2024) -> bytes:
    """The blank workbook of ``profile`` for the report year ``year``."""
    from juesuan.derive import derive

    if profile not in cm.profiles():
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(cm.profiles())}")
    blank = Dataset.model_validate(
        {"department": {"name": "（单位名称）", "year": year, "duties": "（部门职责）", "profile": profile}}
    )
    loaded = LoadedDataset(blank, YamlDocument("template", {}, {}), Path("template"))
    tables = build_tables(derive(loaded))
    layout = load_layout(profile, year)
    unit = layout.get("unit", "万元")

    def value_of(cell: Cell) -> Decimal | str | None:
        return None if isinstance(cell.value, Decimal) else cell.value

    wb = writer.new_workbook()
    write_instructions_sheet(wb, profile, year, layout)
    for index, (spec, table) in enumerate(zip(layout["tables"], tables, strict=True), 1):
        ws = wb.create_sheet(writer.sheet_name(index, table.title))
        body = spec["body"]
        listed = body["kind"] in ("functional", "economic")
        blank_at = (0 if body.get("total_row") == "bottom" else 1) if listed else None
        writer.write_table(
            ws,
            table,
            value_of,
            code_columns(spec),
            f"单位：{unit}",
            layout["org_line"].format(org=""),
            INPUT_ROWS if listed else 0,
            blank_at,
        )
    write_detail_sheets(wb, None, unit, INPUT_ROWS)
    defaults = {"department.profile": profile, "department.year": year, "unit": unit, "decimals": 2}
    rows = [(f["label"], f["key"], defaults.get(f["key"])) for f in cm.workbook_spec()["text_fields"]]
    from juesuan.excel.export import write_text_sheet

    write_text_sheet(wb, rows)
    return writer.save(wb, year)
