"""The lock file pins every dependency pyproject.toml names, at a version it accepts."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def test_every_declared_dependency_is_pinned_at_an_accepted_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]
    pinned = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[canonicalize_name(name)] = version
    problems = [
        f"{r}: pinned {pinned.get(canonicalize_name(r.name), 'nowhere')}"
        for r in declared
        if canonicalize_name(r.name) not in pinned or not r.specifier.contains(pinned[canonicalize_name(r.name)])
    ]
    assert problems == [], "run `make lock` after installing: " + "; ".join(problems)
