"""Benchmark: the ``dates`` field against TempEval-style gold dates, beside dateparser.

The folder (for example the shared conversion of TempEval-3's training data) holds
``docs.csv`` (``doc_id``, ``dct``: the document creation time), ``text/<doc_id>.txt`` and
``gold_dates.csv`` (``doc_id``, ``value``, ``kept``, ``class``: absolute or relative,
``subclass``). Scoring, per document: the multiset of predicted values (the ``dates`` field of
every sentence record) is intersected with the multiset of kept gold values; a range ``A/B``
is one prediction that matches a gold ``A`` or ``B``. Prints precision, recall and F1 of the
values, recall of absolute and relative dates and of each subclass, and the time per 1,000
words of the date extractor and of dateparser's ``search_dates`` (with ``RELATIVE_BASE`` at the
document date, each found phrase given the precision dateparser reports for it). Nothing of the
folder is copied anywhere; without it the benchmark says so and exits 0.

    .venv/bin/python benchmarks/bench_dates.py --tempeval ../shared/benchmarks/tempeval3-tbaq
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from unionstate.paths import project_root
from unionstate.text.dates import find_dates
from unionstate.text.document import sentences
from unionstate.text.engine import default_engine, iter_records
from unionstate.text.scan import Scanned


@dataclass
class Document:
    doc_id: str
    dct: dt.date
    text: str
    gold: list[tuple[str, str, str]] = field(default_factory=list)
    """(value, class, subclass) of each kept gold date."""


def load(folder: Path) -> list[Document]:
    with (folder / "docs.csv").open(encoding="utf-8") as handle:
        docs = {
            row["doc_id"]: Document(
                row["doc_id"],
                dt.date.fromisoformat(row["dct"]),
                (folder / "text" / f"{row['doc_id']}.txt").read_text(encoding="utf-8"),
            )
            for row in csv.DictReader(handle)
        }
    with (folder / "gold_dates.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kept"] == "1" and row["doc_id"] in docs:
                docs[row["doc_id"]].gold.append((row["value"], row["class"], row["subclass"]))
    return [docs[key] for key in sorted(docs)]


@dataclass
class Score:
    predicted: int = 0
    matched: int = 0
    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)

    def add(self, predictions: Iterable[str], gold: list[tuple[str, str, str]]) -> None:
        """Match a document's predictions against its gold dates (each gold date once)."""
        open_gold = list(gold)
        for kind in ("class", "subclass"):
            for item in gold:
                self.gold[(kind, item[1] if kind == "class" else item[2])] += 1
        for value in predictions:
            self.predicted += 1
            ends = value.split("/") if "/" in value else [value]
            hit = next((g for g in open_gold if g[0] in ends), None)
            if hit is not None:
                open_gold.remove(hit)
                self.matched += 1
                self.found[("class", hit[1])] += 1
                self.found[("subclass", hit[2])] += 1

    def line(self, name: str) -> str:
        total = sum(n for (kind, _), n in self.gold.items() if kind == "class")
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / total if total else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        recall = {c: self.found[("class", c)] / n for (kind, c), n in self.gold.items() if kind == "class" and n}
        return (
            f"{name:<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   recall: absolute {recall.get('absolute', 0):.3f}, "
            f"relative {recall.get('relative', 0):.3f}   ({self.matched} of {self.predicted} predicted, {total} gold)"
        )

    def subclasses(self) -> list[str]:
        rows = sorted(((c, n) for (kind, c), n in self.gold.items() if kind == "subclass"), key=lambda x: -x[1])
        return [
            f"    {c:<34} {self.found[('subclass', c)]:>4} / {n:<4} {self.found[('subclass', c)] / n:.3f}"
            for c, n in rows
        ]


def ours(documents: list[Document]) -> tuple[Score, float]:
    """The engine's ``dates`` field, and the date extractor's seconds (alone, on the same texts)."""
    engine = default_engine(project_root())
    score = Score()
    for doc in documents:
        values = [
            value
            for record, _ in iter_records(doc.doc_id, doc.text, engine, doc.dct)
            for value in record["dates"].split(";")
            if value
        ]
        score.add(values, doc.gold)
    start = time.perf_counter()
    for doc in documents:
        find_dates(Scanned(doc.text, [s.start for s in sentences(doc.text)]), doc.dct)
    return score, time.perf_counter() - start


def dateparser_baseline(documents: list[Document]) -> tuple[Score, float] | None:
    try:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates
    except ImportError:
        return None
    formats: dict[str, Callable[[dt.datetime], str]] = {
        "year": lambda d: f"{d.year:04d}",
        "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    }
    parser = DateDataParser(languages=["en"])
    score = Score()
    start = time.perf_counter()
    for doc in documents:
        base = dt.datetime.combine(doc.dct, dt.time(12))
        found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        values = []
        for phrase, when in found:
            period = parser.get_date_data(phrase).period or "day"
            values.append(formats.get(period, lambda d: d.date().isoformat())(when))
        score.add(values, doc.gold)
    return score, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tempeval", type=Path, help="a TempEval-style folder (docs.csv, text/, gold_dates.csv)")
    parser.add_argument("--no-baseline", action="store_true", help="skip dateparser (slow: about a minute)")
    args = parser.parse_args()
    if args.tempeval is None or not (args.tempeval / "gold_dates.csv").is_file():
        print(f"bench_dates: no TempEval folder ({args.tempeval or 'give --tempeval DIR'}); nothing to measure")
        sys.exit(0)
    documents = load(args.tempeval)
    words = sum(len(doc.text.split()) for doc in documents)
    print(f"{len(documents)} documents, {words:,} words, {sum(len(d.gold) for d in documents)} gold dates")
    score, seconds = ours(documents)
    print(score.line("unionstate") + f"   {1000 * seconds / words * 1000:.2f} ms per 1,000 words")
    print("\n".join(score.subclasses()))
    baseline = None if args.no_baseline else dateparser_baseline(documents)
    if baseline is not None:
        other, other_seconds = baseline
        print(other.line("dateparser") + f"   {1000 * other_seconds / words * 1000:.2f} ms per 1,000 words")
    elif not args.no_baseline:
        print("dateparser is not installed (make env installs it with the dev tools); no baseline")


if __name__ == "__main__":
    main()
