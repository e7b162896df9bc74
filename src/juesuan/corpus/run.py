"""``corpus audit``: scan folders, skip what the store has, analyse the rest on an engine, commit batches.

Engines run the same task (:func:`guarded_analyse`) and differ only in where it runs:

- ``local`` — a process pool on this machine (the default, no extra dependency);
- ``dask`` — a ``dask.distributed`` cluster at ``address``, or a local cluster of ``workers`` processes
  started for the run (the optional extra ``juesuan[cluster]``);
- ``ray`` — a Ray cluster at ``address``, or a local one of ``workers`` CPUs started for the run (the
  optional extra ``juesuan[ray]``): one actor per CPU (:class:`ChunkActor`) runs the chunks.

Memory stays bounded whatever the corpus size: files are listed lazily, at most a few tasks per worker are
in flight, and rows are committed every ``batch_size`` documents. Each document has a time limit (an
interval timer in the worker) and a memory limit (the worker's address-space limit); a document that
exceeds either, or kills its worker, becomes a ``documents`` row whose ``reader_status`` says so. A dask
task runs in a worker thread, where no timer can interrupt it, so it hands its chunk to a child process
running the ``local`` engine's worker (:func:`analyse_chunk`): the same limits and the same rows. That
child is long-lived: it is started with the cluster worker (:func:`prestart_child`, called by the dask
worker plugin :class:`juesuan.corpus.cluster.ChildPlugin` or by the ray actor's constructor), every chunk
reuses it, and it is replaced only when a document kills it. The ray engine uses the same child, so that
both cluster engines run a document exactly as ``local`` does, whatever thread their task runs in.

Worker processes of both engines are forked from a forkserver that has imported the readers and rules
once (:data:`PRELOAD`), so a worker, or its replacement after a killed document, starts warm.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import pickle
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from juesuan.corpus.analyse import Rows

# The auditor, the store and the cross checks are imported where they are used, not here: a dask worker
# imports this module to run its chunks in a child process and never needs them (the child has them from
# the forkserver's PRELOAD, and its rows reach the driver still pickled).

ENGINES = ("local", "dask", "ray")
CLUSTER_WORKERS = 2  # the workers of a local cluster started for the run, unless told


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str
    root: str
    previous: str = ""  # the SHA-256 the store has for this path (a changed file), "" for a new one


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0  # per document
    memory_mb: int = 1536  # address space a worker may add while auditing a document


@dataclass
class Summary:
    total: int = 0  # files found
    skipped: int = 0  # already in the store, unchanged
    audited: int = 0  # files audited in this run
    documents: int = 0  # documents rows written (a 汇编 gives several)
    failed: int = 0  # rows whose reader_status is not ok
    batches: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    cross_findings: int = -1  # findings across documents, when they were recomputed


Progress = Callable[[str, Summary], None]  # (event, summary): event is "scan", "skip" or "done"


def scan(paths: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    """``(file, root)`` for every txt/docx/pdf under ``paths`` (files given directly too), lazily, sorted."""
    from juesuan.audit.run import SUFFIXES

    for item in paths:
        p = Path(item).resolve()
        if p.is_file():
            yield str(p), str(p.parent)
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames.sort()
            for name in sorted(filenames):
                if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                    yield os.path.join(dirpath, name), str(p)


def count(paths: Iterable[str | Path]) -> int:
    return sum(1 for _ in scan(paths))


# --- the task, as it runs in a worker -----------------------------------------------------------------


class _Timeout(BaseException):  # not an Exception: readers that catch every error must let it through
    pass


_REPEAT = 0.1  # seconds between alarms once the limit has passed (one may strike where it is swallowed)
_expired = threading.Event()


def _alarm(signum, frame):  # pragma: no cover - runs in the worker
    _expired.set()
    raise _Timeout


def _disarm() -> None:
    """Stop the timer; an alarm already pending when it stops strikes here and is absorbed."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except _Timeout:
            continue


def init_worker(memory_mb: int, owner: int = 0) -> None:
    """Import the readers and rules (a time limit must never strike inside a first import), watch the
    process that owns the pool (``owner``), then limit this worker's address space to what it uses now
    plus ``memory_mb`` (0: no limit)."""
    warm_up()
    if owner:
        threading.Thread(target=_exit_without, args=(owner,), daemon=True).start()
    if memory_mb <= 0:
        return
    with open("/proc/self/statm") as fh:
        vms = int(fh.read().split()[0]) * resource.getpagesize()
    limit = vms + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


PRELOAD = ["__main__", "docx", "pymupdf", "juesuan.audit.rules", "juesuan.corpus.analyse", __name__]


def _exit_without(owner: int, every: float = 1.0) -> None:  # pragma: no cover - runs in the worker
    """End this worker once ``owner`` is gone (a driver killed with ``kill -9``, a dask worker its nanny
    killed): a forkserver's child is not the owner's child and would otherwise wait for work forever."""
    while True:
        time.sleep(every)
        if not _alive(owner):
            os._exit(0)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, killed but not yet reaped by its parent, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass
        return True


def warm_up() -> None:
    import docx  # noqa: F401
    import pymupdf  # noqa: F401

    import juesuan.audit.rules  # noqa: F401


def _context(main: bool = True):
    """The forkserver context, its server importing :data:`PRELOAD` once for every worker it forks.
    ``main=False`` (a cluster worker's child engine): without ``__main__``, which there is the cluster's
    worker script (Ray's imports all of ray: 30–40 MB more in every child), never a module the tasks need."""
    context = get_context("forkserver")
    context.set_forkserver_preload(PRELOAD if main else [m for m in PRELOAD if m != "__main__"])
    return context


def guarded_analyse(task: Task, seconds: float) -> Rows:
    """:func:`analyse_file` under a time limit; a document over a limit becomes a status row."""
    from juesuan.corpus.analyse import analyse_file, status_rows

    started = time.perf_counter()
    timer = seconds > 0 and threading.current_thread() is threading.main_thread()
    if timer:
        warm_up()
        _expired.clear()
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    status = ""
    try:
        try:
            rows = analyse_file(task.path, task.sha256, task.root)
        finally:
            if timer:
                _disarm()
    except _Timeout:
        status = "timeout"
    except MemoryError:
        status = "memory"
    except Exception as exc:  # a bug on one file must not stop the corpus
        status = f"crashed:{type(exc).__name__}"
    # an alarm that struck inside a callback (a weakref's, a reader's) is lost or read as a damaged page:
    # a document that went over its limit is a timeout whatever came out of it
    if timer and _expired.is_set():
        status = "timeout"
    if status:
        return status_rows(task.path, task.sha256, task.root, status, time.perf_counter() - started)
    return rows


_children: list[LocalEngine] = []  # in a cluster worker: the idle child engines, one per busy thread at most
_children_lock = threading.Lock()


def child_engine(limits: Limits) -> LocalEngine:
    """An idle child engine of this cluster worker with ``limits`` (started now if there is none)."""
    with _children_lock:
        for engine in _children:
            if engine.limits == limits:
                _children.remove(engine)
                return engine
    _allow_children()
    return LocalEngine(1, limits, pickled=True)


def release_child(engine: LocalEngine) -> None:
    """Give a child engine back for the next chunk; one with other limits than it is closed."""
    with _children_lock:
        stale = [e for e in _children if e.limits != engine.limits]
        _children[:] = [e for e in _children if e.limits == engine.limits] + [engine]
    for e in stale:
        e.close()


def prestart_child(limits: Limits) -> None:
    """Start this cluster worker's child engine with the worker, so that its imports overlap the cluster's
    start and the driver's scan instead of delaying the first chunk: idle at once (the first chunk finds it
    even while it starts), its processes started in a thread (not in the worker's event loop)."""
    engine = child_engine(limits)
    release_child(engine)
    threading.Thread(target=engine.start, daemon=True).start()


def take_children() -> list[LocalEngine]:
    """Remove and return this cluster worker's idle child engines (to close them)."""
    with _children_lock:
        idle = list(_children)
        _children.clear()
    return idle


def child_pids() -> list[int]:
    """The processes of this cluster worker's idle child engines (for tests and diagnostics)."""
    with _children_lock:
        return [pid for engine in _children for pid in engine.pids()]


def guarded_analyse_pickled(task: Task, seconds: float) -> bytes:
    """:func:`guarded_analyse`, its rows pickled (a cluster worker passes them on without reading them)."""
    return pickle.dumps(guarded_analyse(task, seconds), protocol=pickle.HIGHEST_PROTOCOL)


def crashed_rows(task: Task, seconds: float) -> Rows:
    from juesuan.corpus.analyse import status_rows

    return status_rows(task.path, task.sha256, task.root, "crashed", seconds)


def analyse_chunk(tasks: list[Task], limits: Limits) -> list[bytes]:
    """Several documents in one cluster task, run in a child process of the cluster worker with the
    ``local`` engine's worker and limits (a cluster task runs in a worker thread, where no timer can
    interrupt it): a document over its time or memory limit, or one that kills the child, becomes the
    same ``timeout``/``memory``/``crashed`` row as with ``local``. The child is kept for the next chunk.
    The rows come back pickled, as the child made them."""
    engine = child_engine(limits)
    try:
        results = dict(engine.run(iter(tasks)))
    except BaseException:
        engine.close()
        raise
    release_child(engine)
    return [cast(bytes, results[task]) for task in tasks]


def _allow_children() -> None:
    """dask's nanny starts its workers as daemonic processes, which multiprocessing forbids to start
    children (``distributed.worker.daemon``); the child pool is shut down with the worker's interpreter."""
    import multiprocessing

    current = multiprocessing.current_process()
    if current.daemon:
        current._config["daemon"] = False  # type: ignore[attr-defined]


def analyse_alone(run_chunk: Callable[[list[Task]], list[bytes]], task: Task) -> Rows:
    """One document alone on the cluster (``run_chunk`` runs a chunk there and waits for its pickled rows):
    its rows, or a ``crashed`` row when its worker dies again."""
    try:
        return pickle.loads(run_chunk([task])[0])
    except Exception:
        return crashed_rows(task, 0.0)


# --- engines ------------------------------------------------------------------------------------------


class LocalEngine:
    """A process pool on this machine; a worker that dies takes only its own document with it. ``pickled``:
    the rows are yielded as the worker pickled them (bytes), for a cluster worker to pass on."""

    def __init__(self, workers: int, limits: Limits, pickled: bool = False) -> None:
        self.workers = max(1, workers)
        self.limits = limits
        self.analyse: Callable[[Task, float], Rows | bytes]
        self.analyse = guarded_analyse_pickled if pickled else guarded_analyse
        self.pool = self._pool(self.workers)

    def _pool(self, n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=n,
            mp_context=_context(main=self.analyse is guarded_analyse),
            initializer=init_worker,
            initargs=(self.limits.memory_mb, os.getpid()),
        )

    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, Rows | bytes]]:
        inflight: dict[Future, Task] = {}
        window = self.workers * 3
        exhausted = False
        while True:
            while not exhausted and len(inflight) < window:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                inflight[self._submit(task)] = task
            if not inflight:
                return
            finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                task = inflight.pop(fut)
                try:
                    yield task, fut.result()
                except BrokenProcessPool:
                    broken = True
                    yield task, self._alone(task)
            if broken:  # the pool is gone: run what was in flight one at a time, then a new pool
                for task in list(inflight.values()):
                    yield task, self._alone(task)
                inflight.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._pool(self.workers)

    def _submit(self, task: Task) -> Future:
        """Submit one document; a pool whose worker died while idle (killed from outside) is replaced."""
        try:
            return self.pool.submit(self.analyse, task, self.limits.seconds)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._pool(self.workers)
            return self.pool.submit(self.analyse, task, self.limits.seconds)

    def start(self) -> None:
        """Start the worker processes now (a pool starts them at its first task otherwise)."""
        try:
            for fut in [self.pool.submit(os.getpid) for _ in range(self.workers)]:
                fut.result()
        except Exception:  # a pool broken meanwhile is replaced by the next chunk
            return

    def pids(self) -> list[int]:
        return sorted(p.pid for p in (self.pool._processes or {}).values() if p.pid and p.is_alive())

    def _alone(self, task: Task) -> Rows | bytes:
        """One document in a pool of its own: its rows, or a ``crashed`` row when it kills its worker."""
        started = time.perf_counter()
        with self._pool(1) as pool:
            try:
                return pool.submit(self.analyse, task, self.limits.seconds).result()
            except BrokenProcessPool:
                rows = crashed_rows(task, time.perf_counter() - started)
                return pickle.dumps(rows) if self.analyse is guarded_analyse_pickled else rows

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def missing_extra(engine: str, extra: str) -> RuntimeError:
    return RuntimeError(f"引擎{engine}需要安装可选依赖：pip install 'juesuan[{extra}]'")


class DaskEngine:
    """The same task on a dask.distributed cluster (``address``) or on a local cluster started for it."""

    CHUNK = 8

    def __init__(self, workers: int, limits: Limits, address: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the installed extra
            raise missing_extra("dask", "cluster") from exc
        self.limits = limits
        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit=f"{max(limits.memory_mb, 256) + 512}MB",
            )
            self.client = Client(self.cluster)
        from juesuan.corpus.cluster import ChildPlugin

        self.client.register_plugin(ChildPlugin(limits, prestart_child, take_children))
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, Rows]]:
        """Tasks go out in chunks of ``CHUNK`` documents: one scheduler round trip per chunk, not per file."""
        from dask.distributed import as_completed

        window = self.workers * 2
        pending = as_completed()
        owner: dict[object, list[Task]] = {}

        def submit() -> bool:
            chunk = list(itertools.islice(tasks, self.CHUNK))
            if not chunk:
                return False
            fut = self.client.submit(analyse_chunk, chunk, self.limits, pure=False)
            owner[fut.key] = chunk
            pending.add(fut)
            return True

        while pending.count() < window and submit():
            pass
        for fut in pending:
            chunk = owner.pop(fut.key)
            try:
                results = [pickle.loads(rows) for rows in fut.result()]
            except Exception:  # the worker died (memory) or the chunk failed on the cluster: one by one
                results = [analyse_alone(self._chunk, task) for task in chunk]
            fut.release()
            yield from zip(chunk, results, strict=True)
            submit()

    def _chunk(self, chunk: list[Task]) -> list[bytes]:
        return self.client.submit(analyse_chunk, chunk, self.limits, pure=False).result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class ChunkActor:
    """A worker of the ray engine (made a ray actor by :class:`RayEngine`; this module does not import ray):
    one per CPU of the cluster, each holding its long-lived child engine, started with the actor."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        prestart_child(limits)

    def analyse(self, tasks: list[Task]) -> list[bytes]:
        return analyse_chunk(tasks, self.limits)

    def child_pids(self) -> list[int]:
        return child_pids()

    def close(self) -> None:
        for engine in take_children():
            engine.close()


class RayEngine:
    """The same task on a Ray cluster (``address``) or on a local one of ``workers`` CPUs started for it.

    Chunks of ``CHUNK`` documents go to the actors, at most two in flight per actor, each to the actor
    with the fewest. An actor that dies (its process killed) is restarted by Ray, and its chunks are run
    again one document at a time, as on dask (each sent again if the actor dies meanwhile). Actors
    belong to this driver: Ray ends them when it disconnects or dies, and their children end with them
    (:func:`init_worker` watches the owner)."""

    CHUNK = 8
    RETRIES = 2  # a document whose actor dies this many times more becomes a ``crashed`` row

    def __init__(self, workers: int, limits: Limits, address: str | None = None) -> None:
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - depends on the installed extra
            raise missing_extra("ray", "ray") from exc
        import logging

        self.limits = limits
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network at run time
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            n = int(ray.cluster_resources().get("CPU", 0)) or workers
        else:
            ray.init(
                num_cpus=max(1, workers),
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
            n = workers
        actor: Any = ray.remote(num_cpus=1, max_restarts=-1)(ChunkActor)  # typed by ray only when installed
        self.actors: list[Any] = [actor.remote(limits) for _ in range(max(1, n))]
        self.workers = len(self.actors)

    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, Rows]]:
        import ray

        load = [0] * len(self.actors)  # chunks in flight per actor
        owner: dict[object, tuple[int, list[Task]]] = {}

        def submit() -> bool:
            chunk = list(itertools.islice(tasks, self.CHUNK))
            if not chunk:
                return False
            k = min(range(len(load)), key=load.__getitem__)
            owner[self.actors[k].analyse.remote(chunk)] = (k, chunk)
            load[k] += 1
            return True

        while len(owner) < 2 * len(self.actors) and submit():
            pass
        while owner:
            [ref], _ = ray.wait(list(owner), num_returns=1)
            k, chunk = owner.pop(ref)
            load[k] -= 1
            try:
                results = [pickle.loads(rows) for rows in ray.get(ref)]
            except Exception:  # the actor died (memory, killed) or the chunk failed: one by one
                results = [analyse_alone(functools.partial(self._on, k), task) for task in chunk]
            yield from zip(chunk, results, strict=True)
            submit()

    def _on(self, k: int, chunk: list[Task]) -> list[bytes]:
        """A chunk on actor ``k``, sent again (up to ``RETRIES`` times) if the actor dies meanwhile: a call
        sent just after an actor died, before Ray knew it, fails though the restarted actor would run it."""
        import ray

        return ray.get(self.actors[k].analyse.options(max_task_retries=self.RETRIES).remote(chunk))

    def child_pids(self) -> list[list[int]]:
        """The child processes of each actor (for tests and diagnostics)."""
        import ray

        return ray.get([actor.child_pids.remote() for actor in self.actors])

    def close(self) -> None:
        import ray

        with contextlib.suppress(Exception):  # an actor already gone: its children ended with it
            ray.get([actor.close.remote() for actor in self.actors], timeout=30)
        for actor in self.actors:
            ray.kill(actor)
        ray.shutdown()


def make_engine(engine: str, workers: int | None, limits: Limits, address: str | None = None):
    n = workers or ((os.cpu_count() or 1) if engine == "local" else CLUSTER_WORKERS)
    if engine == "local":
        return LocalEngine(n, limits)
    if engine == "dask":
        return DaskEngine(n, limits, address)
    if engine == "ray":
        return RayEngine(n, limits, address)
    raise ValueError(f"未知的引擎“{engine}”（可选：{'、'.join(ENGINES)}）")


# --- the run ------------------------------------------------------------------------------------------


def audit_corpus(
    paths: Iterable[str | Path],
    store_dir: str | Path,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    limits: Limits | None = None,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> Summary:
    """Audit every new or changed file under ``paths`` into the store; resumable after any interruption."""
    from juesuan.corpus.analyse import Rows, file_sha256
    from juesuan.corpus.crosscheck import write_crosschecks
    from juesuan.corpus.schema import CROSS_FILE
    from juesuan.corpus.store import Store

    paths = list(paths)
    limits = limits or Limits()
    summary = Summary()
    started = time.perf_counter()
    with Store.open(store_dir, write=True) as store:
        done = store.done()
        summary.total = count(paths)
        if progress:
            progress("scan", summary)

        def tasks() -> Iterator[Task]:
            for path, root in scan(paths):
                sha = file_sha256(path)
                previous = done.get(path, "")
                if previous == sha:
                    summary.skipped += 1
                    if progress:
                        progress("skip", summary)
                    continue
                yield Task(path, sha, root, previous)

        runner = make_engine(engine, workers, limits, address)
        buffer = Rows()
        retire: list[tuple[str, str]] = []
        try:
            for task, rows in runner.run(tasks()):
                buffer.extend(rows)
                if task.previous:
                    retire.append((task.path, task.previous))
                summary.audited += 1
                summary.documents += len(rows.documents)
                for d in rows.documents:
                    status = d["reader_status"].split(":")[0]
                    summary.statuses[status] = summary.statuses.get(status, 0) + 1
                    summary.failed += status not in ("ok", "partial")
                if len(buffer.documents) >= batch_size:
                    store.commit(buffer, retire)
                    summary.batches += 1
                    buffer, retire = Rows(), []
                if progress:
                    progress("done", summary)
            if buffer.documents:
                store.commit(buffer, retire)
                summary.batches += 1
        finally:
            runner.close()
        if summary.audited or not (store.root / CROSS_FILE).exists():
            summary.cross_findings = write_crosschecks(store)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
