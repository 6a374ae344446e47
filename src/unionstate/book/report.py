"""Presentation helpers for the notebooks: one Altair theme, an offline chart renderer, escaped tables.

Charts render as ``text/html``: a ``<div>`` whose id is a hash of the spec, and an inline call of
``usDraw`` (``_static/charts.js``), which draws it with Vega-Embed in the page's colour mode.
Vega, Vega-Lite and Vega-Embed are not fetched from a CDN but loaded on every book page from
``_static/vendor/vega-bundle.js`` (written by :mod:`unionstate.book.vendor`), so charts work
offline and the notebook output is byte-identical on every run (nbval strict).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping

import altair as alt
import pandas as pd
import vl_convert

from unionstate.inputs.catalog import slug

THEME_COLOURS = {"economic": "#0072B2", "military": "#C44E00", "political": "#7B3294"}
"""One colour per theme, everywhere (colour-blind safe, at least 4.5:1 against white)."""
NO_THEME_COLOUR = "#6B6B6B"


def label_scale(labels: dict[str, str], shown: list[str] | None = None) -> alt.Scale:
    """The theme colours keyed by the names readers see (``labels``: theme id → name; an id
    without a colour, such as no theme, is grey), for the names ``shown`` (default: all)."""
    shown = shown or list(labels.values())
    by_label = {label: theme for theme, label in labels.items()}
    return alt.Scale(domain=shown, range=[THEME_COLOURS.get(by_label.get(x, ""), NO_THEME_COLOUR) for x in shown])


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


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (e.g. ``6.4``)."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


STATIC_WIDTH = 640
"""The width (px) a chart drawn to fit its container gets in its static SVG: about the width of
the book's text column and of a printed A4 page, which the image is then scaled to."""


def static_svg(spec: dict) -> str:
    """The chart drawn to SVG by vl-convert: the fallback for print and for readers without
    JavaScript (a chart that fits its container is drawn :data:`STATIC_WIDTH` wide)."""
    if spec.get("width") == "container":
        spec = {**spec, "width": STATIC_WIDTH}
    return vl_convert.vegalite_to_svg(spec, vl_version=vega_lite_version())


def render(spec: dict, **_: object) -> dict:
    """Altair renderer: deterministic, offline ``text/html`` (plus a plain-text stand-in).

    The interactive chart is drawn by ``usDraw`` (``_static/charts.js``: Vega-Embed in the page's
    colour mode; the Vega view is kept as the element's ``usView``); a static SVG image of it
    follows, shown where that script is not loaded (a notebook viewer), without JavaScript and in
    print, then a "Download CSV" of the rows it draws.
    """
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    chart_id = "vega-" + hashlib.sha256(payload.encode()).hexdigest()[:16]
    script_safe = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    description = spec.get("description") or spec.get("title") or "chart"
    if isinstance(description, dict):
        description = description.get("text", "chart")
    label = html.escape(str(description), quote=True)
    image = base64.b64encode(static_svg(spec).encode()).decode()
    caption = chart_title(spec)
    markup = (
        f'<div id="{chart_id}" class="unionstate-chart" role="img" aria-label="{label}"></div>\n'
        f'<img id="{chart_id}-static" class="us-chart-static" alt="{label}" src="data:image/svg+xml;base64,{image}">\n'
        f"<script>(function () {{\n"
        f"  if (!window.usDraw) {{ return; }}\n"
        f'  document.getElementById("{chart_id}-static").hidden = true;\n'
        f'  window.usDraw("{chart_id}", {script_safe});\n'
        f"}})();</script>"
    )
    markup += "".join(csv_link(pd.DataFrame.from_records(rows), caption) for rows in chart_data(spec))
    return {"text/html": markup, "text/plain": f"<chart: {description}>"}


def chart_title(spec: dict) -> str:
    """A chart's title: its own, or else the first of its layers' ("chart" if none has one)."""
    for part in (spec, *spec.get("layer", ())):
        title = part.get("title")
        text = title.get("text") if isinstance(title, dict) else title
        if text:
            return str(text)
    return "chart"


def chart_data(spec: dict) -> list[list[dict]]:
    """The rows a chart is drawn from: each inline dataset of its specification, in its order
    (Altair writes a chart's data frame once under ``datasets``, however many layers share it)."""
    return [rows for rows in spec.get("datasets", {}).values() if rows]


def setup() -> None:
    """Use the project's renderer and theme (call once at the top of a notebook)."""
    if "unionstate" not in alt.renderers.names():
        alt.renderers.register("unionstate", render)
    alt.renderers.enable("unionstate")

    @alt.theme.register("unionstate", enable=True)
    def _registered() -> alt.theme.ThemeConfig:
        return _theme()  # type: ignore[return-value]


def sentence_anchor(sentence_id: str) -> str:
    """The HTML id of a sentence on the text page: ``p3.s2`` → ``p3-s2``."""
    return sentence_id.replace(".", "-")


def html_table(
    frame: pd.DataFrame,
    caption: str | None = None,
    classes: str = "unionstate-table",
    links: Mapping[str, str] | None = None,
    urls: Mapping[str, str] | None = None,
    download: bool = True,
) -> str:
    """An HTML table of ``frame`` in which every cell and header is escaped (document text is data).

    ``links`` maps a column of sentence ids to the text page's URL: each id becomes a link to the
    sentence's anchor there. ``urls`` maps a shown column to a column of http(s) addresses that its
    cells link to (the address column itself is not shown). With ``download``, a link under the
    table gives its rows as CSV (:func:`csv_link`).
    """
    links, urls = links or {}, urls or {}
    shown = [c for c in frame.columns if c not in urls.values()]
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in shown)

    def cell(column: str, value: object, row: Mapping[str, object]) -> str:
        text = html.escape(_fmt(value))
        address = str(row[urls[column]]) if column in urls else ""
        if address.startswith(("http://", "https://")):
            return f'<td><a href="{html.escape(address, quote=True)}">{text}</a></td>'
        if column in links and text:
            href = html.escape(f"{links[column]}#{sentence_anchor(str(value))}", quote=True)
            return f'<td><a class="us-sentence-link" href="{href}">{text}</a></td>'
        return f"<td>{text}</td>"

    body = "".join("<tr>" + "".join(cell(c, row[c], row) for c in shown) + "</tr>" for row in frame.to_dict("records"))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = html.escape(caption or "table", quote=True)
    markup = (  # a wide table scrolls inside its own region (focusable, so a keyboard can scroll it too)
        f'<div class="us-table-scroll" role="region" aria-label="{label}" tabindex="0">'
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )
    return markup + csv_link(frame, caption or "table") if download else markup


def data_link(data: bytes, mime: str, filename: str, label: str) -> str:
    """A link that saves ``data`` as ``filename``: the bytes travel inside the page (a ``data:``
    address), so the download needs no server, works offline and is the page's own content."""
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a class="us-download" download="{html.escape(filename, quote=True)}" href="{href}">'
        f"{html.escape(label)}</a>"
    )


def csv_link(frame: pd.DataFrame, caption: str) -> str:
    """"Download CSV" for a table: its rows as UTF-8 CSV with a header row, named after its caption."""
    name = slug(caption, limit=60, empty="table")
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    rows = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    return f'<p class="us-downloads">{data_link(data, "text/csv", f"{name}.csv", f"Download CSV: {caption}")} ({rows})</p>'


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


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    links: Mapping[str, str] | None = None,
    urls: Mapping[str, str] | None = None,
    download: bool = True,
) -> HTML:
    """Display ``frame`` as an escaped HTML table (``links``, ``urls``, ``download``: see :func:`html_table`)."""
    return HTML(html_table(frame, caption, links=links, urls=urls, download=download))


def document_html(sentences: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """The document sentence by sentence, each in a ``<span id="p3-s2">`` marked by primary theme.

    Why a sentence was coded so (``theme_evidence``) is its hover title and, once the reader
    follows its id (or a link to it from any table), a note after the sentence. Titles and
    captions become their own paragraphs, consecutive bullets one list; every piece of document
    text is escaped.
    """
    parts: list[str] = []
    in_list = False
    for paragraph, group in sentences.groupby("paragraph", sort=False):
        kind = group["kind"].iloc[0]
        spans = " ".join(_sentence_html(r, labels) for r in group.itertuples(index=False))
        if kind == "bullet" and not in_list:
            parts.append('<ul class="us-document-list">')
            in_list = True
        elif kind != "bullet" and in_list:
            parts.append("</ul>")
            in_list = False
        tag = "li" if kind == "bullet" else "p"
        parts.append(f'<{tag} class="us-{kind}" data-paragraph="{int(paragraph)}">{spans}</{tag}>')
    if in_list:
        parts.append("</ul>")
    return '<div class="us-document">' + "\n".join(parts) + "</div>"


def _sentence_html(r, labels: Mapping[str, str]) -> str:
    anchor = sentence_anchor(r.sentence_id)
    label = labels.get(r.primary_theme, "no theme")
    why = f"{label}: {r.theme_evidence}"
    return (
        f'<span id="{anchor}" class="us-sentence us-{r.primary_theme or "none"}" '
        f'title="{html.escape(r.sentence_id)} — {html.escape(why)}">'
        f'<a class="us-sid" href="#{anchor}">{html.escape(r.sentence_id)}</a> '
        f'{html.escape(r.text)}<span class="us-why"> [{html.escape(why)}]</span></span>'
    )


def legend_html(labels: Mapping[str, str]) -> str:
    """A colour legend for the text page's theme marks."""
    items = [*labels.items(), ("none", "No theme")]
    return (
        '<ul class="us-legend" aria-label="Theme colours">'
        + "".join(f'<li><span class="us-swatch us-{html.escape(k)}"></span>{html.escape(v)}</li>' for k, v in items)
        + "</ul>"
    )


def parameters_table(parameters: Mapping[str, object]) -> HTML:
    """The parameters a page ran with, as a small table (provenance for readers)."""
    frame = pd.DataFrame(
        {"parameter": list(parameters), "value": ["" if v is None else v for v in parameters.values()]}
    )
    return table(frame, caption="Parameters of this page", download=False)
