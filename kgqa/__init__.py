"""kgqa: knowledge-graph question answering over fitness articles.

    >>> import kgqa
    >>> kgqa.ask("what muscles do cable kickbacks work?").text
    >>> kg = kgqa.load()          # the default graph, built from the packaged corpus and cached
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import KgqaError  # noqa: E402
from .kg import KnowledgeGraph, ask, load  # noqa: E402
from .qa.answer import Answer, Item, Quote  # noqa: E402

__all__ = ["Answer", "Item", "KgqaError", "KnowledgeGraph", "Quote", "__version__", "ask", "load"]
