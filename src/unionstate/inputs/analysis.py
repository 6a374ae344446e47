"""A document read and analysed: the text, its sentence records and scores, and the engine
that produced them (what every page of the book views)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from unionstate.inputs.catalog import Document, document_text
from unionstate.text.engine import Engine, analyse_text
from unionstate.text.estimative import Scale
from unionstate.text.themes import Lexicon


@dataclass(frozen=True)
class Analysis:
    """The sentences of one document with everything found in them, and how it was obtained."""

    document: Document
    text: str
    sentences: pd.DataFrame
    scores: pd.DataFrame
    engine: Engine

    @property
    def lexicon(self) -> Lexicon:
        return self.engine.lexicon

    @property
    def scale(self) -> Scale:
        return self.engine.scale

    @property
    def min_score(self) -> float:
        return self.engine.min_score


def analyse(document: Document, engine: Engine, root: Path | None = None) -> Analysis:
    """Read ``document`` and analyse every sentence (month references resolved against its date)."""
    text = document_text(document, root)
    frame, scores = analyse_text(document.id, text, engine, document.date)
    return Analysis(document, text, frame, scores, engine)
