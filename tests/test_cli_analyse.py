"""`unionstate analyse`: one record per sentence, atomic output, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

SEED = "osw-2021-11-05-sham-acceleration"
FIELDS = [
    "doc_id", "sentence_id", "paragraph", "start", "end", "text", "kind",
    "themes", "primary_theme", "theme_scores", "matched_terms", "theme_evidence",
    "actors", "dates", "quantities", "speaker", "speech_verb",
    "estimative_terms", "probability_low", "probability_high", "estimative_scheme",
]  # fmt: skip


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "analyse", *args],
        capture_output=True, text=True, check=False, timeout=120, cwd=cwd,
    )  # fmt: skip


def test_csv_on_the_seed(root: Path) -> None:
    done = cli(SEED, cwd=root)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == FIELDS
    assert len(rows) == 31
    text = (root / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8")
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    judged = {r["sentence_id"]: r for r in rows}["p9.s1"]
    assert (judged["estimative_terms"], judged["probability_low"], judged["probability_high"]) == ("likely", "55", "80")


def test_jsonl_to_file_with_document_date(tmp_path: Path, root: Path) -> None:
    doc = tmp_path / "note.md"
    doc.write_text("# A note\n\nRussian troops will very likely stay in Belarus. Gas prices rose.\n", encoding="utf-8")
    out = tmp_path / "out" / "note.jsonl"
    done = cli(str(doc), "--format", "jsonl", "--out", str(out), "--document-date", "2022-02-01", cwd=root)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["sentence_id"] for r in records] == ["p1.s1", "p2.s1", "p2.s2"]
    assert records[1]["primary_theme"] == "military" and records[1]["probability_low"] == 80
    assert records[2]["primary_theme"] == "economic"


def test_a_catalogued_file_named_by_its_path_is_its_catalogue_entry(root: Path) -> None:
    done = cli(f"seeds/{SEED}.txt", cwd=root)
    assert done.returncode == 0 and done.stderr == "", done.stderr  # its date is the catalogue's
    assert {row["doc_id"] for row in csv.DictReader(io.StringIO(done.stdout))} == {SEED}


def test_missing_date_is_a_warning(tmp_path: Path, root: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("Trade grew.\n", encoding="utf-8")
    done = cli(str(doc), cwd=root)
    assert done.returncode == 0
    assert "no document date" in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the document is empty"),
        (b"\x00\x01binary", "binary data"),
        ("Łódź".encode("cp1250"), "not valid UTF-8"),
    ],
)
def test_bad_documents_exit_2_and_write_nothing(
    tmp_path: Path, root: Path, content: bytes | None, message: str
) -> None:
    doc = tmp_path / "doc.txt"
    if content is not None:
        doc.write_bytes(content)
    out = tmp_path / "result.csv"
    done = cli(str(doc), "--out", str(out), cwd=root)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(f"unionstate: error: {doc}: ") and message in lines[-1]
    assert "Traceback" not in done.stderr
    assert not out.exists() and list(tmp_path.glob(".result.csv.*")) == []


def test_bad_lexicon_names_file_and_line(tmp_path: Path, root: Path) -> None:
    bad = tmp_path / "themes.yml"
    bad.write_text("themes:\n  economic:\n    label: x\n    groups: [\n", encoding="utf-8")
    done = cli(SEED, "--themes", str(bad), cwd=root)
    assert done.returncode == 2
    assert done.stderr.startswith(f"unionstate: error: {bad}:") and "malformed YAML" in done.stderr


def test_ten_megabyte_single_line_finishes_in_bounded_memory(tmp_path: Path, root: Path) -> None:
    """No step is quadratic in the length of a block; memory stays a small multiple of the input."""
    import resource

    sentence = (
        "The two governments discussed trade, gas prices and the new military doctrine at length, while the "
        "opposition in exile called for fresh elections and Western governments weighed further sanctions. "
        "Russia lent over $1 bn to Belarus in May 2021, and Lukashenka said it will likely continue. "
    )
    doc = tmp_path / "one-line.txt"
    doc.write_text(sentence * (10 * 2**20 // len(sentence.encode()) + 1), encoding="utf-8")
    out = tmp_path / "one-line.csv"
    done = cli(str(doc), "--out", str(out), "--document-date", "2021-11-05", cwd=root)
    assert done.returncode == 0, done.stderr
    rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    assert rows == doc.read_text(encoding="utf-8").count(". ")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1_500_000, f"peak RSS {peak_kib} KiB"


def test_help_loads_neither_papermill_nor_pandas() -> None:
    """`unionstate --help` answers at once: the heavy libraries load only for the commands that use them."""
    code = (
        "import sys\nfrom unionstate.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('papermill', 'pandas', 'nbformat', 'altair') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
