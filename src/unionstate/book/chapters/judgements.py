"""Judgements revisited: the seed commentary's forecasts beside what happened, with the evidence."""

from __future__ import annotations

import html

from unionstate import paths
from unionstate.book import report
from unionstate.book.chapter import PageData, Text, text_href
from unionstate.inputs.catalog import resolve_document
from unionstate.inputs.judgements import load_judgements


def glue_judgement_numbers(page: PageData) -> None:
    """Glue the counts of the judgements page's narrative."""
    from myst_nb import glue

    seed, frame, _ = load_judgements(paths.project_root())
    counts = frame["verdict"].value_counts()
    glue("judgements_total", len(frame), display=False)
    for verdict in ("borne out", "partly", "not borne out", "too early to tell"):
        glue(f"verdict_{verdict.replace(' ', '_')}", int(counts.get(verdict, 0)), display=False)
    glue("judged_document", Text(seed), display=False)
    published = resolve_document(seed, paths.project_root()).date
    glue("judged_date", Text(published.strftime("%B %Y") if published else "an unknown date"), display=False)


def judgements_note(page: PageData) -> report.HTML:
    """Say plainly when the page runs on another document than the one the judgements are about."""
    seed, _, _ = load_judgements(paths.project_root())
    if page.analysis.document.id == seed:
        return report.HTML("")
    return report.HTML(
        f"<p><strong>Note:</strong> these judgements are those of the seed commentary ({html.escape(seed)}), "
        f"not of the document this book was built on ({html.escape(page.analysis.document.id)}); they were "
        "mapped to later events by hand and are not recomputed.</p>"
    )


def judgements_revisited(page: PageData) -> report.HTML:
    seed, frame, _ = load_judgements(paths.project_root())
    links = {"sentence": text_href()} if page.analysis.document.id == seed else None
    return report.table(
        frame.rename(columns={"sentence_id": "sentence", "term": "estimative term"}),
        caption="The commentary's judgements and what followed",
        links=links,
    )


def judgement_evidence(page: PageData) -> report.HTML:
    seed, _, evidence = load_judgements(paths.project_root())
    links = {"sentence": text_href()} if page.analysis.document.id == seed else None
    return report.table(
        evidence.rename(columns={"sentence_id": "sentence", "source_type": "whose account"}).assign(source="source")[
            ["sentence", "evidence", "whose account", "source", "source_url"]
        ],
        caption="Evidence for each verdict, with its source",
        links=links,
        urls={"source": "source_url"},
    )
