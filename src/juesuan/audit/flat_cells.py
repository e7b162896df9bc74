"""Cut a table printed one cell a line into its rows.

A web page or a PDF-to-text conversion may print a table as one cell per line with nothing left of its row
breaks (an empty cell a lone “|”). The rows come back only from the table's own rhythm: the body is read
as rows of ``W`` cells, and ``W`` is taken where the cut is certain:

- every column of the body holds one kind of cell: figures (or empty cells), or labels (or empty cells)
  — a row label followed by exactly the right number of figures, the same in every row; a table of two
  or three groups side by side (项目 / 行次 / 决算数, twice or three times) is a row of all its groups;
- the header above the body (the labels after the table's title, unit and 编制单位 lines) is one row of
  ``W`` labels, or two rows of which the upper has fewer cells, none of them a label of the lower row
  (收入 / 支出 over the groups), and exactly one ``W`` fits it; ``W`` is a multiple of the narrowest
  width the body fits (groups side by side repeat one rhythm);
- the labels of a header of two rows are placed: the lower row under the upper, or, where the lower row
  is groups opening with 小计 or 合计 (公务用车购置及运行费 over 小计 / 购置费 / 运行费), under the one
  placement of the spanning cells the body's sums confirm; otherwise the header is kept as one row of
  labels that names no column.

A row numbering the columns (栏次 / 行次 followed by 1, 2, 3 …) under the header is a header row of its
own. One cell may break the rhythm: a note in the last column of a row (“以前年度结转资金9.83” where a
figure stands in the other rows), which is kept as text. Otherwise nothing is cut: the table stays
unread, as it was.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.audit.normalise import normalise

FlatCell = tuple[str, int]  # a cell's text and its 1-based line
_MAX_WIDTH, _MIN_ROWS = 60, 2  # the widest table cut, the fewest full rows that show its rhythm

# a figure (“1,234.56”, “-0.07”, “12%”), a dash (an empty cell), the unit line
_FIGURE, _DASH = re.compile(r"^[-—+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$"), re.compile(r"^[-—–]$")
_UNIT = re.compile(r"单位[：:]\s*(亿元|万元|元)")
# the lines above a header: the title, the table's number (公开01表, 国卫财01-1表), the unit, the unit
# that compiled it, the year
_META = re.compile(
    r"单位[：:]|^(部门|编制单位|填报单位)[：:]|^公开\d+表$|表\s*([（(][^）)]*[）)])?$|^\d{4}年度?$|^[（(]?单位"
)
# a header label that names the row-label column (项目, 科目名称, 项目(按功能分类), 按支出性质 …)
_NAME_COLUMN = re.compile(r"项目|科目|名称|性质|分类|类别|内容|指标")
_NUMBERING = re.compile(r"^(栏次|行次|栏号|行号)$")
_TABLE_NUMBER = re.compile(r"\d+(-\d+)?表$")  # 公开01表, 国卫财01-1表: the table's number, not its title


@dataclass(frozen=True, slots=True)
class FlatTable:
    """A table cut into rows: the header rows first (``header_rows`` of them), the body after."""

    rows: list[list[FlatCell]]
    header_rows: int
    unit: str
    title: str


def _plain(text: str) -> str:
    """A cell without spaces, in simplified characters and without a mirror site's inline pinyin
    (“單位:萬(wàn)元” → “单位:万元”)."""
    return normalise(text)[0]


def _kind(text: str) -> str:
    """“N” a figure, “E” an empty cell (or a dash), “T” a label."""
    if not text or _DASH.match(text):
        return "E"
    return "N" if _FIGURE.match(text) else "T"


def _body_start(kinds: list[str], start: int) -> int | None:
    """The first label followed (within two cells) by a figure: the first row of the body."""
    for i in range(start, len(kinds) - 1):
        if kinds[i] != "T":
            continue
        after = [k for k in kinds[i + 1 : i + 3] if k != "E"]
        if after and after[0] == "N":
            return i
    return None


def _fits(kinds: list[str], width: int) -> bool:
    """Whether the body read as rows of ``width`` keeps one kind of cell per column (a label column may
    hold codes as figures only where it holds no label) and has at least two full rows with figures."""
    rows = [kinds[i : i + width] for i in range(0, len(kinds), width)]
    full = [r for r in rows if len(r) == width]
    if len(full) < _MIN_ROWS or sum(1 for r in full if "N" in r[1:]) < _MIN_ROWS:
        return False
    if full[0][0] != "T":
        return False
    notes = 0
    for j in range(width):
        column = [r[j] for r in rows if j < len(r)]
        if "T" in column and "N" in column:
            figures = column.count("N")
            texts = [n for n, r in enumerate(rows) if j < len(r) and r[j] == "T"]
            # one note in the last column where the others hold figures
            if j == width - 1 and len(texts) == 1 and figures >= _MIN_ROWS and texts[0] < len(full) - 1:
                notes += 1
                continue
            return False
    if notes > 1:
        return False
    return any(r[0] == "T" for r in full[1:])


def _header(cells: list[FlatCell], kinds: list[str], body: int) -> tuple[int, int] | None:
    """The header before the body: the labels right before it, back to an empty cell, a figure or a line
    above the header (title, unit, 编制单位); (its first cell, the count of its labels), None when none."""
    first = body
    while first > 0 and kinds[first - 1] == "T" and not _META.search(_plain(cells[first - 1][0])):
        first -= 1
    labels = body - first
    if labels == 0:
        return None
    return first, labels


def _width(kinds: list[str], header: list[str]) -> int | None:
    """The one width that fits the body and the header (one row of that width, or two rows whose upper
    has fewer cells, none of them a label of the lower row); None when none fits, or when the widths that
    fit are not all multiples of the body's rhythm (the narrowest width that fits it)."""
    labels = len(header)
    fitting = [w for w in range(2, _MAX_WIDTH + 1) if _fits(kinds, w)]
    if not fitting:
        return None
    rhythm = fitting[0]
    candidates = [
        w
        for w in fitting
        if w <= labels < 2 * w and not set(header[: labels - w]) & set(header[labels - w :])
    ]
    if len(candidates) != 1 or candidates[0] % rhythm:
        return None
    return candidates[0]


def _numbering_run(cells: list[FlatCell], kinds: list[str], body: int) -> list[FlatCell]:
    """The row numbering the columns at the top of the body (栏次 1 栏次 2 …, 行次 1 2 3 …): its own header
    row, as wide as the table or not (“栏次 | 1 | 栏次 | 2” over groups of three columns)."""
    if not _NUMBERING.match(cells[body][0].replace(" ", "")):
        return []
    end = body
    while end < len(cells) and (
        kinds[end] == "E" or _NUMBERING.match(cells[end][0].replace(" ", "")) or cells[end][0].isdigit()
    ):
        end += 1
    return cells[body:end]


def cut_flat(cells: list[FlatCell]) -> FlatTable | None:
    """Cells printed one per line (an empty cell "") cut into rows, or None when the cut is not certain."""
    kinds = [_kind(t) for t, _ in cells]
    body = _body_start(kinds, 0)
    if body is None:
        return None
    head = _header(cells, kinds, body)
    if head is None:
        return None
    first, labels = head
    header = cells[first:body]
    numbering = _numbering_run(cells, kinds, body)
    body += len(numbering)
    width = _width(kinds[body:], [t for t, _ in header])
    if width is None:
        return None
    rows: list[list[FlatCell]] = []
    upper = labels - width
    leaf = header[upper:]
    name_columns = [j for j in range(width) if _body_kind(kinds[body:], width, j) == "T"]
    if upper == 0:
        rows.append(leaf)
    elif all(_NAME_COLUMN.search(_plain(leaf[j][0])) for j in name_columns):
        rows.extend([header[:upper], leaf])  # 收入 / 支出 over the groups of columns
    elif (grouped := _grouped_leaves(header, width, cells[body:])) is not None:
        rows.extend(grouped)  # 公务用车购置及运行费 over its 小计 / 购置费 / 运行费
    else:
        rows.append(header)  # a header of two rows whose spanning cells cannot be placed: not labelled
    if numbering:
        rows.append(numbering)
    body_rows = [cells[i : i + width] for i in range(body, len(cells), width)]
    rows.extend(body_rows)
    unit = next((m.group(1) for t, _ in cells[:first] if (m := _UNIT.search(_plain(t)))), "")
    title = next((t for t, _ in cells[:first] if t.endswith("表") and not _TABLE_NUMBER.search(t)), "")
    return FlatTable(rows, len(rows) - len(body_rows), unit, title)


_SUBTOTAL = re.compile(r"^(小计|合计)$")


def _value(text: str) -> Decimal | None:
    kind = _kind(text)
    if kind == "T":
        return None
    return Decimal(text.replace(",", "").replace("—", "-").rstrip("%")) if kind == "N" else Decimal(0)


def _groups_hold(body: list[list[FlatCell]], groups: list[list[int]]) -> bool:
    """Whether in every group of columns the first (小计) is the sum of the others, exactly in two rows or
    more and off in one row at most."""
    for group in groups:
        holds = misses = 0
        for row in body:
            values = [_value(row[k][0]) for k in group]
            if any(v is None for v in values):
                continue
            total, *parts = [v for v in values if v is not None]
            if total == sum(parts, Decimal(0)):
                holds += total != 0
            else:
                misses += 1
        if holds < _MIN_ROWS or misses > 1:
            return False
    return True


def _grouped_leaves(header: list[FlatCell], width: int, rest: list[FlatCell]) -> list[list[FlatCell]] | None:
    """A header of two rows whose lower row is groups each opening with 小计 (or 合计), under as many
    spanning cells of the upper row: the upper row and the leaf row, each leaf labelled “spanning/leaf”.
    Which upper cells span is the one placement under which every group's 小计 is the sum of its other
    columns in the body; None when no placement or more than one does."""
    texts = [_plain(t) for t, _ in header]
    spanning = len(header) - width
    starts = [k for k in range(2, len(texts)) if _SUBTOTAL.match(texts[k])]
    if spanning < 1 or len(starts) < spanning:
        return None
    split = starts[-spanning]
    if starts[: len(starts) - spanning] and starts[0] < split:
        return None  # a 小计 of the upper row
    bounds = [*starts[-spanning:], len(texts)]
    groups = [list(range(bounds[n], bounds[n + 1])) for n in range(spanning)]
    if any(len(g) < 2 for g in groups) or split < spanning + 1:
        return None
    body = [rest[i : i + width] for i in range(0, len(rest) - width + 1, width)]
    found = []
    for placed in itertools.combinations(range(1, split), spanning):
        leaves: list[FlatCell] = []
        columns: list[list[int]] = []
        for k in range(split):
            if k in placed:
                group = groups[placed.index(k)]
                columns.append(list(range(len(leaves), len(leaves) + len(group))))
                leaves.extend((f"{header[k][0]}/{header[m][0]}", header[m][1]) for m in group)
            else:
                leaves.append(header[k])
        if _groups_hold(body, columns):
            found.append(leaves)
    if len(found) != 1:
        return None
    return [header[:split], found[0]]


def leaf_labels(header: list[str], width: int, body: list[list[str]]) -> list[str] | None:
    """The label of each of ``width`` columns under a header of two rows given cell by cell (the upper
    row's cells, then the lower row's groups opening with 小计 or 合计), placed as the rows of ``body``
    confirm (:func:`_grouped_leaves`); None when they do not place it."""
    cells = [(t, 0) for t in header]
    grouped = _grouped_leaves(cells, width, [(t, 0) for row in body if len(row) == width for t in row])
    return None if grouped is None else [t for t, _ in grouped[-1]]


def _body_kind(kinds: list[str], width: int, j: int) -> str:
    column = {kinds[i] for i in range(j, len(kinds), width)} - {"E"}
    return "T" if column == {"T"} else "N" if "N" in column else "E"
