from __future__ import annotations

from pathlib import Path

import pytest

from unionstate.errors import UnionstateError
from unionstate.text.document import blocks, decode, read_document, sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "osw-2021-11-05-sham-acceleration.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return read_document(SEED)


def test_seed_structure(seed_text: str) -> None:
    kinds = [b.kind for b in blocks(seed_text)]
    assert kinds == ["title", "caption", "paragraph", "paragraph"] + ["bullet"] * 5
    found = sentences(seed_text)
    assert len(found) == 31
    assert found[0].text == "Russia–Belarus: a sham acceleration of integration"
    assert found[1].kind == "caption"
    assert [s.sentence_id for s in found[2:5]] == ["p3.s1", "p3.s2", "p3.s3"]


def test_offsets_slice_back(seed_text: str) -> None:
    for s in sentences(seed_text):
        assert seed_text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_curly_quotes_range_and_etc(seed_text: str) -> None:
    texts = [s.text for s in sentences(seed_text)]
    fraternal = [t for t in texts if "“fraternal”" in t]
    assert len(fraternal) == 1 and fraternal[0].endswith("National Unity Day.")
    assert any("in 2021–3." in t for t in texts)  # the en-dash range does not end a sentence early
    assert any(t.endswith("industrial policies, etc.") for t in texts)  # "etc." before a capital ends one


def test_abbreviations_and_initials() -> None:
    text = "Mr. Putin met A. Lukashenka on 4 Nov. 2021 in Minsk. Prices rose by 1.5 per cent. Then talks ended."
    assert [s.text for s in sentences(text)] == [
        "Mr. Putin met A. Lukashenka on 4 Nov. 2021 in Minsk.",
        "Prices rose by 1.5 per cent.",
        "Then talks ended.",
    ]
    numbered = "It is resolution No. 5 of 2021. He could not say no. Each deployment was announced."
    assert [s.text for s in sentences(numbered)] == [
        "It is resolution No. 5 of 2021.",
        "He could not say no.",
        "Each deployment was announced.",
    ]


def test_reference_markers_end_a_sentence_with_it() -> None:
    """An encyclopedia's markers after the full stop ("[1]", "[citation needed]") belong to the
    sentence they follow, and a paragraph ending in one is a paragraph, not a heading."""
    text = (
        "# Union State\n\nIt was founded in 1999.[1] It aims at a common currency.[2][3] "
        "Critics disagree.[citation needed]\n\nTalks stalled over oil prices.[4] Protests opposed any merger.[5]"
    )
    found = sentences(text)
    assert [s.text for s in found[1:]] == [
        "It was founded in 1999.[1]",
        "It aims at a common currency.[2][3]",
        "Critics disagree.[citation needed]",
        "Talks stalled over oil prices.[4]",
        "Protests opposed any merger.[5]",
    ]
    assert {s.kind for s in found[1:]} == {"paragraph"}
    assert [s.text for s in sentences("See [Minsk] and [Moscow] now.")] == ["See [Minsk] and [Moscow] now."]
    footnoted = "The regime survived by turning to Russia.1 This paper examines the cost. Prices rose 1.5 Per cent."
    assert [s.text for s in sentences(footnoted)] == [
        "The regime survived by turning to Russia.1",
        "This paper examines the cost.",
        "Prices rose 1.5 Per cent.",
    ]


def test_numbered_headings_and_labels_are_one_sentence() -> None:
    text = "Report\n\n1. Introduction\n\nTable 1. Russian loans, 2020–2023\n\n2.3. The economy\n\n"
    text += "The rate was 4.5. It fell."
    assert [(s.text, s.kind) for s in sentences(text)][1:] == [
        ("1. Introduction", "heading"),
        ("Table 1. Russian loans, 2020–2023", "heading"),
        ("2.3. The economy", "heading"),
        ("The rate was 4.5.", "paragraph"),
        ("It fell.", "paragraph"),
    ]


def test_numbered_lines_start_their_own_block() -> None:
    """A numbered line inside a run of lines (a reference list, numbered points) starts a block,
    keeping its number; a number that merely opens a wrapped line's words does not."""
    text = "References\n\n1. Treaty of 8 December 1999.\n2. Standing Committee, annual report 2022.\n"
    text += "3) “Union State”, Minsk.\n\nOil output fell by\n5. per cent, and exports by\n4 per cent."
    assert [(s.sentence_id, s.text) for s in sentences(text)][1:] == [
        ("p2.s1", "1. Treaty of 8 December 1999."),
        ("p3.s1", "2. Standing Committee, annual report 2022."),
        ("p4.s1", "3) “Union State”, Minsk."),
        ("p5.s1", "Oil output fell by\n5. per cent, and exports by\n4 per cent."),
    ]


def test_one_paragraph_per_line_as_copied_from_a_web_page() -> None:
    """Text copied from a web page puts each paragraph on a line of its own with no empty line
    between them; a hard-wrapped paragraph (no line over the wrap) stays one block."""
    long = "Minsk agreed to buy Russian gas at a fixed price until 2025, the energy ministry said on Friday. "
    long += "It ended talks."
    text = f"Russia and Belarus sign gas deal\nBy Anna Petrova\n{long}\nBackground\nTroops held drills. They left."
    found = sentences(text)
    assert [(s.sentence_id, s.kind) for s in found] == [
        ("p1.s1", "title"),
        ("p2.s1", "heading"),
        ("p3.s1", "paragraph"),
        ("p3.s2", "paragraph"),
        ("p4.s1", "heading"),
        ("p5.s1", "paragraph"),
        ("p5.s2", "paragraph"),
    ]
    wrapped = "Gas prices rose sharply in the winter, and the two\ngovernments met to agree on a contract.\nIt failed."
    assert [s.text for s in sentences(wrapped)] == [
        "Gas prices rose sharply in the winter, and the two\ngovernments met to agree on a contract.",
        "It failed.",
    ]


def test_bom_and_crlf_give_the_same_sentences(seed_text: str) -> None:
    raw = SEED.read_bytes()
    dirty = decode(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), "dirty")
    assert [s.text for s in sentences(dirty)] == [s.text for s in sentences(seed_text)]
    assert [s.sentence_id for s in sentences(dirty)] == [s.sentence_id for s in sentences(seed_text)]


def test_utf16_with_bom_is_decoded(seed_text: str) -> None:
    assert decode(seed_text.encode("utf-16"), "utf16") == seed_text


def test_markdown_heading_and_dash_bullets() -> None:
    text = "# Heading here\n\nA paragraph. Two sentences.\n\n- first point\n- second point."
    kinds = [(s.sentence_id, s.kind) for s in sentences(text)]
    assert kinds == [
        ("p1.s1", "title"),
        ("p2.s1", "paragraph"),
        ("p2.s2", "paragraph"),
        ("p3.s1", "bullet"),
        ("p4.s1", "bullet"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the document is empty"),
        (b"  \n\t\n ", "the document is empty"),
        (b"abc\x00def", "binary data"),
        ("Łukaszenka".encode("cp1250"), "not valid UTF-8"),
        ("Лукашенко".encode("cp1251"), "not valid UTF-8"),
        ("café".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_documents(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(UnionstateError, match=message) as info:
        read_document(path, "doc.txt")
    assert str(info.value).startswith("doc.txt: ")
    assert "\n" not in str(info.value)


def test_missing_directory_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(UnionstateError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(UnionstateError, match="is a directory"):
        read_document(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300)
    with pytest.raises(UnionstateError, match="document limit"):
        read_document(big, max_bytes=1000)
