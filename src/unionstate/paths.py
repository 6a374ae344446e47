"""Locate the project root, so that relative paths in parameters mean the same from any cwd."""

from __future__ import annotations

import os
from pathlib import Path

from unionstate.errors import UnionstateError

MARKER = Path("seeds") / "catalog.yml"


def project_root() -> Path:
    """Return the project root: $UNIONSTATE_ROOT, else the nearest parent of cwd holding
    ``seeds/catalog.yml``, else the checkout the package was installed from."""
    env = os.environ.get("UNIONSTATE_ROOT")
    if env:
        root = Path(env)
        if not (root / MARKER).is_file():
            raise UnionstateError(f"UNIONSTATE_ROOT={env}: no {MARKER} there")
        return root.resolve()
    cwd = Path.cwd()
    for candidate in (cwd, *cwd.parents):
        if (candidate / MARKER).is_file():
            return candidate
    source_checkout = Path(__file__).resolve().parents[2]
    if (source_checkout / MARKER).is_file():
        return source_checkout
    raise UnionstateError(f"cannot find the project root ({MARKER}) from {cwd}; set UNIONSTATE_ROOT")


def output_root() -> Path:
    """Where a page's derived files go: ``$UNIONSTATE_OUTPUT`` (the runner sets it to the run's
    ``--output-dir``), else the project root."""
    env = os.environ.get("UNIONSTATE_OUTPUT")
    return Path(env).resolve() if env else project_root()


def resolve(path: str | Path, root: Path | None = None) -> Path:
    """Resolve ``path`` against the project root when it is relative."""
    p = Path(path)
    return p if p.is_absolute() else (root or project_root()) / p


def display(path: Path, root: Path | None = None) -> str:
    """Show ``path`` relative to the project root when inside it (no absolute paths in outputs)."""
    try:
        return Path(path).resolve().relative_to((root or project_root()).resolve()).as_posix()
    except ValueError:
        return str(path)


INPUTS = ("seeds", "data", "notebooks", "book")
"""The project's inputs and published pages: nothing but a person or ``unionstate run`` (for
``book/``, into the project root itself) writes there."""


def outside_inputs(path: Path, root: Path, what: str) -> Path:
    """``path`` resolved, or a one-line error when it lies inside one of :data:`INPUTS`."""
    resolved = path.resolve()
    for name in INPUTS:
        folder = (root / name).resolve()
        if resolved == folder or resolved.is_relative_to(folder):
            raise UnionstateError(f"{what} {path}: inside {name}/, which holds the project's own files")
    return resolved
