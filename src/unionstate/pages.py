"""What a book page needs from its parameters: the resolved document, lexicon and analysis.

Notebooks call :func:`load` with their Papermill parameters and get one object back; paths are
resolved from the project root so a page gives the same result from any working directory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import altair as alt
import pandas as pd

from . import paths, report
from .analysis import (
    DEFAULTS,
    NO_THEME,
    Analysis,
    actor_counts,
    actor_theme_matrix,
    analyse,
    date_references,
    default_files,
    estimative_profile,
    judgements,
    load_engine,
    quantity_table,
    statements,
    term_counts,
    theme_sentences,
    theme_summary,
)
from .catalog import load_narrative, parse_date, resolve_document, title_of
from .corpus import LATIN_ENOUGH, latin_share
from .evaluate import DRAWS, LEVEL, Validation, corrected_shares, evaluate, themes_table
from .judgements import load_judgements
from .reference import (
    OTHER_FAMILY,
    basis_family,
    events_for,
    load_basis_families,
    load_events,
    load_indicators,
    load_programmes,
)


@dataclass(frozen=True)
class PageData:
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


def summary_table(page: PageData) -> report.HTML:
    """Sentences per theme and with none, and each one's share with its measured error."""
    summary = theme_summary(page.analysis).set_index("theme")
    shares = page.shares.set_index("theme")
    frame = pd.DataFrame(
        {
            "theme": summary["label"],
            "sentences labelled": summary["sentences"],
            "main theme of": summary["primary"],
            "share": [f"{v:.0%}" for v in shares["share"]],
            f"corrected share ({LEVEL}% interval)": [
                f"{r.corrected:.0%} ({r.low:.0%}–{r.high:.0%})" for r in shares.itertuples()
            ],
        }
    )
    return report.table(frame, caption="Sentences per theme")


def paragraph_chart(page: PageData) -> alt.Chart:
    """Theme scores summed per paragraph: where in the text each theme dominates."""
    scores = page.analysis.scores.copy()
    scores["paragraph"] = page.analysis.sentences["paragraph"].to_numpy()
    long = (
        scores.groupby("paragraph").sum().reset_index().melt(id_vars="paragraph", var_name="theme", value_name="score")
    )
    labels = page.analysis.lexicon.labels
    long["label"] = long["theme"].map(labels)
    return (
        alt.Chart(long, title="Theme scores by paragraph")
        .mark_bar()
        .encode(
            x=alt.X("paragraph:O", title="Paragraph (in reading order)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="Summed theme score"),
            color=alt.Color("label:N", scale=label_scale(page, list(labels.values())), title="Theme"),
            xOffset=alt.XOffset("label:N", sort=list(labels.values())),
            tooltip=[alt.Tooltip("paragraph:O"), alt.Tooltip("label:N", title="theme"), alt.Tooltip("score:Q")],
        )
        .properties(
            width="container",
            height=240,
            description="Grouped bar chart of the summed score of each theme in each paragraph of the document.",
        )
    )


def share_chart(page: PageData) -> alt.Chart:
    """The share of sentences each theme is the main theme of (and none), with its interval."""
    frame = page.shares
    labels = list(frame["label"])
    scale = alt.Scale(
        domain=list(frame["theme"]), range=[report.THEME_COLOURS.get(t, report.NO_THEME_COLOUR) for t in frame["theme"]]
    )
    y = alt.Y("label:N", sort=labels, title=None)
    tooltip = [
        alt.Tooltip("label:N", title="theme"),
        alt.Tooltip("share:Q", format=".0%", title="coded share"),
        alt.Tooltip("corrected:Q", format=".0%", title="corrected share"),
        alt.Tooltip("low:Q", format=".0%", title="95% interval from"),
        alt.Tooltip("high:Q", format=".0%", title="to"),
    ]
    base = alt.Chart(frame, title="Main theme of each sentence")
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("share:Q", title="Share of sentences", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("theme:N", scale=scale, legend=None),
        tooltip=tooltip,
    )
    interval = base.mark_rule(color="black", strokeWidth=2).encode(y=y, x="low:Q", x2="high:Q", tooltip=tooltip)
    corrected = base.mark_tick(color="black", thickness=2, size=16).encode(y=y, x="corrected:Q", tooltip=tooltip)
    return (bars + interval + corrected).properties(
        width="container",
        height=150,
        description="Bar chart of the share of sentences whose main theme is each theme, or none; a black line "
        "marks the share corrected for the coder's measured error and its 95% interval.",
    )


def text_href() -> str:
    """Relative URL of the text page from the page being executed.

    Papermill runs a page in its output folder and nbval in the notebook's folder, so both see
    the same working directory below ``book/`` and produce the same link.
    """
    cwd = Path.cwd()
    book = next((p for p in (cwd, *cwd.parents) if p.name == "book"), cwd)
    return Path(os.path.relpath(book / "text.html", cwd)).as_posix()


def document_view(page: PageData) -> report.HTML:
    """The text page: a colour legend and the document sentence by sentence with anchors."""
    labels = page.analysis.lexicon.labels
    return report.HTML(report.legend_html(labels) + report.document_html(page.analysis.sentences, labels))


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


def _scope(page: PageData, theme: str | None) -> tuple[str, str]:
    """How a chart names its sentences ("military cooperation", or "all") and its colour."""
    scope = page.analysis.lexicon.labels[theme].lower() if theme else "all"
    return scope, report.THEME_COLOURS.get(theme or "", report.NO_THEME_COLOUR)


def date_domain(starts: pd.Series, ends: pd.Series | None = None) -> list[str]:
    """A date axis's domain holding every mark: from the first start to the last end, widened by
    a twentieth of the span (at least 60 days) on each side, so no point or bar touches an edge."""
    lo = pd.to_datetime(starts).min()
    hi = pd.to_datetime(ends if ends is not None else starts).max()
    pad = max(pd.Timedelta(days=60), (hi - lo) / 20)
    return [(lo - pad).date().isoformat(), (hi + pad).date().isoformat()]


def label_scale(page: PageData, labels: list[str] | None = None) -> alt.Scale:
    """The theme colours keyed by the themes' names as readers see them ("No theme" grey)."""
    return report.label_scale(themes_with_none(page), labels)


def _empty_chart(message: str) -> report.HTML:
    return report.HTML(f"<p>{html.escape(message)}</p>")


def actors_chart(page: PageData, theme: str | None = None, top: int = 12) -> alt.Chart | report.HTML:
    """Bar chart: the actors named most often in the sentences of ``theme`` (or all)."""
    frame = actor_counts(page.analysis, theme).head(top)
    if frame.empty:
        return _empty_chart("No actor is named in these sentences.")
    scope, colour = _scope(page, theme)
    return (
        alt.Chart(frame, title=f"Actors named in {scope} sentences")
        .mark_bar(color=colour)
        .encode(
            y=alt.Y("name:N", sort=list(frame["name"]), title=None),
            x=alt.X("sentences:Q", title="Sentences naming the actor", axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("name:N", title="actor"), alt.Tooltip("type:N"), alt.Tooltip("sentences:Q")],
        )
        .properties(
            width="container",
            height=max(80, 22 * len(frame)),
            description=f"Bar chart of the {len(frame)} actors named most often in {scope} sentences, "
            "by the number of sentences that name each.",
        )
    )


def timeline_chart(page: PageData, theme: str | None = None) -> alt.Chart | report.HTML:
    """Timeline of the dated references: a point per date, a bar per range."""
    frame = date_references(page.analysis, theme)
    if frame.empty:
        return _empty_chart("These sentences refer to no date.")
    names = themes_with_none(page)
    frame = frame.assign(
        excerpt=frame["text"].str.slice(0, 120), label=frame["primary_theme"].replace("", NO_THEME[0]).map(names)
    )
    scope, _ = _scope(page, theme)
    base = alt.Chart(frame, title=f"Dates referred to in {scope} sentences").encode(
        x=alt.X("start:T", title="Date referred to", scale=alt.Scale(domain=date_domain(frame["start"], frame["end"]))),
        y=alt.Y("sentence_id:N", sort=list(dict.fromkeys(frame["sentence_id"])), title="Sentence"),
        color=alt.Color("label:N", scale=label_scale(page), title="Main theme"),
        tooltip=[
            alt.Tooltip("sentence_id:N", title="sentence"),
            alt.Tooltip("date:N"),
            alt.Tooltip("precision:N"),
            alt.Tooltip("excerpt:N", title="text"),
        ],
    )
    chart = base.mark_rule(strokeWidth=4).encode(x2="end:T") + base.mark_point(filled=True, size=70)
    return chart.properties(
        width="container",
        height=max(100, 22 * frame["sentence_id"].nunique()),
        description=f"Timeline of the {len(frame)} dates referred to in {scope} sentences, one row per sentence; "
        "ranges and years are drawn as bars over the period they cover.",
    )


def estimative_chart(page: PageData) -> alt.Chart | report.HTML:
    """How the author hedges on each theme: estimative terms by probability band."""
    frame = estimative_profile(page.analysis)
    if frame.empty:
        return _empty_chart("The document uses no estimative language.")
    labels = themes_with_none(page)
    frame = frame.assign(label=frame["theme"].map(labels))
    return (
        alt.Chart(frame, title="Estimative language by theme")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=list(labels.values())),
            x=alt.X("terms:Q", title="Estimative terms", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("band:N", title="Band", scale=alt.Scale(scheme="greys")),
            tooltip=[alt.Tooltip("label:N", title="theme"), alt.Tooltip("band:N"), alt.Tooltip("terms:Q")],
        )
        .properties(
            width="container",
            height=120,
            description="Stacked bar chart of the estimative terms used in the sentences of each theme, "
            "by probability band (ICD 203), unquantified hedge or negated term.",
        )
    )


def actor_theme_chart(page: PageData) -> alt.Chart | report.HTML:
    """Heatmap: the most named actors against the themes of the sentences naming them."""
    frame = actor_theme_matrix(page.analysis)
    if frame.empty:
        return _empty_chart("No actor is named in the document.")
    return (
        alt.Chart(frame, title="Actors by theme")
        .mark_rect()
        .encode(
            x=alt.X("label:N", title=None, sort=list(themes_with_none(page).values()), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("actor:N", title=None, sort=list(dict.fromkeys(frame["actor"]))),
            color=alt.Color("sentences:Q", scale=alt.Scale(scheme="greys"), title="Sentences"),
            tooltip=[alt.Tooltip("actor:N"), alt.Tooltip("label:N", title="theme"), alt.Tooltip("sentences:Q")],
        )
        .properties(
            width="container",
            height=max(120, 24 * frame["actor"].nunique()),
            description="Heatmap of the number of sentences of each theme that name each of the most named actors.",
        )
    )


ZOOM_FROM = "2018-01-01"
"""The context timeline's second panel starts here: the years the commentary is about, whose
events crowd together at the scale of 1995–2024."""


def context_timeline(page: PageData) -> alt.VConcatChart:
    """The Union State timeline 1995–2024 by theme, with the document's own dates overlaid: the
    whole period, then the years from 2018 drawn wider."""
    labels = page.analysis.lexicon.labels
    events = page.events.assign(label=page.events["theme"].map(labels))
    ours = date_references(page.analysis)
    ours = ours.assign(label="This document", excerpt=ours["text"].str.slice(0, 120))
    rows = [*labels.values(), "This document"]
    y = alt.Y("label:N", sort=rows, title=None, scale=alt.Scale(domain=rows))
    starts = pd.concat([events["start"], ours["start"]])

    def panel(
        frame: pd.DataFrame, mine: pd.DataFrame, domain: list[str], title: str
    ) -> alt.LayerChart | alt.FacetChart:
        x = alt.X("start:T", title="Date", scale=alt.Scale(domain=domain))
        reference = (
            alt.Chart(frame)
            .mark_point(filled=True, size=60, opacity=0.85)
            .encode(
                x=x,
                y=y,
                color=alt.Color("label:N", scale=label_scale(page, list(labels.values())), title="Theme"),
                tooltip=[
                    alt.Tooltip("date:N"),
                    alt.Tooltip("event:N"),
                    alt.Tooltip("source_type:N", title="source"),
                    alt.Tooltip("source_url:N", title="address"),
                ],
            )
        )
        layers: list[alt.Chart] = [reference]
        if not mine.empty:
            layers.append(
                alt.Chart(mine)
                .mark_tick(color=report.NO_THEME_COLOUR, thickness=3, size=18)
                .encode(
                    x=x,
                    y=y,
                    tooltip=[
                        alt.Tooltip("sentence_id:N", title="sentence"),
                        alt.Tooltip("date:N"),
                        alt.Tooltip("excerpt:N", title="text"),
                    ],
                )
            )
        return alt.layer(*layers).properties(title=title, width="container", height=170)

    whole = date_domain(starts)
    recent = [(pd.Timestamp(ZOOM_FROM) - pd.Timedelta(days=90)).date().isoformat(), whole[1]]  # 2018 off the edge
    late_events, late_ours = events[events["start"] >= ZOOM_FROM], ours[ours["start"] >= ZOOM_FROM]
    return alt.vconcat(
        panel(events, ours, whole, "The Union State, 1995–2024, and the dates this document refers to"),
        panel(late_events, late_ours, recent, "The same from 2018, drawn wider"),
    ).properties(
        description=f"Timeline of {len(events)} sourced events of Russia–Belarus integration from 1995 to 2024, "
        f"one row per theme, with the {len(ours)} dates referred to by the document as ticks on the last row; "
        f"a second panel repeats the {len(late_events)} events from 2018 at a wider scale."
    )


def events_table(page: PageData) -> report.HTML:
    events = page.events[["date", "theme", "event", "source_type", "source_url"]]
    return report.table(
        events.rename(columns={"source_type": "source"}),
        caption="Sourced events (data/reference/events.csv)",
        urls={"source": "source_url"},
    )


INDICATORS = {
    "trade_turnover_RU_BY": ("Russia–Belarus trade turnover", "USD bn", ()),
    "gas_price_for_belarus": (
        "Price of Russian gas for Belarus, and the European market price",
        "USD per 1,000 m³",
        ("gas_price_european_market_reference",),
    ),
}
"""Indicator → chart title, unit, and indicators of the same unit drawn beside it for scale."""

EUROPEAN = "European market (reference)"
FAMILY_COLOURS = ("#01665E", "#8C510A", "#1A1A1A", "#999999", "#D6604D")
"""The families' colours, in the order of ``data/basis_families.yml`` then the other and the
European reference: none of them a theme's colour, the same family the same colour on every chart."""


def indicator_chart(indicator: str) -> alt.LayerChart:
    """One indicator over the years (and any drawn beside it): a line per statistical basis (never
    joined across bases), coloured by the basis's family (``data/basis_families.yml``)."""
    root = paths.project_root()
    title, unit, beside = INDICATORS[indicator]
    frame = load_indicators(root)
    frame = frame[frame["indicator"].isin((indicator, *beside)) & frame["value"].notna()].copy()
    if indicator == "trade_turnover_RU_BY":
        frame = frame[frame["period"].str.startswith("calendar year")]  # a half-year is not a year
    families = load_basis_families(root)
    frame["family"] = [
        EUROPEAN if name in beside else basis_family(basis, families)
        for name, basis in zip(frame["indicator"], frame["statistic_basis"], strict=True)
    ]
    years = frame["year"].astype(int)
    colours = dict(zip([*families, OTHER_FAMILY, EUROPEAN], itertools.cycle(FAMILY_COLOURS), strict=False))
    shown = [f for f in colours if f in set(frame["family"])]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "year:Q",
            title="Year",
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(domain=[int(years.min()) - 1, int(years.max()) + 1], nice=False),
        ),
        y=alt.Y("value:Q", title=unit),
        color=alt.Color(
            "family:N",
            title="Whose figure",
            sort=shown,
            scale=alt.Scale(domain=shown, range=[colours[f] for f in shown]),
        ),
        detail="statistic_basis:N",
        tooltip=[
            alt.Tooltip("year:Q", format="d"),
            alt.Tooltip("period:N"),
            alt.Tooltip("value:Q"),
            alt.Tooltip("unit:N"),
            alt.Tooltip("statistic_basis:N", title="basis"),
            alt.Tooltip("source_type:N", title="whose figure"),
            alt.Tooltip("source_url:N", title="source"),
            alt.Tooltip("source_excerpt:N", title="excerpt"),
            alt.Tooltip("notes:N", title="caveat"),
        ],
    )
    return (base.mark_line() + base.mark_point(filled=True, size=70)).properties(
        title=title,
        width="container",
        height=260,
        description=f"{title} by year, {len(frame)} figures from {frame['statistic_basis'].nunique()} statistical "
        "bases, coloured by whose figure each is; a line joins figures of one basis only, and every point's basis, "
        "source and caveat are in its tooltip.",
    )


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


def lexicon_table(page: PageData) -> report.HTML:
    """The theme lexicons as configured: groups, weights, how many terms, and why."""
    rows = [
        {
            "theme": page.analysis.lexicon.labels[theme],
            **group,
            "terms": sum(1 for t in page.analysis.lexicon.terms if t.theme == theme and t.group == group["name"]),
        }
        for theme, groups in page.analysis.lexicon.groups.items()
        for group in groups
    ]
    frame = pd.DataFrame(rows, columns=["theme", "name", "weight", "terms", "why"]).rename(columns={"name": "group"})
    return report.table(frame, caption=f"Theme lexicon groups ({page.lexicon_path})")


def scale_table(page: PageData) -> report.HTML:
    """The estimative scale: each band's probability range and terms."""
    scale = page.analysis.scale
    rows: dict[str, dict] = {}
    for term in scale.terms.values():
        band = rows.setdefault(
            term.label,
            {"band": term.label, "probability": "" if term.low is None else f"{term.low}–{term.high} %", "terms": []},
        )
        band["terms"].append(term.term)
    frame = pd.DataFrame([{**r, "terms": ", ".join(r["terms"])} for r in rows.values()])
    return report.table(frame, caption=f"Estimative scale: {scale.scheme}")


def actors_summary(page: PageData) -> report.HTML:
    """The gazetteer by actor type."""
    actors = page.analysis.engine.gazetteer.actors.values()
    frame = pd.DataFrame([{"type": a.type, "actor": a.name} for a in actors])
    summary = frame.groupby("type", sort=True)["actor"].agg(["count", lambda names: ", ".join(sorted(names))])
    summary.columns = ["actors", "names"]
    return report.table(summary.reset_index(), caption="Actor gazetteer (data/actors.yml) by type")


def _metrics(frame: pd.DataFrame) -> pd.DataFrame:
    """Scores for display: three decimals, and "n/a" where a metric has no support."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_float_dtype(out[column]):
            if column in ("document", "role", "method", "field", "label"):
                continue
            out[column] = [
                "n/a" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{v:.3f}" for v in out[column]
            ]
    return out


def glue_share_numbers(page: PageData) -> None:
    """Glue how the shares' intervals are drawn (the narrative names them)."""
    from myst_nb import glue

    glue("interval", Text(f"{LEVEL}%"), display=False)
    glue("bootstrap_draws", Text(f"{DRAWS:,}"), display=False)


def glue_validation(page: PageData) -> None:
    """Glue the validation tables of ``unionstate evaluate`` and the numbers quoted in the text."""
    from myst_nb import glue

    validation = page.validation
    pooled = themes_table(validation, per_document=False)
    glue(
        "validation_methods",
        report.table(
            _metrics(pooled.drop(columns="document")),
            caption="Main theme: the three methods on the development and the test documents",
        ),
        display=False,
    )
    per_document = themes_table(validation)
    per_document = per_document[(per_document["method"] == "coder") & ~per_document["document"].str.startswith("all ")]
    glue(
        "validation_documents",
        report.table(
            _metrics(per_document.drop(columns="method")), caption="Main theme: the coder, document by document"
        ),
        display=False,
    )
    glue(
        "validation_confusion",
        report.table(
            validation.confusion("test").reset_index().rename(columns={"hand-coded": "hand-coded ↓ / coded →"}),
            caption="Confusion on the test documents: hand-coded main theme (rows) against the coder's (columns)",
        ),
        display=False,
    )
    disagreements = validation.disagreements().rename(columns={"sentence_id": "sentence", "coder": "coded"})
    glue(
        "validation_disagreements",
        report.table(
            disagreements,
            caption="Every annotated sentence the coder codes differently from the hand coding",
        ),
        display=False,
    )
    fields = validation.fields[validation.fields["field"] != "themes"]
    glue(
        "validation_fields",
        report.table(_metrics(fields), caption="Actors, dates and estimative terms (items per sentence)"),
        display=False,
    )
    scores = pooled.set_index(["role", "method"])
    for role in ("development", "test"):
        for method in ("lexicon", "embeddings", "coder"):
            glue(f"accuracy_{role}_{method}", Text(f"{scores.loc[(role, method), 'accuracy']:.2f}"), display=False)
        glue(f"kappa_{role}_coder", Text(f"{scores.loc[(role, 'coder'), 'κ']:.2f}"), display=False)
    tests = per_document[per_document["role"] == "test"]["accuracy"]
    glue("accuracy_test_min", Text(f"{tests.min():.2f}"), display=False)
    glue("accuracy_test_max", Text(f"{tests.max():.2f}"), display=False)
    glue_share_numbers(page)
    documents = validation.codings.groupby("role")["document"].nunique()
    glue("documents_total", int(documents.sum()), display=False)
    sentences = validation.codings.groupby("role").size()
    for role in ("development", "test"):
        glue(f"documents_{role}", int(documents.get(role, 0)), display=False)
        glue(f"sentences_{role}", int(sentences.get(role, 0)), display=False)
    seed, _, _ = load_judgements(paths.project_root())
    glue("accuracy_seed", Text(f"{per_document.set_index('document').loc[seed, 'accuracy']:.2f}"), display=False)
    test_fields = validation.fields[validation.fields["role"] == "test"].groupby("field")[["tp", "fp", "fn"]].sum()
    for field in ("actors", "dates", "estimative_terms"):
        tp, fp, fn = test_fields.loc[field]
        glue(f"f1_{field}", Text(f"{2 * tp / (2 * tp + fp + fn):.2f}"), display=False)


def quote(text: str, limit: int = 220) -> str:
    """A sentence as a short quotation: whole, or cut at a word before ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"


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
            if pd.notna(r.probability_low):
                band = f"{r.probability_low}–{r.probability_high} %"
            else:
                band = "negated" if "…" in r.estimative_terms else "unquantified"
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
