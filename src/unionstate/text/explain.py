"""Why a sentence has its themes, in words a reader can check: the matched terms, the wording's
nearest prototype and the sentence's own words that favour it, the context, the scene cues."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from unionstate.text.coder_config import FUNCTION_WORDS, Coder
from unionstate.text.document import Sentence

if TYPE_CHECKING:
    from unionstate.text.coder import Evidence


def terms_said(terms: dict[str, list[tuple[str, bool]]], theme: str | None = None) -> str:
    """The matched terms as evidence: ``theme: a, (b)`` (an aside in parentheses)."""
    parts = [
        f"{t}: " + ", ".join(f"({w})" if inside else w for w, inside in words)
        for t, words in terms.items()
        if words and (theme is None or t == theme)
    ]
    return "; ".join(parts) if parts else "no lexicon term"


class Why:
    """A reader's account of a coding: the terms, the wording, the context, the scene cues."""

    def __init__(
        self,
        found: Sequence[Sentence],
        evidence: Evidence,
        coder: Coder,
        own: np.ndarray,
        context: np.ndarray,
        total: np.ndarray,
        opens: list[bool],
        lead: np.ndarray,
    ) -> None:
        self.found, self.evidence, self.coder = found, evidence, coder
        self.column = {theme: c for c, theme in enumerate(evidence.themes)}
        self.own, self.context, self.total = own.tolist(), context.tolist(), total.tolist()
        self.opens = opens
        self.lead = lead.tolist() if coder.settings.similarity_weight else None
        self.best = total.argmax(axis=1).tolist() if total.shape[1] else [0] * len(total)

    def __call__(self, i: int, primary: str, threshold: float) -> str:
        evidence = self.evidence
        if not primary:
            if evidence.listed[i]:
                return "under a heading that points elsewhere"
            if evidence.apparatus[i]:
                return "the publication's apparatus (a byline, credit, stamp, note or link)"
            scene = evidence.scene[i]
            best = self.best[i]
            score = self.total[i][best] if self.total[i] else 0.0
            said = f"{evidence.themes[best]} {score:.2f} below {threshold:g}" if score > 0 else "no theme evidence"
            return f"scene-setting ({', '.join(dict.fromkeys(scene))}); {said}" if scene else said
        parts = []
        c = self.column[primary]
        words = evidence.terms[i].get(primary)
        if words:
            parts.append("terms " + ", ".join([f"({w})" if inside else w for w, inside in words]))
        if self.lead is not None and self.lead[i][c] > 0:
            nearest = evidence.nearest(i, c)
            said = f"wording like “{self.coder.texts[nearest]}”"
            nearest_words = [] if words else self._nearest_words(i, nearest, c)
            if nearest_words:
                said += " (" + ", ".join(nearest_words) + ")"
            parts.append(said)
        context = self.context[i][c]
        if context > 0 and context >= 0.5 * self.own[i][c]:
            found = self.found
            if i and self.opens[i] and found[i - 1].paragraph == found[i].paragraph and self.own[i - 1][c] > 0:
                parts.append(f"continues {found[i - 1].sentence_id}")
            else:
                parts.append(f"its paragraph (p{found[i].paragraph}) is {primary}")
        return "; ".join(parts)

    def _nearest_words(self, i: int, prototype: int, column: int, count: int = 3) -> list[str]:
        """The sentence's words that most favour its nearest theme prototype over the runner-up."""
        similarity = self.evidence.similarity[i]
        others = [c for c in range(len(similarity)) if c != column]
        runner_up = max(others, key=similarity.__getitem__)
        other = self.evidence.nearest(i, runner_up)
        projection = self.coder.projection
        chunks = self.found[i].text.split()
        found = projection.word_rows(chunks)  # first: caching new words may replace projection.rows
        rows = projection.rows[found]
        gain = ((rows[:, prototype] - rows[:, other]) / np.maximum(rows[:, -1], 1.0)).tolist()
        words: list[str] = []
        for j in sorted(range(len(chunks)), key=lambda k: -gain[k]):
            if gain[j] <= 0 or len(words) == count:
                break
            word = chunks[j].strip(".,;:!?()[]\"'“”‘’«»").lower()
            if len(word) > 2 and word.isalpha() and word not in FUNCTION_WORDS and word not in words:
                words.append(word)
        return words
