"""Catalogue and parameter validation: every bad case is one line, before any kernel starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from unionstate.errors import UnionstateError
from unionstate.inputs.catalog import load_catalog, resolve_document
from unionstate.run.params import load_pages

SEED = "osw-2021-11-05-sham-acceleration"


def test_catalog_loads(root: Path) -> None:
    docs = load_catalog(root)
    doc = docs[SEED]
    assert doc.date.isoformat() == "2021-11-05"
    assert doc.publisher.startswith("OSW") and doc.path.is_file()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    language: en\n", "    language: en\n    lang: en\n", r"catalog.yml:\d+: unknown key 'lang'"),
        ("    date: 2021-11-05", "    date: 2021-13-45", r"catalog.yml:\d+: '2021-13-45' is not a valid date"),
        ("    url: https://", "    url: ftp://", r"catalog.yml:\d+: url must start with"),
        ("  - id: osw", "  - id: OSW", r"catalog.yml:\d+: id 'OSW"),
        ("    publisher: OSW (Centre for Eastern Studies)\n", "", r"catalog.yml:\d+: missing key 'publisher'"),
        ("documents:", "documents: [", r"catalog.yml:\d+: malformed YAML"),
        ("    narrative: osw-", "    narrative: ../osw-", r"catalog.yml:\d+: narrative must be a path inside"),
        ("    narrative: osw-2021-11-05-sham-acceleration.narrative.yml", "    narrative: [a]", r"'narrative' must be"),
    ],
)
def test_bad_catalog(project: Path, old: str, new: str, message: str) -> None:
    path = project / "seeds" / "catalog.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UnionstateError, match=message):
        load_catalog(project)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("thesis: >-", "theses: >-", r"narrative.yml:\d+: unknown key 'theses'"),
        ("economic: >-", "economic: [a, b]\nunused: >-", r"narrative.yml:\d+: unknown key 'unused'"),
        ("military: >-\n", "military: [a]\nx: >-\n", r"narrative.yml:\d+: unknown key 'x'"),
    ],
)
def test_bad_narrative(project: Path, old: str, new: str, message: str) -> None:
    from unionstate.inputs.catalog import load_narrative

    path = project / "seeds" / "osw-2021-11-05-sham-acceleration.narrative.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UnionstateError, match=message):
        load_narrative(load_catalog(project)[SEED], project)


def test_a_narrative_value_must_be_text(project: Path) -> None:
    from unionstate.inputs.catalog import load_narrative

    path = project / "seeds" / "osw-2021-11-05-sham-acceleration.narrative.yml"
    path.write_text("thesis: [a, b]\n", encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"narrative.yml:1: 'thesis' must be a line of text"):
        load_narrative(load_catalog(project)[SEED], project)
    bare = project / "other.txt"
    bare.write_bytes((project / "seeds" / "osw-2021-11-05-sham-acceleration.txt").read_bytes())
    assert load_narrative(resolve_document(str(bare), project), project) == {}  # a file outside the catalogue


def test_resolve_document(project: Path) -> None:
    assert resolve_document(SEED, project).in_catalog
    for path in ("seeds/osw-2021-11-05-sham-acceleration.txt", str(project / "seeds" / f"{SEED}.txt")):
        assert resolve_document(path, project) == resolve_document(SEED, project)  # a catalogued file is its entry
    with pytest.raises(UnionstateError, match=r"not in seeds/catalog\.yml"):
        resolve_document("no-such-doc", project)
    with pytest.raises(UnionstateError, match="no such file"):
        resolve_document("missing/file.txt", project)
    (project / "seeds" / "osw-2021-11-05-sham-acceleration.txt").unlink()
    assert not resolve_document(SEED, project).path.exists()  # found in the catalogue; reading it fails clearly


def test_pages_load(root: Path) -> None:
    pages = {p.id: p for p in load_pages(root)}
    assert set(pages) == {
        "index", "text", "overview", "economic", "military", "political", "context", "judgements", "methods", "corpus"
    }  # fmt: skip
    assert [p.id for p in pages.values() if p.skip] == ["corpus"]  # the seed catalogue holds one document
    assert pages["military"].parameters["theme"] == "military"
    assert pages["military"].output.as_posix() == "book/themes/military-cooperation.ipynb"
    assert "theme" not in pages["overview"].parameters


@pytest.mark.parametrize(
    ("overrides", "only", "message"),
    [
        ([("colour", "red", True)], ["military"], "page military: unknown parameter 'colour'"),
        ([("min_score", "high", True)], ["military"], "page military: parameter min_score: 'high' is not a float"),
        ([("min_score", "-1", True)], ["military"], "page military: parameter min_score: -1.0 must be a finite number"),
        ([("theme", "cultural", True)], ["military"], "page military: parameter theme: unknown theme 'cultural'"),
        (
            [("document_date", "2021-13-45", True)],
            ["military"],
            "page military: parameter document_date: '2021-13-45' is not a valid date",
        ),
        (
            [("document", "no-such-doc", True)],
            ["military"],
            "page military: parameter document: document 'no-such-doc'",
        ),
        ([("top_terms", 2.5, False)], ["military"], "page military: parameter top_terms: expected int, got float"),
        ([("theme", "economic", True)], ["overview"], "page overview: unknown parameter 'theme'"),
        ([], ["nonexistent"], "--only nonexistent: unknown page"),
    ],
)
def test_bad_parameters(root: Path, overrides, only, message: str) -> None:
    with pytest.raises(UnionstateError, match=message):
        load_pages(root, overrides=overrides, only=only)


def test_broken_lexicon_parameter(project: Path) -> None:
    (project / "data" / "broken.yml").write_text("themes: {economic: [", encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"page military: parameter lexicon: data/broken.yml:1: malformed YAML"):
        load_pages(project, overrides=[("lexicon", "data/broken.yml", True)], only=["military"])


def test_cli_refuses_before_any_kernel(project: Path) -> None:
    """Exit 2, one line, no traceback, nothing written."""
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "run", "--only", "military", "-p", "document_date", "2021-13-45"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "unionstate: error: page military: parameter document_date: "
        "'2021-13-45' is not a valid date (expected YYYY-MM-DD)"
    ]
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_parameters_file_is_validated_too(project: Path, tmp_path: Path) -> None:
    """-f FILE.yml values are typed YAML, checked like -p values, before any kernel starts."""
    bad = tmp_path / "params.yml"
    bad.write_text("min_score: high\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "run", "--only", "economic", "-f", str(bad)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert (
        done.stderr.strip() == "unionstate: error: page economic: parameter min_score: expected float, got str 'high'"
    )
    bad.write_text("min_score: [1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "run", "-f", str(bad)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and f"{bad}:2: malformed YAML" in done.stderr


def test_the_parameters_read_from_a_template_are_papermills(root: Path) -> None:
    """The runner reads a template's parameters cell itself (without importing Papermill); it
    must find what Papermill's own inspection finds."""
    import papermill

    from unionstate.run.params import template_parameters

    templates = sorted((root / "notebooks").glob("*.ipynb"))
    assert templates
    for template in templates:
        assert template_parameters(template) == list(papermill.inspect_notebook(str(template))), template.name
