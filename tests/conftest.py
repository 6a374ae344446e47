"""Shared fixtures: the real project root, and a disposable copy of it for runs that write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = "osw-2021-11-05-sham-acceleration"
COPIED = ("seeds", "data", "notebooks", "book", "_static", "_config.yml", "_toc.yml", "references.bib", "CITATION.cff")


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
    """An existing Dask cluster of two worker processes, as a user starts one with ``dask scheduler``
    (plain TCP: the temporary TLS is for the clusters unionstate starts), shared by the tests."""
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        yield cluster
