"""The dask worker plugin of ``corpus audit --engine dask``: each worker's long-lived child engine.

Imported only by the dask engine (it needs ``dask.distributed``, the optional extra ``juesuan[cluster]``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin


class ChildPlugin(WorkerPlugin):
    """Start the worker's child engine (:func:`juesuan.corpus.run.analyse_chunk` runs its chunks there)
    when the worker starts, so that its imports overlap the cluster's start and the driver's scan instead
    of delaying the first chunk; close it with the worker.

    The engine's pool of idle children is given by the caller (``juesuan.corpus.run``'s ``child_engine``,
    ``release_child`` and ``take_children``; pickled by reference), so this module imports nothing of the
    run that registers it."""

    name = "juesuan-corpus-child"

    def __init__(
        self,
        limits: Any,
        start: Callable[[Any], Any],
        release: Callable[[Any], None],
        take: Callable[[], list[Any]],
    ) -> None:
        self.limits = limits
        self.start, self.release, self.take = start, release, take

    def setup(self, worker) -> None:
        engine = self.start(self.limits)  # idle at once: the first chunk finds it, even while it starts
        self.release(engine)
        threading.Thread(target=engine.start, daemon=True).start()  # not in the worker's event loop

    def teardown(self, worker) -> None:
        for engine in self.take():
            engine.close()
