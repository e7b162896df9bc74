"""The 附表 (第五部分) as table models: the 13 standard tables of the Sichuan profile, built from ``Derived``.

A ``Table`` is a renderer-neutral grid of ``Cell``s: header rows and body rows with colspans/rowspans,
indentation for the 类/款/项 hierarchy, and for every amount the ledger key of the ``Figure`` it shows.
HTML, Word and PDF renderers draw it; they format amounts ("#,##0.00") and never compute anything.

The layouts are data (``juesuan/data/layouts/{profile}-{edition}.yaml``): titles, header cells, fixed row
labels, footnotes and empty-table statements, and for each column the *measure* it shows. This module
only selects and arranges figures of the derivation: it never adds, subtracts or rounds. A total that
``derive.py`` does not provide is listed in the layout's ``pending_keys`` and printed blank.

Conventions:

- list tables (功能分类 类/款/项, 经济分类 类/款) start with a bold 合计 row (or end with it, when the
  body says ``total_row: bottom``) and show only the rows with a non-zero amount in the table's columns,
  in tree order;
- zero amounts print as 0.00, except in the 类 rows of T1 / T4, which are blank when 0;
- an empty table (every ``empty_when`` figure is zero) keeps its format with blank amounts (list tables
  keep only their 合计 row) and carries its ``empty_note`` instead of the footnote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

import yaml

from juesuan.classification import load_catalogue
from juesuan.dataset import FUNDS

if TYPE_CHECKING:
    from juesuan.derive import Derived
    from juesuan.figures import Figure

__all__ = ["Cell", "PlacedCell", "Table", "build_tables", "load_layout", "place_cells", "place_rows"]

try:  # the C loader is much faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_LAYOUT_FILE = re.compile(r"^(?P<profile>[a-z0-9_]+)-(?P<edition>\d{4})\.yaml$")
_LEVEL_INDENT = {"类": 0, "款": 1, "项": 2}
_KINDS = frozenset({"two_sided", "functional", "economic", "economic_panels", "fixed"})
_LIST_KINDS = frozenset({"functional", "economic"})
_TABLE_KEYS = ("id", "number", "title", "header", "body", "empty_when")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell. ``value``: Decimal = an amount in 万元, str = text, None = blank."""

    value: Decimal | str | None
    colspan: int = 1
    rowspan: int = 1
    align: str | None = None  # "left" | "center" | "right"; None = right for Decimal, left for text
    indent: int = 0  # 0 类 / 1 款 / 2 项 (name cells), for visual hierarchy
    bold: bool = False  # totals rows
    key: str | None = None  # the Derived ledger key of the figure shown (provenance)


@dataclass(frozen=True, slots=True)
class Table:
    """One 附表: title lines, header and body rows, and its footnote or empty-table statement."""

    id: str
    number: str
    title: str
    org_line: str  # "编制单位：{department name}"
    unit_line: str  # "单位：万元"
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    note: str | None  # empty-table statement, or a footnote
    empty: bool  # True when the table has no data (then note is the empty_note)
    column_count: int


# --------------------------------------------------------------------------- layouts


def _layout_dir() -> Traversable:
    return files("juesuan").joinpath("data", "layouts")


@cache
def _editions(profile: str) -> tuple[int, ...]:
    found = []
    for entry in _layout_dir().iterdir():
        match = _LAYOUT_FILE.match(entry.name)
        if match and match["profile"] == profile:
            found.append(int(match["edition"]))
    return tuple(sorted(found))


@cache
def load_layout(profile: str, year: int) -> dict:
    """The table layouts of ``profile`` for a report on ``year``, read once and cached (do not mutate).

    Uses ``data/layouts/{profile}-{edition}.yaml`` with the newest edition ≤ ``year``; a year older than
    every edition gets the oldest one. Raises ``ValueError`` when the profile has no layout or the file
    is malformed.
    """
    editions = _editions(profile)
    if not editions:
        raise ValueError(f"no table layouts for profile {profile!r} in juesuan/data/layouts")
    usable = [e for e in editions if e <= year]
    edition = usable[-1] if usable else editions[0]
    name = f"{profile}-{edition}.yaml"
    layout = yaml.load(_layout_dir().joinpath(name).read_text(encoding="utf-8"), Loader=_Loader)
    _validate(layout, name)
    return layout


def _row_widths(rows: list[list[tuple[int, int]]]) -> list[int]:
    """Width of each row of (colspan, rowspan) cells, counting cells that span down from rows above."""
    widths = []
    pending: list[tuple[int, int]] = []  # (rows still covered, colspan) of cells spanning down
    for row in rows:
        width = sum(colspan for _, colspan in pending)
        pending = [(left - 1, colspan) for left, colspan in pending if left > 1]
        for colspan, rowspan in row:
            width += colspan
            if rowspan > 1:
                pending.append((rowspan - 1, colspan))
        widths.append(width)
    return widths


def _body_width(body: dict[str, Any]) -> int:
    kind = body["kind"]
    if kind in _LIST_KINDS:
        return 2 + len(body["columns"])
    if kind == "economic_panels":
        return 3 * len(body["panels"])
    if kind == "fixed":
        widths = {sum(c.get("colspan", 1) for c in row) for row in body["rows"]}
        if len(widths) != 1:
            raise ValueError(f"fixed rows of unequal width {sorted(widths)}")
        return widths.pop()
    left = {len(r["keys"]) for r in body["left"]["rows"]}
    left |= {len(r["left"]["keys"]) for r in body["closing"] if r.get("left")}
    right = {len(r["right"]["keys"]) for r in body["closing"] if r.get("right")}
    right.add(len(body["right"]["classes"]["measures"]))
    if len(left) != 1 or len(right) != 1:
        raise ValueError("two_sided rows of unequal width")
    return 2 + left.pop() + right.pop()


def _validate(layout: Any, name: str) -> None:
    """Check the structure of a layout file: required keys, body kinds, header and body widths."""
    if not isinstance(layout, dict) or not isinstance(layout.get("tables"), list):
        raise ValueError(f"{name}: expected a mapping with a 'tables' list")
    for key in ("org_line", "unit_line", "total_label", "numerals", "enumeration"):
        if not isinstance(layout.get(key), str):
            raise ValueError(f"{name}: missing text {key!r}")
    seen = set()
    for spec in layout["tables"]:
        where = f"{name}: table {spec.get('id', '?')}"
        missing = [k for k in _TABLE_KEYS if k not in spec]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if spec["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(spec["id"])
        if spec["body"].get("kind") not in _KINDS:
            raise ValueError(f"{where}: unknown body kind {spec['body'].get('kind')!r}")
        widths = set(
            _row_widths([[(c.get("colspan", 1), c.get("rowspan", 1)) for c in row] for row in spec["header"]])
        )
        try:
            body = _body_width(spec["body"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: malformed body ({exc})") from exc
        if len(widths) != 1 or body not in widths:
            raise ValueError(f"{where}: header widths {sorted(widths)} do not match the body width {body}")


# --------------------------------------------------------------------------- building


def _numeral(n: int, digits: str) -> str:
    """Chinese numeral 1–99 from the ten characters 一…十 of the layout."""
    ten = digits[9]
    if n <= 10:
        return digits[n - 1]
    tens, units = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + ten + (digits[units - 1] if units else "")


def _header_cell(spec: dict[str, Any]) -> Cell:
    return Cell(
        spec["text"],
        spec.get("colspan", 1),
        spec.get("rowspan", 1),
        spec.get("align", "center"),
        bold=spec.get("bold", False),
    )


def _blank(cell: Cell) -> Cell:
    return replace(cell, value=None, key=None) if isinstance(cell.value, Decimal) else cell


Row = tuple[Cell, ...]


class _Builder:
    """Arranges the figures of one ``Derived`` into the tables of one layout."""

    def __init__(self, derived: Derived, layout: dict) -> None:
        self.derived = derived
        self.layout = layout
        self.figures = derived.ledger.figures
        self.year = derived.year
        self.catalogue = load_catalogue()
        department = derived.dataset.department
        self.params = {"org": department.name, "level": department.level}
        self.pending = frozenset(layout.get("pending_keys") or ())
        # funds whose 人员经费/公用经费 split is known (“all”: every fund's); the others are left blank, not 0
        unsplit = derived.basic["unsplit"]
        self.economic_given = (set(FUNDS) - unsplit) | ({"all"} if not unsplit else set())

    # -- cells -----------------------------------------------------------------------------------

    def figure(self, key: str) -> Figure | None:
        """The figure a layout names explicitly; a key the derivation lacks is a layout error."""
        fig = self.figures.get(key)
        if fig is None and key not in self.pending:
            raise ValueError(f"table layout names figure {key!r}, which the derivation does not provide")
        return fig

    @staticmethod
    def amount(fig: Figure | None, *, bold: bool = False, blank_zero: bool = False) -> Cell:
        if fig is None or fig.value is None or (blank_zero and fig.value == 0):
            return Cell(None, bold=bold)
        return Cell(fig.value, bold=bold, key=fig.key)

    def total_row(self, keys: list[str]) -> Row:
        label = Cell(self.layout["total_label"], colspan=2, align="center", bold=True)
        return (label, *(self.amount(self.figure(k), bold=True) for k in keys))

    def labelled(self, spec: dict[str, Any] | None, width: int) -> list[Cell]:
        """One side of a two-sided row: label and amounts, or blanks when ``spec`` is None."""
        if spec is None:
            return [Cell(None)] * (width + 1)
        bold = spec.get("bold", False)
        label = Cell(spec["label"], align=spec.get("align"), indent=spec.get("indent", 0), bold=bold)
        return [label, *(self.amount(self.figure(k), bold=bold) for k in spec["keys"])]

    # -- bodies ----------------------------------------------------------------------------------

    def functional(self, body: dict[str, Any]) -> list[Row]:
        columns = body["columns"]
        measures = [c["measure"] for c in columns]
        rows = [self.total_row([c.get("total", c["measure"]) for c in columns])]
        figures = self.figures
        for row in self.derived.rows:
            prefix = f"func.{row.code}."
            found = [figures.get(prefix + m) for m in measures]
            if not any(f is not None and f.value for f in found):
                continue
            rows.append(
                (
                    Cell(row.code),
                    Cell(row.name, indent=_LEVEL_INDENT.get(row.level, 0)),
                    *(self.amount(f) for f in found),
                )
            )
        return rows

    def economic(self, body: dict[str, Any]) -> list[Row]:
        fund, columns = body["fund"], body["columns"]
        rows = [self.total_row([c["total"] for c in columns])]
        if fund not in self.economic_given:  # the split by 人员经费/公用经费 is not known: left blank
            rows[0] = tuple(
                Cell(None, bold=True) if c.get("group") else cell
                for c, cell in zip([{}, *columns], rows[0], strict=True)
            )
        figures = self.figures
        for row in self.derived.economic[fund]:
            prefix = f"econ.{fund}.{row.code}."
            found = [
                None if c.get("group") not in (None, row.group) else figures.get(prefix + c["measure"])
                for c in columns
            ]
            if not any(f is not None and f.value for f in found):
                continue
            rows.append(
                (
                    Cell(row.code),
                    Cell(row.name, indent=_LEVEL_INDENT.get(row.level, 0)),
                    *(self.amount(f) for f in found),
                )
            )
        return rows

    def economic_panels(self, body: dict[str, Any]) -> list[Row]:
        fund, measure = body["fund"], body["measure"]
        entered = {r.code: r for r in self.derived.economic[fund]}
        known = fund in self.economic_given  # otherwise every amount is unknown: left blank, not 0
        panels: list[list[Row]] = []
        for panel in body["panels"]:
            lines: list[Row] = []
            for cls in panel["classes"]:
                kuan = {e.code for e in self.catalogue.economic_children(cls, self.year)}
                kuan |= {c for c in entered if len(c) == 5 and c.startswith(cls)}
                for code in (cls, *sorted(kuan)):
                    entry = self.catalogue.economic(code, self.year)
                    name = entry.name if entry else (entered[code].name if code in entered else code)
                    fig = self.figures.get(f"econ.{fund}.{code}.{measure}")
                    indent = 0 if len(code) == 3 else 1
                    lines.append((Cell(code), Cell(name, indent=indent), self.amount(fig if known else None)))
            panels.append(lines)
        blank = (Cell(None),) * 3
        height = max(len(p) for p in panels)
        rows = [tuple(c for p in panels for c in (p[i] if i < len(p) else blank)) for i in range(height)]
        footer: list[Cell] = []
        for panel in body["panels"]:
            foot = panel["footer"]
            footer += [
                Cell(foot["label"], colspan=2, align="center", bold=True),
                self.amount(self.figure(foot["key"]) if known else None, bold=True),
            ]
        rows.append(tuple(footer))
        return rows

    def class_rows(self, spec: dict[str, Any]) -> list[list[Cell]]:
        """The numbered 类 rows of T1 / T4: every printed 类 of the edition, then any other 类 with data."""
        classes = [(e.code, e.name) for e in self.catalogue.classes(self.year)]
        printed = {code for code, _ in classes}
        classes += [(r.code, r.name) for r in self.derived.rows if r.level == "类" and r.code not in printed]
        digits, pattern = self.layout["numerals"], self.layout["enumeration"]
        blank_zero = spec.get("blank_zero", True)
        rows = []
        for n, (code, name) in enumerate(classes, 1):
            label = Cell(pattern.format(numeral=_numeral(n, digits), name=name))
            rows.append(
                [
                    label,
                    *(
                        self.amount(self.figures.get(f"func.{code}.{m}"), blank_zero=blank_zero)
                        for m in spec["measures"]
                    ),
                ]
            )
        return rows

    def two_sided(self, body: dict[str, Any]) -> list[Row]:
        left_rows = [self.labelled(r, len(r["keys"])) for r in body["left"]["rows"]]
        right_spec = body["right"]["classes"]
        right_rows = self.class_rows(right_spec)
        left_width = len(body["left"]["rows"][0]["keys"])
        right_width = len(right_spec["measures"])
        height = max(len(left_rows), len(right_rows))
        left_rows += [self.labelled(None, left_width)] * (height - len(left_rows))
        right_rows += [self.labelled(None, right_width)] * (height - len(right_rows))
        rows = [tuple(left + right) for left, right in zip(left_rows, right_rows, strict=True)]
        for pair in body["closing"]:
            rows.append(
                tuple(
                    self.labelled(pair.get("left"), left_width)
                    + self.labelled(pair.get("right"), right_width)
                )
            )
        return rows

    def fixed(self, body: dict[str, Any]) -> list[Row]:
        rows = []
        for row in body["rows"]:
            cells = []
            for spec in row:
                if "key" in spec:
                    cells.append(self.amount(self.figure(spec["key"]), bold=spec.get("bold", False)))
                else:
                    cells.append(
                        Cell(
                            spec.get("text"),
                            spec.get("colspan", 1),
                            align=spec.get("align"),
                            indent=spec.get("indent", 0),
                            bold=spec.get("bold", False),
                        )
                    )
            rows.append(tuple(cells))
        return rows

    # -- tables ----------------------------------------------------------------------------------

    def table(self, spec: dict[str, Any]) -> Table:
        body_spec = spec["body"]
        kind = body_spec["kind"]
        empty = True
        for key in spec["empty_when"]:
            fig = self.figure(key)
            if fig is not None and fig.value:
                empty = False
                break
        body = getattr(self, kind)(body_spec)
        if empty:
            body = body[:1] if kind in _LIST_KINDS else body
            body = [tuple(_blank(c) for c in row) for row in body]
        if kind in _LIST_KINDS and body_spec.get("total_row") == "bottom":
            body = [*body[1:], body[0]]  # the MOF/Shanghai layout prints 合计 below the rows
        header = tuple(tuple(_header_cell(c) for c in row) for row in spec["header"])
        template = spec.get("empty_note") if empty else spec.get("note")
        width = _row_widths([[(c.colspan, c.rowspan) for c in row] for row in header])[0]
        return Table(
            id=spec["id"],
            number=str(spec["number"]),
            title=spec["title"],
            org_line=self.layout["org_line"].format_map(self.params),
            unit_line=self.layout["unit_line"],
            header=header,
            body=tuple(body),
            note=template.format_map(self.params) if template else None,
            empty=empty,
            column_count=width,
        )


@dataclass(frozen=True, slots=True)
class PlacedCell:
    """A cell at its grid position (0-based row and first column), and whether it is a header cell."""

    cell: Cell
    row: int
    col: int
    header: bool


def place_rows(
    rows: tuple[tuple[Cell, ...], ...],
    header: bool = False,
    start: int = 0,
    taken: set[tuple[int, int]] | None = None,
) -> list[PlacedCell]:
    """Grid positions of ``rows`` as HTML lays them out: each cell takes the next column not covered by a
    rowspan from above (``taken`` carries the covered positions from earlier rows)."""
    taken = set() if taken is None else taken
    out = []
    for r, row in enumerate(rows, start):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            out.append(PlacedCell(cell, r, col, header))
            col += cell.colspan
    return out


def place_cells(table: Table) -> list[PlacedCell]:
    """Every cell of ``table`` (header rows first, then the body) at its grid position."""
    taken: set[tuple[int, int]] = set()
    return place_rows(table.header, True, 0, taken) + place_rows(table.body, False, len(table.header), taken)


def build_tables(derived: Derived) -> list[Table]:
    """The 附表 of ``derived``'s profile (Sichuan: 13 tables; MOF/Shanghai: 9), in printed order."""
    department = derived.dataset.department
    layout = load_layout(department.profile, derived.year)
    builder = _Builder(derived, layout)
    return [builder.table(spec) for spec in layout["tables"]]
