"""The home page: the document's thesis and the book's headline numbers.

The thesis is the editors' prose about the document (its catalogue ``narrative``) when it has
one; a book built on any other document states a summary computed from its analysis instead, so
nothing written about one text is shown on another.
"""

from __future__ import annotations

import html

from unionstate import paths
from unionstate.book import report
from unionstate.book.chapter import PageData, Text, quote, share_text, text_href
from unionstate.book.report import sentence_anchor
from unionstate.inputs.catalog import load_narrative
from unionstate.inputs.judgements import VERDICTS, load_judgements


def thesis(page: PageData) -> report.HTML:
    """Where the document comes from, and its argument in a paragraph: the narrative's thesis,
    else a computed summary."""
    narrative = load_narrative(page.analysis.document, paths.project_root())
    summary = html.escape(narrative["thesis"]) if "thesis" in narrative else computed_summary(page)
    return report.HTML(f"<p>{provenance(page)}</p><p>{summary}</p>")


def provenance(page: PageData) -> str:
    """The document's title, publisher, date and address, as far as they are known (HTML)."""
    doc = page.analysis.document
    title = f"<em>{html.escape(page.title)}</em>"
    if doc.url:
        title = f'<a href="{html.escape(doc.url)}">{title}</a>'
    said = [f"by {html.escape(doc.publisher)}"] if doc.publisher else []
    if page.document_date:
        said.append(f"dated {page.document_date.day} {page.document_date:%B %Y}")
    return f"The document: {title}" + (f", {', '.join(said)}" if said else "") + "."


def computed_summary(page: PageData) -> str:
    """What can be said of any document from its analysis alone (HTML): its size, its main theme
    and the first sentence (not a title or heading, where there is one) that makes it."""
    frame = page.analysis.sentences
    themed = frame[frame["primary_theme"] != ""]
    title = html.escape(page.title)
    if themed.empty:
        return f"<em>{title}</em> has {_sentences(len(frame))}, none of them coded with a theme."
    counts = themed["primary_theme"].value_counts()
    main = str(counts.index[0])
    own = themed[themed["primary_theme"] == main]
    body = own[~own["kind"].isin(("title", "heading", "caption"))]
    first = (body if len(body) else own).iloc[0]  # a title names the theme; a sentence makes it
    label = html.escape(page.analysis.lexicon.labels[main].lower())
    link = f"{html.escape(text_href())}#{sentence_anchor(first['sentence_id'])}"
    return (
        f"<em>{title}</em> has {_sentences(len(frame))}; its main theme is {label} "
        f"({_sentences(int(counts.iloc[0]))}), which it opens with "
        f'<a class="us-sentence-link" href="{link}">{html.escape(first["sentence_id"])}</a> '
        f"“{html.escape(quote(first['text']))}”. No summary was written for this document by hand."
    )


def _sentences(n: int) -> str:
    return f"{n} sentence" if n == 1 else f"{n} sentences"


def glue_home_numbers(page: PageData) -> None:
    """Glue the headline numbers: sentences and corrected share per theme, and the verdicts."""
    from myst_nb import glue

    shares = page.shares.set_index("theme")
    counts = page.analysis.sentences["primary_theme"].replace("", "none").value_counts()
    for theme, row in shares.iterrows():
        glue(f"home_{theme}", Text(f"{_sentences(int(counts.get(theme, 0)))}, {share_text(row)}"), display=False)
    seed, frame, _ = load_judgements(paths.project_root())
    if page.analysis.document.id == seed:
        counted = frame["verdict"].value_counts()
        verdicts = ", ".join(f"{int(counted.get(v, 0))} {v}" for v in VERDICTS)
        text = f"of its {len(frame)} judgements about what would happen: {verdicts}"
    else:
        text = "they concern the seed commentary, not this document"
    glue("home_verdicts", Text(text), display=False)
