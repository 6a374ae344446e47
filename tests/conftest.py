"""Shared fixtures: the real project root, and a disposable copy of it for runs that write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = "osw-2021-11-05-sham-acceleration"
COPIED = ("seeds", "data", "notebooks", "book", "_static", "_config.yml", "_toc.yml", "references.bib")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's inputs and published pages; UNIONSTATE_ROOT points at it."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, dest / name, ignore=shutil.ignore_patterns("vendor", ".unionstate.lock", "*.partial.ipynb")
            )
        elif source.exists():
            shutil.copy2(source, dest / name)
    monkeypatch.setenv("UNIONSTATE_ROOT", str(dest))
    monkeypatch.chdir(tmp_path)
    return dest


@pytest.fixture(scope="session")
def dask_cluster():
    """One local Dask cluster of two worker processes, shared by the tests that need one."""
    from unionstate.executor import local_cluster

    with local_cluster(2) as cluster:
        yield cluster
