"""Which script a document is written in: the lexicons are English, so a document mostly in
another script is flagged (the CLI warns, a page says so) rather than coded as if it were."""

from __future__ import annotations

import re
from collections.abc import Iterable

LATIN_ENOUGH = 0.5
"""Below this share of Latin letters a document is said not to be English (the lexicons are)."""


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_OTHER_LATIN = re.compile(r"[^\W\d_\x00-\x7f\u0250-\u1dff\u1f00-\U0010ffff]")
_NOT_LATIN = re.compile(r"[^\W\d_\x00-\u024f\u1e00-\u1eff]")


def letter_counts(text: str) -> tuple[int, int]:
    """(Latin letters, letters) of a text, which add up over its parts: ASCII letters counted in
    bytes, the rare others by pattern (a letter is a word character that is not a digit)."""
    encoded = text.encode("utf-8", "surrogatepass")
    latin = len(encoded) - len(encoded.translate(None, _ASCII_LETTERS)) + len(_OTHER_LATIN.findall(text))
    return latin, latin + len(_NOT_LATIN.findall(text))


def latin_share(text: str | Iterable[str]) -> float:
    """The share of the text's letters (or of its pieces') that are Latin (1.0 without letters)."""
    counts = [letter_counts(piece) for piece in ([text] if isinstance(text, str) else text)]
    letters = sum(n for _, n in counts)
    return sum(latin for latin, _ in counts) / letters if letters else 1.0
