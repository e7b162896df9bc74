"""The store: incremental runs, changed files, and a run killed with SIGKILL then resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from juesuan.corpus.analyse import Rows
from juesuan.corpus.query import query
from juesuan.corpus.run import audit_corpus
from juesuan.corpus.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[2]


def _paths(store: Path) -> list[str]:
    return [r[0] for r in query(store, "SELECT path FROM documents ORDER BY path")[1]]


def _parquet_files(store: Path) -> set[Path]:
    return {f for t in ("documents", "findings", "figures") for f in (store / t).rglob("*.parquet")}


def test_incremental_run_adds_only_new_and_changed_files(small_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = audit_corpus([small_corpus], store, workers=1, batch_size=4)
    assert first.total == first.audited == 15 and first.skipped == 0
    again = audit_corpus([small_corpus], store, workers=1)
    assert again.audited == 0 and again.skipped == 15 and again.batches == 0
    # one file changed, one added
    changed = small_corpus / "a" / "reference.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("243.33", "243.34"), encoding="utf-8")
    (small_corpus / "b" / "new.txt").write_text(
        next(small_corpus.rglob("p01.txt")).read_text("utf-8") + "\n", "utf-8"
    )
    third = audit_corpus([small_corpus], store, workers=1)
    assert third.audited == 2 and third.skipped == 14
    paths = _paths(store)
    assert len(paths) == len(set(paths)) == 16
    # the changed file's findings and figures are those of its new content only
    _names, rows = query(
        store,
        "SELECT d.sha256, count(DISTINCT f.document_id) FROM documents d JOIN findings f USING (document_id) "
        f"WHERE d.path = '{changed.resolve()}' GROUP BY 1",
    )
    assert len(rows) == 1
    orphans = query(
        store, "SELECT count(*) FROM findings WHERE document_id NOT IN (SELECT document_id FROM documents)"
    )
    assert orphans[1][0][0] == 0


def test_leftovers_of_a_killed_run_are_removed(small_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    audit_corpus([small_corpus / "a"], store, workers=1)
    committed = _parquet_files(store)
    # what a run killed between writing its files and its manifest entry leaves behind
    part = next(iter(committed))
    orphan = part.with_name("99999999-deadbeef.parquet")
    orphan.write_bytes(part.read_bytes())
    tmp = part.with_name(".x.parquet.1234.tmp")
    tmp.write_bytes(b"half")
    Store.open(store, write=True).close()
    assert _parquet_files(store) == committed and not tmp.exists()


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s", write=True), pytest.raises(StoreError):
        Store.open(tmp_path / "s", write=True)


def test_empty_batch_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s", write=True) as st:
        assert st.commit(Rows()) == ""
        assert st.manifests() == []


def test_kill_9_then_resume_gives_every_document_once(small_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    cmd = [
        sys.executable,
        "-m",
        "juesuan.cli",
        "corpus",
        "audit",
        str(small_corpus),
        "-o",
        str(store),
        "-j",
        "1",
        "--batch",
        "1",
        "-q",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((store / "_manifest").glob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker, at an arbitrary point
    proc.wait()
    killed_at = len(list((store / "_manifest").glob("*.json")))
    assert 3 <= killed_at < 15
    summary = audit_corpus([small_corpus], store, workers=1)
    assert summary.skipped >= killed_at and summary.skipped + summary.audited == 15
    paths = _paths(store)
    assert len(paths) == len(set(paths)) == 15
    listed = {f.resolve() for t in ("documents", "findings", "figures") for f in Store(store).files(t)}
    assert _parquet_files(store) == listed
    for f in listed:
        pq.read_table(f)  # every file whole
    assert not list(store.rglob("*.tmp"))


def test_a_retirement_cut_short_is_finished_on_the_next_open(tmp_path: Path, monkeypatch) -> None:
    from tests.corpus_engine.rows import doc, finding

    old, new = doc("old", "某区甲局", 2024, "部门", 1, 0, []), doc("new", "某区甲局", 2024, "部门", 0, 0, [])
    new["path"] = old["path"]  # the same file, changed
    with Store.open(tmp_path / "s", write=True) as st:
        st.commit(Rows([old], [finding("old", "A010", "error")], []))
        with monkeypatch.context() as m:  # killed after the manifest entry, before the old rows are removed
            m.setattr(Store, "_retire", lambda self, entry: None)
            name = st.commit(Rows([new], [], []), retire=[(old["path"], old["sha256"])])
    assert query(tmp_path / "s", "SELECT count(*) FROM documents")[1] == [(2,)]
    Store.open(tmp_path / "s", write=True).close()
    assert (tmp_path / "s" / "_manifest" / f"{name}.retired").exists()
    assert query(tmp_path / "s", "SELECT document_id FROM documents")[1] == [("new",)]
    assert query(tmp_path / "s", "SELECT count(*) FROM findings")[1] == [(0,)]
