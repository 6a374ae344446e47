"""Book pages and their parameter sets (``notebooks/params.yml``), validated before any kernel starts.

The names a page accepts are those of its template's ``parameters`` cell; each name's type and
check comes from :data:`SCHEMA`. Every problem is reported as one line naming the page and the
parameter.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from unionstate import paths
from unionstate.errors import UnionstateError
from unionstate.inputs.catalog import parse_date, resolve_document
from unionstate.text.document import read_document
from unionstate.text.themes import THEMES, load_lexicon
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping

PARAMS_FILE = Path("notebooks") / "params.yml"
PAGE_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Param:
    """One parameter's type and check (``check`` raises ``ValueError`` with a reason)."""

    kind: type
    help: str
    nullable: bool = False
    check: Callable[[Any, Path], None] | None = None


def _theme(value: str, root: Path) -> None:
    if value not in THEMES:
        raise ValueError(f"unknown theme {value!r} (expected one of: {', '.join(THEMES)})")


def _document(value: str, root: Path) -> None:
    """The document must resolve and be readable text (missing, empty, binary, non-UTF-8 and
    oversized files are refused here, not in a kernel)."""
    try:
        doc = resolve_document(value, root)
        read_document(doc.path, value if not doc.in_catalog else paths.display(doc.path, root))
    except UnionstateError as exc:
        raise ValueError(str(exc)) from None


def _date(value: str, root: Path) -> None:
    try:
        parse_date(value, "date")
    except UnionstateError:
        raise ValueError(f"{value!r} is not a valid date (expected YYYY-MM-DD)") from None


def _lexicon(value: str, root: Path) -> None:
    path = paths.resolve(value, root)
    try:
        found = path.stat()
        version = (found.st_mtime_ns, found.st_size)
    except OSError:
        version = (0, 0)  # load_lexicon names the problem
    error = _lexicon_error(path, value, version)
    if error:
        raise ValueError(error)


@lru_cache(maxsize=32)
def _lexicon_error(path: Path, label: str, version: tuple[int, int]) -> str | None:
    """The lexicon's one-line error, or None: parsed once per file and version, though every page
    of a run names it."""
    try:
        load_lexicon(path, label)
    except UnionstateError as exc:
        return str(exc)
    return None


def _non_negative(value: float, root: Path) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{value!r} must be a finite number ≥ 0")


def _positive(value: int, root: Path) -> None:
    if value < 1:
        raise ValueError(f"{value!r} must be at least 1")


def _corpus(value: str, root: Path) -> None:
    from unionstate.scale.corpora import count

    try:
        count(paths.resolve(value, root), value)
    except UnionstateError as exc:
        raise ValueError(str(exc)) from None


def _derived(value: str, root: Path) -> None:
    """A folder the page writes: never inside the raw inputs."""
    target = paths.resolve(value, root).resolve()
    for raw in ("seeds", "data", "notebooks", "book", "src"):
        if target.is_relative_to((root / raw).resolve()):
            raise ValueError(f"{value!r} is inside {raw}/, which holds inputs; use a folder under _build/")
    if target.exists() and not target.is_dir():
        raise ValueError(f"{value!r} exists and is not a folder")


SCHEMA: dict[str, Param] = {
    "theme": Param(str, "theme id: economic, military or political", check=_theme),
    "document": Param(str, "catalogue id or path to a UTF-8 text/Markdown file", check=_document),
    "document_date": Param(str, "YYYY-MM-DD; empty means the catalogue's date", nullable=True, check=_date),
    "lexicon": Param(str, "theme lexicon YAML file", check=_lexicon),
    "min_score": Param(float, "lowest theme score that labels a sentence", check=_non_negative),
    "top_terms": Param(int, "how many matched terms a page lists", check=_positive),
    "corpus": Param(str, "folder, catalogue .yml, or .csv/.parquet table of documents", check=_corpus),
    "dataset": Param(str, "folder of the corpus's Parquet dataset (derived, under _build/)", check=_derived),
}
WHEN = {"several-documents": "its corpus holds more than one document"}
"""Conditions a page may be built under (``when:`` in ``notebooks/params.yml``)."""


@dataclass
class Page:
    """A book page: a template, where its executed copy goes, its title, intro and parameters."""

    id: str
    template: Path
    output: Path
    title: str
    intro: str
    parameters: dict[str, Any] = field(default_factory=dict)
    when: str | None = None
    skip: str | None = None
    """Why the page is left out of this build (its ``when`` condition does not hold), if it is."""


def template_parameters(template: Path) -> list[str]:
    """Names assigned in the template's ``parameters`` cell, in order: what Papermill's
    ``inspect_notebook`` lists for a Python notebook, read here without importing Papermill (0.3 s
    that a run with nothing to execute need not pay; a test checks the two agree)."""
    try:
        cells = json.loads(template.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
                source = cell.get("source", "")
                tree = ast.parse("".join(source) if isinstance(source, list) else source)
                break
        else:
            return []
    except (OSError, ValueError, SyntaxError, AttributeError) as exc:
        raise UnionstateError(f"{template}: not a notebook with a readable parameters cell ({exc})") from None
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets += [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
    return names


def coerce(page: str, name: str, value: Any, from_text: bool = False) -> Any:
    """Check ``value``'s type against the schema; text from ``-p`` is converted first."""
    spec = SCHEMA.get(name)
    if spec is None:
        raise UnionstateError(f"page {page}: unknown parameter {name!r} (known: {', '.join(SCHEMA)})")
    if from_text and isinstance(value, str):
        if spec.nullable and value.lower() in ("", "none", "null"):
            return None
        try:
            value = spec.kind(value)
        except ValueError:
            raise UnionstateError(f"page {page}: parameter {name}: {value!r} is not a {spec.kind.__name__}") from None
    if value is None and spec.nullable:
        return None
    if spec.kind is str and isinstance(value, dt.date):
        value = value.isoformat()  # YAML turns an unquoted 2021-11-05 into a date
    if spec.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, spec.kind) or isinstance(value, bool):
        raise UnionstateError(
            f"page {page}: parameter {name}: expected {spec.kind.__name__}, got {type(value).__name__} {value!r}"
        )
    return value


def check(page: Page, root: Path) -> None:
    """Run every parameter's check; the first failure names the page and the parameter."""
    for name, value in page.parameters.items():
        spec = SCHEMA[name]
        if value is None or spec.check is None:
            continue
        try:
            spec.check(value, root)
        except ValueError as exc:
            raise UnionstateError(f"page {page.id}: parameter {name}: {exc}") from None


def load_pages(
    root: Path,
    params_file: Path | None = None,
    overrides: list[tuple[str, Any, bool]] | None = None,
    only: list[str] | None = None,
) -> list[Page]:
    """Load the page definitions, apply defaults and overrides to the selected pages, validate all.

    ``overrides`` are ``(name, value, from_text)`` triples: ``-f`` file values are typed YAML,
    ``-p`` values are text converted by the schema.
    """
    path = params_file or root / PARAMS_FILE
    label = paths.display(path, root)
    data = require_mapping(load_yaml(path, label), label, "the parameter file")
    check_keys(data, label, required=("pages",), optional=("defaults",))
    defaults = require_mapping(data.get("defaults") or {}, label, "'defaults'")
    for name in defaults:
        if name not in SCHEMA:
            raise UnionstateError(f"{label}:{line_of(defaults, name)}: unknown parameter {name!r} in defaults")
    pages_spec = require_mapping(data["pages"], label, "'pages'")
    pages: list[Page] = []
    for page_id, spec in pages_spec.items():
        where = f"{label}:{line_of(pages_spec, page_id)}"
        if not isinstance(page_id, str) or not PAGE_ID.match(page_id):
            raise UnionstateError(f"{where}: page id {page_id!r} must be lower-case letters, digits and '-'")
        spec = require_mapping(spec, where, f"page {page_id!r}")
        check_keys(spec, label, required=("template", "output", "title", "intro"), optional=("parameters", "when"))
        when = spec.get("when")
        if when is not None and when not in WHEN:
            raise UnionstateError(
                f"{label}:{line_of(spec, 'when')}: page {page_id}: unknown condition {when!r} "
                f"(known: {', '.join(WHEN)})"
            )
        template = root / "notebooks" / spec["template"]
        if not template.is_file():
            raise UnionstateError(
                f"{label}:{line_of(spec, 'template')}: page {page_id}: no template notebooks/{spec['template']}"
            )
        output = Path(spec["output"])
        if output.is_absolute() or ".." in output.parts or output.suffix != ".ipynb":
            raise UnionstateError(
                f"{label}:{line_of(spec, 'output')}: page {page_id}: output must be a relative .ipynb path inside book/"
            )
        declared = template_parameters(template)
        own = require_mapping(spec.get("parameters") or {}, where, "'parameters'")
        values: dict[str, Any] = {}
        for name in declared:
            if name not in SCHEMA:
                raise UnionstateError(f"notebooks/{spec['template']}: parameter {name!r} is not in the schema")
        for name, value in {**{k: v for k, v in defaults.items() if k in declared}, **own}.items():
            if name not in declared:
                raise UnionstateError(
                    f"{label}:{line_of(own, name)}: page {page_id}: unknown parameter {name!r} "
                    f"(its template takes: {', '.join(declared)})"
                )
            values[name] = coerce(page_id, name, value)
        pages.append(
            Page(page_id, template, Path("book") / output, str(spec["title"]), str(spec["intro"]), values, when)
        )
    known = [p.id for p in pages]
    for name in only or []:
        if name not in known:
            raise UnionstateError(f"--only {name}: unknown page (known: {', '.join(known)})")
    selected = [p for p in pages if not only or p.id in only]
    for page in selected:
        for name, value, from_text in overrides or []:
            declared = template_parameters(page.template)
            if name not in declared:
                if name in SCHEMA and only is None:
                    continue  # e.g. -p theme … without --only: the overview page has no theme
                raise UnionstateError(
                    f"page {page.id}: unknown parameter {name!r} (its template takes: {', '.join(declared)})"
                )
            page.parameters[name] = coerce(page.id, name, value, from_text=from_text)
    for page in selected:
        check(page, root)
        if page.when == "several-documents":
            from unionstate.scale.corpora import count

            documents = count(paths.resolve(page.parameters["corpus"], root), page.parameters["corpus"])
            if documents < 2:
                page.skip = f"left out (built only when {WHEN[page.when]}; it holds {documents})"
    return selected


def conditional_outputs(root: Path, params_file: Path | None = None) -> set[str]:
    """Book paths (``book/corpus``, no suffix) of the pages built only under a ``when`` condition."""
    path = params_file or root / PARAMS_FILE
    data = load_yaml(path, paths.display(path, root)) or {}
    pages = data.get("pages") if isinstance(data, dict) else None
    return {
        (Path("book") / spec["output"]).with_suffix("").as_posix()
        for spec in (pages or {}).values()
        if isinstance(spec, dict) and spec.get("when") and isinstance(spec.get("output"), str)
    }
