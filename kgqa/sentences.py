"""Sentences with their character offsets in the document, so that a fact can quote its sentence verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop that does not end a sentence: abbreviations and decimals.
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|vs|etc|approx|Dr|Mr|Ms|Mrs|St|No|Fig|cf))\.$", re.I)
_SENT_END = re.compile(r"[.!?][\"'”’)*_]*(?=\s+[\"'“(*_]*[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its text and its character offsets in the document."""

    text: str
    start: int
    end: int



def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split `text` into sentences; offsets are relative to the document (`offset` = text's start)."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.end()
        if _ABBREV.search(text[start:end]):
            continue
        piece = text[start:end].strip()
        if piece:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
        start = end
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        piece = tail.strip()
        sentences.append(Sentence(piece, offset + start + lead, offset + start + lead + len(piece)))
    return sentences
