"""Score the engine against the hand-coded annotations (``data/annotations/``).

Themes are scored as the main theme of each sentence, with "none" a class of its own: accuracy,
Cohen's κ, precision, recall and F1 per class and a confusion matrix, for the three coding
methods side by side (the lexicon alone, the embeddings alone, the coder), per document and
pooled by role. A metric with no support is ``None`` (shown as "n/a"), never 1.0. Actors, dates
and estimative terms are scored as the items of each sentence (micro-averaged), and the
``themes`` labels (several per sentence) per theme, where a document codes them.

The annotations are read here only: the analysis never sees them.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from unionstate.errors import UnionstateError
from unionstate.inputs.analysis import analyse
from unionstate.inputs.catalog import Document, parse_date, resolve_document
from unionstate.text.coder import METHODS, read
from unionstate.text.document import read_document
from unionstate.text.engine import Engine, theme_evidence
from unionstate.text.themes import THEMES
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping

ANNOTATIONS = Path("data") / "annotations" / "documents.yml"
FIELDS = ("actors", "dates", "estimative_terms")
CODED = ("themes", *FIELDS)
ROLES = ("development", "test")
NONE = "none"
CLASSES = (*THEMES, NONE)


@dataclass(frozen=True)
class Annotated:
    """One hand-coded document: the document (dated as coded), its role and its coding."""

    document: Document
    role: str
    fields: tuple[str, ...]
    gold: pd.DataFrame
    label: str


def _split(cell: str) -> set[str]:
    return {v for v in cell.split(";") if v}


def read_annotations(path: Path, label: str, fields: Sequence[str] = CODED) -> pd.DataFrame:
    """An annotation CSV, checked: the columns its fields need, known themes, a primary among them."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise UnionstateError(f"{label}: no such file") from None
    required = {"sentence_id", "text", "primary", *fields}
    if not rows or not required <= set(rows[0]):
        raise UnionstateError(f"{label}: needs the columns {', '.join(sorted(required))}")
    for number, row in enumerate(rows, start=2):
        labels = _split(row.get("themes", ""))
        unknown = (labels | _split(row["primary"])) - set(THEMES)
        if unknown:
            raise UnionstateError(f"{label}:{number}: unknown theme {sorted(unknown)[0]!r}")
        if "themes" in fields and (row["primary"] not in labels if labels else row["primary"]):
            raise UnionstateError(f"{label}:{number}: primary {row['primary']!r} is not one of its themes")
    return pd.DataFrame(rows)


def load_annotated(root: Path, manifest: Path | None = None) -> list[Annotated]:
    """Every document of the manifest with its annotations, validated; errors name the line."""
    path = manifest or root / ANNOTATIONS
    label = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data = require_mapping(load_yaml(path, label), label, "the annotation manifest")
    check_keys(data, label, required=("documents",))
    folder = path.parent.relative_to(root).as_posix() if path.is_relative_to(root) else str(path.parent)
    out = []
    for entry in data["documents"] or []:
        entry = require_mapping(entry, label, "an annotated document")
        check_keys(
            entry, label, required=("document", "annotations", "document_date", "role", "coded"), optional=("fields",)
        )
        if entry["role"] not in ROLES:
            raise UnionstateError(f"{label}:{line_of(entry, 'role')}: role must be development or test")
        parse_date(entry["coded"], f"{label}:{line_of(entry, 'coded')}")
        fields = tuple(entry.get("fields") or CODED)
        if not set(fields) <= set(CODED) or "themes" not in fields:
            raise UnionstateError(f"{label}:{line_of(entry, 'fields')}: fields must include themes, from {CODED}")
        doc = resolve_document(str(entry["document"]), root)
        date = parse_date(entry["document_date"], f"{label}:{line_of(entry, 'document_date')}")
        gold_label = f"{folder}/{entry['annotations']}"
        gold = read_annotations(path.parent / entry["annotations"], gold_label, fields)
        out.append(Annotated(dataclasses.replace(doc, date=date), entry["role"], fields, gold, gold_label))
    if not out:
        raise UnionstateError(f"{label}: no documents")
    return out


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 3) if den else None


def agreement(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float | None]:
    """Accuracy, Cohen's κ and per-class precision, recall and F1 of main themes ('' is none)."""
    g = np.array([x or NONE for x in gold])
    p = np.array([x or NONE for x in predicted])
    n = len(g)
    out: dict[str, float | None] = {"sentences": n, "accuracy": _ratio(float((g == p).sum()), n)}
    expected = sum(float((g == c).sum()) * float((p == c).sum()) for c in CLASSES) / n**2 if n else 1.0
    observed = float((g == p).mean()) if n else 0.0
    out["kappa"] = round((observed - expected) / (1 - expected), 3) if expected < 1 else None
    for c in CLASSES:
        tp, fp, fn = (
            int(((g == c) & (p == c)).sum()),
            int(((g != c) & (p == c)).sum()),
            int(((g == c) & (p != c)).sum()),
        )
        out[f"precision_{c}"] = _ratio(tp, tp + fp)
        out[f"recall_{c}"] = _ratio(tp, tp + fn)
        out[f"f1_{c}"] = _ratio(2 * tp, 2 * tp + fp + fn)
    return out


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> pd.DataFrame:
    """Sentences by hand-coded main theme (rows) and coded main theme (columns)."""
    frame = pd.crosstab(
        pd.Categorical([x or NONE for x in gold], CLASSES), pd.Categorical([x or NONE for x in predicted], CLASSES)
    )
    frame.index.name, frame.columns.name = "hand-coded", "coded"
    return frame.reindex(index=list(CLASSES), columns=list(CLASSES), fill_value=0)


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)


def field_scores(gold: pd.DataFrame, predicted: pd.DataFrame, fields: Sequence[str]) -> pd.DataFrame:
    """One row per (field, label) with counts, precision, recall and F1 (None without support)."""
    rows = []
    if "themes" in fields:
        for theme in THEMES:
            g = gold["themes"].map(lambda c, t=theme: t in _split(c))
            p = predicted["themes"].map(lambda c, t=theme: t in _split(c))
            tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
            rows.append(("themes", theme, tp, fp, fn, *_prf(tp, fp, fn)))
    for field in FIELDS:
        if field not in fields:
            continue
        tp = fp = fn = 0
        for g_cell, p_cell in zip(gold[field], predicted[field], strict=True):
            g, p = _split(g_cell), _split(p_cell)
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        rows.append((field, "all", tp, fp, fn, *_prf(tp, fp, fn)))
    return pd.DataFrame(rows, columns=["field", "label", "tp", "fp", "fn", "precision", "recall", "f1"])


@dataclass(frozen=True)
class Validation:
    """Everything ``unionstate evaluate`` reports."""

    themes: pd.DataFrame
    """Main-theme agreement per (document or pooled role) and method."""
    codings: pd.DataFrame
    """Every annotated sentence: document, role, sentence, text, hand-coded and coded main theme
    (one column per method) and the coder's evidence."""
    fields: pd.DataFrame
    """Item scores of the other fields and of the several-themes labels, per document."""

    def confusion(self, role: str, method: str = "coder") -> pd.DataFrame:
        rows = self.codings[self.codings["role"] == role]
        return confusion(rows["hand-coded"], rows[method])

    def disagreements(self, role: str | None = None, method: str = "coder") -> pd.DataFrame:
        rows = self.codings if role is None else self.codings[self.codings["role"] == role]
        rows = rows[rows["hand-coded"] != rows[method]]
        return rows[["document", "role", "sentence_id", "text", "hand-coded", method, "evidence"]].reset_index(
            drop=True
        )


def evaluate(root: Path, engine: Engine, manifest: Path | None = None) -> Validation:
    """Code every annotated document with each method and score it against the hand coding."""
    codings, fields = [], []
    for item in load_annotated(root, manifest):
        found, evidence = theme_evidence(read_document(item.document.path, item.label), engine)
        gold = item.gold
        if [s.sentence_id for s in found] != list(gold["sentence_id"]) or [s.text for s in found] != list(gold["text"]):
            raise UnionstateError(f"{item.label}: the annotations' sentences no longer match the segmentation")
        frame = pd.DataFrame(
            {
                "document": item.document.id,
                "role": item.role,
                "sentence_id": gold["sentence_id"],
                "text": gold["text"],
                "hand-coded": [x or NONE for x in gold["primary"]],
            }
        )
        for method in METHODS:
            coded = read(found, evidence, engine.coder, engine.min_score, method)
            frame[method] = [c.primary or NONE for c in coded]
            if method == "coder":
                frame["evidence"] = [c.evidence for c in coded]
        codings.append(frame)
        predicted = analyse(item.document, engine, root).sentences
        table = field_scores(gold, predicted, item.fields)
        table.insert(0, "role", item.role)
        table.insert(0, "document", item.document.id)
        fields.append(table)
    all_codings = pd.concat(codings, ignore_index=True)
    rows = []
    groups = [(doc, rows.iloc[0]["role"], rows) for doc, rows in all_codings.groupby("document", sort=False)]
    groups += [(f"all {role}", role, all_codings[all_codings["role"] == role]) for role in ROLES]
    for name, role, group in groups:
        if group.empty:
            continue
        for method in METHODS:
            rows.append(
                {"document": name, "role": role, "method": method, **agreement(group["hand-coded"], group[method])}
            )
    return Validation(pd.DataFrame(rows), all_codings, pd.concat(fields, ignore_index=True))


DRAWS = 2000
"""Bootstrap draws behind the interval of a corrected share."""
LEVEL = 95
"""The interval's coverage, in per cent."""


def corrected_shares(
    predicted: Sequence[str], gold: Sequence[str], coded: Sequence[str], draws: int = DRAWS, seed: int = 0
) -> pd.DataFrame:
    """Main-theme shares of a document corrected by the measured error, with a 95% interval.

    ``predicted`` are the document's coded main themes; ``gold``/``coded`` the hand-coded and
    coded main themes of the test sentences. The share of class j is Σᵢ nᵢ·P(j | coded i) / N,
    with P estimated from the test sentences (half a sentence added to every cell, so a class
    never seen coded keeps some doubt). The interval is the percentile range over
    ``draws`` bootstrap draws that resample both the test sentences and the document's
    sentences (the central :data:`LEVEL` per cent); the seed is fixed, so the numbers are
    reproducible.
    """
    k = len(CLASSES)
    index = {c: i for i, c in enumerate(CLASSES)}
    doc = np.array([index[x or NONE] for x in predicted], dtype=np.intp)
    pairs = np.array([(index[c or NONE], index[g or NONE]) for g, c in zip(gold, coded, strict=True)], dtype=np.intp)

    def shares(doc_sample: np.ndarray, pair_sample: np.ndarray) -> np.ndarray:
        counts = np.bincount(pair_sample[:, 0] * k + pair_sample[:, 1], minlength=k * k).reshape(k, k) + 0.5
        given = counts / counts.sum(axis=1, keepdims=True)
        return np.bincount(doc_sample, minlength=k) @ given / max(len(doc_sample), 1)

    rng = np.random.default_rng(seed)
    draws_out = np.array(
        [
            shares(doc[rng.integers(0, len(doc), len(doc))], pairs[rng.integers(0, len(pairs), len(pairs))])
            for _ in range(draws)
        ]
    )
    tail = (100 - LEVEL) / 2
    low, high = np.percentile(draws_out, [tail, 100 - tail], axis=0)
    raw = np.bincount(doc, minlength=k) / max(len(doc), 1)
    return pd.DataFrame(
        {
            "theme": list(CLASSES),
            "share": raw.round(3),
            "corrected": shares(doc, pairs).round(3),
            "low": low.round(3),
            "high": high.round(3),
        }
    )


def themes_table(validation: Validation, per_document: bool = True) -> pd.DataFrame:
    """The main-theme agreement table as printed and shown in the book (``None`` kept for n/a)."""
    table = validation.themes
    if not per_document:
        table = table[table["document"].str.startswith("all ")]
    columns = ["document", "role", "method", "sentences", "accuracy", "kappa", *(f"f1_{c}" for c in CLASSES)]
    return table[columns].rename(columns={f"f1_{c}": f"F1 {c}" for c in CLASSES} | {"kappa": "κ"})


def report(validation: Validation, disagreements: bool = False) -> str:
    """The text ``unionstate evaluate`` prints: agreement, confusion, the other fields."""
    parts = [
        "Main theme of each sentence (none is a class; n/a: no support)",
        themes_table(validation).to_string(index=False, na_rep="n/a"),
    ]
    for role in ROLES:
        if (validation.codings["role"] == role).any():
            parts += ["", f"Confusion, coder, {role} documents", validation.confusion(role).to_string()]
    parts += [
        "",
        "Other fields (items per sentence) and several-themes labels",
        validation.fields.to_string(index=False, na_rep="n/a"),
    ]
    if disagreements:
        parts += ["", "Where the coder and the hand coding disagree", validation.disagreements().to_string(index=False)]
    return "\n".join(parts)
