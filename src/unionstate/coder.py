"""The theme coder: a sentence's themes from its own words, its wording and its paragraph.

Three readings of the same evidence, compared side by side by :mod:`unionstate.evaluate`:

- ``lexicon``: the lexicon's term weights alone, sentence by sentence (the first engine);
- ``embeddings``: the nearest prototype description (``data/coder.yml``) to the sentence's
  embedding, a theme or none;
- ``coder``: the lexicon (asides discounted) plus the embedding's lead over everything else,
  plus the neighbouring sentences and the paragraph, with scene-setting raising the bar for a
  theme (``data/coder.yml`` documents every number). This is what the book shows.

Everything here is plain data in and out: sentences, term hits, vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .corpus import Sentence
from .embeddings import Embeddings
from .embeddings import load as load_embeddings
from .errors import UnionstateError
from .textmatch import Hit, WordScan
from .themes import THEMES, Term
from .yamlio import check_keys, line_of, load_yaml, require_mapping

METHODS = ("lexicon", "embeddings", "coder")
NONE = "none"
"""The prototypes' name for sentences about none of the themes."""


@dataclass(frozen=True)
class Settings:
    """The coder's numbers (``data/coder.yml``)."""

    similarity_weight: float
    aside: float
    previous: float
    following: float
    paragraph: float
    document: float
    continuation: float
    damping: float
    scene_weight: float
    secondary: float


@dataclass
class Coder:
    """Validated coder configuration; its prototypes are embedded on first use."""

    source: str
    settings: Settings
    prototypes: dict[str, tuple[str, ...]]
    cues: tuple[str, ...]
    scene: dict[str, str] = field(repr=False)
    """Lower-case scene-setting cue → itself (a vocabulary for the engine's word scan)."""

    @cached_property
    def embeddings(self) -> Embeddings:
        return load_embeddings()

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """Every prototype, themes first, in the order of :attr:`prototype_matrix`."""
        return tuple(text for name in (*THEMES, NONE) for text in self.prototypes[name])

    @cached_property
    def prototype_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(prototype vectors, the class index of each: 0–2 the themes, 3 none)."""
        names = (*THEMES, NONE)
        owners = np.array([i for i, name in enumerate(names) for _ in self.prototypes[name]], dtype=np.intp)
        return self.embeddings.vectors(self.texts), owners

    @cached_property
    def scan(self) -> WordScan:
        """The scene cues alone, scanned when the coder is called without the engine's hits."""
        return WordScan({"scene": self.scene})

    def __getstate__(self) -> dict:
        """Pickle the configuration only: each process loads the embeddings once for itself."""
        return {k: v for k, v in self.__dict__.items() if k not in ("embeddings", "prototype_matrix", "scan", "texts")}


def _number(section: dict, key: str, where: str, low: float, high: float) -> float:
    value = section[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise UnionstateError(f"{where}:{line_of(section, key)}: {key} must be a number in [{low:g}, {high:g}]")
    return float(value)


def _phrases(value: object, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise UnionstateError(f"{where}: {what} must be a non-empty list")
    lines = getattr(value, "item_lines", [])
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            line = lines[i] if i < len(lines) else ""
            raise UnionstateError(f"{where.split(':')[0]}:{line}: {what}: empty or non-text entry {item!r}")
        out.append(" ".join(item.lower().split()))
    return tuple(out)


def load_coder(path: Path, label: str | None = None) -> Coder:
    """Load and validate ``data/coder.yml``; errors name the file and line."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the coder file")
    check_keys(data, name, required=("similarity", "aside", "context", "scene", "secondary", "prototypes"))
    similarity = require_mapping(data["similarity"], f"{name}:{line_of(data, 'similarity')}", "'similarity'")
    check_keys(similarity, name, required=("weight",))
    context = require_mapping(data["context"], f"{name}:{line_of(data, 'context')}", "'context'")
    check_keys(
        context, name, required=("previous", "following", "paragraph", "document", "continuation", "damping", "cues")
    )
    scene = require_mapping(data["scene"], f"{name}:{line_of(data, 'scene')}", "'scene'")
    check_keys(scene, name, required=("weight", "cues"))
    settings = Settings(
        similarity_weight=_number(similarity, "weight", name, 0, 100),
        aside=_number(data, "aside", name, 0, 1),
        previous=_number(context, "previous", name, 0, 10),
        following=_number(context, "following", name, 0, 10),
        paragraph=_number(context, "paragraph", name, 0, 10),
        document=_number(context, "document", name, 0, 10),
        continuation=_number(context, "continuation", name, 0, 10),
        damping=_number(context, "damping", name, 0, 10),
        scene_weight=_number(scene, "weight", name, 0, 10),
        secondary=_number(data, "secondary", name, 0, 1),
    )
    prototypes_at = f"{name}:{line_of(data, 'prototypes')}"
    prototypes = require_mapping(data["prototypes"], prototypes_at, "'prototypes'")
    check_keys(prototypes, name, required=(*THEMES, NONE))
    return Coder(
        source=name,
        settings=settings,
        prototypes={
            key: _phrases(prototypes[key], f"{name}:{line_of(prototypes, key)}", f"prototypes of {key!r}")
            for key in (*THEMES, NONE)
        },
        cues=_phrases(context["cues"], f"{name}:{line_of(context, 'cues')}", "context cues"),
        scene={cue: cue for cue in _phrases(scene["cues"], f"{name}:{line_of(scene, 'cues')}", "scene cues")},
    )


class Coding(NamedTuple):
    """One sentence's coding: a score per theme, its themes, main theme ('' for none) and why."""

    scores: dict[str, float]
    themes: tuple[str, ...]
    primary: str
    evidence: str


@dataclass(frozen=True)
class Evidence:
    """A document's evidence, sentence by sentence, before any reading of it."""

    themes: tuple[str, ...]
    """The themes coded (the lexicon's, in its order: ties go to the first)."""
    lexical: np.ndarray
    """Lexicon score (sentences × themes), asides counted in full."""
    discounted: np.ndarray
    """The same with terms inside parentheses discounted."""
    terms: list[dict[str, list[tuple[str, bool]]]]
    """Per sentence and theme: the matched terms as written, and whether each is an aside."""
    similarity: np.ndarray
    """Cosine of each sentence with each class's nearest prototype (sentences × themes + none)."""
    nearest: np.ndarray
    """Index of that nearest prototype (sentences × classes)."""
    scene: list[list[str]]
    """The scene-setting cues of each sentence."""


def _asides(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the parenthesised spans of a sentence."""
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def gather(
    found: Sequence[Sentence],
    text: str,
    hits: dict[int, list[tuple[Term, int, int]]],
    coder: Coder,
    themes: Sequence[str] = THEMES,
    scene_hits: list[Hit] | None = None,
) -> Evidence:
    """Collect a document's evidence: lexicon hits grouped by sentence index, the sentences'
    embeddings against the prototypes of ``themes`` and none, and the scene-setting cues."""
    themes = tuple(themes)
    n, index = len(found), {t: i for i, t in enumerate(themes)}
    lexical, discounted = np.zeros((n, len(themes))), np.zeros((n, len(themes)))
    terms: list[dict[str, list[tuple[str, bool]]]] = [{} for _ in range(n)]
    aside = coder.settings.aside
    for i, sentence_hits in hits.items():
        sentence = found[i]
        spans = _asides(sentence.text) if "(" in sentence.text else []
        for term, start, end in sentence_hits:
            column = index.get(term.theme)
            if column is None:
                continue
            written = text[start:end]
            inside = any(a <= start - sentence.start < b for a, b in spans)
            lexical[i, column] += term.weight
            discounted[i, column] += term.weight * (aside if inside else 1.0)
            terms[i].setdefault(term.theme, []).append((written, inside))
    vectors, owners = coder.prototype_matrix
    cosines = coder.embeddings.cosines([s.text for s in found], vectors)
    classes = [*(THEMES.index(t) for t in themes), len(THEMES)]
    similarity, nearest = np.full((n, len(classes)), -1.0), np.zeros((n, len(classes)), dtype=np.intp)
    for c, owner in enumerate(classes):
        rows = np.flatnonzero(owners == owner)
        if len(rows):
            best = cosines[:, rows].argmax(axis=1)
            nearest[:, c] = rows[best]
            similarity[:, c] = cosines[np.arange(n), rows[best]]
    if scene_hits is None:
        scene_hits = coder.scan.scan(text)["scene"]
    scene: list[list[str]] = [[] for _ in range(n)]
    starts = [s.start for s in found]
    for start, end, cue in scene_hits:
        i = int(np.searchsorted(starts, start, side="right")) - 1
        if i >= 0 and end <= found[i].end:
            scene[i].append(str(cue))
    return Evidence(themes, lexical, discounted, terms, similarity, nearest, scene)


def _lead(similarity: np.ndarray) -> np.ndarray:
    """How far each sentence is closer to a theme's nearest prototype than to that of any other
    class (the other themes and none, the last column); positive for one theme at most."""
    themes = similarity.shape[1] - 1
    lead = np.zeros((len(similarity), themes))
    for c in range(themes):
        lead[:, c] = similarity[:, c] - np.delete(similarity, c, axis=1).max(axis=1)
    return lead


def _opens_with(sentence: str, cues: Sequence[str]) -> bool:
    head = sentence[:40].lower().replace("’", "'")
    return any(head.startswith(cue) and not head[len(cue) : len(cue) + 1].isalnum() for cue in cues)


def own_scores(evidence: Evidence, coder: Coder) -> np.ndarray:
    """Each sentence's own score per theme: the discounted lexicon plus the embedding's lead."""
    s = coder.settings
    return evidence.discounted + s.similarity_weight * np.maximum(_lead(evidence.similarity), 0.0)


def context_scores(found: Sequence[Sentence], own: np.ndarray, coder: Coder) -> tuple[np.ndarray, np.ndarray]:
    """What each sentence takes from its paragraph, and whether it opens with a continuation cue."""
    s = coder.settings
    n = len(found)
    context = np.zeros_like(own)
    opens = np.array([_opens_with(x.text, coder.cues) for x in found], dtype=bool)
    paragraphs = np.array([x.paragraph for x in found])
    same_prev = np.zeros(n, dtype=bool)
    same_prev[1:] = paragraphs[1:] == paragraphs[:-1]
    weight_prev = np.where(opens, s.previous * s.continuation, s.previous) * same_prev
    context[1:] += weight_prev[1:, None] * own[:-1]
    context[:-1] += (s.following * same_prev[1:])[:, None] * own[1:]
    if s.paragraph:
        bounds = np.flatnonzero(~same_prev)
        sizes = np.diff(np.r_[bounds, n])
        members = np.repeat(np.arange(len(bounds)), sizes)
        others = np.maximum(sizes[members] - 1, 1)[:, None]
        context += s.paragraph * (np.add.reduceat(own, bounds, axis=0)[members] - own) / others
    if s.document and n > 1:
        context += s.document * (own.sum(axis=0) - own) / (n - 1)
    return context / (1 + s.damping * own.max(axis=1, initial=0.0))[:, None], opens


def _label(row: np.ndarray, themes: tuple[str, ...], threshold: float, secondary: float) -> tuple[tuple[str, ...], str]:
    """(themes, main theme) of a score row: the highest if it reaches ``threshold`` (ties: the
    first theme), with the others that reach it and ``secondary`` times the highest."""
    best = int(row.argmax())
    top = float(row[best])
    if top < threshold or top <= 0:
        return (), ""
    return tuple(t for t, v in zip(themes, row, strict=True) if v >= threshold and v >= secondary * top), themes[best]


def _scores(themes: tuple[str, ...], row: np.ndarray) -> dict[str, float]:
    return {t: round(float(v), 3) for t, v in zip(themes, row, strict=True)}


def read(
    found: Sequence[Sentence], evidence: Evidence, coder: Coder, min_score: float, method: str = "coder"
) -> list[Coding]:
    """Code every sentence of a document with one of :data:`METHODS`."""
    themes = evidence.themes
    if method == "lexicon":
        return [
            Coding(_scores(themes, row), *_label(row, themes, min_score, 0.0), _terms_said(evidence.terms[i]))
            for i, row in enumerate(evidence.lexical)
        ]
    if method == "embeddings":
        out = []
        for i, row in enumerate(evidence.similarity):
            best = int(row.argmax())
            primary = themes[best] if best < len(themes) else ""
            nearest = coder.texts[int(evidence.nearest[i, best])]
            out.append(
                Coding(_scores(themes, row[:-1]), (primary,) if primary else (), primary, f"nearest “{nearest}”")
            )
        return out
    if method != "coder":
        raise ValueError(f"unknown coding method {method!r}")
    s = coder.settings
    own = own_scores(evidence, coder)
    context, opens = context_scores(found, own, coder)
    total = own + context
    lead = _lead(evidence.similarity)
    out = []
    for i in range(len(found)):
        threshold = min_score + s.scene_weight * len(evidence.scene[i])
        labels, primary = _label(total[i], themes, threshold, s.secondary)
        why = _why(i, found, evidence, coder, own, context, opens, lead, primary, threshold)
        out.append(Coding(_scores(themes, total[i]), labels, primary, why))
    return out


def _terms_said(terms: dict[str, list[tuple[str, bool]]], theme: str | None = None) -> str:
    """The matched terms as evidence: ``theme: a, (b)`` (an aside in parentheses)."""
    parts = [
        f"{t}: " + ", ".join(f"({w})" if inside else w for w, inside in words)
        for t, words in terms.items()
        if words and (theme is None or t == theme)
    ]
    return "; ".join(parts) if parts else "no lexicon term"


def _why(
    i: int,
    found: Sequence[Sentence],
    evidence: Evidence,
    coder: Coder,
    own: np.ndarray,
    context: np.ndarray,
    opens: np.ndarray,
    lead: np.ndarray,
    primary: str,
    threshold: float,
) -> str:
    """A reader's account of a coding: the terms, the wording, the context, the scene cues."""
    themes, parts = evidence.themes, []
    if primary:
        c = themes.index(primary)
        words = evidence.terms[i].get(primary)
        if words:
            parts.append("terms " + ", ".join(f"({w})" if inside else w for w, inside in words))
        if lead[i, c] > 0 and coder.settings.similarity_weight:
            nearest = coder.texts[int(evidence.nearest[i, c])]
            parts.append(f"wording like “{nearest}”")
        if context[i, c] > 0 and context[i, c] >= 0.5 * own[i, c]:
            sentence = found[i]
            if i and found[i - 1].paragraph == sentence.paragraph and opens[i] and own[i - 1, c] > 0:
                parts.append(f"continues {found[i - 1].sentence_id}")
            else:
                parts.append(f"its paragraph (p{sentence.paragraph}) is {primary}")
        return "; ".join(parts)
    if evidence.scene[i]:
        parts.append("scene-setting (" + ", ".join(dict.fromkeys(evidence.scene[i])) + ")")
    row = own[i] + context[i]
    best = int(row.argmax())
    if row[best] > 0:
        parts.append(f"{themes[best]} {row[best]:.2f} below {threshold:g}")
    else:
        parts.append("no theme evidence")
    return "; ".join(parts)
