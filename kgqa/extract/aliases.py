"""Other names an article gives its exercise, read where it gives them.

"Banded Lateral Walk (also called "crab walk")", "the overhead tricep extension (often just "OHE")",
"single-leg deadlift (SLDL)": a parenthesis right after the exercise's name, naming it again; and
"The SLDL (some people call it the single-leg RDL)": an abbreviation before a parenthesis that names
the exercise. Each other name becomes an alias fact (skos:altLabel in the graph, with its sentence),
so a question that uses it finds the exercise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import Mention
from . import cues

_SPLIT = re.compile(r"\s*(?:,|;|/|\bor\b)\s*")
_QUOTES = "\"'“”‘’"
_MAX_WORDS = 4


def aliases(text: str, exercises: list[Mention], names: dict[str, str]) -> Iterator[tuple[str, str, int]]:
    """(exercise IRI, other name, where it starts) for each other name `text` gives an exercise. `exercises` are
    the sentence's exercise mentions; `names` the article's own exercise names (lower-cased) -> IRI."""
    for match in cues.ALIAS_PAREN.finditer(text):
        before = text[: match.start()].rstrip()
        inside = match.group("names").strip()
        named = _named_before(before, exercises, names)
        quoted = inside[:1] in _QUOTES
        if named is not None and (match.group("cue") or quoted or cues.ABBREVIATION.match(inside)):
            for part in _SPLIT.split(inside):
                alias = _clean(part)
                if alias:
                    yield named, alias, match.start("names") + inside.find(part.strip())
            continue
        word = before.split()[-1] if before.split() else ""
        inner = [m for m in exercises if match.start() < m.start < match.end()]
        target = inner[0].iri if inner else next((iri for name, iri in names.items() if name in inside.lower()), None)
        if target is not None and cues.ABBREVIATION.match(word):  # "The SLDL (some people call it the ...)"
            yield target, word, len(before) - len(word)


def _named_before(before: str, exercises: list[Mention], names: dict[str, str]) -> str | None:
    """The exercise whose name ends right before the parenthesis, if any."""
    for m in exercises:
        if 0 <= len(before) - m.end <= 1:
            return m.iri
    lowered = before.lower()
    return next((iri for name, iri in names.items() if lowered.endswith(name)), None)


def _clean(part: str) -> str | None:
    words = part.strip().strip(_QUOTES + " .").split()
    while words and words[0].lower() in ("the", "a", "an", "just", "simply"):
        words = words[1:]
    alias = " ".join(words).strip(_QUOTES)
    if not alias or len(words) > _MAX_WORDS or not re.fullmatch(r"[A-Za-z][\w' -]*", alias):
        return None
    return alias
