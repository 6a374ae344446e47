"""Which way a date without its year, or a weekday, points: the tense of its clause, and the
candidate nearest the document date on that side (used by :mod:`unionstate.text.dates`)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

FUTURE = re.compile(
    r"\b(?:will|wo|shall|going to|due to|is to|are to|scheduled|expected|plans? to|planned|set to|upcoming|"
    r"would|intends? to|next|might)\b|'ll\b",
    re.I,
)
"""Words that point a clause forward: a weekday or month it names without a year is the next one."""

DEADLINE = re.compile(
    r"\b(?:by|until|till|as soon as|as early as|payable|expires?|effective|before)\s+(?:the\s+)?$", re.I
)
"""Words right before a date that make it a deadline, ahead of the document ("payable Jan. 2")."""

REPORTED = re.compile(
    r"\b(?:said|says|told|met|was|were|had|did|began|came|held|left|made|took|\w{3,}ed)\s+(?:on\s+)?$", re.I
)
"""A verb in the past right before a date ("said Friday", "announced on Wednesday"): the date is past."""

CLAUSE = re.compile(r"[,;:()“”\"]|\b(?:that|which|when|while|after|before|but|and)\b")
"""Where a clause ends: the tense of the date's own clause decides, not the sentence's."""

NEAR_DAYS = 31
"""Two readings of a month without its year this close in distance to the document date are a tie
that the sentence's tense breaks."""

PAST = re.compile(r"\b(?:said|was|were|had|did|ago|last|\w{3,}ed)\b", re.I)
"""Words of a sentence in the past: a month and day it names without a year is the last one."""


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


class Context(NamedTuple):
    """What around a date decides its reading: its clause before and after it (their tense picks
    the weekday or month meant), and its sentence."""

    before: str
    after: str
    sentence: str
    lead: str
    """The sentence up to the date: a year it names sets the year of a month without one."""


def clause_of(text: str, starts: Sequence[int] | None, at: int, end: int) -> Context:
    """The date's :class:`Context`, within its sentence."""
    first, last = max(0, at - 120), min(len(text), end + 80)
    if starts:
        i = bisect.bisect_right(starts, at)
        first = max(first, starts[i - 1] if i else 0)
        last = min(last, starts[i] if i < len(starts) else len(text))
    before, after = text[first:at], text[end:last]
    cuts = [m.end() for m in CLAUSE.finditer(before)]
    ahead = CLAUSE.search(after)
    clause = before[cuts[-1] :] if cuts else before
    return Context(clause, after[: ahead.start()] if ahead else after, text[first:last], before)


def direction(clause: Context) -> int:
    """+1 when the date's clause points forward, -1 when it is in the past, else 0."""
    before, after = clause.before, clause.after
    if REPORTED.search(before) or after.startswith(("'s", "’s")):
        return -1  # "said Friday"; "Friday's ruling"
    if DEADLINE.search(before):
        return 1
    if FUTURE.search(before) or FUTURE.search(after):
        return 1
    return -1 if PAST.search(before) or PAST.search(after) else 0


def pick(options: list[dt.date], anchor: dt.date, direction: int, strict: bool = False) -> dt.date:
    """The option nearest ``anchor`` on its side ``direction`` points to (either side for 0);
    ``strict``: never the anchor itself."""
    after = [d for d in options if d > anchor or (d == anchor and not strict)]
    before = [d for d in options if d < anchor or (d == anchor and not strict)]
    if direction > 0 and after:
        return min(after)
    if direction < 0 and before:
        return max(before)
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def nearest(options: list[dt.date], anchor: dt.date, direction: int) -> dt.date:
    """The option nearest ``anchor``; between two about as near, the one ``direction`` points to
    (the earlier without one)."""
    ranked = sorted(options, key=lambda d: abs((d - anchor).days))
    if len(ranked) > 1 and abs(abs((ranked[0] - anchor).days) - abs((ranked[1] - anchor).days)) <= NEAR_DAYS:
        pair = sorted(ranked[:2])
        return pair[1] if direction > 0 else pair[0]
    return ranked[0]
