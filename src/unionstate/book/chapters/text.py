"""The text: every sentence in place, marked by theme, with the evidence for its coding."""

from __future__ import annotations

from unionstate.book import report
from unionstate.book.chapter import PageData


def document_view(page: PageData) -> report.HTML:
    """The text page: a colour legend and the document sentence by sentence with anchors."""
    labels = page.analysis.lexicon.labels
    return report.HTML(report.legend_html(labels) + report.document_html(page.analysis.sentences, labels))
