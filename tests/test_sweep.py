"""Parameter sweeps: validated before anything runs, executed on Dask, each run in its own folder."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from unionstate.errors import UnionstateError
from unionstate.run.sweep import load_sweep, run_sweep
from unionstate.scale.executor import DaskExecutor


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def glued(nb: nbformat.NotebookNode, name: str) -> int:
    """A number the page glued for its narrative (myst-nb records the name in the output metadata)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return int(output["data"][output["metadata"]["scrapbook"]["mime_prefix"] + "text/plain"])
    raise AssertionError(f"nothing glued as {name!r}")


def test_the_example_sweep_is_valid(root: Path) -> None:
    sweep = load_sweep(root / "notebooks/sweeps/theme-threshold.yml", root)
    assert sweep.output == root / "_build/sweeps/theme-threshold"
    assert [r.name for r in sweep.runs][:2] == ["theme=economic__min_score=1.0", "theme=economic__min_score=2.0"]
    assert {(r.page.parameters["theme"], r.page.parameters["min_score"]) for r in sweep.runs} == {
        (t, s) for t in ("economic", "military", "political") for s in (1.0, 2.0)
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("page: nope\ngrid: {theme: [economic]}\n", r"^s.yml:1: unknown page 'nope'"),
        ("page: economic\ngrid:\n  colour: [red]\n", r"^s.yml:3: page economic has no parameter 'colour'"),
        ("page: economic\ngrid:\n  theme: []\n", r"^s.yml:3: grid 'theme' must be a non-empty list"),
        ("page: economic\ngrid:\n  theme: [economic, economic]\n", r"^s.yml:3: grid 'theme' repeats a value"),
        ("page: economic\ngrid:\n  theme: [economy]\n", r"parameter theme: unknown theme 'economy'"),
        ("page: economic\ngrid:\n  min_score: [high]\n", r"parameter min_score: expected float, got str"),
        ("page: economic\ngrid: {theme: [military]}\nextra: 1\n", r"^s.yml:3: unknown key 'extra'"),
        ("page: economic\ngrid: {theme: [military\n", r"^s.yml:\d+: "),
    ],
)
def test_bad_sweep_files_are_one_line_errors(tmp_path, root, text, message) -> None:
    with pytest.raises(UnionstateError, match=message):
        load_sweep(write(tmp_path / "s.yml", text), root, "s.yml")


def test_sweep_runs_on_two_dask_workers_then_is_cached(project: Path, dask_cluster) -> None:
    from distributed import Client

    spec = write(
        project / "notebooks" / "sweeps" / "two.yml",
        "page: military\ngrid:\n  min_score: [1.0, 5.0]\nparameters:\n  top_terms: 5\noutput: _build/sweeps/two\n",
    )
    sweep = load_sweep(spec, project)
    log: list[str] = []
    with Client(dask_cluster) as client:
        executor = DaskExecutor(client)
        assert run_sweep(sweep, project, executor, log=log.append) == 0
        assert all(": executed in " in line for line in log)
        again: list[str] = []
        assert run_sweep(sweep, project, executor, log=again.append) == 0
    assert sorted(again) == ["min_score=1.0: cached", "min_score=5.0: cached"]
    out = project / "_build" / "sweeps" / "two"
    rows = list(csv.DictReader((out / "runs.csv").open(encoding="utf-8")))
    assert [(r["run"], r["min_score"], r["top_terms"], r["notebook"], r["status"]) for r in rows] == [
        ("min_score=1.0", "1.0", "5", "min_score=1.0/theme.ipynb", "cached"),
        ("min_score=5.0", "5.0", "5", "min_score=5.0/theme.ipynb", "cached"),
    ]
    labelled = []
    for name, row in zip(("min_score=1.0", "min_score=5.0"), rows, strict=True):
        nb = nbformat.read(out / name / "theme.ipynb", as_version=4)
        assert nb.metadata["unionstate"]["parameters"]["min_score"] == float(name.split("=")[1])
        assert nb.cells[0].source.startswith(f"# two: {name.replace('=', ' = ')}")  # the sweep's name, not a page's
        labelled.append(glued(nb, "sentences_labelled"))
        assert row["sentences_labelled"] == str(labelled[-1])  # each run's results, one column each
    assert labelled[0] > labelled[1] > 0  # a higher threshold labels fewer sentences (context lifts
    # a sentence whose own words fall short, so the thresholds must be far apart to show it)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="min_score=5.0/theme.ipynb">' in index and "<th>sentences_labelled</th>" in index


def test_cli_sweep_option_errors(root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "run", "--sweep", "notebooks/sweeps/theme-threshold.yml",
         "--only", "text"],
        capture_output=True, text=True, check=False, timeout=120, cwd=root,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "unionstate: error: --sweep: --only does not apply (the sweep file names the page and its values)"
    )
    done = subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "run", "--workers", "2"],
        capture_output=True, text=True, check=False, timeout=120, cwd=root,
    )  # fmt: skip
    assert done.returncode == 2 and "apply to --sweep" in done.stderr
