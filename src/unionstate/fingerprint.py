"""Content digests: everything an output depends on, hashed, so unchanged work is skipped.

The code an output depends on is the package's modules that the code producing it imports,
found by reading the import statements (at any depth, relative or absolute) and following them
through the package: a page's digest covers the modules its kernel runs, not the CLI or the
page runner, so editing those re-executes nothing.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

from unionstate.errors import UnionstateError

PACKAGE = Path(__file__).resolve().parent


class Digest:
    """SHA-256 over labelled, length-prefixed parts (so no two inputs hash alike by concatenation)."""

    def __init__(self, scheme: str) -> None:
        self._hash = hashlib.sha256(scheme.encode())

    def add(self, label: str, data: bytes) -> Digest:
        self._hash.update(f"\0{label}\0{len(data)}\0".encode())
        self._hash.update(data)
        return self

    def add_modules(self, code: str, label: str, package: Path = PACKAGE) -> Digest:
        """The source of every module of ``package`` that ``code`` imports, transitively: a change
        to that code is a change to the output (``label`` names ``code`` in errors)."""
        for path in imported_modules(code, label, package):
            self.add(f"src/{path.relative_to(package.parent).as_posix()}", path.read_bytes())
        return self

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _module_file(name: str, package: Path) -> Path | None:
    """The file of module ``name`` if it is ``package`` or one of its modules, else None."""
    parts = name.split(".")
    if parts[0] != package.name:
        return None
    base = package.joinpath(*parts[1:])
    candidates = [base / "__init__.py"] if len(parts) == 1 else [base.with_suffix(".py"), base / "__init__.py"]
    return next((path for path in candidates if path.is_file()), None)


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every dotted name an import statement of ``module`` may load (``from a import b``: both
    ``a`` and ``a.b``, since ``b`` may be a submodule)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = node.module or ""
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


@lru_cache(maxsize=512)
def _imported_names(source: str, module: str, is_package: bool, where: str) -> tuple[str, ...]:
    """The dotted names ``source`` imports, sorted (cached by the source itself: the pages of a run
    share most modules, and a changed file is a new key)."""
    try:
        tree = ast.parse(source, filename=where)
    except SyntaxError as exc:
        raise UnionstateError(f"{where}:{exc.lineno}: not Python ({exc.msg})") from None
    return tuple(sorted(_imports(tree, module, is_package)))


def imported_modules(code: str, label: str, package: Path = PACKAGE) -> list[Path]:
    """The files of ``package`` that running ``code`` loads: the modules it imports, theirs in
    turn, and the ``__init__`` of every package on the way. ``label`` names ``code`` in errors."""
    found: dict[str, Path] = {}
    pending = [("__main__", code, label, False)]
    while pending:
        module, source, where, is_package = pending.pop()
        for name in _imported_names(source, module, is_package, where):
            parts = name.split(".")
            for k in range(1, len(parts) + 1):
                prefix = ".".join(parts[:k])
                path = None if prefix in found else _module_file(prefix, package)
                if path is not None:
                    found[prefix] = path
                    pending.append((prefix, path.read_text(encoding="utf-8"), str(path), path.name == "__init__.py"))
    return sorted(found.values())
