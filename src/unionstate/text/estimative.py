"""Estimative language: terms that say how likely something is, mapped to probability bands.

The scale (``data/estimative.yml``) names its scheme (ICD 203 by default). Banded terms carry a
probability range; hedges carry none and are reported as unquantified. A negation phrase a few
words before a term ("no indication that … could") marks the term as negated, with no
probability. A sentence's range is the envelope of its non-negated banded terms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from unionstate.errors import UnionstateError
from unionstate.text.scan import Scanned, WordScan, matches_at, scanned, starts_of
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping, require_text

MONTH_CONTEXT = re.compile(r"\s*\d")
"""A day number right after "May" (matched where the word ends: slicing off the rest of the
document for every "May" made a large document quadratic)."""
MONTH_PREPOSITIONS = frozenset("in on since until by from of last next early late mid during".split())
NEGATION_REACH = 6
"""Words allowed between a negation phrase and the term it negates."""
NEGATION_WINDOW = 120
"""Characters before a term searched for a negation (bounds the cost on long sentences)."""


@dataclass(frozen=True)
class EstimativeTerm:
    term: str
    label: str
    low: int | None
    high: int | None
    reading: str


UNQUANTIFIED, NEGATED = "unquantified", "negated"
"""The bands of a hedge that carries no number and of a negated term."""
NEGATION_MARK = " … "
"""Between a negation and the term it negates in a found term ("no indication that … could")."""


def probability_text(low: int | None, high: int | None, terms: str) -> str:
    """A sentence's estimate as a reader sees it: its range ("55–80 %"), else whether its terms
    are negated or only unquantified hedges."""
    if low is not None:
        return f"{low}–{high} %"
    return NEGATED if NEGATION_MARK in terms else UNQUANTIFIED


@dataclass(frozen=True)
class Scale:
    scheme: str
    source: str
    terms: dict[str, EstimativeTerm]
    pattern: re.Pattern[str]
    negation: re.Pattern[str]
    first_words: dict[str, tuple[str, ...]]
    """First words of the terms and negations (→ "term", "negation" or both): a match can
    begin only where one of them does."""

    @cached_property
    def words(self) -> WordScan:
        """The first words alone, scanned when :func:`find_estimative` is not given them."""
        return WordScan({"estimative": self.first_words})

    def band(self, term: str) -> str:
        """The band a found term (as :func:`find_estimative` writes it) counts in: its probability
        band, :data:`UNQUANTIFIED` for a hedge without a number, :data:`NEGATED` for a negated term."""
        if NEGATION_MARK in term:
            return NEGATED
        entry = self.terms[term]
        return entry.label if entry.low is not None else UNQUANTIFIED

    @cached_property
    def bands(self) -> list[str]:
        """Every band, from least to most likely, then the unquantified and the negated."""
        banded = {t.label: t.low for t in self.terms.values() if t.low is not None}
        return [*sorted(banded, key=lambda label: (banded[label], label)), UNQUANTIFIED, NEGATED]


@dataclass(frozen=True)
class Estimate:
    """The estimative terms of one sentence and the probability range they imply."""

    terms: tuple[str, ...]
    low: int | None
    high: int | None
    scheme: str


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def load_scale(path: Path, label: str | None = None) -> Scale:
    """Load and validate a scale: bands within 0–100 with low ≤ high, no term listed twice."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the estimative scale")
    check_keys(data, name, required=("scheme", "bands"), optional=("source", "hedges", "negations"))
    terms: dict[str, EstimativeTerm] = {}

    def add(term: object, entry: EstimativeTerm, line: int) -> None:
        if not isinstance(term, str) or not term.strip():
            raise UnionstateError(f"{name}:{line}: empty or non-text estimative term {term!r}")
        key = " ".join(term.lower().split())
        if not (key[0].isalnum() and key[-1].isalnum()):
            raise UnionstateError(f"{name}:{line}: estimative term {term!r} must begin and end with a letter or digit")
        if key in terms:
            raise UnionstateError(f"{name}:{line}: estimative term {term!r} is listed twice")
        terms[key] = EstimativeTerm(key, entry.label, entry.low, entry.high, entry.reading)

    for band in data["bands"] or []:
        band = require_mapping(band, f"{name}:{line_of(data, 'bands')}", "a band")
        check_keys(band, name, required=("label", "low", "high", "terms"))
        low, high = band["low"], band["high"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) or not 0 <= low <= high <= 100:
            raise UnionstateError(
                f"{name}:{line_of(band)}: band {band['label']!r} needs whole-number low ≤ high within 0–100"
            )
        for term in band["terms"] or []:
            add(
                term, EstimativeTerm("", require_text(band, "label", name), low, high, f"{low}–{high} %"), line_of(band)
            )
    for hedge in data.get("hedges") or []:
        hedge = require_mapping(hedge, f"{name}:{line_of(data, 'hedges')}", "a hedge")
        check_keys(hedge, name, required=("term", "reading"))
        reading = require_text(hedge, "reading", name)
        add(hedge["term"], EstimativeTerm("", "unquantified", None, None, reading), line_of(hedge))
    if not terms:
        raise UnionstateError(f"{name}: the scale has no terms")
    listed = data.get("negations") or []
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        raise UnionstateError(f"{name}:{line_of(data, 'negations')}: 'negations' must be a list of phrases")
    negations = [" ".join(n.lower().split()) for n in listed]
    for phrase in negations:
        if not phrase or not phrase[0].isalnum():
            raise UnionstateError(
                f"{name}:{line_of(data, 'negations')}: negation {phrase!r} must begin with a letter or digit"
            )
    negation = (
        re.compile(rf"\b(?:{_alternation(negations)})\b(?:\W+\w+){{0,{NEGATION_REACH}}}\W+$", re.I)
        if negations
        else re.compile(r"(?!)")
    )
    pattern = re.compile(rf"\b(?:{_alternation(list(terms))})\b", re.I)
    first_words: dict[str, tuple[str, ...]] = {}
    for kind, phrases in (("term", terms), ("negation", negations)):
        for word in sorted({phrase.split()[0] for phrase in phrases}):
            first_words[word] = (*first_words.get(word, ()), kind)
    source = require_text(data, "source", name, limit=500) if data.get("source") else ""
    return Scale(require_text(data, "scheme", name), source, terms, pattern, negation, first_words)


def _is_month(text: str, match: re.Match[str]) -> bool:
    """'May' the month, not the modal verb: capitalised and next to a date or a preposition."""
    if match.group() != "May":
        return False
    before = text[max(0, match.start() - 30) : match.start()].split()
    previous = before[-1].lower().strip(",") if before else ""
    return bool(MONTH_CONTEXT.match(text, match.end())) or previous in MONTH_PREPOSITIONS or previous.isdigit()


def find_estimative(document: Scanned | str, scale: Scale) -> list[tuple[str, int | None, int | None, int]]:
    """(term, low, high, start) for every estimative term; a negated term reads ``no … term``
    and has no probability. The negation must stand in the same sentence as the term."""
    document = scanned(document)
    text, sentence_starts = document.text, document.starts
    words = document.hits("estimative", scale.words)
    terms = starts_of(hit for hit in words if "term" in hit[2])
    negations = starts_of(hit for hit in words if "negation" in hit[2])
    found: list[tuple[str, int | None, int | None, int]] = []
    for match in matches_at(scale.pattern, text, terms):
        if _is_month(text, match):
            continue
        key = " ".join(match.group().lower().split())
        term = scale.terms[key]
        floor = sentence_starts[bisect.bisect_right(sentence_starts, match.start()) - 1] if sentence_starts else 0
        window = max(floor, match.start() - NEGATION_WINDOW)
        nearest = bisect.bisect_left(negations, window)  # a negation can begin only at one of these
        negated = (
            scale.negation.search(text, window, match.start())
            if nearest < len(negations) and negations[nearest] < match.start()
            else None
        )
        if negated:
            phrase = " ".join(negated.group().split()[:3]).rstrip(",;:")
            found.append((f"{phrase}{NEGATION_MARK}{key}", None, None, match.start()))
        else:
            found.append((key, term.low, term.high, match.start()))
    return found


def combine(found: list[tuple[str, int | None, int | None, int]], scale: Scale) -> Estimate:
    """A sentence's estimate: its terms and the envelope of their probability bands."""
    lows = [low for _, low, _, _ in found if low is not None]
    highs = [high for _, _, high, _ in found if high is not None]
    return Estimate(
        tuple(term for term, _, _, _ in found),
        min(lows) if lows else None,
        max(highs) if highs else None,
        scale.scheme if found else "",
    )


def estimate(text: str, scale: Scale) -> Estimate:
    """The estimative terms of one sentence and the probability range they imply."""
    return combine(find_estimative(text, scale), scale)
