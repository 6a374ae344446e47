"""Benchmark: would a compiled build pay? The engine's modules compiled with mypyc against the same source.

Issue 20 item 4 asks for a compiled core if the command line is still slower than spaCy. mypyc
compiles the package's own type-annotated source, so every rule keeps its one home; a core
written by hand in C would be a second home for them. This copies ``src/`` into a temporary
folder, compiles ``--modules`` of ``unionstate.text`` there with mypyc, writes one large file as
``bench_cli.py`` does, then runs ``unionstate analyse BIG.txt --format csv`` in turns, ``--repeat``
times, with the compiled copy first on ``PYTHONPATH`` and without it. It prints each one's CPU
and wall time (min/median/max) and the ratio of the CPU medians (above 1, the compiled build is
faster), and stops with an error unless the two CSV files are the same byte for byte.

The default modules leave out those whose classes use ``functools.cached_property``, which mypyc
compiles as a plain property, recomputed at every access (checked on a small class), and
``yamlio`` (a subclass of ``dict``: mypyc refuses it). With every other module compiled the
output stayed the same but the run took some 25 times as long. Needs mypy's ``mypyc`` (a
development dependency) and a C compiler.

    .venv/bin/python benchmarks/bench_compiled.py [--words N] [--repeat R] [--modules a,b,…]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_analysis import corpus, sources
from bench_cli import BIN, summary, timed

from unionstate.paths import project_root

MODULES = "document,scan,coder,explain,engine,dates,quantities,speech,clauses,tense,records"


def compile_copy(root: Path, target: Path, modules: list[str]) -> None:
    """A copy of ``root/src`` in ``target`` with ``modules`` of ``unionstate.text`` compiled in place."""
    shutil.copytree(root / "src", target, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    paths = [f"unionstate/text/{name}.py" for name in modules]
    command = [str(BIN / "mypyc"), "--ignore-missing-imports", *paths]  # pandas and others ship no types
    done = subprocess.run(command, cwd=target, capture_output=True, text=True)
    built = [name for name in modules if any((target / "unionstate" / "text").glob(f"{name}.*.so"))]
    if done.returncode != 0 or len(built) != len(modules):
        raise SystemExit(f"mypyc: exit {done.returncode}, {len(built)} of {len(modules)} modules built: "
                         f"{(done.stderr or done.stdout).strip()[-300:]}")  # fmt: skip
    probe = f"import unionstate.text.{modules[0]} as m; print(m.__file__)"
    loaded = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": str(target)},
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    if not loaded.endswith(".so"):
        raise SystemExit(f"the compiled copy is not the one imported: unionstate.text.{modules[0]} from {loaded!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--modules", default=MODULES, help=f"modules of unionstate.text to compile (default {MODULES})")
    args = parser.parse_args()
    root, modules = project_root(), args.modules.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        compile_copy(root, folder / "src", modules)
        big = folder / "big.txt"
        big.write_text("\n\n".join(corpus(sources(root), args.words)), encoding="utf-8")
        words = len(big.read_text(encoding="utf-8").split())
        builds = {"compiled": str(folder / "src"), "interpreted": None}
        cpu: dict[str, list[float]] = {name: [] for name in builds}
        wall: dict[str, list[float]] = {name: [] for name in builds}
        names = list(builds)
        for turn in range(max(1, args.repeat)):
            for name in names[turn % 2 :] + names[: turn % 2]:
                path = builds[name]  # the child inherits it; none: the installed package
                if path is None:
                    os.environ.pop("PYTHONPATH", None)
                else:
                    os.environ["PYTHONPATH"] = path
                out = folder / f"{name}.csv"
                command = [str(BIN / "unionstate"), "analyse", str(big), "--document-date", "2021-11-10",
                           "--format", "csv", "--out", str(out)]  # fmt: skip
                c, w, _ = timed(command)
                cpu[name].append(c)
                wall[name].append(w)
        os.environ.pop("PYTHONPATH", None)
        same = (folder / "compiled.csv").read_bytes() == (folder / "interpreted.csv").read_bytes()
    print(f"one file of {words:,} words, {max(1, args.repeat)} interleaved runs, {os.cpu_count()} cores; "
          f"compiled with mypyc: {', '.join(modules)}")  # fmt: skip
    for name in names:
        print(f"{name:<12} CPU {summary(cpu[name])}   wall {summary(wall[name])}")
    ratio = statistics.median(cpu["interpreted"]) / statistics.median(cpu["compiled"])
    print(f"CPU ratio (interpreted / compiled, medians): {ratio:.2f}")
    if not same:
        sys.exit("the compiled build's CSV differs from the interpreted one's")
    print("the two CSV files are the same byte for byte")


if __name__ == "__main__":
    main()
