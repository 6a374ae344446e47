"""A theme's chapter: what the commentary argues on it, on what evidence, who wants what, how its
judgements held up, the context, then the sentences and terms behind the coding."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from unionstate import paths
from unionstate.book import report
from unionstate.book.chapter import PageData, Text, quote, share_text, text_href
from unionstate.book.charts import actors_chart
from unionstate.book.views import (
    band_text,
    actor_counts,
    date_references,
    judgements,
    quantity_table,
    statements,
    term_counts,
    theme_sentences,
    theme_summary,
)
from unionstate.inputs.catalog import load_narrative
from unionstate.inputs.judgements import load_judgements
from unionstate.inputs.reference import load_programmes


def glue_theme_numbers(page: PageData, theme: str) -> None:
    """Glue the numbers of a theme page's narrative (myst-nb ``{glue:text}`` roles show them)."""
    from myst_nb import glue

    summary = theme_summary(page.analysis).set_index("theme").loc[theme]
    values = {
        "sentences_total": len(page.analysis.sentences),
        "document_title": Text(page.title),
        "theme_label": Text(page.analysis.lexicon.labels[theme].lower()),
        "min_score": Text(f"{page.analysis.min_score:g}"),
        "sentences_labelled": int(summary["sentences"]),
        "sentences_primary": int(summary["primary"]),
        "share_primary": Text(share_text(page.shares.set_index("theme").loc[theme])),
        "term_matches": int(term_counts(page.analysis, theme)["count"].sum()),
        "judgements": len(judgements(page.analysis, theme)),
        "statements": len(statements(page.analysis, theme)),
        "dated_references": len(date_references(page.analysis, theme)),
    }
    for name, value in values.items():
        glue(name, value, display=False)


def sentences_table(page: PageData, theme: str) -> report.HTML:
    frame = theme_sentences(page.analysis, theme).rename(
        columns={"sentence_id": "sentence", "primary_theme": "main theme", "theme_evidence": "why"}
    )
    return report.table(
        frame,
        caption=f"Sentences labelled {page.analysis.lexicon.labels[theme].lower()}, highest score first",
        links={"sentence": text_href()},
    )


def terms_table(page: PageData, theme: str, top: int) -> report.HTML:
    frame = term_counts(page.analysis, theme).head(top)
    return report.table(frame, caption=f"The {top} most frequent matched terms (at most)")


def statements_table(page: PageData, theme: str | None = None) -> report.HTML:
    frame = statements(page.analysis, theme).rename(columns={"sentence_id": "sentence"})
    if frame.empty:
        return report.HTML("<p>No reported statement was found in these sentences.</p>")
    return report.table(frame, caption="Reported statements: who said what", links={"sentence": text_href()})


def quantities_table(page: PageData, theme: str | None = None) -> report.HTML:
    frame = quantity_table(page.analysis, theme).rename(columns={"sentence_id": "sentence"})
    if frame.empty:
        return report.HTML("<p>No quantity is cited in these sentences.</p>")
    return report.table(frame, caption="Quantities cited", links={"sentence": text_href()})


def editors_reading(page: PageData, theme: str) -> report.HTML:
    """The editors' line on ``theme`` for this document (its catalogue narrative), or nothing:
    prose written about one document is never shown on another."""
    line = load_narrative(page.analysis.document, paths.project_root()).get(theme)
    return report.HTML(f'<p class="us-editors">{html.escape(line)}</p>' if line else "")


def argument(page: PageData, theme: str) -> report.HTML:
    """What the commentary argues on ``theme``: its sentences of that main theme in reading order,
    each quoted and linked, with the speaker it reports and the probability its wording implies."""
    frame = page.analysis.sentences
    describe = page.analysis.engine.gazetteer.describe
    href = text_href()
    items = []
    for r in frame[frame["primary_theme"] == theme].itertuples(index=False):
        parts = [
            f'<a class="us-sentence-link" href="{html.escape(href)}#{report.sentence_anchor(r.sentence_id)}">'
            f"{html.escape(r.sentence_id)}</a> “{html.escape(quote(r.text))}”"
        ]
        if r.speech_verb:
            speaker = describe(r.speaker)[0] if r.speaker else "(unclear)"
            parts.append(f'<span class="us-said">— {html.escape(speaker)}, {html.escape(r.speech_verb)}</span>')
        if r.estimative_terms:
            band = band_text(r.probability_low, r.probability_high, r.estimative_terms)
            terms = html.escape(r.estimative_terms.replace(";", ", "))
            parts.append(f'<span class="us-band">[{terms}: {band}]</span>')
        items.append("<li>" + " ".join(parts) + "</li>")
    if not items:
        return report.HTML("<p>No sentence of the document has this as its main theme.</p>")
    return report.HTML('<ol class="us-argument">' + "".join(items) + "</ol>")


def dates_table(page: PageData, theme: str) -> report.HTML:
    """The dates the sentences of ``theme`` refer to, in reading order."""
    frame = date_references(page.analysis, theme)
    if frame.empty:
        return report.HTML("<p>These sentences refer to no date.</p>")
    shown = frame.assign(text=frame["text"].map(quote))[["sentence_id", "date", "precision", "text"]]
    return report.table(
        shown.rename(columns={"sentence_id": "sentence"}), caption="Dates referred to", links={"sentence": text_href()}
    )


def actors_named(page: PageData, theme: str) -> report.HTML | alt.Chart:
    """Who these sentences name: a chart when it says more than a sentence would (five actors or
    more, not all named equally often), else one sentence."""
    frame = actor_counts(page.analysis, theme)
    if frame.empty:
        return report.HTML("<p>These sentences name no actor.</p>")
    if len(frame) >= 5 and frame["sentences"].nunique() > 1:
        return actors_chart(page, theme)
    named = ", ".join(f"{name} ({n})" for name, n in zip(frame["name"], frame["sentences"], strict=True))
    return report.HTML(f"<p>Named in these sentences (number of sentences): {html.escape(named)}.</p>")


def held_up(page: PageData, theme: str) -> report.HTML:
    """The judgements of Judgements revisited made in sentences of ``theme``, with their verdicts."""
    seed, frame, _ = load_judgements(paths.project_root())
    if page.analysis.document.id != seed:
        return report.HTML("<p>Judgements revisited concerns the seed commentary, not this document.</p>")
    labelled = set(theme_sentences(page.analysis, theme)["sentence_id"])
    rows = frame[frame["sentence_id"].isin(labelled)]
    if rows.empty:
        return report.HTML("<p>None of this theme's sentences is among the judgements revisited.</p>")
    return report.table(
        rows[["sentence_id", "judgement", "term", "verdict", "rationale"]].rename(
            columns={"sentence_id": "sentence", "term": "estimative term"}
        ),
        caption="This theme's judgements and what followed (Judgements revisited)",
        links={"sentence": text_href()},
    )


def theme_context(page: PageData, theme: str) -> report.HTML:
    """The sourced reference events of ``theme`` (and, for the economic theme, what is known of
    the 28 union programmes), each with its source."""
    root = paths.project_root()
    events = page.events[page.events["theme"] == theme][["date", "event", "source_type", "source_url"]]
    parts = [
        report.html_table(
            events.rename(columns={"source_type": "source"}),
            caption=f"Sourced events of this theme (data/reference/events.csv), {len(events)} rows",
            urls={"source": "source_url"},
        )
    ]
    if theme == "economic":
        programmes = load_programmes(root)
        parts.append(
            report.html_table(
                programmes[["programme_no", "programme_area", "detail", "source_type", "source_url"]].rename(
                    columns={"programme_no": "no.", "programme_area": "programme", "source_type": "source"}
                ),
                caption="The union programmes, as far as sources describe them (data/reference/programmes.csv)",
                urls={"source": "source_url"},
            )
        )
    return report.HTML("".join(parts))
