"""The dask worker plugin of ``corpus audit --engine dask``: each worker's long-lived child engine.

Imported only by the dask engine (it needs ``dask.distributed``, the optional extra ``juesuan[cluster]``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed import WorkerPlugin


class ChildPlugin(WorkerPlugin):
    """Start the worker's child engine (:func:`juesuan.corpus.run.analyse_chunk` runs its chunks there)
    when the worker starts, so that its imports overlap the cluster's start and the driver's scan instead
    of delaying the first chunk; close it with the worker.

    How to start the child and close the idle ones is given by the caller (``juesuan.corpus.run``'s
    ``prestart_child`` and ``close_children``, which the ray engine's actor calls too; pickled by
    reference), so this module imports nothing of the run that registers it."""

    name = "juesuan-corpus-child"

    def __init__(
        self,
        limits: Any,
        start: Callable[[Any], None],
        close: Callable[[], None],
    ) -> None:
        self.limits = limits
        self.start, self.close_children = start, close

    def setup(self, worker) -> None:
        self.start(self.limits)

    def teardown(self, worker) -> None:
        self.close_children()
