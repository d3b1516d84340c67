"""Which of two exercises is harder: "is a single-leg RDL easier than the kickback?", "which is more advanced,
X or Y?". Decided by the graph, never by the wording: a source that gives one exercise as a progression
(kgo:hasProgression) or an easier version (kgo:hasRegression) of the other, else the levels their records
state (beginner, intermediate, expert). Neither: no answer here (the comparison goes on as before).

The words that ask it and the order of the levels are data (kgqa/qa/data/difficulty_words.txt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answer import Answer
from .attributes import attributes_of
from .phrases import kinded, whole_words
from .plan import Plan
from .sources import said_by
from .traverse import Hit

if TYPE_CHECKING:
    from .answerer import QuestionAnswerer
    from .strategies import Turn
    from .understand import Link

__all__ = ["asked_direction", "compare_difficulty"]

_ROWS = kinded("difficulty_words.txt")
LEVELS = [phrase for kind, phrase in _ROWS if kind == "level"]  # easiest first
# the phrases asking either way, longest first: "less advanced" is easier, not "advanced"
_ASKED = sorted(((whole_words([p]), +1 if k == "harder" else -1) for k, p in _ROWS if k in ("harder", "easier")),
                key=lambda pd: -len(pd[0].pattern))


def asked_direction(question: str) -> int | None:
    """+1 when the (normalised) question asks which is harder, -1 which is easier, None when it asks neither."""
    for pattern, direction in _ASKED:
        if pattern.search(question):
            return direction
    return None


def _ordered_by_sources(qa: QuestionAnswerer, a: str, b: str) -> tuple[int, list[Hit], str] | None:
    """+1 when a source gives `a` as a progression of `b` (or `b` as an easier version of `a`), -1 the other way;
    with the fact as a hit and why, in words. A statement about an exercise holds for its variations ("the cable
    kickback is a progression of the glute kickback, which the bodyweight kickback varies")."""
    for start, other, sign in ((b, a, +1), (a, b, -1)):
        mine = set(qa.index.lineage(other))
        for node in qa.index.lineage(start):
            for predicate, harder, kind in (("hasProgression", sign, "a progression"),
                                            ("hasRegression", -sign, "an easier version")):
                for target, edge in qa.index.out(node, predicate):
                    if target in mine:
                        hit = Hit(target, evidence=list(edge["all"]))
                        who = said_by(qa.index, hit.documents).capitalize()
                        varied = "" if node == start else f", which the {qa.index.name(start)} varies"
                        quote = f' ("{hit.evidence[0].quote}")' if hit.evidence else ""
                        return harder, [hit], (f"{who} give the {qa.index.name(target)} as {kind} of the "
                                               f"{qa.index.name(node)}{varied}{quote}.")
    return None


def _level(qa: QuestionAnswerer, exercise: str) -> Hit | None:
    """The level the nearest record in the exercise's lineage states (attributes.py), as a hit with its evidence."""
    _, edges = attributes_of(qa.index).stated(exercise, "level")
    return next((Hit(value, evidence=list(edge["all"])) for value, edge in edges
                 if qa.index.name(value).lower() in LEVELS), None)


def compare_difficulty(qa: QuestionAnswerer, t: Turn, things: list[Link]) -> Answer | None:
    """The answer to which of two exercises is harder, or None when the graph does not order them."""
    direction = asked_direction(t.q.normalized)
    if direction is None or len(things) < 2 or things[0].iri == things[1].iri:
        return None
    a, b = things[0].iri, things[1].iri
    name_a, name_b = qa.index.name(a), qa.index.name(b)
    found = _ordered_by_sources(qa, a, b)
    if found is not None:
        harder, hits, reason = found
    else:
        levels = [_level(qa, a), _level(qa, b)]
        if levels[0] is None or levels[1] is None:
            return None
        ranks = [LEVELS.index(qa.index.name(h.iri).lower()) for h in levels]  # type: ignore[union-attr]
        if ranks[0] == ranks[1]:
            return None
        harder = +1 if ranks[0] > ranks[1] else -1
        hits = [h for h in levels if h is not None]
        who = said_by(qa.index, (d for h in hits for d in h.documents))
        reason = (f"The {name_a} is {qa.index.name(levels[0].iri)} and the {name_b} "  # type: ignore[union-attr]
                  f"{qa.index.name(levels[1].iri)}, as {who} state their levels.")  # type: ignore[union-attr]
    first_harder = harder > 0
    asked_first = direction > 0  # the question asks whether the first is the harder (+1) or the easier (-1)
    winner, loser = (name_a, name_b) if first_harder == asked_first else (name_b, name_a)
    word = "harder" if direction > 0 else "easier"
    plan = Plan("comparison", [a, b], [])
    if t.frame.form == "yesno":
        yes = first_harder == asked_first
        text = f"{'Yes' if yes else 'No'}: the {winner} is the {word} of the two. {reason}"
        return qa.finish(t, plan, hits, text, boolean=yes)
    answer = qa.finish(t, plan, hits, f"The {winner} is the {word} of the two; the {loser} is "
                       f"{'easier' if direction > 0 else 'harder'}. {reason}")
    answer.intent = "comparison"
    return answer
