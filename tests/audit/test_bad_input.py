"""Bad input is a clear finding naming the file, never a crash: garbage, empty, encrypted, scanned."""

from __future__ import annotations

import os
import re

import pytest

from juesuan.audit.run import audit_path, audit_paths


def _fatal(report, rule: str) -> None:
    fatal = [f for f in report.findings if f.severity == "fatal"]
    assert [f.rule_id for f in fatal] == [rule], [f.line() for f in report.findings]
    assert report.source in fatal[0].message
    assert report.exit_code == 2


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt"])
def test_garbage_bytes(tmp_path, suffix):
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(bytes(range(256)) * 8 + os.urandom(64))
    _fatal(audit_path(path), "A001")


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _fatal(audit_path(path), "A004")


def test_missing_file(tmp_path):
    _fatal(audit_path(tmp_path / "nowhere.txt"), "A001")


def test_password_protected_pdf(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "2024 final accounts")
    path = tmp_path / "locked.pdf"
    doc.save(str(path), encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    _fatal(audit_path(path), "A003")


def test_scanned_pdf_without_text_layer(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    for _ in range(3):
        page = doc.new_page()
        page.draw_rect(pymupdf.Rect(72, 72, 500, 700), color=(0, 0, 0), fill=(0.9, 0.9, 0.9))
    path = tmp_path / "scanned.pdf"
    doc.save(str(path))
    report = audit_path(path)
    _fatal(report, "A002")
    assert "3页" in report.findings[0].message


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("第一部分 部门概况\n2024年度本年收入合计100.00万元。\n", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.docx").write_bytes(b"")
    reports = audit_paths([tmp_path], jobs=2)
    by_name = {os.path.basename(r.source): r for r in reports}
    assert set(by_name) == {"good.txt", "bad.pdf", "empty.docx"}
    assert by_name["bad.pdf"].exit_code == 2 and by_name["empty.docx"].exit_code == 2
    assert by_name["good.txt"].exit_code == 0


def test_zip_bomb_docx_is_not_inflated(tmp_path):
    """A .docx whose document part inflates 1,000-fold is refused from the zip directory alone."""
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1048576) + b"</w:document>")
    report = audit_path(path)
    _fatal(report, "A001")
    assert "压缩炸弹" in report.findings[0].message


def _truncated_pdf(tmp_path, pages: int = 12):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        # an uncompressed font stream per page makes the file long enough to cut in the middle
        page.insert_text((72, 72), f"page {n + 1} " + "x" * 60, fontsize=11)
        page.insert_text((72, 100), "2024 final accounts " * 3, fontsize=11)
    whole = doc.tobytes(garbage=0, deflate=False)
    objects = [m.start() for m in re.finditer(rb"\d+ 0 obj", whole)]
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: objects[20]])  # a download cut off after the first pages' objects
    return path


def test_truncated_pdf_is_a_finding_of_its_own(tmp_path, capfd):
    report = audit_path(_truncated_pdf(tmp_path))
    partly = [f for f in report.findings if f.rule_id == "A007"]
    assert len(partly) == 1, [f.line() for f in report.findings]
    assert partly[0].severity == "error"
    assert "共12页" in partly[0].message and "只能部分读取" in partly[0].message
    # the reader's own complaints are in the finding, not on the terminal
    out, err = capfd.readouterr()
    assert "MuPDF" not in out + err
    # nothing said to be missing is an error or a warning: it may be in the pages that were not read
    for f in report.findings:
        if f.rule_id in ("A043", "A044"):
            assert f.severity == "info" and "未能读取" in f.message


def test_sound_pdf_is_not_partly_read(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    for _ in range(3):
        doc.new_page().insert_text((72, 72), "2024 final accounts")
    doc.new_page()  # a blank page in a sound file is not damage
    path = tmp_path / "sound.pdf"
    doc.save(str(path))
    assert not [f for f in audit_path(path).findings if f.rule_id == "A007"]


def test_figures_of_thirty_digits_are_read_not_a_crash(tmp_path):
    # a figure longer than Decimal's 28 digits of precision: recomputing and showing its change (A014's
    # spaced table rows, new in the g17 fixes, and the narrative change) quantized beyond the precision and
    # raised InvalidOperation, so A014 "crashed" and lost its other findings on the text
    path = tmp_path / "huge.txt"
    path.write_text(
        "某单位2024年度部门决算\n一、收入支出决算总体情况说明\n"
        "3. 医疗收入 1 1000000000000000000000000000001 1000000000000000000000000000000 5%\n"
        "本年收入100万元，比上年增加99999999999999999999999999999万元，增长5%。\n",
        encoding="utf-8",
    )
    report = audit_path(path)
    assert [o for o in report.outcomes if o.outcome == "crashed"] == []
    assert not [f for f in report.findings if "执行出错" in f.message], [f.line() for f in report.findings]
    # the spaced row's rate is still judged (5% for a change of about 1E+32 %)
    assert any(f.rule_id == "A014" and "医疗收入" in f.message for f in report.findings)
