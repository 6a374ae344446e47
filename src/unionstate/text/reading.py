"""Reading a file within bounds: the one home of the checks every input file gets (a document,
a configuration file), each failure a one-line error naming the file."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from unionstate.errors import UnionstateError


@contextmanager
def open_regular(path: Path, name: str, what: str) -> Iterator[BinaryIO]:
    """The regular file ``path`` opened for reading. A folder, a device, pipe or socket (never
    opened), a missing or unreadable file is a one-line error naming ``name`` and what was
    expected, as is a failure while reading it."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UnionstateError(f"{name}: is a directory, not {what}")
        if not stat.S_ISREG(mode):
            raise UnionstateError(f"{name}: not a regular file (a device, pipe or socket), not {what}")
        with path.open("rb") as handle:
            yield handle
    except FileNotFoundError:
        raise UnionstateError(f"{name}: no such file") from None
    except OSError as exc:
        raise UnionstateError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def read_regular(path: Path, name: str, limit: int, what: str) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``path`` (one more than allowed, so the
    caller can tell a file that is too large), with :func:`open_regular`'s errors."""
    with open_regular(path, name, what) as handle:
        return handle.read(limit + 1)
