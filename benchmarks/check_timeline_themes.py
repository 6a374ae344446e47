"""An outside check of the theme coder: the reference timeline's theme labels, given by whoever
compiled ``data/reference/events.csv`` (not by this project's coders, nor under its codebook).

Each of the 57 events is coded alone, twice: its one-line description (``event``, the
compiler's words) and the verbatim excerpt of its source (``source_excerpt``, a third party's
words, at most about 30 words). The compiler gave every event one of the three themes and none
is "none", so a sentence the codebook would code none (a signing, a meeting) counts as a miss:
the agreement is a lower bound. Never used to choose anything: run it to see, not to tune.

    .venv/bin/python benchmarks/check_timeline_themes.py
"""

from __future__ import annotations

from collections import Counter

from unionstate.inputs.reference import load_events
from unionstate.paths import project_root
from unionstate.text.coder import METHODS, read
from unionstate.text.engine import default_engine, theme_evidence

CLASSES = ("economic", "military", "political", "none")


def main() -> None:
    root = project_root()
    engine, events = default_engine(root), load_events(root)
    for field in ("event", "source_excerpt"):
        print(f"{field} ({len(events)} events, each coded alone)")
        for method in METHODS:
            confusion: Counter[tuple[str, str]] = Counter()
            for text, theme in zip(events[field], events["theme"], strict=True):
                found, evidence = theme_evidence(text, engine)
                codings = read(found, evidence, engine.coder, engine.min_score, method)
                # the main theme of most of its sentences (the first of them on a tie)
                primaries = [c.primary or "none" for c in codings]
                confusion[theme, max(primaries, key=primaries.count)] += 1
            agreed = sum(n for (gold, got), n in confusion.items() if gold == got)
            print(f"  {method:10s} {agreed} of {len(events)} ({agreed / len(events):.2f})")
            if method == "coder":
                print("    compiler's theme ↓ / coded →  " + "  ".join(f"{c:>9s}" for c in CLASSES))
                for gold in CLASSES[:-1]:
                    row = "  ".join(f"{confusion[gold, got]:9d}" for got in CLASSES)
                    print(f"    {gold:29s} {row}")


if __name__ == "__main__":
    main()
