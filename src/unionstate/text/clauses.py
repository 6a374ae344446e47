"""Which parts of a sentence count for less than its subject: its asides (parentheses, what it
sets aside after "rather than") and an instrument whose grounds it gives ("sanctions over the war")."""

from __future__ import annotations

import re

from unionstate.text.coder_config import Coder
from unionstate.text.document import Sentence
from unionstate.text.themes import Term

_CONTRAST = re.compile(r"\b(?:rather than|instead of)\b[^,;:.]*", re.IGNORECASE)
"""What a sentence sets aside ("political rather than military"): counted as an aside."""


def asides(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of a sentence's asides: its parenthesised spans and what it sets aside
    after "rather than" or "instead of" (:data:`_CONTRAST`)."""
    spans: list[tuple[int, int]] = []
    if "(" in text:
        depth, start = 0, 0
        for i, char in enumerate(text):
            if char == "(":
                if depth == 0:
                    start = i
                depth += 1
            elif char == ")" and depth:
                depth -= 1
                if depth == 0:
                    spans.append((start, i + 1))
    if "ather than" in text or "nstead of" in text:  # "Rather than" too
        spans.extend(m.span() for m in _CONTRAST.finditer(text))
    return spans


def gives_grounds(sentence: Sentence, hits: list[tuple[Term, int, int]], coder: Coder) -> bool:
    """Whether the sentence gives the grounds of an instrument it names: a marker after the
    instrument ("sanctions over", "for"), then a term of another theme ("war")."""
    if not coder.instruments:
        return False
    tools = [(start, term.theme) for term, start, _ in hits if coder.is_instrument(term.group)]
    if not tools:
        return False
    first, theme = min(tools)
    for marker in coder.grounds.finditer(sentence.text, first - sentence.start):
        after = sentence.start + marker.end()
        if any(start >= after and term.theme != theme for term, start, _ in hits):
            return True
    return False
