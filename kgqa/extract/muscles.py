"""Muscle involvement with role, read from one sentence.

Order of evidence for a muscle's role, most specific first:
1. a role word inside the mention ("core stabilizers");
2. for a muscle named in an item's label: a role word in the label, then the heading or parent
   item it is listed under ("Synergists (Assisting Muscles):");
3. for a muscle in running text: the nearest role cue before it in its clause, else after it;
   a sentence like "This includes ..." inherits the previous sentence's role;
4. a role named by the enclosing heading;
5. a generic verb ("works", "activates") -> primary mover.
Muscles that are only the object of help ("assist the gluteus maximus"), groups introduced by a
count ("the three gluteal muscles: ..."), and diminished mentions ("minimize hamstring
involvement") make no claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import Lexicon, Mention
from . import cues


@dataclass(frozen=True)
class MuscleClaim:
    muscle: str
    role: str
    mention: Mention


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in cues.CLAUSE_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.start()
    bounds.append((start, len(text)))
    return bounds


def _cue_hits(text: str) -> list[tuple[int, int, str, bool]]:
    hits = [(m.start(), m.end(), role, True) for role, pat in cues.ROLE_CUES for m in pat.finditer(text)]
    hits += [(m.start(), m.end(), "primary", False) for m in cues.GENERIC_CUE.finditer(text)]
    return sorted(hits)


def claims(
    sentence: str,
    mentions: list[Mention],
    lexicon: Lexicon,
    *,
    label_end: int = 0,
    context_role: str | None = None,
    inherited_role: str | None = None,
) -> list[MuscleClaim]:
    """Role claims for the muscles mentioned in `sentence` (offsets relative to the sentence).

    `label_end` > 0 marks the item label's end: muscles before it are the item's own subject.
    """
    text = sentence.lower()
    muscles = [m for m in mentions if m.kind == "muscle"]
    if not muscles:
        return []
    in_label = [m for m in muscles if m.end <= label_end]
    # Muscles named in the label are what the item is about; the body only explains them, or names
    # their parts ("Core - the abdominals and obliques brace ..."), which share the label's role.
    body_parts = [m for m in muscles if m.start >= label_end and any(
        m.iri in _parts(lexicon, whole.iri) for whole in in_label)]
    if in_label:
        muscles = in_label
    hits = _cue_hits(text)
    clauses = _clauses(text)
    label_role = None
    if label_end:
        label_hits = [h for h in hits if h[1] <= label_end and h[3]]
        label_role = label_hits[0][2] if label_hits else None
        if label_role is None:  # "Triceps brachii (primary)": a bare role word beside the names
            bare = text[:label_end]
            for m in sorted(in_label, key=lambda m: -m.start):
                bare = bare[: m.start] + bare[m.end :]
            label_role = cues.label_role(bare)
    out: list[MuscleClaim] = []
    for i, m in enumerate(muscles):
        before = text[: m.start]
        if cues.ASSISTED_OBJECT.search(before[-20:]):
            continue
        if lexicon.parts.get(m.iri) and cues.NUMBER_BEFORE_GROUP.search(before[-30:]):
            following = muscles[i + 1 : i + 3]
            if any(f.iri in lexicon.parts[m.iri] for f in following):
                continue
        if cues.DIMINISHED.search(text[max(0, m.start - 40) : m.start]):
            continue
        role = _role_inside(m.text)
        paren = cues.ROLE_PAREN.match(text[m.end :])
        if role is None and paren:  # "Gluteus maximus (primary)"
            role = cues.label_role(paren.group(1))
        if role is None and m.end <= label_end:
            role = label_role or context_role or _body_role(hits, label_end, text)
        if role is None:
            role, generic = _clause_role(text, m, hits, clauses, muscles)
            if role is None:
                role = inherited_role or context_role
            elif generic:
                role = inherited_role or context_role or role
        if role is not None:
            out.append(MuscleClaim(m.iri, role, m))
    for part in body_parts:
        whole = next((c for c in out if part.iri in _parts(lexicon, c.muscle)), None)
        if whole is not None and not cues.DIMINISHED.search(text[max(0, part.start - 40) : part.start]):
            out.append(MuscleClaim(part.iri, whole.role, part))
    return out


def pronoun_role(sentence: str) -> str | None:
    """The role a sentence opening with a pronoun for muscles named just before gives them ("They brace
    the whole time so ..."): its first role cue, a generic verb as primary; None if it says none."""
    if not cues.PRONOUN_LEAD.match(sentence.strip()):
        return None
    hits = _cue_hits(sentence.lower())
    specific = [h for h in hits if h[3]]
    if specific:
        return specific[0][2]
    return "primary" if hits else None


def _parts(lexicon: Lexicon, whole: str) -> set[str]:
    """The parts of a muscle group, and their parts."""
    out: set[str] = set()
    frontier = [whole]
    while frontier:
        for part in lexicon.parts.get(frontier.pop(), ()):
            if part not in out:
                out.add(part)
                frontier.append(part)
    return out


def _body_role(hits: list[tuple[int, int, str, bool]], label_end: int, text: str = "") -> str | None:
    """A muscle named by an item's label takes the role its description gives it, the first one said
    ("Hamstrings - they assist the glutes ..."); a generic verb alone reads as primary."""
    body = [h for h in hits if h[0] >= label_end]
    specific = [h for h in body if h[3]]
    if specific:
        return specific[0][2]
    if body:
        return "primary"
    # "Hamstrings: secondary, ...": a bare role word opening the description.
    return cues.label_role(" ".join(text[label_end:].split()[:2])) if text else None


def _role_inside(mention_text: str) -> str | None:
    for role, pattern in cues.ROLE_CUES[1:]:
        if pattern.search(mention_text.lower()):
            return role
    return None


def _owned_by_other(text: str, hit: tuple[int, int, str, bool], m: Mention, others: list[Mention],
                    own: tuple[int, int, str, bool]) -> bool:
    """Is the cue the verb of another muscle named just before it, with this muscle's own verb after it?"""
    return any(o.end <= hit[0] and len(text[o.end : hit[0]].split()) <= 2 for o in others) and not any(
        m.end <= o.start < own[0] for o in others)


def _clause_role(
    text: str, m: Mention, hits: list[tuple[int, int, str, bool]], clauses: list[tuple[int, int]],
    others: list[Mention] = (),  # type: ignore[assignment]
) -> tuple[str | None, bool]:
    start, end = next(((s, e) for s, e in clauses if s <= m.start < e), (0, 10**9))
    inside = [h for h in hits if start <= h[0] < end and not (m.start <= h[0] < m.end)]
    specific = [h for h in inside if h[3]]
    before = [h for h in specific if h[1] <= m.start and not cues.NEXT_GERUND.search(text[h[1] : m.start])]
    after = [h for h in specific if h[0] >= m.end]
    if before and after and _owned_by_other(text, before[-1], m, others, after[0]):
        # "the hamstrings assist and the core stabilizes": the cue before is another muscle's verb.
        return after[0][2], False
    if before and after and any(before[-1][1] <= o.start and o.end <= m.start for o in others) and not any(
            m.end <= o.start < after[0][0] for o in others):
        # "mainly works the gluteus maximus, and the hamstrings assist it": the cue before took its own object.
        return after[0][2], False
    if before:
        return before[-1][2], False
    if after:
        return after[0][2], False
    if any(not h[3] for h in inside):
        return "primary", True
    return None, False
