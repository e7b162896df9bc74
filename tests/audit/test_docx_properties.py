"""The Word reader cuts the run, paragraph and row properties (w:rPr, w:pPr, w:trPr) out of document.xml
before parsing: what it reads must be exactly what it reads from the whole part."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from juesuan.audit import read_docx
from juesuan.audit.read_docx import _PROPERTIES

NEVER = re.compile(rb"(?!)")  # cuts nothing: the whole part is parsed, as before the cut


def _report(tmp_path: Path) -> Path:
    """A small report made with python-docx: runs with properties, tab stops (in w:pPr, as w:tab), a
    table with merged cells and a tab inside a cell."""
    d = docx.Document()
    p = d.add_paragraph("一、收入支出决算总体情况")
    p.paragraph_format.tab_stops.add_tab_stop(Pt(100))
    p.add_run("\t本年收入100.00万元。").bold = True
    d.add_paragraph("表1 收入支出决算总表")
    d.add_paragraph("单位：万元")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "合计"
    table.cell(1, 2).text = "1.00"
    table.cell(2, 2).text = "2.00"
    cell = table.cell(1, 1).paragraphs[0]
    cell.paragraph_format.tab_stops.add_tab_stop(Pt(20))
    cell.add_run("甲\t乙").italic = True
    out = tmp_path / "report.docx"
    d.save(out)
    return out


def _rewrite(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """The document with its main part changed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == "word/document.xml" else data)
    path.write_bytes(buf.getvalue())
    return path


def _tracked(xml: bytes) -> bytes:
    """Tracked formatting changes: a w:rPr inside a w:rPrChange inside a w:rPr, and the same for w:pPr."""
    xml = xml.replace(
        b"<w:rPr><w:b/>",
        b'<w:rPr><w:b/><w:rPrChange w:id="1" w:author="a"><w:rPr><w:i/></w:rPr></w:rPrChange>',
        1,
    )
    return xml.replace(
        b"</w:tabs></w:pPr>",
        b'</w:tabs><w:pPrChange w:id="2" w:author="a">'
        b'<w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange></w:pPr>',
        1,
    )


def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    cut = read_docx.read_docx(path).blocks
    with monkeypatch.context() as m:
        m.setattr(read_docx, "_PROPERTIES", NEVER)
        whole = read_docx.read_docx(path).blocks
    return cut, whole


def test_cut_reads_the_same_as_the_whole_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path)
    xml = zipfile.ZipFile(path).read("word/document.xml")
    assert b"<w:tab " in _PROPERTIES.sub(b"", xml) or b"<w:tab/>" in _PROPERTIES.sub(b"", xml)  # runs' tabs
    assert b"<w:tabs>" not in _PROPERTIES.sub(b"", xml) and b"<w:rPr>" not in _PROPERTIES.sub(b"", xml)
    cut, whole = _read_both(path, monkeypatch)
    assert cut == whole
    texts = [b.text for b in cut if hasattr(b, "text")]
    assert "一、收入支出决算总体情况 本年收入100.00万元。" in texts
    (table,) = [b for b in cut if not hasattr(b, "text")]
    assert [c.text for c in table.rows[1]] == ["合计", "甲乙", "1.00"]


def test_tracked_property_changes_keep_the_part_well_formed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _rewrite(_report(tmp_path), _tracked)
    xml = zipfile.ZipFile(path).read("word/document.xml")
    assert b"<w:rPrChange" in xml and b"<w:pPrChange" in xml
    kept = _PROPERTIES.sub(b"", xml)
    assert b"<w:rPrChange" in kept and b"<w:pPrChange" in kept  # the outer properties stay, inner ones go
    cut, whole = _read_both(path, monkeypatch)
    assert cut == whole


def test_a_cut_that_breaks_the_xml_falls_back_to_the_whole_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a comment holding the end tag: the cut stops inside the comment and leaves the XML broken
    path = _rewrite(_report(tmp_path), lambda xml: xml.replace(b"<w:rPr>", b"<w:rPr><!-- </w:rPr> -->", 1))
    cut, whole = _read_both(path, monkeypatch)
    assert cut == whole and cut


def test_another_prefix_is_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def renamed(xml: bytes) -> bytes:
        return re.sub(rb"(</?|\s)w:", rb"\1ww:", xml.replace(b"xmlns:w=", b"xmlns:ww=", 1))

    path = _rewrite(_report(tmp_path), renamed)
    cut, whole = _read_both(path, monkeypatch)
    assert cut == whole and cut
