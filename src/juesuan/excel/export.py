"""Write a dataset as the filled workbook of its profile (``juesuan export-xlsx``): the published tables with
every figure, the detail sheets and the text sheet. Importing the workbook gives back the same dataset.

Entered figures are written where the importer reads them; derived totals are written as derived, except a
``stated`` figure that differs from the derived one, which is written in its table cell (the printed value).
Amounts are exact and in the dataset's unit (the unit line says which).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.classification import load_catalogue
from juesuan.dataset import Dataset
from juesuan.excel import common as cm
from juesuan.excel import writer
from juesuan.loaded import LoadedDataset
from juesuan.money import to_wan
from juesuan.tables import Cell, Table, build_tables, load_layout

__all__ = ["export_workbook", "text_rows"]

FUND_LABELS = {f: names[0] for f, names in cm.workbook_spec()["funds"].items()}
EMPTY = "（空）"
_ALWAYS = (
    ("three_public", "domestic_reception", "amount"),
    ("three_public", "foreign_reception", "amount"),
    ("three_public", "vehicles", "purchases"),
)


def code_columns(spec: dict[str, Any]) -> set[int]:
    kind = spec["body"]["kind"]
    if kind in ("functional", "economic"):
        return {0}
    if kind == "economic_panels":
        return {3 * i for i in range(len(spec["body"]["panels"]))}
    return set()


def export_workbook(loaded: LoadedDataset) -> bytes:
    """The filled workbook of ``loaded`` in its profile's layout."""
    from juesuan.derive import derive

    ds = loaded.dataset
    derived = derive(loaded)
    ledger = derived.ledger
    unit = ds.unit
    year = ds.department.year
    layout = load_layout(ds.department.profile, year)
    tables = build_tables(derived)

    def shown(key: str) -> Decimal | None:
        value = ledger[key].value
        if value is None:
            return None
        return value * 10000 if unit == "元" else value

    printed = {
        cell.key
        for table in tables
        for row in table.body
        for cell in row
        if cell.key and (cm.entered_target(cell.key) or ("",))[0] in ("", "composite")
    }
    placed = {
        key: value
        for key, value in ds.stated.items()
        if key in printed and ledger[key].kind == "amount" and to_wan(value, unit) != ledger[key].value
    }

    def value_of(cell: Cell) -> Decimal | str | None:
        if isinstance(cell.value, Decimal) and cell.key:
            return placed[cell.key] if cell.key in placed else shown(cell.key)
        return cell.value

    wb = writer.new_workbook()
    write_instructions_sheet(wb, ds.department.profile, year, layout)
    for index, (spec, table) in enumerate(zip(layout["tables"], tables, strict=True), 1):
        ws = wb.create_sheet(writer.sheet_name(index, table.title))
        writer.write_table(ws, table, value_of, code_columns(spec), f"单位：{unit}", table.org_line)
    write_detail_sheets(wb, ds, unit)
    write_text_sheet(wb, text_rows(ds, set(placed)))
    return writer.save(wb, year)


def write_instructions_sheet(wb: Any, profile: str, year: int, layout: dict[str, Any]) -> None:
    spec = cm.workbook_spec()
    names = "、".join(t["title"] for t in layout["tables"])
    paragraphs = [
        p.format(profile_name=spec["profile_names"][profile], tables=names, year=year)
        for p in spec["instructions"]
    ]
    writer.write_instructions(wb.create_sheet("填报说明"), "填报说明", paragraphs)


def write_detail_sheets(wb: Any, ds: Dataset | None, unit: str, blank_rows: int = 0) -> None:
    catalogue = load_catalogue()
    year = ds.department.year if ds else 2024
    for sheet in cm.workbook_spec()["input_sheets"]:
        rows: list[list[Any]] = []
        if ds is not None and sheet["id"] == "items":
            for item in ds.functional_items:
                entry = catalogue.functional(item.code, year)
                rows.append(
                    [
                        item.code,
                        entry.name if entry else "",
                        item.budget.initial,
                        item.budget.adjusted,
                        item.fiscal.general_budget.opening or None,
                        item.fiscal.general_budget.closing or None,
                        item.use,
                        item.variance_reason,
                    ]
                )
        elif ds is not None:
            for econ in ds.economic_items:
                econ_entry = catalogue.economic(econ.code, year)
                rows.append(
                    [
                        econ.code,
                        econ_entry.name if econ_entry else "",
                        FUND_LABELS[econ.fund],
                        econ.basic or None,
                        econ.project or None,
                    ]
                )
        writer.write_rows(
            wb.create_sheet(sheet["title"]),
            sheet["title"],
            sheet.get("note"),
            f"单位：{unit}",
            sheet["columns"],
            rows,
            blank_rows,
        )


def write_text_sheet(wb: Any, rows: list[tuple[str, str, Any]]) -> None:
    spec = cm.workbook_spec()["text_sheet"]
    columns = [
        {"text": spec["columns"][0], "width": 40, "kind": "text"},
        {"text": spec["columns"][1], "width": 44, "kind": "text"},
        {"text": spec["columns"][2], "width": 90, "kind": "value"},
    ]
    ws = wb.create_sheet(spec["title"])
    writer.write_rows(
        ws,
        spec["title"],
        "“键”是数据集字段名（docs/dataset.md）；清单每行一项。",
        None,
        columns,
        [list(r) for r in rows],
    )
    for r, (_, _, value) in enumerate(rows, 4):
        cell = ws.cell(row=r, column=3)
        cell.number_format = (
            writer.AMOUNT_FORMAT
            if isinstance(value, Decimal)
            else "General"
            if isinstance(value, int)
            else "@"
        )


def text_rows(ds: Dataset, placed_stated: set[str]) -> list[tuple[str, str, Any]]:
    """(label, key, value) of every dataset value that no table cell carries, in the text sheet's order."""
    dump = ds.model_dump(exclude_defaults=True)
    for key in ("functional_items", "economic_items", "balances", "stated", "schema_version"):
        dump.pop(key, None)
    tp = dump.get("three_public", {})
    tp.pop("budget", None)
    tp.get("outbound", {}).pop("amount", None)
    tp.get("vehicles", {}).pop("operation", None)
    found: dict[cm.PathT, Any] = {}
    _walk(dump, (), found)
    found[("department", "profile")] = ds.department.profile
    found[("unit",)] = ds.unit
    found[("decimals",)] = ds.decimals
    for path in _ALWAYS:
        value = cm.get_path(ds.model_dump(), path)
        if path not in found:
            found[path] = EMPTY if value == [] else value
    for key, value in ds.stated.items():
        if key not in placed_stated:
            found[("stated", key)] = value
    labels = {f["key"]: f["label"] for f in cm.workbook_spec()["text_fields"]}
    order = [f["key"] for f in cm.workbook_spec()["text_fields"]]
    rows = {cm.render_key(p): v for p, v in found.items()}
    out = [(labels[k], k, rows.pop(k)) for k in order if k in rows]
    out += [(labels.get(k, k), k, v) for k, v in rows.items()]
    return out


def _walk(value: Any, path: cm.PathT, found: dict[cm.PathT, Any]) -> None:
    kind, inner = cm.kind_of(path) if path else ("model", Dataset)
    if kind == "model":
        for key, item in value.items():
            _walk(item, (*path, key), found)
    elif kind == "list":
        if not value:
            found[path] = EMPTY
            return
        element, _ = cm._classify(inner, ())
        if element in ("text", "code", "choice") and all("\n" not in str(v) for v in value):
            found[path] = "\n".join(str(v) for v in value)
        elif element in ("model",):
            for i, item in enumerate(value):
                _walk(item, (*path, i), found)
        else:
            for i, item in enumerate(value):
                found[(*path, i)] = _cell_value(item)
    elif kind == "map":
        if not value:
            found[path] = EMPTY
        for key, item in value.items():
            found[(*path, key)] = _cell_value(item)
    else:
        found[path] = _cell_value(value)


def _cell_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_ = Table
