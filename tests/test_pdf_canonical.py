"""The printed PDF in canonical form: one content, one set of bytes, however Chromium numbered
and ordered its objects."""

from __future__ import annotations

import re

import pytest

from unionstate.book.pdf import settle
from unionstate.book.pdf_canonical import canonical
from unionstate.errors import UnionstateError

STREAM = b"BT (9 0 R) Tj ET 7 0 R"  # a content stream whose bytes look like references


def pdf(objects: dict[int, bytes], order: list[int], root: int) -> bytes:
    """A PDF as Skia writes one: ``objects`` (text between ``obj`` and ``endobj``) in ``order``."""
    out = bytearray(b"%PDF-1.4\n%\xd3\xeb\xe9\xe1\n")
    offsets = {}
    for number in order:
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in sorted(offsets))
    return bytes(out + b"trailer\n<</Size %d\n/Root %d 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, table))  # fmt: skip


def book(a: int, b: int, c: int, d: int, order: list[int]) -> bytes:
    """One document (info, catalogue, page, contents) numbered ``a``..``d`` and written in ``order``."""
    return pdf({
        a: b"<</Title (Part 5 0 R \\(of two\\))\n/CreationDate (D:20261201160025+00'00')>>",
        b: b"<</Type /Catalog\n/Pages %d 0 R\n/IDTree [(node00000302) %d 0 R (node00000301) %d 0 R]>>" % (c, c, d),
        c: b"<</Type /Page\n/Contents %d 0 R>>" % d,
        d: b"<</Length %d>> stream\n%s\nendstream" % (len(STREAM), STREAM),
    }, order, b)  # fmt: skip


def test_two_numberings_of_one_document_give_the_same_bytes() -> None:
    first = book(1, 2, 3, 4, [1, 2, 3, 4])
    second = book(1, 7, 5, 6, [6, 1, 5, 7])
    assert first != second
    assert canonical(first) == canonical(second) == canonical(canonical(first))


def test_the_canonical_form_keeps_strings_streams_and_offsets_right() -> None:
    out = canonical(book(1, 7, 5, 6, [6, 1, 5, 7]))
    assert b"(Part 5 0 R \\(of two\\))" in out and STREAM in out  # not read as references
    assert b"/Root 1 0 R\n/Info 2 0 R" in out and b"/Pages 3 0 R" in out and b"/Contents 4 0 R" in out
    table = int(re.search(rb"startxref\n(\d+)", out)[1])  # type: ignore[index]
    assert out[table:].startswith(b"xref\n0 5\n")
    offsets = re.findall(rb"(\d{10}) 00000 n", out[table:])
    assert [out[int(at) :].split(b" ", 1)[0] for at in offsets] == [b"1", b"2", b"3", b"4"]


def test_settling_dates_the_pdf_and_numbers_its_structure_in_order() -> None:
    out = settle(book(1, 2, 3, 4, [1, 2, 3, 4]), "2024-03-01")
    assert b"/CreationDate (D:20240301000000+00'00')" in out
    assert b"[(node00000001) 3 0 R (node00000002) 4 0 R]" in out


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.4\n", "has no objects"),
        (b"%PDF-1.4\n1 0 obj\n<</Length 3>> stream\n", "has an object with no end"),
        (b"%PDF-1.4\n1 0 obj\n<<>> stream\nabc\nendstream\nendobj\n", "a stream with no direct length"),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "not of the kind expected"),
        (pdf({1: b"<</P 3 0 R>>", 2: b"<<>>"}, [1, 2], 2), "refers to object 3"),
    ],
)
def test_a_pdf_of_another_kind_is_refused_in_one_line(data: bytes, problem: str) -> None:
    with pytest.raises(UnionstateError, match=problem):
        canonical(data)
