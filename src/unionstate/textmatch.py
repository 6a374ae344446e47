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
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import ahocorasick

DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=4)
def normalise(text: str, lower: bool) -> str:
    """Same-length normal form for matching (cached: every extractor folds the same document)."""
    out = text.replace("’", "'").replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\u00a0", " ")
    if lower:
        folded = out.lower()
        out = folded if len(folded) == len(out) else "".join(c if len(c.lower()) != 1 else c.lower() for c in out)
    return out


def whole_word_hits(automaton: ahocorasick.Automaton, text: str) -> Iterator[tuple[int, int, object]]:
    """(start, end, value) of every key found in ``text`` with non-word (not alphanumeric)
    characters on both sides."""
    size = len(text)
    for last, (length, value) in automaton.iter(text):
        start, end = last - length + 1, last + 1
        if (start > 0 and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        yield start, end, value


def same_sentence(starts: Sequence[int] | None, start: int, end: int) -> bool:
    """Does [start, end) lie within one sentence (given the sorted sentence start offsets)?"""
    if not starts:
        return True
    return bisect.bisect_right(starts, start) == bisect.bisect_right(starts, end - 1)


def windows(anchors: Sequence[tuple[int, int]], size: int, before: int, after: int) -> list[tuple[int, int]]:
    """Merged ``[start - before, end + after)`` ranges around anchor spans, clipped to the text.

    Slow patterns run only inside these windows (around digits or month names, say) instead of
    over the whole document.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(anchors):
        lo, hi = max(0, start - before), min(size, end + after)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def covered(spans: Sequence[tuple[int, int]], position: int) -> bool:
    """Is ``position`` inside one of ``spans`` (sorted, non-overlapping [start, end) pairs)?"""
    i = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def starts_with_one_of(words: Iterable[str]) -> str:
    """A lookahead ``(?=[…])`` of the words' first characters, to put before a long alternation:
    Python's ``re`` then tries the alternatives only where one could start (twice as fast)."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "])"


def keyword_automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton over lower-case ``words`` for :func:`word_starts`."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, (len(word), word))
    automaton.make_automaton()
    return automaton


def word_starts(automaton: ahocorasick.Automaton, text: str) -> list[int]:
    """Sorted offsets where one of the automaton's words starts as a whole word, any case."""
    return sorted({start for start, _, _ in whole_word_hits(automaton, normalise(text, lower=True))})


@lru_cache(maxsize=4)
def digit_starts(text: str) -> tuple[int, ...]:
    """Offsets where a run of digits starts (cached: dates and quantities both start there)."""
    return tuple(m.start() for m in DIGITS.finditer(text))


def matches_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when matches can begin only at the sorted
    ``positions``: each is tried in turn, and one inside the previous match is skipped."""
    end = 0
    for position in positions:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match:
            yield match
            end = max(match.end(), position + 1)
