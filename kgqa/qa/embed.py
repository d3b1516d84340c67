"""Static word embeddings for questions and evidence: WordLlama's 256-dim model, read from its wheel.

The model (a 32k-token embedding table and its tokenizer) ships inside the `wordllama` package, so it
loads offline. It is read here with `tokenizers` and `safetensors` directly: the same vectors as
`WordLlama.embed(texts, norm=True)` (the mean of the tokens' rows, unit length), without importing
the package (which configures the root logger on import) and without converting the whole table to
float32 at start-up (rows are converted as they are used): about 0.1 s faster to load.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np

CONFIG = "l2_supercat"
DIM = 256


class StaticEmbedder:
    def __init__(self, folder: Path) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizers" / f"{CONFIG}_tokenizer_config.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        with safe_open(str(folder / "weights" / f"{CONFIG}_{DIM}.safetensors"), framework="np") as f:
            self.table = f.get_tensor("embedding.weight")

    def __reduce__(self) -> tuple:
        return (embedder, ())  # pickled as a reference: the model is read again from the wheel

    def embed(self, texts: list[str], norm: bool = True) -> np.ndarray:
        """One vector per text: the mean of its tokens' vectors (unit length with `norm`)."""
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        if len(texts) == 1:  # one question: no batch (the tokenizer's batch costs more than the text)
            vector = self._vector(self.tokenizer.encode(texts[0], add_special_tokens=False).ids, norm)
            if vector is not None:
                out[0] = vector
            return out
        for i, enc in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            vector = self._vector(enc.ids, norm)
            if vector is not None:
                out[i] = vector
        return out

    def _vector(self, ids: list[int], norm: bool) -> np.ndarray | None:
        """The mean of the rows `ids` (unit length with `norm`): numpy's `mean` and `linalg.norm` step by step,
        the same float32 operations without their Python overhead."""
        if not ids:
            return None
        rows = self.table.shape[0]
        if min(ids) < 0 or max(ids) >= rows:
            ids = np.clip(np.asarray(ids, dtype=np.int64), 0, rows - 1)
        vector = np.add.reduce(self.table[ids].astype(np.float32), axis=0)
        np.true_divide(vector, np.intp(len(ids)), out=vector, casting="unsafe")  # as np.mean divides
        length = float(np.sqrt(vector.dot(vector))) if norm else 1.0  # as np.linalg.norm
        return vector / length if length else vector


@cache
def embedder() -> StaticEmbedder | None:
    """The model from the installed wordllama wheel (never downloaded); None if wordllama is missing."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not (folder / "weights" / f"{CONFIG}_{DIM}.safetensors").is_file():
        return None
    return StaticEmbedder(folder)
