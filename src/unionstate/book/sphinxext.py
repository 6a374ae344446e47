"""A small Sphinx extension for the book: author–year references, the book's version for its
citation line, the link to its PDF, and no sphinx-thebe scripts.

- The bibliography style ``unionstate`` is pybtex's ``plain`` with author–year labels ("Cohen
  1960", "Aho and Corasick 1975", "OSW 2021" for a corporate author given a ``shortauthor``),
  instead of ``alpha``'s "[OfficeotDoNIntelligence15]".
- ``{{book_version}}`` in a page is the installed package's version (one home: ``pyproject.toml``),
  ``{{book_released}}`` and ``{{book_year}}`` the date of that version (``CITATION.cff``'s
  ``date-released``), ``{{book_title}}`` the book's title (the home page's, set by ``unionstate build``).
- ``unionstate_pdf`` (set by ``unionstate build --pdf``) names the book's PDF, which every page's
  footer then links to.
- Jupyter Book 1 always loads sphinx-thebe, which adds its configuration script twice per page
  (``Identifier 'THEBE_JS_URL' has already been declared`` in the console) and names a CDN URL.
  The book has no live code cells, so its scripts are removed from every page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from unionstate.inputs.catalog import parse_date
from unionstate.paths import project_root
from unionstate.text.yamlio import line_of, load_yaml, require_mapping


def author_year(entry: Any) -> str:
    """An entry's author–year label: its ``shortauthor``, or the last names of its first author
    (and the second, or "et al." for three or more), then its year."""
    short = entry.fields.get("shortauthor")
    if short:
        names = str(short)
    else:
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        names = last[0] if len(last) == 1 else f"{last[0]} and {last[1]}" if len(last) == 2 else f"{last[0]} et al."
    return f"{names} {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    """Author–year labels, with a, b, … where two entries would share one."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        labels = [author_year(entry) for entry in sorted_entries]
        count, seen = Counter(labels), Counter[str]()
        for label in labels:
            yield label if count[label] == 1 else f"{label}{chr(ord('a') + seen[label])}"
            seen[label] += 1


class AuthorYearOrder(BaseSortingStyle):
    """Entries in the alphabetical order of their labels (a corporate author by its short name)."""

    def sorting_key(self, entry: Any) -> tuple[str, str]:
        return author_year(entry).lower(), str(entry.fields.get("title", "")).lower()


class AuthorYearStyle(PlainStyle):
    default_label_style = "authoryear"
    default_sorting_style = "authoryear"


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabels)
register_plugin("pybtex.style.sorting", "authoryear", AuthorYearOrder)
register_plugin("pybtex.style.formatting", "unionstate", AuthorYearStyle)


def released(citation: Path) -> dt.date:
    """The release date of the version ``CITATION.cff`` describes."""
    data = require_mapping(load_yaml(citation, citation.name), citation.name, "the citation file")
    return parse_date(data.get("date-released"), f"{citation.name}:{line_of(data, 'date-released')}: date-released")


def add_version(app: Any, config: Any) -> None:
    date = released(project_root() / "CITATION.cff")
    config.myst_substitutions = {
        **(config.myst_substitutions or {}),
        "book_version": version("unionstate"),
        "book_released": f"{date.day} {date:%B %Y}",
        "book_year": str(date.year),
        "book_title": config.html_title,
    }


def _is_thebe(script: Any) -> bool:
    filename = str(getattr(script, "filename", script) or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def link_pdf(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Below the edition in every page's footer, a link to the book's PDF when one is printed."""
    name = app.config.unionstate_pdf
    if name and "pathto" in context:
        link = f'<p class="us-pdf-link"><a href="{context["pathto"](name, 1)}">The whole book as one PDF</a></p>'
        context["theme_extra_footer"] = str(context.get("theme_extra_footer") or "") + link


def setup(app: Any) -> dict:
    app.add_config_value("unionstate_pdf", "", "html")
    app.connect("config-inited", add_version)
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", link_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
