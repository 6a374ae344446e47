"""The two lock files: the runtime lock pins every runtime dependency and everything they need
(so `make book` and Binder work from it alone), the development lock the tools and nothing the
runtime lock already pins."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(name: str) -> dict[str, str]:
    pinned = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            package, _, version = line.partition("==")
            pinned[canonicalize_name(package)] = version
    return pinned


def unpinned(requirements: list[str], pinned: dict[str, str]) -> list[str]:
    declared = [Requirement(r) for r in requirements]
    return [
        f"{r}: pinned {pinned.get(canonicalize_name(r.name), 'nowhere')}"
        for r in declared
        if canonicalize_name(r.name) not in pinned or not r.specifier.contains(pinned[canonicalize_name(r.name)])
    ]


def needed(requirements: list[str]) -> set[str]:
    """Every distribution the ``requirements`` need on this platform, transitively (from the
    installed packages' metadata, extras and markers honoured)."""
    environment = default_environment()
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(Requirement(r), frozenset[str]()) for r in requirements]
    while todo:
        requirement, extras = todo.pop()
        marker = requirement.marker
        if marker and not any(marker.evaluate({**environment, "extra": e}) for e in (extras or {""})):
            continue
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = distribution(requirement.name).requires or []
        except PackageNotFoundError:
            continue  # reported by the pin checks below
        todo += [(Requirement(r), frozenset(requirement.extras)) for r in requires]
    return {name for name, _ in seen}


def test_every_declared_dependency_is_pinned_in_its_lock_at_an_accepted_version() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    problems = unpinned(PROJECT["dependencies"], runtime) + unpinned(PROJECT["optional-dependencies"]["dev"], dev)
    assert problems == [], "run `make lock`: " + "; ".join(problems)


def test_the_runtime_lock_needs_nothing_from_the_development_lock() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert sorted(needed(PROJECT["dependencies"]) - set(runtime)) == []
    assert sorted(set(runtime) & set(dev)) == []  # one pin per package
    assert sorted(set(dev) & needed(PROJECT["dependencies"])) == []
