"""The same report read from another format: every labelled corpus text written as a Word document (each line
a paragraph, each run of “|” rows a table, as a clerk pasting the text into Word would make it) and printed
as a PDF (Typst, A4, 12 pt: its long lines broken by the page, read back through the PDF reader's lines and
paragraphs) must give the same narrative arithmetic findings as the text itself.

The corpus is text; the docx reader was built on juesuan's own output. This puts the 798 real layouts through
it. Locations differ by design (第N行 in a text, 第N段 in a document) and are left out of the comparison, as
are findings that compare a table cell (a “|” row of a text and a Word table are read alike, but not cell for
cell). Texts whose report stands inside a page's layout table (the whole text in one “|” cell) read as a
table in Word and are left out (:data:`LAID_IN_A_CELL`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.audit import test_layout_invariance as layout

#: a report laid inside one cell of a page's table: in Word it is a table's cell, not prose
LAID_IN_A_CELL = frozenset({"g7-05", "g7-08"})
#: a 自评表 flattened into one line of the text: printed, the page breaks its row where the form reader
#: cannot follow it
FORM_IN_ONE_LINE = frozenset({"g29-03", "g13-04"})
_CHUNKS = 8
_WHERE = re.compile(r"第\d+(?:[-–至]\d+)?[行页段]")


def as_docx(text: str, path: Path) -> None:
    """``text`` as a Word document: a paragraph a line, each run of “|” rows a table."""
    from docx import Document

    doc = Document()
    rows: list[list[str]] = []

    def table() -> None:
        if rows:
            grid = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    grid.cell(i, j).text = cell
            rows.clear()

    for line in text.splitlines():
        if "|" in line and line.strip() != "|":
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        table()
        if line.strip():
            doc.add_paragraph(line.strip())
    table()
    doc.save(str(path))


def _figures(value: str) -> tuple[str, ...]:
    return layout.figures(_WHERE.sub("", value))


def _narrative(findings) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return sorted(
        (f.rule_id, f.severity, _figures(f.params.get("found", "")), _figures(f.params.get("expected", "")))
        for f in findings
        if f.rule_id in layout.NARRATIVE and f.severity in layout.SCORED and not layout.cites_a_table(f)
    )


def _changed(chunk: int, tmp_path: Path, suffix: str, write, left_out: frozenset[str]) -> list[str]:
    """The texts of ``chunk`` whose narrative findings differ once ``write`` makes them ``suffix`` files."""
    from juesuan.audit.run import audit_document

    changed = []
    for path in layout.TEXTS[chunk::_CHUNKS]:
        if path.stem in left_out:
            continue
        text = layout.original(path)
        other = tmp_path / f"{path.stem}{suffix}"
        write(text, other)
        before = _narrative(layout._audit_text(path.name, text))
        after = _narrative(audit_document(other)[0].findings)
        if before != after:
            changed.append(f"{path.stem}: as text {before}, as {suffix} {after}")
    return changed


@pytest.mark.parametrize("chunk", range(_CHUNKS))
def test_a_text_written_as_a_word_document_gives_the_same_findings(chunk: int, tmp_path: Path) -> None:
    changed = _changed(chunk, tmp_path, ".docx", as_docx, LAID_IN_A_CELL)
    assert not changed, "\n".join(changed)


def test_a_sentence_broken_after_a_comma_is_one_in_a_document(tmp_path: Path) -> None:
    # g9-04 l.24–25 as a document: “…与 2016 年决算数相比,” and “减少 51.48 元,…” are two paragraphs
    from juesuan.audit.run import audit_document

    text = (
        "庆城县文化馆2017年部门决算说明\n"
        "1.本部门2017年度收入总计520.52万元,与 2016 年决算数相比,\n"
        "减少 51.48 万元,减少 11.02 %,主要原因是县财政预算经费减少。\n"
    )
    docx = tmp_path / "doc.docx"
    as_docx(text, docx)
    said = [f for f in audit_document(docx)[0].findings if f.rule_id == "A014"]
    assert said and "9.00%" in said[0].message


def as_pdf(text: str, path: Path) -> None:
    """``text`` printed as a PDF with Typst: A4, 12 pt, a paragraph a line (“|” rows as lines of text)."""
    import typst

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n\n".join('#"' + line.replace("\\", "\\\\").replace('"', '\\"') + '"' for line in lines)
    source = path.with_suffix(".typ")
    source.write_text(
        '#set page(paper: "a4", margin: 2.5cm)\n'
        '#set text(font: ("AR PL UMing CN", "WenQuanYi Zen Hei"), size: 12pt, lang: "zh")\n' + body,
        encoding="utf-8",
    )
    typst.compile(str(source), output=str(path))


@pytest.mark.parametrize("chunk", range(_CHUNKS))
def test_a_text_printed_as_a_pdf_gives_the_same_findings(chunk: int, tmp_path: Path) -> None:
    changed = _changed(chunk, tmp_path, ".pdf", as_pdf, FORM_IN_ONE_LINE)
    assert not changed, "\n".join(changed)


def test_a_paragraph_stopped_inside_a_bracket_goes_on() -> None:
    # f03 l.24 printed: the PDF's paragraph ended at “…其中行政运行（科目编码:” and “2010601）35.41 万元，…”
    # began another, so the 项's change was not its own (A014's items against the total lost)
    from juesuan.audit.document import Paragraph, Where, _continues

    def par(k: int, text: str) -> Paragraph:
        return Paragraph(k, text, [(0, Where(paragraph=k + 1))])

    stopped = par(0, "2、财政事务（科目编码：20106）35.41 万元，其中行政运行（科目编码:")
    assert _continues(stopped, par(1, "2010601）35.41 万元，较2015 决算数上升37.30%。"))
    assert not _continues(stopped, par(1, "（三）医疗卫生与计划生育支出（科目编号：210）52.53 万元。"))
