"""The theme coder's configuration (``data/coder.yml``): its numbers, the prototype descriptions of
each theme and of none, the continuation and scene-setting cues, validated on load with errors
that name the line; the embedding model and the prototypes' vectors are loaded on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from unionstate.errors import UnionstateError
from unionstate.text.embeddings import Embeddings, Projection
from unionstate.text.embeddings import load as load_embeddings
from unionstate.text.scan import WordScan
from unionstate.text.themes import THEMES
from unionstate.text.yamlio import check_keys, line_of, load_yaml, require_mapping

FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each even ever every few for from
    further had has have having he her here hers herself him himself his how however i if in into is it
    its itself just last least less like made make many may me might more most much must my never no
    nor not now of off often on once one only or other our ours out over own same she should since so
    some still such than that the their theirs them then there these they this those though through to
    too under until up upon us very was we were what when where whether which while who whom whose why
    will with would yet you your""".split()
)
"""Words never offered as a sentence's nearest theme words (they carry no theme)."""
NONE = "none"
"""The prototypes' name for sentences about none of the themes."""


SECTIONS = (
    "similarity",
    "aside",
    "context",
    "scene",
    "grounds",
    "reference_lists",
    "apparatus",
    "secondary",
    "prototypes",
)
"""The top-level keys of ``data/coder.yml``."""


@dataclass(frozen=True)
class Settings:
    """The coder's numbers (``data/coder.yml``)."""

    similarity_weight: float
    similarity_below: float
    aside: float
    previous: float
    following: float
    across: float
    paragraph: float
    document: float
    question: float
    continuation: float
    overrule: float
    scene_weight: float
    secondary: float


_DERIVED = (
    "embeddings",
    "texts",
    "prototype_matrix",
    "columns",
    "_class_columns",
    "opening",
    "setting",
    "grounds",
    "projection",
)
"""What a :class:`Coder` derives from its configuration on first use: shared by a copy with other
settings, left out of a pickle (each process derives it once for itself)."""


@dataclass
class Coder:
    """Validated coder configuration; its prototypes are embedded on first use."""

    source: str
    settings: Settings
    prototypes: dict[str, tuple[str, ...]]
    cues: tuple[str, ...]
    scene: dict[str, str] = field(repr=False)
    """Lower-case scene-setting cue → itself (a vocabulary for the engine's word scan)."""
    openings: tuple[str, ...] = ()
    """Words that open a sentence's setting ("at", "during"): the scene cues of an opening phrase
    up to its first comma do not raise the bar for the main clause."""
    reference_lists: frozenset[str] = frozenset()
    """Lower-case headings of sections that point elsewhere ("see also"): what they hold is none."""
    apparatus: re.Pattern[str] | None = None
    """Any of the patterns of the publication's apparatus (bylines, credits, stamps, links):
    a whole sentence that matches is none."""
    instruments: frozenset[str] = frozenset()
    """Lexicon groups that name an instrument (sanctions), coded by the grounds a sentence gives."""
    markers: tuple[str, ...] = ()
    """Words that introduce those grounds ("over", "for", "in response to")."""
    instruments_at: str = ""
    """Where :attr:`instruments` are listed (``file:line``), for an error naming an unknown group."""

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
    def columns(self) -> dict[str, np.ndarray]:
        """The columns (in :attr:`texts` order) of each theme's prototypes and of none's."""
        owners = self.prototype_matrix[1]
        return {name: np.flatnonzero(owners == i) for i, name in enumerate((*THEMES, NONE))}

    def class_columns(self, themes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(where each class starts, prototype columns): the prototypes of ``themes`` and of none,
        class by class, for a ``reduceat`` over :attr:`texts` columns (made once per ``themes``)."""
        known = self._class_columns.get(themes)
        if known is None:
            groups = [self.columns[name] for name in (*themes, NONE)]
            known = self._class_columns[themes] = (
                np.cumsum([0] + [len(g) for g in groups[:-1]]),
                np.concatenate(groups),
            )
        return known

    @cached_property
    def _class_columns(self) -> dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]]:
        return {}

    @cached_property
    def opening(self) -> re.Pattern[str]:
        """A sentence that opens with a continuation cue (one to three words, any case, followed
        by the end, a space or a run of ``,;:.``)."""
        return re.compile(rf"(?:{_alternatives(self.cues)})[,;:.]*(?!\S)", re.IGNORECASE)

    @cached_property
    def setting(self) -> re.Pattern[str]:
        """A sentence's opening phrase that sets the scene: one of :attr:`openings`, then up to
        80 characters without ``,;:``, then a comma ("Following the meeting of the Council, …"),
        after a timeline's date, if any ("14 September – At a meeting in Sochi, …")."""
        alternatives = _alternatives(self.openings)
        return re.compile(rf"(?:[\w –-]{{1,30}}? [–—] )?(?:{alternatives})\b[^,;:]{{1,80}},", re.IGNORECASE)

    @cached_property
    def grounds(self) -> re.Pattern[str]:
        """Any of :attr:`markers` as whole words, in any case."""
        return re.compile(rf"\b(?:{_alternatives(self.markers)})\b", re.IGNORECASE)

    def is_instrument(self, group: str) -> bool:
        """Whether a lexicon group (by name) is one of :attr:`instruments`."""
        return group.lower() in self.instruments

    @cached_property
    def projection(self) -> Projection:
        """Every word's tokens projected on the prototypes (built once, cached word by word)."""
        return Projection(self.embeddings, self.prototype_matrix[0])

    @cached_property
    def scan(self) -> WordScan:
        """The scene cues alone, scanned when the coder is called without the engine's hits."""
        return WordScan({"scene": self.scene})

    def with_settings(self, settings: Settings) -> Coder:
        """The same coder read with other numbers, sharing what is loaded and embedded (none of
        it depends on the settings)."""
        coder = replace(self, settings=settings)
        for key in _DERIVED:
            if key in self.__dict__:
                coder.__dict__[key] = self.__dict__[key]
        return coder

    def __getstate__(self) -> dict:
        """Pickle the configuration only: each process loads the embeddings once for itself."""
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED and k != "scan"}


def _alternatives(phrases: tuple[str, ...]) -> str:
    """A regular expression for any of ``phrases`` (longest first; any run of spaces between
    their words), or one that never matches when there are none."""
    words = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in words) or "(?!)"


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


def _patterns(value: object, name: str, line: int) -> re.Pattern[str]:
    """Regular expressions, each to match a whole sentence, as one pattern; errors name the line."""
    if not isinstance(value, list) or not value:
        raise UnionstateError(f"{name}:{line}: 'apparatus' must be a non-empty list of patterns")
    lines = getattr(value, "item_lines", [line] * len(value))
    for item, at in zip(value, lines, strict=True):
        if not isinstance(item, str) or not item.strip():
            raise UnionstateError(f"{name}:{at}: apparatus: empty or non-text pattern {item!r}")
        try:
            re.compile(item)
        except re.error as exc:
            raise UnionstateError(f"{name}:{at}: apparatus: bad pattern {item!r}: {exc}") from None
    return re.compile("|".join(f"(?:{item})" for item in value))


def _cues(value: object, where: str) -> tuple[str, ...]:
    """Continuation cues: phrases of one to three words (only a sentence's first three are read)."""
    cues = _phrases(value, where, "context cues")
    for cue in cues:
        if len(cue.split()) > 3:
            raise UnionstateError(f"{where}: context cue {cue!r} has more than three words")
    return cues


def load_coder(path: Path, label: str | None = None) -> Coder:
    """Load and validate ``data/coder.yml``; errors name the file and line."""
    name = label or str(path)
    data = require_mapping(load_yaml(path, name), name, "the coder file")
    check_keys(
        data,
        name,
        required=SECTIONS,
    )
    similarity = require_mapping(data["similarity"], f"{name}:{line_of(data, 'similarity')}", "'similarity'")
    check_keys(similarity, name, required=("weight", "below"))
    context = require_mapping(data["context"], f"{name}:{line_of(data, 'context')}", "'context'")
    check_keys(
        context,
        name,
        required=(
            "previous",
            "following",
            "across",
            "paragraph",
            "document",
            "question",
            "continuation",
            "overrule",
            "cues",
        ),
    )
    scene = require_mapping(data["scene"], f"{name}:{line_of(data, 'scene')}", "'scene'")
    check_keys(scene, name, required=("weight", "cues", "openings"))
    grounds = require_mapping(data["grounds"], f"{name}:{line_of(data, 'grounds')}", "'grounds'")
    check_keys(grounds, name, required=("instruments", "markers"))
    settings = Settings(
        similarity_weight=_number(similarity, "weight", name, 0, 100),
        similarity_below=_number(similarity, "below", name, 0, 1000),
        aside=_number(data, "aside", name, 0, 1),
        previous=_number(context, "previous", name, 0, 10),
        following=_number(context, "following", name, 0, 10),
        across=_number(context, "across", name, 0, 10),
        paragraph=_number(context, "paragraph", name, 0, 10),
        document=_number(context, "document", name, 0, 10),
        question=_number(context, "question", name, 0, 10),
        continuation=_number(context, "continuation", name, 0, 10),
        overrule=_number(context, "overrule", name, 0, 1),
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
        cues=_cues(context["cues"], f"{name}:{line_of(context, 'cues')}"),
        scene={cue: cue for cue in _phrases(scene["cues"], f"{name}:{line_of(scene, 'cues')}", "scene cues")},
        openings=_phrases(scene["openings"], f"{name}:{line_of(scene, 'openings')}", "scene openings"),
        reference_lists=frozenset(
            _phrases(data["reference_lists"], f"{name}:{line_of(data, 'reference_lists')}", "reference list headings")
        ),
        apparatus=_patterns(data["apparatus"], name, line_of(data, "apparatus")),
        instruments=frozenset(
            _phrases(grounds["instruments"], f"{name}:{line_of(grounds, 'instruments')}", "instrument groups")
        ),
        markers=_phrases(grounds["markers"], f"{name}:{line_of(grounds, 'markers')}", "grounds markers"),
        instruments_at=f"{name}:{line_of(grounds, 'instruments')}",
    )
