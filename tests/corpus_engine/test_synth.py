"""The synthetic corpus: reports on both profiles, known defects, and the recall measured over them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from juesuan.cli import main
from juesuan.corpus.run import audit_corpus
from juesuan.corpus.synth import recall


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
