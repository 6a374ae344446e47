"""Benchmark: a no-change ``unionstate build`` against stock ``jupyter-book build`` with a warm cache.

Both build this project's book from the same executed pages. ``unionstate build --output-dir OUT``
checks that every page is up to date and then that nothing the book is built from has changed;
stock Jupyter Book builds the same sources (``OUT``, staged by the first unionstate build) with
the same configuration and contents (``OUT/_build/.config.yml``, ``OUT/_build/.toc.yml``) and
flags into a folder of its own, where its environment cache makes a rebuild incremental. Each is
warmed by one build; then they take turns ``--repeat`` times. Prints each one's median wall and CPU
time (the process and its children) and the ratio of medians (unionstate / stock: at most 1 means
a no-change build is as fast as Jupyter Book's own cache).

    .venv/bin/python benchmarks/bench_build.py [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unionstate.book.build import jupyter_book
from unionstate.paths import project_root


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``command``, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = project_root()
    with tempfile.TemporaryDirectory() as folder:
        out, stock_out = Path(folder) / "out", Path(folder) / "stock"
        ours = [sys.executable, "-m", "unionstate.cli", "build", "--output-dir", str(out)]
        config, toc = out / "_build" / ".config.yml", out / "_build" / ".toc.yml"
        stock = [jupyter_book(), "build", str(out), "--path-output", str(stock_out), "--toc", str(toc)]
        stock += ["--config", str(config), "-W", "-n", "--keep-going", "-q"]
        os.environ.pop("UNIONSTATE_REPOSITORY", None)
        timed(ours, root)  # stages the book and builds it
        timed(stock, root)  # fills stock Jupyter Book's cache
        times: dict[str, list[tuple[float, float]]] = {"unionstate": [], "stock": []}
        for turn in range(args.repeat):
            for name, command in sorted({"unionstate": ours, "stock": stock}.items(), reverse=turn % 2 == 1):
                times[name].append(timed(command, root))
    medians = {}
    for name, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        medians[name] = (statistics.median(walls), statistics.median(cpus))
        print(
            f"{name:10}  wall median {medians[name][0]:.2f} s (min {min(walls):.2f}, max {max(walls):.2f})"
            f"  CPU median {medians[name][1]:.2f} s (min {min(cpus):.2f}, max {max(cpus):.2f})"
        )
    print(f"no-change build ratio, wall (unionstate / stock): {medians['unionstate'][0] / medians['stock'][0]:.2f}")
    print(f"no-change build ratio, CPU (unionstate / stock): {medians['unionstate'][1] / medians['stock'][1]:.2f}")


if __name__ == "__main__":
    main()
