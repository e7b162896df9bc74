"""The PDF (juesuan.render.pdf): the example's text, figures, 目录, pages, fonts and determinism.

The example is rendered once per module (under a second with Typst); the checks read it back with
pdfplumber (text), pdfminer (font dictionaries, catalogue) and, where installed, poppler's ``pdffonts``.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from juesuan.build import prepare
from juesuan.document import Block
from juesuan.render.pdf import (
    FONT_FAMILIES,
    FONT_POSTSCRIPT_NAMES,
    WIDE_COLUMNS,
    render_pdf,
    render_pdf_checked,
    typst_string,
)

from .conftest import EXAMPLE

PARTS = [
    "第一部分 部门概况",
    "第二部分 2024年度部门决算情况说明",
    "第三部分 名词解释",
    "第四部分 附件",
    "第五部分 附表",
]
SECTIONS = [
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明",
    "十、其他重要事项的情况说明",
    "一、收入支出决算总表",
    "八、一般公共预算财政拨款基本支出决算表",
    "十三、财政拨款“三公”经费支出决算表",
]
FIGURES = ["243.40", "243.33", "243.38", "36.64", "15.06%", "17.89", "17.75%", "29.04%", "54.93%"]
FOOTER = re.compile(r"— (\d+) —\s*$")
TOC_ENTRY = re.compile(r"^(\S.*?)\s*\.{3,}\s*(\d+)$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def view():
    return prepare(EXAMPLE)


@pytest.fixture(scope="module")
def rendered(view):
    return render_pdf_checked(view)


@pytest.fixture(scope="module")
def pdf_path(rendered, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(rendered.data)
    return path


@pytest.fixture(scope="module")
def pages(pdf_path) -> list[tuple[str, float, float]]:
    """Each page's text, width and height."""
    with pdfplumber.open(pdf_path) as pdf:
        return [(page.extract_text() or "", page.width, page.height) for page in pdf.pages]


def page_number(text: str) -> int | None:
    match = FOOTER.search(text)
    return int(match.group(1)) if match else None


def test_is_a_pdf_with_metadata(rendered, pdf_path, view):
    assert rendered.data.startswith(b"%PDF-")
    with pdfplumber.open(pdf_path) as pdf:
        meta = pdf.metadata
    assert meta["Title"] == view.title == "乐山市金口河区信访局2024年度部门决算"
    assert meta["Author"] == "乐山市金口河区信访局"
    assert "CreationDate" not in meta and "ModDate" not in meta


def test_headings_and_figures_are_present(pages, view):
    text = squash("".join(t for t, _, _ in pages))
    for heading in [*PARTS, *SECTIONS]:
        assert squash(heading) in text, heading
    for block in view.blocks:  # every heading of the report, not only the ones listed here
        if block.kind == "heading":
            assert squash(block.text) in text, block.text
    for figure in FIGURES:
        assert figure in text, figure


def test_pages(pages):
    assert 30 <= len(pages) <= 80
    title_page, toc_page, first_body = pages[0][0], pages[1][0], pages[2][0]
    assert squash(title_page) == "乐山市金口河区信访局2024年度部门决算"  # no header, no page number
    assert squash(toc_page).startswith("目录") and page_number(toc_page) is None
    assert page_number(first_body) == 1
    assert first_body.startswith("乐山市金口河区信访局2024年度部门决算")  # the running header
    numbers = [page_number(t) for t, _, _ in pages[2:]]
    assert numbers == list(range(1, len(pages) - 1))


def test_toc_lists_every_part_and_section_with_its_page(pages):
    toc = pages[1][0]
    entries = {squash(m.group(1)): int(m.group(2)) for m in map(TOC_ENTRY.match, toc.splitlines()) if m}
    assert squash(PARTS[1]) in entries
    assert all(squash(p) in entries for p in PARTS)
    assert len(entries) >= len(PARTS) + len(SECTIONS)
    by_number = {page_number(t): squash(t) for t, _, _ in pages[2:]}
    for entry, number in entries.items():
        assert entry in by_number[number], f"目录 says {entry} is on page {number}"
    part2 = next(i for i, (t, _, _) in enumerate(pages) if i > 1 and squash(PARTS[1]) in squash(t))
    assert page_number(pages[part2][0]) == entries[squash(PARTS[1])]


def test_each_part_starts_a_page(pages):
    for part in PARTS:
        first = next(t for t, _, _ in pages[2:] if squash(part) in squash(t))
        body = squash(first.split("\n", 1)[1])  # after the running header
        assert body.startswith(squash(part)), part


def test_wide_tables_are_landscape(pages):
    def page_of(heading: str) -> tuple[str, float, float]:
        return next(p for p in pages[2:] if squash(heading) in squash(p[0]))

    _, width, height = page_of("二、收入决算表")  # 9 columns
    assert width > height
    _, width, height = page_of("十三、财政拨款“三公”经费支出决算表")  # 12 columns
    assert width > height
    _, width, height = page_of("八、一般公共预算财政拨款基本支出决算表")  # 6 columns
    assert width < height


def test_only_the_three_cjk_fonts_no_fallback_no_missing_glyph(rendered, pages):
    assert set(rendered.fonts) <= FONT_FAMILIES
    assert "AR PL UMing CN" in rendered.fonts and "WenQuanYi Zen Hei" in rendered.fonts
    assert rendered.fallback_fonts == []
    assert rendered.missing_glyphs == []
    assert rendered.messages == []  # no Typst warning
    text = "".join(t for t, _, _ in pages)
    assert "\ufffd" not in text
    for char in "（）“”、；：—%0123456789.":
        assert char in text, char


def _font_dicts(path: Path) -> list[dict]:
    with path.open("rb") as f:
        document = PDFDocument(PDFParser(f))
        fonts = []
        for xref in document.xrefs:
            for objid in xref.get_objids():
                obj = resolve1(document.getobj(objid))
                if isinstance(obj, dict) and getattr(obj.get("Type"), "name", None) == "Font":
                    font = dict(obj)
                    if "DescendantFonts" in font:
                        descendant = resolve1(resolve1(font["DescendantFonts"])[0])
                        font["FontDescriptor"] = resolve1(descendant.get("FontDescriptor"))
                    else:
                        font["FontDescriptor"] = resolve1(font.get("FontDescriptor"))
                    fonts.append(font)
        return fonts


def test_every_font_is_embedded(pdf_path):
    fonts = _font_dicts(pdf_path)
    assert fonts
    for font in fonts:
        name = font["BaseFont"].name if isinstance(font["BaseFont"], PSLiteral) else font["BaseFont"]
        descriptor = font["FontDescriptor"] or {}
        assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), f"{name} is not embedded"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_says_embedded(pdf_path):
    lines = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = lines.splitlines()[2:]
    assert rows
    for row in rows:
        # name, type (two words), encoding, emb, sub, uni, object id, generation
        fields = row.split()
        assert fields[-5] == "yes", row  # emb
        assert re.sub(r"^[A-Z]{6}\+", "", fields[0]) in FONT_POSTSCRIPT_NAMES, (
            row
        )  # subset of one of the three


def test_pdf_is_deterministic(rendered, view):
    assert render_pdf(view) == rendered.data


def test_missing_glyphs_are_reported(view):
    small = dataclasses.replace(
        view, blocks=[Block("title", "测试"), Block("paragraph", "甲\U00020000乙\U0001f600丙")]
    )
    out = render_pdf_checked(small)
    assert out.missing_glyphs or out.fallback_fonts  # 𠀀 is in none of the three fonts, 😀 neither


def test_every_wide_table_and_only_those_is_on_a_landscape_page(pages, view):
    headings = {
        b.ref: prev.text for prev, b in zip(view.blocks, view.blocks[1:], strict=False) if b.kind == "table"
    }
    assert len(headings) == len(view.tables) == 13
    for ref, heading in headings.items():
        _, width, height = next(p for p in pages[2:] if squash(heading) in squash(p[0]))
        assert (width > height) == (view.tables[ref].column_count >= WIDE_COLUMNS), heading


def test_outline_targets_and_bookmarks(pdf_path):
    """The PDF's bookmarks follow the headings, like the 目录."""
    with pdf_path.open("rb") as f:
        document = PDFDocument(PDFParser(f))
        outlines = [(level, title) for level, title, *_ in document.get_outlines()]
    assert (1, PARTS[0]) in outlines and (1, PARTS[4]) in outlines
    assert (2, SECTIONS[0]) in outlines


def test_tagged_with_language(pdf_path):
    with pdf_path.open("rb") as f:
        catalog = PDFDocument(PDFParser(f)).catalog
        lang = resolve1(catalog["Lang"])
        marked = resolve1(resolve1(catalog["MarkInfo"])["Marked"])
        assert "StructTreeRoot" in catalog
    assert lang in (b"zh-CN", "zh-CN")
    assert marked is True


GARBAGE = '#let x = 1 $a^2$ *粗* _斜_ [链] @ref <lab> \\ " // 注 /* 块 */ `代码` ~ -- = 标题 #{1}'


def test_typst_string_escapes_everything():
    assert typst_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert typst_string(GARBAGE).count('"') == GARBAGE.count('"') + 2


def test_markup_characters_in_the_data_are_printed_as_they_are(view):
    first = view.tables["T1"]
    row = (dataclasses.replace(first.body[0][0], value=GARBAGE), *first.body[0][1:])
    table = dataclasses.replace(first, body=(row, *first.body[1:]))
    small = dataclasses.replace(
        view,
        title=GARBAGE,
        blocks=[
            Block("title", GARBAGE),
            Block("heading", "第一部分 " + GARBAGE, level=1, anchor="h1"),
            Block("paragraph", GARBAGE),
            Block("table", ref="T1"),
        ],
        tables={"T1": table},
    )
    out = render_pdf_checked(small)
    assert out.messages == []
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        text = squash("".join(page.extract_text() or "" for page in pdf.pages))
        assert pdf.metadata["Title"] == GARBAGE
    assert text.count(squash(GARBAGE)) >= 4  # title page, heading (and running header), paragraph, table cell


def test_same_input_same_bytes_across_renderings(view):
    first = render_pdf(view)
    other = prepare(EXAMPLE)  # a fresh view of the same input
    assert render_pdf(other) == first


def test_a_forced_report_is_marked(tmp_path):
    from .test_cli import MINIMAL

    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(MINIMAL + "balances: {closing: 5.00}\n", encoding="utf-8")
    forced = prepare(dataset, force=True)
    assert not forced.passed_check
    out = render_pdf_checked(forced)
    assert out.messages == [] and out.missing_glyphs == []
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        texts = [squash(page.extract_text() or "") for page in pdf.pages]
    text = "".join(texts)
    assert "【未通过校验】" in texts[0]  # the banner on the title page
    assert all(set("未通过校验") <= set(t) for t in texts)  # the watermark (rotated) on every page
    assert "附：校验发现的问题" in text and "[T001]" in text


def test_every_amount_of_every_table_is_printed(pages, view):
    from decimal import Decimal

    from juesuan.render.cells import cell_text

    text = squash("".join(t for t, _, _ in pages))
    amounts = {
        cell_text(cell)
        for table in [*view.tables.values(), *view.evaluations]
        for row in table.body
        for cell in row
        if isinstance(cell.value, Decimal)
    }
    assert len(amounts) > 30
    assert sorted(a for a in amounts if a not in text) == []


def test_charts_are_drawn_with_searchable_text(pages, view):
    """The charts are the HTML's drawings with their text kept as text: titles and labels can be found."""
    text = squash("".join(t for t, _, _ in pages))
    for chart in view.charts.values():
        assert squash(chart.title) in text, chart.title
