"""One writer at a time per output folder: an advisory lock the kernel releases if we die."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UnionstateError


@contextmanager
def exclusive(lock_file: Path, busy: str) -> Iterator[None]:
    """Hold ``lock_file`` for the block, or fail at once with the one-line error ``busy``."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnionstateError(busy) from None
        yield
