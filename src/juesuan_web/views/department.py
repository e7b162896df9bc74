"""The department view: a department's units with their state and findings, and the 汇总 (consolidation) of
their latest uploads — the department's main figures and its consolidated dataset as a download.

Only the 部门审核人 of the department and the 财政局审核人 see it; anyone else gets the same 404 as for an
id that is not a department (ids are guessable). The 汇总 is ``juesuan.consolidate.consolidate`` over every
unit whose latest upload can be read and is of the page's year; the unit named like the department is the
本级 (the texts come from it). Units without an upload, with an unreadable one or one of another year are
listed with the reason they are left out.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.responses import HTMLResponse, JSONResponse, Response

from juesuan.api import (
    Consolidated,
    Derived,
    InputError,
    LoadedDataset,
    YamlDocument,
    consolidate,
    derive,
    format_amount,
    load_dataset,
)
from juesuan_web import reports, workflow
from juesuan_web.framework import Ctx, HTTPError, Page, download, draft_marked, org_dict, report_headers
from juesuan_web.models import BUREAU_REVIEWER, DEPT_REVIEWER, NOT_STARTED, STATE_LABELS, Org, User, counts_of

# The department's main figures (derived keys of the engine, all in 万元) and their names.
FIGURES = (
    ("total.income", "收入总计"),
    ("total.expenditure", "支出总计"),
    ("income.total", "本年收入合计"),
    ("expenditure.total", "本年支出合计"),
    ("fiscal.total.income", "财政拨款收入"),
    ("fiscal.total.expenditure", "财政拨款支出"),
    ("expenditure.basic", "基本支出"),
    ("expenditure.project", "项目支出"),
    ("three_public.actual.total", "“三公”经费支出"),
)
INCLUDED, MISSING, UNREADABLE, OTHER_YEAR = "included", "missing", "unreadable", "other_year"
STATUS_LABELS = {
    INCLUDED: "已纳入汇总",
    MISSING: "未上传数据，未纳入汇总",
    UNREADABLE: "数据无法读取，未纳入汇总",
    OTHER_YEAR: "数据集年度不符，未纳入汇总",
}


def sees_department(user: User | None, dept: Org) -> bool:
    """May ``user`` see this department's view (its units' drafts included)?"""
    if user is None or dept.kind != "department":
        return False
    if user.role == BUREAU_REVIEWER:
        return True
    return user.role == DEPT_REVIEWER and user.org_id is not None and user.org_id == dept.id


def visible_department(ctx: Ctx, dept_id: int) -> Org:
    dept = ctx.db.get(Org, dept_id)
    if dept is None or not sees_department(ctx.user, dept):
        raise HTTPError(404, "未找到该部门，或您无权查看")
    return dept


@dataclass
class Gathered:
    """The units of a department with what became of each, and the 汇总 of those that could be read."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    loaded: list[LoadedDataset] = field(default_factory=list)
    base: int | None = None
    result: Consolidated | None = None
    derived: Derived | None = None
    problems: list[str] = field(default_factory=list)


_OWN_LEVEL = re.compile(r"[（(]\s*本级\s*[)）]$|本级$")


def is_own_level(unit: Org, dept: Org) -> bool:
    """Is ``unit`` the department's 本级: named as the department, or as it with “（本级）” or “本级”?"""
    name = unit.name.strip()
    return name == dept.name.strip() or (
        bool(_OWN_LEVEL.search(name)) and _OWN_LEVEL.sub("", name).strip() == dept.name.strip()
    )


def _first_fatal(check: dict[str, Any] | None) -> str:
    for f in (check or {}).get("findings", []):
        if f.get("severity") == "fatal":
            return str(f.get("message", ""))
    return ""


_READ_CACHE: OrderedDict[tuple[str, str, str], LoadedDataset] = OrderedDict()
_READ_CACHE_SIZE = 512
_READ_LOCK = threading.Lock()


def _read(unit: Org, kind: str, content: bytes, sha256: str, label: str) -> LoadedDataset:
    """The upload read by the engine, known by ``label`` (never by its temporary file) in messages. An
    upload never changes (an edit makes a new one), so a read is kept by its SHA-256: a department page
    re-reads only what changed since it was last shown."""
    key = (kind, sha256, label)
    with _READ_LOCK:
        if key in _READ_CACHE:
            _READ_CACHE.move_to_end(key)
            return _READ_CACHE[key]
    with reports.materialised(kind, content) as path:
        loaded = load_dataset(path)
    result = LoadedDataset(loaded.dataset, YamlDocument(label, loaded.document.data, {}), Path(label), None)
    with _READ_LOCK:
        _READ_CACHE[key] = result
        while len(_READ_CACHE) > _READ_CACHE_SIZE:
            _READ_CACHE.popitem(last=False)
    return result


def gather(ctx: Ctx, dept: Org, year: int, figures: bool = True) -> Gathered:
    """Read every unit's latest upload, consolidate the readable ones and (``figures``) derive the result."""
    out = Gathered()
    units = ctx.db.scalars(
        select(Org).where(Org.parent_id == dept.id, Org.kind == "unit").order_by(Org.code)
    ).all()
    for unit in units:
        sub = workflow.submission_for(ctx.db, unit, year)
        up = workflow.latest_upload(ctx.db, sub)
        status, reason = INCLUDED, ""
        if sub is None or up is None:
            status = MISSING
        elif sub.n_fatal:
            status, reason = UNREADABLE, _first_fatal(up.check)
        else:
            try:
                loaded = _read(unit, up.kind, up.content, up.sha256, f"{unit.name}（{unit.code}）")
            except InputError as err:
                status, reason = UNREADABLE, str(err.problems[0].message) if err.problems else ""
            else:
                found = loaded.dataset.department.year
                if found != year:
                    status, reason = OTHER_YEAR, f"数据集年度为 {found}"
                else:
                    if is_own_level(unit, dept) and out.base is None:
                        out.base = len(out.loaded)
                    out.loaded.append(loaded)
        state = sub.state if sub else NOT_STARTED
        out.rows.append(
            {
                "unit": org_dict(unit),
                "state": state,
                "state_label": STATE_LABELS[state],
                "counts": None if sub is None else counts_of(sub),
                "upload": None if up is None else {"filename": up.filename, "uploaded_at": up.uploaded_at},
                "status": status,
                "status_label": STATUS_LABELS[status],
                "reason": reason,
                "base": False,
                "url": f"/units/{unit.id}/{year}",
            }
        )
    included = [r for r in out.rows if r["status"] == INCLUDED]
    if out.base is not None:
        included[out.base]["base"] = True
    if not out.loaded:
        return out
    try:
        out.result = consolidate(out.loaded, name=dept.name, code=dept.code, base=out.base)
        if figures:
            with reports.materialised(reports.YAML, out.result.to_yaml().encode("utf-8")) as path:
                out.derived = derive(load_dataset(path))
    except InputError as err:
        out.result, out.derived = None, None
        out.problems = [str(p) for p in err.problems]
    return out


def _amount(fig: Any) -> dict[str, Any]:
    value = fig.value if fig is not None else None
    return {
        "value": None if value is None else str(value),
        "display": "—" if value is None else format_amount(value, thousands=True),
    }


def _consolidated(g: Gathered, dept: Org, year: int) -> dict[str, Any] | None:
    if g.result is None or g.derived is None:
        return None
    ledger = g.derived.ledger
    return {
        "unit": "万元",
        "units": list(g.result.units),
        "base": g.result.base,
        "notes": list(g.result.notes),
        "figures": [{"key": key, "label": label} | _amount(ledger[key]) for key, label in FIGURES],
        "classes": [
            {"code": r.code, "name": r.name} | _amount(r.expenditure["total"])
            for r in g.derived.rows
            if r.level == "类"
        ],
        "download": f"/departments/{dept.id}/{year}/dataset",
        "preview": f"/departments/{dept.id}/{year}/preview",
    }


def department_page(ctx: Ctx, dept_id: int, year: int) -> Response:
    """A department's units (state, finding counts, whether each is in the 汇总) and its consolidated
    figures in 万元: 收入/支出总计, 财政拨款收入/支出, 基本/项目支出, “三公”经费 and expenditure by 类."""
    dept = visible_department(ctx, dept_id)
    g = gather(ctx, dept, year)
    return ctx.render(
        "department.html",
        {
            "title": f"{dept.name} {year}年度部门决算汇总",
            "department": org_dict(dept),
            "year": year,
            "units": g.rows,
            "included": [r["unit"]["name"] for r in g.rows if r["status"] == INCLUDED],
            "excluded": [
                {
                    "name": r["unit"]["name"],
                    "status": r["status"],
                    "label": r["status_label"],
                    "reason": r["reason"],
                }
                for r in g.rows
                if r["status"] != INCLUDED
            ],
            "consolidated": _consolidated(g, dept, year),
            "problems": g.problems,
        },
    )


def _consolidation(ctx: Ctx, dept: Org, year: int) -> Gathered:
    """The units' consolidation, or the reason there is none (an HTTP error with a Chinese message)."""
    g = gather(ctx, dept, year, figures=False)
    if g.problems:
        raise HTTPError(422, "无法汇总：" + "；".join(g.problems))
    if g.result is None:
        raise HTTPError(404, "本年度还没有可汇总的单位数据")
    return g


def department_dataset(ctx: Ctx, dept_id: int, year: int) -> Response:
    """The consolidated dataset (YAML) of the units that could be read."""
    dept = visible_department(ctx, dept_id)
    g = _consolidation(ctx, dept, year)
    text = g.result.to_yaml()
    filename = f"{dept.name}-{year}年度部门决算汇总.yaml"
    if ctx.want_json:
        return JSONResponse(
            {
                "ok": True,
                "filename": filename,
                "units": list(g.result.units),
                "base": g.result.base,
                "yaml": text,
            }
        )
    return download(text.encode("utf-8"), "application/yaml; charset=utf-8", filename)


def department_preview(ctx: Ctx, dept_id: int, year: int) -> Response:
    """The department's report built from the consolidated dataset (marked 未通过校验 while its check fails,
    e.g. when no 本级 unit supplied the texts)."""
    dept = visible_department(ctx, dept_id)
    g = _consolidation(ctx, dept, year)
    html = reports.preview_html(reports.YAML, g.result.to_yaml().encode("utf-8"))
    if html is None:
        raise HTTPError(422, "汇总数据无法生成报告，请下载汇总数据集后用 juesuan check 查看问题")
    html = draft_marked(ctx, html, None)  # a department's consolidation is never published as such
    if ctx.want_json:
        return JSONResponse({"ok": True, "html": html})
    return HTMLResponse(html, headers=report_headers())


ROUTES = [
    Page("/departments/{dept_id:int}/{year:int}", department_page, login=True),
    Page("/departments/{dept_id:int}/{year:int}/dataset", department_dataset, login=True),
    Page("/departments/{dept_id:int}/{year:int}/preview", department_preview, login=True),
]
