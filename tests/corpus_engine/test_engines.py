"""The engines give identical rows; a document over its limit becomes a status row."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.corpus.query import query
from juesuan.corpus.run import Limits, Task, audit_corpus, guarded_analyse, make_engine

PUTUO = Path(__file__).resolve().parents[1] / "shared" / "corpus" / "shanghai-putuo-2024"

FINDINGS = "SELECT document_id, rule, severity, message, page, line, place, quote, fingerprint FROM findings"
FIGURES = "SELECT * FROM figures"
DOCUMENTS = "SELECT * EXCLUDE (seconds) FROM documents"

# the cluster engines and the module each needs (an optional extra: its tests skip without it)
CLUSTER = {"dask": "dask.distributed", "ray": "ray"}


def needs(engine_name: str) -> None:
    if engine_name in CLUSTER:
        pytest.importorskip(CLUSTER[engine_name])


@pytest.mark.parametrize("engine_name", sorted(CLUSTER))
def test_cluster_engine_gives_the_same_rows_as_local(
    engine_name: str, small_store: Path, tmp_path: Path
) -> None:
    needs(engine_name)
    source = small_store.parent / "corpus"
    store = tmp_path / engine_name
    summary = audit_corpus([source], store, engine=engine_name, workers=2)
    assert summary.audited == 19
    for sql in (FINDINGS, FIGURES, DOCUMENTS):
        local = query(small_store, sql + " ORDER BY ALL")[1]
        remote = query(store, sql + " ORDER BY ALL")[1]
        assert local == remote and local, sql


def test_time_limit_gives_a_timeout_row(tmp_path: Path) -> None:
    pdf = PUTUO / "putuo-guihuaziranziyuanju-2024.pdf"
    rows = guarded_analyse(Task(str(pdf), "0" * 64, str(PUTUO)), seconds=0.05)
    assert [d["reader_status"] for d in rows.documents] == ["timeout"] and not rows.findings


@pytest.mark.parametrize("engine_name", sorted(CLUSTER))
def test_time_limit_on_a_cluster_engine_gives_a_timeout_row(engine_name: str) -> None:
    needs(engine_name)
    pdf = PUTUO / "putuo-guihuaziranziyuanju-2024.pdf"
    engine = make_engine(engine_name, 1, Limits(seconds=0.05))
    try:
        [(task, rows)] = list(engine.run(iter([Task(str(pdf), "0" * 64, str(PUTUO))])))
    finally:
        engine.close()
    assert task.path == str(pdf) == rows.documents[0]["path"]
    assert [d["reader_status"] for d in rows.documents] == ["timeout"] and not rows.findings


@pytest.mark.parametrize("engine_name", ["local", *sorted(CLUSTER)])
def test_memory_limit_in_the_worker_gives_a_memory_row(engine_name: str) -> None:
    needs(engine_name)
    pdf = PUTUO / "putuo-guihuaziranziyuanju-2024.pdf"
    engine = make_engine(engine_name, 1, Limits(seconds=60, memory_mb=1))
    try:
        [(_task, rows)] = list(engine.run(iter([Task(str(pdf), "0" * 64, str(PUTUO))])))
    finally:
        engine.close()
    # a Python MemoryError reads as "memory"; MuPDF's own allocation failures reach the reader as damaged
    # pages ("partial"); PDFium's fail the document's loading, which it reports as a format error
    # ("unreadable:bad_pdf"); a worker killed outright as "crashed": never "ok", never a stuck run
    assert rows.documents[0]["reader_status"] in ("memory", "crashed", "partial", "unreadable:bad_pdf")
    assert rows.documents[0]["path"] == str(pdf)


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="未知的引擎"):
        make_engine("spark", 1, Limits())


def test_dask_engine_on_a_cluster_given_by_address(small_store: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    from click.testing import CliRunner

    from juesuan.cli import main

    source = small_store.parent / "corpus" / "putuo"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        args = ["corpus", "audit", str(source), "-o", str(tmp_path / "s"), "--engine", "dask",
                "--address", cluster.scheduler_address, "-q"]  # fmt: skip
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    sql = FINDINGS + " WHERE document_id IN (SELECT document_id FROM documents WHERE path LIKE '%putuo%')"
    remote = query(tmp_path / "s", sql + " ORDER BY ALL")[1]
    assert remote and remote == query(small_store, sql + " ORDER BY ALL")[1]


TEXTS = sorted((Path(__file__).resolve().parents[1] / "shared" / "corpus" / "real-texts").glob("*.txt"))


def test_dask_engine_joins_the_default_client_and_leaves_it_open() -> None:
    """A client the caller made (a notebook's ``Client()``) is used, not replaced, and left open; the
    engine's worker plugin and the children it started are taken off that cluster's workers. An engine
    with a client of its own (``address``) does not make it the process's default client."""
    distributed = pytest.importorskip("dask.distributed")
    from juesuan.corpus.run import child_pids

    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        engine = make_engine("dask", 2, Limits())
        try:
            assert engine.client is client and engine.workers == 1
            rows = [r for _t, r in engine.run(iter(_tasks(TEXTS[:2])))]
            [pids] = client.run(child_pids).values()
            assert pids  # the engine's child, on the caller's worker
        finally:
            engine.close()
        assert [r.documents[0]["reader_status"] for r in rows] == ["ok", "ok"]
        assert client.status == "running" and distributed.default_client() is client
        assert client.submit(sum, [1, 2]).result() == 3
        assert list(client.run(child_pids).values()) == [[]]
        engine = make_engine("dask", 1, Limits(), address=cluster.scheduler_address)
        try:
            assert engine.client is not client and distributed.default_client() is client
        finally:
            engine.close()
        assert client.status == "running" and client.submit(sum, [3, 4]).result() == 7



def _tasks(files: list[Path]) -> list[Task]:
    from juesuan.corpus.analyse import file_sha256

    return [Task(str(f), file_sha256(f), str(f.parent)) for f in files]


def test_local_engine_replaces_a_worker_killed_while_idle() -> None:
    import os
    import signal

    engine = make_engine("local", 1, Limits())
    try:
        engine.start()
        [pid] = engine.pids()
        os.kill(pid, signal.SIGKILL)
        rows = [r for _t, r in engine.run(iter(_tasks(TEXTS[:2])))]
        assert [r.documents[0]["reader_status"] for r in rows] == ["ok", "ok"]
        engine.start()
        assert engine.pids() and pid not in engine.pids()
    finally:
        engine.close()


def _child_pids(engine) -> list[list[int]]:
    """The processes of each cluster worker's idle child engine."""
    if hasattr(engine, "client"):  # dask
        from juesuan.corpus.run import child_pids

        return list(engine.client.run(child_pids).values())
    return engine.child_pids()


@pytest.mark.parametrize("engine_name", sorted(CLUSTER))
def test_cluster_worker_reuses_its_child_and_replaces_a_killed_one(engine_name: str) -> None:
    needs(engine_name)
    import os
    import signal

    engine = make_engine(engine_name, 1, Limits())
    try:
        tasks = _tasks(TEXTS[:6])
        list(engine.run(iter(tasks[:2])))
        [first] = _child_pids(engine)  # started with the worker, reused for each chunk
        list(engine.run(iter(tasks[2:4])))
        [again] = _child_pids(engine)
        assert first and again == first
        for pid in first:  # a child killed between chunks (by the OOM killer, by hand)
            os.kill(pid, signal.SIGKILL)
        rows = [r for _t, r in engine.run(iter(tasks[4:5]))]  # the chunk that finds it dead
        rows += [r for _t, r in engine.run(iter(tasks[5:]))]  # the next one, in the new child
        assert [r.documents[0]["reader_status"] for r in rows] == ["ok", "ok"]
        [after] = _child_pids(engine)
        assert after and after != first
    finally:
        engine.close()


def test_pool_workers_end_when_their_owner_is_killed() -> None:
    import os
    import subprocess
    import sys
    import time

    script = (
        "import os, signal\n"
        "from juesuan.corpus.run import Limits, make_engine\n"
        "engine = make_engine('local', 1, Limits())\n"
        "engine.start()\n"
        "print(engine.pids()[0], flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"  # like kill -9 of the driver: no shutdown of the pool
    )
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        pid = int(owner.stdout.readline())
        owner.stdout.close()  # the worker holds this pipe too: read no further
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the owner is killed and not reaped yet: a zombie
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        os.kill(pid, 9)  # do not leave it behind
        raise AssertionError("the pool worker outlived its owner")
    finally:
        owner.wait(timeout=60)
