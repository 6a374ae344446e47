"""The PDF edition (`unionstate build --pdf`, run by `make test`): every chapter and chart, its
contents, page numbers and outline, linked from every page, and the same bytes when printed again."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT
from test_book import PAGES

from unionstate.book import pdf

HTML = ROOT / "_build" / "html"
BOOK = HTML / pdf.NAME
CHART_TITLE = re.compile(r'</script><p class="us-downloads"><a [^>]*>Download CSV: ([^<]+)</a>')
"""A chart's title, in the CSV link that follows its drawing script (a table's has no script)."""


@pytest.fixture(scope="module")
def pages() -> list[str]:
    if not BOOK.is_file():
        pytest.fail(f"no {BOOK.relative_to(ROOT)}: `make test` builds it with `unionstate build --pdf`")
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(BOOK).pages]


def chapters() -> list[str]:
    """The title of every chapter, as its page's first heading says it."""
    titles = []
    for path in PAGES:
        if path.startswith("book/"):
            headings = re.findall(r"<h1>(.*?)</h1>", (HTML / path).read_text(encoding="utf-8"), re.S)
            heading = next(h for h in headings if 'class="headerlink"' in h)  # the page's own, not the header's
            titles.append(" ".join(re.sub(r"<a class=\"headerlink\".*|<[^>]+>", "", heading).split()))
    return titles


def test_the_pdf_holds_every_chapter_and_every_chart(pages: list[str]) -> None:
    text = " ".join(pages)
    missing = [title for title in chapters() if title not in text]
    assert missing == []
    charts = [
        title.replace("&#x27;", "'").replace("&amp;", "&")
        for path in PAGES
        for title in CHART_TITLE.findall((HTML / path).read_text(encoding="utf-8"))
    ]
    assert len(charts) >= 10
    assert [title for title in charts if title not in text] == []


def test_the_pdf_has_contents_page_numbers_and_an_outline(pages: list[str]) -> None:
    assert "Contents" in pages[0] and all(title in pages[0] for title in chapters()[1:])
    assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
    outline = pypdf.PdfReader(BOOK).outline
    assert len(outline) >= 2 and any(isinstance(entry, list) and len(entry) >= 5 for entry in outline)
    assert not any("Search" in page and "Ctrl" in page for page in pages)  # no navigation on paper


def test_every_page_links_to_the_pdf() -> None:
    for path in PAGES:
        depth = path.count("/")
        assert f'<p class="us-pdf-link"><a href="{"../" * depth}{pdf.NAME}">' in (HTML / path).read_text(
            encoding="utf-8"
        ), path


def test_printing_again_gives_the_same_bytes(tmp_path: Path) -> None:
    page = ROOT / "_build" / ".work-pdf" / "_build" / "singlehtml" / "book.html"
    date = re.search(rb"/CreationDate \(D:(\d{4})(\d\d)(\d\d)", BOOK.read_bytes())
    assert date, "the PDF has no creation date"
    again = tmp_path / pdf.NAME
    script = (
        "import sys, pathlib; from unionstate.book import pdf; "
        "pdf.print_pdf(*map(pathlib.Path, sys.argv[1:3]), sys.argv[3])"
    )
    # in a process of its own: this one already drives a browser through Playwright's sync API
    subprocess.run([sys.executable, "-c", script, page, again, "-".join(p.decode() for p in date.groups())], check=True)
    printed, built = again.read_bytes(), BOOK.read_bytes()
    assert printed == built, first_difference(printed, built)


def first_difference(printed: bytes, built: bytes) -> str:
    """Where two prints part: the first object whose text differs, its streams inflated, so a
    failure on a machine this cannot be reproduced on says what Chromium printed differently."""
    from unionstate.book.pdf_canonical import parse

    ours, theirs = parse(printed)[1], parse(built)[1]
    for number in sorted(ours.keys() | theirs.keys()):
        a, b = _shown(ours.get(number, [])), _shown(theirs.get(number, []))
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            start = max(at - 120, 0)
            return f"object {number} differs at {at}: {a[start : at + 80]!r} / {b[start : at + 80]!r}"
    return f"the objects agree; the files differ in length ({len(printed)} / {len(built)}) or framing"


def _shown(pieces: list[bytes | int]) -> bytes:
    """An object's text with its references written out, its Flate streams inflated and their
    ``/Length`` left out (it differs whenever the content does: the content is what to show)."""
    text = b"".join(b"%d 0 R" % piece if isinstance(piece, int) else piece for piece in pieces)
    head, found, rest = text.partition(b"stream\n")
    head = re.sub(rb"/Length \d+", b"/Length", head)
    if found and b"/FlateDecode" in head:
        try:
            rest = zlib.decompressobj().decompress(rest)
        except zlib.error:
            pass
    return head + found + rest
