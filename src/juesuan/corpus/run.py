"""``corpus audit``: scan folders, skip what the store has, analyse the rest on an engine, commit batches.

Engines run the same task (:func:`guarded_analyse`) and differ only in where it runs:

- ``local`` — a process pool on this machine (the default, no extra dependency);
- ``dask`` — a ``dask.distributed`` cluster at ``address``, the cluster of the process's default client
  (one the caller made), or a local cluster of ``workers`` processes started for the run (the optional
  extra ``juesuan[cluster]``);
- ``ray`` — a Ray cluster at ``address``, the process's Ray session (``ray.init`` done by the caller), or
  a local one of ``workers`` CPUs started for the run (the optional extra ``juesuan[ray]``): one actor
  per CPU (:class:`ChunkActor`) runs the chunks.

A cluster, client or session the caller had before the run is joined and left as it was found; only
what the engine started is closed. Both cluster engines run the same driver loop (:class:`ClusterEngine`:
chunks, a limit on chunks in flight, a failed chunk run again one document at a time) and differ only in
how a chunk is sent and waited for.

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
from collections.abc import Callable, Generator, Iterable, Iterator
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


def close_children() -> None:
    """Close this cluster worker's idle child engines (its dask plugin's teardown, its ray actor's close)."""
    with _children_lock:
        idle = list(_children)
        _children.clear()
    for engine in idle:
        engine.close()


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


class ClusterEngine:
    """The driver loop of the cluster engines: the documents go out in chunks of ``CHUNK`` (one round trip
    per chunk, not per file), at most ``PER_WORKER`` chunks per worker in flight; a chunk that fails (its
    worker died, of memory or killed, or the chunk failed on the cluster) is run again one document at a
    time (:func:`analyse_alone`), a document that fails alone too becoming a ``crashed`` row; chunks still
    in flight when the caller stops reading are cancelled.

    An engine supplies where a chunk runs, through a handle of its choice (hashable):
    :meth:`_submit` sends a chunk, :meth:`_completed` makes the queue its handles come out of as they finish
    (``add`` and ``next``), :meth:`_result` is a finished chunk's pickled rows (or raises), :meth:`_alone`
    sends a chunk again and waits for its rows, :meth:`_done` forgets a handle, :meth:`_cancel` stops
    chunks in flight."""

    CHUNK = 8
    PER_WORKER = 2
    workers: int
    limits: Limits

    def run(self, tasks: Iterator[Task]) -> Generator[tuple[Task, Rows], None, None]:
        completed = self._completed()
        chunks: dict[Any, list[Task]] = {}  # the chunks in flight, by handle

        def submit() -> bool:
            chunk = list(itertools.islice(tasks, self.CHUNK))
            if not chunk:
                return False
            handle = self._submit(chunk)
            chunks[handle] = chunk
            completed.add(handle)
            return True

        try:
            while len(chunks) < self.PER_WORKER * self.workers and submit():
                pass
            while chunks:
                handle = next(completed)
                chunk = chunks.pop(handle)
                try:
                    results = [pickle.loads(rows) for rows in self._result(handle)]
                except Exception:  # the worker died (memory, killed) or the chunk failed: one by one
                    results = [analyse_alone(functools.partial(self._alone, handle), task) for task in chunk]
                self._done(handle)
                yield from zip(chunk, results, strict=True)
                submit()
        finally:
            if chunks:  # the caller stopped reading, or the cluster failed: leave no chunk running for nobody
                with contextlib.suppress(Exception):
                    self._cancel(list(chunks))
                for handle in chunks:
                    self._done(handle)

    def _submit(self, chunk: list[Task]) -> Any:
        raise NotImplementedError

    def _completed(self) -> Any:
        raise NotImplementedError

    def _result(self, handle: Any) -> list[bytes]:
        raise NotImplementedError

    def _alone(self, handle: Any, chunk: list[Task]) -> list[bytes]:
        raise NotImplementedError

    def _done(self, handle: Any) -> None:
        return None

    def _cancel(self, handles: list[Any]) -> None:
        return None


class DaskEngine(ClusterEngine):
    """The same task on a dask.distributed cluster (``address``), on the cluster of the process's default
    client when there is one (a ``Client`` the caller made: joined, and left open), or on a local cluster
    started for it (and closed after it). A client of the engine's own is never made the process's default
    client. On a cluster it did not start, the engine's worker plugin (and with it each worker's child) is
    removed again when it closes."""

    def __init__(self, workers: int, limits: Limits, address: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the installed extra
            raise missing_extra("dask", "cluster") from exc
        self.limits = limits
        self.cluster = None
        self.owns_client = True
        if address:
            self.client = Client(address, set_as_default=False)
        elif (existing := _default_client()) is not None:
            self.client, self.owns_client = existing, False
        else:
            self.cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit=f"{max(limits.memory_mb, 256) + 512}MB",
            )
            self.client = Client(self.cluster, set_as_default=False)
        from juesuan.corpus.cluster import ChildPlugin

        self.plugin = ChildPlugin(limits, prestart_child, close_children)
        self.client.register_plugin(self.plugin)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def _submit(self, chunk: list[Task]) -> Any:
        return self.client.submit(analyse_chunk, chunk, self.limits, pure=False)

    def _completed(self) -> Any:
        from dask.distributed import as_completed

        return as_completed(loop=self.client.loop)

    def _result(self, handle: Any) -> list[bytes]:
        return handle.result()

    def _alone(self, handle: Any, chunk: list[Task]) -> list[bytes]:
        return self._submit(chunk).result()

    def _done(self, handle: Any) -> None:
        handle.release()

    def _cancel(self, handles: list[Any]) -> None:
        self.client.cancel(handles)

    def close(self) -> None:
        if self.cluster is None:  # not our cluster: take our children off its workers
            with contextlib.suppress(Exception):
                self.client.unregister_worker_plugin(self.plugin.name)
        if self.owns_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _default_client() -> Any:
    """The process's default dask client (one the caller made), or None."""
    from dask.distributed import default_client

    try:
        return default_client()
    except ValueError:
        return None


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
        close_children()


class RayEngine(ClusterEngine):
    """The same task on a Ray cluster (``address``), on the session the process already has (``ray.init``
    done by the caller: joined, and left running), or on a local one of ``workers`` CPUs started for it
    (and shut down after it). On a cluster given or joined, one actor per CPU of the cluster.

    Each chunk goes to the actor with the fewest in flight. An actor that dies (its process killed) is
    restarted by Ray, and its chunks are run again one document at a time on it (each sent again if the
    actor dies meanwhile). Actors belong to this engine: it kills them when it closes, Ray ends them when
    the driver disconnects or dies, and their children end with them (:func:`init_worker` watches the
    owner)."""

    RETRIES = 2  # a document whose actor dies this many times more becomes a ``crashed`` row

    def __init__(self, workers: int, limits: Limits, address: str | None = None) -> None:
        try:
            import ray
        except ImportError as exc:  # pragma: no cover - depends on the installed extra
            raise missing_extra("ray", "ray") from exc
        import logging

        self.limits = limits
        self.owns_session = not ray.is_initialized()
        if not self.owns_session:
            joined = ray.get_runtime_context().gcs_address
            if address and address not in ("auto", joined):
                raise RuntimeError(f"本进程的Ray已连接到集群{joined}，不能再连接{address}")
            n = int(ray.cluster_resources().get("CPU", 0)) or workers
        elif address:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network at run time
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            n = int(ray.cluster_resources().get("CPU", 0)) or workers
        else:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
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
        self.load = [0] * self.workers  # chunks in flight per actor
        self.actor_of: dict[Any, int] = {}  # the actor of each chunk in flight, by its object ref

    def _submit(self, chunk: list[Task]) -> Any:
        k = min(range(self.workers), key=self.load.__getitem__)
        ref = self.actors[k].analyse.remote(chunk)
        self.actor_of[ref] = k
        self.load[k] += 1
        return ref

    def _completed(self) -> _Refs:
        return _Refs()

    def _result(self, handle: Any) -> list[bytes]:
        import ray

        return ray.get(handle)

    def _alone(self, handle: Any, chunk: list[Task]) -> list[bytes]:
        """The chunk again on the same actor, sent again (up to ``RETRIES`` times) if the actor dies
        meanwhile: a call sent just after an actor died, before Ray knew it, fails though the restarted
        actor would run it."""
        import ray

        actor = self.actors[self.actor_of[handle]]
        return ray.get(actor.analyse.options(max_task_retries=self.RETRIES).remote(chunk))

    def _done(self, handle: Any) -> None:
        self.load[self.actor_of.pop(handle)] -= 1

    def _cancel(self, handles: list[Any]) -> None:
        import ray

        for ref in handles:
            ray.cancel(ref)

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
        if self.owns_session:
            ray.shutdown()


class _Refs:
    """Ray object refs in the order they finish (the completion queue of :class:`RayEngine`)."""

    def __init__(self) -> None:
        self.refs: list[Any] = []

    def add(self, ref: Any) -> None:
        self.refs.append(ref)

    def __next__(self) -> Any:
        import ray

        [ref], self.refs = ray.wait(self.refs, num_returns=1)
        return ref


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
