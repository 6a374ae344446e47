"""Generated corpora for benchmarks and tests: real sentences, shuffled, with varied metadata.

Each document is a title line and paragraphs of sentences drawn (with a fixed seed) from the
source texts, so the engine meets the vocabulary it was built for; publishers and dates vary so
the aggregates have something to show. The result is deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from unionstate.text.document import sentences

FIELDS = ("id", "title", "publisher", "date", "url", "text")
PUBLISHERS = ("Publisher A", "Publisher B", "Publisher C", "Publisher D")
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 6 * 365


def _pool(texts: list[str]) -> list[str]:
    pool = [s.text for text in texts for s in sentences(text) if s.kind in ("paragraph", "bullet")]
    if not pool:
        raise ValueError("the source texts have no paragraph sentences")
    return pool


def generate(texts: list[str], n: int, seed: int = 0, sentences_per_doc: tuple[int, int] = (8, 40)) -> Iterator[dict]:
    """``n`` document rows (id, title, publisher, date, url, text) built from ``texts``."""
    rng = random.Random(seed)
    pool = _pool(texts)
    for i in range(n):
        chosen = rng.choices(pool, k=rng.randint(*sentences_per_doc))
        paragraphs = [" ".join(chosen[j : j + 4]) for j in range(0, len(chosen), 4)]
        yield {
            "id": f"gen-{i:06d}",
            "title": f"Generated commentary {i}",
            "publisher": rng.choice(PUBLISHERS),
            "date": FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
            "url": f"https://example.org/gen/{i}",
            "text": f"Generated commentary {i}\n\n" + "\n\n".join(paragraphs) + "\n",
        }


def write_parquet(rows: Iterator[dict], path: Path, chunk: int = 1000) -> Path:
    """Write generated rows to a Parquet table, ``chunk`` rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.date32() if name == "date" else pa.string()) for name in FIELDS])
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return path
