from __future__ import annotations

from pathlib import Path

import pytest

from unionstate.errors import UnionstateError
from unionstate.text.themes import classify, load_lexicon, stem

LEXICON = Path(__file__).resolve().parents[1] / "data" / "themes.yml"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(LEXICON)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.yml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """themes:
  economic:
    label: Economy
    groups:
      - name: trade
        why: because
        weight: 1.0
        terms: [trade, gas price, gas]
    exclude: [gas station]
  military:
    label: Military
    groups:
      - name: forces
        why: because
        weight: 1.0
        terms: [military, military doctrine, doctrine]
"""


def test_inflections_fold() -> None:
    assert stem("programmes") == stem("programme")
    assert stem("militarily") == stem("military")
    assert stem("Belarus’s") == "belarus"
    assert stem("policies") == stem("policy")
    assert stem("importance") != stem("import")


def test_leftmost_longest_and_exclusion(tmp_path: Path) -> None:
    lex = load_lexicon(write(tmp_path, MINIMAL))
    result = classify("The new military doctrine raised the gas price, not the gas station.", lex)
    assert result.matched["military"] == ["military doctrine"]
    assert result.matched["economic"] == ["gas price"]
    assert result.scores == {"economic": 1.0, "military": 1.0}


def test_a_lower_case_term_is_not_the_month(lexicon) -> None:
    """``lower_case`` terms count only written in lower case: "March" in a date is the month."""
    assert classify("Updated 13 March 2022.", lexicon).matched["political"] == []
    assert classify("March 2020 saw the first cases.", lexicon).matched["political"] == []
    assert classify("Thousands joined the march on Sunday.", lexicon).matched["political"] == ["march"]


def test_primary_theme_rule(tmp_path: Path) -> None:
    lex = load_lexicon(write(tmp_path, MINIMAL))
    tie = classify("Trade and doctrine.", lex)
    assert tie.themes == ("economic", "military") and tie.primary == "economic"  # tie: first listed
    clear = classify("Military trade, military doctrine.", lex)
    assert clear.primary == "military"
    none = classify("Nothing relevant here.", lex)
    assert none.themes == () and none.primary == ""
    below = classify("Trade.", lex, min_score=1.5)
    assert below.themes == () and below.primary == ""


def test_field_lexicon_on_unseen_text(lexicon) -> None:
    cases = {
        "Minsk asked Moscow for a new loan and cheaper gas.": "economic",
        "Russian troops and Iskander missiles were deployed for the Zapad exercises.": "military",
        "The opposition boycotted the referendum on constitutional amendments.": "political",
    }
    for text, theme in cases.items():
        assert classify(text, lexicon).primary == theme, text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes: [unclosed", r"themes.yml:1: malformed YAML"),
        (
            MINIMAL.replace(
                "why: because\n        weight: 1.0\n        terms: [trade",
                "why: because\n        wieght: 1\n        weight: 1.0\n        terms: [trade",
                1,
            ),
            r"themes.yml:7: unknown key 'wieght'",
        ),
        (
            MINIMAL.replace("[trade, gas price, gas]", "[trade, '', gas]"),
            r"themes.yml:8: empty or non-text lexicon term",
        ),
        (
            MINIMAL.replace("[trade, gas price, gas]", "[trade, trades]"),
            r"themes.yml:8: term 'trades' matches the same words as 'trade'",
        ),
        (MINIMAL.replace("  economic:", "  economy:"), r"themes.yml:2: unknown theme 'economy'"),
        (MINIMAL.replace("weight: 1.0", "weight: -1", 1), r"themes.yml:7: weight must be a number"),
        (
            MINIMAL.replace("    exclude: [gas station]", "    lower_case: [gas, oil]"),
            r"themes.yml:9: lower_case: 'oil' is not a term of theme 'economic'",
        ),
        (
            MINIMAL.replace("    exclude: [gas station]", "    lower_case: gas"),
            r"themes.yml:9: 'lower_case' must be a list",
        ),
    ],
)
def test_bad_lexicons(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UnionstateError, match=message):
        load_lexicon(write(tmp_path, text), "themes.yml")


SCALE = Path(__file__).resolve().parents[1] / "data" / "estimative.yml"


def test_estimative_terms_bands_hedges_and_negation() -> None:
    from unionstate.text.estimative import estimate, load_scale

    scale = load_scale(SCALE)
    likely = estimate("Lukashenka will likely continue his tactic of stalling.", scale)
    assert likely.terms == ("likely",) and (likely.low, likely.high) == (55, 80) and likely.scheme == "ICD 203"
    assert estimate("It is highly unlikely to happen.", scale).terms == ("highly unlikely",)
    hedge = estimate("It cannot be ruled out that he pledged reforms.", scale)
    assert hedge.terms == ("cannot be ruled out",) and hedge.low is None
    negated = estimate("The decree gives no indication that the process could accelerate.", scale)
    assert negated.terms == ("no indication that … could",) and negated.low is None
    assert estimate("They met in May 2021 and again on 4 May.", scale).terms == ()
    assert estimate("Nothing estimative here.", scale).scheme == ""


def test_every_view_names_a_band_by_one_rule() -> None:
    from unionstate.text.estimative import load_scale, probability_text

    scale = load_scale(SCALE)
    assert [scale.band(t) for t in ("likely", "cannot be ruled out", "no indication that … could")] == [
        "likely", "unquantified", "negated"
    ]  # fmt: skip
    assert scale.bands[0] == "almost no chance" and scale.bands[-2:] == ["unquantified", "negated"]
    assert scale.bands.index("likely") > scale.bands.index("roughly even chance")
    assert probability_text(55, 80, "likely") == "55–80 %"
    assert probability_text(None, None, "no indication that … could") == "negated"
    assert probability_text(None, None, "may;could") == "unquantified"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("low: 55, high: 80", "low: 85, high: 80", r"band 'likely' needs whole-number low ≤ high within 0–100"),
        ("low: 95, high: 99", "low: 95, high: 120", r"band 'almost certain' needs whole-number low ≤ high"),
        ("terms: [unlikely, improbable]", "terms: [unlikely, likely]", r"estimative term 'likely' is listed twice"),
        ("terms: [unlikely, improbable]", "terms: [unlikely, '~improbable']", r"'~improbable' must begin and end"),
        ("negations: [no indication that,", "negations: ['-no indication that',", r"'-no indication that' must begin"),
    ],
)
def test_bad_scales(tmp_path: Path, old: str, new: str, message: str) -> None:
    from unionstate.text.estimative import load_scale

    text = SCALE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scale.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(UnionstateError, match=message):
        load_scale(path)
