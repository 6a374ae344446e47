"""Dates resolved against the document date: one hand-written sentence per rule."""

from __future__ import annotations

import datetime as dt

import pytest

from unionstate.paths import project_root
from unionstate.text.dates import date_values, find_dates
from unionstate.text.document import sentences
from unionstate.text.engine import default_engine, iter_records
from unionstate.text.scan import Scanned

WEDNESDAY = dt.date(2021, 11, 10)
MARCH = dt.date(2022, 3, 15)


def dates(text: str, today: dt.date | None = WEDNESDAY) -> list[str]:
    return date_values(find_dates(Scanned(text, [s.start for s in sentences(text)]), today))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lukashenka met the governors on Monday.", ["2021-11-08"]),  # past: the Monday just gone
        ("The prime ministers will meet in Minsk on Friday.", ["2021-11-12"]),  # future: the coming one
        ("The council sat on Wednesday.", ["2021-11-10"]),  # the document's own day
        ("Observers arrived last Friday.", ["2021-11-05"]),
        ("Talks resume next Monday.", ["2021-11-15"]),
        ("The ministry said Thursday that it would reply.", ["2021-11-04"]),  # said Thursday: past
        ("Tuesday's talks ended without a deal.", ["2021-11-09"]),
        ("The deadline is extended until Thursday.", ["2021-11-11"]),  # a deadline points forward
        ("Convoys leave every Thursday and on Fridays.", []),  # a habit, not a date
        ("Minsk answered today.", ["2021-11-10"]),
        ("The decree was signed yesterday.", ["2021-11-09"]),
        ("Gazprom will name its price tomorrow.", ["2021-11-11"]),
        ("In today's Belarus few dare to protest.", []),  # generic
    ],
)
def test_weekdays_and_days_follow_the_tense_of_their_clause(text: str, expected: list[str]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade fell last year.", ["2020"]),
        ("The loan is due this year.", ["2021"]),
        ("Earlier this year the refinery stopped.", ["2021"]),
        ("A new gas price applies from early next year.", ["2022"]),
        ("Exports rose last month.", ["2021-10"]),
        ("The treaty goes to parliament next month.", ["2021-12"]),
        ("The talks began three years ago.", ["2018"]),
        ("The border closed two months ago.", ["2021-09"]),
        ("The convoy crossed ten days ago.", ["2021-10-31"]),
        ("Grain exports are up from a year ago.", []),  # the same period a year back: no precision
        ("Third-quarter oil revenue was lower than last year.", []),  # a quarter: no value of ours
        ("By the end of the year the pipeline should be full.", ["2021"]),
        ("The exercise began last week.", []),  # weeks have no value at these precisions
    ],
)
def test_relative_years_months_and_days(text: str, expected: list[str]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("The refinery stopped on Sept. 30.", WEDNESDAY, ["2021-09-30"]),
        ("Talks were held on 25 May.", WEDNESDAY, ["2021-05-25"]),
        ("The ministers will sign on Dec. 3.", WEDNESDAY, ["2021-12-03"]),
        ("Interest is payable Jan. 2.", WEDNESDAY, ["2022-01-02"]),
        ("The talks will resume in June.", MARCH, ["2022-06"]),  # future: the coming June
        ("The talks resumed in June.", MARCH, ["2021-06"]),  # past: the last June
        ("Protests began last November.", MARCH, ["2021-11"]),
        ("Elections are planned for this September.", MARCH, ["2022-09"]),
        ("Parliament meets again next April.", MARCH, ["2022-04"]),
        ("He recalled that cold December evening of 1999.", MARCH, ["1999-12"]),
        ("In 2019, the talks resumed on 4 May.", MARCH, ["2019", "2019-05-04"]),  # the year the sentence sets
        ("In 2019 Minsk paid in March.", MARCH, ["2019", "2019-03"]),
        ("Aid rose between 1994 and 1997.", MARCH, ["1994", "1997"]),  # both ends named
        ("The programme for 2021–3 was signed.", MARCH, ["2021/2023"]),  # a shortened end: the range
    ],
)
def test_months_and_days_without_their_year(text: str, today: dt.date, expected: list[str]) -> None:
    assert dates(text, today) == expected


def test_without_a_document_date_relative_dates_are_left_out() -> None:
    assert dates("Minsk paid last year, on Friday and on 25 May, as in March 2020.", None) == ["2020-03"]


def test_a_day_of_the_month_is_never_a_quantity() -> None:
    engine = default_engine(project_root())
    (record, _), *_ = iter_records("d", "Talks on 25 May freed 3 prisoners.", engine, WEDNESDAY)
    assert record["dates"] == "2021-05-25" and record["quantities"] == "3 prisoners"
