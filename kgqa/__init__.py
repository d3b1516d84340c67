"""kgqa: knowledge-graph question answering over fitness articles.

    >>> import kgqa
    >>> kgqa.ask("what muscles do cable kickbacks work?").text
    >>> kg = kgqa.load()          # the default graph, built from the packaged corpus and cached
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any  # noqa: E402

from .errors import KgqaError  # noqa: E402
from .qa.answer import Answer, Item, Quote  # noqa: E402

if TYPE_CHECKING:
    from .kg import KnowledgeGraph, ask, load

__all__ = ["Answer", "Item", "KgqaError", "KnowledgeGraph", "Quote", "__version__", "ask", "load"]


def __getattr__(name: str) -> Any:
    """`KnowledgeGraph`, `ask` and `load` come from kgqa.kg, imported on first use: it imports rdflib (0.12 s),
    which a `kgqa ask` answered from the answerer's snapshot never needs."""
    if name in ("KnowledgeGraph", "ask", "load"):
        from . import kg

        return getattr(kg, name)
    raise AttributeError(f"module 'kgqa' has no attribute {name!r}")
