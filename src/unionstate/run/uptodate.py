"""The up-to-date check: a page's digest (everything its output depends on) and the digest an
executed page was made from. Equal digests give equal bytes, so the page need not run again."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from unionstate import paths
from unionstate.fingerprint import Digest
from unionstate.inputs.catalog import CATALOG, resolve_document
from unionstate.run.params import Page
from unionstate.scale.corpora import files

FORMAT = "unionstate-run-1"
"""Bump when post-processing changes, so every page is re-executed once."""


def digest(page: Page, root: Path) -> str:
    """Content hash of everything the page's output depends on."""
    h = Digest(FORMAT)
    h.add(
        "page",
        json.dumps([page.title, page.intro, str(page.output), page.parameters], sort_keys=True, default=str).encode(),
    )
    h.add("template", page.template.read_bytes())
    document = page.parameters.get("document")
    if document:
        found = resolve_document(document, root)
        h.add("document", found.path.read_bytes())
        if found.narrative is not None:
            h.add("narrative", found.narrative.read_bytes())
    lexicon = page.parameters.get("lexicon")
    if lexicon:
        h.add("lexicon", paths.resolve(lexicon, root).read_bytes())
    corpus = page.parameters.get("corpus")
    if corpus:
        for path in files(paths.resolve(corpus, root)):
            h.add(f"corpus/{path.name}", path.read_bytes())
    h.add("catalog", (root / CATALOG).read_bytes())
    for path in sorted((root / "data").rglob("*")):
        if path.is_file():  # configuration, reference data, and the annotations the coder is scored on
            h.add(f"data/{path.relative_to(root / 'data').as_posix()}", path.read_bytes())
    return h.add_modules(kernel_code(page.template), paths.display(page.template, root)).hexdigest()


def kernel_code(template: Path) -> str:
    """The Python a page's kernel runs: its template's code cells, IPython magics as plain calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    cells = nbformat.read(template, as_version=4).cells
    return "\n".join(transform(cell.source) for cell in cells if cell.cell_type == "code")


def recorded_digest(path: Path) -> str | None:
    """The digest stored in an executed notebook, or None if absent or unreadable."""
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)["metadata"]["unionstate"]["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
