"""Build the Jupyter Book from the executed pages, atomically, with warnings as errors.

Jupyter Book builds into ``_build/.work`` (kept, so rebuilds are incremental); only a successful
build replaces ``_build/html`` (:mod:`unionstate.book.swap`), so a failure never damages the last
good book. A build whose inputs have not changed since the last one (:func:`book_digest`) does
not start Sphinx at all.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from unionstate.book import pdf as printed
from unionstate.book.swap import swap_in
from unionstate.errors import UnionstateError

BOOK_FILES = ("_config.yml", "_toc.yml", "references.bib")
REPOSITORY = re.compile(r"https://[^\s/]+/[^\s/]+/[^\s/]+")


def stage(root: Path, out_root: Path) -> None:
    """Make ``out_root`` a complete book source: configuration, static files and every page
    (pages not executed there are copied from the published ``book/``)."""
    for name in BOOK_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, out_root / name)
    if (root / "_static").is_dir():
        shutil.copytree(
            root / "_static", out_root / "_static", dirs_exist_ok=True, ignore=shutil.ignore_patterns("vendor")
        )
    for source in sorted((root / "book").rglob("*")):
        if source.is_dir() or source.name.startswith("."):
            continue
        target = out_root / "book" / source.relative_to(root / "book")
        if source.suffix != ".ipynb" or not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def effective_toc(out_root: Path, conditional: Iterable[str]) -> Path:
    """``_toc.yml`` without the ``conditional`` pages (book paths without suffix, such as
    ``book/corpus``) that were not built (``_build/.toc.yml``)."""
    import yaml

    absent = {f for f in conditional if not (out_root / f).with_suffix(".ipynb").exists()}

    def keep(entries: list) -> list:
        kept = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("file") in absent:
                continue
            if isinstance(entry, dict):
                entry = {k: keep(v) if k in ("chapters", "sections", "parts") else v for k, v in entry.items()}
            kept.append(entry)
        return kept

    toc = yaml.safe_load((out_root / "_toc.yml").read_text(encoding="utf-8"))
    toc = {k: keep(v) if k in ("chapters", "parts") else v for k, v in toc.items()}
    target = out_root / "_build" / ".toc.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def repository_url(environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """The public repository the book links to: ``UNIONSTATE_REPOSITORY``, else on GitHub Actions
    the repository being built (``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``); None on a machine
    that names none, whose book then has no repository or launch buttons."""
    url = environ.get("UNIONSTATE_REPOSITORY", "").strip()
    if not url and environ.get("GITHUB_SERVER_URL") and environ.get("GITHUB_REPOSITORY"):
        url = f"{environ['GITHUB_SERVER_URL']}/{environ['GITHUB_REPOSITORY']}"
    if not url:
        return None
    url = url.rstrip("/")
    if not REPOSITORY.fullmatch(url):
        raise UnionstateError(
            f"UNIONSTATE_REPOSITORY: {url!r} is not a repository address like https://github.com/OWNER/NAME"
        )
    return url


def _git(root: Path, *args: str) -> str | None:
    """A git command's output in ``root`` (None outside a checkout or without git)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def commit(root: Path) -> tuple[str, str, bool] | None:
    """The commit checked out at ``root``: short id, commit date (``YYYY-MM-DD``) and whether
    tracked files differ from it; None outside a git checkout."""
    said = _git(root, "log", "-1", "--format=%h %cs")
    if not said:
        return None
    sha, date = said.split()
    return sha, date, bool(_git(root, "status", "--porcelain", "--untracked-files=no"))


def edition(root: Path) -> str:
    """The book's edition as its footer states it: the package version and the commit it was
    built from (:func:`commit`: from git, never the clock, so a rebuild of one commit is
    byte-identical); the version alone outside a git checkout."""
    from importlib.metadata import version

    said = f"unionstate {version('unionstate')}"
    built = commit(root)
    if built is None:
        return said
    sha, date, changed = built
    return f"{said}, built from commit {sha} of {date}" + (" with local changes" if changed else "")


def effective_config(out_root: Path, repository: str | None, footer: str, pdf: str = "") -> Path:
    """``_config.yml`` plus the book's title as its home page states it (so a book built on
    another document is named after that document), the edition in every page's footer
    (:func:`edition`), with a link to the ``pdf`` if one is printed, and, when the public
    repository is known, the buttons that need it (``_build/.config.yml``): repository, open
    issue and, for GitHub, launch on Binder (its environment is ``binder/``)."""
    import yaml

    config = yaml.safe_load((out_root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("html", {})["extra_footer"] = f'<p class="us-edition">{html.escape(footer)}</p>'
    config.setdefault("sphinx", {}).setdefault("config", {})["unionstate_pdf"] = pdf
    title = home_title(out_root / "book" / "index.ipynb")
    if title:
        config["title"] = html.escape(title)  # the theme prints the title as HTML (the sidebar)
    if repository:
        config["repository"] = {"url": repository, "branch": "main", "path_to_book": ""}
        config.setdefault("html", {}).update(use_repository_button=True, use_issues_button=True)
        if repository.startswith("https://github.com/"):
            config.setdefault("launch_buttons", {})["binderhub_url"] = "https://mybinder.org"
    target = out_root / "_build" / ".config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def home_title(index: Path) -> str | None:
    """The plain title the runner recorded in the executed home page, if there is one."""
    import json

    try:
        metadata = json.loads(index.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    title = metadata.get("unionstate", {}).get("title")
    return title if isinstance(title, str) and title.strip() else None


def _static_digest(out_root: Path) -> str:
    """Hash of the book configuration and static files (what incremental Sphinx builds miss)."""
    digest = hashlib.sha256()
    files = [out_root / name for name in BOOK_FILES] + [out_root / "_build" / n for n in (".toc.yml", ".config.yml")]
    files += sorted((out_root / "_static").rglob("*"))
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(out_root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


TOOLS = (
    "jupyter-book", "sphinx", "sphinx-book-theme", "pydata-sphinx-theme", "myst-nb", "sphinxcontrib-bibtex",
    "altair", "vl-convert-python",
)  # fmt: skip
"""The build tools whose versions a book depends on (:func:`book_digest`; the last two make the
Vega bundle, :mod:`unionstate.book.vendor`)."""


def book_digest(root: Path, out_root: Path, toc: Path, config: Path, pdf: bool) -> str:
    """Hash of everything a build reads: the staged pages and files of the book, its effective
    configuration and contents, the citation file (the version's date), the code that builds it
    (this module, the Sphinx extension and, with ``pdf``, the printer) and the versions of the
    package and the build tools. The same digest builds the same book, so the build is skipped."""
    from importlib.metadata import version
    from importlib.util import find_spec

    digest = hashlib.sha256(f"pdf={pdf}\0".encode())
    for name in ("unionstate", *TOOLS):
        digest.update(f"{name}=={version(name)}\0".encode())
    modules = ["unionstate.book.build", "unionstate.book.sphinxext", *(["unionstate.book.pdf"] if pdf else [])]
    sources = [Path(str(find_spec(m).origin)) for m in modules]  # type: ignore[union-attr]
    files = [toc, config, out_root / "references.bib", root / "CITATION.cff", *sources]
    for folder in (out_root / "book", out_root / "_static"):
        files += sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    for path in files:
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def jupyter_book() -> str:
    script = Path(sys.executable).parent / "jupyter-book"
    return str(script) if script.exists() else "jupyter-book"


ASSET = re.compile(r'(href|src)="((?:\.\./)*_static/([^"?#]+\.(?:css|js)))"')
"""A link to a stylesheet or script of the book without Sphinx's ``?v=`` checksum."""


def stamp_assets(html: Path) -> None:
    """Give every link to a book stylesheet or script Sphinx's ``?v=`` checksum. Sphinx writes
    it only once the file exists, so a fresh build leaves it off (MyST-NB's stylesheet is made
    during the build) where an incremental one adds it to the pages it rewrites: stamped here,
    fresh and incremental builds give the same bytes."""
    checksums: dict[str, str] = {}

    def checksum(name: str) -> str:
        if name not in checksums:
            path = html / "_static" / name
            content = path.read_bytes().translate(None, b"\r") if path.is_file() else b""
            checksums[name] = f"?v={zlib.crc32(content):08x}" if content else ""
        return checksums[name]

    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stamped = ASSET.sub(lambda m: f'{m[1]}="{m[2]}{checksum(m[3])}"', text)
        if stamped != text:
            page.write_text(stamped, encoding="utf-8")


def prune_search_index(html: Path) -> None:
    """Drop the words Sphinx's search index keeps, with no page, after an incremental build (a
    changed page's old words): the index is then the one a fresh build writes, byte for byte."""
    import json

    path = html / "searchindex.js"
    prefix, suffix = "Search.setIndex(", ")"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return
    index = json.loads(text[len(prefix) : -len(suffix)])
    pruned = {key: {word: docs for word, docs in index[key].items() if docs != []} for key in ("terms", "titleterms")}
    if any(len(pruned[key]) != len(index[key]) for key in pruned):
        path.write_text(prefix + json.dumps({**index, **pruned}, sort_keys=True) + suffix, encoding="utf-8")


def build(root: Path, out_root: Path, conditional: Iterable[str], log=print, pdf: bool = False) -> Path:
    """Build ``out_root``'s book to ``out_root/_build/html``; returns the index page. The
    ``conditional`` pages are left out of its contents when they were not built. With ``pdf``,
    the book also holds the whole of it as one PDF (:mod:`unionstate.book.pdf`), linked from
    every page's footer, and swapped in with it."""
    repository = repository_url()
    if out_root.resolve() != root.resolve():
        stage(root, out_root)
    toc = effective_toc(out_root, conditional)
    config = effective_config(out_root, repository, edition(root), printed.NAME if pdf else "")
    work = out_root / "_build" / ".work"
    stamp, built_stamp, final = work / ".inputs", work / ".built", out_root / "_build" / "html"
    if (
        stamp.is_file()
        and built_stamp.is_file()
        and built_stamp.read_text(encoding="utf-8") == book_digest(root, out_root, toc, config, pdf)
        and (final / "index.html").is_file()
        and (not pdf or (final / printed.NAME).is_file())
    ):
        log(f"book: up to date, nothing it is built from has changed ({final / 'index.html'})")
        return final / "index.html"
    from unionstate.book import vendor  # imports Altair (0.4 s): only a build that runs Sphinx needs it

    vendor.write_bundle(out_root)
    # An incremental Sphinx build may keep a stale copy of a changed static file (CSS, JS) or
    # configuration: when either changed, start the work folder afresh (a full build).
    inputs = _static_digest(out_root)
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != inputs:
        shutil.rmtree(work, ignore_errors=True)
    built_stamp.unlink(missing_ok=True)
    reads = book_digest(root, out_root, toc, config, pdf)
    command = [jupyter_book(), "build", str(out_root), "--path-output", str(work), "--toc", str(toc)]
    command += ["--config", str(config)]
    command += ["-W", "-n", "--keep-going", "-q"]
    log("book: building")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        warnings = [line for line in output if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join((warnings or output)[-20:])
        raise UnionstateError(f"jupyter-book build failed (the last good _build/html is untouched):\n{detail}")
    stamp.write_text(inputs, encoding="utf-8")
    stamp_assets(work / "_build" / "html")
    prune_search_index(work / "_build" / "html")
    extra = {}
    if pdf:
        log("book: printing the PDF")
        page = printed.single_page(out_root, toc, config, jupyter_book())
        built = commit(root)
        if built:
            date = built[1]
        else:  # outside a git checkout: the release date of the version
            from unionstate.book.sphinxext import released

            date = released(root / "CITATION.cff").isoformat()
        extra[printed.NAME] = printed.print_pdf(page, page.parent / printed.NAME, date)
    index = swap_in(work / "_build" / "html", out_root, extra) / "index.html"
    built_stamp.write_text(reads, encoding="utf-8")
    log(f"book: {index}")
    return index
