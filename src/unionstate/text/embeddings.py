"""Sentence embeddings from WordLlama's static token vectors, read from its installed wheel.

WordLlama (MIT) ships 256-dimensional embeddings of the Llama 2 tokenizer's 32,000 tokens,
trained so that the mean of a text's token vectors is a sentence embedding. They are loaded
once per process from the package's own files, so nothing is fetched at run time.
:class:`Embeddings` embeds a few texts (the coder's prototypes); :class:`Projection` gives, for
every sentence of a corpus, its similarity to those prototypes at the cost of a word lookup.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from unionstate.errors import UnionstateError

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


class Projection:
    """The mean similarity of a text's tokens to a few unit ``directions`` (its mean token vector
    dotted with each), computed word by word: a word's tokens are the same alone as inside its
    sentence (the tokenizer marks each word's leading space itself; runs of whitespace count as
    one space), so each distinct word is tokenized and projected once per process and then only
    looked up — five times cheaper than tokenizing and pooling every sentence.

    For one text, the ranking of the directions is the ranking of their cosines with the text's
    embedding; only the scale differs (by the norm of the mean token vector), which is why the
    coder compares them relative to the largest (:func:`unionstate.text.coder._lead`).
    """

    LIMIT = 200_000
    """Distinct words kept; the cache starts afresh past this, so memory stays bounded."""

    def __init__(self, embeddings: Embeddings, directions: np.ndarray) -> None:
        self.tokenizer = embeddings.tokenizer
        self.tokens = embeddings.matrix @ directions.T.astype(np.float32)
        self.width = self.tokens.shape[1]
        self._clear()

    def _clear(self) -> None:
        self.index: dict[str, int] = {}
        self.rows = np.zeros((4096, self.width + 1), dtype=np.float32)
        """Per cached word: the sum of its tokens' projections, then its number of tokens."""

    def _add(self, words: list[str]) -> None:
        if len(self.index) + len(words) > self.LIMIT:
            self._clear()
        needed = len(self.index) + len(words)
        if needed > len(self.rows):
            self.rows = np.resize(self.rows, (max(needed, 2 * len(self.rows)), self.width + 1))
        for word, encoding in zip(words, self.tokenizer.encode_batch(words, add_special_tokens=False), strict=True):
            row = self.index[word] = len(self.index)
            ids = encoding.ids
            self.rows[row, : self.width] = self.tokens[ids].sum(axis=0) if ids else 0.0
            self.rows[row, self.width] = len(ids)

    def word_rows(self, words: list[str]) -> np.ndarray:
        """The cache rows of ``words`` (tokenizing those not seen yet). Call it before reading
        ``rows``: caching new words may grow ``rows`` into a new array."""
        found = list(map(self.index.get, words))
        if None in found:
            self._add(list(dict.fromkeys(w for w, i in zip(words, found, strict=True) if i is None)))
            found = list(map(self.index.__getitem__, words))
        return np.array(found, dtype=np.intp)

    def means(self, texts: Sequence[str]) -> np.ndarray:
        """texts × directions: each text's mean token projection (zeros for a text without words)."""
        lengths, words = _words(texts)
        out = np.zeros((len(texts), self.width))
        filled = [i for i, n in enumerate(lengths) if n]
        if not filled:
            return out
        counts = [lengths[i] for i in filled]
        starts = np.zeros(len(counts), dtype=np.intp)
        np.cumsum(counts[:-1], out=starts[1:])
        rows = self.word_rows(words)  # first: caching new words may replace self.rows
        sums = np.add.reduceat(self.rows[rows], starts, axis=0)
        out[filled] = sums[:, : self.width] / sums[:, self.width :]
        return out


def _words(texts: Sequence[str]) -> tuple[list[int], list[str]]:
    """Each text's number of words and all their words, in order (as ``str.split`` cuts them)."""
    joined = " ".join(texts)
    if all(texts) and joined[:1] != " " and joined[-1:] != " " and "  " not in joined and joined.isprintable():
        # single spaces only (every other whitespace character is unprintable, the space is not):
        # a text's words are its spaces plus one (3 times faster)
        return [text.count(" ") + 1 for text in texts], joined.split()
    split = [text.split() for text in texts]
    return list(map(len, split)), list(chain.from_iterable(split))


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise UnionstateError("the wordllama package is not installed (run 'make env')")
    return Path(next(iter(spec.submodule_search_locations)))


WEIGHTS, TOKENIZER = f"weights/{CONFIG}_{DIM}.safetensors", f"tokenizers/{CONFIG}_tokenizer_config.json"
TENSOR = "embedding.weight"
"""Where WordLlama's wheel keeps the model, relative to the package (where its own loader looks
first), and the weights' tensor name."""


@lru_cache(maxsize=1)
def load() -> Embeddings:
    """WordLlama's embeddings, read from the files inside its installed package (never downloaded).

    The files are opened with ``safetensors`` and ``tokenizers``, the libraries WordLlama's own
    loader uses, without importing ``wordllama`` itself: its configuration layer (pydantic,
    requests) costs about 0.2 s per process and adds nothing offline. A test checks that
    the result equals ``WordLlama.load``'s."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    root = _package_dir()
    weights, vocabulary = root / WEIGHTS, root / TOKENIZER
    for path in (weights, vocabulary):
        if not path.is_file():
            raise UnionstateError(f"wordllama: {path}: missing from the installed package (run 'make env')")
    with safe_open(str(weights), framework="np", device="cpu") as handle:
        matrix = handle.get_tensor(TENSOR)
    tokenizer = Tokenizer.from_file(str(vocabulary))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Embeddings(matrix, tokenizer)
