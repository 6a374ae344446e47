"""Dates a sentence refers to, as ISO values: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY/YYYY``.

Candidate spans are found by patterns, most specific first (a full date before its month-year
and year); each character is used by one candidate only. A month without a year is resolved
against the document date: the latest such month not after it ("back in September" in a
November 2021 text is 2021-09). Without a document date such months are left out. Years carry
year precision only ("as late as 2027" → 2027). Numbers with currency or units are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from unionstate.text.scan import Hit, WordScan, digit_runs, matches_at, same_sentence

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DASH = r"\s*[–—-]\s*"

PATTERNS: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [
    ("day", ("day digits",), re.compile(rf"\b{DAY}\s+{MONTH}\s*,?\s+{YEAR}\b")),
    ("day", ("month",), re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b")),
    ("iso", ("year digits",), re.compile(r"\b(?P<year>1[89]\d\d|20\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b")),
    (
        "range",
        ("year digits", "between"),
        re.compile(
            rf"\b(?:between\s+)?(?P<start>1[89]\d\d|20\d\d)(?:{DASH}|\s+(?:and|to)\s+)(?P<end>\d{{1,4}})\b(?![.,]\d)"
        ),
    ),
    ("month", ("month",), re.compile(rf"\b{MONTH}\s+(?:of\s+)?{YEAR}\b")),
    ("decade", ("year digits",), re.compile(r"\b(?P<decade>1[89]\d|20\d)0s\b")),
    (
        "year",
        ("year digits",),
        re.compile(
            rf"(?<![$€£\d.,]){YEAR}\b(?![.,]\d|\s*(?:%|per\s?cent|bn|billion|million|km|tonnes|troops|soldiers|people))"
        ),
    ),
    ("bare-month", ("month",), re.compile(rf"\b{MONTH}\b(?!\s+\d)")),
]
"""(kind, where a match can begin, pattern), most specific first: a run of one or two digits (a
day), a run of four (a year), a month name or the word "between" (see :func:`beginnings`)."""
BEGINNINGS = sorted({where for _, where, _ in PATTERNS})
START_WORDS = {**{name.lower(): "month" for name in MONTHS}, "between": "between"}
"""The words a date can begin with (any case; the patterns then check the case)."""
_STARTS = WordScan({"dates": START_WORDS})
MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|early|late|mid|last|next|this|of|the|back in)\s+|mid-)$", re.I
)


def _month_before(month: int, document_date: dt.date) -> str:
    year = document_date.year if month <= document_date.month else document_date.year - 1
    return f"{year}-{month:02d}"


def _expand(start: str, end: str) -> str | None:
    """2021–3 → 2021/2023; 2021–23 → 2021/2023; 1995–2024 stays; an end before the start is no range."""
    full = start[: 4 - len(end)] + end if len(end) < 4 else end
    return f"{start}/{full}" if full > start else None


def find_dates(
    text: str,
    document_date: dt.date | None = None,
    sentence_starts: Sequence[int] | None = None,
    words: list[Hit] | None = None,
) -> list[tuple[str, int, int]]:
    """(ISO value, start, end) for every date reference in ``text``, in text order; with
    ``sentence_starts`` a candidate running across two sentences is ignored (``words``: the
    hits of :data:`START_WORDS`, if already scanned)."""
    begins = beginnings(text, words)
    used: set[int] = set()
    found: list[tuple[str, int, int]] = []
    candidates = {where: sorted({p for w in where for p in begins[w]}) for where in BEGINNINGS}
    for kind, where, pattern in PATTERNS:
        for m in matches_at(pattern, text, candidates[where]):
            if used.intersection(range(m.start(), m.end())) or not same_sentence(sentence_starts, m.start(), m.end()):
                continue
            value = _resolve(kind, m, text, document_date)
            if value is None:
                continue
            found.append((value, m.start(), m.end()))
            used.update(range(m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def beginnings(text: str, words: list[Hit] | None = None) -> dict[str, list[int]]:
    """Where each kind of date can begin, in text order: runs of one or two digits (a day can
    have no more) and of four (a year), month names and "between" (``words``: the hits of
    :data:`START_WORDS`, if already scanned). Patterns are tried only there."""
    begins: dict[str, list[int]] = {"day digits": [], "year digits": [], "month": [], "between": []}
    for start, end in digit_runs(text):
        if end - start <= 2:
            begins["day digits"].append(start)
        elif end - start == 4:
            begins["year digits"].append(start)
    for start, _, what in _STARTS.scan(text)["dates"] if words is None else words:
        begins[what].append(start)
    return begins


def _resolve(kind: str, m: re.Match[str], text: str, document_date: dt.date | None) -> str | None:
    g = m.groupdict()
    if kind == "day":
        try:
            return dt.date(int(g["year"]), MONTHS[g["month"]], int(g["day"])).isoformat()
        except ValueError:
            return None
    if kind == "iso":
        try:
            return dt.date(int(g["year"]), int(g["mm"]), int(g["dd"])).isoformat()
        except ValueError:
            return None
    if kind == "range":
        return _expand(g["start"], g["end"])
    if kind == "month":
        return f"{g['year']}-{MONTHS[g['month']]:02d}"
    if kind == "decade":
        return f"{g['decade']}0/{g['decade']}9"
    if kind == "year":
        return g["year"]
    if kind == "bare-month":
        if document_date is None:
            return None
        if g["month"] == "May" and not MAY_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
            return None  # "May" is a modal verb unless a preposition or article says it is the month
        if len(g["month"]) <= 4 and g["month"] not in ("May", "June", "July") and not m.group().endswith("."):
            return None  # a bare abbreviation ("Mar", "Dec") without its full stop is too ambiguous
        return _month_before(MONTHS[g["month"]], document_date)
    raise ValueError(kind)


def date_values(found: list[tuple[str, int, int]]) -> list[str]:
    """Distinct values in text order."""
    return list(dict.fromkeys(v for v, _, _ in found))
