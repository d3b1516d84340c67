"""Which part of programming a question asks about (rest, frequency, sets and reps, tempo, breathing), so
that the answer keeps to the guidelines of that aspect, or says the graph has none of it.

The words are data (kgqa/qa/data/guideline_aspects.txt); the longest phrase claims its words first."""

from __future__ import annotations

from .phrases import kinded, whole_words

__all__ = ["ASPECT_NOUN", "asked_aspect", "asked_aspects"]

ASPECT_NOUN = {"rest": "rest guidance", "frequency": "guidance on how often", "sets-reps": "sets and reps guidance",
               "tempo": "tempo guidance", "breathing": "breathing guidance"}
_PHRASES = sorted(((phrase, aspect) for aspect, phrase in kinded("guideline_aspects.txt")), key=lambda pa: -len(pa[0]))
_PATTERNS = [(whole_words([phrase]), aspect) for phrase, aspect in _PHRASES]


def asked_aspects(question: str) -> list[str]:
    """The aspects a (normalised, lower-case) question names, in the order first named."""
    text, found = question, {}
    for pattern, aspect in _PATTERNS:
        for m in pattern.finditer(text):
            if aspect != "none":
                found.setdefault(aspect, m.start())
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return sorted(found, key=found.__getitem__)


def asked_aspect(question: str) -> str | None:
    """The one aspect a question asks about; None when it names none or several (then every guideline answers)."""
    aspects = asked_aspects(question)
    return aspects[0] if len(aspects) == 1 else None
