"""What the corpus chapter needs: the corpus analysed into its dataset, and its aggregates drawn.

:func:`load` brings the dataset up to date in this process (documents already analysed, by
``unionstate analyse --corpus`` on a cluster or by an earlier build, are skipped by content hash),
then every table and chart is an aggregate read from the dataset's per-document tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import altair as alt
import pandas as pd

from unionstate import paths
from unionstate.book import report
from unionstate.book.views import NO_THEME
from unionstate.scale import aggregates
from unionstate.scale.dataset import analyse_corpus, column_name, configuration_digest
from unionstate.scale.executor import Executor
from unionstate.text.engine import DEFAULTS, Engine, default_files, load_engine


@dataclass(frozen=True)
class CorpusPage:
    corpus: str
    dataset: Path
    dataset_label: str
    engine: Engine
    lexicon_path: str

    @property
    def themes(self) -> list[str]:
        return list(self.engine.lexicon.labels)


def load(corpus: str, dataset: str, lexicon: str, min_score: float) -> CorpusPage:
    """Analyse the new or changed documents of ``corpus`` into ``dataset`` (``corpus`` from the
    project root, ``dataset``, a derived folder, from the run's output root)."""
    root = paths.project_root()
    files = default_files(root, themes=paths.resolve(lexicon, root))
    labels = {**DEFAULTS, "themes": lexicon}
    engine = load_engine(files, min_score, labels=labels)
    out = paths.resolve(dataset, paths.output_root())
    analyse_corpus(paths.resolve(corpus, root), out, engine, configuration_digest(files, min_score), Executor(), corpus)
    return CorpusPage(corpus, out, dataset, engine, lexicon)


def parameters_table(page: CorpusPage) -> report.HTML:
    return report.parameters_table(
        {
            "corpus": page.corpus,
            "dataset": f"{page.dataset_label} (Parquet, rebuilt as needed)",
            "lexicon": page.lexicon_path,
            "min_score": page.engine.min_score,
        }
    )


def summary_table(page: CorpusPage) -> report.HTML:
    """The corpus in one table: documents, publishers, dates, sentences and words."""
    s = aggregates.summary(page.dataset)
    span = f"{s['first']:%d %B %Y} to {s['last']:%d %B %Y}" if s["first"] else "no dates"
    rows = [
        ("documents", f"{s['documents']:,}"),
        ("publishers", f"{s['publishers']:,}"),
        ("dated documents", f"{s['dated']:,} ({span})"),
        ("sentences", f"{s['sentences']:,}"),
        ("words", f"{s['words']:,}"),
    ]
    table = report.table(pd.DataFrame(rows, columns=["", "corpus"]), caption="The corpus")
    counts = (cast(int, s[key]) for key in ("documents", "dated", "published"))
    return report.HTML(table.markup + missing_metadata(*counts))


def missing_metadata(total: int, dated: int, published: int) -> str:
    """What the charts leave out for want of dates or publishers, and how to supply them."""
    undated, unpublished = total - dated, total - published
    if not undated and not unpublished:
        return ""
    gaps = [f"{n:,} of {total:,} have no {what}" for n, what in ((undated, "date"), (unpublished, "publisher")) if n]
    return (
        f"<p>Of these documents, {' and '.join(gaps)}: the chart by period leaves out the undated and the chart "
        "by publisher those without one. A folder of text files carries no metadata; put a <code>catalog.yml</code> "
        "in the folder (the format of <code>seeds/catalog.yml</code>), or give the corpus as a CSV or Parquet "
        "table with <code>date</code> and <code>publisher</code> columns.</p>"
    )


def theme_chart(page: CorpusPage) -> alt.Chart | report.HTML:
    """Line chart: share of sentences whose main theme is each theme, by period of publication."""
    s = aggregates.summary(page.dataset)
    if not s["dated"]:
        return report.HTML("<p>No document of the corpus has a publication date.</p>")
    period = aggregates.period_of(s["first"], s["last"])
    themes = [*page.themes, NO_THEME[0]]
    frame = aggregates.theme_shares(page.dataset, [column_name(t) for t in themes], period)
    labels = {column_name(t): label for t, label in [*page.engine.lexicon.labels.items(), NO_THEME]}
    frame = frame.assign(label=frame["theme"].map(labels), period=frame["period"].astype(str))
    return (
        alt.Chart(frame, title=f"Main theme of the sentences, by {period} of publication")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=f"{period.title()} of publication"),
            y=alt.Y("share:Q", title="Share of sentences", axis=alt.Axis(format="%")),
            color=alt.Color("label:N", scale=report.label_scale(labels), legend=alt.Legend(title="Theme")),
            tooltip=[
                alt.Tooltip("label:N", title="theme"),
                alt.Tooltip("period:T", title=period, format="%Y-%m"),
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("documents:Q", title="documents in the period"),
            ],
        )
        .properties(
            width="container",
            height=260,
            description=f"Line chart, one line per theme and one for no theme: the share of sentences whose "
            f"main theme it is, per {period} of publication, weighted by sentences.",
        )
    )


def estimative_chart(page: CorpusPage) -> alt.Chart:
    """Stacked bars: each publisher's estimative terms by probability band, as shares."""
    bands = {f"estimative_{column_name(b)}": b for b in page.engine.scale.bands}
    frame = aggregates.estimative_by_publisher(page.dataset, bands)
    frame["order"] = frame["band"].map({label: i for i, label in enumerate(bands.values())})
    return (
        alt.Chart(frame, title="Estimative language by publisher")
        .mark_bar()
        .encode(
            y=alt.Y("publisher:N", title=None),
            x=alt.X("share:Q", title="Share of the publisher's estimative terms", axis=alt.Axis(format="%")),
            color=alt.Color("band:N", title="Band", sort=list(bands.values()), scale=alt.Scale(scheme="greys")),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("publisher:N"),
                alt.Tooltip("band:N"),
                alt.Tooltip("terms:Q"),
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("documents:Q"),
            ],
        )
        .properties(
            width="container",
            height=max(80, 28 * frame["publisher"].nunique()),
            description="Stacked bar chart per publisher: the share of its estimative terms in each "
            "probability band of the scale, then unquantified hedges and negated terms.",
        )
    )


def actors_chart(page: CorpusPage, top: int = 15) -> alt.Chart:
    """Bar chart: the actors named in the most documents."""
    frame = aggregates.top_actors(page.dataset, top)
    return (
        alt.Chart(frame, title="Actors named in the most documents")
        .mark_bar(color=report.NO_THEME_COLOUR)
        .encode(
            y=alt.Y("name:N", sort=list(frame["name"]), title=None),
            x=alt.X("documents:Q", title="Documents naming the actor", axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("name:N", title="actor"), "type:N", "documents:Q", "sentences:Q"],
        )
        .properties(
            width="container",
            height=max(80, 22 * len(frame)),
            description=f"Bar chart of the {len(frame)} actors named in the most documents of the corpus.",
        )
    )
