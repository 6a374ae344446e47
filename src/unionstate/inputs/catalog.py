"""The document catalogue (``seeds/catalog.yml``): load, validate, and resolve references."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from unionstate import paths
from unionstate.errors import UnionstateError
from unionstate.text.document import read_document, sentences
from unionstate.text.yamlio import (
    check_keys,
    line_of,
    load_yaml,
    require_list,
    require_mapping,
    require_text,
    unique_id,
)

CATALOG = Path("seeds") / "catalog.yml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
REQUIRED = ("id", "file", "title", "publisher", "date", "url", "language")
OPTIONAL = ("notes", "narrative")


@dataclass(frozen=True)
class Document:
    """A document to analyse: a catalogue entry, or a bare file with what can be known of it."""

    id: str
    path: Path
    title: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    language: str = "en"
    in_catalog: bool = False
    narrative: Path | None = None
    """Hand-written prose about this document (``narrative`` in the catalogue), if any."""


def parse_date(value: object, where: str) -> dt.date:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string; refuse impossible dates."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise UnionstateError(f"{where}: {value!r} is not a valid date (expected YYYY-MM-DD)")


def load_catalog(root: Path | None = None) -> dict[str, Document]:
    """Load and validate the project's catalogue (``seeds/catalog.yml``)."""
    root = root or paths.project_root()
    return read_catalog(root / CATALOG, CATALOG.as_posix())


def read_catalog(path: Path, label: str) -> dict[str, Document]:
    """Load and validate a catalogue file; ids are unique, every field is checked, and each
    ``file`` is relative to the catalogue's folder."""
    data = require_mapping(load_yaml(path, label), label, "the catalogue")
    check_keys(data, label, required=("documents",))
    entries = require_list(data, "documents", label)
    docs: dict[str, Document] = {}
    for entry in entries:
        where = f"{label}:{line_of(entry)}"
        entry = require_mapping(entry, where, "a catalogue entry")
        check_keys(entry, label, REQUIRED, OPTIONAL)
        doc_id = unique_id(entry, docs, label, ID_PATTERN)
        for key in ("file", "title", "publisher", "url", "language"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise UnionstateError(f"{label}:{line_of(entry, key)}: {key!r} must be a non-empty string")
        if not re.match(r"^https?://", entry["url"]):
            raise UnionstateError(f"{label}:{line_of(entry, 'url')}: url must start with http:// or https://")
        if not re.fullmatch(r"[a-z]{2}", entry["language"]):
            raise UnionstateError(f"{label}:{line_of(entry, 'language')}: language must be a two-letter code")
        file = _inside(path, entry, "file", label)
        narrative = _inside(path, entry, "narrative", label) if entry.get("narrative") is not None else None
        docs[doc_id] = Document(
            id=doc_id,
            path=file,
            title=entry["title"],
            publisher=entry["publisher"],
            date=parse_date(entry["date"], f"{label}:{line_of(entry, 'date')}"),
            url=entry["url"],
            language=entry["language"],
            in_catalog=True,
            narrative=narrative,
        )
    return docs


def _inside(catalog: Path, entry: dict, key: str, label: str) -> Path:
    """The file an entry's ``key`` names, which must lie inside the catalogue's folder."""
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise UnionstateError(f"{label}:{line_of(entry, key)}: {key!r} must be a non-empty string")
    if Path(value).is_absolute() or ".." in Path(value).parts:
        raise UnionstateError(f"{label}:{line_of(entry, key)}: {key} must be a path inside the catalogue's folder")
    file = catalog.parent / value
    if not file.resolve().is_relative_to(catalog.parent.resolve()):
        raise UnionstateError(f"{label}:{line_of(entry, key)}: {key} {value!r} leads outside the catalogue's folder")
    return file


NARRATIVE_PARTS = ("thesis", "economic", "military", "political")
"""What a narrative file may say: the document's thesis, and a line on each theme."""


def load_narrative(document: Document, root: Path | None = None) -> dict[str, str]:
    """The hand-written prose about ``document`` (its catalogue ``narrative`` file), part by part;
    empty for a document that has none, such as a bare file."""
    if document.narrative is None:
        return {}
    root = root or paths.project_root()
    label = paths.display(document.narrative, root)
    data = require_mapping(load_yaml(document.narrative, label), label, "the narrative file")
    check_keys(data, label, required=("thesis",), optional=NARRATIVE_PARTS[1:])
    return {key: require_text(data, key, label, limit=2000) for key in NARRATIVE_PARTS if key in data}


def document_name(document: Document, root: Path | None = None) -> str:
    """How errors name the document's file: relative to ``root`` when it lies inside."""
    if root is not None:
        try:
            return document.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(document.path)


def document_text(document: Document, root: Path | None = None) -> str:
    """The document's text (errors name it as :func:`document_name` does)."""
    return read_document(document.path, document_name(document, root))


def title_of(document: Document) -> str:
    """What to call a document: its catalogue title, else its first sentence, else its id."""
    if document.title:
        return document.title
    found = sentences(read_document(document.path))
    return found[0].text if found else document.id


def slug(text: str, limit: int = 80, empty: str = "document") -> str:
    """A catalogue-style id (lower-case letters, digits and '-', at most ``limit`` characters) for
    a bare file name, or any other text that must become a file name (``empty`` when none is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or empty


def resolve_document(ref: str, root: Path | None = None) -> Document:
    """A catalogue id, or a path (relative to the cwd, then to the project root) to a text file:
    the catalogue's entry when the path is one of its files."""
    root = root or paths.project_root()
    catalog = load_catalog(root)
    if ref in catalog:
        return catalog[ref]
    for candidate in (Path(ref), root / ref):
        try:
            found = candidate.exists()
        except OSError as exc:  # a name too long, a path through a file
            raise UnionstateError(f"{ref[:80]}{'…' if len(ref) > 80 else ''}: {exc.strerror or exc}") from None
        if found:
            where = candidate.resolve()
            listed = next((doc for doc in catalog.values() if doc.path.resolve() == where), None)
            return listed or Document(id=slug(candidate.stem), path=candidate)
    if ID_PATTERN.match(ref) and "." not in ref:
        known = ", ".join(sorted(catalog))
        raise UnionstateError(f"document {ref!r}: not in {CATALOG.as_posix()} (known ids: {known})")
    raise UnionstateError(f"{ref}: no such file")
