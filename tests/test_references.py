"""The book's bibliography style: author–year labels, in their order, with titles' capitals kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from unionstate.book.sphinxext import AuthorYearStyle, released
from unionstate.errors import UnionstateError
from unionstate.run.params import load_pages

ROOT = Path(__file__).resolve().parents[1]

ENTRIES = r"""
@article{two, author = {Aho, Alfred V. and Corasick, Margaret J.}, title = {Efficient string matching},
  journal = {CACM}, year = {1975}}
@article{many, author = {Satyanarayan, A. and Moritz, D. and Heer, J.}, title = {{Vega-Lite}: a grammar},
  journal = {TVCG}, year = {2017}}
@misc{corporate, author = {{Office of the Director of National Intelligence}}, shortauthor = {ODNI},
  title = {Directive}, year = {2015}}
@article{one, author = {Cohen, Jacob}, title = {Agreement}, journal = {EPM}, year = {1960}}
@article{again, author = {Cohen, Jacob}, title = {Another}, journal = {EPM}, year = {1960}}
"""


def test_labels_are_author_year_in_alphabetical_order() -> None:
    formatted = AuthorYearStyle().format_bibliography(parse_string(ENTRIES, "bibtex"))
    assert [(e.key, e.label) for e in formatted] == [
        ("two", "Aho and Corasick 1975"),
        ("one", "Cohen 1960a"),
        ("again", "Cohen 1960b"),
        ("corporate", "ODNI 2015"),
        ("many", "Satyanarayan et al. 2017"),
    ]
    assert "Vega-Lite: a grammar" in next(e for e in formatted if e.key == "many").text.render_as("text")


def test_the_books_references_keep_their_capitals_and_one_date() -> None:
    bibliography = parse_string((ROOT / "references.bib").read_text(encoding="utf-8"), "bibtex")
    texts = {e.key: e.text.render_as("text") for e in AuthorYearStyle().format_bibliography(bibliography)}
    assert "Russia–Belarus: a sham acceleration of integration" in texts["osw2021sham"]
    assert texts["osw2021sham"].count("2021") == 1 + texts["osw2021sham"].count("2021-11-05")


def test_the_citation_file_names_the_package_version_and_licence() -> None:
    import tomllib

    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["version"] == project["version"]
    assert released(ROOT / "CITATION.cff") == citation["date-released"]  # parsed by its own reader
    assert citation["license"] == project["license"]["text"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_a_citation_file_without_a_release_date_is_one_line(tmp_path: Path) -> None:
    citation = tmp_path / "CITATION.cff"
    citation.write_text('cff-version: 1.2.0\nversion: "0.1.0"\ndate-released: 2026-13-01\n', encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"^CITATION.cff:3: date-released: '2026-13-01' is not a valid date"):
        released(citation)


def test_the_readme_names_every_page_and_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ids = re.search(r"Page ids are (.*?)\.\n\n", readme, re.S)
    assert ids is not None
    assert {p.id for p in load_pages(ROOT)} <= set(re.findall(r"`([a-z]+)`", ids.group(1)))
    rows = {
        line.split("`")[1]: line for line in readme.splitlines() if line.startswith("| `src/unionstate/")
    }  # folder → its row of "Where things are"
    package = ROOT / "src" / "unionstate"
    unlisted = []
    for path in sorted(package.rglob("*.py")):
        layer = path.relative_to(package).parts[0] if path.parent != package else "*.py"
        row = rows.get(f"src/unionstate/{layer}/" if layer != "*.py" else "src/unionstate/*.py", "")
        if path.stem != "__init__" and f"`{path.stem}`" not in row:
            unlisted.append(path.relative_to(package).as_posix())
    assert unlisted == []
