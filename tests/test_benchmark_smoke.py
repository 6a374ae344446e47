"""The benchmark script runs and prints its ratios (on a small corpus: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_prints_its_ratios() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_analysis.py"), "--words", "8000"],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "speed ratio (unionstate / spaCy):" in done.stdout
    assert "speed ratio with JSON output (unionstate / spaCy):" in done.stdout
    assert "memory ratio (all / quarter):" in done.stdout


def test_corpus_benchmark_prints_its_speed_up() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_corpus.py"), "--documents", "40"],
        capture_output=True, text=True, check=False, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "speed-up (2 workers / 1 worker):" in done.stdout
    assert "peak memory per worker:" in done.stdout and "40 skipped" in done.stdout
    assert done.stdout.count("driving process:") == 2 and "(growth x" in done.stdout


def test_engine_benchmark_prints_its_ratio() -> None:
    """Against HEAD (present in any clone, shallow too): the earlier engine is extracted and run."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_engines.py"), "--base", "HEAD", "--words", "3000",
         "--repeat", "1"],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "engine at HEAD:" in done.stdout and "speed ratio (this checkout / HEAD):" in done.stdout
