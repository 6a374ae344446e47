"""One writer at a time per output folder: an advisory lock the kernel releases if we die.

The holder writes a fresh token into the lock file, and its helper processes check, before they
write anything, that the lock is still held under that token (:func:`holds`): a helper that
outlives its run, or one whose run was replaced by another, writes nothing.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from unionstate.errors import UnionstateError


@dataclass(frozen=True)
class Lock:
    """A held lock: its file and the token its holder wrote there."""

    path: Path
    token: str


@contextmanager
def exclusive(lock_file: Path, busy: str) -> Iterator[Lock]:
    """Hold ``lock_file`` for the block, or fail at once with the one-line error ``busy``."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)  # not O_TRUNC: the holder's token stays
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnionstateError(busy) from None
        token = f"{os.getpid()}-{secrets.token_hex(8)}"
        os.ftruncate(fd, 0)
        os.pwrite(fd, token.encode(), 0)
        yield Lock(lock_file, token)
    finally:
        os.close(fd)


def holds(lock: Lock) -> bool:
    """Is ``lock`` still held by the run that took it (its token in the file, the file locked)?"""
    try:
        fd = os.open(lock.path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if os.pread(fd, 64, 0).decode(errors="replace") != lock.token:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True  # held, and under our token
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False  # nobody holds it: the run that took it has ended
    finally:
        os.close(fd)
