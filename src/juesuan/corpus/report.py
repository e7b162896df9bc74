"""The scorecard of a store: what a 财政部门's 公开检查 or a transparency study produces.

Per region, department and year the disclosure score (the required items of ``disclosure.REQUIREMENTS``,
each with its rule source and whether that source was verified), error and warning counts by rule, the
worst documents with their findings, and comparisons across years (the share of documents with errors,
the distribution of the change of 三公 spending against the same department's previous report and of the
一般公共预算财政拨款支出 execution rate). One self-contained HTML page (Jinja2 template
``templates/corpus/scorecard.html.j2``, charts as inline SVG) and the same tables as XLSX (openpyxl).
"""

from __future__ import annotations

import io
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from juesuan.charts import BarChart, cjk_font_path, render_svg
from juesuan.corpus.disclosure import REQUIREMENTS
from juesuan.corpus.query import connect
from juesuan.corpus.store import Store

WORST = 20
FINDINGS_PER_DOCUMENT = 30

_SANGONG = """
WITH t AS (
  SELECT document_id, value, CASE WHEN source = 'table' THEN 0 ELSE 1 END AS pref
  FROM figures
  WHERE (table_kind = 'sangong' AND "column" = 'actual.total')
     OR (source = 'text' AND subject = 'sangong.total' AND "column" IN ('actual', 'current'))
), s AS (
  SELECT d.region, d.department, d.year, arg_min(t.value, t.pref) AS total
  FROM t JOIN documents d USING (document_id)
  WHERE d.department <> '' AND d.year > 0 GROUP BY ALL
)
SELECT cur.year, cur.region, cur.department, prev.total, cur.total,
       round((cur.total - prev.total) / prev.total * 100, 2) AS change
FROM s cur JOIN s prev ON prev.department = cur.department AND prev.region = cur.region
  AND prev.year = cur.year - 1
WHERE prev.total > 0 ORDER BY ALL
"""

_EXECUTION = """
WITH b AS (
  SELECT document_id,
         first(value ORDER BY CASE "column" WHEN 'budget:年初' THEN 0 WHEN 'budget:调整' THEN 1 ELSE 2 END,
               page, line) AS v
  FROM figures WHERE subject = 'gpb.expenditure' AND "column" LIKE 'budget%' GROUP BY ALL
), a AS (
  SELECT document_id, first(value ORDER BY page, line) AS v FROM figures
  WHERE subject = 'gpb.expenditure' AND "column" IN ('current', 'actual') GROUP BY ALL
)
SELECT d.year, d.region, d.department, b.v, a.v, round(a.v / b.v * 100, 2)
FROM a JOIN b USING (document_id) JOIN documents d USING (document_id)
WHERE b.v > 0 AND d.year > 0 ORDER BY ALL
"""


# the findings of each document and those of the checks across documents (family K)
_ALL_FINDINGS = """(SELECT rule, title, severity, message, page, line, quote, document_id FROM findings
  UNION ALL SELECT rule, title, severity, message, page, line, quote, document_id FROM cross_findings)"""


def _rows(con, sql: str, names: list[str]) -> list[dict[str, Any]]:
    return [dict(zip(names, row, strict=True)) for row in con.execute(sql).fetchall()]


def scorecard(store: str | Path | Store) -> dict[str, Any]:
    """The scorecard's tables, as lists of dicts (what the HTML page and the workbook show)."""
    con = connect(store if isinstance(store, Store) else Store(store))
    try:
        scores = _rows(
            con,
            """SELECT region, department, year, count(*), round(avg(disclosure_score) * 100, 1),
                      sum(n_fatal), sum(n_error), sum(n_warning),
                      list_sort(list_distinct(flatten(list(items_missing))))
               FROM documents GROUP BY region, department, year ORDER BY region, year, department""",
            ["region", "department", "year", "documents", "score", "fatal", "errors", "warnings", "missing"],
        )
        names = {r.id: r.name for r in REQUIREMENTS}
        for s in scores:
            s["missing"] = "、".join(names.get(m, m) for m in s["missing"])
        requirements = []
        for r in REQUIREMENTS:
            level = f"WHERE level = '{r.only_level}'" if r.only_level else ""
            asked, present = con.execute(
                "SELECT count(*), count(*) FILTER (NOT list_contains(items_missing, ?)) "
                f"FROM documents {level}",
                [r.id],
            ).fetchone() or (0, 0)
            requirements.append(
                {
                    "id": r.id,
                    "name": r.name,
                    "source": r.source,
                    "verified": "已核实" if r.verified else "未核实",
                    "asked": asked,
                    "present": present,
                    "share": round(present / asked * 100, 1) if asked else None,
                }
            )
        rules = _rows(
            con,
            f"""SELECT rule, any_value(title), severity, count(*), count(DISTINCT document_id)
               FROM {_ALL_FINDINGS} WHERE severity IN ('fatal', 'error', 'warning')
               GROUP BY rule, severity ORDER BY count(*) DESC, rule""",
            ["rule", "title", "severity", "findings", "documents"],
        )
        worst = _rows(
            con,
            f"""SELECT document_id, region, department, year, path, part, n_fatal, n_error, n_warning,
                       round(disclosure_score * 100, 1), reader_status
                FROM documents ORDER BY n_fatal DESC, n_error DESC, n_warning DESC, path LIMIT {WORST}""",
            [
                "id",
                "region",
                "department",
                "year",
                "path",
                "part",
                "fatal",
                "errors",
                "warnings",
                "score",
                "status",
            ],
        )
        for w in worst:
            w["findings"] = _rows(
                con,
                f"""SELECT rule, severity, message, page, line, quote FROM {_ALL_FINDINGS}
                    WHERE document_id = '{w["id"]}' AND severity IN ('fatal', 'error', 'warning')
                    ORDER BY CASE severity WHEN 'fatal' THEN 0 WHEN 'error' THEN 1 ELSE 2 END,
                             page, line, rule
                    LIMIT {FINDINGS_PER_DOCUMENT}""",
                ["rule", "severity", "message", "page", "line", "quote"],
            )
        years = _rows(
            con,
            """SELECT year, count(*), count(*) FILTER (n_error + n_fatal > 0),
                      round(count(*) FILTER (n_error + n_fatal > 0) * 100.0 / count(*), 1),
                      round(avg(n_error), 2), round(avg(disclosure_score) * 100, 1)
               FROM documents WHERE year > 0 GROUP BY year ORDER BY year""",
            ["year", "documents", "with_errors", "error_rate", "mean_errors", "score"],
        )
        sangong = _rows(con, _SANGONG, ["year", "region", "department", "previous", "current", "change"])
        execution = _rows(con, _EXECUTION, ["year", "region", "department", "budget", "actual", "rate"])
        totals = con.execute(
            "SELECT count(*), sum(n_fatal), sum(n_error), sum(n_warning), count(DISTINCT region) "
            "FROM documents"
        ).fetchone() or (0, 0, 0, 0, 0)
    finally:
        con.close()
    return {
        "totals": dict(zip(["documents", "fatal", "errors", "warnings", "regions"], totals, strict=True)),
        "scores": scores,
        "requirements": requirements,
        "rules": rules,
        "worst": worst,
        "years": years,
        "sangong": sangong,
        "execution": execution,
    }


def _distribution_svg(title: str, unit: str, values: dict[int, list[float]]) -> str:
    """A box plot per year (or a note when there is nothing to show), as an inline SVG element."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    entry = font_manager.ttfFontProperty(font_manager.get_font(path))
    rc: dict[Any, Any] = {
        "font.family": [entry.name],
        "font.weight": entry.weight,
        "svg.fonttype": "path",
        "svg.hashsalt": title,
    }
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(6.3, 3.5))
        ax = fig.add_subplot()
        years = sorted(values)
        if years:
            ax.boxplot([values[y] for y in years], tick_labels=[f"{y}年" for y in years])
            ax.set_ylabel(unit)
        else:
            ax.text(0.5, 0.5, "无可比较的数据", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        ax.set_title(title)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]


def charts(data: dict[str, Any]) -> dict[str, str]:
    years = data["years"]
    error_chart = (
        render_svg(
            BarChart(
                "各年度有错误的文档占比",
                "%",
                tuple(f"{y['year']}年" for y in years),
                tuple(Decimal(str(y["error_rate"])) for y in years),
                tuple(f"{y['error_rate']}%" for y in years),
            )
        )
        if years
        else ""
    )

    def by_year(rows: list[dict], key: str) -> dict[int, list[float]]:
        out: dict[int, list[float]] = {}
        for r in rows:
            out.setdefault(r["year"], []).append(float(r[key]))  # drawing only: floats are fine here
        return out

    return {
        "errors": error_chart,
        "sangong": _distribution_svg(
            "“三公”经费决算较上年变动（%）", "%", by_year(data["sangong"], "change")
        ),
        "execution": _distribution_svg(
            "一般公共预算财政拨款支出执行率（%）", "%", by_year(data["execution"], "rate")
        ),
    }


def render_html(data: dict[str, Any]) -> str:
    from jinja2 import Environment, select_autoescape

    source = (resources.files("juesuan") / "templates" / "corpus" / "scorecard.html.j2").read_text(
        encoding="utf-8"
    )
    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    return env.from_string(source).render(data=data, charts=charts(data))


SHEETS: tuple[tuple[str, str, list[tuple[str, str]]], ...] = (
    (
        "得分",
        "scores",
        [("region", "地区"), ("department", "部门（单位）"), ("year", "年度"), ("documents", "文档数"),
         ("score", "公开完整性得分"), ("fatal", "严重"), ("errors", "错误"), ("warnings", "警告"),
         ("missing", "缺少的公开事项")],
    ),
    (
        "公开要求",
        "requirements",
        [("name", "公开事项"), ("source", "依据"), ("verified", "依据核实情况"), ("asked", "应公开文档数"),
         ("present", "已公开文档数"), ("share", "公开率（%）")],
    ),
    (
        "规则统计",
        "rules",
        [("rule", "规则"), ("title", "名称"), ("severity", "级别"), ("findings", "问题数"),
         ("documents", "文档数")],
    ),
    (
        "问题最多的文档",
        "worst",
        [("region", "地区"), ("department", "部门（单位）"), ("year", "年度"), ("path", "文件"),
         ("part", "汇编中序号"), ("fatal", "严重"), ("errors", "错误"), ("warnings", "警告"),
         ("score", "公开完整性得分"), ("status", "读取状态")],
    ),
    (
        "年度比较",
        "years",
        [("year", "年度"), ("documents", "文档数"), ("with_errors", "有错误的文档数"),
         ("error_rate", "有错误占比（%）"), ("mean_errors", "平均错误数"), ("score", "平均公开完整性得分")],
    ),
    (
        "三公变动",
        "sangong",
        [("year", "年度"), ("region", "地区"), ("department", "部门（单位）"),
         ("previous", "上年决算（万元）"), ("current", "本年决算（万元）"), ("change", "变动（%）")],
    ),
    (
        "执行率",
        "execution",
        [("year", "年度"), ("region", "地区"), ("department", "部门（单位）"), ("budget", "预算（万元）"),
         ("actual", "决算（万元）"), ("rate", "执行率（%）")],
    ),
)  # fmt: skip


def render_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, key, columns in SHEETS:
        sheet = book.create_sheet(title)
        sheet.append([label for _, label in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in data[key]:
            sheet.append([row.get(name) for name, _ in columns])
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_scorecard(store: str | Path, html_path: str | Path) -> tuple[Path, Path]:
    """Write the HTML page and, beside it, the workbook (same name, ``.xlsx``)."""
    data = scorecard(store)
    html_out = Path(html_path)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(render_html(data), encoding="utf-8")
    xlsx_out = html_out.with_suffix(".xlsx")
    xlsx_out.write_bytes(render_xlsx(data))
    return html_out, xlsx_out
