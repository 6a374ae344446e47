"""Property-based tests: segmentation and extraction never fail and keep their invariants."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from unionstate.text import actors, dates, document, quantities, speech
from unionstate.text.dates import find_dates
from unionstate.text.document import sentences
from unionstate.text.engine import default_engine, iter_records
from unionstate.text.scan import matches_at, starts_of

ROOT = Path(__file__).resolve().parents[1]
ENGINE = default_engine(ROOT)
ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4})?$")
WORDS = st.sampled_from(
    "Russia Belarus Lukashenka Kremlin Minsk trade gas likely may could no indication that troops "
    "referendum 2021 2021–3 4 November 2021 May September over 400 $1.5 bn . , ; “ ” ’s • \n \n\n - etc. Mr.".split(" ")
)
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_segmentation_offsets_slice_back(text: str) -> None:
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text


@settings(max_examples=150, deadline=None)
@given(TEXT, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)) | st.none())
def test_extraction_invariants(text: str, document_date: dt.date | None) -> None:
    for record, scores in iter_records("doc", text, ENGINE, document_date):
        assert text[record["start"] : record["end"]] == record["text"]
        for value in filter(None, record["dates"].split(";")):
            assert ISO.match(value), value
        low, high = record["probability_low"], record["probability_high"]
        assert (low is None) == (high is None)
        if low is not None:
            assert 0 <= low <= high <= 100
        assert all(v >= 0 for v in scores.values())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_dates_are_valid_iso_values(text: str) -> None:
    for value, start, end in find_dates(text, dt.date(2021, 11, 5)):
        assert ISO.match(value) and 0 <= start < end <= len(text)
        if len(value) == 10:
            dt.date.fromisoformat(value)


SCAN = ENGINE.words.scan


def date_starts(where: tuple[str, ...]):
    def starts(text: str) -> list[int]:
        begins = dates.beginnings(text, SCAN(text)["dates"])
        return sorted({p for kind in where for p in begins[kind]})

    return starts


CANDIDATES = [
    ("speech cue", speech.CUE, lambda text: starts_of(SCAN(text)["cues"])),
    ("title", actors.TITLE, lambda text: starts_of(SCAN(text)["titles"])),
    ("estimative", ENGINE.scale.pattern, lambda text: starts_of(SCAN(text)["estimative"])),
    *((f"date {kind}", pattern, date_starts(where)) for kind, where, pattern in dates.PATTERNS),
]
PHRASES = st.sampled_from(
    "said stressed according to According to he reiterated Prime Minister Mikhail Mishustin Deputy Foreign Minister "
    "spokesman Dmitry Peskov General likely very likely cannot be ruled out almost certainly May 2021 4 May 2021 "
    "between 1995 and 1997 2021–3 the 1990s 2021-11-04 September back in June 1999 over 400 $1.5 bn USD 30 million "
    "at least twenty some 5 1,200 km 65.2% last year Friday next Monday two years ago Sept. 30 12 October today "
    "the end of the year earlier this month every Thursday would said a A an day days month ago "
    "earlier . , ; — \n".split(" ")
)
PROSE = st.one_of(st.text(max_size=300), st.lists(PHRASES, max_size=60).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_trying_patterns_only_where_a_match_can_begin_finds_what_a_full_scan_finds(text: str) -> None:
    for name, pattern, candidates in CANDIDATES:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in matches_at(pattern, text, candidates(text))] == expected, name


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_quantities_are_looked_for_wherever_a_full_scan_finds_them(text: str) -> None:
    expected = [m.span() for m in quantities.PATTERN.finditer(text)]
    assert [m.span() for m in quantities.number_matches(text)] == expected
    assert [m.span() for m in quantities.number_matches(text, SCAN(text)["numbers"])] == expected


@settings(max_examples=300, deadline=None)
@given(PROSE, st.integers(0, 40), st.integers(0, 40))
def test_sentence_ends_are_looked_for_wherever_a_full_scan_finds_them(text: str, cut: int, trim: int) -> None:
    first, last = min(cut, len(text)), max(min(cut, len(text)), len(text) - trim)
    expected = [m.span() for m in document.BOUNDARY.finditer(text, first, last)]
    assert [m.span() for m in document._boundaries(text, document._marks(text), first, last)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(
            st.sampled_from(["he", "She", "also", "then", "quickly", "has", " ", "\n", ",", "the", "(he"]), max_size=20
        ).map(" ".join),
    )
)
def test_a_pronoun_subject_is_found_among_the_last_three_words(before: str) -> None:
    expected = speech.PRONOUN.search(before)
    found = speech.PRONOUN.search(before, speech._last_words(before, 3))
    assert (found and found.span()) == (expected and expected.span())
