"""Tests for juesuan.render.docx: the report as a Word document, read back with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from juesuan.build import prepare
from juesuan.render.cells import cell_text
from juesuan.render.docx import render_docx
from juesuan.viewmodel import ReportView

from .conftest import EXAMPLE, MINIMAL

W_TC, W_TR, W_P = qn("w:tc"), qn("w:tr"), qn("w:p")


@pytest.fixture(scope="module")
def view() -> ReportView:
    return prepare(EXAMPLE)


@pytest.fixture(scope="module")
def data(view: ReportView) -> bytes:
    return render_docx(view)


@pytest.fixture(scope="module")
def document(data: bytes):
    return docx.Document(io.BytesIO(data))


def _cell_texts(table) -> list[str]:
    """The text of every cell that starts in its row (vMerge continuations left out), in order."""
    out = []
    for tc in table._tbl.iter(W_TC):
        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
            continue
        out.append("\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(W_P)))
    return out


def _model_tables(view: ReportView):
    """The table models in the order the blocks show them (附表 and 自评表)."""
    out = []
    for block in view.blocks:
        if block.kind == "table":
            out.append(view.tables[block.ref])
        elif block.kind == "evaluation":
            out.append(view.evaluations[int(block.ref)])
    return out


def _table_by_id(view: ReportView, document, table_id: str):
    index = [t.id for t in _model_tables(view)].index(table_id)
    return document.tables[index]


# --------------------------------------------------------------------------- text


def test_title(view: ReportView, document) -> None:
    titles = [p.text.replace("\n", "") for p in document.paragraphs if p.style.name == "Title"]
    assert titles == [view.title]


def test_headings_in_order_with_heading_styles(view: ReportView, document) -> None:
    expected = [(b.level, b.text) for b in view.blocks if b.kind == "heading"]
    found = [
        (int(p.style.name.rsplit(" ", 1)[1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert found == expected
    assert {level for level, _ in expected} == {1, 2, 3, 4}


def test_paragraphs_and_notes_in_order(view: ReportView, document) -> None:
    expected = [b.text for b in view.blocks if b.kind in ("paragraph", "note")]
    found = [p.text for p in document.paragraphs if p.style.name in ("Normal", "Report Note")]
    assert found == expected


def test_toc_field_and_update_on_open(view: ReportView, data: bytes, document) -> None:
    instructions = [el.text for el in document.element.body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    toc_heading = [p for p in document.paragraphs if p.style.name == "TOC Heading"]
    assert len(toc_heading) == 1 and toc_heading[0].text.replace("\u3000", "") == "目录"
    # Cached entries: the level 1–2 headings, each linked to a bookmark on its heading.
    entries = [p for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    expected = [b.text for b in view.blocks if b.kind == "heading" and b.level <= 2]
    assert [p.text.rstrip("\t") for p in entries] == expected
    bookmarks = {el.get(qn("w:name")) for el in document.element.body.iter(qn("w:bookmarkStart"))}
    anchors = [el.get(qn("w:anchor")) for el in document.element.body.iter(qn("w:hyperlink"))]
    assert len(anchors) == len(expected) and set(anchors) <= bookmarks
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        settings = package.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    assert "<w:evenAndOddHeaders" in settings


def test_footer_page_numbers(document) -> None:
    footers = []
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            if not footer.is_linked_to_previous:
                footers.append(footer)
    assert len(footers) == 2  # odd and even, defined once and inherited by the later sections
    for footer in footers:
        instructions = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        text = footer.paragraphs[0].text
        assert text.startswith("\u2014 ") and text.endswith(" \u2014")
    # The cover and the 目录 are not numbered; the body starts at page 1.
    first = document.sections[0]
    assert first.footer.is_linked_to_previous
    numbered = document.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert numbered is not None and numbered.get(qn("w:start")) == "1"


def test_images(view: ReportView, document) -> None:
    assert len(document.inline_shapes) == 7
    charts = [b.ref for b in view.blocks if b.kind == "chart"]
    assert len(charts) == 7
    for shape, ref in zip(document.inline_shapes, charts, strict=True):
        assert abs(shape.width - Cm(15.6)) < Cm(0.02)
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == view.charts[ref].title


# --------------------------------------------------------------------------- tables


def test_sixteen_tables_with_the_models_text(view: ReportView, document) -> None:
    models = _model_tables(view)
    assert len(models) == 16
    assert len(document.tables) == 16
    for model, table in zip(models, document.tables, strict=True):
        expected = [cell_text(c) for row in (*model.header, *model.body) for c in row]
        assert _cell_texts(table) == expected, model.id


def test_key_figures(view: ReportView, document) -> None:
    t1 = _cell_texts(_table_by_id(view, document, "T1"))
    assert t1.count("243.40") == 2
    t3 = _cell_texts(_table_by_id(view, document, "T3"))
    assert {"243.38", "200.03", "43.35"} <= set(t3)
    t8 = _cell_texts(_table_by_id(view, document, "T8"))
    assert {"182.09", "17.89"} <= set(t8)


def test_table_titles_meta_and_notes(view: ReportView, document) -> None:
    by_style = lambda name: [p.text for p in document.paragraphs if p.style.name == name]  # noqa: E731
    models = _model_tables(view)
    assert by_style("Table Title") == [t.title for t in models]
    assert by_style("Table Meta") == [f"{t.org_line}\t{t.unit_line}" for t in models if t.org_line]
    assert by_style("Table Note") == [t.note for t in models if t.note]


def test_merged_cells_follow_the_model(view: ReportView, document) -> None:
    table = _table_by_id(view, document, "T3")
    first_row = table._tbl.tr_lst[0]
    tcs = first_row.tc_lst
    assert tcs[0].grid_span == 2 and cell_text(view.tables["T3"].header[0][0]) == "项目"
    assert tcs[1].vMerge == "restart"
    second_row = table._tbl.tr_lst[1].tc_lst
    assert [tc.vMerge for tc in second_row[2:]] == ["continue"] * 6
    # Every row spans the whole grid.
    for tr in table._tbl.tr_lst:
        assert sum(tc.grid_span for tc in tr.tc_lst) == view.tables["T3"].column_count


def test_header_rows_repeat_and_rows_do_not_split(view: ReportView, document) -> None:
    models = _model_tables(view)
    for model, table in zip(models, document.tables, strict=True):
        rows = table._tbl.tr_lst
        for i, tr in enumerate(rows):
            trpr = tr.trPr
            assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
            is_header = trpr.find(qn("w:tblHeader")) is not None
            assert is_header == (i < len(model.header)), (model.id, i)
        if model.id.startswith("T"):
            assert len(model.header) >= 1


def test_amounts_right_aligned_table_fonts(view: ReportView, document) -> None:
    table = _table_by_id(view, document, "T1")
    body_row = table.rows[len(view.tables["T1"].header)]
    amount = body_row.cells[1].paragraphs[0]
    assert amount.text == "243.33"
    assert amount.paragraph_format.alignment is not None and amount.paragraph_format.alignment == 2  # right
    fonts = amount.runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "Times New Roman"
    style = document.styles["Table Text"]
    assert style.font.size.pt == 10 and style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_table_width_is_the_text_width(view: ReportView, document) -> None:
    for model, table in zip(_model_tables(view), document.tables, strict=True):
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        landscape = model.id.startswith("T") and model.column_count >= 7
        assert sum(widths) == (12756 if landscape else 8845), model.id
        if model.id in ("T3", "T8"):  # code column narrower than name column
            assert widths[0] < widths[1]


# --------------------------------------------------------------------------- page, fonts, styles


def test_page_setup(view: ReportView, document) -> None:
    first = document.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert [round(m.cm, 1) for m in margins] == [3.7, 3.5, 2.8, 2.6]
    landscape = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert landscape and all(round(s.page_width.cm, 1) == 29.7 for s in landscape)


def _fonts(style) -> tuple[str | None, str | None, str | None]:
    rfonts = style.element.rPr.rFonts
    return rfonts.get(qn("w:ascii")), rfonts.get(qn("w:hAnsi")), rfonts.get(qn("w:eastAsia"))


def test_fonts_and_sizes(document) -> None:
    styles = document.styles
    expected = {
        "Normal": ("仿宋_GB2312", 16, False),
        "Title": ("方正小标宋简体", 22, False),
        "Heading 1": ("黑体", 16, False),
        "Heading 2": ("黑体", 16, False),
        "Heading 3": ("楷体_GB2312", 16, False),
        "Heading 4": ("仿宋_GB2312", 16, True),
        "Table Title": ("黑体", 14, False),
    }
    for name, (east_asia, size, bold) in expected.items():
        style = styles[name]
        assert _fonts(style) == ("Times New Roman", "Times New Roman", east_asia), name
        assert style.font.size.pt == size, name
        assert bool(style.font.bold) == bold, name
    normal = styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == 28 and normal.first_line_indent.pt == 32
    ind = styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert styles["Heading 1"].paragraph_format.alignment == 1  # centred
    assert styles["Title"].paragraph_format.alignment == 1
    # Every run names both fonts.
    for run in document.element.body.iter(qn("w:r")):
        if run.find(qn("w:t")) is not None:
            rfonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert rfonts is not None and rfonts.get(qn("w:eastAsia")) and rfonts.get(qn("w:ascii"))


# --------------------------------------------------------------------------- package


def test_deterministic_with_core_properties(view: ReportView, data: bytes, document) -> None:
    assert render_docx(view) == data
    props = document.core_properties
    assert props.title == view.title
    assert props.author == view.derived.dataset.department.name
    stamp = dt.datetime(2025, 6, 30, tzinfo=dt.UTC)
    assert props.created == stamp and props.modified == stamp
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert all(info.date_time == (2025, 6, 30, 0, 0, 0) for info in package.infolist())
    assert "docProps/thumbnail.jpeg" not in names
    assert sum(n.startswith("word/media/") for n in names) == 7


def test_minimal_dataset(write_dataset) -> None:
    view = prepare(write_dataset(MINIMAL))
    document = docx.Document(io.BytesIO(render_docx(view)))
    assert len(document.tables) == sum(b.kind in ("table", "evaluation") for b in view.blocks)
    assert len(document.inline_shapes) == sum(b.kind == "chart" for b in view.blocks)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_to_pdf(data: bytes, tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.stat().st_size > 100_000
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 30
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "243.40" in text
