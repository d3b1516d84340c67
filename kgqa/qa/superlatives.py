"""Yes/no on a superlative said of a muscle: "is the gluteus medius the biggest of the glute muscles?". The
sentences that call a muscle of the same group "the largest" (or a word of one meaning with it) decide: yes
when the muscle they call so is the one asked, no when it is another, and the answer names it and quotes them.
The words are data (kgqa/qa/data/superlatives.txt); which muscle a sentence calls so is the one named nearest
before the word ("Gluteus Maximus: The largest ...", "the gluteus maximus, the largest muscle in the buttocks")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .answer import Answer
from .linking import data_lines
from .phrases import whole_words
from .retrieve import Match, PassageRetriever
from .sources import said_by

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer
    from .strategies import Turn

__all__ = ["superlative_yesno"]

_WORDS = [[w.strip() for w in line.split(",")] for line in data_lines("superlatives.txt")]
GROUPS = [whole_words(words) for words in _WORDS]
_FOUND: WeakKeyDictionary[PassageRetriever, dict[int, list[int]]] = WeakKeyDictionary()


def _passages(retriever: PassageRetriever, group: int) -> list[int]:
    """The passages whose sentence says a word of the group (found once per graph and group)."""
    found = _FOUND.setdefault(retriever, {})
    if group not in found:
        pattern = GROUPS[group]
        found[group] = [i for i, p in enumerate(retriever.passages) if pattern.search(p.ev.quote.lower())]
    return found[group]


def _called(quote: str, at: int, names: dict[str, list[str]]) -> str | None:
    """The muscle named nearest before position `at` of the sentence (None when none is)."""
    best, where = None, -1
    for iri, spelled in names.items():
        for name in spelled:
            for m in re.finditer(rf"\b{re.escape(name)}\b", quote[:at]):
                if m.end() > where:
                    best, where = iri, m.end()
    return best


def superlative_yesno(qa: QuestionAnswerer, t: Turn) -> Answer | None:
    text = t.q.normalized
    group = next((g for g, pattern in enumerate(GROUPS) if pattern.search(text)), None)
    if group is None or not t.muscles:
        return None
    asked = t.muscles[0].iri
    wholes = [m.iri for m in t.muscles[1:] if m.iri in qa.index.wholes(asked)] or \
        [w for w in qa.index.wholes(asked) if w != asked][:1]
    if not wholes:
        return None
    group_of = [p for p in qa.index.parts(wholes[0]) if p != wholes[0]]
    names = {iri: sorted({n.lower() for n in qa.index.names.get(iri, ())} | {qa.index.name(iri).lower()}, key=len)
             for iri in group_of}
    called: dict[str, list[Match]] = {}
    for i in _passages(qa.retriever, group):
        passage = qa.retriever.passages[i]
        quote = passage.ev.quote.lower()
        word = GROUPS[group].search(quote)
        muscle = _called(quote, word.start(), names) if word else None
        if muscle is not None:
            called.setdefault(muscle, []).append(Match(passage, 1.0, 1.0, 0.0))
    if not called:
        return None
    chosen = asked if asked in called else max(called, key=lambda m: len(called[m]))
    lead = called[chosen][:3]
    yes = chosen == asked
    who = said_by(qa.index, (m.passage.ev.document for m in lead))
    answer = qa._answer_from(t, lead, yes)
    said = answer.text.removeprefix("Yes. " if yes else "No. ")
    answer.text = (f"{'Yes' if yes else 'No'}: {who} call the {qa.index.name(chosen)} the {_WORDS[group][0]} of "
                   f"the {qa.index.name(wholes[0])}. {said}")
    return answer
