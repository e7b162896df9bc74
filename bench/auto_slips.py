"""Plant slips automatically into every corpus text wherever its own arithmetic is clean, and count how
many the auditor finds.

Run by hand: ``.venv/bin/python bench/auto_slips.py [--only g24] [--kind sum] [-j 4] [-v]
[--transform wording_a]`` (``--transform`` plants into the texts reworded or laid out anew first, by one of
``tests/audit/test_layout_invariance.TRANSFORMS``).

Where :mod:`bench.planted_slips` plants a few slips chosen by hand, this script finds its own places,
in every text of ``tests/corpus/docs``, with a reading of its own that owes nothing to the auditor's:

- ``sum``: a line states an amount, then “其中”, then two or more amounts of the same unit that add up to it
  exactly (“收入761.06万元，其中：财政拨款520.46万元、事业收入235万元、其他收入5.6万元”); a part gets two
  of its digits swapped;
- ``count``: the same for counts (“编制12人,其中:行政编制8人,事业编制4人”);
- ``share``: an amount followed by “占…X%” where X is exactly that amount's share of another amount of the
  same line (to the decimals X is written with); two digits of X are swapped;
- ``rate``: “增加(减少)D万元，增长(下降)R%” in a line that also states the current amount C, with R exactly
  D ÷ (C ∓ D); two digits of R are swapped;
- ``blank``: such a share or rate left blank (“占 %”);
- ``changes``: a change, then “其中”, then the items' changes adding up to it (signed); an item's change gets
  two digits swapped;
- ``direction``: the change's word of such a rate turned round (“增加D万元，下降R%”);
- ``balance``: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余 stated in one line: the closing balance
  gets two digits swapped;
- ``same``: a total (收入总计, 本年支出, “三公”经费, …) stated on two lines or more, always the same: its last
  statement gets two digits swapped;
- ``unit``: that last statement in 元 for 万元;
- ``year``: the report's year (from the text's label) opening a sentence that states one of its own figures
  (“2016年一般公共预算财政拨款支出…万元”), set two years back;
- ``gap``: such a change left blank (“减少 万元”);
- ``zero``: such a change made the whole level with its rate 100% (the prior year 0, “增加30万元，增长100%”
  beside a level of 30万元);
- ``completion``: “完成(年初)预算的R%” in a sentence with a 预算 B and another amount D, D ÷ B = R exactly
  (one such pair only): two digits of R are swapped;
- ``definition``: a 名词解释 entry (“2、上级补助收入:指…”) given the definition of the entry below it;
- ``recount``: a count stated under the same name on two lines or more (退休人员, 公务用车保有量 …),
  always the same: its last statement one more;
- ``itemchange``: the “三公” total's change, then its three items' changes (on its line or the next six)
  adding up to it: the second item's change mistyped.

``--typo bump`` mistypes figures by one digit one more instead of two digits swapped (a transposition leaves a
difference divisible by 9, which a reader could use; a wrong digit does not).

A relation that holds by its own arithmetic in the published text is one any reader could check, so a slip
planted into it should be found: a slip is *found* when a new error or warning (rule, severity and message
not among the unchanged text's findings) stands on the planted line or quotes the planted figure with the
few characters before it. The script prints the rate per kind and, with ``--verbose``, every miss with its
line, so that each miss can be read. Texts whose unchanged audit already reports something on the planted
line are skipped for that place (a finding there could not be told from the slip's).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "corpus" / "docs"

_spec = importlib.util.spec_from_file_location("audit_corpus", ROOT / "bench" / "audit_corpus.py")
assert _spec and _spec.loader
ac = importlib.util.module_from_spec(_spec)
sys.modules["audit_corpus"] = ac
_spec.loader.exec_module(ac)

_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|元)")
_SHARE = re.compile(r"占[^，,。；;%％\d]{0,20}?(?:比重|比例)?(?:为|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_RATE = re.compile(r"(增加|增长|减少|下降|上升)了?\s*(\d+(?:\.\d+)?)\s*[%％]")
_CHANGE = re.compile(r"(增加|减少|增长|下降|上升)了?\s*(\d+(?:\.\d+)?)\s*万元")
_STOP = re.compile(r"[。；;]")
#: Per kind, at most this many places per text (the first ones), so that long texts do not dominate.
PER_TEXT = 3


@dataclass(frozen=True)
class Slip:
    doc: str
    kind: str
    line: int  # 1-based
    start: int  # offset in the line of the figure replaced
    end: int
    original: str
    planted: str
    why: str


def _value(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


#: how a figure is mistyped: ``swap`` (two adjacent digits swapped, the default), ``bump`` (one digit one
#: more, as a key next to the right one gives) or ``drop`` (one digit of the whole number left out); set by
#: ``--typo``
TYPO = ["swap"]


def swap_digits(raw: str) -> str | None:
    """``raw`` mistyped as :data:`TYPO` says: by default with the last pair of adjacent, different digits
    swapped (None when there is none); with ``bump``, its second-last digit one more (9 becomes 8)."""
    if TYPO[0] == "bump":
        return _bump(raw)
    if TYPO[0] == "drop":
        # a digit of the whole number left out (a decimal dropped would only round the figure)
        whole = raw.split(".")[0]
        digits = [k for k, c in enumerate(whole) if c.isdigit()]
        if len(digits) < 2:
            return None
        k = digits[-2]
        dropped = raw[:k] + raw[k + 1 :]
        return None if dropped.startswith(("0", ".", ",")) or ",," in dropped else dropped
    chars = list(raw)
    for i in range(len(chars) - 2, -1, -1):
        a, b = chars[i], chars[i + 1]
        if a.isdigit() and b.isdigit() and a != b and not (i == 0 and b == "0"):
            chars[i], chars[i + 1] = b, a
            return "".join(chars)
    return None


def _mistyped(doc: str, kind: str, number: int, start: int, end: int, raw: str, why: str) -> Slip | None:
    """A slip at ``raw`` (``start``–``end`` of line ``number``) mistyped as :data:`TYPO` says; None when no
    mistyping of it changes its value."""
    planted = swap_digits(raw)
    if planted and _value(planted) != _value(raw):
        return Slip(doc, kind, number, start, end, raw, planted, why)
    return None


def _bump(raw: str) -> str | None:
    digits = [k for k, c in enumerate(raw) if c.isdigit()]
    if len(digits) < 2:
        return None
    k = digits[-2]
    chars = list(raw)
    chars[k] = "8" if chars[k] == "9" else str(int(chars[k]) + 1)
    return "".join(chars)


def _places(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_COUNT = re.compile(r"(?<![\d.,])(\d+)\s*(人|名|辆|个|台|家|所)")


def _sums(
    doc: str, number: int, line: str, pattern: re.Pattern[str] = _AMOUNT, kind: str = "sum"
) -> Iterator[Slip]:
    """An amount (or, with ``_COUNT``, a count), “其中”, then amounts of the same unit adding up to it."""
    amounts = list(pattern.finditer(line))
    for m in re.finditer("其中", line):
        before = [a for a in amounts if a.end() <= m.start()]
        after = [a for a in amounts if a.start() >= m.end()]
        if not before or len(after) < 2:
            continue
        total = before[-1]
        if _STOP.search(line, total.end(), m.start()):
            continue
        whole = _value(total[1])
        parts: list[re.Match] = []
        for a in after:
            if a[2] != total[2] or _STOP.search(line, (parts[-1] if parts else m).end(), a.start()):
                break
            parts.append(a)
            values = [_value(p[1]) for p in parts]
            if len(parts) >= 2 and None not in values and whole is not None and sum(values) == whole:
                if whole in values or any(v == 0 for v in values):
                    break
                target = parts[1]
                why = f"{total[1]} = " + " + ".join(p[1] for p in parts)
                if slip := _mistyped(doc, kind, number, target.start(1), target.end(1), target[1], why):
                    yield slip
                break


_SIGN = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1}


def _change_sums(doc: str, number: int, line: str) -> Iterator[Slip]:
    """A change, then “其中”, then the items' changes, whose signed sum is the change exactly (“…比上年减少
    9.6万元,其中:因公出国(境)费减少2万元,公务接待费减少7.6万元”): an item's change gets two digits swapped."""
    changes = list(_CHANGE.finditer(line))
    for m in re.finditer("其中", line):
        before = [c for c in changes if c.end() <= m.start()]
        after = [c for c in changes if c.start() >= m.end()]
        if not before or len(after) < 2 or _STOP.search(line, before[-1].end(), m.start()):
            continue
        whole = _SIGN[before[-1][1]] * (_value(before[-1][2]) or 0)
        parts: list[re.Match] = []
        for c in after:
            if _STOP.search(line, (parts[-1] if parts else m).end(), c.start()) and len(parts) >= 2:
                break
            parts.append(c)
            total = sum(_SIGN[p[1]] * (_value(p[2]) or 0) for p in parts)
            if len(parts) >= 2 and whole and total == whole and all(_value(p[2]) for p in parts):
                target = parts[1]
                why = f"{before[-1][2]} = " + " + ".join(p[2] for p in parts)
                if slip := _mistyped(doc, "changes", number, target.start(2), target.end(2), target[2], why):
                    yield slip
                break


def _shares(doc: str, number: int, line: str) -> Iterator[Slip]:
    amounts = [(a, _value(a[1])) for a in _AMOUNT.finditer(line)]
    for m in _SHARE.finditer(line):
        before = [a for a in amounts if a[0].end() <= m.start()]
        if not before:
            continue
        part, value = before[-1]
        if _STOP.search(line, part.end(), m.start()) or not value:
            continue
        share = _value(m[1])
        places = _places(m[1])
        if share is None or share == 0 or share >= 100:
            continue
        bases = [
            b
            for b, v in amounts
            if b is not part
            and b[2] == part[2]
            and v
            and v > value
            and _rounded(value / v * 100, places) == share
        ]
        if len(bases) != 1:
            continue
        why = f"{part[1]} / {bases[0][1]} = {m[1]}%"
        if slip := _mistyped(doc, "share", number, m.start(1), m.end(1), m[1], why):
            yield slip
        yield Slip(doc, "blank", number, m.start(1), m.end(1), m[1], " ", "share left blank")


def _rates(doc: str, number: int, line: str) -> Iterator[Slip]:
    amounts = [(a, _value(a[1])) for a in _AMOUNT.finditer(line) if a[2] == "万元"]
    for change in _CHANGE.finditer(line):
        rate = _RATE.search(line, change.end(), change.end() + 12)
        if not rate or _STOP.search(line, change.end(), rate.start()):
            continue
        up = change[1] in ("增加", "增长", "上升")
        if up != (rate[1] in ("增加", "增长", "上升")):
            continue
        delta, pct = _value(change[2]), _value(rate[2])
        if not delta or not pct:
            continue
        places = _places(rate[2])
        lo = line.rfind("。", 0, change.start()) + 1
        bases = []
        for a, v in amounts:
            if v is None or a.start() < lo or a.start() >= change.start():
                continue
            prior = v - delta if up else v + delta
            if prior > 0 and _rounded(delta / prior * 100, places) == pct:
                bases.append(a)
        if not bases:
            continue
        flipped = {"增加": "减少", "减少": "增加", "增长": "减少", "下降": "增加", "上升": "减少"}[change[1]]
        yield Slip(
            doc, "direction", number, change.start(1), change.end(1), change[1], flipped, "the change's word"
        )
        yield Slip(doc, "gap", number, change.start(2), change.end(2), change[2], " ", "change left blank")
        if up and bases[-1][1] != change[2]:
            # the prior year made 0: the change becomes the level, the rate 100%
            level = bases[-1][1]
            between = line[change.end(2) : rate.start(2)]
            yield Slip(
                doc,
                "zero",
                number,
                change.start(2),
                rate.end(2),
                line[change.start(2) : rate.end(2)],
                f"{level}{between}100",
                f"{level} up by {level}: 100% on a zero prior year",
            )
        why = f"{change[2]} / ({bases[-1][1]} {'-' if up else '+'} {change[2]}) = {rate[2]}%"
        if slip := _mistyped(doc, "rate", number, rate.start(2), rate.end(2), rate[2], why):
            yield slip


#: a figure under a name every report states more than once (its totals, its “三公” items)
_RESTATED = re.compile(
    r"(收入总计|支出总计|收入合计|支出合计|总收入|总支出|本年收入|本年支出|年末结转和结余|年初结转和结余"
    r"|“三公”经费(?:支出)?|机关运行经费(?:支出)?|公务接待费(?:支出)?|公务用车购置及运行维护费(?:支出)?)"
    r"(?:决算数?)?(?:为|是|共计|合计)?\s*"
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元)"
)
#: the report's year labelling its own figures at a sentence's start: “2016年一般公共预算财政拨款支出…万元”
_OWN_YEAR = (
    r"(?:(?<=^)|(?<=[。；;]))\s*(?:[（(]?[一二三四五六七八九十\d]{{1,2}}[)）、.．]\s*)?"
    r"({year})(年度?)(?=[^\d，,。；;比较与]{{2,24}}?(?:为|是)?\d[\d,.]*\s*万元)"
)


_BALANCE_NAMES = (
    r"(?:年初|上年)结转(?:和|及)?结余",
    r"本年收入(?:合计)?",
    r"本年支出(?:合计)?",
    r"年末结转(?:和|及)?结余",
)
_BALANCE_FIGURE = r"[^，,。；;\d]{0,8}?(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*万元"
_BALANCE = [re.compile(name + _BALANCE_FIGURE) for name in _BALANCE_NAMES]


def _balances(doc: str, number: int, line: str) -> Iterator[Slip]:
    """年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, all four stated in one line: the closing balance
    with two digits swapped."""
    found = [p.search(line) for p in _BALANCE]
    if not all(found):
        return
    a, b, c, d = (_value(m[1]) for m in found)  # type: ignore[index]
    if None in (a, b, c, d) or a + b - c != d or not d:
        return
    m = found[3]
    if slip := _mistyped(doc, "balance", number, m.start(1), m.end(1), m[1], f"{a} + {b} - {c} = {d}"):
        yield slip


def _stated_alike(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[str, int, re.Match]]:
    """Each name ``pattern`` reads (group 1) stated on two lines or more with the same non-zero figure (group
    2): the name, the line and the match of its last statement."""
    seen: dict[str, list[tuple[int, re.Match]]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        for m in pattern.finditer(line):
            seen[m[1]].append((number, m))
    for name, places in seen.items():
        values = {_value(m[2]) for _, m in places}
        if len(values) == 1 and len({n for n, _ in places}) >= 2 and next(iter(values)):
            yield name, *places[-1]


def _restated(doc: str, text: str) -> Iterator[Slip]:
    """A figure stated under the same name on two lines or more, always the same: its last statement with
    two digits swapped (``same``), or in 元 for 万元 (``unit``)."""
    for name, number, m in _stated_alike(text, _RESTATED):
        if slip := _mistyped(doc, "same", number, m.start(2), m.end(2), m[2], f"{name} stated again"):
            yield slip
        yield Slip(doc, "unit", number, m.start(3), m.end(3), m[3], "元", f"{name} {m[2]} in 元")


def _own_year(doc: str, text: str, year: int | None) -> Iterator[Slip]:
    """The report's year at the start of a sentence stating its own figure, set two years back."""
    if year is None:
        return
    pattern = re.compile(_OWN_YEAR.format(year=year))
    for number, line in enumerate(text.splitlines(), start=1):
        if number <= 3:
            continue  # the title's lines
        for m in pattern.finditer(line):
            yield Slip(doc, "year", number, m.start(1), m.end(1), m[1], str(year - 2), "the report's year")


#: a completion rate: “完成(年初)预算的R%”, “为预算的R%”, “预算执行率为R%”
_COMPLETION = re.compile(
    r"(?:完成了?(?:年初|全年|调整后?)?预算(?:数)?的?|为(?:年初|调整)?预算(?:数)?的|预算执行率(?:为|达)?)"
    r"\s*(\d+(?:\.\d+)?)\s*[%％]"
)


def _completions(doc: str, number: int, line: str) -> Iterator[Slip]:
    """A completion rate R in a sentence stating a 预算 B and another amount D with D ÷ B = R exactly (to R's
    decimals), B the only 预算 of the sentence that fits: R gets two digits swapped."""
    for m in _COMPLETION.finditer(line):
        lo = max(line.rfind(stop, 0, m.start()) for stop in "。；;") + 1
        rate = _value(m[1])
        if not rate or rate == 100:
            continue
        amounts = [(a, _value(a[1])) for a in _AMOUNT.finditer(line, lo, m.start())]
        budgets = [(a, v) for a, v in amounts if v and "预算" in line[max(lo, a.start() - 8) : a.start()]]
        places = _places(m[1])
        fits = [
            (d, b)
            for b, bv in budgets
            for d, dv in amounts
            if d is not b and dv and d[2] == b[2] and _rounded(dv / bv * 100, places) == rate
        ]
        if len(fits) != 1:
            continue
        d, b = fits[0]
        why = f"{d[1]} / {b[1]} = {m[1]}%"
        if slip := _mistyped(doc, "completion", number, m.start(1), m.end(1), m[1], why):
            yield slip


#: a 名词解释 entry on its own line: “3、事业收入：指…。”
_GLOSSARY_ENTRY = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?([\u4e00-\u9fff“”()（）]{2,20}?)\s*[:：]\s*"
    r"((?:是指|指|是|系)[^\n]{8,})$"
)


def _definitions(doc: str, text: str) -> Iterator[Slip]:
    """Two neighbouring entries of a 名词解释 part (one entry a line, “名称：指…”), the second's definition
    given to the first, as a copy from the line below would."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "名词解释" in line and len(line) < 30), None)
    if start is None:
        return
    entries = []
    for i in range(start + 1, len(lines)):
        m = _GLOSSARY_ENTRY.match(lines[i])
        if m:
            entries.append((i, m))
        elif entries and lines[i].strip() and (len(entries) >= 2 or i - start > 3):
            break
    for (i, a), (_, b) in pairwise(entries):
        if a[1] in b[2] or b[1] in a[2] or a[2] == b[2]:
            continue
        yield Slip(
            doc, "definition", i + 1, a.start(2), a.end(2), a[2], b[2], f"{a[1]} given {b[1]}'s definition"
        )


#: a count stated under a name a report may state in two parts (its vehicles, its staff)
_COUNTED = re.compile(
    r"(公务用车保有量|车辆保有量|实有车辆|实有人数|编制人数|在职人员|退休人员|离休人员|行政编制|事业编制)"
    r"(?:为|是|共|共计|合计)?\s*(?<![\d.,])(\d+)\s*(辆|人|名)"
)


def _recounted(doc: str, text: str) -> Iterator[Slip]:
    """A count stated under the same name on two lines or more, always the same: its last statement changed
    by one."""
    for name, number, m in _stated_alike(text, _COUNTED):
        yield Slip(
            doc, "recount", number, m.start(2), m.end(2), m[2], str(int(m[2]) + 1), f"{name} stated again"
        )


def _year_of(doc: str) -> int | None:
    label = DOCS / f"{doc}.yaml"
    if not label.is_file():
        return None
    found = re.search(r"^year:\s*(\d{4})", label.read_text(encoding="utf-8"), re.M)
    return int(found[1]) if found else None


#: the “三公” total and its three items, each stated with its change on a line of its own or in one
_SANGONG_TOTAL = re.compile(r"[“\"]?三公[”\"]?经费")
_SANGONG_ITEMS = (
    re.compile(r"因公出国[（(]境[)）]"),
    re.compile(r"公务用车购置及运行(?:维护)?费|公务用车费"),
    re.compile(r"公务接待费"),
)


def _sangong_changes(doc: str, text: str) -> Iterator[Slip]:
    """The “三公” total's change stated, then (on its line or the next six) each of its three items with its
    own change, the items' signed changes adding up to the total's exactly: the second item's change gets two
    digits swapped (``itemchange``)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        total = _SANGONG_TOTAL.search(line)
        if not total:
            continue
        head = _CHANGE.search(line, total.end())
        if not head or _STOP.search(line, total.end(), head.start()):
            continue
        whole = _SIGN[head[1]] * (_value(head[2]) or 0)
        found: list[tuple[int, re.Match]] = []
        for item in _SANGONG_ITEMS:
            spot = None
            for k in range(n, min(n + 7, len(lines))):
                start = head.end() if k == n else 0
                m = item.search(lines[k], start)
                if m:
                    change = _CHANGE.search(lines[k], m.end())
                    if change and not _STOP.search(lines[k], m.end(), change.start()):
                        spot = (k, change)
                    break
            if spot is None:
                break
            found.append(spot)
        if len(found) != 3 or not whole:
            continue
        if sum(_SIGN[c[1]] * (_value(c[2]) or 0) for _, c in found) != whole:
            continue
        k, target = found[1]
        why = f"{head[2]} = " + " + ".join(c[2] for _, c in found)
        if _value(target[2]) and (
            slip := _mistyped(doc, "itemchange", k + 1, target.start(2), target.end(2), target[2], why)
        ):
            yield slip


_CELL_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|合\s*计|总\s*计)$")


def _table_rows(text: str) -> Iterator[list[tuple[int, list[tuple[int, int, str]]]]]:
    """Each run of lines set out as a table (three cells or more split by “|”): its rows as (line index,
    [(start, end, cell text)])."""
    table: list[tuple[int, list[tuple[int, int, str]]]] = []
    for n, line in enumerate(text.splitlines()):
        if line.count("|") >= 3:
            cells, start = [], 0
            for part in line.split("|"):
                stripped = part.strip()
                lead = len(part) - len(part.lstrip())
                cells.append((start + lead, start + lead + len(stripped), stripped))
                start += len(part) + 1
            table.append((n, cells))
        elif table:
            yield table
            table = []
    if table:
        yield table


def _table_sums(doc: str, text: str) -> Iterator[Slip]:
    """A table's 合计 (总计) row whose figure in a column is the sum of a run of two or more rows next to each
    other (none a “其中” row, two at least not zero): a row's figure in that column mistyped (``table``)."""
    for table in _table_rows(text):
        for t, (_, cells) in enumerate(table):
            if not cells or not _TOTAL_ROW.match(cells[0][2]):
                continue
            others = [(m, c) for k, (m, c) in enumerate(table) if k != t]
            for j in range(1, len(cells)):
                total = _value(cells[j][2]) if _CELL_NUMBER.match(cells[j][2]) else None
                if not total:
                    continue
                done = False
                for a in range(len(others)):
                    run: list[tuple[int, tuple[int, int, str]]] = []
                    for m, c in others[a:]:
                        if (
                            len(c) <= j
                            or not _CELL_NUMBER.match(c[j][2])
                            or c[0][2].startswith("其中")
                            or _TOTAL_ROW.match(c[0][2])
                        ):
                            break
                        run.append((m, c[j]))
                        values = [_value(x[2]) for _, x in run]
                        if len(run) >= 2 and sum(v for v in values if v) == total:
                            if sum(1 for v in values if v) >= 2:
                                line, (start, end, raw) = next(r for r in run if _value(r[1][2]))
                                why = f"column {j} = {total}"
                                if slip := _mistyped(doc, "table", line + 1, start, end, raw, why):
                                    yield slip
                                    done = True
                            break
                    if done:
                        break


def slips_of(doc: str, text: str) -> list[Slip]:
    found: dict[str, list[Slip]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), start=1):
        for finder in (_sums, _change_sums, _shares, _rates, _balances, _completions):
            for slip in finder(doc, number, line):
                found[slip.kind].append(slip)
        for slip in _sums(doc, number, line, _COUNT, "count"):
            found[slip.kind].append(slip)
    for slip in (
        *_restated(doc, text),
        *_own_year(doc, text, _year_of(doc)),
        *_definitions(doc, text),
        *_recounted(doc, text),
        *_sangong_changes(doc, text),
        *_table_sums(doc, text),
    ):
        found[slip.kind].append(slip)
    return [s for kind in found.values() for s in kind[:PER_TEXT]]


def context(text: str, slip: Slip, width: int = 40) -> str:
    """The planted line around the slip, the planted figure in brackets."""
    line = text.splitlines()[slip.line - 1]
    before, after = line[max(0, slip.start - width) : slip.start], line[slip.end : slip.end + 15]
    return f"…{before}[{slip.planted}]{after}…"


def _plant(text: str, slip: Slip) -> str:
    lines = text.splitlines(keepends=True)
    line = lines[slip.line - 1]
    lines[slip.line - 1] = line[: slip.start] + slip.planted + line[slip.end :]
    return "".join(lines)


def run_doc(path: Path, transform: str = "") -> list[tuple[Slip, str, list[str]]]:
    """Every slip planted into the text at ``path`` (first reworded or laid out anew by ``transform``, one
    of ``tests/audit/test_layout_invariance.TRANSFORMS``): (slip, found/missed/skipped, new findings)."""
    from juesuan.audit.run import audit_path

    text = path.read_text(encoding="utf-8")
    if transform:
        sys.path.insert(0, str(ROOT))
        from tests.audit.test_layout_invariance import TRANSFORMS

        text = TRANSFORMS[transform](text)
    slips = slips_of(path.stem, text)
    if not slips:
        return []
    out = []
    with tempfile.TemporaryDirectory(prefix="autoslip-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_text(text, encoding="utf-8")
        base = ac.scored_findings(audit_path(copy))
        base_keys = Counter(map(ac.finding_key, base))
        busy = {line for f in base for line in ac.finding_lines(f)}
        for slip in slips:
            if slip.line in busy:
                out.append((slip, "skipped", []))
                continue
            copy.write_text(_plant(text, slip), encoding="utf-8")
            new = ac.new_findings(audit_path(copy), base_keys)
            line = text.splitlines()[slip.line - 1]
            needle = ac.normalise(line[max(0, slip.start - 6) : slip.start] + slip.planted)
            hits = [f for f in new if slip.line in ac.finding_lines(f) or needle in ac.finding_text(f)]
            described = [context(text, slip)]
            described += [f"{f.rule_id} {f.severity}: {f.message}" for f in hits or new]
            out.append((slip, "found" if hits else "missed", described))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="doc id prefix, e.g. g24")
    parser.add_argument(
        "--kind",
        help="one kind: sum, count, changes, share, rate, blank, direction, balance, same, unit, year,"
        " completion, definition, recount, gap, zero or itemchange",
    )
    parser.add_argument("-j", "--jobs", type=int, default=4)
    parser.add_argument(
        "--transform", default="", help="reword or re-lay every text first (a name of test_layout_invariance)"
    )
    parser.add_argument(
        "--typo", choices=("swap", "bump", "drop"), default="swap", help="how figures are mistyped (see TYPO)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    TYPO[0] = args.typo

    paths = sorted(p for p in DOCS.glob("*.txt") if not args.only or p.stem.startswith(args.only))
    tally: dict[str, Counter] = defaultdict(Counter)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for results in pool.map(partial(run_doc, transform=args.transform), paths, chunksize=4):
            for slip, verdict, described in results:
                if args.kind and slip.kind != args.kind:
                    continue
                tally[slip.kind][verdict] += 1
                if args.verbose and verdict == "missed":
                    print(
                        f"MISSED {slip.kind} {slip.doc}:{slip.line} “{slip.original}” → “{slip.planted}”"
                        f" ({slip.why})"
                    )
                    for d in described:
                        print(f"      ? {d}")
    total = Counter()
    for kind in sorted(tally):
        c = tally[kind]
        total.update(c)
        tried = c["found"] + c["missed"]
        print(
            f"{kind:6} found {c['found']}/{tried} ({c['found'] / tried:.1%}), skipped {c['skipped']}"
            if tried
            else f"{kind:6} none"
        )
    tried = total["found"] + total["missed"]
    if tried:
        print(f"all    found {total['found']}/{tried} ({total['found'] / tried:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
