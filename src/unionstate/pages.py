"""What a book page needs from its parameters: the resolved document, lexicon and analysis.

Notebooks call :func:`load` with their Papermill parameters and get one object back; paths are
resolved from the project root so a page gives the same result from any working directory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from dataclasses import dataclass

import altair as alt
import pandas as pd

from . import paths, report
from .analysis import DEFAULTS, Analysis, analyse, judgements, load_engine, term_counts, theme_sentences, theme_summary
from .catalog import parse_date, resolve_document


@dataclass(frozen=True)
class PageData:
    analysis: Analysis
    document_date: dt.date | None
    date_source: str
    lexicon_path: str

    @property
    def title(self) -> str:
        doc = self.analysis.document
        if doc.title:
            return doc.title
        first = self.analysis.sentences
        return first["text"].iloc[0] if len(first) else doc.id


def load(document: str, document_date: str | None, lexicon: str, min_score: float) -> PageData:
    """Resolve the parameters and analyse the document."""
    root = paths.project_root()
    doc = resolve_document(document, root)
    lexicon_path = paths.resolve(lexicon, root)
    engine = load_engine(
        lexicon_path,
        root / DEFAULTS["scale"],
        root / DEFAULTS["actors"],
        min_score,
        labels={"themes": paths.display(lexicon_path, root), **{k: v for k, v in DEFAULTS.items() if k != "themes"}},
    )
    if document_date:
        date, source = parse_date(document_date, "document_date"), "parameter"
    elif doc.date:
        date, source = doc.date, "catalogue"
    else:
        date, source = None, "unknown"
    analysis = analyse(dataclasses.replace(doc, date=date), engine, root)
    return PageData(analysis, date, source, paths.display(lexicon_path, root))


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
    return report.parameters_table(values)


def theme_overview(page: PageData, theme: str) -> report.HTML:
    """One paragraph of computed facts about ``theme`` in the document (text escaped)."""
    frame = page.analysis.sentences
    label = page.analysis.lexicon.labels[theme]
    summary = theme_summary(page.analysis).set_index("theme").loc[theme]
    total = len(frame)
    return report.HTML(
        f"<p>Of the <strong>{total}</strong> sentences of <em>{html.escape(page.title)}</em>, "
        f"<strong>{summary['sentences']}</strong> score at least {page.analysis.min_score:g} on "
        f"{html.escape(label.lower())}, and it is the main theme of <strong>{summary['primary']}</strong> "
        f"({summary['share']:.0%} of all sentences). The lexicon terms of this theme matched "
        f"<strong>{int(sum(term_counts(page.analysis, theme)['count']))}</strong> times in all.</p>"
    )


def sentences_table(page: PageData, theme: str) -> report.HTML:
    frame = theme_sentences(page.analysis, theme).rename(
        columns={"sentence_id": "sentence", "primary_theme": "main theme", "terms": "matched terms"}
    )
    return report.table(
        frame, caption=f"Sentences labelled {page.analysis.lexicon.labels[theme].lower()}, highest score first"
    )


def terms_table(page: PageData, theme: str, top: int) -> report.HTML:
    frame = term_counts(page.analysis, theme).head(top)
    return report.table(frame, caption=f"The {top} most frequent matched terms (at most)")


def score_chart(page: PageData, theme: str) -> alt.Chart:
    """Score of every sentence on ``theme``, in reading order."""
    frame = page.analysis.sentences[["sentence_id", "text"]].copy()
    frame["score"] = page.analysis.scores[theme].to_numpy()
    frame["labelled"] = frame["score"] >= page.analysis.min_score
    frame["excerpt"] = frame["text"].str.slice(0, 120)
    label = page.analysis.lexicon.labels[theme]
    colour = report.THEME_COLOURS.get(theme, report.NO_THEME_COLOUR)
    return (
        alt.Chart(frame, title=f"{label}: score of each sentence")
        .mark_bar(color=colour)
        .encode(
            x=alt.X("sentence_id:N", sort=list(frame["sentence_id"]), title="Sentence (in reading order)"),
            y=alt.Y("score:Q", title="Theme score"),
            opacity=alt.condition("datum.labelled", alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("sentence_id:N", title="sentence"),
                alt.Tooltip("score:Q"),
                alt.Tooltip("excerpt:N", title="text"),
            ],
        )
        .properties(
            width="container",
            height=220,
            description=f"Bar chart of the {label.lower()} score of each of the {len(frame)} sentences, "
            f"in reading order; sentences below the threshold {page.analysis.min_score:g} are faded.",
        )
    )


def summary_table(page: PageData) -> report.HTML:
    frame = (
        theme_summary(page.analysis)
        .drop(columns="theme")
        .rename(
            columns={
                "label": "theme",
                "sentences": "sentences labelled",
                "primary": "main theme of",
                "share": "share of sentences",
                "total_score": "total score",
            }
        )
    )
    return report.table(frame, caption="Sentences per theme")


def paragraph_chart(page: PageData) -> alt.Chart:
    """Theme scores summed per paragraph: where in the text each theme dominates."""
    scores = page.analysis.scores.copy()
    scores["paragraph"] = page.analysis.sentences["paragraph"].to_numpy()
    long = (
        scores.groupby("paragraph").sum().reset_index().melt(id_vars="paragraph", var_name="theme", value_name="score")
    )
    long["label"] = long["theme"].map(page.analysis.lexicon.labels)
    themes = list(page.analysis.lexicon.labels)
    return (
        alt.Chart(long, title="Theme scores by paragraph")
        .mark_bar()
        .encode(
            x=alt.X("paragraph:O", title="Paragraph (in reading order)"),
            y=alt.Y("score:Q", title="Summed theme score"),
            color=alt.Color("theme:N", scale=report.theme_scale(themes), title="Theme"),
            xOffset="theme:N",
            tooltip=[alt.Tooltip("paragraph:O"), alt.Tooltip("label:N", title="theme"), alt.Tooltip("score:Q")],
        )
        .properties(
            width="container",
            height=240,
            description="Grouped bar chart of the summed score of each theme in each paragraph of the document.",
        )
    )


def share_chart(page: PageData) -> alt.Chart:
    """How many sentences each theme is the main theme of (and how many have none)."""
    frame = page.analysis.sentences
    labels = {**page.analysis.lexicon.labels, "": "No theme"}
    counts = frame["primary_theme"].value_counts().reindex(list(labels), fill_value=0)
    data = pd.DataFrame({"theme": list(labels), "label": list(labels.values()), "sentences": counts.to_numpy()})
    domain = list(labels)
    scale = alt.Scale(domain=domain, range=[report.THEME_COLOURS.get(t, report.NO_THEME_COLOUR) for t in domain])
    return (
        alt.Chart(data, title="Main theme of each sentence")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(labels.values()), title=None),
            x=alt.X("sentences:Q", title="Sentences"),
            color=alt.Color("theme:N", scale=scale, legend=None),
            tooltip=[alt.Tooltip("label:N", title="theme"), alt.Tooltip("sentences:Q")],
        )
        .properties(
            width="container",
            height=140,
            description="Bar chart of the number of sentences whose main theme is each theme, or none.",
        )
    )


def judgements_table(page: PageData, theme: str) -> report.HTML:
    """The theme's sentences that carry estimative language, with the probability band it implies."""
    frame = judgements(page.analysis, theme).rename(
        columns={
            "sentence_id": "sentence",
            "estimative_terms": "estimative terms",
            "band": f"{page.analysis.scale.scheme} band",
        }
    )
    if frame.empty:
        return report.HTML("<p>No sentence of this theme uses estimative language.</p>")
    return report.table(frame, caption="Judgements: sentences of this theme with estimative language")
