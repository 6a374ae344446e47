"""Sourced reference facts (``data/reference/``): the Union State timeline and indicators.

Each row carries its source URL and a short excerpt; the loaders check the columns, dates,
themes and URLs and name the file and line of any problem.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from unionstate.errors import UnionstateError
from unionstate.text.themes import THEMES
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping

REFERENCE = Path("data") / "reference"
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _read(path: Path, label: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise UnionstateError(f"{label}:1: missing column {missing[0]!r}")
            rows = list(reader)
    except FileNotFoundError:
        raise UnionstateError(f"{label}: no such file") from None
    except UnicodeDecodeError:
        raise UnionstateError(f"{label}: not valid UTF-8") from None
    for number, row in enumerate(rows, start=2):
        if not re.match(r"^https?://", row["source_url"]):
            raise UnionstateError(f"{label}:{number}: source_url must be an http(s) URL")
    return rows


def load_events(root: Path) -> pd.DataFrame:
    """The timeline, with ``start`` (first day of the period the date names) for plotting."""
    label = (REFERENCE / "events.csv").as_posix()
    rows = _read(
        root / REFERENCE / "events.csv",
        label,
        ("date", "date_precision", "event", "theme", "source_url", "source_excerpt", "source_type"),
    )
    for number, row in enumerate(rows, start=2):
        if not DATE.match(row["date"]):
            raise UnionstateError(f"{label}:{number}: date {row['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if row["theme"] not in THEMES:
            raise UnionstateError(f"{label}:{number}: unknown theme {row['theme']!r}")
    frame = pd.DataFrame(rows)
    frame["start"] = frame["date"].map(lambda d: d + "-01-01"[len(d) - 4 :] if len(d) < 10 else d)
    return frame


UNDER_STUDY = " - the commentary under study"
"""How a source type in the reference data marks a row taken from the seed commentary itself."""


def events_for(events: pd.DataFrame, document_url: str | None) -> pd.DataFrame:
    """The events as a book on the document at ``document_url`` shows them: "the commentary
    under study" stays only on rows sourced to that document; on another one it is a source like
    the rest."""
    types = events["source_type"]
    own = events["source_url"] == document_url if document_url else pd.Series(False, index=events.index)
    return events.assign(source_type=types.where(own, types.str.replace(UNDER_STUDY, "", regex=False)))


def load_indicators(root: Path) -> pd.DataFrame:
    """The indicators, one row per figure, each with its statistical basis and source."""
    label = (REFERENCE / "indicators.csv").as_posix()
    rows = _read(
        root / REFERENCE / "indicators.csv",
        label,
        (
            "indicator",
            "year",
            "period",
            "value",
            "unit",
            "statistic_basis",
            "source_url",
            "source_excerpt",
            "source_type",
            "notes",
        ),
    )
    frame = pd.DataFrame(rows)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    return frame


def load_programmes(root: Path) -> pd.DataFrame:
    """What sources say of the 28 union programmes of 2021: a row per programme where a source
    numbers it (``programme_no``), else per group of areas or status report."""
    label = (REFERENCE / "programmes.csv").as_posix()
    rows = _read(
        root / REFERENCE / "programmes.csv",
        label,
        ("programme_no", "programme_area", "detail", "source_url", "source_excerpt", "source_type"),
    )
    for number, row in enumerate(rows, start=2):
        if row["programme_no"] and not row["programme_no"].isdigit():
            raise UnionstateError(f"{label}:{number}: programme_no {row['programme_no']!r} is not a number")
    return pd.DataFrame(rows)  # in the file's order: numbered programmes, then groups and status rows


BASIS_FAMILIES = Path("data") / "basis_families.yml"
OTHER_FAMILY = "Other or unattributed"


def load_basis_families(root: Path) -> dict[str, tuple[str, ...]]:
    """Family name → the phrases that place a statistical basis in it (``data/basis_families.yml``)."""
    label = BASIS_FAMILIES.as_posix()
    data = require_mapping(load_yaml(root / BASIS_FAMILIES, label), label, "the basis families file")
    check_keys(data, label, required=("families",))
    families = require_mapping(data["families"], label, "'families'")
    out: dict[str, tuple[str, ...]] = {}
    for name, phrases in families.items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(x, str) and x.strip() for x in phrases):
            raise UnionstateError(f"{label}:{line_of(families, name)}: family {name!r} needs a list of phrases")
        out[str(name)] = tuple(x.strip() for x in phrases)
    return out


def basis_family(basis: str, families: dict[str, tuple[str, ...]]) -> str:
    """The first family one of whose phrases ``basis`` contains (any case), else the other one."""
    folded = basis.lower()
    return next((name for name, phrases in families.items() if any(p.lower() in folded for p in phrases)), OTHER_FAMILY)
