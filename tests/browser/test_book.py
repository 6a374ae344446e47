"""The built book in a real browser: offline, charts drawn, links, search, accessibility."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import DESK, PHONE, ROOT, Watched, watching

PAGES = [
    "book/index.html", "book/text.html", "book/overview.html", "book/themes/economic-integration.html",
    "book/themes/military-cooperation.html", "book/themes/political-reform.html", "book/context.html",
    "book/judgements.html", "book/methods.html", "book/references.html", "search.html", "genindex.html",
]  # fmt: skip
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def load(watched: Watched, url: str) -> None:
    watched.page.goto(url, wait_until="load")
    charts = watched.page.locator(".unionstate-chart")
    for i in range(charts.count()):
        charts.nth(i).locator("svg").first.wait_for(state="attached", timeout=15_000)


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_with_charts_drawn(watched: Watched, book_url: str, path: str) -> None:
    load(watched, f"{book_url}/{path}")
    sizes = watched.page.eval_on_selector_all(
        ".unionstate-chart",
        "els => els.map(e => { const s = e.querySelector('svg'); const r = s && s.getBoundingClientRect();"
        " return r ? [r.width, r.height] : [0, 0]; })",
    )
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(
        path=str(SCREENSHOTS / (path.replace("/", "__").removesuffix(".html") + ".png")), full_page=True
    )
    assert watched.external == []
    assert watched.failed == []
    assert watched.console_errors == []
    assert watched.console_warnings == []  # Vega's included ("Conflicting scale property", …)


def test_chart_tooltip_on_hover(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/themes/military-cooperation.html")
    bars = watched.page.locator(".unionstate-chart").first.locator("svg .mark-rect path")
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    bar = bars.nth(heights.index(max(heights)))  # the tallest bar: easy to hover
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None
    watched.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = watched.page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "sentence" in tooltip.inner_text()


def test_sentence_link_lands_on_the_highlighted_sentence(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/themes/military-cooperation.html")
    link = watched.page.locator("a.us-sentence-link").first
    sentence_id = link.inner_text()
    link.click()
    watched.page.wait_for_url(f"**/book/text.html#{sentence_id.replace('.', '-')}")
    target = watched.page.locator(f"#{sentence_id.replace('.', '-')}")
    assert target.is_visible() and target.evaluate("e => e.matches(':target')")
    colour = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 243, 176)"
    why = target.locator(".us-why")
    labels = ("Economic integration: ", "Military cooperation: ", "Political reform: ", "no theme: ")
    assert why.is_visible() and why.inner_text().strip(" [").startswith(labels)  # why it has its theme
    assert not watched.page.locator(".us-sentence:not(:target) .us-why").first.is_visible()


def test_search_finds_mishustin(watched: Watched, book_url: str) -> None:
    watched.page.goto(f"{book_url}/search.html?q=Mishustin", wait_until="load")
    results = watched.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    assert watched.console_errors == []


def test_dark_mode_follows_the_reader_and_the_switch(watched_dark: Watched, book_url: str) -> None:
    """A reader who prefers dark gets dark pages whose tables and charts sit on the page's own
    background, with light chart text and the lighter theme colours; the theme switch redraws them."""
    load(watched_dark, f"{book_url}/book/overview.html")
    page = watched_dark.page

    def state() -> dict:
        return page.evaluate(
            """() => {
              const chart = document.querySelector('.unionstate-chart'), panel = chart.closest('.text_html');
              const label = chart.querySelector('svg .role-axis-label text');
              const share = '.unionstate-chart[aria-label^="Bar chart of the share"] svg .mark-rect path';
              const charts = [...document.querySelectorAll('.unionstate-chart')];
              return {theme: document.documentElement.dataset.theme, modes: charts.map(e => e.dataset.mode),
                      panel: getComputedStyle(panel).backgroundColor, label: label.getAttribute('fill'),
                      bar: document.querySelector(share).getAttribute('fill')};
            }"""
        )

    dark = state()
    assert dark["theme"] == "dark" and set(dark["modes"]) == {"dark"}
    assert dark["panel"] == "rgba(0, 0, 0, 0)" and dark["label"] == "#e6e6e6" and dark["bar"] == "#56B4E9"
    page.locator(".theme-switch-button").first.click()  # dark → light (the switch cycles light, dark, auto)
    page.wait_for_function("[...document.querySelectorAll('.unionstate-chart')].every(e => e.dataset.mode === 'light')")
    light = state()
    assert light["theme"] == "light" and light["bar"] == "#0072B2" and light["label"] != "#e6e6e6"
    assert watched_dark.console_errors == []


def test_charts_have_text_alternatives(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/overview.html")
    labels = watched.page.eval_on_selector_all(".unionstate-chart", "els => els.map(e => e.getAttribute('aria-label'))")
    # the chart container is labelled with the chart's Vega-Lite description
    assert labels and all(label and len(label) > 20 for label in labels), labels


def test_static_fallback_without_javascript(browser, book_url: str) -> None:
    """Without JavaScript each chart is still there, as the static SVG drawn by vl-convert."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{book_url}/book/overview.html", wait_until="load")
    images = page.locator("img.us-chart-static")
    assert images.count() >= 4
    for i in range(images.count()):
        box = images.nth(i).bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 50
    context.close()


def test_print_shows_the_static_charts(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/overview.html")
    watched.page.emulate_media(media="print")
    assert watched.page.locator("img.us-chart-static").first.is_visible()
    assert not watched.page.locator("div.unionstate-chart").first.is_visible()


def download(page, link: str) -> tuple[str, Path]:
    """Follow the download link whose text contains ``link``: the file's suggested name and path."""
    with page.expect_download() as info:
        page.locator("a.us-download", has_text=link).click()
    return info.value.suggested_filename, Path(info.value.path())


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_tables_csv_download_holds_the_rows_it_shows(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/themes/economic-integration.html")
    page = watched.page
    table = page.locator("table.unionstate-table", has=page.locator("caption", has_text="Quantities cited"))
    shown = table.evaluate(
        "t => [[...t.tHead.rows[0].cells].map(c => c.innerText.trim()),"
        " ...[...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))]"
    )
    name, path = download(page, "Quantities cited")
    assert name == "quantities-cited.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) > 1 and [[cell.strip() for cell in row] for row in rows] == shown


def test_a_charts_csv_download_holds_the_rows_it_draws(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/overview.html")
    page = watched.page
    chart = page.locator('.unionstate-chart[aria-label^="Bar chart of the share"]')
    drawn = chart.evaluate(  # the rows of the chart's dataset, as its Vega view holds them
        "e => Object.entries(e.usView.getState({data: () => true, signals: () => false}).data)"
        ".filter(([name]) => name.startsWith('data-')).map(([, rows]) => rows)[0]"
    )
    name, path = download(page, "Main theme of each sentence")
    assert name == "main-theme-of-each-sentence.csv"
    rows = csv_rows(path)
    assert [r["label"] for r in rows] == [d["label"] for d in drawn] and len(rows) == 4
    assert [float(r["share"]) for r in rows] == pytest.approx([d["share"] for d in drawn])


def test_the_whole_sentence_table_downloads_as_csv_and_parquet(watched: Watched, book_url: str) -> None:
    load(watched, f"{book_url}/book/text.html")
    page = watched.page
    rows = csv_rows(download(page, "the sentence table as CSV")[1])
    assert len(rows) == page.locator("span.us-sentence").count() and rows[0]["sentence_id"] == "p1.s1"
    assert download(page, "as Parquet")[1].read_bytes()[:4] == b"PAR1"


@pytest.mark.parametrize("screen", [PHONE, DESK], ids=["phone", "desk"])
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_the_screen_and_passes_axe(browser, book_url: str, path: str, mode: str, screen) -> None:
    """On a phone and a desk, in both colour modes the reader may prefer: a page never scrolls
    sideways (wide tables scroll inside their own region), every chart fits its column, and axe
    finds no serious or critical violation (contrast included)."""
    with watching(browser, mode, screen) as watched:
        load(watched, f"{book_url}/{path}")
        page = watched.page
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        overflowing = page.eval_on_selector_all(
            ".unionstate-chart",
            "els => els.filter(e => { const s = e.querySelector('svg');"
            " return s && s.getBoundingClientRect().width > e.getBoundingClientRect().width + 1; }).length",
        )
        assert width <= viewport, f"{path}: {width} px wide at {viewport} px"
        assert overflowing == 0, f"{path}: {overflowing} charts wider than their column"
        if path == "genindex.html":  # Sphinx's empty index page: nothing of the book's to check
            return
        page.add_script_tag(content=AXE)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)
