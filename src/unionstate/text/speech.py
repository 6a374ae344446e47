"""Reported speech: who said, stressed, announced … something, and with which verb.

The speaker is the actor named closest before the verb (a person preferred over a state or
institution within the same clause); "admitted by X" and "according to X" take the actor after.
A pronoun subject ("he stressed") takes the previous sentence's speaker, or its only named
person, when there is exactly one candidate; otherwise the speaker stays empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unionstate.text.actors import Gazetteer
from unionstate.text.scan import Scanned, WordScan, matches_at, scanned, starts_of, starts_with_one_of

VERBS = (
    "said says say stressed stresses reiterated reiterates announced announces emphasised emphasized "
    "emphasises emphasizes admitted admits warned warns pledged pledges insisted insists declared declares "
    "claimed claims noted notes stated states argued argues urged urges promised promises confirmed confirms "
    "denied denies called calls told tells added adds assured assures praised praises accused accuses "
    "acknowledged acknowledges suggested proposed vowed"
).split()
VERB = re.compile(r"\b" + starts_with_one_of(VERBS) + r"(?P<verb>" + "|".join(VERBS) + r")\b")
ACCORDING = re.compile(r"\b[Aa]ccording to\b")
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\s+(?:has\s+|had\s+|also\s+|then\s+|later\s+|\w+ly\s+){0,2}$")
NEGATION = re.compile(r"\b(?:not|never|neither|nor|no)\b|n't\b")
CLAUSE_BREAK = re.compile(r"[;:]|\bwhile\b|\bbut\b")
BY = re.compile(r"\s+by\s+")
CUE = re.compile(f"{VERB.pattern}|{ACCORDING.pattern}")
CUE_WORDS = dict.fromkeys([*VERBS, "according"])
"""A cue begins only at one of these words (any case)."""
_CUES = WordScan({"cues": CUE_WORDS})
REACH = 80
"""Characters before the verb in which the subject is looked for."""


@dataclass(frozen=True)
class Speech:
    speaker: str
    verb: str


def find_speech(
    text: str,
    gazetteer: Gazetteer,
    previous: Speech | None = None,
    previous_people: list[str] | None = None,
    mentions: list[tuple[str, int, int]] | None = None,
    cues: Sequence[int] | None = None,
) -> Speech | None:
    """The first reported-speech event of a sentence, or None (``mentions``: its actors, and
    ``cues``: the sorted offsets where a speech verb or "according to" may start, if known)."""
    mentions = gazetteer.find(text) if mentions is None else mentions
    according = next(matches_at(ACCORDING, text, cues), None) if cues is not None else ACCORDING.search(text)
    if according:
        after = [m for m in mentions if m[1] >= according.end()]
        if after:
            return Speech(after[0][0], "according to")
    for match in matches_at(VERB, text, cues) if cues is not None else VERB.finditer(text):
        verb = match.group("verb")
        if verb in ("states", "calls", "notes", "claims") and not _is_subject_verb(text, match, mentions):
            continue  # nouns as often as verbs: "the two states", "claims that"
        if BY.match(text, match.end()):
            later = [m for m in mentions if match.end() <= m[1] <= match.end() + REACH]
            if later:
                people = [m for m in later if _is_person(m[0], gazetteer)]
                return Speech((people or later)[0][0], verb)
        before = text[max(0, match.start() - REACH) : match.start()]
        if PRONOUN.search(before, _last_words(before, 3)):
            candidates = [previous.speaker] if previous and previous.speaker else list(previous_people or [])
            candidates = list(dict.fromkeys(candidates))
            return Speech(candidates[0] if len(candidates) == 1 else "", verb)
        window_start = match.start() - len(before)
        subjects = [m for m in mentions if window_start <= m[1] and m[2] <= match.start()]
        if subjects:
            breaks = [b.end() for b in CLAUSE_BREAK.finditer(text, window_start, match.start())]
            subjects = [m for m in subjects if m[1] >= breaks[-1]] if breaks else subjects
        if not subjects or NEGATION.search(text, subjects[0][1], match.start()):
            continue  # no subject, or "neither Russia nor Belarus has confirmed": nobody spoke
        people = [m for m in subjects if _is_person(m[0], gazetteer)]
        speaker = (people or subjects)[-1][0]
        return Speech(speaker, verb)
    return None


def _last_words(text: str, count: int) -> int:
    """Where the last ``count`` whitespace-separated words of ``text`` begin (0 if it has fewer):
    a pronoun subject and the adverbs after it are among the last three words before a verb."""
    parts = text.rsplit(None, count)
    if len(parts) <= count:
        return 0
    return len(parts[0])  # the unsplit rest keeps its leading whitespace


def cue_offsets(document: Scanned | str) -> list[int]:
    """Where a speech verb or "according to" starts in a whole document: a sentence with none
    has no reported speech, so :func:`find_speech` need not run on it."""
    document = scanned(document)
    return [m.start() for m in matches_at(CUE, document.text, starts_of(document.hits("cues", _CUES)))]


def _is_person(actor_id: str, gazetteer: Gazetteer) -> bool:
    actor = gazetteer.actors.get(actor_id)
    return actor_id.startswith("new:") or (actor is not None and actor.type == "person")


def _is_subject_verb(text: str, match: re.Match[str], mentions: list[tuple[str, int, int]]) -> bool:
    return any(0 <= match.start() - end <= 2 for _, _, end in mentions)
