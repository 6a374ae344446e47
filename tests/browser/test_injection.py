"""A document carrying markup and scripts is shown as text: nothing in it runs in a reader's browser."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Watched, serve

pytestmark = pytest.mark.xdist_group("injection")
"""On one worker of a parallel run, so the book below is built once."""

EVIL = (
    "# Evil <script>alert('title')</script> commentary\n\n"
    "Russia said <img src=x onerror=\"alert('img')\"> that trade grew. Lukashenka stressed "
    "<a href=\"javascript:alert('link')\">this link</a> and the military doctrine of May 2021.\n\n"
    "```{raw} html\n<script>alert('raw')</script><div id=\"injected\">raw html</div>\n```\n\n"
    '```{eval-rst}\n.. raw:: html\n\n   <div id="injected-rst">rst</div>\n```\n\n'
    "• Minsk may <iframe src=\"javascript:alert('frame')\"></iframe> {sub}`role` and $x$ maths.\n"
)


@pytest.fixture(scope="module")
def evil_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built on :data:`EVIL` (its ``_build/html``)."""
    folder = tmp_path_factory.mktemp("evil")
    doc = folder / "evil.md"
    doc.write_text(EVIL, encoding="utf-8")
    out = folder / "book"
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "build", "-p", "document", str(doc),
         "-p", "document_date", "2022-01-01", "--output-dir", str(out)],
        capture_output=True, text=True, check=False, timeout=900, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def evil_book(evil_html: Path) -> Iterator[str]:
    server, url = serve(evil_html)
    yield url
    server.shutdown()


def test_no_page_carries_the_markup_as_markup(evil_html: Path) -> None:
    """What the document says is escaped into every page before any browser sees it."""
    for page in evil_html.joinpath("book").rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<img src=x", 'href="javascript:', '<div id="injected', "<iframe src="):
            assert raw not in markup, (page.name, raw)
    text = (evil_html / "book" / "text.html").read_text(encoding="utf-8")
    assert "Evil &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; commentary" in text
    assert "{raw} html" in text and "&lt;img src=x onerror=" in text


@pytest.mark.parametrize(
    "path",
    ["book/text.html", "book/overview.html", "book/themes/military-cooperation.html",
     "book/themes/economic-integration.html", "book/context.html", "book/methods.html"],
)  # fmt: skip
def test_no_injected_element_or_dialog(watched: Watched, evil_book: str, path: str) -> None:
    page = watched.page
    page.goto(f"{evil_book}/{path}", wait_until="load")
    page.wait_for_timeout(500)
    assert watched.dialogs == []
    found = page.evaluate(
        """() => ({
        injected: document.querySelectorAll('#injected, #injected-rst, iframe, img[src="x"]').length,
        handlers: [...document.querySelectorAll('*')].filter(e => e.hasAttribute('onerror')).length,
        js_links: document.querySelectorAll('a[href^="javascript:"]').length,
    })"""
    )
    assert found == {"injected": 0, "handlers": 0, "js_links": 0}
    assert watched.external == []


def test_the_text_shows_literally(watched: Watched, evil_book: str) -> None:
    page = watched.page
    page.goto(f"{evil_book}/book/text.html", wait_until="load")
    text = page.locator(".us-document").inner_text()
    assert "<script>alert('title')</script>" in text
    assert "<img src=x onerror=\"alert('img')\">" in text
    assert "{raw} html" in text


def test_tooltips_show_injected_markup_as_text(watched: Watched, evil_book: str) -> None:
    page = watched.page
    page.goto(f"{evil_book}/book/overview.html", wait_until="load")
    chart = page.locator('.unionstate-chart[aria-label^="Timeline"]')  # its tooltips quote the sentence
    chart.locator("svg").first.wait_for(state="attached")
    point = chart.locator("svg .mark-symbol path").first  # the one date: in the sentence with the link
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "<a href=\"javascript:alert('link')\">" in tooltip.inner_text()
    assert tooltip.locator("a, img, script, iframe").count() == 0
    assert watched.dialogs == []
