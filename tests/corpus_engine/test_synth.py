"""The synthetic corpus: reports on both profiles, known defects, and the recall measured over them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from juesuan.audit.document import Paragraph
from juesuan.audit.read import read_document
from juesuan.cli import main
from juesuan.corpus.run import audit_corpus
from juesuan.corpus.synth import recall, synth


def test_synth_audit_recall(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    result = CliRunner().invoke(main, ["corpus", "synth", "-n", "6", "-o", str(out), "--formats", "txt",
                                       "--defects", "0.5", "--seed", "3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (out / "ground-truth.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 6 and {r["profile"] for r in records} == {"sichuan", "mof"}
    assert len({r["department"] for r in records}) == 6
    defects = [r for r in records if r["defect"]]
    assert defects
    for r in defects:  # the altered amount is in the file, on the line recorded
        line = Path(r["path"]).read_text("utf-8").split("\n")[r["defect"]["line"] - 1]
        assert r["defect"]["altered"] in line
    audit_corpus([out], tmp_path / "store", workers=1)
    scores = recall(tmp_path / "store", out / "ground-truth.jsonl")
    assert scores["documents"] == 6 and scores["defects"] == len(defects)
    assert scores["found"] >= 1 and scores["clean_documents_with_errors"] == 0


def test_synth_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["corpus", "synth", "-n", "1", "-o", str(tmp_path), "--formats", "odt"])
    assert result.exit_code == 2 and "无效" in result.output


def test_defects_in_docx_and_pdf_are_found(tmp_path: Path) -> None:
    """The defect is made in the laid-out report, so a docx and a pdf print it too; the auditor, reading
    them back, finds both (a finding that quotes the altered amount)."""
    out = tmp_path / "synth"
    synth(2, out, seed=1, formats=("docx", "pdf"), defect_share=1.0)
    records = [json.loads(x) for x in (out / "ground-truth.jsonl").read_text("utf-8").splitlines()]
    for r in records:  # the altered sentence is printed in the file; a docx or pdf has no line to record
        assert r["defect"] and "line" not in r["defect"]
        doc = read_document(r["path"], analyse=False)
        text = "".join("".join(b.text.split()) for b in doc.blocks if isinstance(b, Paragraph))
        assert "".join(r["defect"]["sentence"].split()) in text
    audit_corpus([out], tmp_path / "store", workers=1)
    scores = recall(tmp_path / "store", out / "ground-truth.jsonl")
    assert scores["recall"] == 1.0
    assert {fmt: (v["defects"], v["found"]) for fmt, v in scores["by_format"].items()} == {
        "docx": (1, 1),
        "pdf": (1, 1),
    }
