"""Parameter sweeps: one book page executed for every combination of a grid of parameters.

A sweep file (``notebooks/sweeps/*.yml`` documents the format) names a page of
``notebooks/params.yml``, the values to combine, fixed values, and an output folder. Every
combination is validated before anything runs, then executed with Papermill through the
executor of corpus analysis (a local Dask cluster, an existing one, or in-process) into its own
folder, ``<output>/<name>=<value>__…/``. Up-to-date runs are skipped by the same content digest
as ``unionstate run``. ``<output>/runs.csv`` lists every run, what happened to it and the numbers
its page glued (its results, one column each); ``<output>/index.html`` shows the same table with
a link to each run's notebook.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from unionstate import paths
from unionstate.errors import PageFailed, UnionstateError
from unionstate.run.params import SCHEMA, Page, check, coerce, load_pages, template_parameters
from unionstate.run.runner import execute_page, locked
from unionstate.run.uptodate import digest, recorded_digest
from unionstate.scale.executor import Executor
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping
from unionstate.writing import write_text

SWEEPS = Path("_build") / "sweeps"


@dataclass(frozen=True)
class Run:
    """One combination of a sweep: its folder name and the page to execute there."""

    name: str
    page: Page
    folder: Path


@dataclass(frozen=True)
class Sweep:
    source: str
    output: Path
    runs: list[Run]


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(value)).strip("-") or "none"


def load_sweep(path: Path, root: Path, label: str | None = None) -> Sweep:
    """Read and validate a sweep file: every combination's parameters are checked here."""
    label = label or paths.display(path, root)
    data = require_mapping(load_yaml(path, label), label, "a sweep file")
    check_keys(data, label, required=("page", "grid"), optional=("parameters", "output"))
    pages = {page.id: page for page in load_pages(root)}
    base = pages.get(data["page"]) if isinstance(data["page"], str) else None
    if base is None:
        raise UnionstateError(
            f"{label}:{line_of(data, 'page')}: unknown page {data['page']!r} (pages of notebooks/params.yml: "
            f"{', '.join(pages)})"
        )
    declared = template_parameters(base.template)
    grid = require_mapping(data["grid"], f"{label}:{line_of(data, 'grid')}", "'grid'")
    fixed = require_mapping(data.get("parameters") or {}, label, "'parameters'")
    if not grid:
        raise UnionstateError(f"{label}:{line_of(data, 'grid')}: 'grid' names no parameter")
    for mapping in (grid, fixed):
        for name in mapping:
            if name not in declared:
                raise UnionstateError(
                    f"{label}:{line_of(mapping, name)}: page {base.id} has no parameter {name!r} "
                    f"(its template takes: {', '.join(declared)})"
                )
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise UnionstateError(f"{label}:{line_of(grid, name)}: grid {name!r} must be a non-empty list of values")
        if len({repr(v) for v in values}) != len(values):
            raise UnionstateError(f"{label}:{line_of(grid, name)}: grid {name!r} repeats a value")
    output = paths.resolve(data.get("output") or SWEEPS / path.stem, root)
    paths.outside_inputs(output, root, f"{label}:{line_of(data, 'output')}: output")
    runs = []
    names = list(grid)
    for combination in itertools.product(*(grid[name] for name in names)):
        chosen = dict(zip(names, combination, strict=True))
        name = "__".join(f"{k}={_slug(v)}" for k, v in chosen.items())
        parameters = dict(base.parameters)
        for key, value in {**fixed, **chosen}.items():
            parameters[key] = coerce(f"{base.id} ({name})", key, value)
        page = dataclasses.replace(
            base,
            output=Path(base.template.name),
            title=f"{path.stem}: " + ", ".join(f"{k} = {v}" for k, v in chosen.items()),
            intro=f"One run of the sweep {label}: the {base.id} page with the parameters below.",
            parameters=parameters,
        )
        check(dataclasses.replace(page, id=f"{base.id} ({name})"), root)
        runs.append(Run(name, page, output / name))
    if len({r.name for r in runs}) != len(runs):
        raise UnionstateError(f"{label}: two grid values give the same folder name; make the values distinct")
    return Sweep(label, output, runs)


def _execute(job: tuple[Run, Path, str, int]) -> tuple[str, str, float | None]:
    """Execute one run on a worker: (name, status, seconds); failures are reported, not raised."""
    run, root, inputs, timeout = job
    try:
        seconds = execute_page(run.page, root, run.folder, inputs, timeout)
    except PageFailed as exc:
        return run.name, f"failed: {exc}", None
    return run.name, "executed", seconds


def run_sweep(sweep: Sweep, root: Path, executor: Executor, force: bool = False, timeout: int = 600, log=print) -> int:
    """Execute every stale run of ``sweep``; returns how many failed (each named in the log)."""
    sweep.output.mkdir(parents=True, exist_ok=True)
    status: dict[str, tuple[str, float | None]] = {}
    with locked(sweep.output, sweep.output / ".unionstate-sweep.lock"):
        jobs = []
        for run in sweep.runs:
            inputs = digest(run.page, root)
            if not force and recorded_digest(run.folder / run.page.output) == inputs:
                status[run.name] = ("cached", None)
                log(f"{run.name}: cached")
            else:
                jobs.append((run, root, inputs, timeout))
        for name, outcome, seconds in executor.map_unordered(_execute, jobs, in_flight=executor.workers):
            status[name] = (outcome, seconds)
            log(f"{name}: {outcome}" + (f" in {seconds:.1f} s" if seconds is not None else ""))
        _write_index(sweep, status)
    return sum(outcome.startswith("failed") for outcome, _ in status.values())


def glued(path: Path) -> dict[str, str]:
    """The values an executed page glued (myst-nb's records), by name, as text; {} if unreadable."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return {}
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get(f"{record.get('mime_prefix', '')}text/plain") if record else None
            if isinstance(text, str) and "name" in record:
                values[str(record["name"])] = text
    return values


def _write_index(sweep: Sweep, status: dict[str, tuple[str, float | None]]) -> None:
    """``runs.csv`` and ``index.html``: one row per run with its parameters, status, notebook and
    glued results (each written atomically)."""
    names = sorted({k for run in sweep.runs for k in run.page.parameters}, key=list(SCHEMA).index)
    results = {run.name: glued(run.folder / run.page.output) for run in sweep.runs}
    measured = list(dict.fromkeys(k for values in results.values() for k in values if k not in names))
    header = ["run", *names, "notebook", "status", *measured]
    rows = [
        [
            run.name,
            *(run.page.parameters.get(k) for k in names),
            (Path(run.name) / run.page.output).as_posix(),
            status[run.name][0],
            *(results[run.name].get(k, "") for k in measured),
        ]
        for run in sweep.runs
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([header, *rows])
    write_text(sweep.output / "runs.csv", buffer.getvalue())
    write_text(sweep.output / "index.html", _index_html(sweep.source, header, rows))


def _index_html(source: str, header: list[str], rows: list[list[Any]]) -> str:
    """A page listing the runs of a sweep, each linked to its notebook (no scripts, no styles fetched)."""
    link = header.index("notebook")

    def cell(i: int, value: Any) -> str:
        text = html.escape("" if value is None else str(value))
        return f'<td><a href="{html.escape(str(value))}">{text}</a></td>' if i == link else f"<td>{text}</td>"

    head = "".join(f"<th>{html.escape(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>\n" for row in rows)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sweep {html.escape(source)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font-family:sans-serif;margin:1rem}div{overflow-x:auto}table{border-collapse:collapse}"
        "th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;white-space:nowrap}</style></head>\n"
        f"<body><h1>Sweep {html.escape(source)}</h1><p>{len(rows)} runs: each one's parameters, status, "
        "notebook and the numbers its page glued.</p>\n"
        f"<div><table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table></div></body></html>\n"
    )
