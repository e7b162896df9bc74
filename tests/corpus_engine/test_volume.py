"""A 汇编 (many reports bound in one file) is split into its reports, each its own documents row."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
import yaml
from docx import Document as DocxDocument

from juesuan.build import build
from juesuan.corpus.analyse import analyse_file, file_sha256
from tests.corpus_engine.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
PUTUO = sorted((SHARED / "corpus" / "shanghai-putuo-2024").glob("putuo-*.pdf"))
NAMES = ("乐山市金口河区信访局", "乐山市金口河区档案馆", "乐山市金口河区统计局")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The example department's report built under three names (txt and docx)."""
    base = tmp_path_factory.mktemp("gen")
    data = yaml.safe_load((ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml").read_text("utf-8"))
    out = []
    for k, name in enumerate(NAMES):
        data["department"]["name"] = name
        src = base / f"d{k}.yaml"
        src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        build(src, base / f"o{k}", formats=("txt", "docx"), force=True)
        out.append(base / f"o{k}")
    return out


def _rows(path: Path):
    return analyse_file(str(path), file_sha256(path), str(path.parent))


def test_pdf_volume_of_three_reports(tmp_path: Path) -> None:
    vol = pymupdf.open()
    cover = vol.new_page()
    cover.insert_text((72, 120), "上海市普陀区2024年度部门决算汇编", fontname="china-s", fontsize=18)
    for f in PUTUO:
        with pymupdf.open(f) as part:
            vol.insert_pdf(part)
    path = tmp_path / "volume.pdf"
    vol.save(path)
    rows = _rows(path)
    assert [d["part"] for d in rows.documents] == [1, 2, 3]
    assert [d["department"] for d in rows.documents] == [
        "上海市普陀区财政局",
        "上海市普陀区规划和自然资源局",
        "中共上海市普陀区委社会工作部",
    ]
    assert [d["part_pages"] for d in rows.documents] == ["1-26", "27-56", "57-80"]
    assert len({d["document_id"] for d in rows.documents}) == 3
    assert {f["document_id"] for f in rows.findings} <= {d["document_id"] for d in rows.documents}
    # each part is audited like the report alone, not as one document with everything's errors
    alone = sum(_rows(f).documents[0]["n_error"] for f in PUTUO)
    assert sum(d["n_error"] for d in rows.documents) <= alone + 3


def test_txt_and_docx_volumes(generated: list[Path], tmp_path: Path) -> None:
    txt = tmp_path / "volume.txt"
    txt.write_text("\n".join((d / "report.txt").read_text("utf-8") for d in generated), encoding="utf-8")
    book = DocxDocument(str(generated[0] / "report.docx"))
    for d in generated[1:]:
        for el in list(DocxDocument(str(d / "report.docx")).element.body):
            if not el.tag.endswith("sectPr"):
                book.element.body.append(el)
    docx = tmp_path / "volume.docx"
    book.save(str(docx))
    for path in (txt, docx):
        rows = _rows(path)
        assert [d["department"] for d in rows.documents] == list(NAMES), path
        assert all(d["year"] == 2024 and d["template"] == "sichuan" for d in rows.documents)


def test_a_single_report_is_not_split(generated: list[Path]) -> None:
    rows = _rows(generated[0] / "report.txt")
    assert [(d["part"], d["part_pages"]) for d in rows.documents] == [(0, "")]
