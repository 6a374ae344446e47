"""The benchmark script runs and prints its ratios (on a small corpus: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench(script: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/script`` with ``args`` from the project root; it must succeed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, check=False, timeout=timeout, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def test_benchmark_prints_its_ratios() -> None:
    done = bench("bench_analysis.py", "--words", "8000")
    assert "speed ratio (unionstate / spaCy):" in done.stdout
    assert "speed ratio with JSON output (unionstate / spaCy):" in done.stdout
    assert "memory ratio (all / quarter):" in done.stdout


def test_corpus_benchmark_prints_its_speed_up() -> None:
    done = bench("bench_corpus.py", "--documents", "40", timeout=600)
    assert "speed-up (2 workers / 1 worker):" in done.stdout
    assert "peak memory per worker:" in done.stdout and "40 skipped" in done.stdout
    assert done.stdout.count("driving process:") == 2 and "(growth x" in done.stdout


def test_engine_benchmark_prints_its_ratio() -> None:
    """Against HEAD (present in any clone, shallow too): the earlier engine is extracted and run."""
    done = bench("bench_engines.py", "--base", "HEAD", "--words", "3000", "--repeat", "1")
    assert "engine at HEAD:" in done.stdout and "speed ratio (this checkout / HEAD):" in done.stdout
    assert "speed ratio with the lexicon alone (this checkout / HEAD):" in done.stdout
    assert "share of this checkout's time in the contextual coder:" in done.stdout


def test_date_benchmark_scores_a_tempeval_style_folder(tmp_path: Path) -> None:
    """A two-sentence folder of its own (no TempEval text): one relative and one absolute date found."""
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "d1.txt").write_text("Minsk paid on Friday. The loan of 2019 was repaid.\n", encoding="utf-8")
    (tmp_path / "docs.csv").write_text("doc_id,dct,chars,title,source\nd1,2021-11-10,50,t,s\n", encoding="utf-8")
    (tmp_path / "gold_dates.csv").write_text(
        "doc_id,value,kept,class,subclass\nd1,2021-11-05,1,relative,weekday\nd1,2019,1,absolute,year\n",
        encoding="utf-8",
    )
    done = bench("bench_dates.py", "--tempeval", str(tmp_path), "--no-baseline")
    assert "P 1.000  R 1.000  F1 1.000" in done.stdout and "ms per 1,000 words" in done.stdout
    assert "nothing to measure" in bench("bench_dates.py").stdout


def test_whole_process_benchmark_prints_its_ratio() -> None:
    done = bench("bench_cli.py", "--words", "3000", "--repeat", "1")
    assert "CPU ratio (spaCy script / unionstate analyse, medians):" in done.stdout
    assert "unionstate --help" in done.stdout and "memory ratio (peak RSS, 4x words / 1x):" in done.stdout


def test_build_benchmark_prints_its_ratio() -> None:
    done = bench("bench_build.py", "--repeat", "1", timeout=600)
    assert "no-change build ratio, CPU (unionstate / stock):" in done.stdout


def test_timeline_check_prints_each_method_and_the_confusion() -> None:
    done = bench("check_timeline_themes.py")
    for method in ("lexicon", "embeddings", "coder"):
        assert done.stdout.count(f"  {method} ") == 2
    assert done.stdout.count("compiler's theme") == 2 and "of 57" in done.stdout


def test_compiled_build_benchmark_prints_its_ratio_and_checks_the_output() -> None:
    """One small module compiled with mypyc (the machine's gcc): the CSV files must be the same."""
    done = bench("bench_compiled.py", "--modules", "clauses", "--words", "3000", "--repeat", "1")
    assert "CPU ratio (interpreted / compiled, medians):" in done.stdout
    assert "the two CSV files are the same byte for byte" in done.stdout
