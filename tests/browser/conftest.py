"""Browser fixtures: the built book served on 127.0.0.1, Debian's Chromium driven by Playwright.

Any request that leaves 127.0.0.1 is blocked and recorded, so a test fails on it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("UNIONSTATE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def book_url() -> Iterator[str]:
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        pytest.fail("no built book in _build/html: run `make book` first")
    server, url = serve(html)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` (or .ci/run) installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page plus everything that went wrong while it was used."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


DESK, PHONE = (1280, 900), (390, 844)
"""The two screens pages are checked on (width, height in CSS px)."""


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    with watching(browser) as record:
        yield record


@pytest.fixture
def watched_dark(browser: Browser) -> Iterator[Watched]:
    """A page in a browser whose reader prefers dark colours (prefers-color-scheme: dark)."""
    with watching(browser, "dark") as record:
        yield record


@contextmanager
def watching(browser: Browser, scheme: str = "light", screen: tuple[int, int] = DESK) -> Iterator[Watched]:
    """A fresh page on a ``screen`` whose reader prefers the ``scheme`` colour mode, watched."""
    context = browser.new_context(viewport={"width": screen[0], "height": screen[1]}, color_scheme=scheme)
    page = context.new_page()
    record = Watched(page)

    def route(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            record.external.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None)
    page.on("console", lambda m: record.console_warnings.append(m.text) if m.type == "warning" else None)
    page.on("pageerror", lambda e: record.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: record.failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: record.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)

    def dialog(d) -> None:
        record.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    try:
        yield record
    finally:
        context.close()
