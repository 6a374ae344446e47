"""Benchmark: the full analysis of this checkout against the engine of an earlier commit.

The earlier commit's package and configuration (``src/unionstate``, ``data/``, ``seeds/``) are
extracted with ``git archive`` into a temporary folder, imported under another name, and both
engines analyse the same documents (those of ``bench_analysis.py``), taking turns chunk by chunk
so that a machine whose speed drifts slows both alike. A third engine takes its turn too: this
checkout with its themes coded by the lexicon alone (``Engine.coding``), which shows what the
contextual coder costs and what the rest of the analysis costs. Prints each one's words/s and
the ratios to the base (above 1: faster than the base).

    .venv/bin/python benchmarks/bench_engines.py [--base REV] [--words N] [--repeat R]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_analysis import corpus, every_record, interleaved, sources

from unionstate.paths import project_root
from unionstate.text.engine import default_engine

BASE = "0a834a6"
"""The engine at the start of the round that added the coder (its speed goal's baseline)."""


def extract(root: Path, rev: str, into: Path) -> Path:
    """The base commit's package as ``unionstate_base`` under ``into``, and its configuration (its
    absolute imports of ``unionstate`` rewritten to import itself, not this checkout)."""
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", rev, "src/unionstate", "data", "seeds"],
        check=True,
        capture_output=True,
    ).stdout
    tar = into / "base.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as handle:
        handle.extractall(into, filter="data")
    package = into / "src" / "unionstate_base"
    (into / "src" / "unionstate").rename(package)
    for path in package.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bunionstate\b(?=[.\s])", "unionstate_base", code), encoding="utf-8")
    return into


def base_engine(folder: Path) -> tuple[Any, Callable]:
    """The base package's engine for its own configuration, and its ``iter_records`` (from
    ``text.engine`` in the layered layout, ``analysis`` before it)."""
    sys.path.insert(0, str(folder / "src"))
    layered = (folder / "src" / "unionstate_base" / "text" / "engine.py").is_file()
    analysis = importlib.import_module("unionstate_base.text.engine" if layered else "unionstate_base.analysis")
    if hasattr(analysis, "default_engine"):
        return analysis.default_engine(folder), analysis.iter_records
    files = (folder / analysis.DEFAULTS[k] for k in ("themes", "scale", "actors"))
    return analysis.load_engine(*files), analysis.iter_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help=f"the earlier commit (default {BASE})")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = project_root()
    docs = list(corpus(sources(root), args.words))
    repeat = max(1, args.repeat)
    words = sum(len(text.split()) for text in docs) * repeat
    with tempfile.TemporaryDirectory() as tmp:
        old_engine, old_records = base_engine(extract(root, args.base, Path(tmp)))
        new_engine = default_engine(root)
        engines = {
            "current": every_record(new_engine),
            "lexicon": every_record(dataclasses.replace(new_engine, coding="lexicon")),
            "base": every_record(old_engine, old_records),
        }
        for work in engines.values():  # each loads what it loads once per process (the model), untimed
            work(docs[:1])
        seconds = interleaved(engines, docs, repeat)
    print(f"corpus: {words // repeat:,} words, {repeat} passes")
    print(f"this checkout: {words / seconds['current']:,.0f} words/s")
    print(f"this checkout, themes coded by the lexicon alone: {words / seconds['lexicon']:,.0f} words/s")
    print(f"engine at {args.base}: {words / seconds['base']:,.0f} words/s")
    print(f"speed ratio (this checkout / {args.base}): {seconds['base'] / seconds['current']:.2f}")
    alone = seconds["base"] / seconds["lexicon"]
    print(f"speed ratio with the lexicon alone (this checkout / {args.base}): {alone:.2f}")
    coder = 1 - seconds["lexicon"] / seconds["current"]
    print(f"share of this checkout's time in the contextual coder: {coder:.0%}")


if __name__ == "__main__":
    main()
