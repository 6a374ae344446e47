"""Faults that could damage the published book: concurrent builds, killed runs, a kill mid-swap."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unionstate.book import swap
from unionstate.locks import exclusive, holds

CLI = [sys.executable, "-m", "unionstate.cli"]


def unionstate(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, timeout=timeout)


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def sleeping_cell(project: Path, seconds: int) -> None:
    template = project / "notebooks" / "theme.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    cell = {"cell_type": "code", "id": "fault", "metadata": {}, "execution_count": None, "outputs": []}
    nb["cells"].insert(2, {**cell, "source": f"import time\ntime.sleep({seconds})"})
    template.write_text(json.dumps(nb), encoding="utf-8")


def test_the_lock_token_tells_a_worker_whether_its_run_still_holds_it(tmp_path: Path) -> None:
    lock_file = tmp_path / "run.lock"
    with exclusive(lock_file, "busy") as lock:
        assert holds(lock)
        with pytest.raises(Exception, match="busy"), exclusive(lock_file, "busy"):
            pass
        assert holds(lock)  # a refused second run does not erase the holder's token
    assert not holds(lock)  # released: the run has ended
    with exclusive(lock_file, "busy") as later:
        assert holds(later) and not holds(lock)  # another run holds it now


def test_two_builds_at_once_keep_a_complete_book(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert unionstate("build", "--output-dir", str(out)).returncode == 0
    html = out / "_build" / "html"
    good = listing(html)
    shutil.rmtree(out / "_build" / ".work")  # the next builds are full, slow ones
    first = subprocess.Popen(
        [*CLI, "build", "--output-dir", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert first.stdout is not None
    first.stdout.readline()  # it prints once it holds the run's lock (however loaded the machine)
    second = subprocess.Popen([*CLI, "build", "--output-dir", str(out)], stderr=subprocess.PIPE, text=True)
    while first.poll() is None:
        assert (html / "index.html").is_file()  # a complete book at every instant
        time.sleep(0.05)
    _, refused = second.communicate(timeout=60)
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert second.returncode == 2 and "another unionstate run is using this output directory" in refused
    assert "Traceback" not in refused and listing(html) == good


def test_a_killed_build_leaves_no_worker_and_writes_nothing_later(project: Path, tmp_path: Path) -> None:
    def pages() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in (project / "book").rglob("[!.]*.ipynb")}

    sleeping_cell(project, 12)  # in the three theme pages
    scratch = tmp_path / "tmp"  # the killed kernels' connection files are left behind: not in /tmp
    scratch.mkdir()
    process = subprocess.Popen(
        [*CLI, "build", "--force", "-p", "min_score", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert process.stdout is not None
    while "running" not in process.stdout.readline():
        pass
    time.sleep(5)  # workers and their kernels are inside the sleeping cell
    below = descendants(process.pid)
    try:
        assert below, "the run has worker processes"
        process.kill()  # the run alone, as `kill -9 PID` does: not its process group
        process.wait(timeout=30)
        at_the_kill = pages()
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in below) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in below if alive(pid)], "workers or kernels outlived the killed run"
        time.sleep(12)  # past the sleeping cell: a surviving worker would have written its page by now
        assert pages() == at_the_kill
        template = project / "notebooks" / "theme.ipynb"
        nb = json.loads(template.read_text(encoding="utf-8"))
        template.write_text(json.dumps({**nb, "cells": [c for c in nb["cells"] if c.get("id") != "fault"]}))
        assert unionstate("run").returncode == 0  # default parameters, right after
        time.sleep(2)
        for path, text in pages().items():
            assert json.loads(text)["metadata"]["unionstate"]["parameters"].get("min_score", 1.0) == 1.0, path
    finally:
        for leftover in below:
            if alive(leftover):
                os.kill(leftover, signal.SIGKILL)


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is installed by .ci/run and make chromium")
def test_a_kill_at_the_swap_keeps_the_last_good_book(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert unionstate("build", "--output-dir", str(out)).returncode == 0
    html = out / "_build" / "html"
    good, index = listing(html), (html / "index.html").read_bytes()
    (out / "_build" / ".work" / ".inputs").unlink()  # the next build rebuilds and swaps again
    killed = subprocess.run(
        ["strace", "-o", os.devnull, "-e", "inject=renameat2,rename:signal=SIGKILL:when=1", *CLI, "build",
         "--output-dir", str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL and killed.stdout.rstrip().endswith("book: building")
    assert listing(html) == good and (html / "index.html").read_bytes() == index
    assert unionstate("build", "--output-dir", str(out)).returncode == 0
    assert listing(html) == good and not (out / "_build" / ".html.new").exists()


def test_without_the_exchange_a_kill_between_the_renames_is_recovered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ``renameat2`` is missing the swap takes two renames; dying between them leaves the
    old book aside, and the next run puts it back before anything else."""
    old, new = tmp_path / "old-book", tmp_path / "new-book"
    for folder, text in ((old, "old"), (new, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    swap.swap_in(old, tmp_path)
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    real_replace, calls = os.replace, []

    def dies_on_the_second(a, b):
        calls.append((a, b))
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands for the process being killed here
        real_replace(a, b)

    monkeypatch.setattr(swap.os, "replace", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        swap.swap_in(new, tmp_path)
    monkeypatch.setattr(swap.os, "replace", real_replace)
    assert not (tmp_path / "_build" / "html").exists()  # the instant the issue describes
    swap.recover(tmp_path)
    assert (tmp_path / "_build" / "html" / "index.html").read_text() == "old"
    assert swap.swap_in(new, tmp_path) == tmp_path / "_build" / "html"
    assert (tmp_path / "_build" / "html" / "index.html").read_text() == "new"
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == ["html"]


def interruptible() -> None:
    """In the child: Ctrl-C's default disposition, even when the tests run in the background of a
    shell (which starts them with SIGINT ignored, and an ignored signal stays ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_build_quietly(project: Path, tmp_path: Path) -> None:
    themes = {p: p.read_bytes() for p in (project / "book" / "themes").glob("*.ipynb")}
    sleeping_cell(project, 30)  # the theme pages are still running when Ctrl-C comes
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [*CLI, "build", "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, "TMPDIR": str(scratch)}, preexec_fn=interruptible,
    )  # fmt: skip
    assert process.stdout is not None
    while "running" not in process.stdout.readline():
        pass
    time.sleep(4)
    below = descendants(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, errors = process.communicate(timeout=60)  # kernels shut down slowly on a loaded machine
    ours = [line for line in errors.splitlines() if not line.startswith("[IPKernelApp]")]  # the kernels' own
    assert process.returncode == 130 and ours == ["unionstate: interrupted"], errors
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in below if alive(pid)]
    assert {p: p.read_bytes() for p in themes} == themes


def test_fresh_and_incremental_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """A build with nothing changed does not start Sphinx; one after a change is incremental and
    gives the bytes a fresh build of the same pages gives."""

    def files(out: Path) -> dict[Path, bytes]:
        html = out / "_build" / "html"
        return {p.relative_to(html): p.read_bytes() for p in html.rglob("*") if p.is_file()}

    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert unionstate("build", "--output-dir", str(out)).returncode == 0
    before = files(out)
    again = unionstate("build", "--output-dir", str(out))
    assert again.returncode == 0 and "book: up to date" in again.stdout and files(out) == before
    changed = ("--only", "military", "-p", "min_score", "2")
    incremental = unionstate("build", "--output-dir", str(out), *changed)
    assert incremental.returncode == 0 and "book: building" in incremental.stdout
    assert unionstate("build", "--output-dir", str(fresh), *changed).returncode == 0
    built, rebuilt = files(out), files(fresh)
    assert sorted(built) == sorted(rebuilt) and built != before
    assert [p for p in built if built[p] != rebuilt[p]] == []


def test_ctrl_c_stops_a_corpus_analysis_quietly_and_keeps_its_parts(root: Path, tmp_path: Path) -> None:
    from unionstate.scale import synthetic
    from unionstate.text.document import read_document

    texts = [read_document(root / "seeds" / "osw-2021-11-05-sham-acceleration.txt")]
    # large enough that on a loaded machine the run cannot end between its first part and Ctrl-C
    corpus = synthetic.write_parquet(synthetic.generate(texts, 12000, seed=1), tmp_path / "corpus.parquet")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*CLI, "analyse", "--corpus", str(corpus), "--out", str(out), "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=root,
        preexec_fn=interruptible,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list((out / "documents").glob("*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.2)  # until the first part is finished
    os.killpg(process.pid, signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130 and errors.strip().splitlines() == ["unionstate: interrupted"], errors
    assert list((out / "documents").glob("*.parquet"))  # the finished parts are kept


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 30 MB file system of its own (tmpfs; needs root, as in CI), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_keeps_the_last_good_book(project: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    assert unionstate("build", "--output-dir", str(out)).returncode == 0  # about 25 MB
    html = out / "_build" / "html"
    good = listing(html)
    (out / "_build" / ".work" / ".inputs").unlink()  # a full rebuild: no room for a second copy
    done = unionstate("build", "--output-dir", str(out))
    lines = [line for line in done.stderr.splitlines() if "IPKernelApp" not in line]
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("unionstate: error: ") and "No space left on device" in done.stderr, done.stderr
    assert listing(html) == good and not (out / "_build" / ".html.new").exists()


def test_a_read_only_output_is_one_line(project: Path, small_disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    one = unionstate("run", "--only", "military", "--output-dir", str(small_disk / "out"))
    assert one.returncode == 2 and "Traceback" not in one.stderr
    assert one.stderr.strip().splitlines()[-1] == f"unionstate: error: {small_disk / 'out'}: Read-only file system"
