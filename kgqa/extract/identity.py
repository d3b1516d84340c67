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
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from ..terms import entity_iri
from .facts import Evidence, Fact

if TYPE_CHECKING:
    from .parallel import Merged


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


def _words(text: str) -> set[str]:
    """A name's words, singular ("One-Legged Cable Kickbacks" -> one, legged, cable, kickback)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in re.findall(r"[a-z]+", text.lower())}


def _modifiers() -> set[str]:
    """Words that say how an exercise is done, not which: one side or both ("one-legged", "alternating")."""
    text = (files("kgqa.extract") / "data" / "same_exercise_words.txt").read_text(encoding="utf-8")
    return {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}


def across_sources(merged: Merged, lexicon: Lexicon) -> Merged:
    """`merged` with each exercise minted from a dataset record joined to the exercise another source describes,
    when the record's name is that exercise's name plus words that change nothing (one side or both) or name the
    record's own equipment; its body region (primary muscles) must be the other's. Equipment the other exercise
    is not done with makes the record's exercise a variation of it instead ("Barbell Hip Thrust" varies the hip
    thrust). The record's name stays on the exercise it joins, as another name quoting the record."""
    records = {d.doc_id: d for d in merged.documents if d.meta.get("kind") == "record"}
    if not records:
        return merged
    regions = Regions(lexicon)
    modifiers = _modifiers()
    by_subject: dict[str, list[Fact]] = {}
    for f in merged.facts:
        by_subject.setdefault(f.subject, []).append(f)

    def region(iri: str, of_records: bool) -> set[str]:
        found = {regions.of_muscle[f.obj] for f in by_subject.get(iri, ()) if f.kind == "muscle" and
                 f.role == "primary" and f.obj in regions.of_muscle and (f.evidence.doc_id in records) == of_records}
        return found or (regions.of_exercise(lexicon.root(iri)) if iri in lexicon.terms else set())

    def equipment(iri: str, of_records: bool) -> set[str]:
        found = {f.obj for f in by_subject.get(iri, ()) if f.kind == "equipment"
                 and (f.evidence.doc_id in records) == of_records}
        term = lexicon.terms.get(iri)
        return found | ({term.equipment} if term and term.equipment and not of_records else set())

    described = {f.subject for f in merged.facts if f.evidence.doc_id not in records} | {
        t.iri for t in lexicon.terms.values() if t.kind == "exercise"}
    names = [(iri, _words(label)) for iri in sorted(described) for label in
             (lexicon.terms[iri].labels if iri in lexicon.terms else
              [merged.exercises[iri][0]] if iri in merged.exercises else [])]
    renamed: dict[str, str] = {}
    exercises = dict(merged.exercises)
    aliases: list[Fact] = []
    for iri, (label, _) in sorted(merged.exercises.items()):
        facts = by_subject.get(iri, [])
        if iri in described or not facts or any(f.evidence.doc_id not in records for f in facts):
            continue
        words, kit = _words(label), equipment(iri, True)
        kit_words = {w for e in kit for name in (lexicon.terms[e].labels if e in lexicon.terms else ()) for w in
                     _words(name)}
        best: tuple[int, str, set[str]] | None = None
        for other, other_words in names:
            extra = words - other_words
            if other == iri or not other_words <= words or extra - modifiers - kit_words:
                continue
            mine, theirs = region(iri, True), region(other, False)
            if mine and theirs and not mine & theirs:
                continue
            if best is None or len(other_words) > best[0]:
                best = (len(other_words), other, extra)
        if best is None:
            continue
        _, other, extra = best
        doc = records[facts[0].evidence.doc_id]
        first = doc.text.split("\n", 1)[0]
        named = Evidence(doc.doc_id, 0, len(first), first, "name")  # the record's name line says which
        if extra & kit_words and not kit & equipment(other, False):
            exercises[iri] = (label, other)  # done with other equipment: a variation of it
            aliases.append(Fact("variation", other, iri, label, named))
            continue
        renamed[iri] = other
        exercises.pop(iri)
        aliases.append(Fact("alias", other, other, label, named))
    if not renamed and exercises == merged.exercises:
        return merged
    return dataclasses.replace(merged, facts=[*rename(merged.facts, renamed), *aliases], exercises=exercises)
