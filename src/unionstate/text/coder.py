"""The theme coder: a sentence's themes from its own words, its wording and its paragraph.

Three readings of the same evidence, compared side by side by :mod:`unionstate.inputs.evaluate`:

- ``lexicon``: the lexicon's term weights alone, sentence by sentence (the first engine);
- ``embeddings``: the nearest prototype description (``data/coder.yml``) to the sentence's
  embedding, a theme or none;
- ``coder``: the lexicon (asides discounted) plus the embedding's lead over everything else,
  plus the neighbouring sentences and the paragraph, with scene-setting raising the bar for a
  theme (``data/coder.yml`` documents every number). This is what the book shows.

Everything here is plain data in and out: sentences, term hits, vectors.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from unionstate.text.clauses import asides, gives_grounds
from unionstate.text.coder_config import Coder
from unionstate.text.document import Sentence, without_markers
from unionstate.text.explain import Why, terms_said
from unionstate.text.scan import Scanned
from unionstate.text.themes import THEMES, Term

WORDING = {"lexicon": "none", "embeddings": "every", "coder": "weak"}
"""Each method of coding and which sentences' wording it weighs (:func:`gather`)."""
METHODS = tuple(WORDING)


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
    """Each sentence's similarity to each class's nearest prototype (sentences × themes + none)."""
    cosines: np.ndarray
    """Each sentence's similarity to every prototype, class by class (``owners`` order)."""
    owners: np.ndarray
    """The prototype (index in :attr:`Coder.texts`) of each column of :attr:`cosines`."""
    bounds: tuple[int, ...]
    """Where each class's columns of :attr:`cosines` start, and the end of the last."""
    scene: list[list[str]]
    """The scene-setting cues of each sentence (none in a title: it announces its story; none in the
    attribution after an opening quotation: the quote is the point)."""
    headings: np.ndarray
    """Which sentences are headings (coded by their own words: no wording, no context)."""
    listed: np.ndarray
    """Which sentences stand under a heading that points elsewhere ("See also"): coded none."""
    apparatus: np.ndarray
    """Which sentences are the publication's apparatus (a byline, a credit, a link): coded none."""
    grounded: np.ndarray
    """Which sentences give the grounds of an instrument they name ("sanctions over the war"):
    the instrument counts as an aside and the wording is not weighed."""

    @property
    def set_aside(self) -> np.ndarray:
        """Which sentences are none whatever their words: reference lists and apparatus."""
        return self.listed | self.apparatus

    def nearest(self, sentence: int, column: int) -> int:
        """The index (in :attr:`Coder.texts`) of class ``column``'s prototype nearest the sentence
        (computed where a label cites it, not for every sentence)."""
        a, b = self.bounds[column], self.bounds[column + 1]
        return int(self.owners[a + int(self.cosines[sentence, a:b].argmax())])


_QUOTED = re.compile(r"[\"“«][^\"“”«»]{12,}[\"”»]")
"""A sentence that opens with a quotation: the cues of its attribution after it set no scene."""


def gather(
    found: Sequence[Sentence],
    document: Scanned,
    hits: dict[int, list[tuple[Term, int, int]]],
    coder: Coder,
    themes: Sequence[str] = THEMES,
    wording: str = "weak",
) -> Evidence:
    """Collect a document's evidence: lexicon hits grouped by sentence index, the sentences'
    embeddings against the prototypes of ``themes`` and none, and the scene-setting cues.

    ``wording`` says whose wording is weighed (:data:`WORDING`): ``"weak"``, the sentences whose
    lexicon score stays below ``similarity.below`` (the others are decided by their words; their
    similarities are 0); ``"every"`` sentence (to score the embeddings alone); or ``"none"`` (for
    the lexicon alone: no similarities, scene cues, reference lists or apparatus are gathered,
    and the model is not loaded)."""
    themes = tuple(themes)
    n, index, width = len(found), {t: i for i, t in enumerate(themes)}, len(themes)
    terms: list[dict[str, list[tuple[str, bool]]]] = [{} for _ in range(n)]
    aside = coder.settings.aside
    rows, full_rows, counted_rows, grounded = [], [], [], []
    for i, sentence_hits in hits.items():
        sentence = found[i]
        spans = asides(sentence.text)
        grounds = gives_grounds(sentence, sentence_hits, coder)
        if grounds:
            grounded.append(i)
        full, counted, said = [0.0] * width, [0.0] * width, terms[i]
        for term, start, end in sentence_hits:
            column = index.get(term.theme)
            if column is None:
                continue
            inside = False
            if spans:
                offset = start - sentence.start
                inside = any(a <= offset < b for a, b in spans)
            inside = inside or (grounds and coder.is_instrument(term.group))
            full[column] += term.weight
            counted[column] += term.weight * aside if inside else term.weight
            said.setdefault(term.theme, []).append((document.text[start:end], inside))
        rows.append(i)
        full_rows.append(full)
        counted_rows.append(counted)
    lexical, discounted = np.zeros((n, width)), np.zeros((n, width))
    if rows:
        lexical[rows], discounted[rows] = full_rows, counted_rows
    given = np.zeros(n, dtype=bool)
    given[grounded] = True
    headings = np.array([s.kind == "heading" for s in found], dtype=bool)
    if wording == "none":  # the lexicon alone weighs nothing else: no wording, scene or apparatus
        none = np.zeros(n, dtype=bool)
        unweighed = np.zeros((n, width + 1)), np.zeros((n, 0)), np.zeros(0, dtype=np.intp), (0,) * (width + 2)
        return Evidence(
            themes, lexical, discounted, terms, *unweighed, [[] for _ in found], headings, none, none, given
        )
    starts, owners = coder.class_columns(themes)
    if wording == "every":
        cosines = coder.projection.means([s.text for s in found])
    else:
        cosines = np.zeros((n, len(coder.texts)))
        weak = np.flatnonzero(discounted.max(axis=1, initial=0.0) < coder.settings.similarity_below)
        if len(weak):
            cosines[weak] = coder.projection.means([found[i].text for i in weak.tolist()])
    grouped = cosines[:, owners]
    similarity = np.maximum.reduceat(grouped, starts, axis=1) if n else np.zeros((0, len(starts)))
    bounds = (*starts.tolist(), len(owners))
    listed = _list_entries(found, coder.reference_lists)
    fits = coder.apparatus.fullmatch if coder.apparatus else None
    apparatus = np.array([fits is not None and fits(s.text) is not None for s in found], dtype=bool)
    weighed, scene = (similarity, grouped, owners, bounds), _scene(found, document, coder)
    return Evidence(themes, lexical, discounted, terms, *weighed, scene, headings, listed, apparatus, given)


def _scene(found: Sequence[Sentence], document: Scanned, coder: Coder) -> list[list[str]]:
    """The scene-setting cues of each sentence (:attr:`Evidence.scene`)."""
    scene: list[list[str]] = [[] for _ in found]
    offsets, setting = [s.start for s in found], coder.setting.match
    for start, end, cue in document.hits("scene", coder.scan):
        i = bisect_right(offsets, start) - 1
        if i >= 0 and end <= found[i].end and found[i].kind != "title":  # a headline announces its story
            opened = setting(found[i].text)  # "At the summit, Putin promised a loan": the loan is the point
            quoted = _QUOTED.match(found[i].text)  # '"…," he said in his opening remarks': the quote counts
            offset = start - found[i].start
            if (opened is None or offset >= opened.end()) and (quoted is None or offset < quoted.end()):
                scene[i].append(str(cue))
    return scene


def _list_entries(found: Sequence[Sentence], headings: frozenset[str]) -> np.ndarray:
    """Which sentences stand under one of ``headings`` ("See also", "References"), up to the next
    section heading: list entries and citations, which the codebook codes none, whatever their
    words. A page copied from a browser loses its bullets, so its entries look like headings: one
    counts as the next section's heading only if text follows it, it is not numbered ("1 History"
    under "Contents") and, under "See also[edit]", it has such a marker too."""
    out = np.zeros(len(found), dtype=bool)
    inside, marked = False, False
    for i, sentence in enumerate(found):
        if sentence.kind == "heading":
            text = sentence.text.strip()
            bare = without_markers(text)
            last = i + 1 == len(found) or found[i + 1].kind == "heading"
            if inside and (last or text[:1].isdigit() or (marked and bare == text)):
                out[i] = True  # an entry of the list, not the next section
                continue
            inside, marked = bare.rstrip(":").lower() in headings, bare != text
        else:
            out[i] = inside
    return out


def _lead(similarity: np.ndarray) -> np.ndarray:
    """How much closer each sentence is to a theme's nearest prototype than to that of any other
    class (the other themes and none, the last column), relative to its closest: positive for
    one theme at most, and free of the scale of :class:`~unionstate.text.embeddings.Projection`."""
    if similarity.shape[1] < 2:
        return np.zeros((len(similarity), 0))
    top = similarity.max(axis=1, keepdims=True)
    second = np.partition(similarity, -2, axis=1)[:, -2:-1]
    themes = similarity[:, :-1]
    return (themes - np.where(themes == top, second, top)) / np.maximum(top, 1e-9)


def wording_lead(evidence: Evidence, coder: Coder) -> np.ndarray:
    """The embedding's lead per sentence and theme (:func:`_lead`), for the sentences whose
    lexicon score stays below ``similarity.below`` (0 for the others: their words decide)."""
    lead = _lead(evidence.similarity)
    lead[evidence.discounted.max(axis=1, initial=0.0) >= coder.settings.similarity_below] = 0.0
    lead[evidence.headings | evidence.grounded] = 0.0
    return lead


def own_scores(evidence: Evidence, coder: Coder, lead: np.ndarray | None = None) -> np.ndarray:
    """Each sentence's own score per theme: the discounted lexicon plus the embedding's lead."""
    lead = wording_lead(evidence, coder) if lead is None else lead
    own = evidence.discounted + coder.settings.similarity_weight * np.maximum(lead, 0.0)
    own[evidence.set_aside] = 0.0
    return own


def context_scores(found: Sequence[Sentence], own: np.ndarray, coder: Coder) -> tuple[np.ndarray, list[bool]]:
    """What each sentence takes from its paragraph, and whether it opens with a continuation cue.

    The neighbours' weights and the paragraphs' bounds are found in one pass over the sentences
    (a document has a few dozen: plain lists cost less than an array operation each)."""
    s = coder.settings
    n = len(found)
    opening = coder.opening.match
    opens = [opening(x.text) is not None for x in found]
    before, after = [0.0] * n, [0.0] * n  # the weight of the sentence before and after each one
    bounds, own_words = [0], []  # where each paragraph starts; the headings and captions
    for i, sentence in enumerate(found):
        if sentence.kind in ("heading", "caption"):
            own_words.append(i)
        if not i:
            continue
        if sentence.paragraph == found[i - 1].paragraph:
            before[i] = s.previous * s.continuation if opens[i] else s.previous
            after[i - 1] = s.following
        else:  # across a paragraph break: the last sentence before it and the first after it
            before[i] = after[i - 1] = s.across
            bounds.append(i)
    context = np.zeros_like(own)
    if n > 1:
        context[1:] = np.array(before[1:])[:, None] * own[:-1]
        context[:-1] += np.array(after[:-1])[:, None] * own[1:]
    sizes = [b - a for a, b in itertools.pairwise([*bounds, n])]
    members = np.repeat(np.arange(len(bounds)), sizes)
    sums = np.add.reduceat(own, bounds, axis=0)
    context += s.paragraph * (sums[members] - own) / np.maximum(np.array(sizes) - 1, 1)[members, None]
    if s.question:  # a question that is a paragraph of its own (Q&A) is about the answer that follows
        for j in range(len(bounds) - 1):
            if sizes[j] == 1 and found[bounds[j]].text.endswith("?"):
                context[bounds[j]] += s.question * sums[j + 1] / sizes[j + 1]
    if n > 1:
        context += s.document * (own.sum(axis=0) - own) / (n - 1)
    context[own_words] = 0.0  # a heading or a caption is coded by what it announces itself
    return context, opens


def _codings(
    total: np.ndarray, themes: tuple[str, ...], thresholds: list[float], secondary: float
) -> list[tuple[dict[str, float], tuple[str, ...], str]]:
    """(scores to three decimals, themes, main theme) of every score row: the main theme is the
    highest if it reaches the row's threshold (ties: the first theme); the others listed also
    reach it and ``secondary`` times the highest."""
    rounded = np.round(total, 3) + 0.0
    if not len(rounded) or not themes:
        return [(dict(zip(themes, row, strict=True)), (), "") for row in rounded.tolist()]
    floor = np.asarray(thresholds, dtype=np.float64)
    top = rounded.max(axis=1)
    coded = (top >= floor) & (top > 0)
    listed = rounded >= np.maximum(floor, secondary * top)[:, None]
    masks = (listed @ (1 << np.arange(len(themes)))).tolist()
    choices = _theme_sets(themes)
    out, primaries = [], rounded.argmax(axis=1).tolist()
    for row, primary, mask, theme in zip(rounded.tolist(), primaries, masks, coded.tolist(), strict=True):
        scores = dict(zip(themes, row, strict=True))
        out.append((scores, choices[mask], themes[primary]) if theme else (scores, (), ""))
    return out


@lru_cache(maxsize=16)
def _theme_sets(themes: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every subset of ``themes`` (in their order), indexed by its bit mask."""
    return tuple(tuple(t for k, t in enumerate(themes) if mask >> k & 1) for mask in range(1 << len(themes)))


def read(
    found: Sequence[Sentence], evidence: Evidence, coder: Coder, min_score: float, method: str = "coder"
) -> list[Coding]:
    """Code every sentence of a document with one of :data:`METHODS`."""
    themes, n = evidence.themes, len(found)
    if method == "lexicon":
        coded = _codings(evidence.lexical, themes, [float(min_score)] * n, 0.0)
        return [Coding(*coded[i], terms_said(evidence.terms[i])) for i in range(n)]
    if method == "embeddings":
        out = []
        rounded = (np.round(evidence.similarity[:, :-1], 3) + 0.0).tolist()
        for i, row in enumerate(evidence.similarity):
            best = int(row.argmax())
            primary = themes[best] if best < len(themes) else ""
            nearest = coder.texts[evidence.nearest(i, best)]
            scores = dict(zip(themes, rounded[i], strict=True))
            out.append(Coding(scores, (primary,) if primary else (), primary, f"nearest “{nearest}”"))
        return out
    if method != "coder":
        raise ValueError(f"unknown coding method {method!r}")
    s = coder.settings
    lead = wording_lead(evidence, coder)
    own = own_scores(evidence, coder, lead)
    context, opens = context_scores(found, own, coder)
    thresholds = [  # a heading names its subject in a few words: any of its own terms decides
        0.0 if heading else min_score + s.scene_weight * len(cues)
        for cues, heading in zip(evidence.scene, evidence.headings.tolist(), strict=True)
    ]
    context[own.max(axis=1, initial=0.0) >= thresholds] *= s.overrule  # its own evidence decides
    staged = np.array([bool(cues) for cues in evidence.scene], dtype=bool)
    context[staged] *= own[staged] > 0  # scene-setting takes from its paragraph only themes it shows itself
    context[evidence.set_aside] = 0.0
    total = own + context
    coded = _codings(total, themes, thresholds, s.secondary)
    why = Why(found, evidence, coder, own, context, total, opens, lead)
    return [Coding(*coded[i], why(i, coded[i][2], thresholds[i])) for i in range(n)]
