"""The theme coder: context, words beyond the lexicon, scene-setting, evidence, validation."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from unionstate.errors import UnionstateError
from unionstate.inputs.evaluate import agreement, confusion, corrected_shares
from unionstate.text.coder_config import load_coder
from unionstate.text.engine import analyse_text, default_engine

ROOT = Path(__file__).resolve().parents[1]
CODER = ROOT / "data" / "coder.yml"


@pytest.fixture(scope="module")
def engine():
    return default_engine(ROOT)


def coded(engine, text: str) -> dict[str, tuple[str, str]]:
    frame, _ = analyse_text("t", text, engine)
    return {r.sentence_id: (r.primary_theme, r.theme_evidence) for r in frame.itertuples()}


def test_words_the_lexicon_does_not_list(engine) -> None:
    # New texts written for this test: no listed term decides them alone.
    result = coded(
        engine,
        "Riot police detained hundreds of protesters in Minsk. Thousands filled the squares every Sunday.\n\n"
        "Gazprom raised the gas price for 2020. The dispute is about money.",
    )
    assert result["p1.s2"][0] == "political" and "paragraph" in result["p1.s2"][1]
    assert result["p2.s2"][0] == "economic"


def test_a_sentence_continues_its_paragraph(engine) -> None:
    result = coded(engine, "Russian troops arrived for joint exercises near the border. They did not leave.")
    assert result["p1.s2"][0] == "military"
    assert result["p1.s2"][1].endswith("continues p1.s1")


def test_scene_setting_and_institutions_are_not_political(engine) -> None:
    result = coded(
        engine,
        "The meeting was held in Minsk and attended by both prime ministers. "
        "President Putin signed the decree at the Supreme State Council.",
    )
    assert result["p1.s1"][0] == "" and result["p1.s1"][1].startswith("scene-setting (meeting, held, attended)")
    assert result["p1.s2"][0] == ""


def test_a_scene_set_before_the_main_clause_does_not_hide_its_point(engine) -> None:
    """The codebook's example: "At the summit in Sochi, Putin promised a … loan" is economic; the
    scene cues of an opening phrase up to its comma do not raise the bar, those after it do."""
    result = coded(
        engine,
        "At the summit in Sochi, Putin promised a USD 1.5 billion loan.\n\n"
        "During the talks in Minsk, the prime ministers agreed on the gas price for 2024.\n\n"
        "At the summit, the two leaders met and talked.\n\nThe summit took place in Sochi.\n\n"
        "- 14 September – At a meeting in Sochi, Putin promises a loan.",
    )
    assert result["p1.s1"][0] == "economic" and result["p2.s1"][0] == "economic"
    assert result["p3.s1"][0] == "" and result["p3.s1"][1].startswith("scene-setting (met)")
    assert result["p4.s1"][0] == "" and result["p4.s1"][1].startswith("scene-setting (summit, took place)")
    assert result["p5.s1"][0] == "economic"  # a timeline's entry: the date comes first


def test_a_title_is_coded_by_the_story_it_announces(engine) -> None:
    """CODEBOOK.md: a title is coded by what it announces, so its scene cues ("meet") do not raise
    the bar; the same words in the body do."""
    # New text written for this test.
    result = coded(
        engine,
        "Leaders meet in Minsk, agree on common gas market timetable\n\n"
        "The leaders meet in Minsk and agree on a common gas market timetable.",
    )
    assert result["p1.s1"][0] == "economic"
    assert result["p2.s1"][0] == "" and result["p2.s1"][1].startswith("scene-setting (meet)")


def test_pure_scene_setting_takes_no_theme_from_its_paragraph(engine) -> None:
    """CODEBOOK.md: pure scene-setting is none. A sentence of scene cues takes from its paragraph
    only the themes it shows itself: it stays none inside an economic paragraph, even with a word
    of another theme ("journalists"), where a sentence that continues the subject ("The dispute is
    about money.") takes its theme."""
    # New text written for this test.
    text = (
        "Gazprom raised the gas price for Belarus. Minsk wanted a lower price. Each meeting lasted several hours. "
        "The dispute is about money. Both leaders spoke to journalists afterwards."
    )
    result = coded(engine, text)
    assert [result[f"p1.s{i}"][0] for i in range(1, 6)] == ["economic", "economic", "", "economic", ""]
    assert result["p1.s3"][1].startswith("scene-setting (meeting)")
    assert result["p1.s5"][1].startswith("scene-setting (spoke to journalists)")


def test_a_quotations_attribution_sets_no_scene(engine) -> None:
    """The cues of the attribution after an opening quotation ("he said at the press conference")
    do not make the quote scene-setting: it continues its paragraph's subject."""
    # New text written for this test.
    text = (
        "The two governments agreed to cut the price of Russian gas for Belarusian industry. "
        '"Now it has to work," Golovchenko said at the press conference.'
    )
    assert coded(engine, text)["p1.s2"][0] == "economic"


def test_courtesies_are_scene_setting(engine) -> None:
    # New text written for this test: thanks and congratulations in an account of talks.
    result = coded(
        engine,
        "Lukashenka thanked his counterpart for the hospitality. The two leaders congratulated each other on "
        "the holiday.\n\nHe said Belarus counted on cheaper Russian gas.",
    )
    assert result["p1.s1"][0] == "" and result["p1.s2"][0] == "" and result["p2.s1"][0] == "economic"
    # A ministry's release on a trade forum: the event's practicalities are scene-setting, its deals are not.
    release = coded(
        engine,
        "Press service of the Ministry of Industry, 16 November 2023\n\nThe forum opened today at the exhibition "
        "centre. More than 400 companies are taking part.\n\nEnterprises signed contracts for the delivery of 120 "
        "tractors to Russian farms.\n\nThe exhibition is open to visitors until 18 November. Photos of the event "
        "are available on the Ministry's page.",
    )
    themes = [release[s][0] for s in ("p1.s1", "p2.s1", "p2.s2", "p3.s1", "p4.s1", "p4.s2")]
    assert themes == ["", "", "", "economic", "", ""]


def test_headings_and_captions_are_coded_by_their_own_words(engine) -> None:
    """A heading names its subject in a word or two: one listed term of any weight decides it
    ("Economy"); a caption, like a heading, takes nothing from its neighbours."""
    result = coded(
        engine,
        "# Belarus\n\n## Economy\n\nGazprom raised the gas price. Minsk asked for a loan.\n\n## Background\n\n"
        "Image caption, Lukashenka and Putin in Sochi\n\nRefineries cut their output as oil deliveries stopped.",
    )
    assert result["p2.s1"][0] == "economic" and result["p4.s1"][0] == ""
    assert result["p5.s1"][0] == ""


def test_an_aside_does_not_decide(engine) -> None:
    result = coded(
        engine, "Belarus's sovereignty (regarding military affairs in particular) might become even more limited."
    )
    assert result["p1.s1"][0] == "political"
    assert "(military affairs)" not in result["p1.s1"][1]


def test_what_a_sentence_sets_aside_does_not_decide(engine) -> None:
    """CODEBOOK.md: what follows "rather than" up to the next comma counts as an aside."""
    # New text written for this test.
    assert coded(engine, "The quarrel is about sovereignty rather than the price of gas.")["p1.s1"][0] == "political"
    assert coded(engine, "The quarrel is about sovereignty and the price of gas.")["p1.s1"][0] == "economic"
    assert coded(engine, "Rather than the price of gas, the quarrel is about sovereignty.")["p1.s1"][0] == "political"


def test_sanctions_are_coded_by_the_grounds_the_sentence_gives(engine) -> None:
    """CODEBOOK.md: sanctions for a war are military, for repression political; the instruments
    alone are economic."""
    # New texts written for this test.
    war = coded(engine, "Brussels widened its sanctions on Minsk over its role in the war against Ukraine.")["p1.s1"]
    assert war[0] == "military" and "sanction" not in war[1]
    vote = coded(engine, "London imposed sanctions on twelve officials responsible for the rigged election.")
    assert vote["p1.s1"][0] == "political"
    assert coded(engine, "New sanctions cut potash exports through Lithuania by half.")["p1.s1"][0] == "economic"
    # the grounds come after the instrument: here the sanctions are the cause, not the effect
    assert coded(engine, "Because of the war, sanctions cut potash exports by half.")["p1.s1"][0] == "economic"


def test_an_unknown_instrument_group_is_refused_with_its_line(tmp_path: Path) -> None:
    from unionstate.text.engine import default_files, load_engine

    path = tmp_path / "coder.yml"
    text = CODER.read_text(encoding="utf-8")
    path.write_text(
        text.replace("instruments: [sanctions as instruments]", "instruments: [sanctionz]"), encoding="utf-8"
    )
    with pytest.raises(UnionstateError, match=r"coder.yml:\d+: 'sanctionz' is not a group of .*themes.yml"):
        load_engine(default_files(ROOT, coder=path), labels={"coder": "coder.yml"})


def test_what_stands_under_see_also_or_references_is_none(engine) -> None:
    # New text written for this test: the same words are themed in the body, none in the apparatus.
    result = coded(
        engine,
        "# Belarus and the Eastern Partnership\n\nProtesters were detained after the election.\n\n"
        "## See also\n\n- 2020 Belarusian protests\n- Gas disputes\n\n## Protests\n\n- 2020 Belarusian protests"
        "\n\n## References\n\nSmith, J. Gas prices and the election. Minsk, 2021.",
    )
    assert result["p2.s1"][0] == "political"
    assert result["p4.s1"] == ("", "under a heading that points elsewhere")
    assert result["p5.s1"][0] == ""
    assert result["p7.s1"][0] == "political"  # a list under another heading is read as usual
    assert {result[s][0] for s in result if s.startswith("p9.")} == {""}
    copied = coded(engine, "Gas prices rose.\n\nSee also[edit]\n\n- Gas disputes\n\nReferences[edit]\n\n^ Gas. 2021.")
    assert copied["p3.s1"] == ("", "under a heading that points elsewhere")  # as copied from a wiki page
    assert copied["p5.s1"][0] == ""
    # Copied from a browser: the entries have lost their bullets and look like headings.
    raw = coded(
        engine,
        "Union State\n\nContents\n\n1 History\n\n2 Economy\n\nHistory[edit]\n\nTroops held drills.\n\n"
        "See also[edit]\n\nEurasian Economic Union\n\nCollective Security Treaty Organization\n\n"
        "References[edit]\n\nGas prices rose.",
    )
    elsewhere = "under a heading that points elsewhere"
    assert [raw[s] for s in ("p3.s1", "p4.s1", "p8.s1", "p9.s1")] == [("", elsewhere)] * 4
    assert raw["p6.s1"][0] == "military" and raw["p11.s1"] == ("", elsewhere)
    web = coded(
        engine, "Gas prices rose.\n\nRelated Topics\n\nEurope\n\nMore on this story\n\nOpposition calls for strike"
    )
    assert [web[s][0] for s in ("p1.s1", "p3.s1", "p5.s1")] == ["economic", "", ""]
    assert web["p5.s1"][1] == elsewhere


def test_the_publications_apparatus_is_none(engine) -> None:
    # New text written for this test, laid out as a wire story copied from a web page.
    result = coded(
        engine,
        "Minsk asks for cheaper gas\n\nBy Anna Petrova, Reuters\n\nPublished 12 March 2022, 14:05 GMT.\n\n"
        "Belarus asked Gazprom for a lower gas price. By Friday, the talks had stalled.\n\n"
        "Photo: A gas compressor station near Minsk. (Reuters)\n\nRead more: Belarus refineries face new tax rules\n\n"
        "Reporting by Anna Petrova; editing by John Smith.\n\n© 2022 Reuters. All rights reserved.\n\n"
        "Share this article\n\nTags: gas, Gazprom, Minsk\n\n9 August 2021, Minsk, Palace of Independence\n\n"
        "Dear colleagues, dear friends,\n\nThe European Parliament,",
    )
    apparatus = "the publication's apparatus (a byline, credit, stamp, note or link)"
    apparatus_lines = ("p2.s1", "p3.s1", "p5.s2", "p6.s1", "p7.s1", "p8.s1", "p8.s2", "p9.s1", "p10.s1", "p11.s1")
    for sentence in (*apparatus_lines, "p12.s1", "p13.s1"):
        assert result[sentence] == ("", apparatus), sentence
    assert result["p4.s1"][0] == "economic" and result["p5.s1"][0] == "economic"  # a caption with content
    assert result["p4.s2"][1] != apparatus  # "By Friday, …" is no byline
    dated = coded(engine, "4 November 2021, Minsk, Russia cut gas supplies by half.")
    assert dated["p1.s1"][0] == "economic"  # a dateline before a sentence is no stamp
    article = coded(
        engine,
        "# Union State\n\nThis article is about the union. For the 1999 treaty, see Union treaty.\n\n"
        "Main article: Belarus–Russia relations\n\nTrade grew.[1] Figure 1: trade by year. Source: Belstat.",
    )
    assert {article[s] for s in ("p2.s1", "p2.s2", "p3.s1", "p4.s3")} == {("", apparatus)}
    assert article["p4.s1"][0] == "economic"
    wire = coded(
        engine,
        "Moscow will lend Minsk USD 630 million for its budget.\n\n"
        "(Reporting by Anna Petrova; Editing by John Smith)\n\nAbout the author\n\nShe writes on loans and gas.",
    )
    assert wire["p1.s1"][0] == "economic" and wire["p2.s1"] == ("", apparatus)
    assert wire["p4.s1"] == ("", "under a heading that points elsewhere")


def test_the_lexicon_alone_codes_only_listed_words_and_never_loads_the_model() -> None:
    lexicon = dataclasses.replace(default_engine(ROOT), coding="lexicon")
    text = "Riot police detained hundreds of protesters in Minsk. Thousands filled the squares every Sunday."
    result = coded(lexicon, text)
    assert result["p1.s1"] == ("political", "political: Riot police, detained, protesters")
    assert result["p1.s2"] == ("", "no lexicon term")
    assert "embeddings" not in lexicon.coder.__dict__ and "prototype_matrix" not in lexicon.coder.__dict__
    with pytest.raises(UnionstateError, match="unknown theme coding 'lexical' \\(one of lexicon, embeddings, coder\\)"):
        dataclasses.replace(lexicon, coding="lexical")


def test_the_coder_pickles_without_its_model(engine) -> None:
    assert engine.coder.prototype_matrix[0].shape[1] == 256  # loaded in this process
    restored = pickle.loads(pickle.dumps(engine))
    assert "embeddings" not in restored.coder.__dict__ and "prototype_matrix" not in restored.coder.__dict__
    assert len(pickle.dumps(engine.coder)) < 20_000


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  weight: 2.0\n", "  weight: -1\n", r"coder.yml:\d+: weight must be a number in \[0, 100\]"),
        ("  previous: 0.5\n", "  previous: 0.5\n  previuos: 1\n", r"coder.yml:\d+: unknown key 'previuos'"),
        ("  overrule: 0.25\n", "", r"coder.yml:\d+: missing key 'overrule'"),
        ("aside: 0.25", "aside: yes", r"coder.yml:\d+: aside must be a number"),
        (
            "  cues: [this,",
            "  cues: [as a matter of fact, this,",
            r"context cue 'as a matter of fact' has more than three words",
        ),
        ("  none:\n", "  nothing:\n", r"coder.yml:\d+: unknown key 'nothing'"),
        ("scene:\n  weight: 1.0\n  cues: [", "scene:\n  weight: 1.0\n  cues: ['', ", r"scene cues: empty"),
        ("reference_lists: [see also,", "reference_lists: [7,", r"reference list headings: empty or non-text"),
        ("'on', in, while", "on, in, while", r"coder.yml:\d+: scene openings: empty or non-text entry True"),
        ("reference_lists: [", "reference_list: [", r"coder.yml:\d+: unknown key 'reference_list'"),
        ("  markers: [over,", "  markers: [7,", r"coder.yml:\d+: grounds markers: empty or non-text entry 7"),
        ("grounds:\n", "ground:\n", r"coder.yml:\d+: unknown key 'ground'"),
        ("apparatus:\n  - 'By(", "apparatus:\n  - '(By(", r"coder.yml:\d+: apparatus: bad pattern .\(By\(.*missing \)"),
        ("apparatus:\n  - 'By(", "apparatus:\n  - 7\n  - 'By(", r"coder.yml:\d+: apparatus: empty or non-text pattern"),
    ],
)
def test_bad_coder_files(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = CODER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "coder.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UnionstateError, match=message):
        load_coder(path, "coder.yml")


def test_agreement_reports_no_support_as_missing() -> None:
    scores = agreement(["economic", "economic", "", "political"], ["economic", "political", "", "political"])
    assert scores["accuracy"] == 0.75
    assert scores["precision_military"] is None and scores["recall_military"] is None
    assert scores["f1_military"] is None
    assert scores["f1_none"] == 1.0 and scores["recall_economic"] == 0.5 and scores["precision_political"] == 0.5
    # κ by hand: observed 0.75; expected (2·1 + 0 + 1·1 + 1·2) / 16 = 5/16
    assert scores["kappa"] == round((0.75 - 5 / 16) / (1 - 5 / 16), 3)
    assert agreement(["economic"], ["economic"])["kappa"] is None  # chance agreement is 1: κ undefined


def test_confusion_has_every_class() -> None:
    table = confusion(["economic", ""], ["", ""])
    assert list(table.index) == list(table.columns) == ["economic", "military", "political", "none"]
    assert table.loc["economic", "none"] == 1 and table.loc["none", "none"] == 1 and table.to_numpy().sum() == 2


def test_corrected_shares() -> None:
    document = ["economic"] * 6 + ["political"] * 3 + [""]
    gold = ["economic"] * 8 + ["political"] * 2 + [""] * 2
    coded_ = ["economic"] * 7 + ["political"] + ["political", "political"] + ["", "economic"]
    shares = corrected_shares(document, gold, coded_, draws=300).set_index("theme")
    assert shares["share"].to_dict() == {"economic": 0.6, "military": 0.0, "political": 0.3, "none": 0.1}
    assert abs(shares["corrected"].sum() - 1) < 0.01
    assert (shares["low"] <= shares["corrected"]).all() and (shares["corrected"] <= shares["high"]).all()
    assert shares.equals(corrected_shares(document, gold, coded_, draws=300).set_index("theme"))


def test_word_by_word_projection_equals_the_sentence_tokenization(engine) -> None:
    """The cache tokenizes words alone: that gives the tokens of the sentence with its whitespace
    collapsed to single spaces (extra spaces and line breaks are not words)."""
    import numpy as np

    from unionstate.text.document import read_document, sentences

    projection, tokenizer = engine.coder.projection, engine.coder.embeddings.tokenizer
    texts = [s.text for s in sentences(read_document(ROOT / "seeds" / "osw-2021-11-05-sham-acceleration.txt"))]
    texts += ["Two  spaces,\nand a line break", "ünïcode — “quotes” (and brackets)."]
    for text, mean in zip(texts, projection.means(texts), strict=True):
        ids = tokenizer.encode(" ".join(text.split()), add_special_tokens=False).ids
        assert np.allclose(mean, projection.tokens[ids].mean(axis=0), atol=1e-5), text


def test_the_model_read_from_the_wheel_is_wordllamas_own() -> None:
    """Reading WordLlama's files directly (to skip importing its configuration layer) gives the
    matrix and the tokens of ``WordLlama.load`` with downloads disabled."""
    import logging

    import numpy as np

    from unionstate.text.embeddings import CONFIG, DIM, _package_dir, load

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from wordllama import WordLlama  # its import calls logging.basicConfig(level=INFO)

        theirs = WordLlama.load(config=CONFIG, dim=DIM, cache_dir=_package_dir(), disable_download=True)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    ours = load()
    assert np.array_equal(ours.matrix, theirs.embedding)
    text = "Gazprom raised the gas price for 2020; Łukaszenka’s “union” — 28 programmes."
    assert (
        ours.tokenizer.encode(text, add_special_tokens=False).ids
        == theirs.tokenizer.encode(text, add_special_tokens=False).ids
    )


def test_the_word_cache_grows_while_it_is_read(engine) -> None:
    """More new words than the cache holds, after it was used: the rows read are those of the
    grown cache (a regression: the old array was indexed, IndexError at 4096 words)."""
    import numpy as np

    from unionstate.text.embeddings import Projection

    coder = engine.coder
    fresh = Projection(coder.embeddings, np.eye(coder.projection.width, coder.embeddings.matrix.shape[1]))
    fresh.means(["gas prices rose"])
    many = " ".join(f"word{i}" for i in range(len(fresh.rows) + 10))
    assert fresh.means([many, "gas prices rose"]).shape == (2, fresh.width)
    assert np.allclose(fresh.means(["gas prices rose"]), fresh.means(["gas prices rose"]))


def test_words_fast_path_matches_split() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from unionstate.text.embeddings import _words

    piece = st.sampled_from(["gas", "oil", " ", "  ", "\n", "\u00a0", "\u2009", "\x85", "\x1c", "\u3000", "—", "a", ""])

    @given(st.lists(st.lists(piece, max_size=8).map("".join), max_size=6))
    def check(texts: list[str]) -> None:
        split = [t.split() for t in texts]
        assert _words(texts) == ([len(s) for s in split], [w for s in split for w in s])

    check()


@pytest.mark.parametrize(
    "text",
    [
        "Trade grew.",
        "What next?",
        "Why?\n\nBecause gas prices rose.",
        "# Title\n\nA question?\n\nAn answer about troops.",
    ],
)
def test_any_shape_of_document(engine, text: str) -> None:
    """One sentence, one paragraph, a question as the last or a middle paragraph: no failure."""
    frame, _ = analyse_text("t", text, engine)
    assert len(frame) == len(text.split("\n\n"))


def test_score_json_is_json_dumps() -> None:
    import json

    from hypothesis import given
    from hypothesis import strategies as st

    from unionstate.text.engine import _scores_json

    themes = st.sampled_from(["economic", "military", "political"])

    @given(st.dictionaries(themes, st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1))
    def check(scores: dict[str, float]) -> None:
        assert _scores_json(scores) == json.dumps(scores, sort_keys=True)

    check()


def test_the_argument_of_a_theme_quotes_its_sentences_in_order(project: Path) -> None:
    """A theme page's opening list: that main theme's sentences in reading order, linked, with the
    reported speaker and the estimative band (a known answer on a small document)."""
    from unionstate.book import chapter
    from unionstate.book.chapters import themes

    doc = project / "note.txt"
    doc.write_text(
        "A note\n\nGazprom raised the gas price. Lukashenka stressed that trade will likely grow. "
        "Russian troops arrived for exercises.\n",
        encoding="utf-8",
    )
    page = chapter.load(str(doc), "2021-01-01", "data/themes.yml", 1.0)
    markup = themes.argument(page, "economic").markup
    assert markup.index("p2.s1") < markup.index("p2.s2") and "p2.s3" not in markup
    assert "— Alyaksandr Lukashenka, stressed" in markup and "[likely: 55–80 %]" in markup
    assert "p2.s3" in themes.argument(page, "military").markup
    assert "No sentence of the document" in themes.argument(page, "political").markup
    assert "concerns the seed commentary" in themes.held_up(page, "economic").markup


def test_the_home_page_summarises_a_document_nobody_wrote_a_narrative_for(project: Path) -> None:
    """A bare file: no editors' prose (theirs is about the seed), a summary computed from its
    analysis, and its title from its first sentence (known answers on a small document)."""
    from unionstate.book import chapter
    from unionstate.book.chapters import home, themes

    doc = project / "note.txt"
    doc.write_text(
        "A note on gas\n\nGazprom raised the gas price. Minsk asked for a new loan. "
        "Russian troops arrived for exercises.\n",
        encoding="utf-8",
    )
    page = chapter.load(str(doc), "2021-01-01", "data/themes.yml", 1.0)
    assert page.title == "A note on gas"
    summary = home.thesis(page).markup
    assert "<em>A note on gas</em> has 4 sentences; its main theme is economic integration (3 sentences)" in summary
    assert "p2.s1</a> “Gazprom raised the gas price.”" in summary and "dated 1 January 2021" in summary
    assert "Lukashenka" not in summary and themes.editors_reading(page, "economic").markup == ""
    seed = chapter.load("osw-2021-11-05-sham-acceleration", None, "data/themes.yml", 1.0)
    assert "sham" in home.thesis(seed).markup
    assert "28 union programmes" in themes.editors_reading(seed, "economic").markup


def test_a_coder_with_other_settings_shares_its_model(root: Path) -> None:
    coder = default_engine(root).coder
    loaded = coder.projection  # built once, before the copy
    other = coder.with_settings(dataclasses.replace(coder.settings, across=0.0))
    assert other.settings.across == 0.0 and coder.settings.across != 0.0
    assert other.projection is loaded and other.embeddings is coder.embeddings
