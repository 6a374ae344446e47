"""The corpus chapter: aggregates checked against the sentences, and a page only for several documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from unionstate.book.build import effective_toc
from unionstate.book.chapters.corpus_page import missing_metadata
from unionstate.errors import UnionstateError
from unionstate.run.params import conditional_outputs, load_pages
from unionstate.run.runner import run
from unionstate.scale import aggregates, synthetic
from unionstate.scale.dataset import analyse_corpus, configuration_digest, read_table
from unionstate.scale.executor import Executor
from unionstate.text.document import read_document
from unionstate.text.engine import default_files, load_engine

ROOT = Path(__file__).resolve().parents[1]
FILES = default_files(ROOT)
THEMES = ["economic", "military", "political"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    texts = [read_document(ROOT / "seeds/osw-2021-11-05-sham-acceleration.txt")]
    work = tmp_path_factory.mktemp("agg")
    corpus = synthetic.write_parquet(synthetic.generate(texts, 60, seed=3), work / "c.parquet")
    engine = load_engine(FILES)
    analyse_corpus(corpus, work / "out", engine, configuration_digest(FILES, 1.0), Executor())
    return work / "out"


def test_theme_shares_are_sentence_weighted_shares_of_main_themes(dataset: Path) -> None:
    got = aggregates.theme_shares(dataset, THEMES, "year")
    sentences = read_table(dataset, "sentences", ["doc_id", "primary_theme"]).to_pandas()
    dates = read_table(dataset, "documents", ["doc_id", "date"]).to_pandas()
    frame = sentences.merge(dates, on="doc_id")
    frame["period"] = pd.to_datetime(frame["date"]).dt.to_period("Y").dt.start_time
    for theme in THEMES:
        expected = frame.groupby("period")["primary_theme"].apply(lambda s, t=theme: (s == t).mean())
        mine = got[got["theme"] == theme].set_index("period")["share"]
        assert mine.round(12).tolist() == expected.round(12).tolist()
    docs = got[got["theme"] == "economic"]["documents"].sum()
    assert docs == len(dates)


def test_estimative_profile_by_publisher_counts_the_sentences_terms(dataset: Path) -> None:
    engine = load_engine(FILES)
    bands = {"estimative_likely": "likely", "estimative_unquantified": "unquantified"}
    got = aggregates.estimative_by_publisher(dataset, bands).set_index(["publisher", "band"])
    sentences = read_table(dataset, "sentences", ["doc_id", "estimative_terms"]).to_pandas()
    publishers = read_table(dataset, "documents", ["doc_id", "publisher"]).to_pandas()
    terms = sentences.merge(publishers, on="doc_id").assign(term=lambda f: f["estimative_terms"].str.split(";"))
    terms = terms.explode("term").query("term != ''")
    scale = engine.scale.terms
    terms["band"] = [
        "negated" if "…" in t else scale[t].label if scale[t].low is not None else "unquantified" for t in terms["term"]
    ]
    counted = terms.groupby(["publisher", "band"]).size()
    for (publisher, band), n in got["terms"].items():
        assert n == counted.get((publisher, band), 0)
    assert got.loc[("Publisher A", "likely"), "terms"] > 0


def test_top_actors_count_documents_and_sentences(dataset: Path) -> None:
    got = aggregates.top_actors(dataset, 5).set_index("actor")
    sentences = read_table(dataset, "sentences", ["doc_id", "actors"]).to_pandas()
    mentions = sentences.assign(actor=sentences["actors"].str.split(";")).explode("actor").query("actor != ''")
    for actor, row in got.iterrows():
        named = mentions[mentions["actor"] == actor]
        assert (row["documents"], row["sentences"]) == (named["doc_id"].nunique(), len(named))
    assert got["documents"].is_monotonic_decreasing and len(got) == 5


def test_no_dataset_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(UnionstateError, match="no analysed corpus here"):
        aggregates.summary(tmp_path)


def test_the_seed_catalogue_alone_leaves_the_chapter_out(root: Path) -> None:
    (page,) = load_pages(root, only=["corpus"])
    assert page.skip == "left out (built only when its corpus holds more than one document; it holds 1)"
    toc = yaml.safe_load(effective_toc(root, conditional_outputs(root)).read_text(encoding="utf-8"))
    assert {"file": "book/corpus"} not in toc["chapters"]
    assert {"file": "book/judgements"} in toc["chapters"]


def test_missing_metadata_says_what_is_left_out_and_how_to_add_it() -> None:
    assert missing_metadata(3, 3, 3) == ""
    note = missing_metadata(3, 1, 3)
    assert "2 of 3 have no date:" in note and "publisher</code> columns" in note
    assert "1 of 3 have no date and 3 of 3 have no publisher" in missing_metadata(3, 2, 0)


def test_an_output_dir_holds_the_corpus_dataset_too(project: Path, tmp_path: Path) -> None:
    notes = project / "seeds" / "notes"
    notes.mkdir()
    shutil.copy(project / "seeds/osw-2021-11-05-sham-acceleration.txt", notes / "one.txt")
    shutil.copy(project / "data/annotations/eval-2022-referendum.txt", notes / "two.txt")
    pages = load_pages(project, overrides=[("corpus", "seeds/notes", True)], only=["corpus"])
    trial = tmp_path / "trial"
    assert run(pages, project, trial, log=lambda _: None).executed == ["corpus"]
    assert (trial / "_build" / "corpus" / "documents").is_dir() and (trial / "book" / "corpus.ipynb").is_file()
    assert not (project / "_build").exists() and not (project / "book" / "corpus.ipynb").exists()


def test_dataset_must_not_be_written_into_the_inputs(root: Path) -> None:
    with pytest.raises(UnionstateError, match=r"page corpus: parameter dataset: 'data/x' is inside data/"):
        load_pages(root, overrides=[("dataset", "data/x", True)], only=["corpus"])


def test_several_documents_add_the_chapter(project: Path) -> None:
    notes = project / "seeds" / "notes"
    notes.mkdir()
    shutil.copy(project / "seeds/osw-2021-11-05-sham-acceleration.txt", notes / "one.txt")
    shutil.copy(project / "data/annotations/eval-2022-referendum.txt", notes / "two.txt")
    pages = load_pages(project, overrides=[("corpus", "seeds/notes", True)], only=["corpus"])
    assert pages[0].skip is None
    result = run(pages, project, log=lambda _: None)
    assert result.executed == ["corpus"]
    nb = nbformat.read(project / "book" / "corpus.ipynb", as_version=4)
    assert nb.cells[0].source.startswith("# The corpus")
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    html = "".join(str(o.get("data", {})) for c in nb.cells for o in c.get("outputs", []))
    assert "Actors named in the most documents" in html
    assert "2 of 2 have no date and 2 of 2 have no publisher" in html and "catalog.yml" in html  # a bare folder
    assert (project / "_build" / "corpus" / "documents").is_dir()
    toc = yaml.safe_load(effective_toc(project, conditional_outputs(project)).read_text(encoding="utf-8"))
    assert {"file": "book/corpus"} in toc["chapters"]
    # back to one document: the page is left out again and its old output removed
    (notes / "two.txt").unlink()
    pages = load_pages(project, overrides=[("corpus", "seeds/notes", True)], only=["corpus"])
    assert run(pages, project, log=lambda _: None).skipped == ["corpus"]
    assert not (project / "book" / "corpus.ipynb").exists()
