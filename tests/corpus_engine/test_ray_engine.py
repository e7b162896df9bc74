"""The ray engine (``corpus audit --engine ray``) beyond what every engine is tested for in test_engines.py:
a cluster given by address, an actor killed between chunks, a session the caller started (joined and left
running), and no process left after the driver is killed. Skipped when ray (the optional extra
``juesuan[ray]``) is not installed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from juesuan.corpus.query import query
from juesuan.corpus.run import Limits, Task, make_engine

ray = pytest.importorskip("ray")

TEXTS = sorted((Path(__file__).resolve().parents[1] / "shared" / "corpus" / "real-texts").glob("*.txt"))
FINDINGS = "SELECT document_id, rule, severity, message, page, line, place, quote, fingerprint FROM findings"


def _tasks(files: list[Path]) -> list[Task]:
    from juesuan.corpus.analyse import file_sha256

    return [Task(str(f), file_sha256(f), str(f.parent)) for f in files]


def test_ray_engine_on_a_cluster_given_by_address(small_store: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from ray.cluster_utils import Cluster

    from juesuan.cli import main

    source = small_store.parent / "corpus" / "putuo"
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        args = ["corpus", "audit", str(source), "-o", str(tmp_path / "s"), "--engine", "ray",
                "--address", cluster.address, "-q"]  # fmt: skip
        result = CliRunner().invoke(main, args)
    finally:
        cluster.shutdown()
    assert result.exit_code == 0, result.output
    sql = FINDINGS + " WHERE document_id IN (SELECT document_id FROM documents WHERE path LIKE '%putuo%')"
    remote = query(tmp_path / "s", sql + " ORDER BY ALL")[1]
    assert remote and remote == query(small_store, sql + " ORDER BY ALL")[1]


def test_a_killed_actor_is_restarted_and_its_chunk_run_again() -> None:
    engine = make_engine("ray", 1, Limits())
    try:
        tasks = _tasks(TEXTS[:4])
        list(engine.run(iter(tasks[:2])))
        [actor] = engine.actors
        pid = ray.get(actor.__ray_call__.remote(lambda self: os.getpid()))
        os.kill(pid, signal.SIGKILL)  # the whole worker, as the OOM killer would
        rows = [r for _t, r in engine.run(iter(tasks[2:]))]
        assert [r.documents[0]["reader_status"] for r in rows] == ["ok", "ok"]
        assert ray.get(actor.__ray_call__.remote(lambda self: os.getpid())) != pid
    finally:
        engine.close()


def test_ray_engine_joins_a_session_started_before_it_and_leaves_it_running() -> None:
    """``ray.init()`` done by the caller (a notebook, a driver of its own): the engine runs on that session,
    one actor per CPU of its cluster, and on closing ends only its actors, not the session."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        with pytest.raises(RuntimeError, match="已连接到集群"):
            make_engine("ray", 1, Limits(), address="10.255.255.1:6379")
        engine = make_engine("ray", 2, Limits())
        try:
            assert len(engine.actors) == 1
            rows = [r for _t, r in engine.run(iter(_tasks(TEXTS[:2])))]
        finally:
            engine.close()
        assert [r.documents[0]["reader_status"] for r in rows] == ["ok", "ok"]
        assert ray.is_initialized()
        deadline = time.monotonic() + 30  # the killed actor gives its CPU back to the session
        while ray.available_resources().get("CPU", 0) < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert ray.available_resources().get("CPU", 0) == 1
        # the session still runs tasks
        assert ray.get(ray.remote(lambda: os.getpid()).remote()) != os.getpid()
    finally:
        ray.shutdown()


def test_no_process_outlives_a_killed_driver() -> None:
    """kill -9 of the driver: the local cluster it started (GCS, raylet), the actors and their children
    all end within seconds. Ray's two agents (dashboard and runtime-env) see their raylet die at once but
    end only after a last report to the dead GCS times out (60 s in Ray 2.60, measured 61 s): they are
    checked to be the only processes left, then ended here rather than waited for."""
    script = (
        "import json, os, signal\n"
        "from pathlib import Path\n"
        "from juesuan.corpus.analyse import file_sha256\n"
        "from juesuan.corpus.run import Limits, Task, make_engine\n"
        f"f = Path({str(TEXTS[0])!r})\n"
        "engine = make_engine('ray', 1, Limits())\n"
        "list(engine.run(iter([Task(str(f), file_sha256(f), str(f.parent))])))\n"
        "children = [p for pids in engine.child_pids() for p in pids]\n"
        "print(json.dumps(children), flush=True)\n"
        "input()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"  # no shutdown of anything
    )
    driver = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert driver.stdin is not None and driver.stdout is not None
    children = json.loads(driver.stdout.readline())
    descendants = _descendants(driver.pid)  # the processes the driver started, while it lives
    agents = [pid for pid in descendants if _command(pid).startswith(AGENTS)]
    driver.stdin.write("\n")
    driver.stdin.close()
    driver.stdout.close()
    driver.wait(timeout=60)
    assert children and set(children) <= set(descendants)
    deadline = time.monotonic() + 30
    left = descendants
    while time.monotonic() < deadline:
        left = [pid for pid in descendants if not _gone(pid)]
        if set(left) <= set(agents):
            break
        time.sleep(0.5)
    for pid in left:  # do not leave them behind
        os.kill(pid, signal.SIGKILL)
    assert set(left) <= set(agents), f"processes outlived their driver: {left}"


AGENTS = ("ray::DashboardAgent", "ray::RuntimeEnvAgent")


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _descendants(pid: int) -> list[int]:
    """``pid``'s descendants, read from /proc (``pid`` itself excluded)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        todo += kids
    return sorted(found)
