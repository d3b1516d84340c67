"""Exercise identity is more than the name.

The rule: two exercises that share a name ("kickback": the glute kickback and the tricep kickback)
are told apart by where their primary muscles are. Each namesake's body region comes from the muscle
words in its own names ("glute kickback" -> glutes -> hip; "tricep kickback" -> triceps -> arm),
through the region table in data/body_regions.txt (a muscle's parts share its region). When an
article's primary muscles for the exercise it is about lie in one region, and that is not the region
of the namesake its title resolved to but is the region of exactly one other namesake, the article
is about that other one: its facts move there.

Before this rule, SubjectResolver.namesake has already used the article's sense words ("tricep",
"glute") and its equipment; this rule settles what words alone cannot (an article that never says
"triceps" but lists the anconeus and the forearm extensors as its prime movers).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import cached_property
from importlib.resources import files

from ..lexicon import Lexicon
from ..terms import entity_iri
from .facts import Fact


class Regions:
    """The body region of a muscle and of an exercise's names."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lx = lexicon

    @cached_property
    def of_muscle(self) -> dict[str, str]:
        table: dict[str, str] = {}
        text = (files("kgqa.extract") / "data" / "body_regions.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            region, _, ids = line.partition(":")
            for slug in ids.split():
                frontier = [entity_iri("muscle", slug)]
                while frontier:  # a muscle's parts are where the muscle is
                    iri = str(frontier.pop())
                    if iri not in table:
                        table[iri] = region.strip()
                        frontier.extend(self.lx.parts.get(iri, ()))
        return table

    def of_exercise(self, root: str) -> set[str]:
        """The regions the muscle words in an exercise's names point at ("tricep kickback" -> {"arm"})."""
        term = self.lx.terms.get(root)
        if term is None:
            return set()
        found = set()
        for label in term.labels:
            for word in re.findall(r"[a-z]+", label.lower()):  # (the whole name matches as the exercise, not a muscle)
                muscle = self.lx.resolve(word, "muscle")
                if muscle in self.of_muscle:
                    found.add(self.of_muscle[muscle])
        return found


def namesakes(lexicon: Lexicon, root: str) -> list[str]:
    """The root exercises whose names end in the same head word as `root`'s ("kickback"), `root` included."""
    if root not in lexicon.terms:
        return []
    head = lexicon.label(root).lower().split()[-1]
    return sorted({lexicon.root(t.iri) for t in lexicon.terms.values() if t.kind == "exercise"
                   and any(re.findall(r"[a-z-]+", label.lower())[-1:] == [head] for label in t.labels)})


def by_region(facts: list[Fact], lexicon: Lexicon, regions: Regions, family: set[str]) -> list[Fact]:
    """`facts` with the exercise `family` (the article's exercise and its variations) moved to the namesake whose
    body region its primary muscles are in, when that is another namesake (the rule in this module's docstring)."""
    roots = {lexicon.root(iri) for iri in family if iri in lexicon.terms}
    if len(roots) != 1:
        return facts
    root = roots.pop()
    others = [r for r in namesakes(lexicon, root) if r != root]
    if not others:
        return facts
    said = Counter(regions.of_muscle[f.obj] for f in facts
                   if f.kind == "muscle" and f.role == "primary" and f.subject in family and f.obj in regions.of_muscle)
    if not said:
        return facts
    region, count = said.most_common(1)[0]
    if count < 2 * (sum(said.values()) - count) or region in regions.of_exercise(root):
        return facts
    matching = [r for r in others if region in regions.of_exercise(r)]
    if len(matching) != 1:
        return facts
    target = matching[0]
    return [dataclasses.replace(
        f, subject=target if f.subject in family else f.subject,
        stated_for=target if f.stated_for in family else f.stated_for) for f in facts]


def named_as_known(facts: list[Fact], lexicon: Lexicon, document: str, label: str) -> str | None:
    """A minted title exercise the article itself names as a known one: an alias statement gives the known
    exercise another name of the article's ("The SLDL (some people call it the single-leg RDL)"), and the minted
    name's words are all in the known one's ("single-leg deadlift", "single-leg Romanian deadlift")."""
    if document in lexicon.terms:
        return None
    words = set(re.findall(r"[a-z]+", label.lower()))
    for f in facts:
        if f.kind != "alias" or f.subject not in lexicon.terms or f.subject == document:
            continue
        known = {w for name in lexicon.terms[f.subject].labels for w in re.findall(r"[a-z]+", name.lower())}
        if words and words <= known:
            return f.subject
    return None


def rename(facts: list[Fact], renamed: dict[str, str]) -> list[Fact]:
    """`facts` with the exercises in `renamed` replaced, wherever they stand."""
    return [dataclasses.replace(f, subject=renamed.get(f.subject, f.subject), obj=renamed.get(f.obj, f.obj),
                                stated_for=renamed.get(f.stated_for, f.stated_for) if f.stated_for else None)
            for f in facts]
