"""Dates a sentence refers to, as ISO values: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY/YYYY``.

Candidate spans are found by patterns, most specific first (a full date before its month-year
and year); each character is used by one candidate only. The value's precision is the text's:
a day, a month, a year, or a range ("2021–3" → 2021/2023; "between 1994 and 1997", whose two
ends are both written, gives both years). Dates the text does not complete are resolved against
the document date, the way news is read (after HeidelTime's rules for news):

- a weekday is the nearest one in the direction its clause points: back for the past or an
  unmarked clause ("said Friday", "Friday's talks"), forward for the future or a deadline ("will
  meet on Friday", "until Thursday"); "last"/"next" step over the document's own day;
- "today", "yesterday", "tomorrow"; "this/last/next year" and "month"; "N years/months/days ago";
  "the end of the year";
- a month and day without their year ("Sept. 30", "25 May") is the nearest such day, the tense
  breaking a near tie; a month alone is the last one, or the next one when its clause points
  forward ("will resume in June"); "last/next/this November" as said;
- a month with its year a few words later ("that December evening of 1999"); a month or a
  month and day in a sentence that opens by setting its year ("In 2019, … on 4 May") is in it.

Left out, never guessed: every relative date when there is no document date; weeks and quarters
(no value here has their precision), "a year ago" (the same period a year back, at a precision
the text does not give) and a year beside a quarter; "every Thursday" (a habit, not a date).
Numbers with currency or units are not years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from unionstate.text.scan import Hit, Scanned, WordScan, digit_runs, matches_at, same_sentence, scanned
from unionstate.text.tense import Context, clause_of, direction, nearest, pick, shift_month

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
NO_YEAR = r"(?!\s*,?\s*(?:1[89]\d\d|20\d\d)\b)(?![\d:])"
"""Not followed by a year (a month and day with one is a full date) nor by more digits or a clock."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
"""Number words a relative date may count with ("two years ago")."""
SHORT_COUNTS = ("a", "an")
"""Counts looked for only before a unit ("a year ago", found from :data:`UNITS`): scanned for
themselves, the letter "a" inside other words made 64,160 of the scan's 154,217 raw hits on a
million characters of the benchmark text (leaving them out saved a quarter of the time of the scan
and the dates)."""
UNITS = ("year", "years", "month", "months", "day", "days")
RELATIVE = ("this", "last", "next", "past", "previous", "coming", "current", "following")
MODIFIERS = ("early", "mid", "late", "earlier", "later")

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
    ("month", ("month",), re.compile(rf"\b{MONTH}\s+(?:[a-z]+\s+){{1,3}}of\s+{YEAR}\b")),
    ("decade", ("year digits",), re.compile(r"\b(?P<decade>1[89]\d|20\d)0s\b")),
    ("month-day", ("month",), re.compile(rf"\b{MONTH}\s+{DAY}\b{NO_YEAR}")),
    ("month-day", ("day digits",), re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}(?![A-Za-z]){NO_YEAR}")),
    (
        "year",
        ("year digits",),
        re.compile(
            rf"(?<![$€£\d.,]){YEAR}\b(?![.,]\d|\s*(?:%|per\s?cent|bn|billion|million|km|tonnes|troops|soldiers|people))"
        ),
    ),
    (
        "weekday",
        ("weekday", "relative"),
        re.compile(
            rf"(?<!each )(?<!every )\b(?:(?P<rel>{'|'.join(RELATIVE)})\s+)?(?P<weekday>{'|'.join(WEEKDAYS)})\b(?!s\b)"
        ),
    ),
    ("deictic", ("deictic",), re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b(?!['’]s\b)", re.I)),
    (
        "relative",
        ("relative",),
        re.compile(
            rf"\b(?:(?:{'|'.join(MODIFIERS)})\s+)?(?P<rel>{'|'.join(RELATIVE)})\s+(?:fiscal\s+)?(?P<unit>year|month)\b",
            re.I,
        ),
    ),
    (
        "ago",
        ("count", "day digits"),
        re.compile(rf"\b(?P<n>\d{{1,2}}|{'|'.join(COUNTS)})\s+(?P<unit>year|month|day)s?\s+(?:ago|earlier)\b", re.I),
    ),
    ("end", ("relative",), re.compile(r"\bend\s+of\s+(?:the|this)\s+(?P<unit>year|month)\b", re.I)),
    (
        "bare-month",
        ("month", "relative"),
        re.compile(rf"\b(?:(?P<rel>last|next|this|coming|past)\s+)?{MONTH}(?![A-Za-z])(?!\s+\d)"),
    ),
]
"""(kind, where a match can begin, pattern), most specific first: a run of one or two digits (a
day), a run of four (a year), a month or weekday name, a word that makes a date relative
("last", "today", "two") or "between" (see :func:`beginnings`)."""
BEGINNINGS = sorted({where for _, where, _ in PATTERNS})
START_WORDS = {
    **{name.lower(): "month" for name in MONTHS},
    **{name.lower(): "weekday" for name in WEEKDAYS},
    **dict.fromkeys(("today", "tonight", "yesterday", "tomorrow"), "deictic"),
    **dict.fromkeys((*RELATIVE, *MODIFIERS, "end"), "relative"),
    **{word: "count" for word in COUNTS if word not in SHORT_COUNTS},
    **dict.fromkeys(UNITS, "unit"),
    "between": "between",
}
"""The words a date can begin with (any case; the patterns then check the case), and the units a
count is followed by, which find the short counts (:data:`SHORT_COUNTS`)."""
_STARTS = WordScan({"dates": START_WORDS})
SET_YEAR = re.compile(r"^\W*(?:In|During|Throughout|By the end of)\s+(1[89]\d\d|20\d\d)\b(?![.,]\d)")
"""A sentence that opens by setting its year ("In 2019, … on 4 May"): a month it names without
a year is in that year."""
MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|early|late|mid|last|next|this|of|the|back in)\s+|mid-)$", re.I
)
QUARTER = re.compile(r"\b(?:quarter|quarterly|half)\b", re.I)
"""A year named beside a quarter or half-year is at their precision, which no value here has."""


def _expand(start: str, end: str) -> list[str]:
    """Both years when the text writes both in full (1994 and 1997); a range when it shortens the
    end (2021–3 → 2021/2023; 2021–23 likewise); nothing when the end comes before the start."""
    if len(end) == 4:
        return [start, end] if end > start else []
    full = start[: 4 - len(end)] + end
    return [f"{start}/{full}"] if full > start else []


def find_dates(document: Scanned | str, document_date: dt.date | None = None) -> list[tuple[str, int, int]]:
    """(ISO value, start, end) for every date reference in the document, in text order; a
    candidate running across two of its sentences is ignored. A date that needs the document
    date (a weekday, "last year", a month without its year) is left out without one."""
    document = scanned(document)
    text, sentence_starts = document.text, document.starts
    begins = beginnings(text, document.hits("dates", _STARTS))
    used: set[int] = set()
    found: list[tuple[str, int, int]] = []
    candidates = {where: sorted({p for w in where for p in begins[w]}) for where in BEGINNINGS}
    for kind, where, pattern in PATTERNS:
        for m in matches_at(pattern, text, candidates[where]):
            if used.intersection(range(m.start(), m.end())) or not same_sentence(sentence_starts, m.start(), m.end()):
                continue
            values = _resolve(kind, m, text, document_date, sentence_starts)
            if not values:
                continue
            found += [(value, m.start(), m.end()) for value in values]
            used.update(range(m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def beginnings(text: str, words: list[Hit]) -> dict[str, list[int]]:
    """Where each kind of date can begin, in text order: runs of one or two digits (a day can
    have no more) and of four (a year), and the words of :data:`START_WORDS` (``words``: their
    hits). Patterns are tried only there."""
    begins: dict[str, list[int]] = {kind: [] for kind in ("day digits", "year digits", *set(START_WORDS.values()))}
    for start, end in digit_runs(text):
        if end - start <= 2:
            begins["day digits"].append(start)
        elif end - start == 4:
            begins["year digits"].append(start)
    for start, _, what in words:
        if what == "unit":
            _short_count(text, start, begins["count"])
        else:
            begins[what].append(start)
    return begins


def _short_count(text: str, unit: int, counts: list[int]) -> None:
    """Add where "a" or "an" (a whole word, any case) starts when only whitespace separates it
    from the unit starting at ``unit``."""
    end = unit
    while end and text[end - 1].isspace():
        end -= 1
    if end == unit:
        return
    for word in SHORT_COUNTS:
        start = end - len(word)
        if (
            start >= 0
            and text[start:end].lower() == word
            and not (start and (text[start - 1].isalnum() or text[start - 1] == "_"))
        ):
            counts.append(start)


def _resolve(kind: str, m: re.Match[str], text: str, today: dt.date | None, starts: Sequence[int] | None) -> list[str]:
    g = m.groupdict()
    if kind in ("day", "iso"):
        month = MONTHS[g["month"]] if kind == "day" else int(g["mm"])
        try:
            return [dt.date(int(g["year"]), month, int(g["day"] if kind == "day" else g["dd"])).isoformat()]
        except ValueError:
            return []
    if kind == "range":
        return _expand(g["start"], g["end"])
    if kind == "month":
        return [f"{g['year']}-{MONTHS[g['month']]:02d}"]
    if kind == "decade":
        return [f"{g['decade']}0/{g['decade']}9"]
    if kind == "year":
        near = text[max(0, m.start() - 30) : m.end() + 30]
        return [] if QUARTER.search(near) else [g["year"]]
    if today is None:
        return []  # relative to a document date the text does not have: left out, never guessed
    value = _relative(kind, g, m, text, today, clause_of(text, starts, m.start(), m.end()))
    return [value] if value else []


def _relative(kind: str, g: dict, m: re.Match[str], text: str, today: dt.date, sentence: Context) -> str | None:
    """A date the document date resolves: the tense of its sentence picks the side."""
    if (
        kind in ("ago", "relative")
        and (g.get("unit") or "year").lower() == "year"
        and QUARTER.search(sentence.sentence)
    ):
        return None  # a quarter a year before ("up from a year ago" in quarterly results): no value at our precisions
    rel = (g.get("rel") or "").lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if kind == "weekday":
        target = WEEKDAYS.index(g["weekday"])
        options = [today + dt.timedelta(days=k) for k in range(-7, 8) if (today.weekday() + k) % 7 == target]
        side = step or (1 if direction(sentence) > 0 else -1)
        return pick(options, today, side, strict=bool(step)).isoformat()
    if kind == "deictic":
        shift = {"yesterday": -1, "tomorrow": 1}.get(g["word"].lower(), 0)
        return (today + dt.timedelta(days=shift)).isoformat()
    if kind == "relative":
        unit = g["unit"].lower()
        if unit == "year":
            return f"{today.year + step}"
        return "{}-{:02d}".format(*shift_month(today.year, today.month, step))
    if kind == "ago":
        n = int(g["n"]) if (g.get("n") or "").isdigit() else COUNTS.get((g.get("n") or "a").lower(), 1)
        unit = (g.get("unit") or "year").lower()
        if unit == "year" and n == 1:
            return None  # "up from a year ago": the same period a year back, at a precision the text does not give
        if unit == "year":
            return f"{today.year - n}"
        if unit == "month":
            return "{}-{:02d}".format(*shift_month(today.year, today.month, -n))
        return (today - dt.timedelta(days=n)).isoformat()
    if kind == "end":
        return f"{today.year}-{today.month:02d}" if (g.get("unit") or "").lower() == "month" else f"{today.year}"
    month = MONTHS[g["month"]]
    scene = SET_YEAR.match(sentence.lead)
    if scene and not rel:  # "In 2019 the talks resumed on 4 May": that year's May
        if kind == "month-day":
            try:
                return dt.date(int(scene.group(1)), month, int(g["day"])).isoformat()
            except ValueError:
                return None
        return f"{scene.group(1)}-{month:02d}"
    if kind == "month-day":
        options = []
        for year in (today.year - 1, today.year, today.year + 1):
            try:
                options.append(dt.date(year, month, int(g["day"])))
            except ValueError:
                pass
        return nearest(options, today, direction(sentence)).isoformat() if options else None
    # a month without a year ("in September", "last November", "next April")
    if g["month"] == "May" and not rel and not MAY_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
        return None  # "May" is a modal verb unless a preposition or article says it is the month
    if len(g["month"]) <= 4 and g["month"] not in ("May", "June", "July") and not m.group().endswith("."):
        return None  # a bare abbreviation ("Mar", "Dec") without its full stop is too ambiguous
    options = [dt.date(year, month, 1) for year in (today.year - 1, today.year, today.year + 1)]
    this_month = today.replace(day=1)
    if rel == "this":
        return f"{today.year}-{month:02d}"
    if step:
        chosen = pick(options, this_month, step, strict=True)
    else:
        chosen = pick(options, this_month, 1 if direction(sentence) > 0 else -1)
    return f"{chosen.year}-{chosen.month:02d}"


def date_values(found: list[tuple[str, int, int]]) -> list[str]:
    """Distinct values in text order."""
    return list(dict.fromkeys(v for v, _, _ in found))
