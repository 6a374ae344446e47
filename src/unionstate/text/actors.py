"""Actors named in a sentence: a gazetteer (``data/actors.yml``) matched on whole words, longest
alias first, plus title-and-name patterns that find people missing from the gazetteer."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from unionstate.errors import UnionstateError
from unionstate.text.scan import Scanned, WordScan, covered, matches_at, normalise, same_sentence, scanned, starts_of
from unionstate.text.yamlio import (
    check_keys,
    line_of,
    load_yaml,
    require_list,
    require_mapping,
    require_text,
    unique_id,
)

TYPES = ("person", "state", "institution", "media")
LOCATIVE = frozenset("in at to from near via outside around across inside into".split())
MODIFIERS = ("Deputy", "Vice", "First Deputy")
OFFICES = (
    "Prime Minister", "Foreign Minister", "Defence Minister", "Defense Minister", "Interior Minister",
    "Finance Minister", "Economy Minister", "Minister", "President", "Premier", "Chancellor", "Speaker",
    "Ambassador", "Patriarch",
)  # fmt: skip
RANKS = (
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "General",
    "Colonel",
    "Admiral",
)
TITLE = re.compile(
    rf"\b(?:(?:(?:{'|'.join(MODIFIERS)}) )?(?:{'|'.join(OFFICES)})|{'|'.join(RANKS)})\s+"
    r"((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+)*[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
)
INSTITUTION_WORDS = frozenset(
    "Staff Ministry Council Committee Commission Office Service Command Government Assembly Parliament Court "
    "Bank Party Forces Army Navy Guard Department Agency Directorate Administration".split()
)
"""Words that make what follows a title an institution, not a person's name."""
TITLE_WORDS = dict.fromkeys(sorted({title.split()[0].lower() for title in (*MODIFIERS, *OFFICES, *RANKS)}))
"""A title's first word: a title can begin only where one of them does."""
ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str


NOT_IN_GAZETTEER = "person (not in gazetteer)"


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    words: dict[str, dict[str, tuple[str, bool]]] = field(repr=False)
    """Lower-case alias → {alias as written: (actor id, is a place)}."""
    surnames: dict[str, str]

    @cached_property
    def scan(self) -> WordScan:
        """The aliases and :data:`TITLE_WORDS` alone, scanned when :meth:`find` is not given them."""
        return WordScan({"actors": self.words, "titles": TITLE_WORDS})

    def describe(self, actor_id: str) -> tuple[str, str]:
        """Display name and type of an actor id; a person found by title but missing from the
        gazetteer (``new:mikhail-mishustin``) gets a name from the id and says so in its type."""
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.name, actor.type
        return actor_id.removeprefix("new:").replace("-", " ").title(), NOT_IN_GAZETTEER

    def find(self, document: Scanned | str) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of every mention, longest alias first, in text order. An
        alias matches as written (case and all), only its spaces normalised."""
        document = scanned(document)
        text, sentence_starts = document.text, document.starts
        words, titles = document.hits("actors", self.scan), document.hits("titles", self.scan)
        cased = normalise(text, lower=False)
        raw = []
        starts, count = sentence_starts, len(sentence_starts)
        for start, end, forms in words:
            entry = forms.get(cased[start:end])
            if entry is None:
                continue
            following = bisect_right(starts, start)  # same_sentence(), inlined: it runs for every hit
            if following < count and starts[following] < end:
                continue
            raw.append((start, -end, *entry))
        raw.sort()  # by start, longest first (one alias per span: no ties)
        found, taken = [], 0
        for start, negative_end, actor_id, place in raw:
            end = -negative_end
            if start < taken:
                continue
            if place and _previous_word(text, start, max(0, start - 24)).lower() in LOCATIVE:
                continue
            found.append((actor_id, start, end))
            taken = end
        spans = [(start, end) for _, start, end in found]
        for match in matches_at(TITLE, text, starts_of(titles)):
            if not same_sentence(sentence_starts, match.start(), match.end(1)):
                continue
            person = _person(match)
            if person is None:
                continue
            name, start, end = person
            if covered(spans, start) or name.split()[-1] in self.surnames:
                continue
            found.append(("new:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), start, end))
        return sorted(found, key=lambda f: f[1])


def _person(match: re.Match[str]) -> tuple[str, int, int] | None:
    """The person's name after a title and its offsets: the capitalised words left once leading
    institution words are dropped ("General Staff Valery Gerasimov" → "Valery Gerasimov"); None
    for fewer than two words or an institution word among them ("the General Staff")."""
    words = match.group(1).split()
    drop = 0
    while drop < len(words) and words[drop] in INSTITUTION_WORDS:
        drop += 1
    kept = words[drop:]
    if len(kept) < 2 or any(word in INSTITUTION_WORDS for word in kept):
        return None
    start = match.start(1) + match.group(1).index(kept[0])
    return " ".join(kept), start, match.end(1)


def _previous_word(text: str, position: int, floor: int) -> str:
    """The word (letters, digits, "_") before ``position``, looking no further back than ``floor``."""
    end = position
    while end > floor and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start > floor and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end]


def load_gazetteer(path: Path, label: str | None = None) -> Gazetteer:
    """Load and validate the gazetteer: unique ids, known types, no alias claimed twice."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the gazetteer")
    check_keys(data, name, required=("actors",))
    entries = require_list(data, "actors", name)
    actors: dict[str, Actor] = {}
    claimed: dict[str, tuple[str, int]] = {}
    words: dict[str, dict[str, tuple[str, bool]]] = {}
    surnames: dict[str, str] = {}
    for entry in entries:
        entry = require_mapping(entry, f"{name}:{line_of(entries)}", "an actor")
        check_keys(entry, name, required=("id", "name", "type", "aliases"), optional=("places",))
        actor_id = unique_id(entry, actors, name, ID)
        if entry["type"] not in TYPES:
            raise UnionstateError(f"{name}:{line_of(entry, 'type')}: type must be one of {', '.join(TYPES)}")
        actors[actor_id] = Actor(actor_id, require_text(entry, "name", name), entry["type"])
        for key, place in (("aliases", False), ("places", True)):
            values = entry.get(key) or []
            if not isinstance(values, list):
                raise UnionstateError(f"{name}:{line_of(entry, key)}: {key!r} must be a list")
            for i, alias in enumerate(values):
                line = values.item_lines[i] if hasattr(values, "item_lines") else line_of(entry, key)
                if not isinstance(alias, str) or not alias.strip():
                    raise UnionstateError(f"{name}:{line}: empty or non-text alias {alias!r}")
                norm = " ".join(normalise(alias, lower=False).split())
                if norm in claimed and claimed[norm][0] != actor_id:
                    other, other_line = claimed[norm]
                    raise UnionstateError(
                        f"{name}:{line}: alias {alias!r} is already claimed by {other!r} (line {other_line})"
                    )
                claimed[norm] = (actor_id, line)
                words.setdefault(normalise(norm, lower=True), {})[norm] = (actor_id, place)
                if entry["type"] == "person":
                    surnames[norm.split()[-1]] = actor_id
    return Gazetteer(actors, words, surnames)


def actor_ids(mentions: list[tuple[str, int, int]]) -> list[str]:
    """Distinct ids in order of first mention."""
    return list(dict.fromkeys(m[0] for m in mentions))
