"""The ``unionstate`` command: run the pages, build the book, analyse documents.

Every user error is one line on stderr (``unionstate: error: …``) and exit code 2; a page that
fails to execute exits with 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .errors import UnionstateError
from .runner import DEFAULT_TIMEOUT, PageFailed
from .yamlio import load_yaml, require_mapping


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


def _run(args: argparse.Namespace, root: Path) -> Path:
    from .params import load_pages
    from .runner import run

    if args.jobs is not None and args.jobs < 1:
        raise UnionstateError("--jobs must be at least 1")
    if args.timeout < 1:
        raise UnionstateError("--timeout must be at least 1 second")
    pages = load_pages(root, overrides=_overrides(args, root), only=args.only)
    out_root = Path(args.output_dir).resolve() if args.output_dir else root
    out_root.mkdir(parents=True, exist_ok=True)
    run(pages, root, out_root, force=args.force, jobs=args.jobs, timeout=args.timeout)
    return out_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unionstate", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="execute the book's pages with Papermill")
    _run_options(run_parser)
    build_parser = sub.add_parser("build", help="run, then build the book with Jupyter Book")
    _run_options(build_parser)
    args = parser.parse_args(argv)
    try:
        root = paths.project_root()
        if args.command == "run":
            _run(args, root)
        elif args.command == "build":
            from .book import build

            out_root = _run(args, root)
            build(root, out_root)
    except PageFailed as exc:
        print(f"unionstate: error: {exc}", file=sys.stderr)
        return 1
    except UnionstateError as exc:
        print(f"unionstate: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("unionstate: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
