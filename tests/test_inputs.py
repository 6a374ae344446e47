"""Hostile and careless inputs: each gets one line on stderr and exit 2, quickly, or is made harmless."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from unionstate.text.document import read_document, sentences

CLI = [sys.executable, "-m", "unionstate.cli"]
SEED = "osw-2021-11-05-sham-acceleration"


def unionstate(*args: str, cwd: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, timeout=timeout, cwd=cwd)


def one_line(done: subprocess.CompletedProcess[str], fragment: str) -> None:
    lines = [line for line in done.stderr.splitlines() if "IPKernelApp" not in line]
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert lines[0].startswith("unionstate: error: ") and fragment in lines[0], done.stderr


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("/dev/zero", "not a regular file"),
        ("/dev/urandom", "not a regular file"),
        ("/proc/self/mem", "cannot be read"),
        ("x" * 300 + ".txt", "File name too long"),
    ],
)
def test_documents_that_are_not_files(root: Path, document: str, fragment: str) -> None:
    one_line(unionstate("analyse", document, "--document-date", "2021-01-01", cwd=root), fragment)


def test_a_pipe_or_socket_is_refused_at_once(tmp_path: Path, root: Path) -> None:
    import socket

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    one_line(unionstate("analyse", str(fifo), timeout=20, cwd=root), "not a regular file")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.txt"))
        one_line(unionstate("analyse", str(tmp_path / "sock.txt"), timeout=20, cwd=root), "not a regular file")


def test_a_device_as_the_page_document_is_refused_before_any_kernel(project: Path) -> None:
    one_line(unionstate("run", "--only", "military", "-p", "document", "/dev/zero"), "not a regular file")


def test_oversized_and_alias_bomb_yaml_are_refused_quickly(project: Path, tmp_path: Path) -> None:
    big = tmp_path / "params.yml"
    with big.open("w") as handle:
        handle.write("min_score: 1\n")
        handle.write(("# " + "x" * 1000 + "\n") * (17 * 1024))
    one_line(unionstate("run", "--only", "military", "-f", str(big), timeout=30), "larger than the 16 MB limit")
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lexicon = project / "data" / "themes.yml"
    text = lexicon.read_text(encoding="utf-8")
    bomb = "\n".join(levels) + "\n" + text.replace("label: Economic integration", "label: *a8", 1)
    lexicon.write_text(bomb, encoding="utf-8")
    one_line(unionstate("analyse", SEED, timeout=30), "themes.yml")
    many = "aliases: &x [1]\nmany: [" + ", ".join(["*x"] * 1001) + "]\n" + text
    lexicon.write_text(many, encoding="utf-8")
    one_line(unionstate("analyse", SEED, timeout=30), "themes.yml:1: malformed YAML: more than 1000 aliases")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("- name: integration programmes", "- name: [1, 2]", "'name' must be a line of text"),
        (
            "why: Market integration and trade dependence are the core of the Union State's economic relations.",
            "why: {a: 1}",
            "'why' must be a line of text",
        ),
        ("label: Military cooperation", "label: [Military]", "'label' must be a line of text"),
    ],
)
def test_lexicon_values_are_type_checked(project: Path, old: str, new: str, fragment: str) -> None:
    lexicon = project / "data" / "themes.yml"
    text = lexicon.read_text(encoding="utf-8")
    assert old in text
    lexicon.write_text(text.replace(old, new, 1), encoding="utf-8")
    one_line(unionstate("analyse", SEED), fragment)


def test_a_catalogue_file_cannot_lead_outside_its_folder(project: Path) -> None:
    (project / "seeds" / "secret.txt").symlink_to("/etc/passwd")
    catalog = project / "seeds" / "catalog.yml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "file: osw-2021-11-05-sham-acceleration.txt", "file: secret.txt", 1
        ),
        encoding="utf-8",
    )
    one_line(unionstate("analyse", SEED), "leads outside the catalogue's folder")


@pytest.mark.parametrize("folder", ["data", "seeds", "notebooks", "book", "data/sub"])
def test_output_folders_inside_the_project_inputs_are_refused(project: Path, folder: str) -> None:
    one_line(unionstate("run", "--only", "military", "--output-dir", str(project / folder)), "holds the project's")
    assert not (project / folder / "_build").exists()


def test_a_sweep_may_not_write_into_the_inputs(project: Path) -> None:
    sweep = project / "notebooks" / "sweeps" / "bad.yml"
    sweep.write_text("page: military\ngrid:\n  min_score: [1, 2]\noutput: data/runs\n", encoding="utf-8")
    one_line(unionstate("run", "--sweep", str(sweep), "--scheduler", "synchronous"), "inside data/")


def test_an_output_folder_that_is_a_file(project: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file")
    one_line(unionstate("run", "--only", "military", "--output-dir", str(tmp_path / "plain" / "out")), "plain")
    one_line(unionstate("analyse", SEED, "--out", str(tmp_path / "plain" / "x.csv")), "plain")


def test_analyse_output_follows_the_umask(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    done = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", *CLI, "analyse", SEED, "--out", str(out)],
        capture_output=True, text=True, check=False, cwd=root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_csv_cell_may_hold_a_whole_document(root: Path, tmp_path: Path) -> None:
    text = (root / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "big.csv"
    with corpus.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["long", (text + "\n\n") * 60])  # about 400 KB in one cell
    done = unionstate(
        "analyse", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--scheduler", "synchronous", cwd=root
    )
    assert done.returncode == 0, done.stderr


def test_a_bad_row_in_a_parquet_on_the_local_cluster_is_one_line(root: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = [f"d{i}" for i in range(3000)]
    ids[2000] = ""  # an empty id in the middle
    table = pa.table({"id": ids, "text": ["Trade grew."] * 3000})
    pq.write_table(table, tmp_path / "corpus.parquet", row_group_size=500)
    done = unionstate(
        "analyse", "--corpus", str(tmp_path / "corpus.parquet"), "--out", str(tmp_path / "out"), "--workers", "2",
        cwd=root, timeout=300,
    )  # fmt: skip
    one_line(done, "row 2000")


def test_invisible_characters_are_removed_and_matching_works() -> None:
    text = "Rus\u200bsia and Bela\u00adrus met. The \u202ereversed\u202c word."
    from unionstate.text.document import decode

    clean = decode(text.encode(), "x")
    assert clean == "Russia and Belarus met. The reversed word."
    found = sentences(clean)
    assert [clean[s.start : s.end] for s in found] == [s.text for s in found]


def test_a_text_not_in_latin_script_is_analysed_with_a_warning(root: Path, tmp_path: Path) -> None:
    doc = tmp_path / "ru.txt"
    doc.write_text("Лукашенко встретился с Путиным в Сочи.\n\nОни обсудили цены на газ.\n", encoding="utf-8")
    done = unionstate("analyse", str(doc), "--document-date", "2021-01-01", cwd=root)
    assert done.returncode == 0
    assert "unionstate: warning: " in done.stderr and "not Latin" in done.stderr
    assert read_document(doc)  # the text itself is fine


def test_a_page_on_a_text_not_in_latin_script_says_so(project: Path, tmp_path: Path) -> None:
    doc = tmp_path / "ru.txt"
    doc.write_text("Лукашенко встретился с Путиным в Сочи.\n\nОни обсудили цены на газ.\n", encoding="utf-8")
    out = tmp_path / "out"
    done = unionstate("run", "--only", "text", "-p", "document", str(doc), "--output-dir", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    page = (out / "book" / "text.ipynb").read_text(encoding="utf-8")
    assert "us-warning" in page and "most of this document" in page


def test_a_document_we_may_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads everything, so the refusal the kernel gives other users is stood in for here."""
    from unionstate.errors import UnionstateError

    doc = tmp_path / "secret.txt"
    doc.write_text("Trade grew.", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UnionstateError, match=r"secret\.txt: cannot be read \(Permission denied\)"):
        read_document(doc)
