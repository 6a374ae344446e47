"""Quantities a sentence cites: number, unit, counted noun and qualifier.

``over 400 bilateral documents`` → 400, noun ``bilateral documents``, qualifier ``over``;
``$1.5 bn`` → 1.5, unit ``USD bn``; ``65.2%`` → 65.2, unit ``%``. Dates (years, day numbers,
year ranges) are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from unionstate.text.dates import find_dates
from unionstate.text.scan import Hit, Scanned, WordScan, covered, digit_starts, normalise, scanned, starts_of

WORDS = {
    "thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozens": 24, "hundreds": 200, "thousands": 2000,
}  # fmt: skip
QUALIFIER_WORDS = (
    "over", "more than", "less than", "fewer than", "about", "around", "almost", "nearly", "some", "up to",
    "at least", "at most", "roughly", "approximately", "several",
)  # fmt: skip
QUALIFIERS = "(?P<qualifier>" + "|".join(QUALIFIER_WORDS) + ")"
NUMBER = (
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:"
    + "|".join(sorted(WORDS, key=len, reverse=True))
    + r")\b)"
)
SCALE = r"(?P<scale>bn|billion|m|mn|million|thousand|trillion|tn)\b\.?"
CURRENCY = r"(?P<currency>\$|€|£|USD\s?|EUR\s?|RUB\s?)"
_NUMBER_WORDS = WordScan({"numbers": WORDS})
CODES = ("usd", "eur", "rub")
NOUN_STOP = frozenset(
    "of in on at to for and or but the a an that which who with from by as than is are was were be been has have had "
    "will would could may might this these those its their his her it they".split()
)
PARTIES = frozenset(
    "countries states governments sides nations presidents leaders capitals parliaments partners allies".split()
)
"""Nouns that, after "the two", name the parties the text is about rather than count anything
("the two countries' presidents", "the two states"): not a quantity a reader weighs."""
PATTERN = re.compile(
    rf"(?:\b{QUALIFIERS}\s+)?{CURRENCY}?(?<![\w.,]){NUMBER}(?![\w.,]\d)\s*(?:(?P<percent>%|per\s?cent\b)|{SCALE})?",
    re.I,
)
FOLLOWING = re.compile(r"\s*((?:[a-z][\w-]*)(?:\s+[a-z][\w-]*)?)")


class Quantity(NamedTuple):
    value: float
    unit: str
    noun: str
    qualifier: str
    start: int
    end: int

    def __str__(self) -> str:
        number = f"{self.value:g}" if self.value < 1e15 else str(self.value)
        parts = [p for p in (self.qualifier, number, self.unit, self.noun) if p]
        return " ".join(parts)


def _noun(text: str, end: int) -> tuple[str, int]:
    m = FOLLOWING.match(text, end)
    if not m:
        return "", end
    words: list[str] = []
    for word in m.group(1).split():
        if word.lower() in NOUN_STOP or (words and words[-1].endswith("s")):
            break  # a plural ends the counted noun: "800 detentions across" → "detentions"
        words.append(word)
    noun = " ".join(words)
    return noun, (end + len(m.group(0)) - len(m.group(1)) + len(noun)) if noun else end


def _leads(text: str, folded: str, number: int) -> list[int]:
    """Where a match whose number starts at ``number`` can begin, earliest first: at its
    qualifier ("over"), its currency ("$", "USD "), or the number itself (``folded``: the
    same-length lower-case text).

    A number can start only at a run of digits or a number word, so trying :data:`PATTERN` at
    these few places finds what scanning every position of the document would.
    """
    leads = [number]
    currency = number
    if number and text[number - 1] in "$€£":
        currency = number - 1
    elif number > 3 and text[number - 1].isspace() and folded.endswith(CODES, 0, number - 1):
        currency = number - 4
    if currency < number:
        leads.insert(0, currency)
    end = currency
    while end and text[end - 1].isspace():
        end -= 1
    if end < currency and folded.endswith(QUALIFIER_WORDS, 0, end):
        for qualifier in QUALIFIER_WORDS:
            start = end - len(qualifier)
            if folded.startswith(qualifier, start, end) and (start == 0 or not _is_word(text[start - 1])):
                leads.insert(0, start)
                break
    return leads


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def number_matches(
    text: str, words: list[Hit] | None = None, skip: Sequence[tuple[int, int]] = ()
) -> Iterator[re.Match[str]]:
    """What ``PATTERN.finditer(text)`` finds, trying the pattern only where a match can begin
    (``words``: the hits of the number words, :data:`WORDS`, if already scanned), except for
    numbers that start inside one of the sorted ``skip`` spans (dates)."""
    words = _NUMBER_WORDS.scan(text)["numbers"] if words is None else words
    folded = normalise(text, lower=True)
    taken = 0
    for number in sorted({*digit_starts(text), *starts_of(words)}):
        if number < taken or (skip and covered(skip, number)):
            continue
        for lead in _leads(text, folded, number):
            if lead >= taken and (m := PATTERN.match(text, lead)):
                taken = m.end()
                yield m
                break


def find_quantities(document: Scanned | str, date_spans: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity in the document, skipping the spans of dates (found here unless given)."""
    document = scanned(document)
    text = document.text
    dates = sorted(date_spans if date_spans is not None else [(s, e) for _, s, e in find_dates(document)])
    out = []
    for m in number_matches(text, document.hits("numbers", _NUMBER_WORDS), dates):
        raw = m.group("number").lower()
        value = float(WORDS[raw]) if raw in WORDS else float(raw.replace(",", ""))
        unit = ""
        if m.group("currency"):
            unit = {"$": "USD", "€": "EUR", "£": "GBP"}.get(
                m.group("currency").strip(), m.group("currency").strip().upper()
            )
        if m.group("scale"):
            unit = f"{unit} {m.group('scale').rstrip('.').lower()}".strip()
        if m.group("percent"):
            unit = "%"
        noun, end = _noun(text, m.end())
        if raw in WORDS and not noun:
            continue  # a bare number word ("two") is not a quantity without what it counts
        if raw in WORDS and noun.split()[0] in PARTIES and text[max(0, m.start() - 4) : m.start()].lower() == "the ":
            continue  # "the two countries": the parties named, not a count
        qualifier = (m.group("qualifier") or "").lower()
        out.append(Quantity(value, unit, noun, qualifier, m.start(), max(end, m.end())))
    return out
