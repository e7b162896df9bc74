"""The organisation: region → departments → units, imported from a CSV or XLSX table with the columns
代码, 名称, 上级 (the parent's 代码; empty for the region) and 类型 (地区, 部门, 单位 — or a unit type such as
行政单位 / 事业单位, which makes the row a unit). An import is all or nothing; rows are matched by 代码, so
importing again updates names and parents.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from juesuan_web.models import Org

COLUMNS = ("代码", "名称", "上级", "类型")
KIND_WORDS = {"地区": "region", "区域": "region", "行政区": "region", "部门": "department", "单位": "unit"}
UNIT_TYPES = ("行政单位", "事业单位", "参照公务员法管理事业单位", "参公单位", "企业", "其他", "本级")
PARENT_KIND = {"region": ("region",), "department": ("region",), "unit": ("department",)}
MAX_ROWS = 20_000


class OrgImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems[:5]))
        self.problems = problems


@dataclass
class Row:
    line: int
    code: str
    name: str
    parent: str
    kind: str
    unit_type: str | None


def read_table(filename: str, data: bytes) -> list[dict[str, Any]]:
    """Rows of a CSV (UTF-8, with or without BOM, or GB18030) or XLSX (first sheet) as dicts by header."""
    if filename.lower().endswith(".xlsx"):
        from juesuan.api import InputError, check_upload_bytes

        try:
            check_upload_bytes(filename, data)
        except InputError as err:
            raise OrgImportError([str(p.message) for p in err.problems]) from None
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    elif filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise OrgImportError(["CSV 文件应为 UTF-8 或 GB18030 编码"])
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise OrgImportError(["只接受 .csv 或 .xlsx 文件"])
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise OrgImportError(["文件是空的"])
    if len(rows) > MAX_ROWS:
        raise OrgImportError([f"行数过多（上限 {MAX_ROWS} 行）"])
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise OrgImportError([f"缺少列：{'、'.join(missing)}（应有 {'、'.join(COLUMNS)}）"])
    out = []
    for n, r in enumerate(rows[1:], start=2):
        out.append(
            {"_line": n}
            | {h: ("" if i >= len(r) or r[i] is None else str(r[i]).strip()) for i, h in enumerate(header)}
        )
    return out


def parse_rows(table: list[dict[str, Any]]) -> list[Row]:
    problems: list[str] = []
    rows: list[Row] = []
    seen: set[str] = set()
    for r in table:
        line, code, name, parent, kind_text = r["_line"], r["代码"], r["名称"], r["上级"], r["类型"]
        if not code or not name:
            problems.append(f"第{line}行：代码和名称不能为空")
            continue
        if code in seen:
            problems.append(f"第{line}行：代码 {code} 重复")
            continue
        seen.add(code)
        unit_type = None
        if kind_text in KIND_WORDS:
            kind = KIND_WORDS[kind_text]
        elif kind_text in UNIT_TYPES:
            kind, unit_type = "unit", kind_text
        else:
            problems.append(f"第{line}行：类型“{kind_text}”不认识（应为 地区、部门、单位 或单位类型）")
            continue
        rows.append(Row(line, code, name, parent, kind, unit_type))
    if problems:
        raise OrgImportError(problems)
    return rows


def import_org(db: Session, filename: str, data: bytes) -> dict[str, int]:
    """Create or update the organisation from a table; all or nothing. Returns counts by kind."""
    rows = parse_rows(read_table(filename, data))
    existing = {o.code: o for o in db.scalars(select(Org))}
    kinds = {code: o.kind for code, o in existing.items()} | {r.code: r.kind for r in rows}
    problems = []
    for r in rows:
        if r.parent:
            if r.parent not in kinds:
                problems.append(f"第{r.line}行：上级代码 {r.parent} 不存在")
            elif kinds[r.parent] not in PARENT_KIND[r.kind]:
                problems.append(f"第{r.line}行：{_word(r.kind)}的上级应为{_word(PARENT_KIND[r.kind][0])}")
        elif r.kind == "unit":
            problems.append(f"第{r.line}行：单位必须填写上级部门")
    if problems:
        raise OrgImportError(problems)
    orgs = dict(existing)
    for r in rows:
        org = orgs.get(r.code)
        if org is None:
            org = Org(code=r.code, name=r.name, kind=r.kind, unit_type=r.unit_type)
            db.add(org)
            orgs[r.code] = org
        else:
            org.name, org.kind, org.unit_type = r.name, r.kind, r.unit_type
    db.flush()
    for r in rows:
        orgs[r.code].parent_id = orgs[r.parent].id if r.parent else None
    db.flush()
    if db.get_bind().dialect.name == "postgresql":
        # hundreds of rows at once: refresh the planner's statistics now rather than at the next autovacuum,
        # or the first dashboards join the units by nested loops planned for one row
        db.execute(text("ANALYZE orgs"))
    counts = {"region": 0, "department": 0, "unit": 0}
    for r in rows:
        counts[r.kind] += 1
    return counts


def _word(kind: str) -> str:
    return {"region": "地区", "department": "部门", "unit": "单位"}[kind]
