"""Word lists read from data files (kgqa/qa/data/) as whole-word patterns: one helper for every mechanism that
finds a list's phrases in a question (guideline aspects, difficulty words, gym words, claim verbs, superlatives)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .linking import data_lines

__all__ = ["kinded", "whole_words"]


def whole_words(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of the phrases as whole words, the longest first ("rest between sets" before
    "rest")."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")


def kinded(name: str) -> list[tuple[str, str]]:
    """The (kind, phrase) rows of a data file written "kind <TAB> phrase"."""
    return [(kind.strip(), phrase.strip()) for kind, phrase in (line.split("\t", 1) for line in data_lines(name))]
