"""Where batch work runs: a Dask cluster (local by default, or one at an address), or in-process.

Corpus analysis and parameter sweeps both go through :func:`open_executor`, so the same command
runs on a laptop, on an existing cluster (``--scheduler tcp://host:8786``), or in this process
(``--scheduler synchronous``: no cluster, for debugging and as the reference in tests).
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from unionstate.errors import UnionstateError

SYNCHRONOUS = "synchronous"

LOW_LEVEL_LOG_LENGTH = 20
"""Dask keeps this many recent messages per connection for debugging (default 1000). Our task
messages carry their batch of texts (up to 1 MB each are kept), so at the default the client and
the scheduler would hold about a thousand batches each: memory that grows with the corpus until
that ceiling. Twenty keeps the debugging aid and makes memory flat."""


class Executor:
    """Runs ``fn(item, *shared)`` for a stream of items with a bounded number in flight."""

    workers: int = 1

    def share(self, value: Any) -> Any:
        """Make ``value`` (large, read-only) available to every task once."""
        return value

    def map_unordered(self, fn: Callable, items: Iterable, *shared: Any, in_flight: int | None = None) -> Iterator:
        """Yield ``fn(item, *shared)`` for every item as each finishes (not in input order).

        At most ``in_flight`` tasks (default: twice the workers) are submitted at a time, so a
        long stream of items is never held in memory at once.
        """
        for item in items:
            yield fn(item, *shared)


class DaskExecutor(Executor):
    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))

    def share(self, value: Any) -> Any:
        return self.client.scatter(value, broadcast=True, hash=False)

    def map_unordered(self, fn: Callable, items: Iterable, *shared: Any, in_flight: int | None = None) -> Iterator:
        from distributed import as_completed

        limit = in_flight or 2 * self.workers
        pending = as_completed()
        iterator = iter(items)
        try:
            for item in itertools.islice(iterator, limit):
                pending.add(self.client.submit(fn, item, *shared, pure=False))
            for future in pending:
                result = future.result()
                future.release()
                for item in itertools.islice(iterator, 1):  # keep the workers busy while we consume
                    pending.add(self.client.submit(fn, item, *shared, pure=False))
                yield result
        finally:
            for future in list(pending.futures):  # a copy: the background loop may still change it
                future.cancel()


def local_cluster(workers: int) -> Any:
    """A Dask cluster of ``workers`` single-threaded processes on this machine, listening only on
    127.0.0.1 (its status page too, on a free port), with no dashboard, and speaking TLS with
    credentials made for this run alone (Dask's temporary ``Security``): another local user or
    process cannot submit work to it."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
        security=True,
    )


@contextmanager
def open_executor(scheduler: str | None = None, workers: int | None = None) -> Iterator[Executor]:
    """A local Dask cluster of ``workers`` processes (default: one per core), the cluster at
    ``scheduler``, or in-process execution when ``scheduler`` is ``"synchronous"``."""
    if workers is not None and workers < 1:
        raise UnionstateError("--workers must be at least 1")
    if scheduler == SYNCHRONOUS:
        yield Executor()
        return
    import dask
    import distributed  # noqa: F401  (loads its defaults, which the set below must not shadow)

    # Read when the client, the local scheduler and its workers are created, so set it first.
    with dask.config.set({"distributed.admin.low-level-log-length": LOW_LEVEL_LOG_LENGTH}):
        yield from _dask_executor(scheduler, workers)


def _dask_executor(scheduler: str | None, workers: int | None) -> Iterator[Executor]:
    import dask
    from distributed import Client

    if scheduler:
        if workers is not None:
            raise UnionstateError("--workers sizes a local cluster; it cannot be combined with --scheduler")
        try:  # how long to try (Dask configuration, e.g. DASK_UNIONSTATE__SCHEDULER_TIMEOUT=30s)
            client = Client(scheduler, timeout=dask.config.get("unionstate.scheduler-timeout", "10s"))
        except (OSError, TimeoutError, ValueError) as exc:
            raise UnionstateError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        try:
            yield DaskExecutor(client)
        finally:
            client.close()
        return
    # The worker processes are started ignoring Ctrl-C (an ignored signal stays ignored in a new
    # process): the run stops them itself, instead of each printing a KeyboardInterrupt traceback.
    main = threading.current_thread() is threading.main_thread()  # only there can signals be set
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        cluster = local_cluster(workers or os.cpu_count() or 1)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    client = Client(cluster)
    try:
        yield DaskExecutor(client)
    finally:
        _quiet_workers(client)
        client.close()
        cluster.close()


def _quiet_workers(client: Any) -> None:
    """Silence the local workers' logs before the cluster closes: a worker whose heartbeat is in
    flight as it shuts down logs a traceback at ERROR (a known closing race in distributed) that
    says nothing about the run's results, and on Ctrl-C would bury the one-line message."""
    with suppress(Exception):  # a worker already gone has no logs left to silence
        client.run(_silence_distributed)


def _silence_distributed() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
