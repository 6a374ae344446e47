"""What every chapter shares: the analysed document with its parameters (:class:`PageData`), the
parameters table, glued text, quotations and links to sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from unionstate import paths
from unionstate.book import report
from unionstate.book.views import NO_THEME
from unionstate.inputs.analysis import Analysis, analyse
from unionstate.inputs.catalog import parse_date, resolve_document, title_of
from unionstate.inputs.evaluate import LEVEL, Validation, corrected_shares, evaluate
from unionstate.inputs.reference import events_for, load_events
from unionstate.text.language import LATIN_ENOUGH, latin_share
from unionstate.text.engine import DEFAULTS, default_files, load_engine


@dataclass(frozen=True)
class PageData:
    """A page's analysed document, with the date and lexicon it ran with and where they came from."""

    analysis: Analysis
    document_date: dt.date | None
    date_source: str
    lexicon_path: str

    @cached_property
    def validation(self) -> Validation:
        """The engine scored on the hand-coded documents (for the measured error of its shares)."""
        return evaluate(paths.project_root(), self.analysis.engine)

    @cached_property
    def shares(self) -> pd.DataFrame:
        """Main-theme shares, coded and corrected by the error measured on the test documents."""
        test = self.validation.codings[self.validation.codings["role"] == "test"]
        frame = corrected_shares(self.analysis.sentences["primary_theme"], test["hand-coded"], test["coder"])
        labels = themes_with_none(self)
        frame = frame[frame["theme"].isin(labels)]
        return frame.assign(label=frame["theme"].map(labels)).reset_index(drop=True)

    @property
    def title(self) -> str:
        return title_of(self.analysis.document)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The reference timeline, its sources named as a book on this document names them."""
        return events_for(load_events(paths.project_root()), self.analysis.document.url)


def load(document: str, document_date: str | None, lexicon: str, min_score: float) -> PageData:
    """Resolve the parameters and analyse the document."""
    root = paths.project_root()
    doc = resolve_document(document, root)
    lexicon_path = paths.resolve(lexicon, root)
    engine = load_engine(
        default_files(root, themes=lexicon_path),
        min_score,
        labels={**DEFAULTS, "themes": paths.display(lexicon_path, root)},
    )
    if document_date:
        date, source = parse_date(document_date, "document_date"), "parameter"
    elif doc.date:
        date, source = doc.date, "catalogue"
    else:
        date, source = None, "unknown"
    analysis = analyse(dataclasses.replace(doc, date=date), engine, root)
    return PageData(analysis, date, source, paths.display(lexicon_path, root))


def themes_with_none(page: PageData) -> dict[str, str]:
    """The lexicon's theme labels and, last, no theme: the categories of every count."""
    return {**page.analysis.lexicon.labels, NO_THEME[0]: NO_THEME[1]}


def share_text(row: pd.Series) -> str:
    return (
        f"{row['share']:.0%} (corrected {row['corrected']:.0%}, {LEVEL}% interval {row['low']:.0%}–{row['high']:.0%})"
    )


def parameters_table(page: PageData, **extra: object) -> report.HTML:
    """The page's parameters as run, with what they resolved to."""
    doc = page.analysis.document
    values: dict[str, object] = {
        **extra,
        "document": f"{doc.id} — {page.title}" if doc.in_catalog else f"{paths.display(doc.path)} (file)",
        "document_date": f"{page.document_date.isoformat()} ({page.date_source})" if page.document_date else "unknown",
        "lexicon": page.lexicon_path,
        "min_score": page.analysis.min_score,
    }
    table = report.parameters_table(values)
    if latin_share(page.analysis.text) >= LATIN_ENOUGH:
        return table
    warning = (
        '<p class="us-warning"><strong>Note:</strong> most of this document\'s letters are not Latin. '
        "The lexicons, the gazetteer and the date patterns are English, so this page finds few themes, "
        "actors or dates in it.</p>"
    )
    return report.HTML(warning + table.markup)


class Text:
    """A glued string shown as plain text: its repr is the string itself, without quotes."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return self.value


def text_href() -> str:
    """Relative URL of the text page from the page being executed.

    Papermill runs a page in its output folder and nbval in the notebook's folder, so both see
    the same working directory below ``book/`` and produce the same link.
    """
    cwd = Path.cwd()
    book = next((p for p in (cwd, *cwd.parents) if p.name == "book"), cwd)
    return Path(os.path.relpath(book / "text.html", cwd)).as_posix()


def _scope(page: PageData, theme: str | None) -> tuple[str, str]:
    """How a chart names its sentences ("military cooperation", or "all") and its colour."""
    scope = page.analysis.lexicon.labels[theme].lower() if theme else "all"
    return scope, report.THEME_COLOURS.get(theme or "", report.NO_THEME_COLOUR)


def quote(text: str, limit: int = 220) -> str:
    """A sentence as a short quotation: whole, or cut at a word before ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"
