"""Content digests: everything an output depends on, hashed, so unchanged work is skipped."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


class Digest:
    """SHA-256 over labelled, length-prefixed parts (so no two inputs hash alike by concatenation)."""

    def __init__(self, scheme: str) -> None:
        self._hash = hashlib.sha256(scheme.encode())

    def add(self, label: str, data: bytes) -> Digest:
        self._hash.update(f"\0{label}\0{len(data)}\0".encode())
        self._hash.update(data)
        return self

    def add_package(self) -> Digest:
        """The package's own source: a change to the code is a change to its outputs."""
        for path in sorted(PACKAGE.rglob("*.py")):
            self.add(f"src/{path.relative_to(PACKAGE).as_posix()}", path.read_bytes())
        return self

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
