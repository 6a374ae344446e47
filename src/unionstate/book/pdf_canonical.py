"""A PDF written by Chromium (Skia) in one canonical form: its objects numbered in the order a
reader reaches them from the trailer, written in that order, with a fresh cross-reference table.

Chromium numbers and orders the same objects differently from one print to the next (its
structure tree above all, on a loaded machine), so two prints of one page can differ in bytes
though not in content; in this form they do not. The parser reads what Skia writes (no object
streams, direct ``/Length``, literal strings with their parentheses escaped) and says so when a
file is not of that kind rather than guessing.
"""

from __future__ import annotations

import re
from collections import deque

from unionstate.errors import UnionstateError

_OBJECT = re.compile(rb"(\d+) 0 obj\n")
# Outside streams: a literal string (skipped whole, so its text is never read as a reference), a
# reference, the start of a stream, or the end of the object.
_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|(?<![\w./#-])(\d+) 0 R|(?<![a-z])stream\r?\n|\nendobj\n", re.S)
_LENGTH = re.compile(rb"/Length (\d+)")
_TRAILER = re.compile(rb"xref\n.*?trailer\n(.*?\n)startxref\n\d+\n%%EOF\n?\Z", re.S)
_END = b"\nendobj\n"

Pieces = list[bytes | int]
"""An object's text between ``N 0 obj`` and ``endobj``, cut at its references (object numbers)."""


def canonical(data: bytes) -> bytes:
    """``data`` with its objects renumbered and reordered breadth-first from the trailer."""
    header, objects, trailer = parse(data)
    order = _reached(trailer, objects)
    number = {old: new for new, old in enumerate(order, start=1)}
    out = bytearray(header)
    offsets = []
    for old in order:
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number[old] + _join(objects[old], number) + _END
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(order) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    tail = re.sub(rb"/Size \d+", b"/Size %d" % (len(order) + 1), _join(trailer, number))
    out += b"trailer\n" + tail + b"\nstartxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


def parse(data: bytes) -> tuple[bytes, dict[int, Pieces], Pieces]:
    """The header, every object cut at its references, and the trailer's dictionary likewise."""
    first = _OBJECT.search(data)
    if first is None:
        raise UnionstateError("the printed PDF has no objects")
    objects: dict[int, Pieces] = {}
    at = first.start()
    while (start := _OBJECT.match(data, at)) is not None:
        objects[int(start[1])], at = _cut(data, start.end())
    trailer = _TRAILER.match(data, at)
    if trailer is None:
        raise UnionstateError(f"the printed PDF is not of the kind expected at byte {at} (no plain xref table)")
    tail, _ = _cut(trailer[1][:-1] + _END, 0)  # the trailer's dictionary, cut as an object is
    return data[: first.start()], objects, tail


def _cut(data: bytes, at: int) -> tuple[Pieces, int]:
    """The object starting at ``at``, cut at its references, and where the next one starts."""
    pieces: Pieces = []
    begin = search = at
    while (token := _TOKEN.search(data, search)) is not None:
        if token[1] is not None:
            pieces += [data[begin : token.start()], int(token[1])]
            begin = search = token.end()
        elif token[0].startswith(b"stream"):
            lengths = _LENGTH.findall(data, at, token.start())
            if not lengths:
                raise UnionstateError(f"the printed PDF has a stream with no direct length at byte {token.start()}")
            search = token.end() + int(lengths[-1])
        elif token[0] == _END:
            pieces.append(data[begin : token.start()])
            return pieces, token.end()
        else:
            search = token.end()
    raise UnionstateError(f"the printed PDF has an object with no end at byte {at}")


def _reached(trailer: Pieces, objects: dict[int, Pieces]) -> list[int]:
    """Object numbers in breadth-first order from the trailer; any left unreached follow in
    the order they were written."""
    seen: dict[int, None] = {}
    queue = deque(piece for piece in trailer if isinstance(piece, int))
    while queue:
        number = queue.popleft()
        if number in seen or number not in objects:
            continue
        seen[number] = None
        queue.extend(piece for piece in objects[number] if isinstance(piece, int))
    return list(seen) + [number for number in objects if number not in seen]


def _join(pieces: Pieces, number: dict[int, int]) -> bytes:
    missing = [piece for piece in pieces if isinstance(piece, int) and piece not in number]
    if missing:
        raise UnionstateError(f"the printed PDF refers to object {missing[0]}, which it does not hold")
    return b"".join(b"%d 0 R" % number[piece] if isinstance(piece, int) else piece for piece in pieces)
