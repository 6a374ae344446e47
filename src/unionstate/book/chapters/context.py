"""Context: the Union State's sourced timeline and indicators beside the document's own dates."""

from __future__ import annotations

import itertools

import altair as alt
import pandas as pd

from unionstate import paths
from unionstate.book import report
from unionstate.book.chapter import PageData
from unionstate.book.charts import date_domain, label_scale
from unionstate.book.views import date_references
from unionstate.inputs.reference import OTHER_FAMILY, basis_family, load_basis_families, load_indicators

ZOOM_FROM = "2018-01-01"
"""The context timeline's second panel starts here: the years the commentary is about, whose
events crowd together at the scale of 1995–2024."""


def context_timeline(page: PageData, zoom: bool = False) -> alt.LayerChart | alt.FacetChart:
    """The Union State timeline 1995–2024 by theme, with the document's own dates overlaid (with
    ``zoom``: the years from 2018 only, drawn wider; two charts, since a concatenated chart cannot
    take the width of its container)."""
    labels = page.analysis.lexicon.labels
    events = page.events.assign(label=page.events["theme"].map(labels))
    ours = date_references(page.analysis)
    ours = ours.assign(label="This document", excerpt=ours["text"].str.slice(0, 120))
    rows = [*labels.values(), "This document"]
    domain = date_domain(pd.concat([events["start"], ours["start"]]))
    if zoom:
        domain = [(pd.Timestamp(ZOOM_FROM) - pd.Timedelta(days=90)).date().isoformat(), domain[1]]  # 2018 inside
        events, ours = events[events["start"] >= ZOOM_FROM], ours[ours["start"] >= ZOOM_FROM]
    x = alt.X("start:T", title="Date", scale=alt.Scale(domain=domain))
    y = alt.Y("label:N", sort=rows, title=None, scale=alt.Scale(domain=rows))
    reference = (
        alt.Chart(events)
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
    if not ours.empty:
        layers.append(
            alt.Chart(ours)
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
    span = "from 2018, drawn wider" if zoom else "from 1995 to 2024"
    return alt.layer(*layers).properties(
        title="The same from 2018, drawn wider"
        if zoom
        else "The Union State, 1995–2024, and the dates this document refers to",
        width="container",
        height=170,
        description=f"Timeline of {len(events)} sourced events of Russia–Belarus integration {span}, one row per "
        f"theme, with the {len(ours)} dates referred to by the document as ticks on the last row.",
    )


def reference_downloads() -> report.HTML:
    """The reference data as the files they are (``data/reference/*.csv``), each with its sources."""
    folder = paths.project_root() / "data" / "reference"
    links = [
        report.data_link(path.read_bytes(), "text/csv", path.name, path.name) for path in sorted(folder.glob("*.csv"))
    ]
    return report.HTML(f'<p class="us-downloads">The reference data as published here: {", ".join(links)}.</p>')


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
