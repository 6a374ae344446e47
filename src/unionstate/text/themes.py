"""Theme lexicons (``data/themes.yml``) and the matching of their terms (Aho–Corasick).

Every term is expanded into its inflected surface forms (plural, possessive, *-ily* adverb; the
forms :func:`stem` folds together), and an Aho–Corasick automaton finds all of them as whole
words of the lower-cased text in one pass. Per theme, overlapping matches keep the
leftmost-longest one, so "military doctrine" counts once, not also as "military" and "doctrine".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from unionstate.errors import UnionstateError
from unionstate.text.scan import Scanned, WordScan, scanned
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_list, require_mapping, require_text

THEMES = ("economic", "military", "political")
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold inflections only, so matches stay predictable: lower case, possessive ``'s``, plural
    ``-s``/``-es``/``-ies`` (Harman's S-stemmer), and ``-ily``/``-ally`` adverbs onto their adjective
    (programmes → programme, militarily → military, politically → political)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    if len(word) > 6 and word.endswith("ily"):
        return word[:-3] + "y"
    if len(word) > 6 and word.endswith("ally"):
        return word[:-2]
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


def _word_forms(word: str) -> set[str]:
    """The inflected forms that :func:`stem` folds onto ``word`` (plural, possessive, adverb)."""
    forms = {word}
    if word[-1:].isalpha():
        if word.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(word + "es")
        elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            forms.add(word[:-1] + "ies")
            forms.add(word[:-1] + "ily")
        else:
            forms.add(word + "s")
        if word.endswith("al"):
            forms.add(word + "ly")
    forms |= {f + "'s" for f in list(forms)} | {f + "'" for f in forms if f.endswith("s")}
    return forms


def variants(term: str) -> set[str]:
    """Every surface form of a (multi-word) term, lower case, words joined by single spaces."""
    forms = [""]
    for word in term.lower().replace("’", "'").split():
        forms = [f"{prefix} {form}".strip() for prefix in forms for form in sorted(_word_forms(word))]
    return set(forms)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) for every word of ``text``."""
    return [(m.start(), m.end(), stem(m.group())) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Term:
    theme: str
    term: str
    group: str
    weight: float
    exclusion: bool = False
    lower_only: bool = False
    """Counts only written in lower case: the word is also a month or a name ("March")."""


@dataclass
class Lexicon:
    """Validated theme lexicons and the surface forms of their terms."""

    source: str
    labels: dict[str, str]
    groups: dict[str, list[dict]]
    terms: list[Term] = field(default_factory=list)
    words: dict[str, tuple[Term, ...]] = field(default_factory=dict, repr=False)
    """Every surface form (lower case) → the terms it is a form of."""

    @cached_property
    def scan(self) -> WordScan:
        """The surface forms alone, scanned when :meth:`match` is not given their hits."""
        return WordScan({"themes": self.words})

    def match(self, document: Scanned | str) -> list[tuple[Term, int, int]]:
        """Every non-excluded, non-overlapping (per theme) term occurrence in the document with
        offsets; a match that would run across two of its sentences is dropped."""
        document = scanned(document)
        found: dict[str, tuple[list, list]] = {theme: ([], []) for theme in self.labels}  # terms, exclusions
        starts, count, text = document.starts, len(document.starts), document.text
        for start, end, terms in document.hits("themes", self.scan):
            following = bisect_right(starts, start)  # same_sentence(), inlined: it runs for every hit
            if following < count and starts[following] < end:
                continue
            for term in terms:
                if term.lower_only and not text[start:end].islower():
                    continue
                found[term.theme][term.exclusion].append((term, start, end))
        hits: list[tuple[Term, int, int]] = []
        for candidates, excluded in found.values():
            candidates.sort(key=lambda h: (h[1], h[1] - h[2]))
            covers = _covers(excluded)
            taken = -1
            for term, a, b in candidates:
                if a < taken or covers(a, b):
                    continue
                hits.append((term, a, b))
                taken = b
        return sorted(hits, key=lambda h: (h[1], h[0].theme))


def _covers(spans: list[tuple[Term, int, int]]) -> Callable[[int, int], bool]:
    """Does one of ``spans`` contain [a, b)? In logarithmic time: the spans sorted by start, and
    the furthest end among those starting at or before ``a`` (a scan of every span for every
    candidate grew with the square of a long document)."""
    if not spans:
        return lambda a, b: False
    ordered = sorted((x, y) for _, x, y in spans)
    starts = [x for x, _ in ordered]
    furthest = list(accumulate((y for _, y in ordered), max))

    def covers(a: int, b: int) -> bool:
        i = bisect_right(starts, a)
        return i > 0 and furthest[i - 1] >= b

    return covers


def load_lexicon(path: Path, label: str | None = None) -> Lexicon:
    """Load and validate a theme lexicon; errors name the file and line."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the lexicon file")
    check_keys(data, name, required=("themes",))
    themes = require_mapping(data["themes"], f"{name}:{line_of(data, 'themes')}", "'themes'")
    if not themes:
        raise UnionstateError(f"{name}:{line_of(data, 'themes')}: 'themes' is empty")
    lexicon = Lexicon(source=name, labels={}, groups={})
    patterns: dict[str, list] = {}
    for theme, spec in themes.items():
        where = f"{name}:{line_of(themes, theme)}"
        if theme not in THEMES:
            raise UnionstateError(f"{where}: unknown theme {theme!r} (expected one of: {', '.join(THEMES)})")
        spec = require_mapping(spec, where, f"theme {theme!r}")
        check_keys(spec, name, required=("label", "groups"), optional=("exclude", "lower_case"))
        lower = _lower_case(spec, name)
        lexicon.labels[theme] = require_text(spec, "label", name)
        lexicon.groups[theme] = []
        seen: dict[tuple[str, ...], tuple[str, int]] = {}
        groups = spec["groups"]
        if not isinstance(groups, list) or not groups:
            raise UnionstateError(f"{name}:{line_of(spec, 'groups')}: theme {theme!r} needs a non-empty list of groups")
        for group in groups:
            group = require_mapping(group, f"{name}:{line_of(groups)}", "a group")
            check_keys(group, name, required=("name", "why", "weight", "terms"))
            weight = group["weight"]
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
                raise UnionstateError(f"{name}:{line_of(group, 'weight')}: weight must be a number in (0, 10]")
            terms = require_list(group, "terms", name)
            lexicon.groups[theme].append(
                {"name": require_text(group, "name", name), "why": require_text(group, "why", name), "weight": weight}
            )
            for i, term in enumerate(terms):
                line = terms.item_lines[i] if hasattr(terms, "item_lines") else line_of(group, "terms")
                key = _term_key(term, f"{name}:{line}")
                if key in seen:
                    other, other_line = seen[key]
                    raise UnionstateError(
                        f"{name}:{line}: term {term!r} matches the same words as {other!r} (line {other_line})"
                    )
                seen[key] = (str(term), line)
                patterns.setdefault(" ".join(key), []).append(
                    (Term(theme, str(term), str(group["name"]), float(weight), lower_only=key in lower), key)
                )
        for key, line in lower.items():
            if key not in seen:
                raise UnionstateError(f"{name}:{line}: lower_case: {' '.join(key)!r} is not a term of theme {theme!r}")
        exclude = spec.get("exclude") or []
        if not isinstance(exclude, list):
            raise UnionstateError(f"{name}:{line_of(spec, 'exclude')}: 'exclude' must be a list of phrases")
        for i, phrase in enumerate(exclude):
            line = exclude.item_lines[i] if hasattr(exclude, "item_lines") else line_of(spec, "exclude")
            key = _term_key(phrase, f"{name}:{line}")
            patterns.setdefault(" ".join(key), []).append((Term(theme, str(phrase), "", 0.0, True), key))
    surface: dict[str, list[Term]] = {}
    for entries in patterns.values():
        for term, _ in entries:
            lexicon.terms.append(term)
            for form in variants(term.term):
                surface.setdefault(form, []).append(term)
    lexicon.words = {form: tuple(terms) for form, terms in surface.items()}
    return lexicon


def _lower_case(spec: dict, name: str) -> dict[tuple[str, ...], int]:
    """A theme's ``lower_case`` terms (their match keys, with their lines)."""
    listed = spec.get("lower_case") or []
    if not isinstance(listed, list):
        raise UnionstateError(f"{name}:{line_of(spec, 'lower_case')}: 'lower_case' must be a list of terms")
    lines = listed.item_lines if hasattr(listed, "item_lines") else [line_of(spec, "lower_case")] * len(listed)
    return {_term_key(term, f"{name}:{line}"): line for term, line in zip(listed, lines, strict=True)}


def _term_key(term: object, where: str) -> tuple[str, ...]:
    if not isinstance(term, str) or not term.strip():
        raise UnionstateError(f"{where}: empty or non-text lexicon term {term!r}")
    key = tuple(s for _, _, s in tokens(term))
    if not key:
        raise UnionstateError(f"{where}: lexicon term {term!r} has no words")
    return key


class ThemeResult(NamedTuple):
    """Scores and matched terms of one sentence, plus its labels under a threshold."""

    scores: dict[str, float]
    matched: dict[str, list[str]]
    themes: tuple[str, ...]
    primary: str


@lru_cache(maxsize=4096)
def _rounded(total: float) -> float:
    """A theme score to three decimals (``round`` is slow and sentences share few totals)."""
    return round(total, 3)


def score(text: str, hits: list[tuple[Term, int, int]], lexicon: Lexicon, min_score: float = 1.0) -> ThemeResult:
    """Score every theme from a sentence's term hits (offsets into ``text``).

    A sentence's themes are those whose score reaches ``min_score``; the primary theme is the
    highest-scoring one, ties going to the theme listed first in the lexicon; a sentence with no
    theme at or above ``min_score`` has no primary theme (empty string).
    """
    totals = dict.fromkeys(lexicon.labels, 0.0)
    matched: dict[str, list[str]] = {theme: [] for theme in lexicon.labels}
    for term, start, end in hits:
        totals[term.theme] += term.weight
        matched[term.theme].append(text[start:end])
    scores = {theme: _rounded(total) if total else 0.0 for theme, total in totals.items()}
    themes = tuple([t for t, v in scores.items() if v >= min_score and v > 0])
    primary = max(themes, key=scores.__getitem__) if themes else ""
    return ThemeResult(scores, matched, themes, primary)


def classify(text: str, lexicon: Lexicon, min_score: float = 1.0) -> ThemeResult:
    """Score one sentence (see :func:`score`)."""
    return score(text, lexicon.match(text), lexicon, min_score)
