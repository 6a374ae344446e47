"""Corpora at scale: stream documents from a folder, a catalogue, or a CSV/Parquet table.

A corpus is read one document at a time (Parquet and CSV row by row, folders file by file), so
memory does not grow with the archive. Every source yields the same :class:`Text`: an id, the
metadata that is known, and the decoded text. Ids must be unique within a corpus.

- **folder**: every ``*.txt``, ``*.md`` and ``*.markdown`` file below it, in sorted path order;
  the id is the path (without suffix) made into a slug, and no metadata is known. A folder that
  holds a ``catalog.yml`` is read as that catalogue.
- **catalogue**: a YAML file in the format of ``seeds/catalog.yml``.
- **table**: ``.csv`` or ``.parquet`` with columns ``id`` and ``text`` and, optionally,
  ``title``, ``publisher``, ``date`` (``YYYY-MM-DD``) and ``url``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from unionstate.errors import UnionstateError
from unionstate.inputs.catalog import parse_date, read_catalog, slug
from unionstate.text.document import MAX_BYTES, decode, read_document

SUFFIXES = (".txt", ".md", ".markdown")
COLUMNS = ("id", "text", "title", "publisher", "date", "url")
REQUIRED = ("id", "text")
BATCH_ROWS = 64
"""Rows read from a Parquet file at a time."""


@dataclass(frozen=True)
class Text:
    """One document of a corpus: id, known metadata, where it came from, and its text."""

    id: str
    text: str
    source: str
    title: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None


def kind(path: Path) -> str:
    """What sort of corpus ``path`` is: folder, catalogue, csv or parquet (or a one-line error)."""
    if not path.exists():
        raise UnionstateError(f"{path}: no such file or folder")
    if path.is_dir():
        return "catalogue" if (path / "catalog.yml").is_file() else "folder"
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return "catalogue"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    raise UnionstateError(f"{path}: not a corpus (expected a folder, a catalogue .yml, a .csv or a .parquet table)")


def read_corpus(path: Path, label: str | None = None) -> Iterator[Text]:
    """Stream the documents of the corpus at ``path`` (``label`` names it in errors)."""
    label = label or str(path)
    source = kind(path)
    if source == "folder":
        yield from _folder(path, label)
    elif source == "catalogue":
        yield from _catalogue(_catalogue_file(path), f"{label}/catalog.yml" if path.is_dir() else label)
    elif source == "csv":
        yield from _csv(path, label)
    else:
        yield from _parquet(path, label)


def count(path: Path, label: str | None = None) -> int:
    """How many documents the corpus holds (without decoding them; a CSV table is scanned)."""
    label = label or str(path)
    source = kind(path)
    if source == "folder":
        return sum(1 for _ in _files(path))
    if source == "catalogue":
        return len(read_catalog(_catalogue_file(path), label))
    if source == "parquet":
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise UnionstateError(f"{label}: not a readable Parquet table ({exc})") from None
    _allow_large_fields()
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _allow_large_fields() -> None:
    """A CSV cell may hold a whole document: let it be as large as the document limit."""
    csv.field_size_limit(max(MAX_BYTES, csv.field_size_limit()))


def files(path: Path) -> list[Path]:
    """The files whose content makes up the corpus (for up-to-date checks)."""
    source = kind(path)
    if source == "folder":
        return list(_files(path))
    if source == "catalogue":
        catalogue = _catalogue_file(path)
        return [catalogue, *(doc.path for doc in read_catalog(catalogue, str(catalogue)).values())]
    return [path]


def _catalogue_file(path: Path) -> Path:
    return path / "catalog.yml" if path.is_dir() else path


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in SUFFIXES and path.is_file() and not any(p.startswith(".") for p in path.parts):
            yield path


def _folder(folder: Path, label: str) -> Iterator[Text]:
    for path in _files(folder):
        relative = path.relative_to(folder)
        name = f"{label.rstrip('/')}/{relative.as_posix()}"
        yield Text(id=slug(relative.with_suffix("").as_posix()), text=read_document(path, name), source=name)


def _catalogue(path: Path, label: str) -> Iterator[Text]:
    for doc in read_catalog(path, label).values():
        name = f"{Path(label).parent.as_posix()}/{doc.path.relative_to(path.parent).as_posix()}"
        yield Text(
            id=doc.id,
            text=read_document(doc.path, name),
            source=name,
            title=doc.title,
            publisher=doc.publisher,
            date=doc.date,
            url=doc.url,
        )


def _row(values: dict, where: str) -> Text:
    """Validate one table row (id and text required; the rest optional) into a :class:`Text`."""
    doc_id = values.get("id")
    if doc_id is None or not str(doc_id).strip():
        raise UnionstateError(f"{where}: empty id")
    text = values.get("text")
    if not isinstance(text, str):
        raise UnionstateError(f"{where}: document {doc_id!r} has no text")
    if len(text) > MAX_BYTES:
        raise UnionstateError(f"{where}: document {doc_id!r} is larger than the {MAX_BYTES // 2**20} MB limit")
    date = values.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    elif date is not None and not isinstance(date, dt.date):
        date = parse_date(str(date), f"{where}: date") if str(date).strip() else None

    def optional(key: str) -> str | None:
        value = values.get(key)
        return str(value) if value is not None and str(value).strip() else None

    return Text(
        id=str(doc_id),
        text=decode(text.encode("utf-8", "surrogatepass"), f"{where}: document {doc_id!r}"),
        source=where,
        title=optional("title"),
        publisher=optional("publisher"),
        date=date,
        url=optional("url"),
    )


def _check_columns(columns: list[str], label: str) -> None:
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UnionstateError(f"{label}: missing column(s) {', '.join(missing)} (a corpus table needs id and text)")


def _csv(path: Path, label: str) -> Iterator[Text]:
    _allow_large_fields()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_columns(list(reader.fieldnames or []), label)
            line = reader.line_num + 1
            for values in reader:
                yield _row(values, f"{label}:{line}")
                line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise UnionstateError(f"{label}: not valid UTF-8 ({exc.reason}); re-save the table as UTF-8") from None
    except csv.Error as exc:
        raise UnionstateError(f"{label}: not a readable CSV table ({exc})") from None


def _parquet(path: Path, label: str) -> Iterator[Text]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise UnionstateError(f"{label}: not a readable Parquet table ({exc})") from None
    names = table.schema_arrow.names
    _check_columns(names, label)
    row = 0
    for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=[c for c in COLUMNS if c in names]):
        for values in batch.to_pylist():
            yield _row(values, f"{label}: row {row}")
            row += 1
