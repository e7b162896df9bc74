"""The driver loop the cluster engines share (``juesuan.corpus.run.ClusterEngine``), on a fake engine that
runs its chunks in this process: chunks, the limit on chunks in flight, a failed chunk run again one
document at a time, a document that fails alone too as a ``crashed`` row, and chunks in flight cancelled
when the caller stops reading. No extra needed (the dask and ray engines are tested in test_engines.py)."""

from __future__ import annotations

import pickle
from collections import deque

from juesuan.corpus.run import ClusterEngine, Limits, Task


class Queue(deque):
    """Handles in the order they were sent (the fake cluster finishes them in that order)."""

    add = deque.append

    def __next__(self):
        return self.popleft()


class FakeEngine(ClusterEngine):
    CHUNK = 3

    def __init__(self, workers: int, bad: frozenset[str] = frozenset()) -> None:
        self.workers, self.limits, self.bad = workers, Limits(), bad
        self.sent: list[list[Task]] = []
        self.inflight: set[int] = set()
        self.most = 0
        self.cancelled: list[int] = []

    def _submit(self, chunk: list[Task]) -> int:
        self.sent.append(chunk)
        self.inflight.add(len(self.sent) - 1)
        self.most = max(self.most, len(self.inflight))
        return len(self.sent) - 1

    def _completed(self) -> Queue:
        return Queue()

    def _result(self, handle: int) -> list[bytes]:
        return self._alone(handle, self.sent[handle])

    def _alone(self, handle: int, chunk: list[Task]) -> list[bytes]:
        if any(task.path in self.bad for task in chunk):
            raise RuntimeError("worker died")
        return [pickle.dumps(f"rows of {task.path}") for task in chunk]

    def _done(self, handle: int) -> None:
        self.inflight.remove(handle)

    def _cancel(self, handles: list[int]) -> None:
        self.cancelled += handles


def _tasks(n: int) -> list[Task]:
    return [Task(f"/c/{k}.txt", f"{k:064d}", "/c") for k in range(n)]


def test_chunks_go_out_with_at_most_two_per_worker_in_flight() -> None:
    engine = FakeEngine(workers=2)
    results = list(engine.run(iter(_tasks(20))))
    assert [t.path for t, _ in results] == [t.path for t in _tasks(20)]
    assert [r for _, r in results] == [f"rows of {t.path}" for t in _tasks(20)]
    assert [len(c) for c in engine.sent] == [3] * 6 + [2]
    assert engine.most == 4 and not engine.inflight and not engine.cancelled


def test_a_failed_chunk_is_run_again_one_document_at_a_time() -> None:
    engine = FakeEngine(workers=1, bad=frozenset({"/c/4.txt"}))
    results = dict((t.path, r) for t, r in engine.run(iter(_tasks(7))))
    assert [len(c) for c in engine.sent] == [3, 3, 1]  # the chunk of 3, 4, 5 was sent again one by one
    assert results["/c/3.txt"] == "rows of /c/3.txt" and results["/c/5.txt"] == "rows of /c/5.txt"
    assert [d["reader_status"] for d in results["/c/4.txt"].documents] == ["crashed"]
    assert results["/c/4.txt"].documents[0]["path"] == "/c/4.txt"


def test_chunks_in_flight_are_cancelled_when_the_caller_stops_reading() -> None:
    engine = FakeEngine(workers=2)
    run = engine.run(iter(_tasks(20)))
    next(run)  # the first row of chunk 0; chunks 1 to 3 are in flight
    run.close()
    assert engine.cancelled == [1, 2, 3] and not engine.inflight
