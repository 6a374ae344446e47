"""Sentence vectors from WordLlama's static token embeddings, read from its installed wheel.

WordLlama (MIT) ships 256-dimensional embeddings of the Llama 2 tokenizer's 32,000 tokens,
trained so that the mean of a text's token vectors is a sentence embedding. They are loaded
once per process from the package's own files with downloads disabled, so nothing is fetched
at run time. The mean is computed per document with one gather and ``np.add.reduceat``
(WordLlama's own ``embed`` pads every batch to its longest text, which costs three times more).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import UnionstateError

CONFIG, DIM = "l2_supercat", 256
"""The WordLlama model: its default configuration, at full dimension."""


class Embeddings:
    """A token embedding matrix and its tokenizer: unit sentence vectors for texts."""

    def __init__(self, matrix: np.ndarray, tokenizer) -> None:
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.tokenizer = tokenizer

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length float64 row per text (the mean of its token vectors); zeros for a
        text without tokens."""
        out = np.zeros((len(texts), self.matrix.shape[1]), dtype=np.float64)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.intp, count=len(encoded))
        ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.intp, count=int(lengths.sum()))
        filled = lengths > 0
        if not filled.any():
            return out
        starts = np.zeros(len(lengths), dtype=np.intp)
        np.cumsum(lengths[:-1], out=starts[1:])
        sums = np.add.reduceat(self.matrix.take(ids, axis=0), starts[filled], axis=0).astype(np.float64)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[filled] = sums / np.where(norms > 0, norms, 1.0)
        return out

    def cosines(self, texts: Sequence[str], against: np.ndarray, chunk: int = 512) -> np.ndarray:
        """Cosine of every text with every row of ``against`` (unit vectors), ``chunk`` texts at a
        time, so memory stays bounded however many sentences a document has."""
        out = np.empty((len(texts), len(against)), dtype=np.float64)
        for start in range(0, len(texts), chunk):
            out[start : start + chunk] = self.vectors(texts[start : start + chunk]) @ against.T
        return out


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise UnionstateError("the wordllama package is not installed (run 'make env')")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def load() -> Embeddings:
    """WordLlama's embeddings, from the files inside its installed package (never downloaded)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from wordllama import WordLlama  # its import calls logging.basicConfig(level=INFO)

        model = WordLlama.load(config=CONFIG, dim=DIM, cache_dir=_package_dir(), disable_download=True)
    except FileNotFoundError as exc:
        raise UnionstateError(f"wordllama: {exc}") from None
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    tokenizer = model.tokenizer
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Embeddings(model.embedding, tokenizer)
