"""Sentence records written as they come, one document at a time: CSV or JSON lines, byte for
byte what pandas' ``to_csv`` and ``to_json(orient="records", lines=True)`` write for the same
records (a test compares them), without building a table first."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from operator import itemgetter

from unionstate.text.engine import COLUMNS


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    """The header row, then one CSV line per record (``None`` as an empty field, as ``csv``
    writes it)."""
    fields = itemgetter(*COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(fields(record))
        yield buffer.getvalue()


def json_lines(records: Iterable[dict]) -> Iterator[str]:
    """One JSON object per record and line, fields in :data:`COLUMNS` order (``/`` escaped as
    pandas does, other characters as written)."""
    for record in records:
        text = json.dumps({c: record[c] for c in COLUMNS}, ensure_ascii=False, separators=(",", ":"))
        yield text.replace("/", "\\/") + "\n"
