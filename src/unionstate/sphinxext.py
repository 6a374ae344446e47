"""A small Sphinx extension for the book: drop sphinx-thebe's scripts.

Jupyter Book 1 always loads sphinx-thebe, which adds its configuration script twice per page
(``Identifier 'THEBE_JS_URL' has already been declared`` in the console) and names a CDN URL.
The book has no live code cells, so its scripts are removed from every page.
"""

from __future__ import annotations

from typing import Any


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", script) or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def setup(app: Any) -> dict:
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
