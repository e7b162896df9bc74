"""Read a filled 公开表 workbook (.xlsx) into a dataset, with every figure traced back to its cell.

The workbook may be juesuan's own (``juesuan template`` / ``juesuan export-xlsx``) or what the 决算 software
exports: each table of the profile's layout (data/layouts/{profile}-{edition}.yaml) is found by its title
wherever it is; its header is matched to the layout's columns by text (merged cells, wrapped text and the
spellings of real exports are accepted); codes may be joined or split into 类/款/项 columns, text or numbers;
amounts may be numbers, formulas (their cached values) or text with thousands separators; blank and 0 stay
distinct; 元 or 万元 comes from the unit line.

Only detail is entered: 项 columns, 经济分类 款, balances and the “三公” items. Every other printed
figure (类/款 rows, 合计, 总计, T1/T4 totals) is a *printed total*: it goes into ``stated`` when it
differs from what juesuan derives from the detail, so that the check engine reports the difference at
its cell. The sheet 文字说明 (or a YAML file given with ``text_yaml``) holds the texts and the other
figures, keyed by dataset key path.

``read_workbook`` is called by ``juesuan.loader.load``, which hands it the reader of last year's dataset.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from juesuan.classification import load_catalogue
from juesuan.dataset import FUNDS, Dataset
from juesuan.derive import derive
from juesuan.errors import InputError, InputProblem, key_path
from juesuan.excel import common as cm
from juesuan.excel.guard import fail, formulas_without_values, read_checked
from juesuan.loaded import LoadedDataset
from juesuan.money import decimals_of, to_wan
from juesuan.tables import load_layout
from juesuan.validation import validate
from juesuan.yamlsource import YamlDocument, load_yaml

__all__ = ["CellProblem", "PriorReader", "WorkbookDocument", "code_digits", "parse_amount", "read_workbook"]

PathT = cm.PathT
TOTAL_LABELS = frozenset({"合计", "总计"})
IGNORED_HEADERS = frozenset({"行次", "栏次", "序号"})
MAX_CELLS = 500_000


@dataclass(frozen=True, slots=True)
class CellProblem(InputProblem):
    """An input problem in a workbook cell (``cell`` is "Sheet!C12"; the message names it too)."""

    cell: str | None = None

    def to_dict(self) -> dict[str, object]:
        return InputProblem.to_dict(self) | {"cell": self.cell}


@dataclass
class WorkbookDocument(YamlDocument):
    """A dataset read from a workbook: ``data`` as a YAML document would hold it, the cell of every
    imported figure (``cell_of``) and, for the texts given in a YAML file, that file's lines."""

    cells: dict[PathT, str] = field(default_factory=dict)
    text_file: str | None = None
    text_lines: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, path: PathT) -> int | None:  # a workbook has cells, not lines
        return None

    def cell_of(self, path: PathT) -> str | None:
        """The "Sheet!C12" of the value at ``path`` (or of its nearest ancestor that came from a cell)."""
        probe = tuple(path)
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            if probe in self.text_lines:
                return None
            probe = probe[:-1]
        return None

    def origin_of(self, path: PathT) -> tuple[str, int | None, str | None]:
        """(file, line, cell) of the value at ``path``: the workbook and its cell, or the text YAML and
        its line."""
        probe = tuple(path)
        while probe:
            if probe in self.cells:
                return self.file, None, self.cells[probe]
            if probe in self.text_lines and self.text_file:
                return self.text_file, self.text_lines[probe][0], None
            probe = probe[:-1]
        return self.file, None, None


# --------------------------------------------------------------------------- entry points


PriorReader = Callable[[Dataset, YamlDocument], LoadedDataset | None]


def read_workbook(
    path: Path, text_yaml: Path | None = None, prior: PriorReader | None = None
) -> LoadedDataset:
    """Read and validate a filled workbook; raise ``InputError`` with every problem found (sheet and cell).

    ``prior`` reads last year's dataset for the validated dataset (``juesuan.loader.load`` hands it over);
    its problems in this workbook are located at their cells.
    """
    if path.suffix.lower() not in cm.TABLE_EXTENSIONS and path.suffix.lower() != "":
        raise fail(str(path), f"不是 Excel 工作簿（.xlsx）：{path.name}")
    data = read_checked(path)
    return _Importer(path, data, text_yaml, prior).run()


# --------------------------------------------------------------------------- values


_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_BLANKS = frozenset({"", "-", "—", "－", "–", "——", "/", "／"})


def _quantised(value: float) -> Decimal:
    """A float cell as the decimal a person typed: its shortest repr, at most 6 decimals (formula results
    such as 2940.0499999999997 come back as 2940.05)."""
    amount = Decimal(repr(value))
    if amount.as_tuple().exponent < -cm.MAX_DECIMALS:  # type: ignore[operator]
        amount = amount.quantize(Decimal(1).scaleb(-cm.MAX_DECIMALS))
        amount = amount.normalize() if amount != amount.to_integral() else amount.quantize(Decimal(1))
    return amount


class BadValue(ValueError):
    pass


def parse_amount(value: Any) -> Decimal | None:
    """A cell as an amount: None for blank (and “-”), ``BadValue`` for anything that is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(str(value))
        return _quantised(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        raise BadValue(str(value))
    text = re.sub(r"[\s\u3000\u00a0,，'’]", "", str(value))
    if text in _BLANKS:
        return None
    negative = text.startswith(("(", "（")) and text.endswith((")", "）"))
    if negative:
        text = text[1:-1]
    for unit in ("万元", "元"):
        if text.endswith(unit):
            text = text[: -len(unit)]
    if not _NUMBER.match(text):
        raise BadValue(str(value))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BadValue(str(value)) from None
    return -amount if negative else amount


def code_digits(value: Any) -> str | None:
    """The classification code in a cell (digits), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and value >= 0 else None
    match = re.match(r"^\s*\[?(\d+)", str(value))
    return match.group(1) if match else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).strip()
    return text or None


def _is_number_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    if isinstance(value, str):
        text = re.sub(r"[\s\u3000\u00a0,，]", "", value)
        return bool(text) and bool(_NUMBER.match(text.strip("()（）")))
    return False


# --------------------------------------------------------------------------- sheets


class Sheet:
    """The non-empty cells of a worksheet and its merged ranges."""

    def __init__(self, ws: Any, no_value: set[str]) -> None:
        self.title: str = ws.title
        cells = ws._cells
        if len(cells) > MAX_CELLS:
            raise fail("", f"工作表“{self.title}”过大（{len(cells)} 个单元格）")
        self.values: dict[tuple[int, int], Any] = {}
        for key, cell in cells.items():
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            self.values[key] = value
        self.max_row = max((r for r, _ in self.values), default=0)
        self.max_col = max((c for _, c in self.values), default=0)
        self.cover: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, min(rng.max_row, self.max_row + 1) + 1):
                for c in range(rng.min_col, min(rng.max_col, self.max_col + 1) + 1):
                    if (r, c) != top:
                        self.cover[(r, c)] = top
        self.no_value = set()
        for ref in no_value:
            match = re.match(r"([A-Z]+)(\d+)", ref)
            if match:
                from openpyxl.utils import column_index_from_string

                self.no_value.add((int(match.group(2)), column_index_from_string(match.group(1))))
        self.rows: dict[int, list[int]] = {}
        for r, c in sorted(self.values):
            self.rows.setdefault(r, []).append(c)

    def get(self, r: int, c: int) -> Any:
        return self.values.get((r, c))

    def shown(self, r: int, c: int) -> Any:
        """The value a reader sees at (r, c): a merged cell shows its top-left value."""
        top = self.cover.get((r, c))
        return self.values.get(top if top else (r, c))

    def ref(self, r: int, c: int) -> str:
        return f"{self.title}!{get_column_letter(c)}{r}"

    def leftmost_text(self, r: int) -> str | None:
        for c in self.rows.get(r, []):
            value = self.values[(r, c)]
            if isinstance(value, str):
                return value
        return None


@dataclass
class Found:
    table_id: str
    sheet: Sheet
    row: int
    col: int
    ref: str


# --------------------------------------------------------------------------- the importer


class _Collector:
    """Figures gathered from the cells, keyed logically until the dataset's lists are assembled."""

    def __init__(self) -> None:
        self.func: dict[str, dict[PathT, tuple[Any, str]]] = {}
        self.func_ref: dict[str, str] = {}
        self.func_order: list[str] = []
        self.econ: dict[tuple[str, str], dict[str, tuple[Any, str]]] = {}
        self.econ_ref: dict[tuple[str, str], str] = {}
        self.econ_order: list[tuple[str, str]] = []
        self.econ_sheet_order: list[tuple[str, str]] = []
        self.scalars: dict[PathT, tuple[Any, str]] = {}
        self.checks: list[tuple[str, Decimal, str]] = []
        self.composites: dict[str, tuple[Decimal, str]] = {}
        self.problems: list[InputProblem] = []
        self.file = ""

    def problem(self, ref: str | None, text: str, code: str = "invalid_value", key: str = "") -> None:
        where = f"{ref}：" if ref else ""
        self.problems.append(CellProblem(self.file, where + text, None, None, key, code, ref))

    def _put(self, store: dict, name: Any, value: Any, ref: str, what: str) -> None:
        old = store.get(name)
        if old is not None and old[0] != value:
            self.problem(ref, f"{what}填列为 {value}，与 {old[1]} 的 {old[0]} 不一致", "conflict")
            return
        if old is None:
            store[name] = (value, ref)

    def item(self, code: str, ref: str, ordered: bool = False) -> dict[PathT, tuple[Any, str]]:
        if code not in self.func:
            self.func[code] = {}
            self.func_ref[code] = ref
        if ordered and code not in self.func_order:
            self.func_order.append(code)
        return self.func[code]

    def enter_func(self, code: str, path: PathT, value: Any, ref: str) -> None:
        self._put(self.item(code, ref), path, value, ref, f"科目{code}的{cm.render_key(path)}")

    def econ_entry(self, code: str, fund: str, ref: str, ordered: bool = False) -> dict[str, tuple[Any, str]]:
        key = (code, fund)
        if key not in self.econ:
            self.econ[key] = {}
            self.econ_ref[key] = ref
            self.econ_order.append(key)
        if ordered and key not in self.econ_sheet_order:
            self.econ_sheet_order.append(key)
        return self.econ[key]

    def enter_econ(self, code: str, fund: str, name: str, value: Any, ref: str, create: bool = True) -> None:
        if (code, fund) not in self.econ and not create:
            return
        self._put(self.econ_entry(code, fund, ref), name, value, ref, f"经济分类{code}的{name}")

    def enter_scalar(self, path: PathT, value: Any, ref: str) -> None:
        self._put(self.scalars, path, value, ref, cm.render_key(path))


class _Importer:
    org_name: str  # the unit's name, once a sheet gives it (the 文字说明 may not)
    _found_cache: list[list[Found]]  # importer_found's memo

    def __init__(self, path: Path, data: bytes, text_yaml: Path | None, prior: PriorReader | None) -> None:
        self.path = path
        self.file = str(path)
        self.raw = data
        self.text_yaml = text_yaml
        self.read_prior = prior
        self.out = _Collector()
        self.out.file = self.file
        self.kv: dict[str, Any] = {}
        self.kv_cells: dict[PathT, str] = {}
        self.text_doc: YamlDocument | None = None
        self.catalogue = load_catalogue()

    # -- the steps ---------------------------------------------------------------------------------

    def run(self) -> LoadedDataset:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(io.BytesIO(self.raw), data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on malformed parts
            raise fail(self.file, f"无法读取工作簿：{type(exc).__name__}: {exc}") from None
        no_value = formulas_without_values(self.raw)
        try:
            self.sheets = [Sheet(ws, no_value.get(ws.title, set())) for ws in book.worksheets]
        except InputError as err:
            raise InputError(  # noqa: B904 - the sheet's problems, with the workbook's name
                [InputProblem(self.file, p.message, None, None, "", p.code) for p in err.problems]
            )
        self._read_text_sheet()
        self._read_text_yaml()
        self._raise_if_problems()
        profile, year, layout, found = self._choose_layout()
        self.profile, self.year, self.layout = profile, year, layout
        self.unit = self._dataset_unit(found)
        for spec in layout["tables"]:
            hits = found.get(spec["id"], [])
            if not hits:
                if spec.get("import_role", "required") == "required":
                    self.out.problem(
                        None, f"工作簿中未找到表“{spec['title']}”（按表名查找）", "table_missing"
                    )
                continue
            if len(hits) > 1:
                where = "、".join(h.ref for h in hits)
                self.out.problem(
                    hits[1].ref, f"表“{spec['title']}”出现了{len(hits)}次（{where}）", "table_twice"
                )
                continue
            _TableReader(self, spec, hits[0]).read()
        for sheet_spec in cm.workbook_spec()["input_sheets"]:
            self._read_input_sheet(sheet_spec)
        self._raise_if_problems()
        return self._assemble()

    def _raise_if_problems(self) -> None:
        if self.out.problems:
            raise InputError(list(self.out.problems))

    # -- the text sheet and the text YAML --------------------------------------------------------------

    def _find_sheet(self, title: str) -> tuple[Sheet, int] | None:
        """A sheet named ``title`` (row 0), or the first sheet with a cell reading ``title`` (its row)."""
        want = cm.canon(title)
        for sheet in self.sheets:
            if cm.title_forms(sheet.title) == want:
                return sheet, 0
        for sheet in self.sheets:
            for (r, _c), value in sorted(sheet.values.items()):
                if isinstance(value, str) and cm.canon(value) == want:
                    return sheet, r
        return None

    def _read_text_sheet(self) -> None:
        spec = cm.workbook_spec()["text_sheet"]
        hit = self._find_sheet(spec["title"])
        if hit is None:
            return
        sheet, start = hit
        label_text, key_text, value_text = (cm.canon(t) for t in spec["columns"])
        header_row = None
        cols: dict[str, int] = {}
        for r in sorted(sheet.rows):
            if r < start:
                continue
            found = {
                cm.canon(sheet.values[(r, c)]): c
                for c in sheet.rows[r]
                if isinstance(sheet.values[(r, c)], str)
            }
            if value_text in found and (key_text in found or label_text in found):
                header_row, cols = r, found
                break
        if header_row is None:
            self.out.problem(
                sheet.ref(start or 1, 1),
                f"“{spec['title']}”表缺少表头（{'、'.join(spec['columns'])}）",
                "header",
            )
            return
        labels = {cm.canon(f["label"]): f["key"] for f in cm.workbook_spec()["text_fields"]}
        key_col, label_col, value_col = cols.get(key_text), cols.get(label_text), cols[value_text]
        for r in sorted(sheet.rows):
            if r <= header_row:
                continue
            value = sheet.get(r, value_col)
            if value is None:
                continue
            key = _text(sheet.get(r, key_col)) if key_col else None
            if key is None and label_col is not None:
                key = labels.get(cm.canon(sheet.get(r, label_col) or ""))
            ref = sheet.ref(r, value_col)
            if key is None:
                self.out.problem(ref, "有内容但没有填写“键”（数据集字段名）", "unknown_key")
                continue
            self._set_kv(key, value, ref, sheet.ref(r, key_col) if key_col else ref)

    def _set_kv(self, key: str, value: Any, ref: str, key_ref: str) -> None:
        try:
            path = cm.parse_key(key)
        except cm.UnknownKey:
            self.out.problem(key_ref, f"未知字段“{key}”", "unknown_key", key)
            return
        if path[0] in ("functional_items", "economic_items"):
            self.out.problem(
                key_ref, f"“{key}”应填在公开表或“项级科目预算及说明”“经济分类明细”表中", "unknown_key", key
            )
            return
        kind, inner = cm.kind_of(path)
        try:
            converted = self._convert(kind, inner, value)
        except BadValue:
            self.out.problem(
                ref, f"“{_text(value)}”不是{_KIND_WORDS.get(kind, '有效的值')}（{key}）", "invalid_value", key
            )
            return
        if converted is None:
            return
        if cm.get_path(self.kv, path) is not None:
            self.out.problem(key_ref, f"字段“{key}”填写了两次", "duplicate_key", key)
            return
        cm.set_path(self.kv, path, converted)
        self.kv_cells[path] = ref

    def _convert(self, kind: str, inner: Any, value: Any) -> Any:
        if kind in ("amount", "signed", "number"):
            return parse_amount(value)
        if kind == "count":
            amount = parse_amount(value)
            if amount is None:
                return None
            if amount != amount.to_integral():
                raise BadValue(str(value))
            return int(amount)
        if kind == "code":
            digits = code_digits(value)
            if digits is None:
                raise BadValue(str(value))
            return digits
        if kind == "date":
            if isinstance(value, dt.datetime):
                return value.date()
            return value if isinstance(value, dt.date) else _text(value)
        if kind == "list":
            text = _text(value)
            if text is None:
                return None
            if text in ("（空）", "(空)"):
                return []
            element, element_inner = cm._classify(inner, ())
            return [self._convert(element, element_inner, line) for line in text.splitlines() if line.strip()]
        if kind == "map":
            if _text(value) in ("（空）", "(空)"):
                return {}
            raise BadValue(str(value))
        if kind == "model":
            raise BadValue(str(value))
        return _text(value)

    def _read_text_yaml(self) -> None:
        if self.text_yaml is None:
            return
        if not self.text_yaml.is_file():
            raise fail(str(self.text_yaml), f"文件不存在：{self.text_yaml}", "file_not_found")
        doc = load_yaml(self.text_yaml)
        if not isinstance(doc.data, dict):
            raise fail(doc.file, "文字内容文件应为 YAML 映射（键: 值）", "yaml_not_mapping")
        self.text_doc = doc
        for key in ("functional_items", "economic_items"):
            if key in doc.data:
                raise InputError(
                    [
                        InputProblem(
                            doc.file,
                            f"“{key}”应填在工作簿中，不能写在文字内容文件里",
                            doc.line_of((key,)),
                            None,
                            key,
                        )
                    ]
                )
        self._merge(self.kv, doc.data, ())

    def _merge(self, into: dict[str, Any], extra: dict[str, Any], base: PathT) -> None:
        assert self.text_doc is not None
        for key, value in extra.items():
            path = (*base, key)
            if key in into and isinstance(into[key], dict) and isinstance(value, dict):
                self._merge(into[key], value, path)
            elif key in into and into[key] is not None and into[key] != value:
                cell = self.kv_cells.get(path, "")
                self.out.problem(
                    cell,
                    f"“{key_path(path)}”在工作簿中为“{into[key]}”，在 {self.text_doc.file} 第"
                    f"{self.text_doc.line_of(path)}行为“{value}”",
                    "conflict",
                    key_path(path),
                )
            else:
                into[key] = copy.deepcopy(value)

    # -- profile, year, unit ----------------------------------------------------------------------------

    def _choose_layout(self) -> tuple[str, int, dict[str, Any], dict[str, list[Found]]]:
        department = self.kv.get("department") or {}
        year = department.get("year")
        if not isinstance(year, int):
            year = self._year_from_titles()
            if year is None:
                raise fail(
                    self.file, "缺少决算年度：请在“文字说明”表填写 department.year（决算年度）", "missing"
                )
        profile = department.get("profile")
        candidates = [profile] if profile in cm.profiles() else list(cm.profiles())
        if profile is not None and profile not in cm.profiles():
            raise fail(self.file, f"报告格式“{profile}”无效，可选：{'、'.join(cm.profiles())}", "choice")
        best = None
        for name in candidates:
            layout = load_layout(name, year)
            found = self._find_tables(layout)
            missing = sum(1 for t in layout["tables"] if t["id"] not in found)
            score = (-missing, len(found))
            if best is None or score > best[0]:
                best = (score, name, layout, found)
        assert best is not None
        return best[1], year, best[2], best[3]

    def _year_from_titles(self) -> int | None:
        for sheet in self.sheets:
            for value in sheet.values.values():
                if isinstance(value, str):
                    match = re.search(r"(20\d{2})\s*年度", value)
                    if match:
                        return int(match.group(1))
        return None

    def _find_tables(self, layout: dict[str, Any]) -> dict[str, list[Found]]:
        titles: dict[str, str] = {}
        for spec in layout["tables"]:
            for title in (spec["title"], *spec.get("aliases", ())):
                titles[cm.canon(title)] = spec["id"]
        by_length = sorted(titles, key=len, reverse=True)
        found: dict[str, list[Found]] = {}
        for sheet in self.sheets:
            hits_here = 0
            for (r, c), value in sorted(sheet.values.items()):
                if not isinstance(value, str) or len(value) > 80:
                    continue
                form = cm.title_forms(value)
                table_id = titles.get(form)
                if table_id is None:
                    for title in by_length:
                        if form.endswith(title) and re.search(r"\d{4}年", form[: -len(title)]):
                            table_id = titles[title]
                            break
                if table_id is not None:
                    found.setdefault(table_id, []).append(Found(table_id, sheet, r, c, sheet.ref(r, c)))
                    hits_here += 1
            if not hits_here:  # a sheet named after its table, without a title cell
                table_id = titles.get(cm.title_forms(re.sub(r"^\d+\s*", "", sheet.title)))
                if table_id is not None and table_id not in found:
                    found.setdefault(table_id, []).append(Found(table_id, sheet, 0, 1, sheet.ref(1, 1)))
        return found

    def _dataset_unit(self, found: dict[str, list[Found]]) -> str:
        unit = self.kv.get("unit")
        if unit in ("元", "万元"):
            return unit
        for spec in self.layout["tables"]:
            for hit in found.get(spec["id"], []):
                unit = _TableReader(self, spec, hit).unit_line()
                if unit:
                    return unit
        return self.layout.get("unit", "万元")

    # -- supplementary sheets -----------------------------------------------------------------------------

    def _read_input_sheet(self, spec: dict[str, Any]) -> None:
        hit = self._find_sheet(spec["title"])
        if hit is None:
            return
        sheet, start = hit
        wanted = {cm.canon(c["text"]): c for c in spec["columns"]}
        header_row, cols = None, {}
        unit = None
        for r in sorted(sheet.rows):
            if r < start:
                continue
            texts = {}
            for c in sheet.rows[r]:
                value = sheet.values[(r, c)]
                if isinstance(value, str):
                    unit = unit or cm.unit_in(value)
                    if cm.canon(value) in wanted:
                        texts[c] = wanted[cm.canon(value)]
            if len(texts) >= 2:
                header_row, cols = r, texts
                break
        if header_row is None:
            self.out.problem(sheet.ref(max(start, 1), 1), f"“{spec['title']}”表缺少表头", "header")
            return
        unit = unit or self.unit
        code_col = next((c for c, col in cols.items() if col["field"] == "code"), None)
        if code_col is None:
            self.out.problem(
                sheet.ref(header_row, 1), f"“{spec['title']}”表缺少“{spec['columns'][0]['text']}”列", "header"
            )
            return
        funds = {cm.canon(n): f for f, names in cm.workbook_spec()["funds"].items() for n in (f, *names)}
        for r in sorted(sheet.rows):
            if r <= header_row:
                continue
            raw_code = sheet.get(r, code_col)
            code = code_digits(raw_code)
            if code is None:
                if raw_code is not None and not (
                    isinstance(raw_code, str) and raw_code.startswith(("注", "说明"))
                ):
                    self.out.problem(sheet.ref(r, code_col), f"“{raw_code}”不是科目编码", "code_format")
                continue
            code_ref = sheet.ref(r, code_col)
            if spec["id"] == "items":
                if len(code) != 7:
                    self.out.problem(code_ref, f"科目编码“{code}”不是7位项级功能分类编码", "code_level")
                    continue
                self.out.item(code, code_ref, ordered=True)
            fund = "general_budget"
            fund_col = next((c for c, col in cols.items() if col["field"] == "fund"), None)
            if spec["id"] == "economic" and fund_col is not None and sheet.get(r, fund_col) is not None:
                fund = funds.get(cm.canon(sheet.get(r, fund_col)), "")
                if not fund:
                    self.out.problem(
                        sheet.ref(r, fund_col),
                        f"资金来源“{sheet.get(r, fund_col)}”无效，"
                        "可选：一般公共预算、政府性基金预算、国有资本经营预算",
                        "choice",
                    )
                    continue
            if spec["id"] == "economic":
                self.out.econ_entry(code, fund, code_ref, ordered=True)
            for c, col in cols.items():
                if col["kind"] not in ("amount", "text"):
                    continue
                value = sheet.get(r, c)
                ref = sheet.ref(r, c)
                if col["kind"] == "text":
                    text = _text(value)
                    if text is not None:
                        self.out.enter_func(code, tuple(col["field"].split(".")), text, ref)
                    continue
                amount = self._amount(sheet, r, c)
                if amount is None:
                    continue
                amount = self.convert(amount, unit)
                if spec["id"] == "items":
                    self.out.enter_func(code, tuple(col["field"].split(".")), amount, ref)
                else:
                    self.out.enter_econ(code, fund, col["field"], amount, ref)

    def _amount(self, sheet: Sheet, r: int, c: int) -> Decimal | None:
        value = sheet.get(r, c)
        if value is None:
            if (r, c) in sheet.no_value:
                self.out.problem(
                    sheet.ref(r, c), "公式没有计算结果（请在 Excel 或 WPS 中打开、重新计算并保存）", "formula"
                )
            return None
        try:
            return parse_amount(value)
        except BadValue:
            self.out.problem(sheet.ref(r, c), f"金额单元格内容“{_text(value)}”不是数字", "amount_type")
            return None

    def convert(self, amount: Decimal, unit: str | None) -> Decimal:
        if unit is None or unit == self.unit:
            return amount
        return amount / 10000 if self.unit == "万元" else amount * 10000

    # -- assembling the dataset -------------------------------------------------------------------------

    def _assemble(self) -> LoadedDataset:
        out = self.out
        data = copy.deepcopy(self.kv)
        cells: dict[PathT, str] = dict(self.kv_cells)
        department = data.setdefault("department", {})
        department.setdefault("profile", self.profile)
        department.setdefault("year", self.year)
        if "name" not in department and getattr(self, "org_name", None):
            department["name"] = self.org_name
        data.setdefault("unit", self.unit)
        amounts: list[Decimal] = []

        for path, (value, ref) in out.scalars.items():
            given = cm.get_path(data, path)
            if given is not None:
                if given != value:
                    out.problem(
                        ref,
                        f"填列为 {value}，与“文字说明”中 {cm.render_key(path)} 的 {given} 不一致",
                        "conflict",
                    )
                continue
            cm.set_path(data, path, value)
            cells[path] = ref
            amounts.append(value)
        tp = data.setdefault("three_public", {})
        purchase = out.composites.get("three_public.actual.vehicle_purchase")
        if purchase and purchase[0] and "purchases" not in (tp.get("vehicles") or {}):
            out.problem(
                purchase[1],
                "公务用车购置费不为0：请在“文字说明”表填写购置明细"
                "（three_public.vehicles.purchases[0].type / .count / .amount：车型、辆数、金额）",
                "missing",
            )
        reception = out.composites.get("three_public.actual.reception")
        if reception is not None:
            given = any("amount" in (tp.get(k) or {}) for k in ("domestic_reception", "foreign_reception"))
            if not given:
                cm.set_path(data, ("three_public", "domestic_reception", "amount"), reception[0])
                cells[("three_public", "domestic_reception", "amount")] = reception[1]
        if not tp:
            data.pop("three_public")

        items = []
        order = list(out.func_order) + sorted(c for c in out.func if c not in out.func_order)
        for i, code in enumerate(order):
            base: PathT = ("functional_items", i)
            item: dict[str, Any] = {"code": code}
            cells[(*base, "code")] = out.func_ref[code]
            fields = dict(out.func[code])
            fiscal = fields.pop(("income", "fiscal"), None)
            for fpath, (value, ref) in fields.items():
                cm.set_path(item, fpath, value)
                cells[(*base, *fpath)] = ref
                if isinstance(value, Decimal):
                    amounts.append(value)
            if fiscal is not None:
                value, ref = fiscal
                income = item.get("income", {})
                general = value - income.get("gov_fund", 0) - income.get("state_capital", 0)
                if "general_budget" in income and income["general_budget"] != general:
                    out.problem(ref, f"科目{code}的财政拨款收入与其各项资金来源之和不一致", "conflict")
                elif general < 0:
                    out.problem(
                        ref,
                        f"科目{code}的财政拨款收入 {value} "
                        "小于政府性基金预算和国有资本经营预算财政拨款收入之和",
                        "negative_amount",
                    )
                else:
                    cm.set_path(item, ("income", "general_budget"), general)
                    cells[(*base, "income", "general_budget")] = ref
                    amounts.append(general)
            items.append(item)
        if items:
            data["functional_items"] = items

        econ_items = []
        econ_order = out.econ_sheet_order + [k for k in out.econ_order if k not in out.econ_sheet_order]
        for i, key in enumerate(econ_order):
            code, fund = key
            entry: dict[str, Any] = {"code": code}
            if fund != "general_budget":
                entry["fund"] = fund
            cells[("economic_items", i, "code")] = out.econ_ref[key]
            for name, (value, ref) in out.econ[key].items():
                entry[name] = value
                cells[("economic_items", i, name)] = ref
                amounts.append(value)
            econ_items.append(entry)
        if econ_items:
            data["economic_items"] = econ_items
        amounts += [value for _, value, _ in out.checks]
        if "decimals" not in data:
            places = max((decimals_of(a) for a in amounts), default=2)
            data["decimals"] = min(max(2, places), cm.MAX_DECIMALS)
        self._raise_if_problems()

        document = self._document(data, cells)
        dataset = self._validate(data, document)
        prior = self._prior(dataset, document)
        loaded = LoadedDataset(dataset, document, self.path, prior)
        stated = self._stated(loaded, cells)
        if stated:
            data.setdefault("stated", {}).update(stated)
            document = self._document(data, cells)
            dataset = self._validate(data, document)
            loaded = LoadedDataset(dataset, document, self.path, prior)
        return loaded

    def _document(self, data: dict[str, Any], cells: dict[PathT, str]) -> WorkbookDocument:
        text_lines = dict(self.text_doc.lines) if self.text_doc else {}
        lines = {p: (0, 0) for p in cells} | text_lines
        return WorkbookDocument(
            self.file,
            data,
            lines,
            cells,
            self.text_doc.file if self.text_doc else None,
            text_lines,
        )

    def _locate(self, problems: list[InputProblem], document: WorkbookDocument) -> InputError:
        by_key = {key_path(p): p for p in (*document.cells, *document.text_lines)}
        located: list[InputProblem] = []
        for problem in problems:
            key = problem.key
            path = None
            probe = key
            while probe:
                if probe in by_key:
                    path = by_key[probe]
                    break
                cut = max(probe.rfind("."), probe.rfind("["))
                probe = probe[:cut] if cut > 0 else ""
            file, line, cell = document.origin_of(path) if path is not None else (self.file, None, None)
            text = f"{cell}：{problem.message}" if cell else str(problem.message)
            if cell is None and path is None and key.startswith(("department.", "department")):
                text = f"“文字说明”表：{problem.message}"
            located.append(CellProblem(file, text, line, None, key, problem.code, cell))
        return InputError(located)

    def _validate(self, data: dict[str, Any], document: WorkbookDocument) -> Dataset:
        context = {"unit": data.get("unit"), "decimals": data.get("decimals")}
        if context["unit"] not in ("元", "万元") or not isinstance(context["decimals"], int):
            context = {}
        try:
            return validate(data, document, context)
        except InputError as err:
            raise self._locate(err.problems, document) from None

    def _prior(self, dataset: Dataset, document: WorkbookDocument) -> LoadedDataset | None:
        if self.read_prior is None:
            return None
        try:
            return self.read_prior(dataset, document)
        except InputError as err:
            own = [p for p in err.problems if p.file == self.file]
            if own:
                raise self._locate(err.problems, document) from None
            raise

    def _stated(self, loaded: LoadedDataset, cells: dict[PathT, str]) -> dict[str, Decimal]:
        """The printed totals that differ from what the detail gives (each kept with its cell)."""
        try:
            derived = derive(loaded)
        except InputError as err:
            raise self._locate(err.problems, loaded.document) from None  # type: ignore[arg-type]
        ledger = derived.ledger
        explicit = loaded.dataset.stated
        stated: dict[str, Decimal] = {}
        for key, value, ref in self.out.checks:
            if key in explicit or key in stated:
                continue
            if key not in ledger:
                if value:
                    self.out.problem(
                        ref,
                        f"填列了 {value}，但工作簿中没有与之对应的明细数字（{key}）",
                        "stated_unknown",
                        key,
                    )
                continue
            figure = ledger[key]
            if figure.value is None or to_wan(value, self.unit) != figure.value:
                stated[key] = value
                cells[("stated", key)] = ref
        self._raise_if_problems()
        return stated


_KIND_WORDS = {
    "amount": "金额（数字）",
    "signed": "金额（数字）",
    "number": "数字",
    "count": "整数",
    "code": "科目编码",
    "list": "清单（每行一项）",
    "map": "有效的值",
    "model": "单个值（请按下级字段分别填写）",
}


# --------------------------------------------------------------------------- one table


class _TableReader:
    """Reads one table of the layout from its region of a sheet."""

    def __init__(self, importer: _Importer, spec: dict[str, Any], hit: Found) -> None:
        self.imp = importer
        self.out = importer.out
        self.spec = spec
        self.sheet = hit.sheet
        self.hit = hit
        self.aliases = cm.alias_map(importer.layout.get("header_aliases"), spec.get("header_aliases"))
        rows_after = [r for r in sorted(self.sheet.rows) if r > hit.row]
        titles_below = [
            f.row for fs in importer_found(importer) for f in fs if f.sheet is hit.sheet and f.row > hit.row
        ]
        end = min(titles_below) if titles_below else self.sheet.max_row + 1
        self.rows = [r for r in rows_after if r < end]
        self.min_col = min((self.sheet.rows[r][0] for r in self.rows), default=1)
        self.title = spec["title"]

    def alias(self, text: Any) -> str:
        form = cm.canon(text)
        return self.aliases.get(form, form)

    def unit_line(self) -> str | None:
        for r in [self.hit.row, *self.rows[:4]]:
            for c in self.sheet.rows.get(r, []):
                value = self.sheet.values[(r, c)]
                if isinstance(value, str):
                    unit = cm.unit_in(value)
                    if unit:
                        return unit
                    if cm.canon(value).startswith(("编制单位：", "部门：", "单位名称：")) and not getattr(
                        self.imp, "org_name", None
                    ):
                        name = cm.canon(value).split("：", 1)[1]
                        name = re.split(r"单位：|金额单位：", name)[0]
                        if name:
                            self.imp.org_name = name
        return None

    # -- header ---------------------------------------------------------------------------------------

    def _header_texts(self) -> set[str]:
        texts = set()
        for row in self.spec["header"]:
            for cell in row:
                texts.add(self.alias(cell["text"]))
        texts |= {self.alias(k) for k in self.aliases}
        return texts

    def _body_labels(self) -> set[str]:
        body = self.spec["body"]
        labels = set(TOTAL_LABELS) if body["kind"] in ("functional", "economic", "two_sided") else set()
        if body["kind"] == "two_sided":
            for row in body["left"]["rows"]:
                labels.add(cm.strip_enum(self.alias(row["label"])))
            for pair in body["closing"]:
                for side in ("left", "right"):
                    if pair.get(side):
                        labels.add(cm.strip_enum(self.alias(pair[side]["label"])))
            labels |= {cm.canon(e.name) for e in self.imp.catalogue.classes(self.imp.year)}
        if body["kind"] == "economic_panels":
            labels |= {cm.canon(p["footer"]["label"]) for p in body["panels"]}
        return labels

    def _is_note(self, r: int) -> bool:
        text = self.sheet.leftmost_text(r)
        return bool(text) and cm.canon(text).startswith(("注：", "说明：", "注1", "备注："))

    def _is_body(self, r: int, labels: set[str]) -> bool:
        first = self.sheet.rows[r][0]
        text = self.sheet.values[(r, first)] if first == self.min_col else None
        form = cm.strip_enum(self.alias(text)) if isinstance(text, str) else ""
        if form in IGNORED_HEADERS:
            return False
        if form in labels:
            return True
        return any(_is_number_cell(self.sheet.values[(r, c)]) for c in self.sheet.rows[r])

    def layout_header(self) -> bool:
        """Find the header rows and the body rows; False (with a problem) when there is no header."""
        known = self._header_texts()
        labels = self._body_labels()
        start = None
        for i, r in enumerate(self.rows):
            if any(
                isinstance(self.sheet.values[(r, c)], str) and self.alias(self.sheet.values[(r, c)]) in known
                for c in self.sheet.rows[r]
            ):
                start = i
                break
        if start is None:
            self.out.problem(self.hit.ref, f"表“{self.title}”下方未找到可识别的表头", "header")
            return False
        header = [self.rows[start]]
        body_from = len(self.rows)
        for i in range(start + 1, len(self.rows)):
            r = self.rows[i]
            if self._is_body(r, labels) or self._is_note(r):
                body_from = i
                break
            header.append(r)
        self.header_rows = header
        self.body_rows = [r for r in self.rows[body_from:] if not self._is_note(r)]
        self.columns = self._column_paths()
        return True

    def _column_paths(self) -> dict[int, list[str]]:
        sheet = self.sheet
        cols = {c for r in [*self.header_rows, *self.body_rows] for c in sheet.rows.get(r, [])}
        for r in self.header_rows:
            cols |= {c for (rr, c) in sheet.cover if rr == r}
        last = self.header_rows[-1]
        out: dict[int, list[str]] = {}
        for c in sorted(cols):
            top = sheet.cover.get((last, c))
            if top is not None and top[1] < c:
                continue
            path: list[str] = []
            for r in self.header_rows:
                value = sheet.shown(r, c)
                if value is None or not isinstance(value, str):
                    continue
                text = self.alias(value)
                if cm.unit_in(value) or text.startswith("编制单位"):
                    continue
                if not path or path[-1] != text:
                    path.append(text)
            out[c] = path
        return out

    def header_ref(self, c: int) -> str:
        for r in reversed(self.header_rows):
            if self.sheet.shown(r, c) is not None:
                top = self.sheet.cover.get((r, c), (r, c))
                return self.sheet.ref(*top)
        return self.sheet.ref(self.header_rows[0], c)

    def match(self, layout_paths: dict[int, list[str]], candidates: list[int]) -> dict[int, int] | None:
        """Layout column → sheet column, by header text; None (with a problem) when one is missing."""
        pairs = []
        for lc, lpath in layout_paths.items():
            want = [self.alias(t) for t in lpath]
            for sc in candidates:
                spath = self.columns.get(sc, [])
                have = set(spath)
                if not want or want[-1] not in have:
                    continue
                score = 10 * sum(1 for t in want if t in have) - len(have - set(want))
                pairs.append((-score, lc, sc))
        pairs.sort()
        taken_l: dict[int, int] = {}
        taken_s: set[int] = set()
        for _, lc, sc in pairs:
            if lc in taken_l or sc in taken_s:
                continue
            taken_l[lc] = sc
            taken_s.add(sc)
        missing = [lc for lc in layout_paths if lc not in taken_l]
        if missing:
            names = "、".join("/".join(layout_paths[lc]) for lc in missing)
            self.out.problem(
                self.sheet.ref(self.header_rows[0], min(self.columns) if self.columns else 1),
                f"表“{self.title}”的表头中未找到列：{names}",
                "header",
            )
            return None
        for sc in candidates:
            if sc in taken_s or not self.columns.get(sc):
                continue
            if set(self.columns[sc]) & IGNORED_HEADERS:
                continue
            if any(_is_number_cell(self.sheet.get(r, sc)) for r in self.body_rows):
                self.out.problem(
                    self.header_ref(sc),
                    f"表“{self.title}”的表头“{'/'.join(self.columns[sc])}”无法识别",
                    "header",
                )
                return None
        return taken_l

    # -- values ---------------------------------------------------------------------------------------

    def amount(self, r: int, c: int) -> Decimal | None:
        value = self.imp._amount(self.sheet, r, c)
        return None if value is None else self.imp.convert(value, self.table_unit)

    def give(self, key: str, value: Decimal, ref: str, create: bool = True) -> None:
        """A figure of ledger ``key`` read at ``ref``: entered detail, or a printed total."""
        target = cm.entered_target(key)
        if target is None:
            self.out.checks.append((key, value, ref))
        elif target[0] == "func":
            self.out.enter_func(target[1], target[2], value, ref)
        elif target[0] == "econ":
            _, code, fund, name = target
            self.out.enter_econ(code, fund, name, value, ref, create=create or bool(value))
        elif target[0] == "scalar":
            self.out.enter_scalar(target[1], value, ref)
        else:
            if key not in self.out.composites:
                self.out.composites[key] = (value, ref)
            self.out.checks.append((key, value, ref))

    # -- reading --------------------------------------------------------------------------------------

    def read(self) -> None:
        self.table_unit = self.unit_line() or self.imp.unit
        if not self.layout_header():
            return
        kind = self.spec["body"]["kind"]
        getattr(self, f"read_{kind}")(self.spec["body"])

    def _layout_paths(self) -> list[list[str]]:
        return cm.header_paths(self.spec["header"], cm.body_width(self.spec))

    def _leaf_col(self, leaves: set[str], after: int = 0) -> int | None:
        for c in sorted(self.columns):
            if c > after and self.columns[c] and self.columns[c][-1] in leaves:
                return c
        return None

    def _code(
        self, r: int, cols: list[int], last: list[str | None], sizes: tuple[int, ...]
    ) -> tuple[str | None, str | None]:
        """(code, ref of its first cell) of a row; split codes inherit a blank 类/款 from the rows above."""
        parts = [code_digits(self.sheet.get(r, c)) for c in cols]
        refs = [self.sheet.ref(r, c) for c, p in zip(cols, parts, strict=True) if p is not None]
        if not refs:
            return None, None
        if len(cols) == 1:
            return parts[0], refs[0]
        parts = parts[: len(sizes)]
        parts = [p if p is None or i == 0 else p.zfill(2) for i, p in enumerate(parts)]
        for i in range(len(parts) - 1):
            if parts[i] is None and any(parts[i + 1 :]):
                parts[i] = last[i]
        code = ""
        for i, p in enumerate(parts):
            if p is None:
                break
            code += p
            if i < len(last):
                last[i] = p
        return code or None, refs[0]

    def _code_cols(self, before: int, after: int = 0) -> list[int]:
        cols = set()
        for r in self.body_rows:
            for c in self.sheet.rows.get(r, []):
                if after < c < before and code_digits(self.sheet.values[(r, c)]) is not None:
                    cols.add(c)
        return sorted(cols)

    def _is_total_row(self, r: int, upto: int) -> bool:
        for c in self.sheet.rows.get(r, []):
            value = self.sheet.values[(r, c)]
            if c <= upto and isinstance(value, str) and self.alias(value) in TOTAL_LABELS:
                return True
        return False

    def read_functional(self, body: dict[str, Any]) -> None:
        self._read_list(body, functional=True)

    def read_economic(self, body: dict[str, Any]) -> None:
        self._read_list(body, functional=False)

    def _read_list(self, body: dict[str, Any], functional: bool) -> None:
        name_col = self._leaf_col({"科目名称"})
        if name_col is None:
            self.out.problem(self.hit.ref, f"表“{self.title}”的表头中未找到“科目名称”列", "header")
            return
        code_cols = self._code_cols(name_col)
        paths = self._layout_paths()
        layout_cols = {i + 2: paths[i + 2] for i in range(len(body["columns"]))}
        candidates = [c for c in self.columns if c > name_col]
        mapping = self.match(layout_cols, candidates)
        if mapping is None:
            return
        sizes = (3, 2, 2) if functional else (3, 2)
        levels = {3: "类", 5: "款", 7: "项"} if functional else {3: "类", 5: "款"}
        last: list[str | None] = [None, None, None]
        for r in self.body_rows:
            values = {}
            for lc, sc in mapping.items():
                amount = self.amount(r, sc)
                if amount is not None:
                    values[lc - 2] = (amount, self.sheet.ref(r, sc))
            if self._is_total_row(r, name_col):
                for i, (amount, ref) in values.items():
                    column = body["columns"][i]
                    self.give(column.get("total", column["measure"]), amount, ref)
                continue
            code, code_ref = self._code(r, code_cols, last, sizes)
            if code is None:
                name = _text(self.sheet.get(r, name_col))
                if values:
                    ref = self.sheet.ref(r, name_col)
                    self.out.problem(ref, f"“{name or ''}”行有金额但没有科目编码", "code_format")
                continue
            level = levels.get(len(code))
            if level is None:
                self.out.problem(
                    code_ref,
                    f"科目编码“{code}”的位数不对（应为{'3、5或7' if functional else '3或5'}位）",
                    "code_format",
                )
                continue
            if functional and level == "项":
                assert code_ref is not None  # a code has the ref of its first cell
                self.out.item(code, code_ref)
            for i, (amount, ref) in values.items():
                column = body["columns"][i]
                if functional:
                    self.give(f"func.{code}.{column['measure']}", amount, ref)
                else:
                    self.give(f"econ.{body['fund']}.{code}.{column['measure']}", amount, ref)

    def read_economic_panels(self, body: dict[str, Any]) -> None:
        fund, measure = body["fund"], body["measure"]
        names = [c for c in sorted(self.columns) if self.columns[c] and self.columns[c][-1] == "科目名称"]
        amounts = [c for c in sorted(self.columns) if self.columns[c] and self.columns[c][-1] == "决算数"]
        if not names or len(names) != len(amounts):
            self.out.problem(
                self.hit.ref, f"表“{self.title}”的表头无法识别（应有“科目名称”和“决算数”列）", "header"
            )
            return
        footers = {cm.canon(p["footer"]["label"]): p["footer"]["key"] for p in body["panels"]}
        previous = 0
        for name_col, amount_col in zip(names, amounts, strict=True):
            code_cols = self._code_cols(name_col, previous)
            last: list[str | None] = [None, None]
            for r in self.body_rows:
                amount = self.amount(r, amount_col)
                code, code_ref = self._code(r, code_cols, last, (3, 2))
                ref = self.sheet.ref(r, amount_col)
                if code is None:
                    label = None
                    for c in self.sheet.rows.get(r, []):
                        if previous < c < amount_col and isinstance(self.sheet.values[(r, c)], str):
                            label = cm.canon(self.sheet.values[(r, c)])
                    if label in footers:
                        if amount is not None:
                            self.give(footers[label], amount, ref)
                    elif amount is not None:
                        self.out.problem(ref, f"“{label or ''}”行有金额但没有经济分类科目编码", "code_format")
                    continue
                if len(code) not in (3, 5):
                    self.out.problem(
                        code_ref, f"经济分类科目编码“{code}”的位数不对（应为3或5位）", "code_format"
                    )
                    continue
                if amount is None:
                    continue
                self.give(f"econ.{fund}.{code}.{measure}", amount, ref, create=False)
            previous = amount_col

    def read_two_sided(self, body: dict[str, Any]) -> None:
        labels = [c for c in sorted(self.columns) if self.columns[c] and self.columns[c][-1] == "项目"]
        if len(labels) != 2:
            self.out.problem(self.hit.ref, f"表“{self.title}”的表头应有收入、支出两个“项目”列", "header")
            return
        left_label, right_label = labels
        left_width = len(body["left"]["rows"][0]["keys"])
        measures = body["right"]["classes"]["measures"]
        paths = self._layout_paths()
        left_layout = {1 + i: paths[1 + i] for i in range(left_width)}
        right_layout = {2 + left_width + i: paths[2 + left_width + i] for i in range(len(measures))}
        left_cols = [c for c in sorted(self.columns) if left_label < c < right_label and self.columns[c]]
        right_cols = [c for c in sorted(self.columns) if c > right_label and self.columns[c]]
        left_map = self.match(left_layout, left_cols)
        right_map = self.match(right_layout, right_cols)
        if left_map is None or right_map is None:
            return
        left_entries = [(cm.strip_enum(self.alias(r["label"])), r["keys"]) for r in body["left"]["rows"]]
        left_entries += [
            (cm.strip_enum(self.alias(p["left"]["label"])), p["left"]["keys"])
            for p in body["closing"]
            if p.get("left")
        ]
        right_entries = {
            cm.strip_enum(self.alias(p["right"]["label"])): p["right"]["keys"]
            for p in body["closing"]
            if p.get("right")
        }
        classes = {cm.canon(e.name): e.code for e in self.imp.catalogue.classes(self.imp.year)}
        used = [False] * len(left_entries)
        for r in self.body_rows:
            label = self.sheet.get(r, left_label)
            if isinstance(label, str):
                form = cm.strip_enum(self.alias(label))
                index = next((i for i, (t, _) in enumerate(left_entries) if t == form and not used[i]), None)
                if index is None:
                    index = next((i for i, (t, _) in enumerate(left_entries) if t == form), None)
                values = [(i, self.amount(r, left_map[1 + i])) for i in range(left_width)]
                if index is None:
                    if any(v is not None for _, v in values):
                        self.out.problem(self.sheet.ref(r, left_label), f"无法识别的行“{label}”", "row")
                else:
                    used[index] = True
                    for i, value in values:
                        if value is not None:
                            self.give(left_entries[index][1][i], value, self.sheet.ref(r, left_map[1 + i]))
            label = self.sheet.get(r, right_label)
            if isinstance(label, str):
                form = cm.strip_enum(self.alias(label))
                keys = right_entries.get(form)
                if keys is None and form in classes:
                    keys = [f"func.{classes[form]}.{m}" for m in measures]
                values = [(i, self.amount(r, right_map[2 + left_width + i])) for i in range(len(measures))]
                if keys is None:
                    if any(v is not None for _, v in values):
                        self.out.problem(self.sheet.ref(r, right_label), f"无法识别的行“{label}”", "row")
                    continue
                for i, value in values:
                    if value is not None:
                        self.give(keys[i], value, self.sheet.ref(r, right_map[2 + left_width + i]))

    def read_fixed(self, body: dict[str, Any]) -> None:
        paths = self._layout_paths()
        keyed: dict[int, str] = {}
        for row in body["rows"]:
            col = 0
            for cell in row:
                if "key" in cell:
                    keyed[col] = cell["key"]
                col += cell.get("colspan", 1)
        mapping = self.match({c: paths[c] for c in keyed}, [c for c in self.columns if self.columns[c]])
        if mapping is None:
            return
        for r in self.body_rows:
            values = {lc: self.amount(r, sc) for lc, sc in mapping.items()}
            if all(v is None for v in values.values()):
                continue
            for lc, value in values.items():
                if value is not None:
                    self.give(keyed[lc], value, self.sheet.ref(r, mapping[lc]))
            break


def importer_found(importer: _Importer) -> list[list[Found]]:
    """Every title found in the chosen layout (to end a table's region at the next title in its sheet)."""
    cached = getattr(importer, "_found_cache", None)
    if cached is None:
        cached = list(importer._find_tables(importer.layout).values())
        importer._found_cache = cached
    return cached


_ = FUNDS
