"""A corpus analysed into a partitioned Parquet dataset, incrementally and on any executor.

Layout of the output folder (each part holds one batch of documents)::

    sentences/part-<id>.parquet   one row per sentence: the fields of ``unionstate analyse``
    actors/part-<id>.parquet      one row per document and actor: sentences naming the actor
    documents/part-<id>.parquet   one row per document: metadata, content hash, sentence and word
                                  counts, theme shares and the estimative profile

A part's ``documents`` file is written last, so a part counts only once it is complete; files of
an unfinished part are removed on the next run. A document is skipped when a part already holds
it under the same content hash (its text and metadata, the configuration and the package
source); a changed or removed document is taken out of its old part, so the dataset always
mirrors the corpus it was last run on.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from unionstate.errors import UnionstateError
from unionstate.fingerprint import Digest
from unionstate.locks import exclusive
from unionstate.scale.corpora import Text, count, read_corpus
from unionstate.scale.executor import Executor
from unionstate.text.engine import COLUMNS, Engine, iter_records
from unionstate.writing import replacing

FORMAT = "unionstate-dataset-2"
TABLES = ("sentences", "actors", "documents")
ACTOR_COLUMNS = ("doc_id", "actor", "name", "type", "sentences")
BATCH_DOCUMENTS = 32
BATCH_CHARACTERS = 2_000_000
"""A batch closes at this many documents or characters, whichever comes first."""

INTEGERS = frozenset({"paragraph", "start", "end", "probability_low", "probability_high"})
SENTENCES = pa.schema([(c, pa.int64() if c in INTEGERS else pa.string()) for c in COLUMNS])
"""The fields of ``unionstate analyse``, in its order."""
ACTORS = pa.schema([(c, pa.int64() if c == "sentences" else pa.string()) for c in ACTOR_COLUMNS])
METADATA = [
    ("doc_id", pa.string()), ("title", pa.string()), ("publisher", pa.string()), ("date", pa.date32()),
    ("url", pa.string()), ("source", pa.string()), ("content_hash", pa.string()), ("part", pa.string()),
    ("sentences", pa.int64()), ("words", pa.int64()), ("estimative_terms", pa.int64()),
]  # fmt: skip


def column_name(label: str) -> str:
    """A band or theme label as a column-name suffix: ``almost no chance`` → ``almost_no_chance``."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def documents_schema(engine: Engine) -> pa.Schema:
    themes = [(f"share_{column_name(t)}", pa.float64()) for t in [*engine.lexicon.labels, "none"]]
    bands = [(f"estimative_{column_name(b)}", pa.int64()) for b in engine.scale.bands]
    return pa.schema(METADATA + themes + bands)


def configuration_digest(files: Iterable[Path], min_score: float) -> str:
    """What every document's analysis depends on besides the document: configuration and code."""
    h = Digest(FORMAT).add("min_score", repr(float(min_score)).encode())
    for path in files:
        h.add(path.name, path.read_bytes())
    return h.add_modules("import unionstate.scale.dataset", "the corpus analysis").hexdigest()


def document_key(text: Text, configuration: str) -> str:
    """The content hash that decides whether a document must be analysed again (where it was read
    from is not part of it: a corpus moved to another folder is not analysed again)."""
    meta = [text.id, text.title, text.publisher, text.date and text.date.isoformat(), text.url]
    h = Digest(configuration).add("meta", json.dumps(meta).encode()).add("text", text.text.encode("utf-8"))
    return h.hexdigest()[:32]


def part_name(keys: list[str]) -> str:
    return "part-" + Digest(FORMAT).add("keys", "\n".join(sorted(keys)).encode()).hexdigest()[:16]


def analyse_batch(batch: tuple[str, list[tuple[str, Text]]], engine: Engine) -> dict[str, pa.Table]:
    """Analyse one batch of documents into the three tables of its part (runs on a worker)."""
    part, documents = batch
    sentences: list[dict] = []
    actors: list[dict] = []
    summaries: list[dict] = []
    bands = engine.scale.bands
    for key, doc in documents:
        records = [record for record, _ in iter_records(doc.id, doc.text, engine, doc.date)]
        sentences += records
        n = len(records)
        primary = {t: 0 for t in [*engine.lexicon.labels, ""]}
        profile = dict.fromkeys(bands, 0)
        named: dict[str, int] = {}
        for record in records:
            primary[record["primary_theme"]] += 1
            for term in filter(None, record["estimative_terms"].split(";")):
                profile[engine.scale.band(term)] += 1
            for actor in filter(None, record["actors"].split(";")):
                named[actor] = named.get(actor, 0) + 1
        summaries.append(
            {
                "doc_id": doc.id,
                "title": doc.title,
                "publisher": doc.publisher,
                "date": doc.date,
                "url": doc.url,
                "source": doc.source,
                "content_hash": key,
                "part": part,
                "sentences": n,
                "words": len(doc.text.split()),
                "estimative_terms": sum(profile.values()),
                **{f"share_{column_name(t or 'none')}": (c / n if n else 0.0) for t, c in primary.items()},
                **{f"estimative_{column_name(b)}": c for b, c in profile.items()},
            }
        )
        for actor, c in sorted(named.items(), key=lambda kv: (-kv[1], kv[0])):
            name, kind = engine.gazetteer.describe(actor)
            actors.append({"doc_id": doc.id, "actor": actor, "name": name, "type": kind, "sentences": c})
    return {
        "sentences": pa.Table.from_pylist(sentences, schema=SENTENCES),
        "actors": pa.Table.from_pylist(actors, schema=ACTORS),
        "documents": pa.Table.from_pylist(summaries, schema=documents_schema(engine)),
    }


def _write(table: pa.Table, path: Path) -> None:
    with replacing(path) as tmp:
        pq.write_table(table, tmp)


def write_part(out: Path, part: str, tables: dict[str, pa.Table]) -> None:
    """Write a part's three files, ``documents`` last (it marks the part complete)."""
    for name in TABLES:
        _write(tables[name], out / name / f"{part}.parquet")


def _remove_part(out: Path, part: str) -> None:
    for name in reversed(TABLES):  # documents first: the part stops counting before its rows go
        (out / name / f"{part}.parquet").unlink(missing_ok=True)


def _parts(out: Path, table: str) -> dict[str, Path]:
    return {p.stem: p for p in sorted((out / table).glob("part-*.parquet"))}


def _repair(out: Path) -> None:
    """Remove temporary files and the files of parts that never got their documents file."""
    complete = set(_parts(out, "documents"))
    for name in TABLES:
        for tmp in (out / name).glob(".*.tmp"):
            tmp.unlink()
        for part, path in _parts(out, name).items():
            if part not in complete:
                path.unlink()


def _done(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Every document the dataset holds: id → [(content hash, part)] (more than one after an
    interrupted rewrite; such a document is analysed again)."""
    held: dict[str, list[tuple[str, str]]] = {}
    for part, path in _parts(out, "documents").items():
        table = pq.read_table(path, columns=["doc_id", "content_hash"])
        for doc_id, key in zip(*(table.column(c).to_pylist() for c in ("doc_id", "content_hash")), strict=True):
            held.setdefault(doc_id, []).append((key, part))
    return held


def _drop(out: Path, part: str, ids: set[str]) -> None:
    """Take the documents ``ids`` out of ``part`` (the rest is rewritten under a new part name)."""
    documents = pq.read_table(out / "documents" / f"{part}.parquet")
    drop = pa.array(sorted(ids), pa.string())
    remaining = documents.filter(pc.invert(pc.is_in(documents["doc_id"], drop)))
    if remaining.num_rows:
        new = part_name(remaining["content_hash"].to_pylist())
        index = remaining.schema.get_field_index("part")
        tables = {"documents": remaining.set_column(index, "part", pa.array([new] * remaining.num_rows, pa.string()))}
        for name in ("sentences", "actors"):
            table = pq.read_table(out / name / f"{part}.parquet")
            tables[name] = table.filter(pc.invert(pc.is_in(table["doc_id"], drop)))
        write_part(out, new, tables)
    _remove_part(out, part)


@dataclass
class Report:
    """What a corpus run did."""

    documents: int = 0
    analysed: int = 0
    skipped: int = 0
    removed: int = 0
    sentences: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        speed = f", {self.rate:.1f} documents/s" if self.analysed else " (nothing to analyse)"
        return (
            f"{self.documents} documents: {self.analysed} analysed ({self.sentences} sentences), "
            f"{self.skipped} unchanged, {self.removed} removed; {self.seconds:.1f} s{speed}"
        )


def analyse_corpus(
    corpus: Path,
    out: Path,
    engine: Engine,
    configuration: str,
    executor: Executor,
    label: str | None = None,
    progress: bool | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
) -> Report:
    """Analyse every new or changed document of ``corpus`` into the dataset at ``out``.

    ``configuration`` is :func:`configuration_digest` of the engine's files; ``progress``
    shows a bar of documents/s on stderr (None: only on a terminal).
    """
    from tqdm import tqdm

    label = label or str(corpus)
    total = count(corpus, label)  # also refuses what is not a corpus before anything is written
    if out.exists() and not out.is_dir():
        raise UnionstateError(f"{out}: exists and is not a folder")
    for name in TABLES:
        (out / name).mkdir(parents=True, exist_ok=True)
    report = Report()
    start = time.monotonic()
    busy = f"{out}: another unionstate analyse is writing this dataset"
    with (
        exclusive(out / ".lock", busy),
        tqdm(total=total, unit="doc", disable=None if progress is None else not progress) as bar,
    ):
        _repair(out)
        held = _done(out)
        kept: set[tuple[str, str]] = set()  # (id, part) of documents skipped as unchanged
        seen: dict[str, str] = {}

        def batches() -> Iterator[tuple[str, list[tuple[str, Text]]]]:
            batch: list[tuple[str, Text]] = []
            size = 0
            for text in read_corpus(corpus, label):
                if text.id in seen:
                    raise UnionstateError(f"{text.source}: document id {text.id!r} repeats {seen[text.id]}")
                seen[text.id] = text.source
                report.documents += 1
                key = document_key(text, configuration)
                previous = held.get(text.id, [])
                if len(previous) == 1 and previous[0][0] == key:
                    kept.add((text.id, previous[0][1]))
                    report.skipped += 1
                    bar.update(1)
                    continue
                batch.append((key, text))
                size += len(text.text)
                if len(batch) >= batch_documents or size >= BATCH_CHARACTERS:
                    yield part_name([k for k, _ in batch]), batch
                    batch, size = [], 0
            if batch:
                yield part_name([k for k, _ in batch]), batch

        shared = executor.share(engine)
        for tables in executor.map_unordered(analyse_batch, batches(), shared):
            part = tables["documents"]["part"][0].as_py()
            write_part(out, part, tables)
            report.analysed += tables["documents"].num_rows
            report.sentences += tables["sentences"].num_rows
            bar.update(tables["documents"].num_rows)
        stale: dict[str, set[str]] = {}
        for doc_id, entries in held.items():
            for _, part in entries:
                if (doc_id, part) not in kept:
                    stale.setdefault(part, set()).add(doc_id)
                    report.removed += doc_id not in seen
        for part, ids in sorted(stale.items()):
            _drop(out, part, ids)
    report.seconds = time.monotonic() - start
    return report


def table_folder(out: Path, table: str) -> Path:
    """The folder of one of the dataset's tables, or a one-line error if nothing was analysed."""
    if table not in TABLES:
        raise UnionstateError(f"unknown table {table!r} (expected one of: {', '.join(TABLES)})")
    folder = out / table
    if not folder.is_dir() or not any(folder.glob("part-*.parquet")):
        raise UnionstateError(f"{out}: no analysed corpus here (run: unionstate analyse --corpus PATH --out {out})")
    return folder


def read_table(out: Path, table: str, columns: list[str] | None = None, filters=None) -> pa.Table:
    """One of the dataset's tables (``sentences``, ``actors``, ``documents``) as Arrow."""
    return pq.read_table(table_folder(out, table), columns=columns, filters=filters)
