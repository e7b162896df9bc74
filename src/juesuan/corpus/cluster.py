"""The dask worker plugin of ``corpus audit --engine dask``: each worker's long-lived child engine.

Imported only by the dask engine (it needs ``dask.distributed``, the optional extra ``juesuan[cluster]``).
"""

from __future__ import annotations

import threading

from distributed import WorkerPlugin

from juesuan.corpus.run import Limits, child_engine, release_child, take_children


class ChildPlugin(WorkerPlugin):
    """Start the worker's child engine (:func:`juesuan.corpus.run.analyse_chunk` runs its chunks there)
    when the worker starts, so that its imports overlap the cluster's start and the driver's scan instead
    of delaying the first chunk; close it with the worker."""

    name = "juesuan-corpus-child"

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def setup(self, worker) -> None:
        engine = child_engine(self.limits)  # idle at once: the first chunk finds it, even while it starts
        release_child(engine)
        threading.Thread(target=engine.start, daemon=True).start()  # not in the worker's event loop

    def teardown(self, worker) -> None:
        for engine in take_children():
            engine.close()
