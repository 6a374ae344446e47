"""Execute book pages with Papermill: up-to-date check, parallel, atomic, deterministic.

A page is re-executed only when the digest of its inputs changed (template, parameters, title and
intro, the document, the lexicon, the catalogue, every file under ``data/``, and the source of the
package modules its code imports, transitively: not this runner, the CLI or the sweeps; see
:mod:`unionstate.run.uptodate`). The digest is recorded in the executed notebook's metadata; a
run into another output folder copies the published page of the same digest instead of executing
it. Output is written to a temporary file and renamed on success, so a failing page leaves the
previous executed copy untouched.

A run holds its output folder's lock from the first page to the swap of the built book
(:func:`session`). Pages execute in worker processes that die with the run (Linux
``PR_SET_PDEATHSIG``) and write a page only while the run still holds the lock under its token.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from unionstate import paths
from unionstate.errors import PageFailed
from unionstate.inputs.catalog import resolve_document, title_of
from unionstate.locks import Lock, exclusive, holds
from unionstate.run import DEFAULT_TIMEOUT
from unionstate.run.params import Page
from unionstate.run.uptodate import digest, recorded_digest
from unionstate.writing import replacing

if TYPE_CHECKING:
    from traitlets.config import Config

ANGLES = str.maketrans("<>", "‹›")


def title(page: Page, root: Path, literal: bool = True) -> str:
    """The page's title; ``{document}`` in it is the title of the document the page reads
    (:func:`~unionstate.inputs.catalog.title_of`), as literal Markdown unless ``literal`` is false (plain text,
    with the title's own emphasis marks dropped)."""
    if "{document}" not in page.title:
        return page.title if literal else page.title.replace("*", "")
    # angle brackets become look-alikes: the theme prints the home page's title unescaped (sidebar)
    name = title_of(resolve_document(str(page.parameters["document"]), root)).translate(ANGLES)
    if literal:
        return page.title.replace("{document}", _literal(name))
    return page.title.replace("*", "").replace("{document}", name)


def _literal(text: str) -> str:
    """``text`` as literal Markdown: every ASCII punctuation character backslash-escaped, so a
    catalogue title can neither format nor inject HTML into the page."""
    return "".join(f"\\{c}" if c.isascii() and not c.isalnum() and not c.isspace() else c for c in text)


def finalise(nb: nbformat.NotebookNode, page: Page, inputs: str, root: Path) -> nbformat.NotebookNode:
    """Make an executed notebook deterministic and book-ready.

    Strips Papermill's and nbclient's timing metadata (start/end times, durations, absolute
    paths), gives every cell a stable id, hides the injected-parameters cell in the book (it stays
    in the notebook as provenance), and puts the page's title and intro on top.
    """
    nb.metadata.pop("papermill", None)
    nb.metadata["unionstate"] = {
        "page": page.id,
        "title": title(page, root, literal=False),
        "inputs": inputs,
        "parameters": page.parameters,
    }
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        elif not cell.get("id"):
            cell.id = f"cell-{index}"
    first = nbformat.v4.new_markdown_cell(f"# {title(page, root)}\n\n{page.intro}".strip() + "\n")
    first.id = "page-title"
    nb.cells.insert(0, first)
    return nb


def _failing_cell(executed: Path) -> str | None:
    """The template cell that failed, named by id and first line, from Papermill's partial notebook."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # best effort: the partial notebook may be half-written
        return None
    code = [c for c in nb.cells if c.cell_type == "code"]
    flagged = [c for c in code if c.metadata.get("papermill", {}).get("exception")]
    flagged += [c for c in code if c.metadata.get("papermill", {}).get("status") in ("running", "failed")]
    # a timed-out cell is marked "completed": it is the last one that started
    started = [c for c in code if c.metadata.get("papermill", {}).get("start_time")]
    cell = (flagged or started[-1:] or [None])[0]
    if cell is None:
        return None
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {cell.get('id', '?')!r} ({first[:60]})"


def _describe_failure(page: Page, exc: BaseException, executed: Path, timeout: int) -> str:
    """One line naming the page, the failing cell when known, and the reason."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        reason = f"failed: {ename}: {evalue}"
    elif type(exc).__name__ == "CellTimeoutError":
        reason = f"timed out after {timeout} s (--timeout)"
    elif type(exc).__name__ == "DeadKernelError":
        reason = "failed: the kernel died"
    else:
        lines = str(exc).strip().splitlines()
        reason = f"failed: {type(exc).__name__}: {lines[-1] if lines else ''}"
    where = _failing_cell(executed) if executed.exists() else None
    return f"page {page.id}: {where or 'a cell'} {reason}"


def kernel_config() -> Config:
    """Kernels spoken to over CurveZMQ where pyzmq has it: a kernel's TCP ports are open to every
    user of the machine, and ipykernel warns of plain TCP at every start."""
    import zmq
    from traitlets.config import Config

    return Config({"KernelManager": {"transport_encryption": "auto" if zmq.has("curve") else "disabled"}})


KERNEL_STARTS = 2
"""How often a page's kernel is started when it dies before answering: no cell has run then, so
starting it again is safe (seen once under load; a port taken between its choice and its bind is
one way a kernel dies at birth)."""
STILLBORN = "Kernel died before replying to kernel_info"
"""jupyter_client's message for a kernel that died before answering."""


def execute_page(page: Page, root: Path, out_root: Path, inputs: str, timeout: int, lock: Lock | None = None) -> float:
    """Execute one page into ``out_root/page.output`` atomically; returns seconds taken. With
    ``lock``, the page is written only if the run that took the lock still holds it."""
    import papermill  # imported here: worker processes only

    start = time.monotonic()
    target = out_root / page.output
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{os.getpid()}.partial.ipynb")
    os.environ["UNIONSTATE_ROOT"] = str(root)
    os.environ["UNIONSTATE_OUTPUT"] = str(out_root)  # derived folders the page writes go there
    try:
        for start_ in range(KERNEL_STARTS):
            try:
                papermill.execute_notebook(
                    str(page.template),
                    str(partial),
                    parameters=page.parameters,
                    cwd=str(target.parent),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    execution_timeout=timeout,
                    config=kernel_config(),
                )
                break
            except RuntimeError as exc:
                if STILLBORN not in str(exc) or start_ == KERNEL_STARTS - 1:
                    raise
        nb = finalise(nbformat.read(partial, as_version=4), page, inputs, root)
        nbformat.validate(nb)
        nbformat.write(nb, partial)
        if lock is not None and not holds(lock):
            raise PageFailed(f"page {page.id}: not written: the run that started it has ended")
        os.replace(partial, target)
    except BaseException as exc:
        message = (
            None if isinstance(exc, KeyboardInterrupt | PageFailed) else _describe_failure(page, exc, partial, timeout)
        )
        partial.unlink(missing_ok=True)
        if message is None:
            raise
        raise PageFailed(message) from None
    return time.monotonic() - start


def locked(out_root: Path, lock_file: Path | None = None):
    """One run at a time per output directory (``lock_file`` defaults to ``_build/.unionstate-run.lock``)."""
    busy = f"{paths.display(out_root, out_root)}: another unionstate run is using this output directory"
    return exclusive(lock_file or out_root / "_build" / ".unionstate-run.lock", busy)


@contextmanager
def session(out_root: Path) -> Iterator[Lock]:
    """Hold ``out_root``'s lock for a whole run (pages, book build and swap), after undoing what a
    killed run left: a book renamed aside is put back, partial pages are removed."""
    from unionstate.book.swap import recover

    with locked(out_root) as lock:
        recover(out_root)
        for stale in (out_root / "book").rglob(".*.partial.ipynb"):
            stale.unlink()  # we hold the lock, so nobody is writing it
        yield lock


def _collect(futures: dict, log, result: RunResult, failures: list[str]) -> None:
    """Log each page as it finishes, and note its failure."""
    for future in as_completed(futures):
        page = futures[future]
        try:
            seconds = future.result()
        except PageFailed as exc:
            log(f"{page.id}: failed — {exc}")
            failures.append(str(exc))
        else:
            log(f"{page.id}: done in {seconds:.1f} s ({page.output.as_posix()})")
            result.executed.append(page.id)


def _die_with(parent: int) -> None:
    """Worker initializer: be killed when the run's process dies, however it dies, and leave
    Ctrl-C to the run (which stops its workers) instead of printing a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the run died before the line above took effect
        os._exit(1)


@dataclass
class RunResult:
    executed: list[str]
    cached: list[str]
    skipped: list[str] = field(default_factory=list)


def _reuse_published(page: Page, root: Path, out_root: Path, inputs: str) -> bool:
    """Copy the project's published page into another output folder when it was executed from
    the same inputs (a page's bytes do not depend on its folder). Not a page that writes derived
    files beside it (the corpus dataset): those would be missing."""
    published = root / page.output
    if out_root.resolve() == root.resolve() or "corpus" in page.parameters or recorded_digest(published) != inputs:
        return False
    with replacing(out_root / page.output) as tmp:
        shutil.copyfile(published, tmp)
    return True


def run(
    pages: list[Page],
    root: Path,
    out_root: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    log=print,
    lock: Lock | None = None,
) -> RunResult:
    """Execute the stale pages (all with ``force``) in parallel; report one line per page. Under
    ``lock`` (a :func:`session` the caller holds), or in a session of its own."""
    out_root = out_root or root
    if lock is None:
        with session(out_root) as lock:
            return run(pages, root, out_root, force, jobs, timeout, log, lock)
    result = RunResult([], [])
    failures: list[str] = []
    todo: list[tuple[Page, str]] = []
    for page in pages:
        if page.skip:
            log(f"{page.id}: {page.skip}")
            (out_root / page.output).unlink(missing_ok=True)  # a page built before no longer applies
            result.skipped.append(page.id)
            continue
        inputs = digest(page, root)
        if not force and recorded_digest(out_root / page.output) == inputs:
            log(f"{page.id}: cached ({page.output.as_posix()})")
            result.cached.append(page.id)
        elif not force and _reuse_published(page, root, out_root, inputs):
            log(f"{page.id}: cached (the published {page.output.as_posix()})")
            result.cached.append(page.id)
        else:
            todo.append((page, inputs))
    if not todo:
        return result
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
    ) as pool:
        futures = {}
        for page, inputs in todo:
            log(f"{page.id}: running")
            futures[pool.submit(execute_page, page, root, out_root, inputs, timeout, lock)] = page
        try:
            _collect(futures, log, result, failures)
        except KeyboardInterrupt:  # Ctrl-C: stop the workers at once, quietly
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()  # their pages are not written: the run is over
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    if failures:
        raise PageFailed(failures[0] if len(failures) == 1 else f"{len(failures)} pages failed: " + "; ".join(failures))
    return result
