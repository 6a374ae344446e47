"""Actors named in a sentence: a gazetteer (``data/actors.yml``) matched on whole words, longest
alias first, plus title-and-name patterns that find people missing from the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .errors import UnionstateError
from .yamlio import check_keys, line_of, load_yaml, require_mapping

TYPES = ("person", "state", "institution", "media")
LOCATIVE = frozenset("in at to from near via outside around across inside into".split())
TITLE = re.compile(
    r"\b(?:(?:Deputy |Vice |First Deputy )?(?:Prime Minister|Foreign Minister|Defen[cs]e Minister|Interior Minister|"
    r"Finance Minister|Economy Minister|Minister|President|Premier|Chancellor|Speaker|Ambassador|Patriarch)|"
    r"[Ss]pokes(?:man|woman|person)|General|Colonel|Admiral)\s+"
    r"((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+)*[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
)
ID = re.compile(r"^[a-z][a-z0-9-]*$")


def _words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) with the possessive folded: "Russia's" → "Russia"."""
    out = []
    for m in re.finditer(r"[^\W_]+(?:\.[^\W_]+)*\.?|[^\W_]+", text):
        word, end = m.group(), m.end()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word):
            word, end = word[:-1], end - 1
        out.append((m.start(), end, word))
    folded = []
    i = 0
    while i < len(out):
        start, end, word = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt and nxt[2] == "s" and text[end : nxt[0]] in ("'", "’"):
            folded.append((start, nxt[1], word))
            i += 2
            continue
        folded.append((start, end, word))
        i += 1
    return folded


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    automaton: ahocorasick.Automaton = field(repr=False)
    surnames: dict[str, str]

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of every mention, longest alias first, in text order."""
        words = _words(text)
        if not words:
            return []
        joined = " " + " ".join(w for _, _, w in words) + " "
        starts, pos = {}, 1
        for i, (_, _, w) in enumerate(words):
            starts[pos] = i
            pos += len(w) + 1
        raw = []
        for end, (length, actor_id, size, place) in self.automaton.iter(joined):
            first = starts.get(end - length + 2)
            if first is None:
                continue
            raw.append((first, first + size - 1, actor_id, place))
        raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        found, taken = [], -1
        for first, last, actor_id, place in raw:
            if first <= taken:
                continue
            if place and first > 0 and words[first - 1][2].lower() in LOCATIVE:
                continue
            found.append((actor_id, words[first][0], words[last][1]))
            taken = last
        for match in TITLE.finditer(text):
            name = match.group(1)
            if any(s <= match.start(1) < e for _, s, e in found):
                continue
            surname = name.split()[-1]
            if surname in self.surnames:
                continue
            found.append(("new:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), match.start(1), match.end(1)))
        return sorted(found, key=lambda f: f[1])


def load_gazetteer(path: Path, label: str | None = None) -> Gazetteer:
    """Load and validate the gazetteer: unique ids, known types, no alias claimed twice."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the gazetteer")
    check_keys(data, name, required=("actors",))
    entries = data["actors"]
    if not isinstance(entries, list) or not entries:
        raise UnionstateError(f"{name}:{line_of(data, 'actors')}: 'actors' must be a non-empty list")
    actors: dict[str, Actor] = {}
    claimed: dict[str, tuple[str, int]] = {}
    automaton = ahocorasick.Automaton()
    surnames: dict[str, str] = {}
    for entry in entries:
        entry = require_mapping(entry, f"{name}:{line_of(entries)}", "an actor")
        check_keys(entry, name, required=("id", "name", "type", "aliases"), optional=("places",))
        actor_id = entry["id"]
        if not isinstance(actor_id, str) or not ID.match(actor_id):
            raise UnionstateError(
                f"{name}:{line_of(entry, 'id')}: id {actor_id!r} must be lower-case letters, digits and '-'"
            )
        if actor_id in actors:
            raise UnionstateError(f"{name}:{line_of(entry, 'id')}: duplicate actor id {actor_id!r}")
        if entry["type"] not in TYPES:
            raise UnionstateError(f"{name}:{line_of(entry, 'type')}: type must be one of {', '.join(TYPES)}")
        actors[actor_id] = Actor(actor_id, str(entry["name"]), entry["type"])
        for key, place in (("aliases", False), ("places", True)):
            values = entry.get(key) or []
            if not isinstance(values, list):
                raise UnionstateError(f"{name}:{line_of(entry, key)}: {key!r} must be a list")
            for i, alias in enumerate(values):
                line = values.item_lines[i] if hasattr(values, "item_lines") else line_of(entry, key)
                if not isinstance(alias, str) or not alias.strip():
                    raise UnionstateError(f"{name}:{line}: empty or non-text alias {alias!r}")
                words = tuple(w for _, _, w in _words(alias))
                norm = " ".join(words)
                if norm in claimed and claimed[norm][0] != actor_id:
                    other, other_line = claimed[norm]
                    raise UnionstateError(
                        f"{name}:{line}: alias {alias!r} is already claimed by {other!r} (line {other_line})"
                    )
                claimed[norm] = (actor_id, line)
                automaton.add_word(f" {norm} ", (len(norm) + 2, actor_id, len(words), place))
                if entry["type"] == "person":
                    surnames[words[-1]] = actor_id
    automaton.make_automaton()
    return Gazetteer(actors, automaton, surnames)


def actor_ids(mentions: list[tuple[str, int, int]]) -> list[str]:
    """Distinct ids in order of first mention."""
    return list(dict.fromkeys(m[0] for m in mentions))
