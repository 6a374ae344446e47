"""The text: every sentence in place, marked by theme, with the evidence for its coding."""

from __future__ import annotations

import io

from unionstate.book import report
from unionstate.book.chapter import PageData


def document_view(page: PageData) -> report.HTML:
    """The text page: a colour legend and the document sentence by sentence with anchors."""
    labels = page.analysis.lexicon.labels
    return report.HTML(report.legend_html(labels) + report.document_html(page.analysis.sentences, labels))


def sentence_downloads(page: PageData) -> report.HTML:
    """The whole sentence table (every field of every sentence) as CSV and as Parquet."""
    frame = page.analysis.sentences
    name = page.analysis.document.id
    csv = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    parquet = io.BytesIO()
    frame.to_parquet(parquet, index=False)
    links = [
        report.data_link(csv, "text/csv", f"{name}-sentences.csv", "the sentence table as CSV"),
        report.data_link(parquet.getvalue(), "application/vnd.apache.parquet", f"{name}-sentences.parquet", "as Parquet"),
    ]
    return report.HTML(f'<p class="us-downloads">Download {links[0]} or {links[1]} ({len(frame):,} sentences, every field).</p>')
