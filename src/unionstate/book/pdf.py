"""The book as one PDF: Sphinx's single-page HTML build printed by Debian's Chromium (Playwright).

The print stylesheet (``_static/unionstate.css``) keeps the text and every chart (its static SVG,
at the full width of the page); the page is printed without its scripts and without navigation. The PDF has the book's contents at its
start, page numbers in its footer and an outline of its chapters. Nothing is downloaded: the
pages are read from disk and any other request is refused. Chromium stamps the PDF with the
clock and numbers its objects and structure tree in no fixed order; :func:`settle` writes the
commit's date instead and puts the file in one canonical form, so one book always prints to the
same bytes.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from unionstate.book.pdf_canonical import canonical
from unionstate.errors import UnionstateError

NAME = "unionstate.pdf"
"""The PDF's file name, at the top of the built book."""
CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium (``make chromium`` installs it); ``UNIONSTATE_CHROMIUM`` names another."""
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
FOOTER = (
    '<div style="font-size: 8px; width: 100%; text-align: center; color: #444;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
PAPER = """async () => {
  // Nothing left to chance on a slow machine: no transition or animation caught halfway, every
  // declared font and every image loaded before Chromium lays the pages out.
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.append(still);
  await Promise.all([...document.fonts].map((face) => face.load().catch(() => null)));
  await document.fonts.ready;
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
  // On paper: no navigation, search, permalinks (whose "#" would join each heading in the
  // outline), downloads or link to this PDF.
  const away = ['.skip-link', '.bd-header', '.bd-header-article', '.bd-sidebar-primary', '.bd-sidebar-secondary',
    '#pst-back-to-top', '.search-button__wrapper', '.prev-next-area', 'a.headerlink', 'p.us-downloads', 'p.us-pdf-link'];
  for (const element of document.querySelectorAll(away.join(','))) { element.remove(); }
  // A link to another page of the book points, in the single page, to its anchor there.
  for (const link of document.querySelectorAll('a[href*=".html#"]')) {
    const anchor = link.getAttribute('href').split('#')[1];
    if (!/^[a-z]+:/.test(link.getAttribute('href')) && document.getElementById(anchor)) {
      link.setAttribute('href', '#' + anchor);
    }
  }
}"""


def single_page(out_root: Path, toc: Path, config: Path, command: str) -> Path:
    """Build the book as one HTML page (Sphinx ``singlehtml``, kept in ``_build/.work-pdf`` for
    incremental rebuilds); returns that page, placed where its links resolve."""
    work = out_root / "_build" / ".work-pdf"
    done = subprocess.run(
        [command, "build", str(out_root), "--builder", "singlehtml", "--path-output", str(work)]
        + ["--toc", str(toc), "--config", str(config), "-W", "-n", "--keep-going", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    folder = work / "_build" / "singlehtml"
    redirect = folder / "index.html"
    target = re.search(r'url=([^"]+)"', redirect.read_text(encoding="utf-8")) if redirect.is_file() else None
    if done.returncode != 0 or target is None:
        detail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise UnionstateError(f"the single-page build for the PDF failed (the last good book is untouched):\n{detail}")
    # Sphinx writes the page's links relative to the top of the build, though the page itself
    # lands where the root document lives (book/index.html): printed from the top, they resolve.
    return Path(shutil.copyfile(folder / target[1], folder / "book.html"))


def chromium() -> str:
    """The Chromium to print with, or a one-line error when it or Playwright is missing (checked
    before the book is built, so a missing tool costs no build)."""
    browser = os.environ.get("UNIONSTATE_CHROMIUM", CHROMIUM)
    if not Path(browser).is_file() and not shutil.which(browser):
        raise UnionstateError(f"{browser}: no Chromium to print the PDF with (`make pdf` installs Debian's)")
    if importlib.util.find_spec("playwright") is None:
        raise UnionstateError("the PDF needs Playwright, a development tool (`make pdf` installs it)")
    return browser


def print_pdf(page: Path, target: Path, date: str) -> Path:
    """Print ``page`` (an HTML file) to the PDF ``target`` with Chromium, dated ``date``
    (``YYYY-MM-DD``) whatever the clock says."""
    browser_path = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=ARGS)
        try:
            tab = browser.new_page()
            tab.route("**/*", _offline_and_still)
            tab.goto(page.resolve().as_uri(), wait_until="load")
            tab.evaluate(PAPER)
            data = tab.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "16mm", "bottom": "16mm", "left": "16mm", "right": "16mm"},
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    target.write_bytes(settle(data, date))
    return target


def _offline_and_still(route: Any) -> None:
    """Serve the book's own files but none of its scripts: nothing then redraws a chart or
    rewrites the page while Chromium prints it (the charts print as their static SVGs)."""
    url = route.request.url
    if url.startswith("data:") or (url.startswith("file:") and not urlsplit(url).path.endswith(".js")):
        route.continue_()
    else:
        route.abort()


def settle(data: bytes, date: str) -> bytes:
    """The PDF in canonical form (:mod:`~unionstate.book.pdf_canonical`), its creation and
    modification dates set to ``date`` (midnight UTC) and its structure ids numbered in order of
    first use; these last replacements keep the length, so the cross-reference offsets stay right."""
    data = canonical(data)
    stamp = b"D:" + date.replace("-", "").encode("ascii") + b"000000+00'00'"
    data = re.sub(rb"(/(?:CreationDate|ModDate) \()D:\d{14}\+00'00'(\))", lambda m: m[1] + stamp + m[2], data)
    numbers: dict[bytes, int] = {}

    def renumber(match: re.Match[bytes]) -> bytes:
        number = numbers.setdefault(match[1], len(numbers) + 1)
        return b"(node%0*d)" % (len(match[1]), number)

    return re.sub(rb"\(node(\d{8})\)", renumber, data)
