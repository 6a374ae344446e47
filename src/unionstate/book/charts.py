"""Charts more than one chapter draws: actors, dates, estimative language, themes by paragraph
and shares (Altair specifications; one colour and one name per theme from :mod:`report`)."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from unionstate.book import report
from unionstate.book.chapter import PageData, _scope, themes_with_none
from unionstate.book.views import NO_THEME, actor_counts, actor_theme_matrix, date_references, estimative_profile


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
    x = alt.X("start:T", title="Date referred to")
    base = alt.Chart(frame, title=f"Dates referred to in {scope} sentences").encode(
        x=x,
        y=alt.Y("sentence_id:N", sort=list(dict.fromkeys(frame["sentence_id"])), title="Sentence"),
        color=alt.Color("label:N", scale=label_scale(page), title="Main theme"),
        tooltip=[
            alt.Tooltip("sentence_id:N", title="sentence"),
            alt.Tooltip("date:N"),
            alt.Tooltip("precision:N"),
            alt.Tooltip("excerpt:N", title="text"),
        ],
    )
    # The domain is set on the point layer alone: set where the rule's x2 shares the scale, Vega-Lite
    # merges a parsed and an unparsed copy of it ("Conflicting scale property domain").
    domain = alt.Scale(domain=date_domain(frame["start"], frame["end"]))
    chart = base.mark_rule(strokeWidth=4).encode(x2="end:T") + base.mark_point(filled=True, size=70).encode(
        x=x.scale(domain)
    )
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
