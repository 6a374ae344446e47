"""Benchmark: whole processes, as users run them. ``unionstate analyse`` against a spaCy script.

Writes one large file of at least ``--words`` words (documents cycled as in
``bench_analysis.py``, separated by blank lines) into a temporary folder, then takes turns,
``--repeat`` times, running as separate processes:

- ``unionstate analyse BIG.txt --format csv --out X.csv`` (every field of every sentence, written);
- this file's own ``--spacy`` mode: ``spacy.blank("en")`` + ``sentencizer`` + a ``PhraseMatcher``
  over the theme lexicon on the same file, writing one CSV line per sentence with its match count;
- ``unionstate --help``.

Prints each one's CPU time (user + system of the child), wall time and peak resident memory,
min/median/max, and the ratio of the medians (spaCy / unionstate CPU: above 1, unionstate is
faster). Then ``unionstate analyse`` runs once on a file four times as large: the ratio of the
peak resident memories says whether memory stays flat (goal: at most 1.10).

    .venv/bin/python benchmarks/bench_cli.py [--words N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_analysis import corpus, sources, spacy_pipeline

from unionstate.paths import project_root

BIN = Path(sys.executable).parent


def spacy_baseline(path: Path, out: Path) -> None:
    """The light baseline as a process: sentences and lexicon matches of ``path``, one CSV line each."""
    from unionstate.text.engine import default_engine

    nlp, matcher = spacy_pipeline(default_engine(project_root()))
    texts = path.read_text(encoding="utf-8").split("\n\n")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for n, doc in enumerate(nlp.pipe(texts, batch_size=64)):
            matches = matcher(doc)
            for i, sentence in enumerate(doc.sents):
                writer.writerow([n, i, sum(1 for _, s, _ in matches if sentence.start <= s < sentence.end)])


def timed(command: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak resident MiB) of one run of ``command``, from the child's
    own resource usage (a peak below this process's own size is this process's: the child starts
    as its copy)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[-300:]
            raise SystemExit(f"{' '.join(command[:3])} …: exit {process.returncode}: {message}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def summary(values: list[float]) -> str:
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} / max {max(values):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spacy", nargs=2, metavar=("FILE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy:
        spacy_baseline(Path(args.spacy[0]), Path(args.spacy[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        big, bigger = Path(tmp) / "big.txt", Path(tmp) / "bigger.txt"
        big.write_text("\n\n".join(corpus(sources(project_root()), args.words)), encoding="utf-8")
        bigger.write_text("\n\n".join(corpus(sources(project_root()), 4 * args.words)), encoding="utf-8")
        words = len(big.read_text(encoding="utf-8").split())

        def analyse(path: Path) -> list[str]:
            return [str(BIN / "unionstate"), "analyse", str(path), "--document-date", "2021-11-10",
                    "--format", "csv", "--out", str(Path(tmp) / "u.csv")]  # fmt: skip

        commands = {
            "unionstate analyse": analyse(big),
            "spaCy script": [sys.executable, __file__, "--spacy", str(big), str(Path(tmp) / "s.csv")],
            "unionstate --help": [str(BIN / "unionstate"), "--help"],
        }
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        wall: dict[str, list[float]] = {name: [] for name in commands}
        peak: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for turn in range(max(1, args.repeat)):
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                c, w, m = timed(commands[name])
                cpu[name].append(c)
                wall[name].append(w)
                peak[name].append(m)
        four_cpu, _, four_peak = timed(analyse(bigger))
    print(f"one file of {words:,} words, {max(1, args.repeat)} interleaved runs, {os.cpu_count()} cores")
    for name in names:
        print(f"{name:<20} CPU {summary(cpu[name])}   wall {summary(wall[name])}")
    ratio = statistics.median(cpu["spaCy script"]) / statistics.median(cpu["unionstate analyse"])
    print(f"CPU ratio (spaCy script / unionstate analyse, medians): {ratio:.2f}")
    one_peak, one_cpu = max(peak["unionstate analyse"]), statistics.median(cpu["unionstate analyse"])
    print(f"unionstate analyse peak resident memory: {one_peak:.0f} MiB; on a file four times as large: "
          f"{four_peak:.0f} MiB (CPU {four_cpu:.2f} s)")  # fmt: skip
    print(f"memory ratio (peak RSS, 4x words / 1x): {four_peak / one_peak:.2f}; CPU ratio: {four_cpu / one_cpu:.2f}")


if __name__ == "__main__":
    main()
