"""A large document is read a piece at a time and analysed window by window: the same text, the
same errors and, its coder's document context aside, the same records as when read whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionstate.errors import UnionstateError
from unionstate.text.document import read_document, read_pieces, sentences, windows
from unionstate.text.engine import default_engine, iter_records

ROOT = Path(__file__).resolve().parents[1]

PIECES = st.lists(
    st.sampled_from(["a", "é", "e\u0301", "\u200b", " ", "\n", "\r\n", "\r", "\n\n", "Gas prices rose.", "Why?"]),
    max_size=60,
)
"""Texts of letters, combining accents, invisible controls and every kind of line break."""


@settings(max_examples=150, deadline=None)
@given(PIECES, st.integers(min_value=1, max_value=12), st.booleans())
def test_pieces_join_into_the_document_read_whole(tmp_path_factory, parts: list[str], chunk: int, bom: bool) -> None:
    path = tmp_path_factory.mktemp("doc") / "doc.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "".join(parts).encode("utf-8") + b"Trade grew.")
    pieces = list(read_pieces(path, chunk=chunk))
    assert "".join(pieces) == read_document(path)
    assert all(piece.endswith("\n") for piece in pieces[:-1])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the document is empty"),
        (b" \n\r\n\xe2\x80\x8b\n", "the document is empty"),
        (b"Trade grew.\n" * 3 + b"\x00", "binary data (NUL bytes)"),
        (b"Trade grew.\n" * 3 + "Łódź".encode("cp1250"), "not valid UTF-8 (byte 0xa3 at offset 36)"),
        (b"Trade grew.\n" * 40, "exceeds the 0 MB document limit"),
    ],
)
def test_pieces_fail_as_the_whole_read_does(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    limit = 200
    with pytest.raises(UnionstateError) as whole:
        read_document(path, max_bytes=limit)
    with pytest.raises(UnionstateError) as pieces:
        list(read_pieces(path, max_bytes=limit, chunk=8))
    assert str(pieces.value) == str(whole.value) and message in str(whole.value)


def test_a_utf16_document_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("Gas prices rose.\r\n\r\nTroops left.".encode("utf-16"))
    assert list(read_pieces(path, chunk=4)) == [read_document(path)]


def test_windows_cut_at_empty_lines_never_after_a_question() -> None:
    text = "Why now?\n\nBecause gas is cheap.\n\nTrade grew.\nIt fell.\n\nTroops left.\n\nEnd.\n"
    parts = list(windows([text[:7], text[7:30], text[30:]], size=5))
    assert "".join(parts) == text
    assert parts == ["Why now?\n\nBecause gas is cheap.\n", "\nTrade grew.\nIt fell.\n", "\nTroops left.\n", "\nEnd.\n"]
    assert list(windows([text], size=len(text))) == [text]


def test_a_windows_sentences_go_on_from_the_blocks_before_it() -> None:
    text = "Title line\n\nFirst point here.\n\nShort heading\n\nLast one. Really.\n"
    whole = sentences(text)
    first, second = list(windows([text], size=20))
    shift = len(first)
    assert sentences(first) + sentences(second, before=sentences(first)[-1].paragraph) == [
        s._replace(start=s.start - shift, end=s.end - shift) if s.start >= shift else s for s in whole
    ]
    assert [s.kind for s in whole] == ["title", "paragraph", "heading", "paragraph", "paragraph"]


def test_windowed_records_are_the_whole_documents_but_for_the_document_context() -> None:
    """With the coder's document and across-paragraph contexts off, windows of about 2,000
    characters give every record of six documents run together exactly as one window does (ids,
    offsets, speakers carried over)."""
    engine = default_engine(ROOT)
    coder = engine.coder.with_settings(dataclasses.replace(engine.coder.settings, document=0.0, across=0.0))
    engine = dataclasses.replace(engine, coder=coder)
    texts = [read_document(path) for path in sorted((ROOT / "data" / "annotations").glob("*.txt"))[:6]]
    speech = 'Vladimir Putin spoke in Minsk on 4 November.\n\n"We are close," he said.\n\n'
    text = "\n\n".join([texts[0], speech * 3, *texts[1:]])
    whole = [record for record, _ in iter_records("doc", text, engine, None, window=len(text))]
    windowed = [record for record, _ in iter_records("doc", text, engine, None, window=2_000)]
    assert len(list(windows([text], 2_000))) > 5
    assert windowed == whole
    assert all(text[r["start"] : r["end"]] == r["text"] for r in windowed)
    assert sum(r["speaker"] == "putin" for r in windowed) >= 3


def test_a_speaker_goes_on_into_the_next_window() -> None:
    engine = default_engine(ROOT)
    text = 'Vladimir Putin spoke in Minsk.\n\n"We are close," he said.\n'
    assert len(list(windows([text], 10))) == 2
    for size in (10, len(text)):
        records = [record for record, _ in iter_records("doc", text, engine, None, window=size)]
        assert [(r["sentence_id"], r["start"], r["speaker"]) for r in records] == [
            ("p1.s1", 0, ""),
            ("p2.s1", 32, "putin"),
        ]
