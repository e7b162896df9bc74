"""Editing the texts of a stored dataset: which text fields a dataset has, last year's text of each, and
setting one in the stored file itself.

A field is named by its dataset key path (``department.duties``, ``functional_items[3].use``), the same
path the engine's findings name. An edit is applied to the stored bytes: in a YAML dataset the value's node
is replaced (every other scalar keeps its exact text, so declared precision does not change); in a workbook
the row of the 文字说明 sheet, or for a 项's 用途 and 差异原因 the cell of that 项's row (found by its code)
in the 项级科目 sheet. ``text_file_rows`` turns a text YAML (the ``--text`` file) into 文字说明 rows, for
merging into a workbook with ``set_text_rows``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import yaml

from juesuan.excel import common as cm
from juesuan.excel.reader import code_digits
from juesuan.yamlsource import YamlDocument

FIXED: list[tuple[str, str]] = [
    ("department.duties", "部门职责"),
    ("department.organisation.description", "机构设置"),
    ("explanations.total_change", "收入、支出总计变动原因"),
    ("explanations.fiscal_total_change", "财政拨款收入、支出总计变动原因"),
    ("explanations.general_budget_change", "一般公共预算财政拨款支出变动原因"),
    ("explanations.general_budget_variance", "一般公共预算财政拨款支出决算与预算差异原因"),
    ("explanations.gov_fund_change", "政府性基金预算财政拨款支出变动原因"),
    ("explanations.state_capital_change", "国有资本经营预算财政拨款支出变动原因"),
    ("three_public.reasons.budget_variance", "“三公”经费决算与预算差异原因"),
    ("three_public.reasons.change", "“三公”经费变动原因"),
    ("three_public.reasons.outbound", "因公出国（境）费变动原因"),
    ("three_public.reasons.vehicles", "公务用车购置及运行维护费变动原因"),
    ("three_public.reasons.reception", "公务接待费变动原因"),
    ("admin_cost.reason", "机关运行经费变动原因"),
    ("performance.department.summary", "部门整体绩效自评综述"),
]

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse(key: str) -> tuple[str | int, ...]:
    """The key path ``key`` names (``functional_items[3].use`` → ("functional_items", 3, "use"))."""
    steps: list[str | int] = []
    for part in key.split("."):
        for name, index in _STEP.findall(part):
            steps.append(name if name else int(index))
    return tuple(steps)


def value_at(obj: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` in a dataset (a model or plain YAML data); None when there is none."""
    for step in path:
        if obj is None:
            return None
        if isinstance(step, int):
            obj = obj[step] if isinstance(obj, list) and step < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(step)
        else:
            obj = getattr(obj, step, None)
    return obj


def _code(item: Any) -> Any:
    return item.get("code") if isinstance(item, dict) else getattr(item, "code", None)


def _name(item: Any) -> Any:
    return item.get("name") if isinstance(item, dict) else getattr(item, "name", None)


def text_fields(ds: Any) -> list[dict[str, Any]]:
    """The editable text fields of a dataset (a model, plain YAML data, or None) with their current values:
    ``key``, ``label``, ``value`` and ``match`` (the 项 code or project name the key's index stands for)."""
    out: list[tuple[str, str, str]] = [(k, label, "") for k, label in FIXED]
    if ds is not None:
        for i, item in enumerate(value_at(ds, ("functional_items",)) or []):
            code = _code(item)
            out.append((f"functional_items[{i}].use", f"项 {code} 用途", code))
            out.append((f"functional_items[{i}].variance_reason", f"项 {code} 差异原因", code))
        for i, project in enumerate(value_at(ds, ("performance", "projects")) or []):
            name = _name(project)
            out.append((f"performance.projects[{i}].summary", f"项目“{name}”绩效自评综述", name))
    result = []
    for key, label, match in out:
        value = value_at(ds, parse(key)) if ds is not None else None
        result.append({"key": key, "label": label, "value": value or "", "match": match})
    return result


def prior_texts(ds: Any, wanted: list[dict[str, Any]]) -> dict[str, str]:
    """Last year's text of each wanted field in last year's dataset ``ds`` (项 matched by code, projects by
    name, not by position)."""
    by_code = {str(_code(item)): i for i, item in enumerate(value_at(ds, ("functional_items",)) or [])}
    by_name = {_name(p): i for i, p in enumerate(value_at(ds, ("performance", "projects")) or [])}
    out = {}
    for f in wanted:
        path = parse(f["key"])
        if path[0] == "functional_items":
            if f["match"] not in by_code:
                continue
            path = ("functional_items", by_code[f["match"]], *path[2:])
        elif path[:2] == ("performance", "projects"):
            if f["match"] not in by_name:
                continue
            path = ("performance", "projects", by_name[f["match"]], *path[3:])
        value = value_at(ds, path)
        if isinstance(value, str) and value.strip():
            out[f["key"]] = value
    return out


def set_text(kind: str, data: bytes, key: str, text: str, match: str | None = None) -> bytes:
    """The stored dataset (``kind`` "yaml" or "xlsx") with ``key`` set to ``text`` (removed when empty);
    ``ValueError`` (message in Chinese) when the file has no place for it.

    ``match`` is the 项 code of a ``functional_items[i]`` key (``text_fields`` gives it): a workbook keeps
    those texts in the 项's row of its 项级科目 sheet, found by the code, not by position.
    """
    path = parse(key)
    if kind == "yaml":
        return _apply_yaml(data, path, text)
    if path[0] == "functional_items":
        if not match or len(path) != 3 or path[2] not in ITEM_TEXTS:
            raise ValueError("工作簿中没有该字段")
        return _apply_item_xlsx(data, str(match), str(path[2]), text)
    return set_text_rows(data, [(key, text or None)])


ITEM_TEXTS = ("use", "variance_reason")


def _apply_yaml(data: bytes, path: tuple[str | int, ...], text: str) -> bytes:
    root = yaml.compose(data.decode("utf-8"))
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("数据集不是 YAML 映射")
    node: yaml.Node = root
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(step, int):
            if not isinstance(node, yaml.SequenceNode) or step >= len(node.value):
                raise ValueError("数据集中没有该字段")
            node = node.value[step]
            continue
        if not isinstance(node, yaml.MappingNode):
            raise ValueError("数据集中没有该字段")
        pairs = node.value
        index = next((i for i, (k, _) in enumerate(pairs) if k.value == step), None)
        if last:
            if not text:
                if index is not None:
                    del pairs[index]
                break
            style = "|" if "\n" in text and not text.endswith((" ", "\n")) else '"'
            scalar = yaml.ScalarNode("tag:yaml.org,2002:str", text, style=style)
            if index is None:
                pairs.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), scalar))
            else:
                pairs[index] = (pairs[index][0], scalar)
            break
        if index is None:
            if not text:
                break  # nothing to remove
            child = yaml.MappingNode("tag:yaml.org,2002:map", [])
            pairs.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), child))
            node = child
        else:
            node = pairs[index][1]
    return yaml.serialize(root, allow_unicode=True, width=4096).encode("utf-8")


def _text_sheet(wb: Any) -> tuple[Any, int, int, int]:
    """The workbook's 文字说明 sheet (created when missing): (sheet, header row, key column, value column)."""
    spec = cm.workbook_spec()["text_sheet"]
    if spec["title"] in wb.sheetnames:
        ws = wb[spec["title"]]
    else:
        ws = wb.create_sheet(spec["title"])
        ws.append([spec["title"]])
        ws.append([])
        ws.append(list(spec["columns"]))
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)):
        values = [c.value for c in row]
        if spec["columns"][1] in values and spec["columns"][2] in values:
            return ws, row[0].row, values.index(spec["columns"][1]) + 1, values.index(spec["columns"][2]) + 1
    raise ValueError("工作簿的“文字说明”表缺少表头")


def set_text_rows(data: bytes, rows: list[tuple[str, Any]]) -> bytes:
    """The workbook with each (key, value) written into the 文字说明 sheet: the key's row, or a new row
    (a value of None empties the row's value)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws, start, key_col, value_col = _text_sheet(wb)
    by_key: dict[str, int] = {}
    for r in range(start + 1, ws.max_row + 1):
        by_key.setdefault(str(ws.cell(row=r, column=key_col).value or "").strip(), r)
    changed = False
    for key, value in rows:
        target = by_key.get(key)
        if target is None:
            if value is None:
                continue
            target = by_key[key] = ws.max_row + 1
            ws.cell(row=target, column=key_col, value=key)
        cell = ws.cell(row=target, column=value_col)
        cell.value = value  # (``ws.cell(value=None)`` would leave the old value)
        cell.number_format = "@" if isinstance(value, str) else "General"
        changed = True
    if not changed:
        return data
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _items_sheet(wb: Any) -> tuple[Any, int]:
    """The 项级科目 sheet (by its name, or a cell reading its title) and its header row; created (with the
    workbook's header) when missing."""
    spec = next(s for s in cm.workbook_spec()["input_sheets"] if s["id"] == "items")
    want = cm.canon(spec["title"])
    wanted = {cm.canon(c["text"]) for c in spec["columns"]}
    candidates = [ws for ws in wb.worksheets if cm.title_forms(ws.title) == want]
    candidates += [
        ws
        for ws in wb.worksheets
        if ws not in candidates
        and any(
            isinstance(v, str) and cm.canon(v) == want for row in ws.iter_rows(values_only=True) for v in row
        )
    ]
    for ws in candidates:
        for row in ws.iter_rows():
            texts = [c for c in row if isinstance(c.value, str) and cm.canon(c.value) in wanted]
            if len(texts) >= 2:
                return ws, row[0].row
    ws = wb.create_sheet(spec["title"])
    ws.append([spec["title"]])
    ws.append([spec.get("note", "")])
    ws.append([c["text"] for c in spec["columns"]])
    return ws, 3


def _apply_item_xlsx(data: bytes, code: str, field: str, text: str) -> bytes:
    """The workbook with a 项's 用途 or 差异原因 in its row of the 项级科目 sheet (the row whose code cell
    reads ``code``; a new row when there is none)."""
    from openpyxl import load_workbook

    spec = next(s for s in cm.workbook_spec()["input_sheets"] if s["id"] == "items")
    header_text = {c["field"]: c["text"] for c in spec["columns"]}
    wb = load_workbook(io.BytesIO(data))
    ws, header = _items_sheet(wb)
    columns = {
        cm.canon(c.value): c.column for c in ws[header] if isinstance(c.value, str) and cm.canon(c.value)
    }
    code_col = columns.get(cm.canon(header_text["code"]))
    if code_col is None:
        raise ValueError(f"“{spec['title']}”表缺少“{header_text['code']}”列")
    value_col = columns.get(cm.canon(header_text[field]))
    if value_col is None:  # an older sheet without the column: add it after the last header cell
        value_col = max(c.column for c in ws[header] if c.value not in (None, "")) + 1
        ws.cell(row=header, column=value_col, value=header_text[field])
    target = None
    for r in range(header + 1, ws.max_row + 1):
        if code_digits(ws.cell(row=r, column=code_col).value) == code:
            target = r
            break
    if target is None:
        if not text:
            return data
        target = ws.max_row + 1
        ws.cell(row=target, column=code_col, value=code).number_format = "@"
    cell = ws.cell(row=target, column=value_col)
    cell.value = text or None
    cell.number_format = "@"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- a text YAML as 文字说明 rows


class TextFileProblem(ValueError):
    """A value of a text YAML that a workbook's 文字说明 sheet cannot take (``line``: where it is)."""

    def __init__(self, text: str, line: int | None) -> None:
        super().__init__(text)
        self.line = line


def text_file_rows(doc: YamlDocument) -> list[tuple[str, Any]]:
    """The 文字说明 rows of a text YAML (as ``juesuan export-xlsx`` writes them); ``TextFileProblem`` for a
    value the sheet cannot take."""
    if not isinstance(doc.data, dict):
        raise TextFileProblem("文字内容文件应为 YAML 映射（键: 值）", 1)
    rows: list[tuple[str, Any]] = []
    _flatten(doc.data, (), doc, rows)
    return rows


EMPTY = "（空）"


def _flatten(value: Any, path: tuple[str | int, ...], doc: YamlDocument, rows: list[tuple[str, Any]]) -> None:
    """The rows of the 文字说明 sheet for ``value`` at ``path`` (as ``juesuan export-xlsx`` writes them)."""

    def refuse(text: str) -> None:
        raise TextFileProblem(text, doc.line_of(path))

    if path:
        if path[0] in ("functional_items", "economic_items"):
            refuse(f"“{path[0]}”应填在工作簿中，不能写在文字内容文件里")
        if path == ("prior_year", "dataset"):
            refuse("不能引用其他文件（prior_year.dataset）：上年数据由系统提供")
        try:
            kind, inner = cm.kind_of(path)
        except KeyError:
            refuse(f"未知字段“{cm.render_key(path)}”")
    else:
        kind, inner = "model", None
    if value is None:
        return
    if kind == "model":
        if not isinstance(value, dict):
            refuse(f"“{cm.render_key(path)}”应为映射（键: 值），请按下级字段分别填写")
        for key, item in value.items():
            _flatten(item, (*path, str(key)), doc, rows)
    elif kind == "list":
        if not isinstance(value, list):
            refuse(f"“{cm.render_key(path)}”应为清单（每行一项）")
        if not value:
            rows.append((cm.render_key(path), EMPTY))
            return
        element, _ = cm._classify(inner, ())
        if element == "model":
            for i, item in enumerate(value):
                _flatten(item, (*path, i), doc, rows)
        elif element in ("text", "code", "choice") and all("\n" not in str(v) for v in value):
            rows.append((cm.render_key(path), "\n".join(str(v) for v in value)))
        else:
            for i, item in enumerate(value):
                _flatten(item, (*path, i), doc, rows)
    elif kind == "map":
        if not isinstance(value, dict):
            refuse(f"“{cm.render_key(path)}”应为映射（键: 值）")
        if not value:
            rows.append((cm.render_key(path), EMPTY))
        for key, item in value.items():
            rows.append((cm.render_key((*path, str(key))), _cell(item)))
    else:
        if isinstance(value, dict | list):
            refuse(f"“{cm.render_key(path)}”应为单个值")
        rows.append((cm.render_key(path), _cell(value)))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | str):
        return value
    return str(value)
