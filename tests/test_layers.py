"""The package's layers: each module imports only from its own layer and those before it."""

from __future__ import annotations

import ast
from pathlib import Path

from unionstate.fingerprint import PACKAGE

LAYERS = ("", "text", "inputs", "scale", "book", "run")
"""In order: the root utilities (errors, paths, locks, fingerprint, writing), then each subpackage."""
TOP = {"cli": len(LAYERS)}
"""Root modules above every layer (the command line calls into all of them)."""
MAX_LINES = 350


def layer(module: str) -> int:
    """The rank of a dotted module name under the package (``unionstate.text.engine`` → text)."""
    parts = module.split(".")[1:]
    if not parts:
        return 0
    if parts[0] in LAYERS:
        return LAYERS.index(parts[0])
    return TOP.get(parts[0], 0)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}: relative import; the package imports itself by absolute names")
    return {name for name in names if name == "unionstate" or name.startswith("unionstate.")}


def test_no_module_imports_a_later_layer() -> None:
    known = modules()
    backwards = [
        f"{name} → {target}"
        for name, path in known.items()
        for target in sorted(imported(path))
        if target in known and layer(target) > layer(name)
    ]
    assert backwards == []


def test_no_module_is_over_the_length_limit() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
