"""Exercise families named by a head word: "which kickback...", "a curl", "bench presses", "rows".

With a dataset in the graph a head word names dozens of exercises ("Barbell Curl", "Cable Preacher Curl"...):
the exercises whose names end in it (a name's qualifier after a dash or bracket aside, as kgqa.qa.linking
cuts names). Two uses:

- a family named as the thing asked ("which kickback targets the long head?", "which curl is for the
  biceps"): the list is kept to the family: the named exercise's variations and senses, and the exercises
  whose names end in the head word the question names;
- a name the graph has no exercise for, whose head word many names end in ("tricep pushdowns", "a curl"):
  the closest names (the most name words shared, then the most sources, then the shortest) are listed in a
  clarifying note, and the question is answered for the best one, said as such.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .linking import name_keys
from .plan import Plan
from .traverse import Hit, execute
from .understand import Link

if TYPE_CHECKING:
    from .answer import Answer
    from .answerer import QuestionAnswerer
    from .strategies import Turn

CAP = 12  # values listed across a family
MANY = 3  # a head word that at least this many exercise names end in names a family
SHOWN = 3  # closest names listed in the clarifying note
ASKED = re.compile(r"\b(?:which|what)\s+(?:(?:kind|type|sort)s?\s+of\s+)?$")


def head_key(qa: QuestionAnswerer, phrase: str) -> str | None:
    """The key of `phrase`'s head word as the graph's names key it ("presses": press, as "Bench Press")."""
    said = name_keys(phrase)
    if not said:
        return None
    heads = qa.parser.names.names
    plural = said[-1][:-1] if said[-1].endswith(("sse", "she", "che", "xe")) else None  # "presse": press
    return plural if plural and len(heads.get(plural, ())) > len(heads.get(said[-1], ())) else said[-1]


def _said(qa: QuestionAnswerer, phrase: str) -> set[str]:
    return {*name_keys(phrase)[:-1], head_key(qa, phrase) or ""} - {""}


def head_family(qa: QuestionAnswerer, phrase: str) -> set[str]:
    """The exercises whose names end in the head word of `phrase` ("kickbacks": every "... Kickback")."""
    names = qa.parser.names
    head = head_key(qa, phrase)
    return {i for ks in names.names.get(head, ()) for i in names.iri_of[ks]} if head else set()


def asked_family(qa: QuestionAnswerer, t: Turn) -> set[str]:
    """"Which kickback ...": the asked exercises' variations and senses, and the names ending in its head word."""
    family: set[str] = set(t.family)
    for e in t.q.entities:
        if t.frame.parts.get(e.iri) == "asked":
            for sense in (e.iri, *e.ambiguous):
                family.update(qa.index.descendants(sense))
            family |= head_family(qa, e.surface)
    return family


def _sources(qa: QuestionAnswerer, iri: str) -> int:
    return len({e.document for e in qa.index.node_evidence.get(iri, ())})


def ranked(qa: QuestionAnswerer, phrase: str, family: set[str]) -> list[str]:
    """The family's exercises closest to `phrase`: the most of its name words shared (by weight), the fewest
    words besides, the most typical (its other words the most common in the family: "Barbell Curl" before
    "Drag Curl"), the most sources, the shortest name."""
    names = qa.parser.names
    said = _said(qa, phrase)
    keys_of: dict[str, set[str]] = {}
    for ks in names.names.get(head_key(qa, phrase) or "", ()):
        for iri in names.iri_of[ks] & family:
            keys_of.setdefault(iri, set()).update(ks)
    common: dict[str, int] = {}
    for ks in keys_of.values():
        for k in ks - said:
            common[k] = common.get(k, 0) + 1

    def key(iri: str) -> tuple:
        ks = keys_of.get(iri, set())
        shared = round(sum(names.weight.get(k, 0.0) for k in said & ks), 3)
        others = ks - said
        typical = sum(common[k] for k in others) / len(others) if others else 0.0
        return (-shared, len(others), -typical, -_sources(qa, iri), len(qa.index.name(iri)), qa.index.name(iri))

    return sorted(family, key=key)


def closest_family(qa: QuestionAnswerer, t: Turn) -> Link | None:
    """The exercise to answer an unknown name for ("bench presses": "Bench Press - Powerlifting"), when its head
    word names a family; the clarifying note (the closest names) is added to the turn. "Which curl ...?" asks
    for the family's members: the turn keeps the family (t.family) and names no exercise. None otherwise."""
    phrase = t.q.unknown_exercise or ""
    family = head_family(qa, phrase)
    if len(family) < MANY:
        return None
    start = t.q.normalized.find(phrase)
    end = start + len(phrase)
    t.muscles = [m for m in t.muscles if not (start >= 0 and start <= m.start < end)]  # "tricep" in its name
    t.equipment = [m for m in t.equipment if not (start >= 0 and start <= m.start < end)]
    if start >= 0 and ASKED.search(t.q.normalized[:start]):
        t.family = family
        return None
    order = ranked(qa, phrase, family)
    best = order[0]
    if not all(any(k.startswith(n) or n.startswith(k) for n in name_keys(qa.index.name(best), cut=False))
               for k in _said(qa, phrase)):
        return None  # "nordic hamstring curl": a name of its own that no exercise of the family has
    if _said(qa, phrase) == {head_key(qa, phrase)}:  # the head word alone: the family may be answered as one
        t.family, t.head_word = family, phrase
    shown = ", ".join(qa.index.name(i) for i in order[:SHOWN])
    t.notes.append(f'No exercise is called "{phrase}"; {len(family)} exercise names end in it, the closest being '
                   f"{shown}. Answered for the {qa.index.name(best)}; name another to ask about it.")
    return Link(best, qa.index.name(best), "Exercise", phrase, start)


# relations a whole family is answered for, by the path each member's own facts take, and what counts
ACROSS = {"equipment": (["usesEquipment"], None), "muscles": (["works"], "primary")}


def across_family(qa: QuestionAnswerer, t: Turn, relation: str) -> Answer | None:
    """"What equipment do I need for rows?": the relation over every exercise of the family the head word
    names, each value with the number of members stating it, most first (cited from one member each)."""
    if relation not in ACROSS or not t.head_word or not t.family:
        return None
    path, role = ACROSS[relation]
    members = sorted(t.family)
    counted: dict[str, list[Hit]] = {}
    for member in members:
        for hit in execute(Plan(relation, [member], list(path), role=role), qa.index):
            counted.setdefault(hit.iri, []).append(hit)
    if not counted:
        return None
    order = sorted(counted, key=lambda v: (-len(counted[v]), qa.index.name(v)))[:CAP]
    hits = []
    for value in order:
        first = counted[value][0]
        hits.append(Hit(value, roles=dict(first.roles), evidence=first.evidence[:1], via=[first.via[0]]))
    said = ", ".join(f"{qa.index.name(v)} ({len(counted[v])}{' of them' if i == 0 else ''})"
                     for i, v in enumerate(order))
    what = "done with" if relation == "equipment" else "their primary movers are"
    text = f'Across the {len(members)} exercises whose names end in "{t.head_word}", {what}: {said}.'

    plan = Plan(relation, members, list(path), role=role)
    t.notes = [n for n in t.notes if not n.startswith("No exercise is called")]  # the family, not the closest one
    return qa.finish(t, plan, hits, text)


__all__ = ["ACROSS", "across_family", "asked_family", "closest_family", "head_family"]
