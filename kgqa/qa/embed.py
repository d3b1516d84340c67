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
        for i, enc in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            if not enc.ids:
                continue
            ids = np.clip(np.asarray(enc.ids, dtype=np.int64), 0, self.table.shape[0] - 1)
            vector = self.table[ids].astype(np.float32).mean(axis=0)
            length = float(np.linalg.norm(vector)) if norm else 1.0
            out[i] = vector / length if length else vector
        return out


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
