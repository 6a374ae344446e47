"""Bad input, injected content, faults and determinism, through the command line."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MILITARY = Path("book/themes/military-cooperation.ipynb")


def unionstate(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unionstate.cli", *args], capture_output=True, text=True, check=False, timeout=timeout
    )


def one_line_error(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if "IPKernelApp" not in line]
    assert len(lines) == 1 and lines[0].startswith("unionstate: error: "), done.stderr
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


BAD_DOCUMENTS = {
    "empty": (b"", "the document is empty"),
    "whitespace": (b" \n\t\n", "the document is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    "latin-1": ("Café Łukaszenka".encode("latin-1", "replace"), "not valid UTF-8"),
    "cp1250": ("Łukaszenka i Białoruś".encode("cp1250"), "not valid UTF-8"),
    "cp1251": ("Лукашенко и Беларусь".encode("cp1251"), "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_documents_are_refused_before_any_kernel(project: Path, tmp_path: Path, case: str) -> None:
    content, message = BAD_DOCUMENTS[case]
    doc = tmp_path / f"{case}.txt"
    doc.write_bytes(content)
    out = tmp_path / "out"
    for command in ("run", "build"):
        done = unionstate(command, "--only", "military", "-p", "document", str(doc), "--output-dir", str(out))
        one_line_error(done, str(doc), message)
        assert not out.exists()


def test_missing_directory_oversized_and_missing_catalogue_file(project: Path, tmp_path: Path) -> None:
    one_line_error(unionstate("run", "-p", "document", str(tmp_path / "nope.txt")), "no such file")
    one_line_error(unionstate("run", "-p", "document", str(tmp_path)), "is a directory")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(51 * 2**20)
    one_line_error(unionstate("analyse", str(big)), "exceeds the 50 MB document limit")
    one_line_error(unionstate("run", "-p", "document", str(big)), "exceeds the 50 MB document limit")
    (project / "seeds" / "osw-2021-11-05-sham-acceleration.txt").unlink()
    one_line_error(unionstate("run", "--only", "military"), "seeds/osw-2021-11-05-sham-acceleration.txt: no such file")


def test_a_pdf_without_its_printer_is_refused_before_any_page_runs(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("UNIONSTATE_CHROMIUM", str(project / "no-such-chromium"))
    before = {p: p.read_bytes() for p in (project / "book").rglob("*.ipynb")}
    done = unionstate("build", "--pdf", "--force")
    one_line_error(done, "no-such-chromium: no Chromium to print the PDF with")
    assert "running" not in done.stdout and not (project / "_build" / "html").exists()
    assert {p: p.read_bytes() for p in (project / "book").rglob("*.ipynb")} == before


def test_utf16_and_crlf_documents_are_read(tmp_path: Path, root: Path) -> None:
    text = (root / "seeds" / "osw-2021-11-05-sham-acceleration.txt").read_text(encoding="utf-8")
    outputs = []
    for name, data in (
        ("utf8", text.encode()),
        ("utf16", text.encode("utf-16")),
        ("crlf", text.replace("\n", "\r\n").encode()),
    ):
        doc = tmp_path / f"{name}.txt"
        doc.write_bytes(data)
        done = unionstate("analyse", str(doc), "--document-date", "2021-11-05")
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.replace(name, "doc"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_bad_configuration_names_file_and_line(project: Path, tmp_path: Path) -> None:
    actors = project / "data" / "actors.yml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("  - id: putin\n", "  - id: putin\n    colour: red\n"),
        encoding="utf-8",
    )
    one_line_error(
        unionstate("analyse", "osw-2021-11-05-sham-acceleration"), "data/actors.yml:", "unknown key 'colour'"
    )
    one_line_error(
        unionstate("analyse", "osw-2021-11-05-sham-acceleration", "--actors", str(tmp_path / "none.yml")),
        "none.yml: no such file",
    )
    scale = project / "data" / "estimative.yml"
    scale.write_text("scheme: x\nbands: [\n", encoding="utf-8")
    one_line_error(unionstate("analyse", "osw-2021-11-05-sham-acceleration"), "data/estimative.yml:3: malformed YAML")


def _add_cell(project: Path, source: str) -> None:
    template = project / "notebooks" / "theme.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].insert(
        2,
        {"cell_type": "code", "id": "fault", "metadata": {}, "execution_count": None, "outputs": [], "source": source},
    )
    template.write_text(json.dumps(nb), encoding="utf-8")


def test_cell_timeout_names_the_page(project: Path) -> None:
    before = (project / MILITARY).read_bytes()
    # A limit no ordinary cell comes near on a loaded machine (the page's first cell took over 3 s
    # on one), and a cell that would never end.
    _add_cell(project, "import time\ntime.sleep(3600)")
    done = unionstate("run", "--only", "military", "--timeout", "20")
    assert done.returncode == 1
    assert "unionstate: error: page military: cell 'fault' (import time) timed out after 20 s" in done.stderr
    assert (project / MILITARY).read_bytes() == before


def test_dead_kernel_names_the_page(project: Path) -> None:
    before = (project / MILITARY).read_bytes()
    _add_cell(project, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    done = unionstate("run", "--only", "military")
    assert done.returncode == 1 and "page military: " in done.stderr and "failed: the kernel died" in done.stderr
    assert (project / MILITARY).read_bytes() == before


def test_killed_run_leaves_outputs_intact_and_the_next_run_completes(project: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "book").rglob("[!.]*.ipynb")}
    _add_cell(project, "import time\ntime.sleep(60)")
    scratch = tmp_path / "tmp"  # the killed kernel's connection file is left behind: not in /tmp
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "unionstate.cli", "run", "--only", "military"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert process.stdout is not None and "military: running" in process.stdout.readline()
    time.sleep(4)  # the kernel is inside the sleeping cell now
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert {p: p.read_bytes() for p in (project / "book").rglob("[!.]*.ipynb")} == before
    template = project / "notebooks" / "theme.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != "fault"]
    template.write_text(json.dumps(nb), encoding="utf-8")
    done = unionstate("run", "--only", "military", "--force")
    assert done.returncode == 0, done.stderr
    assert list((project / "book").rglob(".*.partial.ipynb")) == []


def test_concurrent_runs_are_refused_with_a_clear_message(project: Path) -> None:
    lock = project / "_build" / ".unionstate-run.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        one_line_error(unionstate("run", "--only", "military"), "another unionstate run is using this output directory")


def test_a_clean_run_elsewhere_gives_the_published_bytes(project: Path, tmp_path: Path) -> None:
    """Another output folder, another day, the same bytes as the pages published in book/ (run in
    the repository's own folder): no timestamps, random ids or absolute paths."""
    out = tmp_path / "elsewhere"
    assert unionstate("run", "--force", "--output-dir", str(out)).returncode == 0
    notebooks = sorted(p.relative_to(out) for p in out.rglob("*.ipynb"))
    assert len(notebooks) == 9
    for path in notebooks:
        data = (out / path).read_bytes()
        assert data == (project / path).read_bytes(), path
        assert str(tmp_path).encode() not in data and b"start_time" not in data and b"duration" not in data, path
