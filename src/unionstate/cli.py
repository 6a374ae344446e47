"""The ``unionstate`` command: run the pages, build the book, analyse documents.

Every user error is one line on stderr (``unionstate: error: …``) and exit code 2; a page that
fails to execute exits with 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from unionstate import paths
from unionstate.errors import PageFailed, UnionstateError
from unionstate.run import DEFAULT_TIMEOUT
from unionstate.text.yamlio import load_yaml, require_mapping

if TYPE_CHECKING:
    from unionstate.text.engine import Engine, EngineFiles


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", action="append", metavar="PAGE", help="run only this page (repeatable)")
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help="set a parameter on the selected pages (repeatable)",
    )
    parser.add_argument(
        "-f", "--parameters-file", metavar="FILE.yml", help="YAML mapping of parameters for the selected pages"
    )
    parser.add_argument("--force", action="store_true", help="re-execute even up-to-date pages")
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="pages run in parallel (default: number of cores)"
    )
    parser.add_argument(
        "--output-dir", metavar="DIR", help="write executed pages to DIR/book and the book to DIR/_build/html"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help="seconds a cell may run (default: %(default)s)",
    )


def _executor_options(group) -> None:
    """--scheduler and --workers: where corpus analysis and sweeps run (see unionstate.scale.executor)."""
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to run on (default: a local cluster; 'synchronous': in this process)",
    )
    group.add_argument(
        "--workers", type=int, metavar="N", help="worker processes of the local cluster (default: number of cores)"
    )


def _sweep(args: argparse.Namespace, root: Path) -> None:
    """Execute a page for every combination of a sweep file's grid, each into its own folder."""
    from unionstate.run.sweep import load_sweep, run_sweep
    from unionstate.scale.executor import open_executor

    for option, given in (("--only", args.only), ("-p/-f", args.parameter or args.parameters_file)):
        if given:
            raise UnionstateError(f"--sweep: {option} does not apply (the sweep file names the page and its values)")
    if args.output_dir or args.jobs is not None:
        raise UnionstateError("--sweep: --output-dir and --jobs do not apply (use the file's output: and --workers)")
    if args.timeout < 1:
        raise UnionstateError("--timeout must be at least 1 second")
    sweep = load_sweep(_user_path(args.sweep, root), root, args.sweep)
    print(f"{sweep.source}: {len(sweep.runs)} runs into {paths.display(sweep.output, root)}")
    with open_executor(args.scheduler, args.workers) as executor:
        failed = run_sweep(sweep, root, executor, force=args.force, timeout=args.timeout)
    if failed:
        raise PageFailed(f"{failed} of {len(sweep.runs)} sweep runs failed (see above)")  # exit 1


def _normalise_document(value: str, root: Path) -> str:
    """A ``-p document`` path is relative to where the user stands; store it root-relative if inside."""
    path = Path(value)
    if path.exists() and not path.is_absolute():
        path = path.resolve()
    if path.is_absolute():
        return paths.display(path, root)
    return value


def _overrides(args: argparse.Namespace, root: Path) -> list[tuple[str, object, bool]]:
    overrides: list[tuple[str, object, bool]] = []
    if args.parameters_file:
        path = Path(args.parameters_file)
        data = require_mapping(load_yaml(path, args.parameters_file) or {}, args.parameters_file, "a parameters file")
        overrides += [(name, value, False) for name, value in data.items()]
    for name, value in args.parameter:
        if name == "document":
            value = _normalise_document(value, root)
        overrides.append((name, value, True))
    return overrides


def _run(args: argparse.Namespace, root: Path, build: bool = False) -> None:
    """Execute the selected pages and, with ``build``, build the book, under one lock throughout."""
    from unionstate.run.params import conditional_outputs, load_pages
    from unionstate.run.runner import run, session

    if args.jobs is not None and args.jobs < 1:
        raise UnionstateError("--jobs must be at least 1")
    if args.timeout < 1:
        raise UnionstateError("--timeout must be at least 1 second")
    if build and args.pdf:  # a missing printer is said before any page runs
        from unionstate.book.pdf import chromium

        chromium()
    pages = load_pages(root, overrides=_overrides(args, root), only=args.only)
    out_root = paths.outside_inputs(Path(args.output_dir), root, "--output-dir") if args.output_dir else root
    out_root.mkdir(parents=True, exist_ok=True)
    with session(out_root) as lock:
        run(pages, root, out_root, force=args.force, jobs=args.jobs, timeout=args.timeout, lock=lock)
        if build:
            from unionstate.book.build import build as build_book

            build_book(root, out_root, conditional_outputs(root), pdf=args.pdf)


def _user_path(value: str, root: Path) -> Path:
    """A path given on the command line: relative to the cwd if it exists there, else to the root."""
    path = Path(value)
    return path if path.exists() else paths.resolve(path, root)


def _engine(args: argparse.Namespace, root: Path) -> tuple[Engine, EngineFiles]:
    """The engine the analyse options ask for, and the files it was loaded from."""
    from unionstate.text.engine import DEFAULTS, EngineFiles, load_engine

    given = {key: getattr(args, key) for key in DEFAULTS}
    files = EngineFiles(**{key: _user_path(value, root) for key, value in given.items()})
    return load_engine(files, args.min_score, labels=given), files


def _analyse_corpus(args: argparse.Namespace, root: Path) -> None:
    """Analyse a whole corpus into a partitioned Parquet dataset, skipping unchanged documents."""
    from unionstate.scale.corpora import kind
    from unionstate.scale.dataset import analyse_corpus, configuration_digest
    from unionstate.scale.executor import open_executor

    if args.documents:
        raise UnionstateError("give documents or --corpus, not both")
    if not args.out:
        raise UnionstateError("--corpus needs --out DIR (the Parquet dataset's folder)")
    if args.document_date or args.format != "csv":
        raise UnionstateError("--document-date and --format apply to single documents (a corpus table has dates)")
    corpus = Path(args.corpus)
    kind(corpus)  # refuse what is not a corpus before a cluster starts
    paths.outside_inputs(Path(args.out), root, "--out")
    engine, files = _engine(args, root)
    with open_executor(args.scheduler, args.workers) as executor:
        report = analyse_corpus(
            corpus,
            Path(args.out),
            engine,
            configuration_digest(files, args.min_score),
            executor,
            label=args.corpus,
            progress=args.progress,
        )
    print(f"{args.out}: {report}", file=sys.stderr)


def _analyse(args: argparse.Namespace, root: Path) -> None:
    """Write one record per sentence of every document as CSV or JSON lines, streamed as they are
    made (to a file atomically). Every document is read through once first, so a bad one stops
    the command before anything is written; then again, a piece at a time, as it is analysed
    (memory does not grow with a document's size)."""
    import dataclasses
    import gc

    from unionstate.inputs.catalog import document_name, parse_date, resolve_document
    from unionstate.text.document import read_pieces
    from unionstate.text.engine import iter_records
    from unionstate.text.language import LATIN_ENOUGH, latin_share
    from unionstate.text.records import csv_lines, json_lines
    from unionstate.writing import replacing

    if not args.documents:
        raise UnionstateError("analyse: give one or more documents, or --corpus PATH --out DIR")
    for option in ("scheduler", "workers"):
        if getattr(args, option) is not None:
            raise UnionstateError(f"--{option} applies to --corpus")
    engine, _ = _engine(args, root)
    override = parse_date(args.document_date, "--document-date") if args.document_date else None
    documents = []
    for ref in args.documents:
        doc = resolve_document(ref, root)
        if override is not None:
            doc = dataclasses.replace(doc, date=override)
        name = document_name(doc, root)
        documents.append((doc, name))
        if latin_share(read_pieces(doc.path, name)) < LATIN_ENOUGH:
            print(
                f"unionstate: warning: {ref}: most of its letters are not Latin; the lexicons and the "
                "gazetteer are English, so few themes, actors or dates will be found",
                file=sys.stderr,
            )
        if doc.date is None:
            print(
                f"unionstate: warning: {ref}: no document date (not in the catalogue; use --document-date)",
                file=sys.stderr,
            )
    gc.freeze()  # the engine's objects are long-lived: the collector need not walk them in the loop

    def analysed() -> Iterator[dict]:
        """Every document's records, the cyclic collector paused within a document (its records
        hold no cycles; walking the millions of objects a large file makes cost a third of the
        time) and run between documents, so memory stays bounded."""
        for doc, name in documents:
            gc.disable()
            try:
                yield from (record for record, _ in iter_records(doc.id, read_pieces(doc.path, name), engine, doc.date))
            finally:
                gc.enable()
            gc.collect(0)

    records = analysed()
    lines = csv_lines(records) if args.format == "csv" else json_lines(records)
    if not args.out:
        sys.stdout.writelines(lines)
        return
    out = Path(args.out)
    if out.is_dir():
        raise UnionstateError(f"{args.out}: is a directory (give a file name)")
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)


def _evaluate(args: argparse.Namespace, root: Path) -> None:
    from unionstate.inputs.evaluate import evaluate, report
    from unionstate.text.engine import default_engine

    validation = evaluate(root, default_engine(root), Path(args.annotations) if args.annotations else None)
    print(report(validation, disagreements=args.disagreements))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unionstate", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="execute the book's pages with Papermill")
    _run_options(run_parser)
    sweep_options = run_parser.add_argument_group("parameter sweeps (on Dask)")
    sweep_options.add_argument(
        "--sweep", metavar="FILE.yml", help="run one page for every combination of a parameter grid"
    )
    _executor_options(sweep_options)
    build_parser = sub.add_parser("build", help="run, then build the book with Jupyter Book")
    _run_options(build_parser)
    build_parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print the whole book as one PDF, _build/html/unionstate.pdf (needs Chromium)",
    )
    analyse_parser = sub.add_parser("analyse", help="one record per sentence of each document (CSV or JSON lines)")
    analyse_parser.add_argument(
        "documents", nargs="*", metavar="DOC", help="catalogue id or path to a text/Markdown file"
    )
    analyse_parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    analyse_parser.add_argument(
        "--out", metavar="FILE|DIR", help="write here (atomically) instead of standard output; with --corpus, a folder"
    )
    corpus_options = analyse_parser.add_argument_group("corpus analysis (partitioned Parquet, on Dask)")
    corpus_options.add_argument(
        "--corpus", metavar="PATH", help="a folder of text/Markdown files, a catalogue .yml, or a .csv/.parquet table"
    )
    _executor_options(corpus_options)
    corpus_options.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar (default: on a terminal)"
    )
    analyse_parser.add_argument("--document-date", metavar="YYYY-MM-DD", help="date of documents not in the catalogue")
    analyse_parser.add_argument("--themes", default="data/themes.yml", metavar="FILE", help="theme lexicon")
    analyse_parser.add_argument("--scale", default="data/estimative.yml", metavar="FILE", help="estimative scale")
    analyse_parser.add_argument("--actors", default="data/actors.yml", metavar="FILE", help="actor gazetteer")
    analyse_parser.add_argument("--coder", default="data/coder.yml", metavar="FILE", help="theme coder settings")
    analyse_parser.add_argument("--min-score", type=float, default=1.0, help="lowest score that labels a theme")
    evaluate_parser = sub.add_parser(
        "evaluate", help="the theme coding methods and the extractors against the hand-coded annotations"
    )
    evaluate_parser.add_argument(
        "--annotations", metavar="FILE", help="manifest (default: data/annotations/documents.yml)"
    )
    evaluate_parser.add_argument(
        "--disagreements", action="store_true", help="also list every sentence the coder codes differently"
    )
    args = parser.parse_args(argv)
    try:
        root = paths.project_root()
        if args.command == "analyse" and args.corpus:
            _analyse_corpus(args, root)
        elif args.command == "analyse":
            _analyse(args, root)
        elif args.command == "evaluate":
            _evaluate(args, root)
        elif args.command == "run" and args.sweep:
            _sweep(args, root)
        elif args.command == "run":
            if args.scheduler is not None or args.workers is not None:
                raise UnionstateError("--scheduler and --workers apply to --sweep (pages run with --jobs)")
            _run(args, root)
        elif args.command == "build":
            _run(args, root, build=True)
    except UnionstateError as exc:  # bad input exits 2, a failed page 1
        print(f"unionstate: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # an output folder that is a file, read-only, or on a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"unionstate: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("unionstate: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
