"""The Papermill runner and the book build, on a disposable copy of the project (real kernels)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from unionstate.book.build import edition, effective_config, repository_url
from unionstate.errors import PageFailed, UnionstateError
from unionstate.run.params import load_pages
from unionstate.run.runner import run
from unionstate.run.uptodate import digest, recorded_digest

MILITARY = Path("book/themes/military-cooperation.ipynb")


def quiet(*_: object) -> None:
    pass


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_published_pages_are_up_to_date(root: Path) -> None:
    """book/ must be re-executed (make book) and committed whenever its inputs change."""
    pages = load_pages(root)
    stale = [p.id for p in pages if not p.skip and recorded_digest(root / p.output) != digest(p, root)]
    assert stale == [], f"stale pages in book/: {stale}; run `make book` and commit book/"
    left_out = [p.id for p in pages if p.skip and (root / p.output).exists()]
    assert left_out == [], f"pages left out of this book still in book/: {left_out}; run `make book`"


def test_nothing_changed_runs_nothing_and_one_change_runs_one_page(project: Path) -> None:
    result = run(load_pages(project), project, log=quiet)
    assert result.executed == [] and len(result.cached) == 9
    params = project / "notebooks" / "params.yml"
    text = params.read_text(encoding="utf-8")
    params.write_text(
        text.replace("      theme: military\n", "      theme: military\n      min_score: 2.0\n"), encoding="utf-8"
    )
    result = run(load_pages(project), project, log=quiet)
    assert result.executed == ["military"]
    assert sorted(result.cached) == [
        "context", "economic", "index", "judgements", "methods", "overview", "political", "text"
    ]  # fmt: skip
    nb = json.loads((project / MILITARY).read_text(encoding="utf-8"))
    assert nb["metadata"]["unionstate"]["parameters"]["min_score"] == 2.0


def test_a_run_into_another_folder_copies_the_published_pages_of_the_same_inputs(project: Path, tmp_path: Path) -> None:
    params = project / "notebooks" / "params.yml"
    text = params.read_text(encoding="utf-8")
    params.write_text(
        text.replace("      theme: military\n", "      theme: military\n      min_score: 2.0\n"), encoding="utf-8"
    )
    before, out = snapshot(project / "book"), tmp_path / "trial"
    result = run(load_pages(project), project, out, log=quiet)
    assert result.executed == ["military"] and len(result.cached) == 8  # the published one is stale
    assert snapshot(project / "book") == before
    copied = [p.relative_to(out) for p in (out / "book").rglob("*.ipynb") if p.relative_to(out) != MILITARY]
    assert len(copied) == 8 and all((out / p).read_bytes() == (project / p).read_bytes() for p in copied)
    assert recorded_digest(out / MILITARY) not in (None, recorded_digest(project / MILITARY))


def test_failing_page_leaves_previous_output_untouched(project: Path) -> None:
    template = project / "notebooks" / "theme.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "id": "boom",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "raise RuntimeError('boom')",
        }
    )
    template.write_text(json.dumps(nb), encoding="utf-8")
    before = snapshot(project / "book")
    with pytest.raises(
        PageFailed, match=r"page military: cell 'boom' \(raise RuntimeError\('boom'\)\) failed: RuntimeError: boom"
    ):
        run(load_pages(project, only=["military"]), project, log=quiet)
    assert snapshot(project / "book") == before


def test_build_into_output_dir(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--output-dir leaves the published book alone; the trial book is complete and offline, and
    links to its public repository (the one GitHub Actions builds) with launch buttons."""
    monkeypatch.delenv("UNIONSTATE_REPOSITORY", raising=False)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "example-org/unionstate")
    before = snapshot(project / "book")
    out = tmp_path / "trial"
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "build", "--only", "military",
         "-p", "document_date", "2021-11-06", "--output-dir", str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "military: running" in done.stdout and "economic" not in done.stdout
    assert "without encryption" not in done.stderr  # kernels speak CurveZMQ, so ipykernel has no warning
    assert snapshot(project / "book") == before
    assert "2021-11-06 (parameter)" in (out / MILITARY).read_text(encoding="utf-8")
    html = out / "_build" / "html"
    for page in (
        "book/index",
        "book/overview",
        "book/themes/economic-integration",
        "book/themes/military-cooperation",
        "book/themes/political-reform",
    ):
        assert (html / f"{page}.html").is_file(), page
    remote = re.compile(r"<script[^>]+src=[\"'](?:https?:)?//", re.I)
    offenders = [p.name for p in html.rglob("*.html") if remote.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    military = (html / "book/themes/military-cooperation.html").read_text(encoding="utf-8")
    assert 'class="unionstate-chart"' in military and "vendor/vega-bundle.js" in military
    assert (html / "_static/vendor/vega-bundle.js").stat().st_size > 100_000
    assert_sentence_links_resolve(html)
    repository = "https://github.com/example-org/unionstate"
    assert f'href="{repository}"' in military and f'href="{repository}/issues/new?' in military
    binder = (
        "https://mybinder.org/v2/gh/example-org/unionstate/main?urlpath=tree/book/themes/military-cooperation.ipynb"
    )
    assert f'href="{binder}"' in military


def assert_sentence_links_resolve(html: Path) -> None:
    """Every sentence id linked from any page lands on an anchor of the text page."""
    anchors = set(re.findall(r'id="(p\d+-s\d+)"', (html / "book/text.html").read_text(encoding="utf-8")))
    links = [
        target
        for page in html.joinpath("book").rglob("*.html")
        for target in re.findall(r'href="(?:\.\./)*text\.html#([^"]+)"', page.read_text(encoding="utf-8"))
    ]
    assert links and set(links) <= anchors


def test_build_on_another_document(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every chapter that reads the document is rebuilt for it; the seed-only chapter says so.
    Built where no public repository is named, the book has no repository or launch buttons."""
    for name in ("UNIONSTATE_REPOSITORY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    doc = project / "data" / "annotations" / "eval-2022-referendum.txt"
    out = tmp_path / "other"
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "build", "-p", "document", str(doc),
         "-p", "document_date", "2022-11-15", "--output-dir", str(out)],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = out / "_build" / "html"
    text = (html / "book/text.html").read_text(encoding="utf-8")
    assert "Belarus votes on a new constitution" in text and "sham acceleration of integration</span>" not in text
    political = (html / "book/themes/political-reform.html").read_text(encoding="utf-8")
    assert "Belarus votes on a new constitution" in political
    assert "mybinder.org" not in political and "github.com" not in political
    assert "these judgements are those of the seed commentary" in (html / "book/judgements.html").read_text(
        encoding="utf-8"
    )
    assert_sentence_links_resolve(html)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "org/book"}, "https://github.com/org/book"),
        (
            {"UNIONSTATE_REPOSITORY": "https://gitlab.com/org/book/", "GITHUB_REPOSITORY": "x/y"},
            "https://gitlab.com/org/book",
        ),
    ],
)
def test_repository_url_comes_from_the_environment(environ: dict, expected: str | None) -> None:
    assert repository_url(environ) == expected


def test_a_mistyped_repository_is_a_one_line_error() -> None:
    with pytest.raises(UnionstateError, match=r"^UNIONSTATE_REPOSITORY: 'github.com/org' is not a repository address"):
        repository_url({"UNIONSTATE_REPOSITORY": "github.com/org"})


def test_buttons_need_a_repository_and_binder_needs_github(project: Path) -> None:
    (project / "_build").mkdir(exist_ok=True)
    for url, binder in ((None, False), ("https://gitlab.com/org/book", False), ("https://github.com/org/book", True)):
        config = yaml.safe_load(effective_config(project, url, "unionstate 1").read_text(encoding="utf-8"))
        assert config["title"] == "A thematic reading of Russia–Belarus: a sham acceleration of integration"
        assert ("repository" in config) == bool(url)
        assert config["html"]["use_repository_button"] == bool(url)
        assert ("binderhub_url" in config["launch_buttons"]) == binder
    config = yaml.safe_load(effective_config(project, None, "unionstate <1>").read_text(encoding="utf-8"))
    assert config["html"]["extra_footer"] == '<p class="us-edition">unionstate &lt;1&gt;</p>'


def test_the_footer_names_the_commit_not_the_clock(tmp_path: Path) -> None:
    from importlib.metadata import version

    said = f"unionstate {version('unionstate')}"
    assert edition(tmp_path) == said  # not a git checkout: the version alone
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-03-01T12:00:00", "GIT_COMMITTER_DATE": "2024-03-01T12:00:00"}

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(tmp_path), *args], env=env, check=True, capture_output=True, text=True)
        return done.stdout

    git("init", "-q")
    (tmp_path / "page.md").write_text("one\n", encoding="utf-8")
    git("add", "page.md")
    git("-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", "one")
    sha = git("rev-parse", "--short", "HEAD").strip()
    assert edition(tmp_path) == f"{said}, built from commit {sha} of 2024-03-01"
    (tmp_path / "page.md").write_text("two\n", encoding="utf-8")
    assert edition(tmp_path) == f"{said}, built from commit {sha} of 2024-03-01 with local changes"


@pytest.mark.parametrize("deaths", [1, 2])
def test_a_kernel_that_dies_at_birth_is_started_once_more(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deaths: int
) -> None:
    """No cell has run when a kernel dies before answering, so the page starts it again, once:
    a second death is the page's one-line failure."""
    import papermill

    from unionstate.run import runner

    real, calls = papermill.execute_notebook, []

    def stillborn(*args, **kwargs):
        calls.append(1)
        if len(calls) <= deaths:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", stillborn)
    (page,) = load_pages(project, only=["military"])
    out = tmp_path / "out"
    if deaths < runner.KERNEL_STARTS:
        runner.execute_page(page, project, out, digest(page, project), timeout=600)
        assert (out / MILITARY).read_bytes() == (project / MILITARY).read_bytes() and len(calls) == 2
    else:
        with pytest.raises(PageFailed, match=r"^page military: .*Kernel died before replying to kernel_info"):
            runner.execute_page(page, project, out, digest(page, project), timeout=600)
        assert not (out / MILITARY).exists() and len(calls) == runner.KERNEL_STARTS
