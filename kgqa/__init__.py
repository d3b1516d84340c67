"""kgqa: knowledge-graph question answering over fitness articles.

    >>> import kgqa
    >>> kg = kgqa.load()          # the default graph, built from the packaged corpus and cached
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import KgqaError  # noqa: E402

__all__ = ["KgqaError", "__version__"]
