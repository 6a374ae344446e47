"""Presentation helpers for the notebooks: one Altair theme, an offline chart renderer, escaped tables.

Charts render as ``text/html``: a ``<div>`` whose id is a hash of the spec, and an inline
``vegaEmbed`` call. Vega, Vega-Lite and Vega-Embed are not fetched from a CDN but loaded on every
book page from ``_static/vendor/vega-bundle.js`` (written by :mod:`unionstate.vendor`), so charts
work offline and the notebook output is byte-identical on every run (nbval strict).
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping

import altair as alt
import pandas as pd

THEME_COLOURS = {"economic": "#0072B2", "military": "#C44E00", "political": "#7B3294"}
"""One colour per theme, everywhere (colour-blind safe, at least 4.5:1 against white)."""
NO_THEME_COLOUR = "#6B6B6B"
THEME_LABELS = {"economic": "Economic integration", "military": "Military cooperation", "political": "Political reform"}


def theme_scale(themes: list[str] | None = None) -> alt.Scale:
    """A colour scale mapping theme ids to their fixed colours."""
    themes = themes or list(THEME_COLOURS)
    return alt.Scale(domain=themes, range=[THEME_COLOURS.get(t, NO_THEME_COLOUR) for t in themes])


def _theme() -> dict:
    return {
        "config": {
            "font": "sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 320},
            "title": {"fontSize": 15, "anchor": "start"},
            "range": {"category": list(THEME_COLOURS.values())},
        }
    }


def render(spec: dict, **_: object) -> dict:
    """Altair renderer: deterministic, offline ``text/html`` (plus a plain-text stand-in)."""
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    chart_id = "vega-" + hashlib.sha256(payload.encode()).hexdigest()[:16]
    script_safe = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    description = spec.get("description") or spec.get("title") or "chart"
    if isinstance(description, dict):
        description = description.get("text", "chart")
    label = html.escape(str(description), quote=True)
    markup = (
        f'<div id="{chart_id}" class="unionstate-chart" role="img" aria-label="{label}"></div>\n'
        f"<script>(function () {{\n"
        f"  var spec = {script_safe};\n"
        f'  function draw() {{ vegaEmbed("#{chart_id}", spec, {{actions: false, renderer: "svg"}}); }}\n'
        f'  if (window.vegaEmbed) {{ draw(); }} else {{ window.addEventListener("load", draw); }}\n'
        f"}})();</script>"
    )
    return {"text/html": markup, "text/plain": f"<chart: {description}>"}


def setup() -> None:
    """Use the project's renderer and theme (call once at the top of a notebook)."""
    if "unionstate" not in alt.renderers.names():
        alt.renderers.register("unionstate", render)
    alt.renderers.enable("unionstate")

    @alt.theme.register("unionstate", enable=True)
    def _registered() -> alt.theme.ThemeConfig:
        return _theme()  # type: ignore[return-value]


def html_table(frame: pd.DataFrame, caption: str | None = None, classes: str = "unionstate-table") -> str:
    """An HTML table of ``frame`` in which every cell and header is escaped (document text is data)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class HTML:
    """A displayable HTML fragment (text/html only, so nbval compares one stable string)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain stand-in: stable, no memory address
        return "<HTML fragment>"


def table(frame: pd.DataFrame, caption: str | None = None) -> HTML:
    """Display ``frame`` as an escaped HTML table."""
    return HTML(html_table(frame, caption))


def parameters_table(parameters: Mapping[str, object]) -> HTML:
    """The parameters a page ran with, as a small table (provenance for readers)."""
    frame = pd.DataFrame(
        {"parameter": list(parameters), "value": ["" if v is None else v for v in parameters.values()]}
    )
    return table(frame, caption="Parameters of this page")
