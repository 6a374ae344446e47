"""Benchmark: ``analyse --corpus`` on a generated corpus, one Dask worker against two.

Generates ``--documents`` documents (default 10,000; sentences of the corpus documents, shuffled,
with varied publishers and dates; see ``unionstate.scale.synthetic``) into a Parquet table, then
analyses it into a fresh dataset on a local cluster of 1 worker and of 2 workers, in the same run.
For each it prints documents/s and the peak resident memory of every worker process and of this
(driving) process, which writes the Parquet and hosts the local Dask scheduler; then the speed-up
of 2 workers over 1. A final re-run over the finished
dataset shows the cost of skipping unchanged documents.

    .venv/bin/python benchmarks/bench_corpus.py [--documents N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from unionstate.inputs.catalog import load_catalog
from unionstate.paths import project_root
from unionstate.scale import synthetic
from unionstate.scale.dataset import analyse_corpus, configuration_digest
from unionstate.scale.executor import open_executor
from unionstate.text.document import read_document
from unionstate.text.engine import default_files, load_engine


def peak_rss_mib() -> float:
    """Peak resident memory of the calling process since it started its program.

    Linux's ``VmHWM``, not ``getrusage``: a worker is spawned by fork and exec, and
    ``ru_maxrss`` keeps the parent's peak across exec, so it would report the driver's memory.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MemorySampler(threading.Thread):
    """Samples this process's resident memory every 0.2 s until stopped, to show whether it grows
    with the documents done (the run's rate is steady, so elapsed time stands for documents)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self.done.wait(0.2):
            with open("/proc/self/statm", encoding="ascii") as statm:
                self.samples.append(int(statm.read().split()[1]) * page / 2**20)

    def quarter_and_end(self) -> tuple[float, float]:
        """Highest memory in the run's first quarter and in its last quarter."""
        n = max(1, len(self.samples) // 4)
        return max(self.samples[:n], default=0.0), max(self.samples[-n:], default=0.0)


def run(
    corpus: Path, out: Path, workers: int, engine, configuration: str
) -> tuple[float, list[float], MemorySampler, int]:
    """Analyse ``corpus`` into ``out`` on the default local cluster of ``workers`` fresh workers."""
    sampler = MemorySampler()
    with open_executor(workers=workers) as executor:
        start = time.perf_counter()
        sampler.start()
        try:
            report = analyse_corpus(corpus, out, engine, configuration, executor, progress=False)
        finally:
            sampler.done.set()
            sampler.join()
        seconds = time.perf_counter() - start
        peaks = sorted(executor.client.run(peak_rss_mib).values())
    return seconds, peaks, sampler, report.analysed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    root = project_root()
    files = default_files(root)
    engine = load_engine(files)
    configuration = configuration_digest(files, engine.min_score)
    texts = [read_document(doc.path) for doc in load_catalog(root).values()]
    texts += [read_document(path) for path in sorted((root / "data" / "annotations").glob("*.txt"))]
    work = Path(tempfile.mkdtemp(prefix="unionstate-bench-"))
    try:
        corpus = synthetic.write_parquet(synthetic.generate(texts, args.documents), work / "corpus.parquet")
        words = sum(len(row["text"].split()) for row in synthetic.generate(texts, args.documents))
        size = corpus.stat().st_size / 2**20
        print(f"corpus: {args.documents:,} generated documents, {words:,} words, {size:.1f} MiB of Parquet")
        rates = {}
        for workers in (1, 2):
            out = work / f"dataset-{workers}"
            seconds, peaks, sampler, analysed = run(corpus, out, workers, engine, configuration)
            assert analysed == args.documents
            rates[workers] = analysed / seconds
            memory = ", ".join(f"{p:.0f}" for p in peaks)
            print(
                f"{workers} worker(s): {seconds:.1f} s, {rates[workers]:,.1f} documents/s, "
                f"{words / seconds:,.0f} words/s; peak memory per worker: {memory} MiB"
            )
            first, last = sampler.quarter_and_end()
            print(
                f"  driving process: {first:.0f} MiB in the first quarter of the run, {last:.0f} MiB in "
                f"the last (growth x{last / first if first else float('nan'):.2f}; flat is 1.00)"
            )
        print(f"speed-up (2 workers / 1 worker): {rates[2] / rates[1]:.2f}")
        start = time.perf_counter()
        with open_executor(workers=1) as executor:
            report = analyse_corpus(corpus, work / "dataset-2", engine, configuration, executor, progress=False)
        print(f"re-run with nothing changed: {report.skipped:,} skipped in {time.perf_counter() - start:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
