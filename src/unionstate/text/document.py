"""Read a document safely and cut it into titled blocks and sentences with stable ids.

Every :class:`Sentence` keeps ``start``/``end`` offsets into the *normalised* text (BOM removed,
CRLF/CR turned into LF, Unicode NFC, zero-width and bidirectional controls removed), so
``text[start:end] == sentence.text`` always holds.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from unionstate.errors import UnionstateError
from unionstate.text.reading import open_regular, read_regular

MAX_BYTES = 50 * 1024 * 1024
"""Documents larger than this are refused."""
CHUNK = 1 << 20
"""How much of a document :func:`read_pieces` reads at a time."""
WRAP = 110
"""No hard-wrapped line is longer than this (editors wrap at 72 to 100 characters)."""

BULLET = re.compile(r"^[ \t]*(?:[•◦▪‣●·]|[-*–](?=\s))[ \t]*")
HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
ENUMERATOR = re.compile(r"^[ \t]*\d{1,3}(?:\.\d{1,3})*[.)][ \t]+(?=[A-ZÀ-ÞА-Я\"“‘(])")
"""A numbered line ("2. Standing Committee …") starts a block, keeping its number ("5. per cent" not)."""
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
CITATION = r"\[[\w ]{1,30}\]"
"""A reference marker of an encyclopedia article ("[4]", "[a]", "[citation needed]")."""
BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?:(?:" + CITATION + r")+|(?<=[^\W\d_][.!?])\d{1,3})?(?=\s)")
"""Final punctuation, closing quotes and brackets, then reference markers or a footnote number
right after a word's full stop ("Russia.1"), before whitespace."""
CLOSERS = "\"'”’»)]"
"""Closing quotes and brackets, which may follow a sentence's final punctuation."""
TERMINATORS = tuple(".!?…:;")
"""How a block that is a sentence (not a title or caption) ends, before any closers."""
_CITATIONS_AT_END = re.compile("(?:" + CITATION + ")+$")


def without_markers(text: str) -> str:
    """``text`` without the reference markers it ends with ("History[edit]", "merger.[5]")."""
    return _CITATIONS_AT_END.sub("", text) if text.endswith("]") else text


INVISIBLE = dict.fromkeys(
    [0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063,
     0x2064, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)  # fmt: skip
"""Zero-width, soft-hyphen and bidirectional control characters: invisible, they would split a
word for matching ("Rus\u200bsia") or reorder what a reader sees, so they are removed."""
_INVISIBLE = re.compile("[" + "".join(map(chr, INVISIBLE)) + "]")


def _normalise(text: str) -> str:
    """Line breaks as LF, Unicode NFC, invisible controls removed (exact on any run of whole
    lines, so a document normalised line run by line run is the document normalised)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def _utf8(raw: bytes, name: str, offset: int = 0) -> str:
    """UTF-8 bytes (starting ``offset`` bytes into the file) as text, or the one-line error."""
    if b"\x00" in raw:
        raise UnionstateError(f"{name}: binary data (NUL bytes), not a text document")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnionstateError(
            f"{name}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {offset + exc.start}); "
            "re-save the file as UTF-8"
        ) from None


def decode(raw: bytes, name: str) -> str:
    """Bytes to normalised text, or a one-line error naming the file and the problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnionstateError(f"{name}: UTF-16 byte-order mark but the text is not valid UTF-16") from None
    else:
        bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        text = _utf8(raw[bom:], name, bom)
    text = _normalise(text)
    if not text.strip():
        raise UnionstateError(f"{name}: the document is empty")
    return text


def _too_large(name: str, max_bytes: int) -> UnionstateError:
    return UnionstateError(f"{name}: exceeds the {max_bytes // 2**20} MB document limit")


def read_document(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode a text or Markdown document with clear errors for every bad case: only a
    regular file is read (not a device, pipe or socket), and never more than ``max_bytes``."""
    name = name or str(path)
    raw = read_regular(path, name, max_bytes, "a document")
    if len(raw) > max_bytes:
        raise _too_large(name, max_bytes)
    return decode(raw, name)


def read_pieces(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES, chunk: int = CHUNK) -> Iterator[str]:
    """The normalised text of a document in pieces of whole lines read ``chunk`` bytes at a time,
    so a large file is never held whole: ``"".join(read_pieces(p)) == read_document(p)``, with the
    same errors, raised as the bad part is reached (a UTF-16 file is read whole)."""
    name = name or str(path)
    with open_regular(path, name, "a document") as handle:
        buffer = handle.read(chunk)
        if buffer.startswith((b"\xff\xfe", b"\xfe\xff")):
            raw = buffer + handle.read(max_bytes + 1 - len(buffer))
            if len(raw) > max_bytes:
                raise _too_large(name, max_bytes)
            yield decode(raw, name)
            return
        offset = len(codecs.BOM_UTF8) if buffer.startswith(codecs.BOM_UTF8) else 0
        buffer, total, content, more = buffer[offset:], len(buffer), False, buffer
        while more:
            more = handle.read(chunk)
            total += len(more)
            if total > max_bytes:
                raise _too_large(name, max_bytes)
            buffer += more
            cut = buffer.rfind(b"\n") + 1 if more else len(buffer)
            if cut:  # whole lines only: "\r\n" and NFC never straddle two pieces
                text = _normalise(_utf8(buffer[:cut], name, offset))
                buffer, offset, content = buffer[cut:], offset + cut, content or (bool(text) and not text.isspace())
                if text:
                    yield text
    if not content:
        raise UnionstateError(f"{name}: the document is empty")


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
    """Yield (start, end, is_bullet, is_heading) for runs of non-blank lines; a bullet starts a
    block, and so does every line of a run holding a line too long for a hard wrap (text copied
    from a web page puts one paragraph on each line, with no empty line between them)."""
    lines: list[tuple[int, int]] = []  # the current run's lines: (start, end) after any marker
    bullet = heading = False
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            yield from _flush(lines, bullet, heading)
            lines = []
            continue
        marker = BULLET.match(line)
        mark = HEADING.match(line)
        if lines and (marker or mark or ENUMERATOR.match(line)):
            yield from _flush(lines, bullet, heading)
            lines = []
        if not lines:
            bullet, heading = bool(marker), bool(mark)
            opened = marker or mark
            skip = opened.end() if opened else len(line) - len(line.lstrip())
        else:
            skip = len(line) - len(line.lstrip())
        lines.append((line_start + skip, line_start + len(line.rstrip())))
    yield from _flush(lines, bullet, heading)


def _flush(lines: list[tuple[int, int]], bullet: bool, heading: bool) -> Iterator[tuple[int, int, bool, bool]]:
    """One block for a run of lines, or one per line when a line is longer than :data:`WRAP`."""
    if not lines:
        return
    if len(lines) == 1 or max(b - a for a, b in lines) <= WRAP:
        yield lines[0][0], lines[-1][1], bullet, heading
        return
    yield lines[0][0], lines[0][1], bullet, heading
    for a, b in lines[1:]:
        yield a, b, False, False


def blocks(text: str, before: int = 0) -> list[Block]:
    """Classify the blocks of a document: the first short unterminated line is the title, later
    ones are captions ("Photo: …") or headings ("## Background", "Outlook"). ``before``: how many
    blocks precede ``text`` in its document (a later window of it: no title, numbers go on)."""
    out: list[Block] = []
    for start, end, bullet, heading in _raw_blocks(text):
        body = text[start:end]
        single_line = "\n" not in body
        unterminated = without_markers(body).rstrip(CLOSERS)[-1:] not in TERMINATORS
        short = single_line and unterminated and len(body.split()) <= 25
        if bullet:
            kind = "bullet"
        elif not out and not before and (heading or short):
            kind = "title"
        elif short and CAPTION.match(body):
            kind = "caption"
        elif short or (heading and single_line):
            kind = "heading"
        else:
            kind = "paragraph"
        out.append(Block(before + len(out) + 1, kind, start, end))
    return out


def _ends_sentence(text: str, block_start: int, stop: int, next_start: int) -> bool:
    """Is the punctuation run ending at ``stop`` a sentence boundary?"""
    following = text[next_start : next_start + 1]
    if not following or following.islower() or following in ",;:)]”’":
        return False
    if text[stop - 1 : stop] != ".":
        return True
    if text[stop - 2 : stop - 1].isdigit() and len(text[block_start:stop].split()) <= 2:
        return False  # an enumerator or a label: "1. Introduction", "Table 1. Russian loans"
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


def sentences(text: str, before: int = 0) -> list[Sentence]:
    """Split every block into sentences, keeping curly quotes, abbreviations and ranges intact
    (``before``: as in :func:`blocks`)."""
    out: list[Sentence] = []
    marks = _marks(text)
    for block in blocks(text, before):
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


WINDOW = 1_000_000
"""A document longer than this many characters is analysed in windows of about this size."""


def windows(pieces: Iterable[str], size: int = WINDOW) -> Iterator[str]:
    """Consecutive parts of a document's text (given whole or in pieces), each of at least
    ``size`` characters but the last, cut only at an empty line and never after a question that
    ends its paragraph (a Q&A heading is coded with the answer that follows it): every paragraph
    stays whole, so a window is read as its document would be, its ``before`` blocks aside."""
    buffer = ""
    for piece in pieces:
        buffer = buffer + piece if buffer else piece
        while len(buffer) > size:
            cut = buffer.find("\n\n", size)
            while cut >= 0 and buffer[max(0, cut - 200) : cut].rstrip().endswith("?"):
                cut = buffer.find("\n\n", cut + 2)
            if cut < 0:
                break
            yield buffer[: cut + 1]
            buffer = buffer[cut + 1 :]
    if buffer:
        yield buffer
