"""The reading rules shared by every document walk: sentence helpers and the rules of each kind of
section (mistakes and corrections, benefits, population, placement, technique, safety, equipment
pros and cons, variations), for list items and for paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..corpus import Block, Document, Sentence
from ..lexicon import Lexicon, Mention, normalize, slugify
from ..terms import entity_iri
from . import cues, prose
from .benefits import benefit_phrases
from .facts import Evidence, Fact

if TYPE_CHECKING:
    from .subjects import SubjectResolver

_PAREN = re.compile(r"\s*\(([^)]*)\)")
# sections that are lists of entries named by their labels
ENTRY_KINDS = ("mistakes", "benefits", "population")


@dataclass
class Sent:
    block: Block
    sentence: Sentence
    mentions: list[Mention]
    label_end: int  # characters of the item label inside this sentence (0 if none)

    @property
    def body(self) -> str:
        return self.sentence.text[self.label_end :].lstrip(":*_ -–—>→=").strip()


def name_iri(lexicon: Lexicon, kind: str, label: str) -> str:
    """IRI of a mistake/benefit/... named `label`: a vocabulary concept, else minted from the name.

    "Excessive Lumbar Hyperextension (Arching the Lower Back)" is tried whole, without its
    parenthesis, then by what the parenthesis says, so differently worded items meet in one node.
    """
    candidates = [label, _PAREN.sub("", label), *_PAREN.findall(label)]
    for cand in candidates:
        iri = lexicon.resolve(cand, kind)
        if iri:
            return iri
    return entity_iri(kind, slugify(normalize(_PAREN.sub("", label)) or label))


class SectionRules:
    """Helpers and per-section rules; the document walk (pipeline._DocumentReader) drives them."""

    lx: Lexicon
    doc: Document
    sents: dict[tuple[int, int], Sent]
    subjects: SubjectResolver | None
    benefit_names: prose.NameFinder
    mistake_reader: prose.MistakeReader
    _label_cache: dict[str, list[Mention]]

    # ---- helpers -----------------------------------------------------------------------

    def mentions_in(self, text: str) -> list[Mention]:
        if text not in self._label_cache:
            self._label_cache[text] = self.lx.find(self.lx.parse(text))
        return self._label_cache[text]

    def evidence(self, s: Sent) -> Evidence:
        section = " > ".join(c for c in s.block.context if c)
        return Evidence(self.doc.doc_id, s.sentence.start, s.sentence.end, s.sentence.text, section)

    def sentences(self, block: Block) -> list[Sent]:
        return [self.sents[(block.index, s.start)] for s in block.sentences]

    def fact(self, kind: str, subject: str, obj: str, label: str, s: Sent, **kw: object) -> Fact:
        return Fact(kind, subject, obj, label, self.evidence(s), **kw)  # type: ignore[arg-type]

    def item_subject(self, block: Block, base: str, kind: str = "general") -> str:
        """The exercise an item is about: the innermost label (own or ancestor) naming one."""
        assert self.subjects is not None
        labels = [*block.context[1:], *([block.label] if block.label else [])]
        for label in reversed(labels):
            if not label:
                continue
            # "Squatting the weight" names a mistake, not the squat: a verb form names no exercise. In a list of
            # mistakes or benefits an item's own label names the entry ("Deadlift lockout power"): only a label
            # that is an exercise's name, all of it, names the exercise (a heading "Hip thrust benefits:" does).
            exercises = [m for m in self.mentions_in(label)
                         if m.kind == "exercise" and not m.text.lower().endswith("ing") and (
                             kind not in ENTRY_KINDS or label is not block.label
                             or len(label.split()) <= len(m.text.split()))]
            if exercises:
                return self.subjects.refine(base, exercises[0].iri)
        return base

    # ---- items by kind -----------------------------------------------------------------

    def named(self, kind: str, label: str) -> str:
        return name_iri(self.lx, kind, label)

    def entry_label(self, block: Block) -> str:
        return block.label or block.text.rstrip(".!")

    #: the mistake a "Fault: ..." field named, for the "Fix: ..." fields after it: (context, mistake IRI)
    _field_mistake: tuple[tuple[str, ...], str] | None = None
    #: the mistake a "✗" item named, for the "✓" item after it at the same level
    _marked: tuple[tuple[str, ...], str] | None = None

    def item_mistakes(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        sents = self.sentences(block)
        if entry and block.body and cues.MISTAKE_FIELD.match(block.label or ""):
            # "Fault: Using momentum." then "Fix: Control the pendulum ...": the value names the mistake.
            label = cues.entry_name(block.body.split(". ")[0])
            iri = self.named("mistake", label)
            self._field_mistake = (block.context, iri)
            yield self.fact("mistake", base, iri, label, sents[0], text=block.body)
            return
        if entry and cues.item_kind(block.label) == "correction" and block.body:
            # the fix of the "Fault:" field before it, or of the numbered mistake heading it stands under
            target = self._field_mistake[1] if self._field_mistake and self._field_mistake[0] == block.context else None
            heading = getattr(self, "_entry", None)
            if target is None and heading is not None and block.context[-1:] == (heading[0],):
                target = heading[1]
            for s in sents if target else ():
                yield self.correction(target, s, base)  # type: ignore[arg-type]
            return
        if entry and block.marker == "✓" and self._marked and self._marked[0] == block.context:
            # "✗ Squatting the swing" then "✓ Hinge, don't squat: ...": the tick is the fix of the cross before it
            for s in sents:
                yield self.correction(self._marked[1], s, base, s.sentence.text)
            return
        if entry:
            label = self.entry_label(block)
            if cues.WARNING.match(label) or cues.SECOND_PERSON.match(label):  # "Don't arch your back"
                label = cues.entry_name(label)
            iri = self.named("mistake", label)
            self._marked = (block.context, iri) if block.marker == "✗" else None
            attrs = (("emphasis", "most common"),) if cues.MOST_COMMON.search(block.body or "") else ()
            yield self.fact("mistake", base, iri, label, sents[0], text=block.body, attrs=attrs)
            for s in sents:
                lead = cues.CORRECTION_LEAD.match(s.body)
                if lead and s.body[lead.end() :]:
                    yield self.correction(iri, s, base, s.body[lead.end() :])
                elif block.body and cues.is_imperative(s.body):
                    yield self.correction(iri, s, base)
            return
        role = cues.item_kind(block.label) or {"✓": "correction", "✗": "issue"}.get(block.marker)
        parent = block.context[-1]
        mistake = self.named("mistake", parent)
        if role == "correction":
            for s in sents:
                yield self.correction(mistake, s, base)
        elif role == "issue":
            yield self.fact("mistake", base, mistake, parent, sents[0], text=block.body)

    def prose_mistakes(self, block: Block, base: str) -> Iterator[Fact]:
        """Mistakes named in paragraphs; a described one takes the remedy given with it as correction.

        A sentence about one mistake ("Another mistake is pushing through the toes.") opens a topic:
        the prescriptive sentences after it in the paragraph are its corrections, up to the next mistake.
        """
        sents = self.sentences(block)
        found = [self.mistake_reader.find(s.sentence.text) for s in sents]
        for i, s in enumerate(sents):
            for m in found[i]:
                iri = m.iri or self.named("mistake", m.surface)
                if not (m.appositive or m.single):  # one of a list ("Common mistakes include ..."): no description
                    yield self.fact("mistake", base, iri, m.surface, s)
                    continue
                yield self.fact("mistake", base, iri, m.surface, s, text=s.sentence.text)
                remedies = [s] if prose.prescribes(s.sentence.text) else []
                for j in range(i + 1, len(sents)):
                    after = sents[j]
                    if found[j]:
                        break
                    if prose.prescribes(after.sentence.text):
                        remedies.append(after)
                    elif m.appositive:
                        break
                for r in remedies:
                    yield self.correction(iri, r, base)

    def correction(self, mistake: str, s: Sent, base: str, text: str | None = None) -> Fact:
        text = text or s.body
        text = text[:1].upper() + text[1:]
        iri = entity_iri("correction", slugify(normalize(text), max_words=12))
        return self.fact("correction", mistake, iri, text, s, text=text, stated_for=base)

    def _entries(self, kind: str, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        if not entry or (block.has_children and not block.body):
            return
        label = self.entry_label(block)
        first = self.sentences(block)[0]
        yield self.fact(kind, base, self.named(kind, label), label, first, text=block.body or block.text)

    def item_benefits(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        yield from self._entries("benefit", block, base, entry)

    def prose_benefits(self, block: Block, base: str) -> Iterator[Fact]:
        """Benefits argued in paragraphs: each one the vocabulary names, and each a sentence argues in words of its
        own ("makes climbing stairs easier", kgqa/extract/benefits.py), with its sentence."""
        for s in self.sentences(block):
            if prose.is_lead_in(s.sentence.text):
                continue
            found = self.benefit_names.find(self.lx.parse(s.sentence.text))
            known = {iri for iri, _ in found}
            for phrase in benefit_phrases(s.sentence.text):
                iri = self.named("benefit", phrase)
                if iri not in known:
                    found.append((iri, phrase[:1].upper() + phrase[1:]))
                    known.add(iri)
            # A sentence listing several benefits describes none of them.
            text = s.sentence.text if len(known) == 1 else None
            for iri, surface in found:
                yield self.fact("benefit", base, iri, surface, s, text=text)

    def item_population(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        yield from self._entries("population", block, base, entry)

    def item_placement(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        if cues.item_kind(block.label) in ("complement", "guideline"):
            return
        yield from self._entries("placement", block, base, entry)

    def item_technique(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        if block.label and block.body and cues.item_kind(block.label) is None:
            iri = entity_iri("technique", f"{self.doc.doc_id}-{slugify(self.lx.label(base), 4)}-{slugify(block.label)}")
            yield self.fact("technique", base, iri, block.label,
                            self.sentences(block)[0], text=block.body)

    def item_setup(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        """A step of a setup list ("1. Set the pulley to its lowest notch."): numbered by its place in the list."""
        if not entry or (block.has_children and not block.body):
            return
        number = 1 + sum(1 for b in self.doc.blocks[: block.index] if b.kind == "item" and b.context == block.context)
        yield self._setup_step(block, base, self.sentences(block)[0], block.text, number)

    def prose_setup(self, block: Block, base: str) -> Iterator[Fact]:
        """The orders of a paragraph under a setup heading, each a step."""
        for number, s in enumerate((s for s in self.sentences(block) if cues.is_imperative(s.sentence.text)), 1):
            yield self._setup_step(block, base, s, s.sentence.text, number)

    def _setup_step(self, block: Block, base: str, s: Sent, text: str, number: int) -> Fact:
        iri = entity_iri("setup", f"{self.doc.doc_id}-{s.sentence.start}")
        return self.fact("setup", base, iri, _short(text), s, text=text, attrs=(("step", str(number)),))

    def item_general(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        """Labelled steps under a heading that names an exercise ("Standing Back Kick") are technique."""
        if block.label and block.body and base != self.subjects.document:  # type: ignore[union-attr]
            yield from self.item_technique(block, base, entry)

    def item_safety(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        yield from self.safety(block, base)

    def safety(self, block: Block, base: str) -> Iterator[Fact]:
        label = block.label or block.text.rstrip(".")
        if block.has_children and not block.body:
            return
        aspects = cues.safety_aspects(f"{' '.join(block.context)} {block.text}")
        first = self.sentences(block)[0]
        iri = entity_iri("safety", f"{self.doc.doc_id}-{slugify(label, 6)}")
        yield self.fact("safety", base, iri, label if block.label else _short(label), first,
                        text=block.body or block.text, attrs=tuple(("aspect", a) for a in aspects))

    def item_equipment(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        role = cues.item_kind(block.label)
        if role not in ("pro", "con") or not block.body:
            return
        owner = [m for m in self.mentions_in(block.context[-1]) if m.kind == "equipment"]
        if not owner:
            return
        eq = owner[0].iri
        iri = entity_iri("consideration", f"{slugify(self.lx.label(eq))}-{role}-{self.doc.doc_id}")
        yield self.fact(role, eq, iri, block.body, self.sentences(block)[0], text=block.body)

    def item_variations(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        assert self.subjects is not None
        label = block.label or ""
        if not label or cues.item_kind(label) in ("progression", "regression"):
            return
        parent = self.subjects.section
        mentions = self.mentions_in(label)
        exercises = [m for m in mentions if m.kind == "exercise"]
        equipment = [m for m in mentions if m.kind == "equipment"]
        if exercises:
            node = self.subjects.refine(parent, exercises[0].iri)
            if node == parent:
                return
        elif equipment:
            node = self.subjects.variant(parent, equipment[0].iri) or ""
        else:
            node = self.named("modification", label)
        first = self.sentences(block)[0]
        text = block.body or label
        kind = _variation_kind(label, block.body or "", block.context[1:])
        term = self.lx.terms.get(node)
        if kind == "variation" and term is not None and term.parent is None and node not in self.subjects.minted \
                and any(cues.PROGRESSION_CUE.search(c or "") for c in block.context):
            # "Variations and Progression: Single-Leg Glute Bridge ...": an exercise of its own (the vocabulary gives
            # it no parent), offered to progress to; not a variation of the subject, which would lend it its facts
            kind = "progression"
            if block.body and cues.is_imperative(first.body):  # "Lie on your back, ...": how to do it
                iri = entity_iri("technique", f"{self.doc.doc_id}-{slugify(self.lx.label(node), 4)}-{slugify(label)}")
                yield self.fact("technique", node, iri, label, first, text=block.body)
        yield self.fact(kind, parent, node, label, first, text=text)
        known = node in self.subjects.minted or node in self.lx.terms
        if kind != "variation" and known and self.subjects.parent_of(node):
            yield self.fact("variation", parent, node, label, first, text=text)

    def item_generic(self, block: Block, base: str, kind: str) -> Iterator[Fact]:
        """Rules that hold in any section: complementary exercises."""
        if cues.item_kind(block.label) == "complement" and block.body:
            family = self.subjects.family(base) if self.subjects else {base}
            for sent in self.sentences(block):
                for m in sent.mentions:
                    if m.kind == "exercise" and m.iri not in family:
                        attrs = (("pairing", cues.pairing_kind(sent.sentence.text, block.label or "", m.end)),)
                        yield self.fact("complement", base, m.iri, m.text, sent, attrs=attrs)


def _short(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _variation_kind(label: str, body: str, containers: tuple[str, ...]) -> str:
    """progression / regression / plain variation, from the list it is in and its own words."""
    parent = containers[-1] if containers else ""
    if any(cues.item_kind(c) == "regression" for c in containers):
        return "regression"
    if cues.item_kind(parent) == "progression":
        return "progression"
    own = f"{label} {body}"
    if cues.REGRESSION_CUE.search(own):
        return "regression"
    if cues.PROGRESSION_CUE.search(own):
        return "progression"
    if parent and cues.section_kind((parent,)) != "variations" and cues.PROGRESSION_CUE.search(parent):
        return "progression"
    return "variation"
