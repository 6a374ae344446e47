"""Reading a file within bounds: the one home of the checks every input file gets (a document,
a configuration file), each failure a one-line error naming the file."""

from __future__ import annotations

import stat
from pathlib import Path

from unionstate.errors import UnionstateError


def read_regular(path: Path, name: str, limit: int, what: str) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``path`` (one more than allowed, so the
    caller can tell a file that is too large). A folder, a device, pipe or socket (never opened),
    a missing or unreadable file is a one-line error naming ``name`` and what was expected."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UnionstateError(f"{name}: is a directory, not {what}")
        if not stat.S_ISREG(mode):
            raise UnionstateError(f"{name}: not a regular file (a device, pipe or socket), not {what}")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise UnionstateError(f"{name}: no such file") from None
    except OSError as exc:
        raise UnionstateError(f"{name}: cannot be read ({exc.strerror or exc})") from None
