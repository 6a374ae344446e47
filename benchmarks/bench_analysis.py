"""Benchmark: the full analysis against spaCy's blank English pipeline, on the same text.

Builds a synthetic corpus of at least ``--words`` words (default 1,000,000) by cycling through the
corpus documents (the catalogue's and the annotated ones), streamed one document at a time, and
runs in the same process:

- unionstate: segmentation, themes, actors, dates, quantities, speech and estimative language,
  one record per sentence with every field (what ``unionstate analyse`` writes, before it is
  written); a second timing also serialises each record as a JSON line;
- baseline: ``spacy.blank("en")`` + ``sentencizer`` + a ``PhraseMatcher`` over the theme lexicon,
  whose sentences and matches are counted (it writes nothing either).

The three take turns on every chunk of 64 documents, in rotating order, ``--repeat`` times over
the corpus (default 3), and each one's times are summed: a machine whose speed drifts for
seconds at a time (this project's does, by a third) slows all of them alike instead of deciding
the ratio. It prints words/s for each and the ratios (above 1: unionstate is faster). Memory: peak traced
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from unionstate.inputs.catalog import load_catalog
from unionstate.paths import project_root
from unionstate.text.document import read_document
from unionstate.text.engine import Engine, default_engine, iter_records


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


CHUNK = 64
"""Documents per turn (also spaCy's batch size)."""


def spacy_pipeline(engine: Engine) -> tuple[Any, Any]:
    """The light baseline: ``spacy.blank("en")`` with a sentencizer, and a ``PhraseMatcher`` over
    the engine's theme lexicon."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for term in engine.lexicon.terms:
        matcher.add(term.theme, [nlp.make_doc(term.term)])
    return nlp, matcher


def every_record(engine: Any, records: Callable = iter_records) -> Callable[[list[str]], None]:
    """The timed work of an engine on a list of documents: every record of each (``records``: the
    engine's ``iter_records``, this checkout's unless another's is given)."""

    def run(docs: list[str]) -> None:
        for n, text in enumerate(docs):
            for _record in records(f"doc-{n}", text, engine):
                pass

    return run


def runners(root: Path) -> dict[str, Callable[[list[str]], None]]:
    """The timed work on a list of documents: unionstate's records, the same written as JSON
    lines, and the spaCy baseline (its sentences and phrase matches counted)."""
    engine = default_engine(root)
    nlp, matcher = spacy_pipeline(engine)

    def json_lines(docs: list[str]) -> None:
        for n, text in enumerate(docs):
            for record, _ in iter_records(f"doc-{n}", text, engine):
                json.dumps(record, ensure_ascii=False)

    def baseline(docs: list[str]) -> None:
        for doc in nlp.pipe(docs, batch_size=CHUNK):
            len(matcher(doc))
            sum(1 for _ in doc.sents)

    return {"unionstate": every_record(engine), "json": json_lines, "spacy": baseline}


def interleaved(work: dict[str, Callable[[list[str]], None]], docs: list[str], repeat: int) -> dict[str, float]:
    """Seconds each runner took over ``docs``, ``repeat`` times, taking turns chunk by chunk."""
    totals = dict.fromkeys(work, 0.0)
    names = list(work)
    chunks = [docs[i : i + CHUNK] for i in range(0, len(docs), CHUNK)]
    for turn, chunk in enumerate(chunk for _ in range(repeat) for chunk in chunks):
        first = turn % len(names)
        for name in names[first:] + names[:first]:
            start = time.perf_counter()
            work[name](chunk)
            totals[name] += time.perf_counter() - start
    return totals


def run_unionstate(root: Path, texts: list[str], words: int) -> None:
    """The analysis over documents streamed one at a time (for the memory measurement)."""
    engine = default_engine(root)
    for n, text in enumerate(corpus(texts, words)):
        for _record in iter_records(f"doc-{n}", text, engine):
            pass


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
    repeat = max(1, args.repeat)
    docs = list(corpus(texts, args.words))  # the same documents for all three, made outside the timing
    words = sum(len(text.split()) for text in docs) * repeat
    seconds = interleaved(runners(root), docs, repeat)
    rate = {name: words / total for name, total in seconds.items()}
    print(f"corpus: {words // repeat:,} words in documents cycled from {len(texts)} sources")
    for name, label in (
        ("unionstate", "unionstate full analysis"),
        ("json", "  and each record written as JSON"),
        ("spacy", "spaCy blank+sentencizer+PhraseMatcher"),
    ):
        print(f"{label}: {rate[name]:,.0f} words/s ({repeat} passes: {seconds[name]:.1f} s)")
    print(f"speed ratio (unionstate / spaCy): {rate['unionstate'] / rate['spacy']:.2f}")
    print(f"speed ratio with JSON output (unionstate / spaCy): {rate['json'] / rate['spacy']:.2f}")
    quarter = peak_memory(root, texts, args.words // 4)
    whole = peak_memory(root, texts, args.words)
    print(f"peak traced memory: {quarter / 2**20:.1f} MiB for 1/4 of the corpus, {whole / 2**20:.1f} MiB for all of it")
    print(f"memory ratio (all / quarter): {whole / quarter:.2f}")


if __name__ == "__main__":
    main()
