"""Score the engine against the hand-coded annotations (``data/annotations/``).

Themes are scored per theme as sentence labels; actors, dates and estimative terms as the items
of each sentence (micro-averaged over the document). Precision, recall and F1 per document.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd

from .analysis import Engine, analyse
from .catalog import parse_date, resolve_document
from .errors import UnionstateError
from .themes import THEMES
from .yamlio import check_keys, line_of, load_yaml, require_mapping

ANNOTATIONS = Path("data") / "annotations" / "documents.yml"
FIELDS = ("actors", "dates", "estimative_terms")


def _split(cell: str) -> set[str]:
    return {v for v in cell.split(";") if v}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def read_annotations(path: Path, label: str) -> pd.DataFrame:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise UnionstateError(f"{label}: no such file") from None
    required = {"sentence_id", "text", "themes", *FIELDS}
    if not rows or not required <= set(rows[0]):
        raise UnionstateError(f"{label}: needs the columns {', '.join(sorted(required))}")
    for number, row in enumerate(rows, start=2):
        unknown = _split(row["themes"]) - set(THEMES)
        if unknown:
            raise UnionstateError(f"{label}:{number}: unknown theme {sorted(unknown)[0]!r}")
    return pd.DataFrame(rows)


def evaluate_document(gold: pd.DataFrame, predicted: pd.DataFrame, label: str) -> pd.DataFrame:
    """One row per (field, label) with counts, precision, recall and F1."""
    if list(gold["sentence_id"]) != list(predicted["sentence_id"]) or list(gold["text"]) != list(predicted["text"]):
        raise UnionstateError(f"{label}: the annotations' sentences no longer match the segmentation")
    rows = []
    for theme in THEMES:
        g = gold["themes"].map(lambda c, t=theme: t in _split(c))
        p = predicted["themes"].map(lambda c, t=theme: t in _split(c))
        tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
        rows.append(("themes", theme, tp, fp, fn, *_prf(tp, fp, fn)))
    for field in FIELDS:
        tp = fp = fn = 0
        for g_cell, p_cell in zip(gold[field], predicted[field], strict=True):
            g, p = _split(g_cell), _split(p_cell)
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        rows.append((field, "all", tp, fp, fn, *_prf(tp, fp, fn)))
    return pd.DataFrame(rows, columns=["field", "label", "tp", "fp", "fn", "precision", "recall", "f1"])


def evaluate(root: Path, engine: Engine, manifest: Path | None = None) -> pd.DataFrame:
    """Evaluate every annotated document; one table with a ``document`` and ``role`` column."""
    path = manifest or root / ANNOTATIONS
    label = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data = require_mapping(load_yaml(path, label), label, "the annotation manifest")
    check_keys(data, label, required=("documents",))
    tables = []
    for entry in data["documents"] or []:
        entry = require_mapping(entry, label, "an annotated document")
        check_keys(entry, label, required=("document", "annotations", "document_date", "role"))
        if entry["role"] not in ("development", "held-out"):
            raise UnionstateError(f"{label}:{line_of(entry, 'role')}: role must be development or held-out")
        doc = resolve_document(str(entry["document"]), root)
        date = parse_date(entry["document_date"], f"{label}:{line_of(entry, 'document_date')}")
        predicted = analyse(dataclasses.replace(doc, date=date), engine, root).sentences
        folder = path.parent.relative_to(root).as_posix() if path.is_relative_to(root) else str(path.parent)
        gold_label = f"{folder}/{entry['annotations']}"
        gold = read_annotations(path.parent / entry["annotations"], gold_label)
        table = evaluate_document(gold, predicted, gold_label)
        table.insert(0, "role", entry["role"])
        table.insert(0, "document", doc.id)
        tables.append(table)
    if not tables:
        raise UnionstateError(f"{label}: no documents")
    return pd.concat(tables, ignore_index=True)
