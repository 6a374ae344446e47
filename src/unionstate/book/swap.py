"""Replace the published book atomically: at every instant ``_build/html`` is a complete book.

The new book is copied next to the old one and the two are exchanged in one step (Linux
``renameat2``); where the exchange is not available, the old book is renamed aside first and
:func:`recover` puts it back if the run dies in between.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from unionstate.errors import UnionstateError


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _aside(out_root: Path) -> tuple[Path, Path, Path]:
    build_dir = out_root / "_build"
    return build_dir / "html", build_dir / ".html.new", build_dir / ".html.old"


def recover(out_root: Path) -> None:
    """Undo what a run killed during the swap left behind: the last good book back in place, and
    no half-copied new one (called under the run's lock, before anything else)."""
    final, staging, old = _aside(out_root)
    if not final.exists() and old.is_dir():
        os.replace(old, final)
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)


def swap_in(built: Path, out_root: Path, extra: Mapping[str, Path] | None = None) -> Path:
    """Make a copy of ``built`` (plus the ``extra`` files, by their name in the book) the book at
    ``out_root/_build/html``, with a complete book there at every instant; returns it."""
    final, staging, old = _aside(out_root)
    recover(out_root)
    try:
        shutil.copytree(built, staging)
        for name, path in (extra or {}).items():
            shutil.copyfile(path, staging / name)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)  # a full disk: no half-copied book left behind
        if not isinstance(exc, OSError):
            raise
        reason = str(exc.args[0][0][2]) if isinstance(exc, shutil.Error) and exc.args and exc.args[0] else exc.strerror
        reason = re.sub(r"^\[Errno \d+\] ([^:]+):.*$", r"\1", str(reason))  # shutil.Error: just the reason
        raise UnionstateError(
            f"{final}: the new book could not be copied ({reason}); the last good book is kept"
        ) from None
    if final.exists() and _exchange(staging, final):
        shutil.rmtree(staging)
        return final
    if final.exists():
        os.replace(final, old)  # without the exchange: recover() puts it back if we die here
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)
    return final
