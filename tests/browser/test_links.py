"""No broken internal link or anchor anywhere in the built book."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from conftest import ROOT

HTML = ROOT / "_build" / "html"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag in ("a", "link") and values.get("href"):
            self.hrefs.append(values["href"])
        if tag in ("script", "img") and values.get("src"):
            self.hrefs.append(values["src"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves() -> None:
    pages = {p.resolve(): parse(p) for p in HTML.rglob("*.html") if "_static" not in p.parts}
    assert len(pages) > 10
    broken = []
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto", "data", "javascript") or href.startswith("//"):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(HTML.resolve())}: {href}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(HTML.resolve())}: {href} (no such anchor)")
    assert broken == []


def test_no_remote_script_anywhere() -> None:
    remote = re.compile(r"<script[^>]+src=[\"'](?:https?:)?//", re.I)
    assert [p.name for p in HTML.rglob("*.html") if remote.search(p.read_text(encoding="utf-8"))] == []
