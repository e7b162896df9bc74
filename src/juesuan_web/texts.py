"""The text fields a unit writes on its draft page: which there are, their values, and editing one.

A field is named by its dataset key path (``department.duties``, ``functional_items[3].use``), the same
path the engine's findings name, so a finding links to the form field it concerns. An edit is applied to
the stored dataset itself: in a YAML dataset the value's node is replaced (every other scalar keeps its
exact text, so declared precision does not change); in a workbook the row of the 文字说明 sheet.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml

from juesuan.errors import InputError
from juesuan.excel import common as cm
from juesuan_web import reports

MAX_TEXT = 20000

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
    steps: list[str | int] = []
    for part in key.split("."):
        for name, index in _STEP.findall(part):
            steps.append(name if name else int(index))
    return tuple(steps)


def _get(obj: Any, path: tuple[str | int, ...]) -> Any:
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


def _load(kind: str, data: bytes) -> Any:
    from juesuan.excel.importer import load_any

    with reports.materialised(kind, data) as path:
        try:
            return load_any(path).dataset
        except InputError:
            return None


def fields(kind: str, data: bytes) -> list[dict[str, Any]]:
    """The editable fields of a stored dataset with their current values."""
    ds = _load(kind, data)
    if ds is None and kind == reports.YAML:
        ds = _plain_yaml(data)  # a dataset with a fatal problem still shows the texts it has
    out: list[tuple[str, str, str]] = [(k, label, "") for k, label in FIXED]
    if ds is not None:
        if kind == reports.YAML:  # a workbook keeps these in its 项级科目 sheet, edited there
            for i, item in enumerate(_get(ds, ("functional_items",)) or []):
                code = _code(item)
                out.append((f"functional_items[{i}].use", f"项 {code} 用途", code))
                out.append((f"functional_items[{i}].variance_reason", f"项 {code} 差异原因", code))
        for i, project in enumerate(_get(ds, ("performance", "projects")) or []):
            name = _name(project)
            out.append((f"performance.projects[{i}].summary", f"项目“{name}”绩效自评综述", name))
    result = []
    for key, label, match in out:
        value = _get(ds, parse(key)) if ds is not None else None
        result.append({"key": key, "label": label, "value": value or "", "match": match})
    return result


def _plain_yaml(data: bytes) -> dict[str, Any] | None:
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return loaded if isinstance(loaded, dict) else None


def prior_values(kind: str, data: bytes, wanted: list[dict[str, Any]]) -> dict[str, str]:
    """Last year's text of each wanted field (项 matched by code, projects by name, not by position)."""
    # a YAML dataset is read plainly: last year's catalogue or rules need not hold this year
    ds: Any = _plain_yaml(data) if kind == reports.YAML else _load(kind, data)
    if ds is None or (kind == reports.YAML and not isinstance(ds, dict)):
        return {}
    by_code = {str(_code(item)): i for i, item in enumerate(_get(ds, ("functional_items",)) or [])}
    by_name = {_name(p): i for i, p in enumerate(_get(ds, ("performance", "projects")) or [])}
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
        value = _get(ds, path)
        if isinstance(value, str) and value.strip():
            out[f["key"]] = value
    return out


def apply(kind: str, data: bytes, key: str, text: str) -> bytes:
    """The stored dataset with ``key`` set to ``text`` (removed when the text is empty)."""
    path = parse(key)
    return _apply_yaml(data, path, text) if kind == reports.YAML else _apply_xlsx(data, key, text)


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


def _apply_xlsx(data: bytes, key: str, text: str) -> bytes:
    from openpyxl import load_workbook

    spec = cm.workbook_spec()["text_sheet"]
    wb = load_workbook(io.BytesIO(data))
    if spec["title"] in wb.sheetnames:
        ws = wb[spec["title"]]
    else:
        ws = wb.create_sheet(spec["title"])
        ws.append([spec["title"]])
        ws.append([])
        ws.append(list(spec["columns"]))
    header = None
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)):
        values = [c.value for c in row]
        if spec["columns"][1] in values and spec["columns"][2] in values:
            header = (row[0].row, values.index(spec["columns"][1]) + 1, values.index(spec["columns"][2]) + 1)
            break
    if header is None:
        raise ValueError("工作簿的“文字说明”表缺少表头")
    start, key_col, value_col = header
    target = None
    for r in range(start + 1, ws.max_row + 1):
        if str(ws.cell(row=r, column=key_col).value or "").strip() == key:
            target = r
            break
    if target is None:
        if not text:
            return data
        target = ws.max_row + 1
        ws.cell(row=target, column=key_col, value=key)
    cell = ws.cell(row=target, column=value_col, value=text or None)
    cell.number_format = "@"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
