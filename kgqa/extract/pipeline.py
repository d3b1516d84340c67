"""Document -> Facts: walks an article's blocks and applies the rules of each kind of section."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..corpus import Block, Document, Sentence
from ..errors import ExtractionError
from ..lexicon import Lexicon, Mention, normalize, slugify
from ..terms import entity_iri
from . import cues, prose
from .facts import Evidence, Fact
from .muscles import claims
from .subjects import SubjectResolver

_PAREN = re.compile(r"\s*\(([^)]*)\)")
MUSCLE_SECTIONS = {"general", "muscles", "technique", "faq", "equipment"}


@dataclass
class _Sent:
    block: Block
    sentence: Sentence
    mentions: list[Mention]
    label_end: int  # characters of the item label inside this sentence (0 if none)

    @property
    def body(self) -> str:
        return self.sentence.text[self.label_end :].lstrip(":*_ -–—").strip()


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


class Extractor:
    """Rule-based extraction over a spaCy blank pipeline and the vocabulary lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        #: exercises named by the articles but not by the vocabulary: IRI -> (label, parent IRI)
        self.minted: dict[str, tuple[str, str | None]] = {}

    def extract(self, doc: Document) -> list[Fact]:
        reader = _DocumentReader(self.lexicon, doc)
        facts = list(reader.read())
        if reader.subjects is not None:
            for iri, exercise in reader.subjects.minted.items():
                self.minted.setdefault(iri, (exercise.label, exercise.parent))
        for fact in facts:
            if not isinstance(fact, Fact):
                raise ExtractionError(f"extraction of {doc.doc_id} produced {type(fact).__name__}, not Fact")
        return facts

    def extract_all(self, docs: Iterable[Document]) -> list[Fact]:
        return [fact for doc in docs for fact in self.extract(doc)]


class _DocumentReader:
    def __init__(self, lexicon: Lexicon, doc: Document) -> None:
        self.lx = lexicon
        self.doc = doc
        texts = [s.text for _, s in doc.sentences()]
        parsed = list(lexicon.nlp.pipe([t.lower() if len(t.lower()) == len(t) else t for t in texts]))
        self.sents: dict[tuple[int, int], _Sent] = {}
        all_mentions: list[Mention] = []
        for (block, sentence), pdoc in zip(doc.sentences(), parsed, strict=True):
            mentions = lexicon.find(pdoc)
            label_end = 0
            if block.kind == "item" and block.label and sentence.start == block.start:
                label_end = block.label_end
            self.sents[(block.index, sentence.start)] = _Sent(block, sentence, mentions, label_end)
            all_mentions += mentions
        title_mentions = lexicon.find(lexicon.parse(doc.title))
        try:
            self.subjects = SubjectResolver(lexicon, doc, title_mentions, all_mentions)
        except LookupError:
            self.subjects = None
        self._label_cache: dict[str, list[Mention]] = {}
        self.benefit_names = prose.NameFinder(lexicon, "benefit")
        self.mistake_reader = prose.MistakeReader(lexicon)

    # ---- helpers -----------------------------------------------------------------------

    def mentions_in(self, text: str) -> list[Mention]:
        if text not in self._label_cache:
            self._label_cache[text] = self.lx.find(self.lx.parse(text))
        return self._label_cache[text]

    def evidence(self, s: _Sent) -> Evidence:
        section = " > ".join(c for c in s.block.context if c)
        return Evidence(self.doc.doc_id, s.sentence.start, s.sentence.end, s.sentence.text, section)

    def sentences(self, block: Block) -> list[_Sent]:
        return [self.sents[(block.index, s.start)] for s in block.sentences]

    def fact(self, kind: str, subject: str, obj: str, label: str, s: _Sent, **kw: object) -> Fact:
        return Fact(kind, subject, obj, label, self.evidence(s), **kw)  # type: ignore[arg-type]

    def item_subject(self, block: Block, base: str) -> str:
        """The exercise an item is about: the innermost label (own or ancestor) naming one."""
        assert self.subjects is not None
        labels = [*block.context[1:], *([block.label] if block.label else [])]
        for label in reversed(labels):
            if not label:
                continue
            exercises = [m for m in self.mentions_in(label) if m.kind == "exercise"]
            if exercises:
                return self.subjects.refine(base, exercises[0].iri)
        return base

    # ---- the walk ----------------------------------------------------------------------

    def read(self) -> Iterator[Fact]:
        if self.subjects is None:
            return
        subjects = self.subjects
        for block in self.doc.blocks:
            if block.kind == "heading":
                subjects.heading(block.text, self.sentences(block)[0].mentions)
                continue
            if block.kind in ("subheading", "question"):
                continue
            # The title lists the article's topics ("Guide, Benefits, and Variations"): the text
            # under it is an introduction, not a benefits (or mistakes) section.
            context = tuple("" if c == self.doc.title else c for c in block.context)
            kind = cues.section_kind(context)
            base = self.item_subject(block, subjects.section) if block.kind == "item" else subjects.section
            yield from self.read_sentences(block, kind, base)
            if block.kind != "item":
                if kind == "safety":
                    yield from self.safety(block, base)
                elif kind == "benefits":
                    yield from self.prose_benefits(block, base)
                yield from self.prose_mistakes(block, base)
                continue
            entry = cues.section_kind(context[-1:]) == kind
            handler = getattr(self, f"item_{kind}", None)
            if handler is not None:
                yield from handler(block, base, entry)
            yield from self.item_generic(block, base, kind)

    def read_sentences(self, block: Block, kind: str, base: str) -> Iterator[Fact]:
        """Sentence-level facts: muscles, equipment, joint actions, definitions, guidelines."""
        assert self.subjects is not None
        carry = base
        previous_role: str | None = None
        context_role = next((r for c in reversed(block.context) if (r := cues.role_in(c or ""))), None)
        for s in self.sentences(block):
            exercises = [m for m in s.mentions if m.kind == "exercise"]
            before_sentence = carry
            subject = self.subjects.refine(carry, exercises[0].iri) if exercises else carry
            if block.kind == "paragraph":
                carry = subject

            def subject_at(pos: int, subject: str = subject, exercises: list[Mention] = exercises) -> str:
                before = [e for e in exercises if e.end <= pos]
                return self.subjects.refine(subject, before[-1].iri) if before else subject  # type: ignore[union-attr]

            # Instructions ("Engage your core") tell the reader what to do, not what the muscles do,
            # unless the muscles are the item's label in a list under a role heading
            # ("Stabilizers: / Core Muscles: Keep the torso still").
            other = subject not in self.subjects.family(self.subjects.section)
            listed = context_role is not None and any(
                m.kind == "muscle" and m.end <= s.label_end for m in s.mentions)
            muscle_ok = (kind in MUSCLE_SECTIONS or (kind == "variations" and other)) and (
                listed or not cues.is_imperative(s.body))
            if muscle_ok:
                inherited = previous_role if cues.INHERIT_ROLE.search(s.body) else None
                found = claims(s.sentence.text, s.mentions, self.lx, label_end=s.label_end,
                               context_role=context_role, inherited_role=inherited)
                for claim in found:
                    yield self.fact("muscle", subject_at(claim.mention.start), claim.muscle,
                                    claim.mention.text, s, role=claim.role)
                previous_role = found[-1].role if found else None
            if kind not in ("population", "safety"):
                for m in s.mentions:
                    if m.kind == "equipment":
                        yield self.fact("equipment", subject_at(m.start), m.iri, m.text, s)
            yield from self.actions(s, before_sentence if exercises else subject, exercises, block)
            if exercises and cues.DEFINITION.search(s.sentence.text) and kind not in ("variations",):
                first = exercises[0]
                if first.start < 40:
                    yield self.fact("definition", self.subjects.refine(subject, first.iri), "",
                                    first.text, s, text=s.sentence.text)
            aspect = cues.aspect_of(s.body)
            if aspect and (aspect != "tempo" or kind in ("variations", "technique", "general")):
                yield self.guideline(s, subject, aspect)

    def actions(self, s: _Sent, subject: str, exercises: list[Mention], block: Block) -> Iterator[Fact]:
        actions = [m for m in s.mentions if m.kind == "action"]
        if not actions:
            return
        muscles = [m for m in s.mentions if m.kind == "muscle"]
        text = s.sentence.text
        for a in actions:
            owner = [m for m in muscles if m.end <= a.start]
            if owner and cues.FUNCTION_CUE.search(text[owner[-1].end : a.start]):
                yield self.fact("action", owner[-1].iri, a.iri, a.text, s)
                continue
            before = [e for e in exercises if e.end <= a.start]
            if before or (block.kind == "paragraph" and exercises):
                target = before[-1].iri if before else subject
                yield self.fact("action", self.subjects.refine(subject, target), a.iri, a.text, s)  # type: ignore[union-attr]

    def guideline(self, s: _Sent, subject: str, aspect: str) -> Fact:
        attrs = [("aspect", aspect)]
        match = cues.SETS_REPS.search(s.sentence.text)
        if match:
            attrs += [("sets", match.group("sets")), ("reps", match.group("reps"))]
        iri = entity_iri("guideline", f"{self.doc.doc_id}-{s.sentence.start}")
        label = f"{aspect.replace('-', ' and ')}: {s.body}"
        return self.fact("guideline", subject, iri, label, s, text=s.body, attrs=tuple(attrs))

    # ---- items by kind -----------------------------------------------------------------

    def named(self, kind: str, label: str) -> str:
        return name_iri(self.lx, kind, label)

    def entry_label(self, block: Block) -> str:
        return block.label or block.text.rstrip(".!")

    def item_mistakes(self, block: Block, base: str, entry: bool) -> Iterator[Fact]:
        sents = self.sentences(block)
        if entry:
            label = self.entry_label(block)
            iri = self.named("mistake", label)
            attrs = (("emphasis", "most common"),) if cues.MOST_COMMON.search(block.body or "") else ()
            yield self.fact("mistake", base, iri, label, sents[0], text=block.body, attrs=attrs)
            for s in sents:
                lead = cues.CORRECTION_LEAD.match(s.body)
                if lead and s.body[lead.end() :]:
                    yield self.correction(iri, s, base, s.body[lead.end() :])
                elif block.body and cues.is_imperative(s.body):
                    yield self.correction(iri, s, base)
            return
        role = cues.item_kind(block.label)
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

    def correction(self, mistake: str, s: _Sent, base: str, text: str | None = None) -> Fact:
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
        """Benefits argued in paragraphs: each one the vocabulary names, with its sentence."""
        for s in self.sentences(block):
            if prose.is_lead_in(s.sentence.text):
                continue
            found = self.benefit_names.find(self.lx.parse(s.sentence.text))
            # A sentence listing several benefits describes none of them.
            text = s.sentence.text if len({iri for iri, _ in found}) == 1 else None
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
                        yield self.fact("complement", base, m.iri, m.text, sent)


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
