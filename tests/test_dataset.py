"""Corpus analysis at scale: streamed sources, the Parquet dataset, skipping, Dask equals in-process."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from unionstate.errors import UnionstateError
from unionstate.scale import synthetic
from unionstate.scale.corpora import read_corpus
from unionstate.scale.dataset import analyse_corpus, configuration_digest, read_table
from unionstate.scale.executor import DaskExecutor, Executor
from unionstate.text.document import read_document
from unionstate.text.engine import analyse_text, default_files, load_engine

ROOT = Path(__file__).resolve().parents[1]
FILES = default_files(ROOT)
SOURCES = [ROOT / "seeds" / "osw-2021-11-05-sham-acceleration.txt", ROOT / "data/annotations/eval-2022-referendum.txt"]


@pytest.fixture(scope="module")
def engine():
    return load_engine(FILES)


@pytest.fixture(scope="module")
def config() -> str:
    return configuration_digest(FILES, 1.0)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    texts = [read_document(p) for p in SOURCES]
    return list(synthetic.generate(texts, 40, seed=7, sentences_per_doc=(3, 12)))


@pytest.fixture
def table(tmp_path: Path, rows: list[dict]) -> Path:
    return synthetic.write_parquet(iter(rows), tmp_path / "corpus.parquet", chunk=16)


def sentences(out: Path) -> pd.DataFrame:
    frame = read_table(out, "sentences").to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


# --- sources --------------------------------------------------------------------------------


def test_folder_is_streamed_in_path_order_with_ids_from_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "Second Note.md").write_text("# Two\n\nText two.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text one.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    docs = list(read_corpus(tmp_path, "corpus"))
    assert [(d.id, d.source, d.date) for d in docs] == [
        ("a", "corpus/a.txt", None),
        ("b-second-note", "corpus/b/Second Note.md", None),
    ]


def test_bad_file_in_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Minsk \xe9".encode("cp1250"))
    with pytest.raises(UnionstateError, match=r"^corpus/bad.txt: not valid UTF-8"):
        list(read_corpus(tmp_path, "corpus"))


def test_catalogue_gives_metadata(root: Path) -> None:
    (doc,) = read_corpus(root / "seeds" / "catalog.yml", "seeds/catalog.yml")
    assert (doc.id, doc.date, doc.source) == (
        "osw-2021-11-05-sham-acceleration",
        dt.date(2021, 11, 5),
        "seeds/osw-2021-11-05-sham-acceleration.txt",
    )


def test_csv_with_multiline_texts_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "date", "text"])
        writer.writerow(["x1", "One", "2021-11-05", "Back in September, Minsk agreed.\n\nSecond paragraph."])
        writer.writerow(["x2", "", "", "Undated."])
    docs = list(read_corpus(path, "t.csv"))
    assert [(d.id, d.title, d.date) for d in docs] == [("x1", "One", dt.date(2021, 11, 5)), ("x2", None, None)]
    assert docs[0].source == "t.csv:2" and docs[1].source == "t.csv:5"
    path.write_text("id,date,text\nx1,2021-02-30,Text.\n", encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"^t.csv:2: date: '2021-02-30' is not a valid date"):
        list(read_corpus(path, "t.csv"))
    path.write_text("id,body\nx1,Text.\n", encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"^t.csv: missing column\(s\) text"):
        list(read_corpus(path, "t.csv"))


def test_parquet_rows_are_read_in_batches(table: Path, rows: list[dict]) -> None:
    docs = list(read_corpus(table, "corpus.parquet"))
    assert [d.id for d in docs] == [r["id"] for r in rows]
    assert docs[3].date == rows[3]["date"] and docs[3].source == "corpus.parquet: row 3"


def test_not_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UnionstateError, match="not a corpus"):
        list(read_corpus(tmp_path / "x.json"))
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    with pytest.raises(UnionstateError, match=r"broken\.parquet: not a readable Parquet table"):
        list(read_corpus(tmp_path / "broken.parquet"))


# --- the dataset ----------------------------------------------------------------------------


def test_dataset_equals_the_single_document_analysis(table, tmp_path, engine, config, rows) -> None:
    report = analyse_corpus(table, tmp_path / "out", engine, config, Executor(), batch_documents=7)
    assert (report.documents, report.analysed, report.skipped) == (40, 40, 0)
    got = sentences(tmp_path / "out")
    expected = pd.concat(
        [analyse_text(r["id"], r["text"], engine, r["date"])[0] for r in rows], ignore_index=True
    ).sort_values(["doc_id", "start"], kind="stable")
    expected = expected.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == report.sentences == len(expected)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    documents = read_table(tmp_path / "out", "documents").to_pandas().set_index("doc_id")
    assert documents["sentences"].sum() == len(got)
    shares = documents.filter(like="share_").sum(axis=1)
    assert shares.round(9).eq(1.0).all()
    one = got[got["doc_id"] == "gen-000003"]
    assert documents.loc["gen-000003", "share_military"] == (one["primary_theme"] == "military").mean()
    banded = one["estimative_terms"].str.split(";").explode().replace("", pd.NA).dropna()
    assert documents.loc["gen-000003", "estimative_terms"] == len(banded)
    actors = read_table(tmp_path / "out", "actors").to_pandas()
    mentions = one["actors"].str.split(";").explode().replace("", pd.NA).dropna().value_counts()
    assert actors[actors["doc_id"] == "gen-000003"].set_index("actor")["sentences"].to_dict() == mentions.to_dict()


def test_two_dask_workers_give_the_same_rows_as_one_process(table, tmp_path, engine, config, dask_cluster) -> None:
    from distributed import Client

    analyse_corpus(table, tmp_path / "serial", engine, config, Executor(), batch_documents=5)
    with Client(dask_cluster) as client:
        executor = DaskExecutor(client)
        assert executor.workers == 2
        report = analyse_corpus(table, tmp_path / "dask", engine, config, executor, batch_documents=5)
        workers = set(client.has_what())
    assert report.analysed == 40 and len(workers) == 2
    pd.testing.assert_frame_equal(sentences(tmp_path / "dask"), sentences(tmp_path / "serial"))
    for name in ("documents", "actors"):
        frames = [read_table(tmp_path / d, name).to_pandas() for d in ("dask", "serial")]
        keys = ["doc_id", "actor"] if name == "actors" else ["doc_id"]
        a, b = (f.sort_values(keys).reset_index(drop=True) for f in frames)
        pd.testing.assert_frame_equal(a, b)


def test_rerun_skips_unchanged_documents_and_follows_changes(tmp_path, engine, config, rows) -> None:
    corpus = tmp_path / "corpus.parquet"
    out = tmp_path / "out"
    synthetic.write_parquet(iter(rows), corpus)
    analyse_corpus(corpus, out, engine, config, Executor(), batch_documents=8)
    again = analyse_corpus(corpus, out, engine, config, Executor(), batch_documents=8)
    assert (again.analysed, again.skipped, again.removed) == (0, 40, 0)
    changed = [dict(r) for r in rows[:-1]]  # one document removed, one changed
    changed[5]["text"] = "Minsk will almost certainly host the exercises.\n"
    synthetic.write_parquet(iter(changed), corpus)
    report = analyse_corpus(corpus, out, engine, config, Executor(), batch_documents=8)
    assert (report.analysed, report.skipped, report.removed) == (1, 38, 1)
    got = sentences(out)
    assert rows[-1]["id"] not in set(got["doc_id"])
    assert got[got["doc_id"] == changed[5]["id"]]["text"].tolist() == [changed[5]["text"].strip()]
    documents = read_table(out, "documents").to_pandas()
    assert len(documents) == 39 and documents["doc_id"].is_unique
    assert len(got) == documents["sentences"].sum()
    assert sorted(p.stem for p in (out / "sentences").glob("*.parquet")) == sorted(documents["part"].unique())


def test_a_part_left_unfinished_is_removed_and_redone(table, tmp_path, engine, config) -> None:
    out = tmp_path / "out"
    analyse_corpus(table, out, engine, config, Executor(), batch_documents=10)
    part = sorted((out / "documents").glob("*.parquet"))[0]
    part.unlink()  # as if the run was killed after writing the part's sentences
    (out / "sentences" / ".part-x.parquet.tmp").write_bytes(b"half")
    report = analyse_corpus(table, out, engine, config, Executor(), batch_documents=10)
    assert (report.analysed, report.skipped) == (10, 30)
    assert not list(out.rglob("*.tmp"))
    assert len(sentences(out)) == read_table(out, "documents").to_pandas()["sentences"].sum()


def test_a_new_configuration_analyses_everything_again(table, tmp_path, engine) -> None:
    out = tmp_path / "out"
    analyse_corpus(table, out, engine, configuration_digest(FILES, 1.0), Executor())
    report = analyse_corpus(table, out, engine, configuration_digest(FILES, 2.0), Executor())
    assert (report.analysed, report.skipped) == (40, 0)
    assert read_table(out, "documents").num_rows == 40


def test_repeated_ids_are_refused(tmp_path, engine, config, rows) -> None:
    corpus = synthetic.write_parquet(iter([rows[0], rows[1], rows[0]]), tmp_path / "dup.parquet")
    with pytest.raises(UnionstateError, match=r"row 2: document id 'gen-000000' repeats .*row 0"):
        analyse_corpus(corpus, tmp_path / "out", engine, config, Executor(), label=str(corpus))


# --- the command ----------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unionstate.cli", "analyse", *args],
        capture_output=True, text=True, check=False, timeout=300, cwd=cwd,
    )  # fmt: skip


def test_cli_on_an_existing_scheduler(table, tmp_path, dask_cluster, root) -> None:
    out = str(tmp_path / "out")
    done = cli("--corpus", str(table), "--out", out, "--scheduler", dask_cluster.scheduler_address, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "40 documents: 40 analysed" in done.stderr
    again = cli("--corpus", str(table), "--out", out, "--scheduler", "synchronous", cwd=root)
    assert again.returncode == 0 and "0 analysed (0 sentences), 40 unchanged" in again.stderr
    assert "(nothing to analyse)" in again.stderr and "documents/s" not in again.stderr


def test_cli_default_local_cluster(tmp_path, root) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for i, source in enumerate(SOURCES):
        (folder / f"note-{i}.txt").write_bytes(source.read_bytes())
    done = cli("--corpus", str(folder), "--out", str(tmp_path / "out"), "--workers", "2", cwd=root)
    assert done.returncode == 0, done.stderr
    assert set(read_table(tmp_path / "out", "documents").to_pandas()["doc_id"]) == {"note-0", "note-1"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corpus", "seeds"], "--corpus needs --out DIR (the Parquet dataset's folder)"),
        (["--corpus", "nowhere", "--out", "x"], "nowhere: no such file or folder"),
        (["seeds/catalog.yml", "--corpus", "seeds", "--out", "x"], "give documents or --corpus, not both"),
        (["--corpus", "seeds", "--out", "x", "--workers", "0"], "--workers must be at least 1"),
        ([], "analyse: give one or more documents, or --corpus PATH --out DIR"),
    ],
)
def test_cli_errors_are_one_line(args, message, tmp_path, root) -> None:
    done = cli(*args, cwd=root)
    assert done.returncode == 2
    assert done.stderr.strip() == f"unionstate: error: {message}"
    assert not (root / "x").exists()


def test_cli_unreachable_scheduler(tmp_path, root, monkeypatch) -> None:
    monkeypatch.setenv("DASK_UNIONSTATE__SCHEDULER_TIMEOUT", "1s")  # not the default 10 s
    done = cli("--corpus", "seeds", "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9", cwd=root)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("unionstate: error: --scheduler tcp://127.0.0.1:9: cannot connect"), done.stderr


def test_dask_keeps_only_a_few_recent_messages(dask_cluster) -> None:
    """Task messages carry their batch of texts and Dask keeps its recent messages per connection
    (1000 by default): memory that grew with the corpus. Both executors keep only a few, and
    leave the setting as they found it."""
    import dask

    from unionstate.scale.executor import LOW_LEVEL_LOG_LENGTH, open_executor

    def scheduler_logs(dask_scheduler) -> list[int]:
        return sorted({comm.recent_message_log.maxlen for comm in dask_scheduler.stream_comms.values()})

    default = dask.config.get("distributed.admin.low-level-log-length")
    assert default > LOW_LEVEL_LOG_LENGTH
    with open_executor(None, 1) as local:
        assert local.client.scheduler_comm.recent_message_log.maxlen == LOW_LEVEL_LOG_LENGTH
        assert local.client.run_on_scheduler(scheduler_logs) == [LOW_LEVEL_LOG_LENGTH]
        worker_logs = local.client.run(lambda dask_worker: dask_worker.batched_stream.recent_message_log.maxlen)
        assert set(worker_logs.values()) == {LOW_LEVEL_LOG_LENGTH}
    with open_executor(dask_cluster.scheduler_address) as remote:
        assert remote.client.scheduler_comm.recent_message_log.maxlen == LOW_LEVEL_LOG_LENGTH
    assert dask.config.get("distributed.admin.low-level-log-length") == default


def test_the_local_cluster_accepts_no_other_client() -> None:
    """Its scheduler speaks TLS with credentials made for this run: another local process, which
    has none, cannot connect, so it cannot run code on the workers."""
    from unionstate.scale.executor import open_executor

    intruder = (
        "import sys\nfrom distributed import Client\n"
        "try:\n    Client(sys.argv[1], timeout='5s').run(lambda: 1)\nexcept Exception:\n    sys.exit(3)\n"
        "sys.exit(0)\n"
    )
    with open_executor(None, 1) as local:
        address = local.client.scheduler.address
        assert address.startswith("tls://127.0.0.1:")
        assert local.client.submit(sum, [1, 2]).result() == 3
        for attempt in (address, address.replace("tls://", "tcp://")):
            done = subprocess.run([sys.executable, "-c", intruder, attempt], capture_output=True, timeout=60)
            assert done.returncode == 3, (attempt, done.stderr[-500:])
