"""The standard 决算 tables as read: rows bound to classification codes and names, values by column.

Works on every reader's tables: aligned grids (pdf, docx: one cell per leaf column, merged cells spanning)
and tab-separated rows (txt, where a merged cell is one cell). Columns are recognised by their header
labels (本年收入合计, 基本支出, 预算数/公务接待费 …); codes are read from one column ("2010301") or from
the 类/款/项 columns ("201 | 06 | 01"). Functional codes (2xx) and economic codes (3xx) are kept apart by
the table they come from, never compared with each other.

``table_facts`` maps the tables onto the canonical subjects of :mod:`juesuan.audit.facts`
(``total.fiscal`` = 财政拨款收入支出决算总表 总计 …) so that a figure stated in the text can be checked
against its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from juesuan.audit.document import Cell, Document, Table, Where, parse_numbering
from juesuan.audit.facts import class_name
from juesuan.audit.normalise import normalise, simplified_cell

_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
_BLANK = {"", "-", "—", "－", "--", "/"}
UNIT_SHIFT = {"万元": 0, "元": 4, "亿元": -4}
UNIT_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_NO_SCALE = Decimal(1)  # an unknown unit's cells are taken as they are (made once, not in every cell)


@dataclass
class Num:
    value: Decimal
    decimals: int
    cell: Cell | None
    blank: bool = False

    @property
    def where(self) -> Where:
        return self.cell.where if self.cell else Where()

    @property
    def text(self) -> str:
        return self.cell.text if self.cell and self.cell.text else "（空）"


def parse_num(cell: Cell | None, unit: str = "万元") -> Num | None:
    """A table cell as a number in 万元 (blank → 0 with two decimals); None when it is not a number."""
    text = (cell.text if cell else "").strip().replace(" ", "")
    if text in _BLANK:
        return Num(Decimal(0), 2, cell, blank=True)
    if not _NUMBER.match(text):
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Num(value * UNIT_SCALE.get(unit, _NO_SCALE), decimals + UNIT_SHIFT.get(unit, 0), cell)


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip().replace(" ", "")))


@dataclass
class Row:
    code: str
    name: str
    values: dict[str, Num]
    where: Where
    side: str = ""
    cells: list[Cell] = field(default_factory=list)


class EvalFunds(TypedDict):
    """A 资金 row of a 项目支出绩效自评表 (年度资金总额, 财政拨款 …): its non-empty cells under ``labels``."""

    label: str
    cells: list[Cell]
    labels: list[str]  # the header above (全年预算数, 全年执行数, 执行率 …), as far as it was read
    row: int
    # the row's cells under the header's column names, aligned from the header's first amount column
    # (年初预算数/年初预算), empty cells kept: {"全年预算数": …, "全年执行数": …, "执行率": …}; only when read
    columns: dict[str, Cell]


class EvalIndicator(TypedDict):
    """An indicator row of a 自评表, read from the right: target, actual, weight, score (and a reason)."""

    name: str
    level1: str
    execution: bool  # the 预算执行率 indicator
    target: Cell
    actual: Cell
    weight: Cell
    score: Cell
    reason: str
    row: int
    # the 度量单位 when the form gives it a column of its own between 指标值 and 实际完成值 (Yunnan:
    # 指标性质 | 指标值 | 度量单位 | 实际完成值 | 分值 | 得分), the target then read before it; "" otherwise,
    # and for an indicator whose 指标性质 is an upper bound (≤, <: less is better)
    unit: str


class EvalTotal(TypedDict):
    """The 合计/得分 row of a 自评表: total weight and score."""

    weight: Cell
    score: Cell
    row: int


class EvalExtra(TypedDict, total=False):
    """What a 自评表 (``perf_eval``) holds besides rows; empty for the other kinds."""

    project: str
    funds: list[EvalFunds]
    indicators: list[EvalIndicator]
    total: EvalTotal | None
    rate_times_weight: bool  # the form's 得分计算方法 scores a 资金 row as 执行率 × 分值


@dataclass
class StdTable:
    table: Table
    kind: str
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    pairs: dict[str, Row] = field(default_factory=dict)  # two-sided tables: label key → row
    readable: bool = True
    problem: str = ""
    empty: bool = False  # the table has no data (本表无数据)
    extra: EvalExtra = field(default_factory=lambda: EvalExtra())

    @property
    def title(self) -> str:
        return self.table.title

    def by_code(self) -> dict[str, Row]:
        return {r.code: r for r in self.rows if r.code}

    def total_row(self) -> Row | None:
        return next((r for r in self.rows if r.name in ("合计", "总计") and not r.code), None)


COLUMN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "income": (
        ("本年收入合计", "total"),
        ("财政拨款收入", "fiscal"),
        ("上级补助收入", "superior"),
        ("事业收入", "business"),
        ("经营收入", "operating"),
        ("附属单位上缴收入", "affiliated"),
        ("其他收入", "other"),
    ),
    "expenditure": (
        ("本年支出合计", "total"),
        ("基本支出", "basic"),
        ("项目支出", "project"),
        ("上缴上级支出", "remit"),
        ("经营支出", "operating"),
        ("对附属单位补助支出", "subsidy"),
    ),
    "gpb": (("合计", "total"), ("基本支出", "basic"), ("项目支出", "project")),
    "capital_exp": (("合计", "total"), ("基本支出", "basic"), ("项目支出", "project")),
    "gpb_project": (("项目支出", "total"),),
    "fund": (
        ("年初结转和结余", "opening"),
        ("本年收入", "income"),
        ("合计", "total"),
        ("小计", "total"),
        ("基本支出", "basic"),
        ("项目支出", "project"),
        ("年末结转和结余", "closing"),
    ),
    "fiscal_detail": (
        ("小计", "basic"),
        ("人员经费", "personnel"),
        ("公用经费", "public"),
        ("项目支出", "project"),
        ("合计", "total"),
    ),
}
COLUMN_KEYS["capital"] = COLUMN_KEYS["fund"]
COLUMN_KEYS["gpb_detail"] = COLUMN_KEYS["fiscal_detail"]
CODE_KINDS = tuple(COLUMN_KEYS)
ECONOMIC_KINDS = ("fiscal_detail", "gpb_detail", "gpb_basic")


def _header_count(table: Table) -> int:
    if table.header_rows:
        return table.header_rows
    for i, row in enumerate(table.rows):
        texts = [c.text for c in row if c.text]
        nums = [t for t in texts if is_number(t) and "." in t]
        if nums or (texts and re.fullmatch(r"\d{3}(\d{2}){0,2}", texts[0]) and len(texts) > 1):
            return i
    for i, row in enumerate(table.rows):
        texts = [c.text for c in row if c.text]
        if texts and texts[0] in ("合计", "总计") and i > 0:
            return i
    return len(table.rows)


def _labels(table: Table, header: int) -> list[str]:
    if table.column_labels:
        return [x.replace("/", "") for x in table.column_labels]
    from juesuan.audit.read_pdf import column_labels

    return [x.replace("/", "") for x in column_labels(table.rows, header)]


def _match_keys(labels: list[str], keys: tuple[tuple[str, str], ...]) -> dict[int, str]:
    out: dict[int, str] = {}
    used: set[str] = set()
    for j, label in enumerate(labels):
        if re.search(r"科目|编码|名称", label):
            continue
        for word, key in keys:
            if key in used and key != "total":
                continue
            if label.endswith(word) or (word in label and len(word) >= 5):
                if key == "total" and "total" in used:
                    break
                out[j] = key
                used.add(key)
                break
    return out


_CODE_PART = re.compile(r"\d{2,7}")  # a 类/款/项 code column's cell, or the whole code
_CODE_2_5 = re.compile(r"\d{2,5}")
_CODE_3_5 = re.compile(r"\d{3,5}")
_CODE_RUN_INTO_NAME = re.compile(r"\d{3}[\u4e00-\u9fff].*")


def _code_of(texts: list[str]) -> tuple[str, int]:
    """The classification code at the start of a row (joined from 类/款/项 columns) and cells used."""
    parts: list[str] = []
    used = 0
    for k, t in enumerate(texts):
        t = t.strip()
        if not t:
            if parts:
                used = k + 1
                continue
            continue
        if _CODE_PART.fullmatch(t) and (not parts or len(t) == 2):
            parts.append(t)
            used = k + 1
            continue
        break
    code = "".join(parts)
    return (code if len(code) in (3, 5, 7) else ""), used


def _code_table(table: Table, kind: str, unit: str) -> StdTable:
    std = StdTable(table, kind)
    header = _header_count(table)
    keys = COLUMN_KEYS[kind]
    body = table.rows[header:]
    if table.aligned:
        labels = _labels(table, header)
        colmap = _match_keys(labels, keys)
        if kind in ("fund", "capital") and len(set(colmap.values())) < 4:
            value_cols = [j for j, lab in enumerate(labels) if not re.search(r"科目|编码|项目|类|款", lab)]
            order = ["opening", "income", "total", "basic", "project", "closing"]
            colmap = {j: k for j, k in zip(value_cols[-6:], order, strict=False)}
    else:
        colmap = {}
        best: list[str] = []
        for row in table.rows[:header]:
            found = [
                next((k for w, k in keys if c.text.replace(" ", "").endswith(w) or c.text == w), "")
                for c in row
            ]
            found = [f for f in found if f]
            if len(found) > len(best):
                best = found
        if kind in ("fiscal_detail", "gpb_detail"):
            best = ["total", "basic", "personnel", "public", "project"]
        if kind in ("fund", "capital"):
            best = ["opening", "income", "total", "basic", "project", "closing"]
        std.columns = best
    if table.aligned:
        std.columns = [colmap[j] for j in sorted(colmap)]
    for row in body:
        texts = [c.text for c in row]
        if not any(texts):
            continue
        code, used = _code_of(texts)
        name = ""
        name_at = -1
        for k in range(used, len(texts)):
            t = texts[k].strip()
            if t and not is_number(t) and t not in ("类", "款", "项"):
                name, name_at = t, k
                break
        if not code and not name:
            continue
        values: dict[str, Num] = {}
        if table.aligned:
            for j, key in colmap.items():
                if j < len(row) and j != name_at:
                    num = parse_num(row[j], unit)
                    if num is not None and key not in values:
                        values[key] = num
        else:
            rest = row[name_at + 1 :] if name_at >= 0 else row[used:]
            for key, cell in zip(std.columns, rest, strict=False):
                num = parse_num(cell, unit)
                if num is not None:
                    values[key] = num
        if name.startswith(("注", "说明")):
            continue
        std.rows.append(Row(code, name, values, row[0].where, cells=list(row)))
    data_rows = [r for r in std.rows if any(not v.blank for v in r.values.values())]
    std.empty = not data_rows
    if not std.rows and not std.empty:
        std.readable = False
    return std


_SUMMARY_LEFT = (
    ("一般公共预算财政拨款", "gpb"),
    ("政府性基金预算财政拨款", "fund"),
    ("国有资本经营预算财政拨款", "capital"),
    ("上级补助收入", "superior"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴收入", "affiliated"),
    ("其他收入", "other"),
    ("本年收入合计", "income_total"),
    ("使用非财政拨款结余", "nonfiscal_used"),
    ("年初财政拨款结转和结余", "opening"),
    ("年初结转和结余", "opening"),
    ("总计", "grand_total"),
)
_SUMMARY_RIGHT = (
    ("本年支出合计", "expenditure_total"),
    ("结余分配", "distribution"),
    ("年末财政拨款结转和结余", "closing"),
    ("年末结转和结余", "closing"),
    ("总计", "grand_total"),
)


_NUMBERING = re.compile(r"行次|栏次")
_BY_NATURE = re.compile(r"\s*(项目)?[(（]?按(支出性质|经济分类)")


def _strip_number(label: str) -> str:
    num = parse_numbering(label)
    return num.title if num is not None and num.level in (1, 3) else label


def _two_sided(table: Table, kind: str, unit: str) -> StdTable:
    std = StdTable(table, kind)
    header = _header_count(table)
    right_start = None
    for row in table.rows[:header]:
        proj = [c.col for c in row if c.text.replace(" ", "") == "项目"]
        if len(proj) >= 2:
            right_start = proj[1]
    if right_start is None:
        right_start = 2
    # 行次 / 栏次 columns number the rows: not figures of the table (a row numbering the columns, 栏次 1
    # 栏次 2, is no column of its own)
    numbering = {
        c.col
        for row in table.rows[:header]
        if row and not _NUMBERING.fullmatch(row[0].text.replace(" ", ""))
        for c in row
        if _NUMBERING.fullmatch(c.text.replace(" ", ""))
    }
    # a third group of columns (支出 按支出性质 beside 按功能分类): its lines are no 功能分类 of the 支出
    third = min(
        (
            c.col
            for row in table.rows[:header]
            for c in row
            if c.col > right_start and _BY_NATURE.match(c.text)
        ),
        default=None,
    )
    in_opening = False
    for row in table.rows[header:]:
        labels = [(k, c) for k, c in enumerate(row) if c.text and not is_number(c.text)]
        for n, (k, cell) in enumerate(labels):
            if third is not None and cell.col >= third:
                break
            nxt = labels[n + 1][0] if n + 1 < len(labels) else len(row)
            vals = [
                v
                for c in row[k + 1 : nxt]
                if c.col not in numbering and (v := parse_num(c, unit)) is not None
            ]
            side = "L" if cell.col < right_start else "R"
            text = "".join(cell.text.split())
            base = _strip_number(text)
            if side == "L":
                if base.startswith("年初"):
                    in_opening = True
                key = next((key for word, key in _SUMMARY_LEFT if base.startswith(word) or base == word), "")
                if key in ("gpb", "fund", "capital") and in_opening and kind == "fiscal_summary":
                    key = "opening_" + key
                if not key:
                    continue
            else:
                key = next((key for word, key in _SUMMARY_RIGHT if base.startswith(word)), "")
                if not key:
                    key = "class:" + class_name(base)
            names = (
                ["total", "gpb", "fund", "capital"] if side == "R" and kind == "fiscal_summary" else ["value"]
            )
            values = {nm: v for nm, v in zip(names, vals, strict=False)}
            if not values:
                values = {names[0]: Num(Decimal(0), 2, None, blank=True)}
            r = Row("", base, values, cell.where, side, cells=list(row))
            std.rows.append(r)
            std.pairs.setdefault(f"{side}:{key}", r)
    figures = any(is_number(c.text) and "." in c.text for row in table.rows[header:] for c in row)
    tied = any(not v.blank for r in std.pairs.values() for v in r.values.values())
    if not std.pairs or (figures and not tied):
        # no row named, or names whose figures are all elsewhere (a table whose cells were not cut into
        # its rows): the table was not read
        std.readable = False
    return std


def _gpb_basic(table: Table, unit: str) -> StdTable:
    std = StdTable(table, "gpb_basic")
    header = _header_count(table)
    for row in table.rows[header:]:
        code_parts: list[str] = []
        name = ""
        first_cell: Cell | None = None

        def emit(value: Num | None, row_cells: list[Cell] = row) -> None:
            nonlocal code_parts, name, first_cell
            if name or code_parts:
                code = "".join(code_parts)
                values = {"value": value} if value is not None else {"value": Num(Decimal(0), 2, None, True)}
                r = Row(code if len(code) in (3, 5) else "", name, values, (first_cell or row_cells[0]).where)
                std.rows.append(r)
                if name.endswith("合计") and not code:
                    std.pairs[name] = r
            code_parts, name, first_cell = [], "", None

        for cell in row:
            t = cell.text.strip().replace(" ", "")
            if not t:
                continue
            if _CODE_2_5.fullmatch(t) and not name and (not code_parts or len(t) == 2):
                code_parts.append(t)
                first_cell = first_cell or cell
            elif _CODE_3_5.fullmatch(t) and name:
                emit(None)
                code_parts.append(t)
                first_cell = cell
            elif is_number(t) and ("." in t or name):
                emit(parse_num(cell, unit))
            elif _CODE_RUN_INTO_NAME.fullmatch(t):  # "310资本性支出" run together
                if name or code_parts:
                    emit(None)
                code_parts.append(t[:3])
                name = t[3:]
                first_cell = cell
            else:
                if name and not code_parts and name.endswith("合计"):
                    emit(None)
                name += t
                first_cell = first_cell or cell
        emit(None)
    std.rows = [r for r in std.rows if r.code or r.name.endswith("合计")]
    std.empty = not any(not v.blank for r in std.rows for v in r.values.values())
    if not std.rows:
        std.readable = False
    return std


_SANGONG_ITEMS = (
    ("小计", "car"),
    ("公务用车购置费", "car_purchase"),
    ("购置费", "car_purchase"),
    ("运行维护费", "car_run"),
    ("运维费", "car_run"),
    ("运行费", "car_run"),
    ("因公出国", "abroad"),
    ("公务接待费", "reception"),
    ("合计", "total"),
)


def _sangong(table: Table, unit: str) -> StdTable:
    std = StdTable(table, "sangong")
    header = _header_count(table)
    data = [row for row in table.rows[header:] if any(c.text for c in row)]
    data = [row for row in data if not any(c.text.startswith(("注", "说明")) for c in row)]
    if not data:
        std.empty = True
        return std
    row = data[0]
    colmap: dict[int, str] = {}
    if table.aligned:
        labels = table.column_labels or _labels(table, header)
        for j, label in enumerate(labels):
            segs = [s for s in label.split("/") if s]
            phase = "budget" if "预算数" in label else "actual" if "决算数" in label else ""
            rest = [s for s in segs if s not in ("预算数", "决算数") and "三公" not in s]
            item = ""
            for seg in reversed(rest):
                item = next((k for w, k in _SANGONG_ITEMS if w in seg), "")
                if item:
                    break
            if phase and item:
                colmap[j] = f"{phase}.{item}"
    if not colmap:
        by_rows = _sangong_by_rows(table, unit)
        if by_rows:
            std.rows.append(Row("", "三公", by_rows, data[0][0].where, cells=[c for r in data for c in r]))
            std.empty = all(v.blank for v in by_rows.values())
            return std
    if not colmap:
        order = ["total", "abroad", "car", "car_purchase", "car_run", "reception"]
        first = [c.text for c in table.rows[0] if c.text] if table.rows else []
        if first[:2] == ["预算数", "决算数"]:
            names = [f"budget.{x}" for x in order] + [f"actual.{x}" for x in order]
        else:
            names = [f"{p}.{x}" for x in order for p in ("budget", "actual")]
        colmap = dict(enumerate(names))
    values: dict[str, Num] = {}
    for j, key in colmap.items():
        if j < len(row):
            num = parse_num(row[j], unit)
            if num is not None:
                values[key] = num
    std.rows.append(Row("", "三公", values, row[0].where, cells=list(row)))
    std.empty = all(v.blank for v in values.values())
    return std


def _sangong_item(label: str) -> str:
    """The “三公” item a row label names ("" when none)."""
    t = re.sub(r"^其中[:：]?", "", normalise(label)[0])
    if "三公" in t or t in ("合计", "总计"):
        return "total"
    if "公务用车" in t or "公车" in t:
        if re.search(r"购置[及和]运[行维]", t):  # (运维: 运行维护 shortened)
            return "car"
        return "car_purchase" if "购置" in t else "car_run" if re.search(r"运[行维]", t) else ""
    return "abroad" if "因公出国" in t else "reception" if "公务接待" in t else ""


def _sangong_by_rows(table: Table, unit: str) -> dict[str, Num]:
    """A “三公” table with one row per item and a 预算数 and a 决算数 column (the items as rows), as
    ``phase.item`` values; empty when the table is not laid out so."""
    header = -1
    phases: dict[int, str] = {}
    for h, row in enumerate(table.rows[:3]):
        texts = [normalise(c.text)[0] for c in row]
        phases = {
            j: "budget" if "预算" in t else "actual"
            for j, t in enumerate(texts)
            if j and ("预算" in t or "决算" in t)
        }
        if len(set(phases.values())) == 2:
            header = h
            break
    if header < 0:
        return {}
    values: dict[str, Num] = {}
    for row in table.rows[header + 1 :]:
        item = _sangong_item(row[0].text) if row else ""
        if not item:
            continue
        for j, phase in phases.items():
            key = f"{phase}.{item}"
            if j < len(row) and key not in values:
                num = parse_num(row[j], unit)
                if num is not None and not num.blank:  # an empty cell states nothing
                    values[key] = num
    return values


# the column names of a 自评表's 资金 rows (Yunnan/Anhui: 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
# 执行率 | 得分; Sichuan: 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分), the first being
# where the amounts begin
_FUND_COLUMNS = (
    "年初预算数",
    "年初预算",
    "全年预算数",
    "调整后预算数",
    "全年执行数",
    "预算执行数",
    "分值",
    "权重",
    "执行率",
    "预算执行率",
    "得分",
)
# the 资金 rows: the total (年度资金总额; Sichuan's 总额) and its sources
_FUND_ROWS = (
    "年度资金总额",
    "总额",
    "其中：财政拨款",
    "其中：当年财政拨款",
    "其中：财政资金",
    "财政拨款",
    "财政资金",
    "财政专户管理资金",
    "单位资金",
    "其他资金",
    "上年结转资金",
)


# the 度量单位 a 自评表 may print in a column of its own, and the 指标性质 before the target
_MEASURE_UNITS = frozenset(
    ("%", "％", "元", "万元", "个", "次", "人", "人次", "项", "天", "日", "家", "台", "辆")
)
_NATURES = frozenset(("=", "＝", "﹦", "≥", "≤", ">", "<", "＞", "＜", "定性"))


def _eval_text(text: str) -> str:
    """A 自评表 cell's text as its labels are compared: simplified, no pinyin, no spaces, colon full-width."""
    return simplified_cell(normalise(text)[0]).replace(":", "：")


# a column name's note in brackets: “年初预算数(A)”, “分值(10分)”
_COLUMN_NOTE = re.compile(r"[（(][^（）()]{1,6}[)）]$")
# the 得分计算方法 of a form that scores its 资金 rows by the 执行率: “执行率*该指标分值,最高不得超过分值上限”
_RATE_TIMES_WEIGHT = re.compile(r"执行率\s*[*×xX]\s*(?:该指标)?分值")
_FUND_HEADER = frozenset(("全年预算数", "全年执行数", "预算执行率", "执行率", "预算执行数"))
# the rows of a 部门整体 form's 资金 under their header: the whole and its 基本/项目 parts
_FUND_PARTS = frozenset(("基本支出", "项目支出"))


def _column_name(text: str) -> str:
    """A 自评表 header cell as a column name: its bracketed note dropped (“全年执行数(B)” → 全年执行数)."""
    return _COLUMN_NOTE.sub("", text)


def _fund_columns(labels: list[str], cells: list[Cell]) -> dict[str, Cell]:
    """The row's cells after its label under the header's column names, from its first amount column."""
    start = next((k for k, x in enumerate(labels) if x in _FUND_COLUMNS), None)
    if start is None:
        return {}
    names = labels[start:]
    return {name: cell for name, cell in zip(names, cells, strict=False)}


def _perf_eval(table: Table) -> StdTable:
    std = StdTable(table, "perf_eval")
    project = ""
    funds: list[EvalFunds] = []
    indicators: list[EvalIndicator] = []
    total: EvalTotal | None = None
    fund_labels: list[str] = []
    has_reason = False
    rate_times_weight = False
    for r, row in enumerate(table.rows):
        cells = [c for c in row if c.span != 0]
        t = [_eval_text(c.text) for c in cells]
        nonempty = [x for x in t if x]
        if not nonempty:
            continue
        if "项目名称：" in t or "项目名称" in t:
            k = t.index("项目名称：" if "项目名称：" in t else "项目名称")
            project = next((x for x in t[k + 1 :] if x), "")
            continue
        named = [_column_name(x) for x in t]
        # a header's names, bare or with their notes (“全年执行数(B)”: then two of them, as the indicator
        # “预算执行率(10分)” is one name with its note)
        if any(x in _FUND_HEADER for x in t) or (
            _FUND_HEADER.intersection(named) and len(set(_FUND_COLUMNS).intersection(named)) >= 2
        ):
            fund_labels = [x for x in named if x]
            rate_times_weight = rate_times_weight or any(_RATE_TIMES_WEIGHT.search(x) for x in t)
            continue
        if fund_labels and funds and funds[-1]["row"] == r - 1 and all(is_number(x) for x in nonempty):
            # a 资金 row wrapped onto the next line of a flattened form (“基本支出 | 985.19 | 914.97 |” then
            # “10 | 10 |”): its cells go on where the row stopped
            last = funds[-1]
            width = len(fund_labels) - next((k for k, x in enumerate(fund_labels) if x in _FUND_COLUMNS), 0)
            more = [c for c in cells if c.text.strip()]
            if len(last["cells"]) + len(more) <= width:
                last["cells"] = last["cells"] + more
                last["columns"] = _fund_columns(fund_labels, last["cells"])
                last["row"] = r
                continue
        if any("扣分原因" in x or "偏差原因" in x for x in t):
            has_reason = True
            continue
        first = nonempty[0].replace(" ", "")
        if fund_labels and first.endswith("："):  # “年度资金总额:”
            first = first[:-1]
        if first in _FUND_ROWS or (fund_labels and first in _FUND_PARTS):
            rate_times_weight = rate_times_weight or any(_RATE_TIMES_WEIGHT.search(x) for x in t)
            at = next(k for k, x in enumerate(t) if x.replace(" ", "").startswith(first))
            nums = [c for c in cells[at + 1 :] if c.text.strip()]
            columns = _fund_columns(fund_labels, cells[at + 1 :])
            funds.append({"label": first, "cells": nums, "labels": fund_labels, "row": r, "columns": columns})
            continue
        if first in ("得分", "总分", "合计") and len(nonempty) >= 3 and is_number(nonempty[1]):
            total = {"weight": _plain(cells, nonempty[1]), "score": _plain(cells, nonempty[2]), "row": r}
            continue
        # an indicator row: parsed from the right (reason, score, weight, actual, target)
        tail = cells[:]
        reason = ""
        if has_reason and tail and not is_number(tail[-1].text.strip()):
            reason = tail[-1].text.strip()
            tail = tail[:-1]
        while tail and not tail[-1].text.strip() and len(tail) > 4:
            tail = tail[:-1]
        if len(tail) < 4:
            continue
        score_c, weight_c, actual_c, target_c = tail[-1], tail[-2], tail[-3], tail[-4]
        if not (is_number(score_c.text) and is_number(weight_c.text)):
            continue
        unit, before = "", 4
        if _eval_text(target_c.text) in _MEASURE_UNITS and len(tail) >= 5 and is_number(tail[-5].text):
            # the 度量单位 column: the target stands before it, its 指标性质 (=, ≥, ≤) before that
            unit, target_c, before = _eval_text(target_c.text), tail[-5], 5
            nature = tail[-6].text.strip() if len(tail) >= 6 else ""
            before += 1 if nature in _NATURES else 0
            unit = "" if nature in ("≤", "<", "＜") else unit
        names = [c.text.strip() for c in tail[:-before] if c.text.strip()]
        indicators.append(
            {
                "name": names[-1] if names else "",
                "level1": names[0] if names else "",
                "execution": bool(names) and "预算执行率" in names[0],
                "target": target_c,
                "actual": actual_c,
                "weight": weight_c,
                "score": score_c,
                "reason": reason,
                "row": r,
                "unit": unit,
            }
        )
    std.extra = {
        "project": project,
        "funds": funds,
        "indicators": indicators,
        "total": total,
        "rate_times_weight": rate_times_weight,
    }
    std.readable = bool(indicators or funds)
    return std


def _plain(cells: list[Cell], text: str) -> Cell:
    return next((c for c in cells if c.text.strip() == text), cells[0])


def interpret(table: Table) -> StdTable | None:
    """The standard table ``table`` is, read into rows and values (None for charts and other tables)."""
    if table.is_chart:
        return None
    kind = table.kind
    unit = table.unit or "万元"
    try:
        if kind in CODE_KINDS:
            return _code_table(table, kind, unit)
        if kind in ("summary", "fiscal_summary"):
            return _two_sided(table, kind, unit)
        if kind == "gpb_basic":
            return _gpb_basic(table, unit)
        if kind == "sangong":
            return _sangong(table, unit)
        if kind == "perf_eval":
            return _perf_eval(table)
    except (IndexError, KeyError, ValueError) as exc:  # a malformed table: say so, do not fail
        return StdTable(table, kind, readable=False, problem=type(exc).__name__)
    return None


def interpret_all(doc: Document) -> list[StdTable]:
    out = []
    for table in doc.tables:
        std = interpret(table)
        if std is not None:
            out.append(std)
    return out


# --- table figures under the text's canonical keys ----------------------------------------------------


_INCOME_ZH = {
    "gpb": "一般公共预算财政拨款收入",
    "fund": "政府性基金预算财政拨款收入",
    "capital": "国有资本经营预算财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
_NATURE_ZH = {
    "basic": "基本支出",
    "project": "项目支出",
    "remit": "上缴上级支出",
    "operating": "经营支出",
    "subsidy": "对附属单位补助支出",
}
_SANGONG_ZH = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "car": "公务用车购置及运行维护费",
    "car_purchase": "公务用车购置费",
    "car_run": "公务用车运行维护费",
    "reception": "公务接待费",
}


@dataclass
class TableFact:
    value: Num
    table: StdTable
    label: str


def table_facts(tables: list[StdTable]) -> dict[str, TableFact]:
    """Canonical subject key → the table cell that states it (first table wins)."""
    out: dict[str, TableFact] = {}

    def put(key: str, num: Num | None, std: StdTable, label: str) -> None:
        if num is not None and key not in out:
            out[key] = TableFact(num, std, label)

    for std in tables:
        if not std.readable:
            continue
        t = std.title
        if std.kind == "summary":
            p = std.pairs
            get = lambda k, p=p: p[k].values.get("value") if k in p else None  # noqa: E731
            put("total.all", get("L:grand_total"), std, f"《{t}》收入总计")
            put("income.total", get("L:income_total"), std, f"《{t}》本年收入合计")
            put("expenditure.total", get("R:expenditure_total"), std, f"《{t}》本年支出合计")
            put("balance.opening", get("L:opening"), std, f"《{t}》年初结转和结余")
            put("balance.closing", get("R:closing"), std, f"《{t}》年末结转和结余")
            for src, zh in _INCOME_ZH.items():
                put(f"income.total>income.{src}", get(f"L:{src}"), std, f"《{t}》{zh}")
        elif std.kind == "income":
            row = std.total_row()
            if row:
                put("income.total", row.values.get("total"), std, f"《{t}》合计")
                put("income.total>income.fiscal", row.values.get("fiscal"), std, f"《{t}》财政拨款收入合计")
        elif std.kind == "expenditure":
            row = std.total_row()
            if row:
                put("expenditure.total", row.values.get("total"), std, f"《{t}》合计")
                for k, zh in _NATURE_ZH.items():
                    put(f"expenditure.total>expenditure.{k}", row.values.get(k), std, f"《{t}》合计{zh}")
        elif std.kind == "fiscal_summary":
            p = std.pairs
            if "L:grand_total" in p:
                put("total.fiscal", p["L:grand_total"].values.get("value"), std, f"《{t}》总计")
            if "R:expenditure_total" in p:
                put(
                    "gpb.expenditure",
                    p["R:expenditure_total"].values.get("gpb"),
                    std,
                    f"《{t}》一般公共预算财政拨款支出",
                )
        elif std.kind == "gpb":
            row = std.total_row()
            if row:
                put("gpb.expenditure", row.values.get("total"), std, f"《{t}》合计")
                put("gpb.basic", row.values.get("basic"), std, f"《{t}》基本支出合计")
                put("gpb.project", row.values.get("project"), std, f"《{t}》项目支出合计")
            for r in std.rows:
                if len(r.code) == 3:
                    put(f"gpb.class.code.{r.code}", r.values.get("total"), std, f"《{t}》{r.code} {r.name}")
                elif len(r.code) == 7:
                    put(f"gpb.item.code.{r.code}", r.values.get("total"), std, f"《{t}》{r.code} {r.name}")
        elif std.kind == "gpb_basic":
            for name, r in std.pairs.items():
                if name.startswith("人员经费"):
                    put("gpb.basic>gpb.personnel", r.values.get("value"), std, f"《{t}》人员经费合计")
                elif name.startswith("公用经费"):
                    put("gpb.basic>gpb.public", r.values.get("value"), std, f"《{t}》公用经费合计")
        elif std.kind == "sangong" and std.rows:
            vals = std.rows[0].values
            for key, num in vals.items():
                phase, item = key.split(".")
                zh = f"{_SANGONG_ZH.get(item, item)}{'预算数' if phase == 'budget' else '决算数'}"
                put(f"sangong.{item}@{phase}", num, std, f"《{t}》{zh}")
    return out
