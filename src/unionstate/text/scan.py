"""Multi-pattern matching over raw text: one Aho–Corasick pass per document, whole words only.

The text is normalised without changing its length (curly apostrophes to ``'``, any whitespace
to a space, optionally lower case), so every hit's offsets point into the original text.

Python's ``re`` tries a pattern at every position of a document unless the pattern starts with a
literal; the extractors' patterns do not, so scanning a whole document with each of them is
slow. Instead an automaton finds the few places where a match can begin (a speech verb, a digit,
a month name) and the pattern is tried only there (:func:`matches_at`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

DIGITS = re.compile(r"\d\d*")
r"""A run of digits. Not ``\d+``: a pattern that begins with a repeat gets no first-character
prefilter, so ``re`` would start a full match at every character; this one takes 0.6 times as long."""


@lru_cache(maxsize=4)
def normalise(text: str, lower: bool) -> str:
    """Same-length normal form for matching (cached: every extractor folds the same document)."""
    out = text.replace("’", "'").replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\u00a0", " ")
    if lower:
        folded = out.lower()
        out = folded if len(folded) == len(out) else "".join(c if len(c.lower()) != 1 else c.lower() for c in out)
    return out


def same_sentence(starts: Sequence[int] | None, start: int, end: int) -> bool:
    """Does [start, end) lie within one sentence (given the sorted sentence start offsets)?"""
    if not starts:
        return True
    following = bisect.bisect_right(starts, start)  # the first sentence starting after ``start``
    return following == len(starts) or starts[following] >= end


def covered(spans: Sequence[tuple[int, int]], position: int) -> bool:
    """Is ``position`` inside one of ``spans`` (sorted, non-overlapping [start, end) pairs)?"""
    i = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def starts_with_one_of(words: Iterable[str]) -> str:
    """A lookahead ``(?=[…])`` of the words' first characters, to put before a long alternation:
    Python's ``re`` then tries the alternatives only where one could start (twice as fast)."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "])"


Hit = tuple[int, int, Any]
"""(start, end, value) of a word found in a text (the value its vocabulary maps the word to)."""


class WordScan:
    """Whole-word hits of several named vocabularies (lower-case word → value), any case, found
    in one Aho–Corasick pass over the document: a pass costs the same for one word or thousands,
    so the extractors' vocabularies are scanned together."""

    def __init__(self, vocabularies: Mapping[str, Mapping[str, object]]) -> None:
        entries: dict[str, list[tuple[int, object]]] = {}
        for index, words in enumerate(vocabularies.values()):
            for word, value in words.items():
                entries.setdefault(word, []).append((index, value))
        self.names = tuple(vocabularies)
        self.automaton = ahocorasick.Automaton()
        for word, values in entries.items():
            self.automaton.add_word(word, (len(word), tuple(values)))
        self.automaton.make_automaton()

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """Every vocabulary's hits in ``text``, in order of their end offset. A hit counts only
        as a whole word: no letter or digit right before or after it."""
        lists: list[list[Hit]] = [[] for _ in self.names]
        if len(self.automaton):
            folded = normalise(text, lower=True)
            size = len(folded)
            for last, (length, values) in self.automaton.iter(folded):
                start, end = last - length + 1, last + 1
                if (start and folded[start - 1].isalnum()) or (end < size and folded[end].isalnum()):
                    continue
                for index, value in values:
                    lists[index].append((start, end, value))
        return dict(zip(self.names, lists, strict=True))


@dataclass(frozen=True)
class Scanned:
    """A document as every extractor reads it: its text, the start offset of each of its
    sentences (none: the text is one span, so a match may run anywhere) and the hits of each
    vocabulary, scanned once for all the extractors (:class:`WordScan`)."""

    text: str
    starts: Sequence[int] = ()
    words: Mapping[str, list[Hit]] = field(default_factory=dict)

    def hits(self, vocabulary: str, scan: WordScan) -> list[Hit]:
        """The hits of ``vocabulary``: those scanned with the document, else what ``scan`` finds."""
        found = self.words.get(vocabulary)
        return scan.scan(self.text)[vocabulary] if found is None else found


def scanned(document: Scanned | str) -> Scanned:
    """``document`` as a :class:`Scanned` (a plain text: one span, nothing scanned yet)."""
    return document if isinstance(document, Scanned) else Scanned(document)


def starts_of(hits: Iterable[Hit]) -> list[int]:
    """Sorted distinct start offsets of ``hits``."""
    return sorted({start for start, _, _ in hits})


@lru_cache(maxsize=4)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every run of digits (cached: dates and quantities both start there)."""
    return tuple([m.span() for m in DIGITS.finditer(text)])


def digit_starts(text: str) -> list[int]:
    """Offsets where a run of digits starts."""
    return [start for start, _ in digit_runs(text)]


def matches_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when matches can begin only at the sorted, distinct
    ``positions``: each is tried in turn, and one inside the previous match is skipped."""
    end = 0
    for position in positions:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match:
            yield match
            end = match.end()
