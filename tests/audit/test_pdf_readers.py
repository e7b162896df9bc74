"""The two PDF readers (PDFium, the default, and PyMuPDF, an optional extra): the same findings and the
same tables on every Putuo PDF and on juesuan's own PDF, and a clear reading finding, never a crash, on
a PDF that cannot be read. The PyMuPDF half skips cleanly where ``juesuan[pymupdf]`` is not installed."""

from __future__ import annotations

import importlib

import pytest

from juesuan.audit.document import ReadError, Table
from juesuan.audit.pdf_source import DEFAULT_READER, ENV, READERS, reader_name
from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path

from .conftest import CORPUS
from .test_pinned_findings import _built, canonical


def _installed(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


HAVE = {"pdfium": _installed("pypdfium2"), "pymupdf": _installed("pymupdf")}
PUTUO = sorted(CORPUS.glob("*.pdf")) if CORPUS is not None and CORPUS.is_dir() else []


def _need(reader: str) -> None:
    if not HAVE[reader]:
        pytest.skip(f"the {reader} reader is not installed")


def _audit(path, reader: str, monkeypatch) -> str:
    monkeypatch.setenv(ENV, reader)
    return canonical(audit_path(path), path)


def _tables(path, reader: str, monkeypatch) -> list[tuple]:
    monkeypatch.setenv(ENV, reader)
    doc = read_document(path)
    return [
        (b.title, b.kind, b.unit, b.pages, b.header_rows, b.column_labels, b.where, [
            (c.text, c.span, c.where) for row in b.rows for c in row
        ])
        for b in doc.blocks
        if isinstance(b, Table)
    ]


@pytest.mark.parametrize("path", PUTUO, ids=[p.stem for p in PUTUO])
def test_both_readers_find_the_same_on_the_putuo_pdfs(path, monkeypatch):
    _need("pymupdf")
    _need("pdfium")
    assert _audit(path, "pdfium", monkeypatch) == _audit(path, "pymupdf", monkeypatch)
    tables = _tables(path, "pdfium", monkeypatch)
    assert tables and tables == _tables(path, "pymupdf", monkeypatch)


def test_both_readers_find_the_same_on_juesuans_own_pdf(tmp_path_factory, monkeypatch):
    _need("pymupdf")
    _need("pdfium")
    folder = tmp_path_factory.getbasetemp() / "pinned-built"
    folder.mkdir(exist_ok=True)
    path = _built("built-pdf", str(folder))
    assert _audit(path, "pdfium", monkeypatch) == _audit(path, "pymupdf", monkeypatch)
    tables = _tables(path, "pdfium", monkeypatch)
    assert len(tables) >= 9 and tables == _tables(path, "pymupdf", monkeypatch)


def test_both_readers_find_the_same_on_juesuans_own_mof_pdf(tmp_path, monkeypatch):
    """The example laid out in the MOF profile: other headings, other table layouts, the same PDF writer."""
    _need("pymupdf")
    _need("pdfium")
    from juesuan.build import prepare
    from juesuan.render.pdf import render_pdf

    from .test_pinned_findings import EXAMPLE

    text = (EXAMPLE / "dataset.yaml").read_text(encoding="utf-8")
    assert "profile: sichuan" in text
    mof = text.replace("profile: sichuan", "profile: mof", 1)
    (tmp_path / "dataset.yaml").write_text(mof, encoding="utf-8")
    try:
        data = render_pdf(prepare(tmp_path / "dataset.yaml", force=True))
    except Exception as exc:  # e.g. fonts not installed on this machine
        pytest.skip(f"PDF rendering unavailable here: {exc}")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert _audit(path, "pdfium", monkeypatch) == _audit(path, "pymupdf", monkeypatch)
    tables = _tables(path, "pdfium", monkeypatch)
    assert len(tables) >= 9 and tables == _tables(path, "pymupdf", monkeypatch)


def test_the_reader_is_chosen_by_setting(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert reader_name() == DEFAULT_READER == "pdfium"
    monkeypatch.setenv(ENV, "PyMuPDF")
    assert reader_name() == "pymupdf"
    assert reader_name("pdfium") == "pdfium"
    monkeypatch.setenv(ENV, "poppler")
    with pytest.raises(ReadError) as err:
        reader_name()
    assert err.value.code == "no_pdf_reader" and "poppler" in err.value.detail


def _reading_finding(report, path) -> None:
    """One reading finding (A001 unreadable, A003 encrypted, A007 read in part) that names the file."""
    reading = [f for f in report.findings if f.rule_id in ("A001", "A003", "A007")]
    assert len(reading) == 1, [f.line() for f in report.findings]
    assert str(path) in reading[0].message
    assert report.exit_code >= 1


def _zero_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    start = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", ["not_a_pdf", "zero_pages", "truncated", "encrypted"])
def test_a_pdf_that_cannot_be_read_is_a_finding(kind, reader, tmp_path, monkeypatch):
    _need(reader)
    path = tmp_path / f"{kind}.pdf"
    if kind == "not_a_pdf":
        path.write_bytes(b"%PDF-1.4 this is not really a pdf")
    elif kind == "zero_pages":
        path.write_bytes(_zero_pages())
    elif kind == "truncated":
        if not PUTUO:
            pytest.skip("the Putuo PDFs are not available")
        whole = PUTUO[0].read_bytes()
        path.write_bytes(whole[: len(whole) * 2 // 5])  # a download cut off
    else:
        pymupdf = pytest.importorskip("pymupdf")  # to write an encrypted PDF
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), "2024 final accounts")
        doc.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    monkeypatch.setenv(ENV, reader)
    report = audit_path(path)
    _reading_finding(report, path)
    rule = next(f.rule_id for f in report.findings if f.rule_id in ("A001", "A003", "A007"))
    expected = {"not_a_pdf": "A001", "zero_pages": "A001", "encrypted": "A003"}.get(kind)
    assert expected is None or rule == expected
    if kind == "zero_pages" and reader == "pymupdf":  # PDFium refuses a file without pages as malformed
        assert "0 pages" in report.findings[0].message


@pytest.mark.parametrize("reader", READERS)
def test_the_cli_takes_the_reader(reader, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from juesuan.cli.audit import audit_command

    _need(reader)
    monkeypatch.setenv(ENV, next(r for r in READERS if r != reader))  # restored after the test
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = CliRunner().invoke(audit_command, ["--pdf-reader", reader, "--json", str(path)])
    assert result.exit_code == 2, result.output
    assert json.loads(result.output)["findings"][0]["rule_id"] == "A001"
    assert reader_name() == reader  # set for the whole run, worker processes included
    bad = CliRunner().invoke(audit_command, ["--pdf-reader", "poppler", str(path)])
    assert bad.exit_code == 2 and "poppler" in bad.output


def test_both_readers_see_turned_pages_alike(tmp_path):
    """Pages turned by /Rotate 0/90/180/270, their text upright as displayed: the same lines (in the unturned
    page's coordinates, as PyMuPDF gives them) and the same rules."""
    _need("pdfium")
    pymupdf = pytest.importorskip("pymupdf")
    from juesuan.audit.pdf_pdfium import open_pdfium
    from juesuan.audit.pdf_pymupdf import open_pymupdf

    doc = pymupdf.open()
    for rotation in (0, 90, 180, 270):
        page = doc.new_page(width=595, height=842)
        page.set_rotation(rotation)
        turn = page.derotation_matrix
        for k in range(3):
            text = f"2024年度收入合计{k}00.00万元，比上年增加1.00万元"
            at = pymupdf.Point(72, 100 + 20 * k) * turn
            page.insert_text(at, text, fontname="china-s", rotate=rotation)
        page.draw_rect(pymupdf.Rect(72, 300, 400, 400) * turn, color=(0, 0, 0))
        for k in range(1, 4):
            page.draw_line(pymupdf.Point(72 + 80 * k, 300) * turn, pymupdf.Point(72 + 80 * k, 400) * turn)
    path = tmp_path / "turned.pdf"
    doc.save(str(path))

    def seen(page) -> tuple:
        lines = [(tuple(round(v, 1) for v in ln[:4]), ln[4], round(ln[5], 2)) for ln in page.lines]
        rules = sorted(tuple(round(v, 1) for v in r) for r in page.hs), sorted(
            tuple(round(v, 1) for v in r) for r in page.vs
        )
        return (round(page.width), round(page.height)), lines, rules

    mu, pf = open_pymupdf(path), open_pdfium(path)
    for index in range(4):
        assert seen(pf.page(index)) == seen(mu.page(index)), index
