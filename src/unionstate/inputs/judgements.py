"""Judgements revisited (``data/judgements.yml``): the commentary's estimative judgements set
beside later sourced events, each with a verdict, a rationale and checked evidence.

Checked on load: each judgement's sentence is a sentence of the document, each piece of evidence
is exactly one row of ``data/reference/``, and one judgement never sets figures of one indicator
on different statistical bases side by side (the Context page's rule)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from unionstate.errors import UnionstateError
from unionstate.inputs.catalog import resolve_document
from unionstate.inputs.reference import load_events, load_indicators, load_programmes
from unionstate.text.document import read_document, sentences
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping

JUDGEMENTS = Path("data") / "judgements.yml"
VERDICTS = ("borne out", "partly", "not borne out", "too early to tell")


def _event(row: pd.Series) -> str:
    return f"{row['date']}: {row['event']}"


def _indicator(row: pd.Series) -> str:
    return f"{row['year']} {row['indicator'].replace('_', ' ')}: {row['value']:g} {row['unit']}"


def _programme(row: pd.Series) -> str:
    return f"union programmes: {row['programme_area'].removeprefix('(status) ')}"


def _sentence_ids(document: str, root: Path) -> set[str]:
    """The sentence ids of the judged document, as ``unionstate analyse`` numbers them."""
    return {s.sentence_id for s in sentences(read_document(resolve_document(document, root).path))}


def load_judgements(root: Path) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """The document id, one row per judgement, and one row per piece of evidence (with its source)."""
    label = JUDGEMENTS.as_posix()
    data = require_mapping(load_yaml(root / JUDGEMENTS, label), label, "the judgements file")
    check_keys(data, label, required=("document", "judgements"))
    events, indicators, programmes = load_events(root), load_indicators(root), load_programmes(root)
    document = str(data["document"])
    try:
        known = _sentence_ids(document, root)
    except UnionstateError as exc:
        raise UnionstateError(f"{label}:{line_of(data, 'document')}: {exc}") from None
    rows, evidence = [], []
    for entry in data["judgements"] or []:
        entry = require_mapping(entry, label, "a judgement")
        check_keys(entry, label, required=("sentence", "judgement", "term", "verdict", "rationale", "evidence"))
        if entry["verdict"] not in VERDICTS:
            raise UnionstateError(f"{label}:{line_of(entry, 'verdict')}: verdict must be one of: {', '.join(VERDICTS)}")
        if str(entry["sentence"]) not in known:
            raise UnionstateError(
                f"{label}:{line_of(entry, 'sentence')}: sentence {entry['sentence']!r} is not a sentence of {document}"
            )
        bases: dict[str, str] = {}
        for item in entry["evidence"] or []:
            item = require_mapping(item, label, "a piece of evidence")
            where = f"{label}:{line_of(item)}"
            if "programme" in item:
                check_keys(item, label, required=("programme",))
                found = programmes[programmes["programme_area"].str.contains(str(item["programme"]), regex=False)]
                describe = _programme
            elif "event" in item:
                check_keys(item, label, required=("date", "event"))
                found = events[
                    (events["date"] == str(item["date"]))
                    & events["event"].str.contains(str(item["event"]), regex=False)
                ]
                describe = _event
            else:
                check_keys(item, label, required=("indicator", "year", "basis"))
                found = indicators[
                    (indicators["indicator"] == item["indicator"])
                    & (indicators["year"] == int(item["year"]))
                    & indicators["statistic_basis"].str.contains(str(item["basis"]), regex=False)
                ]
                describe = _indicator
            if len(found) != 1:
                raise UnionstateError(f"{where}: evidence matches {len(found)} rows of data/reference, not one")
            row = found.iloc[0]
            if describe is _indicator:
                basis = bases.setdefault(row["indicator"], row["statistic_basis"])
                if basis != row["statistic_basis"]:
                    raise UnionstateError(
                        f"{where}: {row['indicator']} on the basis {row['statistic_basis']!r} beside {basis!r}: "
                        "one judgement compares figures of one statistical basis only"
                    )
            evidence.append(
                {
                    "sentence_id": entry["sentence"],
                    "evidence": describe(row),
                    "source_type": row["source_type"],
                    "source_url": row["source_url"],
                }
            )
        rows.append({k: entry[k] for k in ("sentence", "judgement", "term", "verdict", "rationale")})
    frame = pd.DataFrame(rows).rename(columns={"sentence": "sentence_id"})
    return document, frame, pd.DataFrame(evidence, columns=["sentence_id", "evidence", "source_type", "source_url"])
