"""Totals of any table against their parts (part of A030): a row labelled 合计/总计/小计/总额 against the
rows it heads or closes, column by column, for the tables that are not one of the standard 决算 tables
(those have their own identities in :mod:`juesuan.audit.rules.tables`).

The parts are the rows of the same width between the total and the table's header (the total printed
last) or below it up to the next total, a row with no figure, or a row of another width (the total
printed first). A row opening with 其中 starts the parts of the row above it, not of the total; where
that list ends is not printed, so every end is tried and the table is consistent when one reading makes
all its columns add up. Columns that do not add are left out: rates and shares (“%”, 率, 幅度, 占), and
row numbers (行次, 栏次, or a column counting 1, 2, 3 …); so is a column that is the difference of two
others in the parts (a change column, whose total the year-on-year rule A014 checks row by row).

Precision is the one the column declares: a figure printed with fewer decimals than the column's other
figures (“0”, “977.3” beside “167.37”) is read to the column's decimals, since a table prints one
precision per column and drops trailing zeros only. A difference within Σ ½·10⁻ᵖ is a 尾差 (info).
Severity: an error when the reading is unambiguous (no 其中 rows, every operand printed with the same
decimals), else a warning.

A 合计/小计 column is checked against its part columns the same way, row by row (:func:`column_sums`);
under a header of two rows a group's 小计 is a part of the 合计, its other columns the 小计's parts.

The parts a 其中 list gives are not all the parts as a rule (“其中：医疗收入” beside 财政拨款收入 and 其他收入
that are not its parts); a 其中 list of two or more rows is checked against its parent only when one of
the columns shows it complete (it adds up exactly there with at least two parts not zero): then a column
where it does not add up is a warning.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from juesuan.audit.document import Cell, Table
from juesuan.audit.flat_cells import leaf_labels
from juesuan.audit.normalise import simplified
from juesuan.audit.rules.base import Context, Hit, cell_quote
from juesuan.findings import Severity
from juesuan.money import ZERO, format_fixed
from juesuan.rules.tolerance import half_unit

_TOTAL = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]?)?(?:合计|总计|小计|总额)$")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_SUB = re.compile(r"^其中")
_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
_BLANK = {"", "-", "—", "－", "--", "/"}
_NOT_ADDITIVE = re.compile(r"率|幅度|占|比重|%|％|行次|栏次|行号|序号|编码|代码|单价|均")
_MAX_READINGS = 64


@dataclass(frozen=True, slots=True)
class _Fig:
    value: Decimal
    decimals: int
    cell: Cell
    blank: bool = False


def _label(text: str) -> str:
    return _PINYIN.sub("", "".join(simplified(text).split()))


def _fig(cell: Cell) -> _Fig | None:
    text = cell.text.strip().replace(" ", "").replace("，", ",")
    if text in _BLANK:
        return _Fig(ZERO, 0, cell, blank=True)
    if not _NUMBER.match(text):
        return None
    digits = text.replace(",", "")
    return _Fig(Decimal(digits), len(digits.split(".")[1]) if "." in digits else 0, cell)


def _has_figure(row: list[Cell]) -> bool:
    return any((f := _fig(c)) is not None and not f.blank for c in row[1:])


def _header_labels(rows: list[list[Cell]], width: int, before: int) -> list[str]:
    """The label of each column, from the last row above ``before`` of the same width with no figure."""
    for row in reversed(rows[:before]):
        if len(row) == width and not _has_figure(row):
            return [_label(c.text) for c in row]
    return [""] * width


def _columns(rows: list[list[Cell]], total: int, block: Sequence[int]) -> list[int]:
    """The columns of the total's row that add: a figure in the total, one or blank in every part, not a
    rate, share or row number."""
    width = len(rows[total])
    labels = _header_labels(rows, width, min(total, *block))
    out = []
    for j in range(1, width):
        if _NOT_ADDITIVE.search(labels[j]) or "%" in rows[total][j].text:
            continue
        figs = [_fig(rows[i][j]) for i in (total, *block)]
        if any(f is None for f in figs) or figs[0] is None or figs[0].blank:
            continue
        values = [f.value for f in figs[1:] if f is not None]
        if len(values) >= 2 and values == [values[0] + k for k in range(len(values))]:
            continue  # 1, 2, 3 …: row numbers
        out.append(j)
    return [j for j in out if not _derived(rows, block, j, out)]


def _derived(rows: list[list[Cell]], block: Sequence[int], j: int, cols: list[int]) -> bool:
    """Whether column ``j`` is the difference of two other columns in the parts (a change column: the
    rule of each row's change checks it, and the totals of the two columns check its total); one part
    may disagree (its slip is that rule's to find). The change follows the figures it is taken from and
    is not all zero (a column of zeros is the difference of any two equal ones)."""
    if all((f := _fig(rows[i][j])) is None or f.value == 0 for i in block):
        return False
    for a, b in itertools.permutations([c for c in cols if c < j], 2):
        holds = misses = 0
        for i in block:
            fa, fb, fj = _fig(rows[i][a]), _fig(rows[i][b]), _fig(rows[i][j])
            if fa is None or fb is None or fj is None:
                misses += 2
                break
            slack = half_unit(fa.decimals) + half_unit(fb.decimals) + half_unit(fj.decimals)
            if abs(fa.value - fb.value - fj.value) > slack:
                misses += 1
            else:
                holds += 1
        if misses <= 1 and holds >= 2:
            return True
    return False


def _blocks(rows: list[list[Cell]], total: int) -> list[list[int]]:
    """The rows the total at ``total`` may add up: those below it (a total opening its list) and those
    above it (one closing it), each when two rows or more."""
    width = len(rows[total])

    def part(i: int) -> bool:
        row = rows[i]
        label = _label(row[0].text)
        return len(row) == width and bool(label) and not _TOTAL.match(label) and _has_figure(row)

    below = list(itertools.takewhile(part, range(total + 1, len(rows))))
    above = list(itertools.takewhile(part, range(total - 1, -1, -1)))[::-1]
    return [b for b in (below, above) if len(b) >= 2]


_Reading = tuple[list[int], list[tuple[int, list[int]]]]


def _readings(rows: list[list[Cell]], block: list[int]) -> list[_Reading]:
    """Every reading of ``block`` as top-level parts and 其中 lists (parent, its parts): a 其中 row starts
    the list of the row above it, which ends at any later row before the next 其中 row's parent."""
    starts = [k for k, i in enumerate(block) if _SUB.match(_label(rows[i][0].text))]
    if not starts:
        return [(list(block), [])]
    ends_each = []
    for n, s in enumerate(starts):
        limit = starts[n + 1] - 2 if n + 1 < len(starts) else len(block) - 1
        ends_each.append(list(range(limit, s - 1, -1)))  # longest list first
    out = []
    for ends in itertools.islice(itertools.product(*ends_each), _MAX_READINGS):
        if starts[0] == 0 or any(s - 1 <= e0 for s, e0 in zip(starts[1:], ends[:-1], strict=False)):
            continue
        sub: set[int] = set()
        groups = []
        for s, e in zip(starts, ends, strict=True):
            sub.update(range(s, e + 1))
            groups.append((block[s - 1], [block[k] for k in range(s, e + 1)]))
        out.append(([block[k] for k in range(len(block)) if k not in sub], groups))
    return out


def _gap(rows: list[list[Cell]], total: int, parts: list[int], j: int) -> tuple[Decimal, Decimal, int]:
    """The total less the sum of ``parts`` in column ``j``, the rounding envelope, the decimals shown."""
    figs = [f for i in (total, *parts) if (f := _fig(rows[i][j])) is not None]
    declared = max(f.decimals for f in figs)
    s = sum((f.value for f in figs[1:]), ZERO)
    envelope = sum((half_unit(declared) for f in figs if not f.blank), ZERO)
    return figs[0].value - s, envelope, declared


def _same_decimals(rows: list[list[Cell]], idx: Iterable[int], j: int) -> bool:
    figs = [f for i in idx if (f := _fig(rows[i][j])) is not None and not f.blank]
    return len({f.decimals for f in figs}) <= 1


def _hit(
    table: Table, rows: list[list[Cell]], total: int, parts: list[int], j: int, severity: Severity | None
) -> Hit:
    gap, envelope, declared = _gap(rows, total, parts, j)
    labels = _header_labels(rows, len(rows[total]), min(total, *parts))
    name = _label(rows[total][0].text)
    column = f"（{labels[j]}）" if labels[j] else f"（第{j + 1}列）"
    subject = f"《{table.title}》“{name}”{column}" if table.title else f"表中“{name}”{column}"
    figs = [f for i in parts if (f := _fig(rows[i][j])) is not None]
    s = sum((f.value for f in figs), ZERO)
    expected = f"各分项之和＝{format_fixed(s, declared)}，相差{format_fixed(abs(gap), declared)}"
    if abs(gap) <= envelope:
        expected += f"，在四舍五入尾差（±{format_fixed(envelope, 3)}）以内"
        severity = "info"
    quote = "｜".join(cell_quote(rows[i]) for i in (total, *parts))[:150]
    where = [rows[i][j].where for i in (total, *parts)]  # every operand: any of them may be the slip
    found = rows[total][j].text
    return Hit(subject, found, expected, quote, where, severity=severity, keys=[subject, "generic-sum"])


def _complete_mismatch(rows: list[list[Cell]], parent: int, parts: list[int]) -> list[int]:
    """The columns where the 其中 list ``parts`` does not add up to ``parent`` although another column
    shows it complete (adds up exactly with two parts or more not zero); [] when none shows it."""
    if len(parts) < 2 or any(len(rows[i]) != len(rows[parent]) for i in parts):
        return []
    cols = _columns(rows, parent, parts)
    exact, wrong = False, []
    for j in cols:
        gap, envelope, _ = _gap(rows, parent, parts, j)
        nonzero = sum(1 for i in parts if (f := _fig(rows[i][j])) is not None and f.value != 0)
        if gap == 0 and nonzero >= 2:
            exact = True
        elif abs(gap) > envelope:
            wrong.append(j)
    return wrong if exact else []


def generic_table_sums(ctx: Context) -> Iterable[Hit]:
    """A030 on the tables that are not standard ones: each total row against its parts."""
    if ctx.doc is None:
        return
    for table in ctx.doc.tables:
        if table.kind or table.is_chart:
            continue
        rows = table.rows
        for total, row in enumerate(rows):
            if not row or not _TOTAL.match(_label(row[0].text)):
                continue
            blocks = [(b, c) for b in _blocks(rows, total) if (c := _columns(rows, total, b))]
            if len(blocks) == 1:  # a total with parts on both sides is not judged
                yield from _check_total(table, rows, total, *blocks[0])
        yield from column_sums(table)


def _wrong(rows: list[list[Cell]], total: int, parts: list[int], cols: list[int]) -> list[int]:
    out = []
    for j in cols:
        gap, envelope, _ = _gap(rows, total, parts, j)
        if abs(gap) > envelope:
            out.append(j)
    return out


def _check_total(
    table: Table, rows: list[list[Cell]], total: int, block: list[int], cols: list[int]
) -> Iterable[Hit]:
    if _SUB.match(_label(rows[block[0]][0].text)):
        # the total's own 其中 list: its parts, perhaps not all of them
        if not any(_SUB.match(_label(rows[i][0].text)) for i in block[1:]):
            for j in _complete_mismatch(rows, total, block):
                yield _hit(table, rows, total, block, j, "warning")
        return
    readings = _readings(rows, block)
    scored = [(_wrong(rows, total, parts, cols), parts, groups) for parts, groups in readings]
    ok = [s for s in scored if not s[0]]
    if not ok:
        wrong, parts, _ = min(scored, key=lambda s: len(s[0]))
        plain = len(readings) == 1 and not readings[0][1]
        for j in wrong:
            exact = plain and _same_decimals(rows, (total, *parts), j)
            yield _hit(table, rows, total, parts, j, None if exact else "warning")
        return
    if len(ok) == 1:
        _, parts, groups = ok[0]
        for j in cols:
            if _gap(rows, total, parts, j)[0] != 0:
                yield _hit(table, rows, total, parts, j, "info")
        for parent, sub in groups:
            for j in _complete_mismatch(rows, parent, sub):
                yield _hit(table, rows, parent, sub, j, "warning")


# --- a 合计 column against its part columns ---------------------------------------------------------------

_TOTAL_COLUMN = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]?)?(?:合计|总计|小计)(?:[(（].*[)）])?$")


def _body(rows: list[list[Cell]], width: int) -> tuple[list[str], list[int]] | None:
    """The labels of the columns of a table ``width`` wide and the rows of that width with a figure
    below them, rows of rates and shares (“增减%”, “增长率”) left out. The labels are the last row of that
    width with no figure above the first row with one, or, under a header of two rows whose lower row is
    shorter (项目 | 预算数 | 决算数 over 合计 | 一般公共预算 | …), “upper/lower” as the rows place them."""
    first = next((i for i, r in enumerate(rows) if len(r) == width and _has_figure(r)), None)
    if first is None:
        return None
    header = next(
        (i for i in range(first - 1, -1, -1) if len(rows[i]) == width and not _has_figure(rows[i])), None
    )
    body = [
        i
        for i in range(first, len(rows))
        if len(rows[i]) == width
        and _has_figure(rows[i])
        and not _NOT_ADDITIVE.search(_label(rows[i][0].text))
    ]
    if header is not None:
        return [_label(c.text) for c in rows[header]], body
    above = [c.text for r in rows[max(0, first - 2) : first] for c in r if c.text.strip()]
    labels = leaf_labels(above, width, [[c.text for c in rows[i]] for i in body])
    return None if labels is None else ([_label(t) for t in labels], body)


def _leaf(label: str) -> str:
    """The lower label of a column under a spanning header (“公务用车购置及运行费/小计” → “小计”)."""
    return label.rsplit("/", 1)[-1]


def _group(label: str) -> str:
    """The spanning header of a column (“公务用车购置及运行费/小计” → “公务用车购置及运行费”), or ""."""
    return label.rsplit("/", 1)[0] if "/" in label else ""


def _shown(label: str) -> str:
    """A part column as named in a message: a group by its spanning header, a column by its own label."""
    return _group(label) if _group(label) and _TOTAL_COLUMN.match(_leaf(label)) else _leaf(label)


def _part_runs(labels: list[str], j: int) -> list[tuple[list[int], bool]]:
    """The part columns a total column ``j`` may add up: the additive columns right after it (or, when it
    stands last, right before it) up to each possible end, 其中 columns left out; with whether the run is
    closed by the table's edge, by another total column or by the end of the total's own group (the parts
    are then all the columns up to it). Under spanning headers a group's 小计 is a part of a total outside
    the group, its other columns the parts of that 小计."""
    group = _group(labels[j])
    out = []
    for step in (1, -1):
        run: list[int] = []
        k = j + step
        closed = False
        while 0 < k < len(labels):
            label = labels[k]
            if group and _group(label) != group:
                closed = True
                break
            if not group and _group(label):
                if _TOTAL_COLUMN.match(_leaf(label)):
                    run.append(k)
                k += step
                continue
            if _TOTAL_COLUMN.match(_leaf(label)):
                closed = True
                break
            if _NOT_ADDITIVE.search(label) or not label:
                break
            if not _SUB.match(_leaf(label)):
                run.append(k)
            k += step
        else:
            closed = True
        for end in range(len(run), 1, -1):
            out.append((sorted(run[:end]), closed and end == len(run)))
        if run:
            break  # the parts after the total, or (none after it) those before it
    return out


def _column_gap(row: list[Cell], j: int, parts: list[int]) -> tuple[Decimal, Decimal, int, bool] | None:
    """The total less the sum of the parts in one row, the rounding envelope, the decimals shown and
    whether every operand has the same decimals; None when a cell is no figure or the total is blank."""
    figs = [_fig(row[k]) for k in (j, *parts)]
    if any(f is None for f in figs):
        return None
    total, *rest = [f for f in figs if f is not None]
    if total.blank:
        return None
    declared = max(f.decimals for f in (total, *rest))
    gap = total.value - sum((f.value for f in rest), ZERO)
    envelope = sum((half_unit(declared) for f in (total, *rest) if not f.blank), ZERO)
    printed = {f.decimals for f in (total, *rest) if not f.blank}
    return gap, envelope, declared, len(printed) <= 1


def _column_hit(
    table: Table,
    rows: list[list[Cell]],
    labels: list[str],
    i: int,
    j: int,
    parts: list[int],
    severity: Severity | None,
) -> Hit:
    row = rows[i]
    gap, envelope, declared, _ = _column_gap(row, j, parts) or (ZERO, ZERO, 0, True)
    name = _label(row[0].text) or f"第{i + 1}行"
    subject = f"《{table.title}》“{name}”行" if table.title else f"表中“{name}”行"
    subject += f"“{labels[j].replace('/', '')}”列"
    s = sum(((f.value if (f := _fig(row[k])) else ZERO) for k in parts), ZERO)
    named = "＋".join(_shown(labels[k]) for k in parts)
    expected = f"{named}＝{format_fixed(s, declared)}，相差{format_fixed(abs(gap), declared)}"
    if abs(gap) <= envelope:
        expected += f"，在四舍五入尾差（±{format_fixed(envelope, 3)}）以内"
        severity = "info"
    quote = cell_quote(row)[:150]
    where = [row[k].where for k in (j, *parts)]
    return Hit(subject, row[j].text, expected, quote, where, severity=severity, keys=[subject, "column-sum"])


def column_sums(table: Table) -> Iterable[Hit]:
    """A 合计/小计 column against the columns it adds up, row by row (its header one row or two:
    :func:`_body`). Which columns those are is read from the header and confirmed by the rows: the parts
    are the additive columns next to the total, and a run of them holds when it adds up exactly in two
    rows or more (with two parts not zero, or one where the run is all the columns up to the table's edge,
    the next total or its group's end), or in one row for such a run, and fails in one row at most; that
    row is the finding. An error when the run is all those columns and two rows confirm it, the table
    holds no 其中 column there and the operands show one precision; else a warning (a 尾差 is info)."""
    rows = table.rows
    widths = {len(r) for r in rows if _has_figure(r)}
    for width in sorted(widths):
        found = _body(rows, width)
        if found is None:
            continue
        labels, body = found
        for j in range(1, width):
            if not _TOTAL_COLUMN.match(_leaf(labels[j])):
                continue
            verdicts = []
            for parts, closed in _part_runs(labels, j):
                exact = misses = 0
                wrong: list[int] = []
                for i in body:
                    gap = _column_gap(rows[i], j, parts)
                    if gap is None:
                        continue
                    nonzero = sum(1 for k in parts if (f := _fig(rows[i][k])) is not None and f.value != 0)
                    if gap[0] == 0 and (nonzero >= 2 or (closed and nonzero == 1)):
                        exact += 1
                    elif abs(gap[0]) > gap[1]:
                        misses += 1
                        wrong.append(i)
                if (exact >= 2 or (exact == 1 and closed)) and misses <= 1:
                    verdicts.append((parts, closed and exact >= 2, wrong))
            if not verdicts or len({tuple(w) for _, _, w in verdicts}) > 1:
                continue  # no run adds up, or runs that disagree on the row that does not
            parts, confirmed, wrong = verdicts[0]
            plain = confirmed and len(verdicts) == 1 and not any(_SUB.match(x) for x in labels[j + 1 :])
            for i in wrong:
                gap = _column_gap(rows[i], j, parts)
                exact_print = gap is not None and gap[3]
                yield _column_hit(
                    table, rows, labels, i, j, parts, None if plain and exact_print else "warning"
                )
