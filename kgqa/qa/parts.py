"""The state the parts of QuestionAnswerer share (lookup, evidence, comparisons): declared once here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .index import GraphIndex
    from .relations import RelationClassifier
    from .retrieve import PassageRetriever
    from .senses import SenseResolver
    from .understand import QuestionParser


class AnswererPart:
    """A part of QuestionAnswerer (kgqa/qa/answerer.py); QuestionAnswerer.__init__ sets these."""

    index: GraphIndex
    parser: QuestionParser
    classifier: RelationClassifier
    retriever: PassageRetriever
    senses: SenseResolver
    lemmas: Callable[[str], list[str]]
    main_exercise: str | None
    mistake_words: list[tuple[str, list[str]]]
