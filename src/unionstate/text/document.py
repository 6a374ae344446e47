"""Read a document safely and cut it into titled blocks and sentences with stable ids.

Every :class:`Sentence` keeps ``start``/``end`` offsets into the *normalised* text (BOM removed,
CRLF/CR turned into LF, Unicode NFC, zero-width and bidirectional controls removed), so
``text[start:end] == sentence.text`` always holds.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from unionstate.errors import UnionstateError
from unionstate.text.reading import read_regular

MAX_BYTES = 50 * 1024 * 1024
"""Documents larger than this are refused: the engine holds one document in memory at a time."""

BULLET = re.compile(r"^[ \t]*(?:[•◦▪‣●·]|[-*–](?=\s))[ \t]*")
HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
CAPTION = re.compile(r"^(?:(?:photo|image|picture|figure|fig\.)\b|(?:source|credit|map|chart)s?\s*:)", re.I)
"""A caption names what it shows ("Photo from …", "Source: …"); "Credit and prices" is a heading."""

# Abbreviations after which a full stop never ends a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt maj capt sgt st vs cf e.g i.e approx
    jan feb mar apr jun jul aug sep sept oct nov dec dept govt pres sen rep
    fig figs vol pp ed eds art para ch u.s u.k u.n e.u""".split()
)
# Abbreviations that may also end a sentence: they end one only before a capitalised word.
TERMINAL_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "corp", "bn", "mln", "m"})
NUMBER_SIGNS = frozenset({"no", "nos"})
"""``No. 5``: a full stop after these ends no sentence when a number follows ("say no. Each" does)."""
BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
CLOSERS = "\"'”’»)]"
"""Closing quotes and brackets, which may follow a sentence's final punctuation."""
TERMINATORS = tuple(".!?…:;")
"""How a block that is a sentence (not a title or caption) ends, before any closers."""


INVISIBLE = dict.fromkeys(
    [0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063,
     0x2064, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)  # fmt: skip
"""Zero-width, soft-hyphen and bidirectional control characters: invisible, they would split a
word for matching ("Rus\u200bsia") or reorder what a reader sees, so they are removed."""


LATIN_ENOUGH = 0.5
"""Below this share of Latin letters a document is said not to be English (the lexicons are)."""


def latin_share(text: str) -> float:
    """The share of the text's letters that are Latin (1.0 for a text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff") / len(letters)


def decode(raw: bytes, name: str) -> str:
    """Bytes to normalised text, or a one-line error naming the file and the problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnionstateError(f"{name}: UTF-16 byte-order mark but the text is not valid UTF-16") from None
    else:
        if b"\x00" in raw:
            raise UnionstateError(f"{name}: binary data (NUL bytes), not a text document")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnionstateError(
                f"{name}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                "re-save the file as UTF-8"
            ) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).translate(INVISIBLE)
    if not text.strip():
        raise UnionstateError(f"{name}: the document is empty")
    return text


def read_document(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode a text or Markdown document with clear errors for every bad case: only a
    regular file is read (not a device, pipe or socket), and never more than ``max_bytes``."""
    name = name or str(path)
    raw = read_regular(path, name, max_bytes, "a document")
    if len(raw) > max_bytes:
        raise UnionstateError(f"{name}: exceeds the {max_bytes // 2**20} MB document limit")
    return decode(raw, name)


@dataclass(frozen=True)
class Block:
    """A title, caption, paragraph or bullet point: ``start``/``end`` exclude any list marker."""

    number: int
    kind: str
    start: int
    end: int


class Sentence(NamedTuple):
    """One sentence with its stable id (``p3.s2``), offsets into the normalised text and kind
    (a named tuple: documents have thousands, and a tuple is made three times faster)."""

    sentence_id: str
    paragraph: int
    number: int
    """Its place in the paragraph, from 1 (``index`` would shadow ``tuple.index``)."""
    start: int
    end: int
    text: str
    kind: str


def _raw_blocks(text: str) -> Iterator[tuple[int, int, bool, bool]]:
    """Yield (start, end, is_bullet, is_heading) for runs of non-blank lines; a bullet starts a block."""
    start: int | None = None
    end = 0
    bullet = heading = False
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            if start is not None:
                yield start, end, bullet, heading
            start = None
            continue
        marker = BULLET.match(line)
        mark = HEADING.match(line)
        if start is not None and (marker or mark):
            yield start, end, bullet, heading
            start = None
        if start is None:
            bullet, heading = bool(marker), bool(mark)
            opened = marker or mark
            skip = opened.end() if opened else len(line) - len(line.lstrip())
            start = line_start + skip
        end = line_start + len(line.rstrip())
    if start is not None:
        yield start, end, bullet, heading


def blocks(text: str) -> list[Block]:
    """Classify the blocks of a document: the first short unterminated line is the title, later
    ones are captions ("Photo: …") or headings ("## Background", "Outlook")."""
    out: list[Block] = []
    for start, end, bullet, heading in _raw_blocks(text):
        body = text[start:end]
        single_line = "\n" not in body
        unterminated = body.rstrip(CLOSERS)[-1:] not in TERMINATORS
        short = single_line and unterminated and len(body.split()) <= 25
        if bullet:
            kind = "bullet"
        elif not out and (heading or short):
            kind = "title"
        elif short and CAPTION.match(body):
            kind = "caption"
        elif short or (heading and single_line):
            kind = "heading"
        else:
            kind = "paragraph"
        out.append(Block(len(out) + 1, kind, start, end))
    return out


def _ends_sentence(text: str, block_start: int, stop: int, next_start: int) -> bool:
    """Is the punctuation run ending at ``stop`` a sentence boundary?"""
    following = text[next_start : next_start + 1]
    if not following or following.islower() or following in ",;:)]”’":
        return False
    if text[stop - 1 : stop] != ".":
        return True
    first = stop - 1  # the word before the full stop: letters, digits, "_" and "." ("e.g.")
    floor = max(block_start, stop - 40)
    while first > floor and (text[first - 1].isalnum() or text[first - 1] in "._"):
        first -= 1
    word = text[first:stop]
    token = word.lower().rstrip(".")
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and word[0].isupper():
        return False  # an initial, as in "A. Lukashenka"
    if token in TERMINAL_ABBREVIATIONS:
        return following.isupper()
    if token in NUMBER_SIGNS:
        return not following.isdigit()
    return True


def _marks(text: str) -> list[int]:
    """Offsets of every character that can end a sentence (".!?…"), in order: found with
    ``str.find``, far faster than a regular expression scanning every character."""
    found = []
    for mark in ".!?…":
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    return sorted(found)


def _boundaries(text: str, marks: list[int], first: int, last: int) -> Iterator[re.Match[str]]:
    """``BOUNDARY.finditer(text, first, last)``, trying the pattern only at ``marks``."""
    taken = first
    for at in marks[bisect.bisect_left(marks, first) : bisect.bisect_left(marks, last)]:
        if at >= taken and (match := BOUNDARY.match(text, at, last)):
            taken = match.end()
            yield match


def sentences(text: str) -> list[Sentence]:
    """Split every block into sentences, keeping curly quotes, abbreviations and ranges intact."""
    out: list[Sentence] = []
    marks = _marks(text)
    for block in blocks(text):
        first, last = block.start, block.end
        cuts = [first]
        for match in _boundaries(text, marks, first, last):
            stop = match.end()
            following = stop + 1  # the boundary is followed by whitespace: skip it
            while following < last and text[following].isspace():
                following += 1
            if following < last and _ends_sentence(text, first, stop, following):
                cuts.append(following)
        cuts.append(last)
        index = 0
        for a, b in itertools.pairwise(cuts):
            span = text[a:b]
            body = span.strip()
            if not body:
                continue
            a += len(span) - len(span.lstrip())
            index += 1
            out.append(Sentence(f"p{block.number}.s{index}", block.number, index, a, a + len(body), body, block.kind))
    return out
