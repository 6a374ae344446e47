"""Choose the coder's numbers (``data/coder.yml``) on the development documents only.

Reads ``data/annotations/documents.yml``, keeps the documents whose role is ``development``
(the test documents are never opened), gathers each one's evidence once, and codes it under
every combination of the grid below. A combination is eligible only if it also codes the
codebook's plain cases below as the codebook says (a sentence whose own words are clear keeps its
theme whatever its neighbours are about). It prints the settings of ``data/coder.yml`` and the
best eligible combinations by pooled accuracy (ties: the worst single document, then the
smallest weights), each with its per-document accuracies, and a held-out estimate: each document
in turn is left out, the grid's best on the others codes it, and the left-out documents' pooled
accuracy is printed (the in-sample best flatters the grid). Nothing is written: copy the chosen
numbers into ``data/coder.yml`` by hand.

    .venv/bin/python benchmarks/tune_coder.py [--top N]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools

import numpy as np

from unionstate.inputs.evaluate import load_annotated
from unionstate.paths import project_root
from unionstate.text.coder import read
from unionstate.text.coder_config import Settings
from unionstate.text.document import read_document
from unionstate.text.engine import default_engine, theme_evidence

GRID = {
    "similarity_weight": [2.0, 3.0, 5.0, 7.0],
    "similarity_below": [1.0, 1.5, 2.0, 3.0],
    "aside": [0.25],
    "previous": [0.2, 0.5],
    "following": [0.2, 0.4],
    "across": [0.0, 0.2, 0.3, 0.5],
    "paragraph": [0.7, 0.9, 1.2],
    "document": [0.4, 0.6, 0.8],
    "question": [1.0],
    "continuation": [1.0, 2.0],
    "overrule": [0.0, 0.25, 0.5, 1.0],
    "scene_weight": [1.0],
}


PLAIN = [
    ("Russian troops will very likely stay in Belarus. Gas prices rose.", ["military", "economic"]),
    ("Gazprom raised the gas price for 2020. Protesters were detained in Minsk.", ["economic", "political"]),
    ("The opposition called for a boycott of the vote. Minsk signed a new loan agreement.", ["political", "economic"]),
    (
        "Belarus received a Russian loan of one billion dollars. The army held exercises near Brest.",
        ["economic", "military"],
    ),
    ("The meeting was held in Minsk and attended by both prime ministers.", [""]),
    ("At the summit in Sochi, Putin promised a USD 1.5 billion loan. The summit was held in Sochi.", ["economic", ""]),
]
"""The codebook's plain cases: mixed paragraphs of clear sentences, pure scene-setting, and
scene-setting with content ("At the summit in Sochi, Putin promised a … loan" is economic)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    root = project_root()
    engine = default_engine(root)
    documents = []
    for item in load_annotated(root):
        if item.role != "development":
            continue
        found, evidence = theme_evidence(read_document(item.document.path, item.label), engine)
        documents.append((item.document.id, found, evidence, [g or "" for g in item.gold["primary"]]))
    plain = [(sentences, evidence, gold) for sentences, evidence, gold in _plain(engine)]
    total = sum(len(gold) for *_, gold in documents)
    print(f"{len(documents)} development documents, {total} sentences")

    def eligible(settings: Settings) -> bool:
        coder = engine.coder.with_settings(settings)
        return all([c.primary for c in read(f, e, coder, engine.min_score)] == g for f, e, g in plain)

    def score(settings: Settings) -> tuple[float, float, list[float]]:
        coder = engine.coder.with_settings(settings)
        per = []
        for _, found, evidence, gold in documents:
            coded = read(found, evidence, coder, engine.min_score)
            per.append(float(np.mean([c.primary == g for c, g in zip(coded, gold, strict=True)])))
        pooled = sum(a * len(d[3]) for a, d in zip(per, documents, strict=True)) / total
        return pooled, min(per), per

    current = score(engine.coder.settings)
    print(
        "data/coder.yml:",
        _show(engine.coder.settings),
        f"accuracy {current[0]:.3f} (worst {current[1]:.3f})",
        "" if eligible(engine.coder.settings) else "NOT ELIGIBLE (plain cases)",
    )
    results = []
    for values in itertools.product(*GRID.values()):
        settings = dataclasses.replace(engine.coder.settings, **dict(zip(GRID, values, strict=True)))
        if not eligible(settings):
            continue
        pooled, worst, per = score(settings)
        results.append((round(pooled, 4), round(worst, 4), -sum(values), settings, per))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    names = [d[0][:14] for d in documents]
    print("accuracy  worst  settings  |  " + " ".join(names))
    for pooled, worst, _, settings, per in results[: args.top]:
        print(f"{pooled:.3f}    {worst:.3f}  {_show(settings)}  |  " + " ".join(f"{a:14.3f}" for a in per))
    sizes = np.array([len(d[3]) for d in documents])
    correct = np.array([per for *_, per in results]) * sizes  # combinations × documents, best first
    held_out = [correct[int(np.delete(correct, d, axis=1).sum(axis=1).argmax()), d] for d in range(len(documents))]
    print(
        f"left out in turn: {sum(held_out) / total:.3f} of the left-out documents' sentences  |  "
        + " ".join(f"{c / n:14.3f}" for c, n in zip(held_out, sizes, strict=True))
    )


def _plain(engine):
    for text, gold in PLAIN:
        found, evidence = theme_evidence(text, engine)
        yield found, evidence, gold


def _show(settings: Settings) -> str:
    return " ".join(f"{k}={getattr(settings, k):g}" for k in GRID)


if __name__ == "__main__":
    main()
