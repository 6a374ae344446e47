"""The engine: every extractor and the theme coder over one document's text, one record per
sentence (plain data: dicts, and DataFrames of them). Knows nothing of catalogues or pages."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from unionstate.errors import UnionstateError
from unionstate.text.actors import TITLE_WORDS, Gazetteer, actor_ids, load_gazetteer
from unionstate.text.coder import METHODS, WORDING, Evidence, gather, read
from unionstate.text.coder_config import Coder, load_coder
from unionstate.text.dates import START_WORDS, date_values, find_dates
from unionstate.text.document import WINDOW, Sentence, sentences, windows
from unionstate.text.estimative import Estimate, Scale, combine, find_estimative, load_scale
from unionstate.text.quantities import WORDS as NUMBER_WORDS
from unionstate.text.quantities import find_quantities
from unionstate.text.scan import Scanned, WordScan
from unionstate.text.speech import CUE_WORDS, Speech, cue_offsets, find_speech
from unionstate.text.themes import Lexicon, load_lexicon

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "doc_id", "sentence_id", "paragraph", "start", "end", "text", "kind",
    "themes", "primary_theme", "theme_scores", "matched_terms", "theme_evidence",
    "actors", "dates", "quantities", "speaker", "speech_verb",
    "estimative_terms", "probability_low", "probability_high", "estimative_scheme",
]  # fmt: skip
T = TypeVar("T")
DEFAULTS = {
    "themes": "data/themes.yml",
    "scale": "data/estimative.yml",
    "actors": "data/actors.yml",
    "coder": "data/coder.yml",
}
"""The engine's configuration files, relative to the project root, in :func:`load_engine`'s order."""


@dataclass(frozen=True)
class Engine:
    """Everything the analysis is configured by: lexicons, scale, gazetteer, coder and threshold."""

    lexicon: Lexicon
    scale: Scale
    gazetteer: Gazetteer
    coder: Coder
    min_score: float = 1.0
    coding: str = "coder"
    """How the records' themes are coded (one of :data:`~unionstate.text.coder.METHODS`): the
    book's contextual coder, the lexicon alone (faster; the first engine's coding) or the
    embeddings alone (as :mod:`unionstate.inputs.evaluate` compares them)."""
    words: WordScan = field(init=False, repr=False, compare=False)
    """Every extractor's words, scanned in one pass per document."""

    def __post_init__(self) -> None:
        if self.coding not in METHODS:
            raise UnionstateError(f"unknown theme coding {self.coding!r} (one of {', '.join(METHODS)})")
        vocabularies: dict[str, Mapping[str, object]] = {
            "themes": self.lexicon.words,
            "actors": self.gazetteer.words,
            "titles": TITLE_WORDS,
            "estimative": self.scale.first_words,
            "cues": CUE_WORDS,
            "dates": START_WORDS,
            "numbers": NUMBER_WORDS,
            "scene": self.coder.scene,
        }
        object.__setattr__(self, "words", WordScan(vocabularies))


class EngineFiles(NamedTuple):
    """The engine's four configuration files."""

    themes: Path
    scale: Path
    actors: Path
    coder: Path


def load_engine(files: EngineFiles, min_score: float = 1.0, labels: dict[str, str] | None = None) -> Engine:
    """Load and validate the four configuration files (``labels`` names them in errors)."""
    labels = labels or {}
    lexicon, coder = load_lexicon(files.themes, labels.get("themes")), load_coder(files.coder, labels.get("coder"))
    groups = {group["name"].lower() for theme in lexicon.groups.values() for group in theme}
    unknown = sorted(coder.instruments - groups)
    if unknown:
        raise UnionstateError(f"{coder.instruments_at}: {unknown[0]!r} is not a group of {lexicon.source}")
    scale, gazetteer = load_scale(files.scale, labels.get("scale")), load_gazetteer(files.actors, labels.get("actors"))
    return Engine(lexicon, scale, gazetteer, coder, min_score)


def default_files(root: Path, **chosen: Path) -> EngineFiles:
    """The configuration files of :func:`load_engine`: the project's defaults unless ``chosen``."""
    return EngineFiles(*(chosen.get(key) or root / path for key, path in DEFAULTS.items()))


def default_engine(root: Path, min_score: float = 1.0) -> Engine:
    """The engine configured by the project's own files (errors name them root-relative)."""
    return load_engine(default_files(root), min_score, labels=DEFAULTS)


def _group(items: Iterable[T], starts: Sequence[int], key: Callable[[T], int]) -> dict[int, list[T]]:
    """Document-level hits grouped by the index of the sentence their start offset falls in."""
    groups: dict[int, list[T]] = {}
    group: list[T] = []
    last = -1
    for item in items:
        i = bisect.bisect_right(starts, key(item)) - 1
        if i != last:
            group = groups.setdefault(i, [])
            last = i
        group.append(item)
    return groups


@lru_cache(maxsize=16)
def _scores_template(themes: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The JSON template of a score dict with these keys, and the keys in its (sorted) order."""
    ordered = tuple(sorted(themes))
    return "{" + ", ".join(f'"{theme}": %r' for theme in ordered) + "}", ordered


def _scores_json(scores: dict[str, float]) -> str:
    """``json.dumps(scores, sort_keys=True)`` for theme ids (plain identifiers) and finite floats."""
    template, ordered = _scores_template(tuple(scores))
    return template % tuple([scores[theme] for theme in ordered])


def _estimate_fields(estimate: Estimate) -> tuple[str, int | None, int | None, str]:
    """A sentence's estimative terms, probability range and scheme, as the record holds them."""
    return ";".join(estimate.terms), estimate.low, estimate.high, estimate.scheme


def _matched_json(terms: dict[str, list[tuple[str, bool]]]) -> str:
    """``json.dumps`` (sorted keys, no ASCII escaping) of each theme's matched terms as written."""
    if not terms:
        return "{}"
    parts = [
        f'"{theme}": [{", ".join([encode_basestring(written) for written, _ in terms[theme]])}]'
        for theme in sorted(terms)
    ]
    return "{" + ", ".join(parts) + "}"


def scan_document(text: str, found: list[Sentence], engine: Engine) -> Scanned:
    """The document as every extractor reads it: its sentences' starts and the hits of every
    vocabulary, from one scan."""
    return Scanned(text, [s.start for s in found], engine.words.scan(text))


def _evidence(document: Scanned, found: list[Sentence], engine: Engine, wording: str) -> Evidence:
    """The theme evidence of a document's sentences (lexicon hits grouped by sentence, embeddings
    as ``wording`` asks: :func:`~unionstate.text.coder.gather`)."""
    hits = _group(engine.lexicon.match(document), document.starts, itemgetter(1))
    return gather(found, document, hits, engine.coder, tuple(engine.lexicon.labels), wording)


def theme_evidence(text: str, engine: Engine, wording: str = "every") -> tuple[list[Sentence], Evidence]:
    """A document's sentences and their theme evidence, for coding them with any method (by
    default the embedding of every sentence, as the embeddings-alone method needs)."""
    found = sentences(text)
    return found, _evidence(scan_document(text, found, engine), found, engine, wording)


@dataclass
class _Carry:
    """What a window of a document takes from the windows before it: their blocks and
    characters, and the last sentence's speech and the persons it names (a speaker may go on)."""

    blocks: int = 0
    offset: int = 0
    speech: Speech | None = None
    people: list[str] = field(default_factory=list)


def iter_records(
    doc_id: str,
    text: str | Iterable[str],
    engine: Engine,
    document_date: dt.date | None = None,
    window: int = WINDOW,
) -> Iterator[tuple[dict, dict[str, float]]]:
    """The analysis core: one (record, theme scores) pair per sentence of a document, given
    whole or in pieces (:func:`~unionstate.text.document.read_pieces`).

    A document longer than ``window`` characters is read window by window
    (:func:`~unionstate.text.document.windows`: whole paragraphs), so memory stays flat; its
    sentence ids, offsets and speakers run on across windows, and the coder's document context
    (and its context across the paragraph break at a window's edge) is the window's. Within a
    window every extractor scans the text once and its hits are grouped by the sentence their
    offset falls in (a hit running across a sentence boundary is dropped); a sentence with no
    hit of an extractor gets that extractor's empty values without further work.
    """
    carry = _Carry()
    for part in windows([text] if isinstance(text, str) else text, window):
        found = sentences(part, carry.blocks)
        if found:
            yield from _window_records(doc_id, part, found, engine, document_date, carry)
        carry.offset += len(part)


def _window_records(
    doc_id: str,
    text: str,
    found: list[Sentence],
    engine: Engine,
    document_date: dt.date | None,
    carry: _Carry,
) -> Iterator[tuple[dict, dict[str, float]]]:
    """The records of one window's sentences (offsets the document's); ``carry`` is updated
    for the next window once the last is yielded."""
    document = scan_document(text, found, engine)
    starts = document.starts
    gazetteer, scale = engine.gazetteer, engine.scale
    start_of, by_start = itemgetter(1), attrgetter("start")
    evidence = _evidence(document, found, engine, WORDING[engine.coding])
    codings = read(found, evidence, engine.coder, engine.min_score, engine.coding)

    mentions = _group(gazetteer.find(document), starts, start_of)
    actors = {i: actor_ids(group) for i, group in mentions.items()}
    dated = find_dates(document, document_date)
    dates = {i: ";".join(date_values(group)) for i, group in _group(dated, starts, start_of).items()}
    counted = find_quantities(document, [(a, b) for _, a, b in dated])
    quantities = {i: ";".join(str(q) for q in group) for i, group in _group(counted, starts, by_start).items()}
    judged = find_estimative(document, scale)
    estimates = {
        i: _estimate_fields(combine(group, scale)) for i, group in _group(judged, starts, itemgetter(3)).items()
    }

    def persons(i: int) -> list[str]:
        if i < 0:
            return carry.people
        return [a for a in actors.get(i, ()) if a in gazetteer.actors and gazetteer.actors[a].type == "person"]

    speech: dict[int, Speech | None] = {-1: carry.speech}
    for i, cues in sorted(_group(cue_offsets(document), starts, lambda offset: offset).items()):
        base = found[i].start
        local = [(m, a - base, b - base) for m, a, b in mentions.get(i, ())]
        local_cues = [offset - base for offset in cues]
        speech[i] = find_speech(found[i].text, gazetteer, speech.get(i - 1), persons(i - 1), local, local_cues)

    no_estimate = _estimate_fields(combine([], scale))
    offset = carry.offset
    for i, (sentence_id, paragraph, _, start, end, body, kind) in enumerate(found):
        coding = codings[i]
        said = speech.get(i)
        estimative_terms, low, high, scheme = estimates.get(i, no_estimate)
        record = {
            "doc_id": doc_id,
            "sentence_id": sentence_id,
            "paragraph": paragraph,
            "start": start + offset,
            "end": end + offset,
            "text": body,
            "kind": kind,
            "themes": ";".join(coding.themes),
            "primary_theme": coding.primary,
            "theme_scores": _scores_json(coding.scores),
            "matched_terms": _matched_json(evidence.terms[i]),
            "theme_evidence": coding.evidence,
            "actors": ";".join(actors[i]) if i in actors else "",
            "dates": dates.get(i, ""),
            "quantities": quantities.get(i, ""),
            "speaker": said.speaker if said else "",
            "speech_verb": said.verb if said else "",
            "estimative_terms": estimative_terms,
            "probability_low": low,
            "probability_high": high,
            "estimative_scheme": scheme,
        }
        yield record, coding.scores
    last = len(found) - 1
    carry.blocks, carry.speech, carry.people = found[last].paragraph, speech.get(last), persons(last)


def analyse_text(
    doc_id: str, text: str, engine: Engine, document_date: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One record per sentence (the CSV fields) plus a numeric sentence × theme score table."""
    import pandas as pd  # imported here: a command that streams records need not load it

    pairs = list(iter_records(doc_id, text, engine, document_date))
    frame = pd.DataFrame([r for r, _ in pairs], columns=COLUMNS).astype(
        {"probability_low": "Int64", "probability_high": "Int64"}
    )
    scores = pd.DataFrame(
        [{"sentence_id": r["sentence_id"], **sc} for r, sc in pairs], columns=["sentence_id", *engine.lexicon.labels]
    ).set_index("sentence_id")
    return frame, scores
