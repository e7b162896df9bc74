"""The units a report says its 决算 consolidates (部门决算单位构成 / 机构设置); unit names compared.

A 部门决算 usually names the units in its scope: “纳入本部门2024年度部门决算编制范围的二级预算单位包括：
1.…2.…”, a table “序号 单位名称 备注” (the Shanghai template), a flattened table “单位名称经费性质人员编制数…
A财政核拨32 34 B…”, a list “直属下属单位有:A、B和C”; or says it has none (“下属二级预算单位0个”, “…包括：
无”, “无二级预算单位”). :func:`read_units` reads that statement once; the corpus's check of a department
against its units' reports (K002) compares only the units listed, and the count the text states (“共N个”,
“N个直属事业单位”) is checked against the list (A021).

Names are compared by :func:`same_unit`: after :func:`canonical` (NFKC, so full- and half-width forms are one;
no spaces or quotes; a trailing bracketed remark such as “（下属事业单位）” dropped), two names are the same
unit when equal, or when the longer ends with the shorter and what is left in front is a place name of the
department's own place (“金口河区种苗站” for “乐山市金口河区种苗站” in 乐山市金口河区's report), also when the
shorter opens with the place's last character for the whole place (“区种苗站”). Nothing else is equated
(“…中心” and “…站” are different units), so a list name that matches no report is simply not compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from juesuan.audit.document import Document, Paragraph, Table, cn_number, unit_name
from juesuan.audit.normalise import normalise

__all__ = ["UnitList", "canonical", "place_of", "read_units", "same_unit"]


@dataclass(frozen=True)
class UnitList:
    """What a report says of the units in its scope.

    ``units`` are the units other than the report's own (本级, 机关): ``None`` when the report names none
    and does not say it has none (no evidence), ``()`` when it says it has none. ``entries`` is the list
    as printed (its own entry included); ``complete`` is False when some entry did not read as a unit's
    name (then the list is still evidence of the units it names, but is not counted). ``count`` is the
    number the text states: of the units under the department (``count_of = "sub"``, “二级预算单位3个”) or
    of every unit in the scope, its own included (``"all"``, “纳入…范围的单位共1个”).
    """

    units: tuple[str, ...] | None = None
    entries: tuple[str, ...] = ()
    complete: bool = True
    count: int | None = None
    count_of: str = ""
    paragraph: Paragraph | None = None  # where the list (or the statement of none) is
    count_paragraph: Paragraph | None = None  # where the count is
    count_text: str = ""  # the count as printed (“二级预算单位3个”)

    @property
    def stated_units(self) -> int | None:
        """The number of units besides the report's own that the text states (a count of the whole scope,
        its own unit included, less one), None when it states no count."""
        if self.count is None:
            return None
        return self.count if self.count_of == "sub" else max(self.count - 1, 0)


# --- names ---------------------------------------------------------------------------------------------

_REMARK = re.compile(r"[(][^()]{1,30}[)]$")
_PLACE_PART = r"[\u4e00-\u9fff]{1,9}?(?:自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗|乡|镇|街道)"
_PLACE = re.compile(rf"^(?:中共|中国共产党)?((?:{_PLACE_PART})*)")
_PLACE_ONLY = re.compile(rf"^(?:{_PLACE_PART})+$")
_ABBREVIATED = "省市州区县旗乡镇"
_OWN = re.compile(r"(?:[(](?:本级|机关|本部)[)]|本级|机关|机关本级)$")


def canonical(name: str) -> str:
    """``name`` as compared: NFKC (full-width letters, digits and brackets as ASCII), no white space or
    quotes, without a trailing bracketed remark (“（下属事业单位）”, “（本级）”)."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"[\s\"'“”‘’《》<>]", "", text)
    while True:
        cut = _REMARK.sub("", text)
        if cut == text or len(cut) < 2:
            return text
        text = cut


def place_of(name: str) -> str:
    """The place a department's name opens with (“乐山市金口河区” of “乐山市金口河区信访局”), else ""."""
    m = _PLACE.match(canonical(name))
    return m.group(1) if m else ""


def _place_fits(prefix: str, place: str) -> bool:
    """A name's prefix that is a place name inside the department's place (“乐山市”, “金口河区”)."""
    return (
        bool(prefix)
        and bool(place)
        and _PLACE_ONLY.match(prefix) is not None
        and (prefix in place or place in prefix)
    )


def same_unit(a: str, b: str, place: str = "") -> bool:
    """Whether names ``a`` and ``b`` name one unit (see the module docstring); ``place`` is the place of
    the department whose report lists one of them (:func:`place_of`)."""
    x, y = canonical(a), canonical(b)
    if x == y:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) < 3:
        return False
    if long.endswith(short) and _place_fits(long[: -len(short)], place):
        return True
    # “区种苗站” for “乐山市金口河区种苗站”: the place written as its last character
    rest = short[1:]
    if short[0] in _ABBREVIATED and len(rest) >= 3 and long.endswith(rest):
        front = long[: -len(rest)]
        return front.endswith(short[0]) and _place_fits(front, place)
    return False


# --- the statement in the report -----------------------------------------------------------------------

_NUM = r"(\d+|[零一二三四五六七八九十]+)"
# the list's opening words: what follows them (in the sentence, or in the blocks after it) is the list
_INTRO = re.compile(
    r"(?:(?:纳入|列入)[^。；;]{0,60}?(?:决算|预算)(?:编制|汇编)(?:范围)?内?的?[^。；;，,：:]{0,16}?单位"
    r"|(?:下属|所属|直属|下辖)[^。；;，,：:]{0,10}?单位)"
    r"(?:(?:共计?|合计)?" + _NUM + r"[个家]?[,，]?)?"
    r"(?:主要)?(?:包括|有|为|如下|即|是|分别是|分别为|单位名称|详细情况见下表)[:：]?"
)
_NONE = re.compile(
    r"无(?:独立核算的)?(?:二级|下级|下属|所属)(?:预算)?(?:单位|机构)"
    r"|(?:二级|下级|下属|所属)(?:预算)?单位(?:共计?|为|有)?(?:0|零)个"
    r"|单位(?:包括|为|有)[:：]?无(?=[。；;，,]|$)"
)
_SUB_COUNT = (
    re.compile(
        r"(?:二级预算|下级预算|下属|所属|直属)[^。；;，,：:\d]{0,6}?单位"
        r"(?:共计?|合计|有|为)?" + _NUM + "[个家]"
    ),
    re.compile(_NUM + r"[个家](?:下属|所属|直属|二级预算)[^。；;，,：:\d]{0,6}?单位"),
)
_ALL_COUNT = (
    re.compile(
        r"(?:纳入|列入)[^。；;]{0,60}?范围(?:内)?的?(?:独立核算的?)?(?:预算)?单位"
        r"(?:共计?|合计|为)?" + _NUM + "个?"
    ),
    re.compile(r"(?:决算|预算)(?:编制|汇编)范围包括(?:预算)?单位" + _NUM + "个"),
)
# a flattened table: its header, then rows of name, kind of funding and counts
_TABLE_HEAD = re.compile(
    r"^(?:序号)?单位名称(?:经费性质|单位性质|经费形式|人员编制数|编制数|在职人数|实有人数|备注)*"
)
_FUNDING = re.compile(
    r"(?:行政部门|行政单位|事业单位|参公单位|参公事业单位|财政拨款|财政核拨|全额拨款|差额拨款|自收自支|财政补助"
    r"|经费自理|全额|差额)+$"
)
_NUMBERING = re.compile(
    r"^(?:\d{1,2}[.、．)]|[(]\d{1,2}[)]|[一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)])"
)
_COUNT_TAIL = re.compile(r"(?:等|共|合计)?" + _NUM + r"[个家][^、，,；;]{0,12}$")


def _text(par: Paragraph) -> str:
    return unicodedata.normalize("NFKC", normalise(par.text)[0])


_MOST_UNITS = 9999  # a count beyond it is no count of units (a garbled figure; the store's column is int32)


def _number(raw: str) -> int | None:
    n = int(raw) if raw.isdigit() else cn_number(raw)
    return n if n is not None and n <= _MOST_UNITS else None


def _entry(raw: str) -> str:
    text = _NUMBERING.sub("", raw.strip(" 。.;；:："))
    return text.strip(" 。.;；:：")


def _is_name(text: str) -> bool:
    bare = canonical(text)
    return bool(unit_name(bare) or unit_name(_OWN.sub("", bare)))


def _inline(rest: str) -> tuple[list[str], int | None]:
    """The names of an inline list (“A、B和C3个直属事业单位”), and the count that closes it."""
    count = None
    tail = _COUNT_TAIL.search(rest)
    if tail:
        count = _number(tail.group(1))
        rest = rest[: tail.start()]
    rest = re.sub(r"等$", "", rest)
    items = [_entry(x) for x in re.split(r"[、，,；;]|(?<=[\u4e00-\u9fff)])(?=\d{1,2}[.、．])", rest)]
    items = [x for x in items if x]
    last = re.split(r"和|及", items[-1]) if items else []
    if len(last) == 2 and all(_is_name(x) for x in last):  # “…、A和B”: two names, not one
        items[-1:] = last
    return items, count


def _flattened(rest: str) -> list[str]:
    """The names of a table flattened into the sentence (“单位名称经费性质… A财政核拨32 34 B…”)."""
    body = _TABLE_HEAD.sub("", rest)
    return [_FUNDING.sub("", x) for x in re.split(r"[\s\d]+", body) if _FUNDING.sub("", x)]


def _table_names(table: Table) -> list[str] | None:
    rows = table.texts()
    for r, row in enumerate(rows[:3]):
        col = next((c for c, cell in enumerate(row) if canonical(cell) == "单位名称"), None)
        if col is not None:
            return [_entry(x[col]) for x in rows[r + 1 :] if col < len(x) and _entry(x[col])]
    return None


def _following(doc: Document, par: Paragraph) -> list[str]:
    """The list in the blocks after ``par``: a table with a 单位名称 column, or one name a paragraph."""
    blocks = doc.blocks
    at = next((i for i, b in enumerate(blocks) if b is par), None)
    if at is None:
        return []
    names: list[str] = []
    for block in blocks[at + 1 : at + 60]:
        if isinstance(block, Table):
            if names:
                break
            return _table_names(block) or []
        name = _entry(_text(block))
        if block.in_toc or not _is_name(name):  # a heading (“三、人员情况”) or the text goes on
            break
        names.append(name)
    return names


def _own(entry: str, department: str, place: str) -> bool:
    bare = canonical(entry)
    if _OWN.search(bare) and (not department or same_unit(_OWN.sub("", bare), department, place)):
        return True
    return bool(department) and same_unit(_OWN.sub("", bare) or bare, department, place)


def _count(text: str) -> tuple[int, str, str] | None:
    for kind, patterns in (("sub", _SUB_COUNT), ("all", _ALL_COUNT)):
        for rx in patterns:
            m = rx.search(text)
            if m:
                n = _number(m.group(1))
                if n is not None:
                    return n, kind, m.group(0)
    return None


def read_units(doc: Document, limit: int = 400) -> UnitList:
    """The units ``doc`` says its 决算 consolidates (see :class:`UnitList`); the first list found among
    its first ``limit`` paragraphs outside the 目录 is the one read."""
    department, place = doc.department, place_of(doc.department)
    entries: list[str] | None = None
    complete = True
    none_par: Paragraph | None = None
    list_par: Paragraph | None = None
    counted: tuple[int, str, str, Paragraph] | None = None
    for par in doc.paragraphs[:limit]:
        if par.in_toc or par.is_chart or "单位" not in par.text:
            continue
        text = _text(par)
        if counted is None and par.part in ("", "overview"):
            found = _count(text)
            if found:
                counted = (*found, par)
        if none_par is None and _NONE.search(text):
            none_par = par
        if entries is not None:
            continue
        for m in _INTRO.finditer(text):
            rest = text[m.end() :].split("。")[0]
            if m.group(0).rstrip(":").endswith("详细情况见下表") or _TABLE_HEAD.match(rest):
                items = _flattened(rest) if rest else _following(doc, par)
            elif rest.strip():
                items, closing = _inline(rest)
                if closing is not None and counted is None:
                    counted = (closing, "sub", rest, par)
            else:
                items = _following(doc, par)
            if items == ["无"]:
                none_par = none_par or par
                break
            named = [x for x in items if _is_name(x)]
            if named:
                entries, complete, list_par = named, len(named) == len(items), par
                break
    count, count_of, count_text, count_par = counted if counted else (None, "", "", None)
    if entries is None:
        units = (
            ()
            if none_par is not None
            or (count_of == "all" and count == 1)
            or (count_of == "sub" and count == 0)
            else None
        )
        return UnitList(units, (), True, count, count_of, none_par, count_par, count_text)
    if count_of == "all" and count == 1 and len(entries) == 1:  # the one unit in scope is its own
        return UnitList((), tuple(entries), complete, count, count_of, list_par, count_par, count_text)
    others = tuple(x for x in entries if not _own(x, department, place))
    return UnitList(others, tuple(entries), complete, count, count_of, list_par, count_par, count_text)
