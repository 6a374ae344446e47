"""Known answers for the views behind the Context and theme pages' charts (small inputs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from unionstate.errors import UnionstateError
from unionstate.inputs.reference import OTHER_FAMILY, basis_family, events_for, load_basis_families

FAMILIES = {"Agreements": ("agreement", "protocol"), "Russian": ("Russian", "Putin"), "Belarusian": ("Belarusian",)}


@pytest.mark.parametrize(
    ("basis", "family"),
    [
        ("stated by Putin (Russian data)", "Russian"),
        ("Gazprom/Belarus protocol", "Agreements"),  # the first family that matches
        ("Russian figure, given by TASS (Belarusian statistics: up to $50bn)", "Russian"),
        ("Belstat (belarusian statistics)", "Belarusian"),  # any case
        ("preliminary data, source not named", OTHER_FAMILY),
    ],
)
def test_a_basis_goes_to_the_first_family_that_names_it(basis: str, family: str) -> None:
    assert basis_family(basis, FAMILIES) == family


def test_every_indicator_basis_charted_has_a_family(root: Path) -> None:
    from unionstate.book.chapters.context import INDICATORS, indicator_chart

    for indicator in INDICATORS:
        data = indicator_chart(indicator).data
        assert isinstance(data, pd.DataFrame)
        assert OTHER_FAMILY not in set(data.loc[data["statistic_basis"].str.contains("Putin"), "family"])
    families = load_basis_families(root)
    assert next(iter(families)) == "Agreements and protocols"


def test_a_bad_families_file_is_one_line(project: Path) -> None:
    path = project / "data" / "basis_families.yml"
    path.write_text("families:\n  Russian figures: Russian\n", encoding="utf-8")
    with pytest.raises(UnionstateError, match=r"basis_families.yml:2: family 'Russian figures' needs a list"):
        load_basis_families(project)


def test_only_the_document_itself_is_the_commentary_under_study() -> None:
    events = pd.DataFrame(
        {
            "source_url": ["https://a.example/seed", "https://b.example/news"],
            "source_type": ["think-tank (X) - the commentary under study", "news (Y)"],
        }
    )
    assert events_for(events, "https://a.example/seed")["source_type"].tolist() == [
        "think-tank (X) - the commentary under study",
        "news (Y)",
    ]
    for other in ("https://c.example/other", None):
        assert events_for(events, other)["source_type"].tolist() == ["think-tank (X)", "news (Y)"]


def test_a_date_axis_holds_every_mark() -> None:
    from unionstate.book.charts import date_domain

    assert date_domain(pd.Series(["2000-01-01", "2021-11-04"]), pd.Series(["2000-12-31", "2027-12-31"])) == [
        "1998-08-07",  # a twentieth of the 10,226-day span (511.3 days) on each side
        "2029-05-25",
    ]
    assert date_domain(pd.Series(["2021-09-10"])) == ["2021-07-12", "2021-11-09"]  # one date: 60 days each side


def test_a_chart_carries_the_rows_it_draws_as_csv() -> None:
    import base64
    import re

    import altair as alt

    from unionstate.book import report

    frame = pd.DataFrame({"theme": ["Économie", "No theme"], "share": [0.75, 0.25]})
    bars = alt.Chart(frame, title="Main theme, by share").mark_bar().encode(x="share:Q", y="theme:N")
    markup = report.render((bars + bars.mark_text()).to_dict())["text/html"]  # two layers, one dataset
    links = re.findall(r'download="([^"]+)" href="data:text/csv;base64,([^"]+)"', markup)
    assert [name for name, _ in links] == ["main-theme-by-share.csv"]
    assert base64.b64decode(links[0][1]).decode("utf-8") == "theme,share\nÉconomie,0.75\nNo theme,0.25\n"


def test_the_stylesheet_and_the_charts_share_the_theme_colours(root: Path) -> None:
    import re

    from unionstate.book import report

    css = (root / "_static" / "unionstate.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--us-(economic|military|political|none):\s*(#[0-9A-Fa-f]{6})", css))
    assert declared == {**report.THEME_COLOURS, "none": report.NO_THEME_COLOUR}
    assert set(re.findall(r"--us-(\w+)-dark:", css)) == set(declared)  # and a dark variant of each
