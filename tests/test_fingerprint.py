"""What a digest covers: the modules the code imports (transitively), nothing else of the package."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from unionstate.errors import UnionstateError
from unionstate.fingerprint import PACKAGE, Digest, imported_modules
from unionstate.run.params import load_pages
from unionstate.run.uptodate import digest, kernel_code


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "page.py": "from . import views\nfrom .sub.deep import thing\n",
            "views.py": "def f():\n    from .charts import draw  # imported inside a function\n",
            "charts.py": "import json\n",
            "sub/__init__.py": "",
            "sub/deep.py": "from ..errors import Error\nthing = 1\n",
            "errors.py": "class Error(Exception): ...\n",
            "cli.py": "from . import page\n",
        },
    )


def names(paths: list[Path], package: Path) -> list[str]:
    return [p.relative_to(package).as_posix() for p in paths]


def test_the_closure_follows_relative_absolute_and_nested_imports(package: Path) -> None:
    found = imported_modules("from pkg import page\nimport os\n", "page.ipynb", package)
    assert names(found, package) == [
        "__init__.py", "charts.py", "errors.py", "page.py", "sub/__init__.py", "sub/deep.py", "views.py"
    ]  # fmt: skip


def test_a_module_the_code_does_not_import_changes_nothing(package: Path) -> None:
    def hashed() -> str:
        return Digest("test").add_modules("from pkg import page", "page.ipynb", package).hexdigest()

    before = hashed()
    (package / "cli.py").write_text("from . import page  # a comment\n", encoding="utf-8")
    assert hashed() == before
    (package / "charts.py").write_text("import json  # a comment\n", encoding="utf-8")
    assert hashed() != before


def test_code_that_is_not_python_is_one_line(package: Path) -> None:
    with pytest.raises(UnionstateError, match=r"^page.ipynb:1: not Python"):
        imported_modules("from pkg import (", "page.ipynb", package)


def test_no_page_runs_the_cli_the_runner_or_the_sweeps(root: Path) -> None:
    for page in load_pages(root):
        used = {p.name for p in imported_modules(kernel_code(page.template), page.id, PACKAGE)}
        assert "chapter.py" in used or "corpus_page.py" in used, page.id
        assert not used & {"cli.py", "runner.py", "params.py", "sweep.py", "build.py", "sphinxext.py"}, page.id


def test_editing_the_annotations_re_executes_the_pages(project: Path) -> None:
    """Every page's shares carry the error measured on the hand-coded documents."""
    page = next(p for p in load_pages(project) if p.id == "methods")
    before = digest(page, project)
    manifest = project / "data" / "annotations" / "documents.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert digest(page, project) != before


def test_a_template_with_magics_is_read_as_the_kernel_runs_it(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("%matplotlib inline\nfrom unionstate.book import report"),
            nbformat.v4.new_markdown_cell("# Title"),
        ]
    )
    template = tmp_path / "page.ipynb"
    nbformat.write(notebook, template)
    used = {p.name for p in imported_modules(kernel_code(template), "page.ipynb")}
    assert {"__init__.py", "report.py"} <= used and "chapter.py" not in used
