"""Benchmark: the full analysis against spaCy's blank English pipeline, on the same text.

Builds a synthetic corpus of at least ``--words`` words (default 1,000,000) by cycling through the
corpus documents (the catalogue's and the annotated ones), streamed one document at a time, and
runs in the same process:

- unionstate: segmentation, themes, actors, dates, quantities, speech and estimative language,
  one record per sentence with every field (what ``unionstate analyse`` writes, before it is
  written); a second timing also serialises each record as a JSON line;
- baseline: ``spacy.blank("en")`` + ``sentencizer`` + a ``PhraseMatcher`` over the theme lexicon,
  whose sentences and matches are counted (it writes nothing either).

The runs alternate ``--repeat`` times (default 3) and the best time of each counts, so a busy
machine slowing one run does not decide the ratio. It prints words/s for each and the ratios
(above 1: unionstate is faster). Memory: peak traced
allocation while analysing a quarter of the corpus and the whole of it, in fresh runs; a ratio
near 1 means memory stays flat as the corpus grows (documents are streamed).

    .venv/bin/python benchmarks/bench_analysis.py [--words N] [--repeat R]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from unionstate.analysis import DEFAULTS, iter_records, load_engine
from unionstate.catalog import load_catalog
from unionstate.corpus import read_document
from unionstate.paths import project_root


def sources(root: Path) -> list[str]:
    texts = [read_document(doc.path) for doc in load_catalog(root).values()]
    texts += [read_document(path) for path in sorted((root / "data" / "annotations").glob("*.txt"))]
    return texts


def corpus(texts: list[str], words: int) -> Iterator[str]:
    """Documents cycled from ``texts`` until ``words`` words were produced (streamed). Each ends
    with its own number, so no document repeats another and nothing cached for one can serve
    the next."""
    produced, i = 0, 0
    while produced < words:
        text = f"{texts[i % len(texts)]}\n\nCopy {i}.\n"
        yield text
        produced += len(text.split())
        i += 1


def run_unionstate(root: Path, texts: list[str], words: int, serialise: bool = False) -> tuple[int, float]:
    """Words analysed and seconds taken: every record built (and, with ``serialise``, written
    as a JSON line to nowhere)."""
    engine = load_engine(*(root / DEFAULTS[k] for k in ("themes", "scale", "actors")))
    counted, written = 0, 0
    start = time.perf_counter()
    for n, text in enumerate(corpus(texts, words)):
        counted += len(text.split())
        for record, _ in iter_records(f"doc-{n}", text, engine):
            if serialise:
                written += len(json.dumps(record, ensure_ascii=False))
    return counted, time.perf_counter() - start


def run_spacy(root: Path, texts: list[str], words: int) -> tuple[int, float]:
    import spacy
    from spacy.matcher import PhraseMatcher

    engine = load_engine(*(root / DEFAULTS[k] for k in ("themes", "scale", "actors")))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for term in engine.lexicon.terms:
        matcher.add(term.theme, [nlp.make_doc(term.term)])
    counted, matches, sentences = 0, 0, 0
    docs = list(corpus(texts, words))  # the same documents, materialised outside the timing
    start = time.perf_counter()
    for doc in nlp.pipe(docs, batch_size=64):
        counted += len(doc.text.split())
        matches += len(matcher(doc))
        sentences += sum(1 for _ in doc.sents)
    return counted, time.perf_counter() - start


def peak_memory(root: Path, texts: list[str], words: int) -> int:
    gc.collect()
    tracemalloc.start()
    run_unionstate(root, texts, words)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = project_root()
    texts = sources(root)
    ours_s = json_s = base_s = float("inf")
    for _ in range(max(1, args.repeat)):
        ours_words, seconds = run_unionstate(root, texts, args.words)
        ours_s = min(ours_s, seconds)
        base_words, seconds = run_spacy(root, texts, args.words)
        base_s = min(base_s, seconds)
        _, seconds = run_unionstate(root, texts, args.words, serialise=True)
        json_s = min(json_s, seconds)
    ours_rate, json_rate, base_rate = ours_words / ours_s, ours_words / json_s, base_words / base_s
    print(f"corpus: {ours_words:,} words in documents cycled from {len(texts)} sources")
    print(f"unionstate full analysis: {ours_rate:,.0f} words/s (best of {args.repeat}: {ours_s:.1f} s)")
    print(f"  and each record written as JSON: {json_rate:,.0f} words/s (best of {args.repeat}: {json_s:.1f} s)")
    print(f"spaCy blank+sentencizer+PhraseMatcher: {base_rate:,.0f} words/s (best of {args.repeat}: {base_s:.1f} s)")
    print(f"speed ratio (unionstate / spaCy): {ours_rate / base_rate:.2f}")
    print(f"speed ratio with JSON output (unionstate / spaCy): {json_rate / base_rate:.2f}")
    quarter = peak_memory(root, texts, args.words // 4)
    whole = peak_memory(root, texts, args.words)
    print(f"peak traced memory: {quarter / 2**20:.1f} MiB for 1/4 of the corpus, {whole / 2**20:.1f} MiB for all of it")
    print(f"memory ratio (all / quarter): {whole / quarter:.2f}")


if __name__ == "__main__":
    main()
