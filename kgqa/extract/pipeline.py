"""Document -> Facts: walks an article's blocks and applies the rules of each kind of section."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from ..corpus import Block, Document, Sentence
from ..errors import ExtractionError
from ..lexicon import Lexicon, Mention
from ..terms import entity_iri
from . import cues, identity, minting, prose
from .aliases import aliases as find_aliases
from .entries import LISTICLE_TITLE, EntryRules
from .facts import Fact
from .muscles import claims, pronoun_role
from .sections import Sent, name_iri
from .subjects import SubjectResolver

__all__ = ["Extractor", "name_iri"]
_CONTRAST_LEAD = re.compile(r"\b(?:unlike|than|instead of|rather than|compared (?:with|to))"
                            r"\s+(?:(?:a|an|the|your)\s+)?$",
                            re.I)
# words after a piece of kit that do not make it part of another name ("a bench to brace on", "band around")
_NOT_HEADS = frozenset("to on in at with around across behind under over for or and between from of above below round "
                       "beside near".split())
_ACTIVITY = re.compile(r"\b(?:up|out|off|down|in)\s+(?:from|of|off|into|onto)\s+(?:(?:a|an|the|your)\s+)?(?:\w+\s+)?$",
                       re.I)
# the kinds a field's own label gives it whatever section it is in
FIELD_KINDS = ("safety", "setup")
_OPENS_ON_BENEFITS = re.compile(r"\bbenefits?\b|\bpay-?offs?\b|\bwhy (?:do|bother)\b", re.I)
MUSCLE_SECTIONS = {"general", "muscles", "technique", "faq", "equipment"}


class Extractor:
    """Rule-based extraction over a spaCy blank pipeline and the vocabulary lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        #: exercises named by the articles but not by the vocabulary: IRI -> (label, parent IRI)
        self.minted: dict[str, tuple[str, str | None]] = {}
        #: equipment and muscles named by the articles but not by the vocabulary
        self.names = minting.NameReader(lexicon)
        self.regions = identity.Regions(lexicon)

    def extract(self, doc: Document) -> list[Fact]:
        reader = _DocumentReader(self.lexicon, doc, self.names)
        facts = list(reader.read())
        if reader.subjects is not None:
            subjects = reader.subjects
            root = self.lexicon.root(subjects.document)
            family = {f.subject for f in facts if root in subjects.family(f.subject)} | {subjects.document}
            facts = identity.by_region(facts, self.lexicon, self.regions, family)
            named = identity.named_as_known(facts, self.lexicon, subjects.document, subjects.label(subjects.document))
            if named is not None:  # "The SLDL (some people call it the single-leg RDL)": the minted title is known
                facts = identity.rename(facts, {subjects.document: named})
                subjects.minted.pop(subjects.document, None)
            for iri, exercise in reader.subjects.minted.items():
                self.minted.setdefault(iri, (exercise.label, exercise.parent))
        for fact in facts:
            if not isinstance(fact, Fact):
                raise ExtractionError(f"extraction of {doc.doc_id} produced {type(fact).__name__}, not Fact")
        return facts

    def extract_all(self, docs: Iterable[Document]) -> list[Fact]:
        return self.unify([fact for doc in docs for fact in self.extract(doc)])

    def unify(self, facts: list[Fact]) -> list[Fact]:
        """One exercise minted under a clipped name in one article and in full in another ("reverse hyper",
        "reverse hyperextension") is one node: the full name's. Run after every article is read, so the
        result does not depend on the order of the articles."""
        names = {iri: label for iri, (label, _) in self.minted.items()}
        same = {short: full for short in names for full in names
                if short != full and clipped(names[short], names[full])}
        if not same:
            return facts
        for short in same:
            del self.minted[short]
        return [dataclasses.replace(f, subject=same.get(f.subject, f.subject), obj=same.get(f.obj, f.obj),
                                    stated_for=same.get(f.stated_for, f.stated_for) if f.stated_for else None)
                for f in facts]


def clipped(short: str, full: str) -> bool:
    """Is `short` a clipping of `full`, word by word ("reverse hyper" of "reverse hyperextension")?"""
    a, b = short.split(), full.split()
    if len(a) != len(b) or a == b:
        return False
    return all(y.startswith(x) and (x == y or len(x) >= 5) for x, y in zip(a, b, strict=True))


class _DocumentReader(EntryRules):
    def __init__(self, lexicon: Lexicon, doc: Document, names: minting.NameReader | None = None) -> None:
        self.lx = lexicon
        self.doc = doc
        names = names or minting.NameReader(lexicon)
        texts = [s.text for _, s in doc.sentences()]
        parsed = list(lexicon.nlp.pipe([t.lower() if len(t.lower()) == len(t) else t for t in texts]))
        self.sents: dict[tuple[int, int], Sent] = {}
        all_mentions: list[Mention] = []
        for (block, sentence), pdoc in zip(doc.sentences(), parsed, strict=True):
            mentions = lexicon.find(pdoc)
            label_end = 0
            if block.kind == "item" and block.label and sentence.start == block.start:
                label_end = block.label_end
            mentions = [m for m in _with_minted(names, block, sentence, mentions, label_end) if not (
                m.kind == "muscle" and m.text.lower() in cues.NOT_A_MUSCLE
                and cues.NOT_A_MUSCLE[m.text.lower()].match(sentence.text[m.end :]))]
            self.sents[(block.index, sentence.start)] = Sent(block, sentence, mentions, label_end)
            all_mentions += mentions
        title_mentions = lexicon.find(lexicon.parse(doc.title))
        try:
            self.subjects = SubjectResolver(lexicon, doc, title_mentions, all_mentions)
        except LookupError:
            self.subjects = None
        self._label_cache: dict[str, list[Mention]] = {}
        self.benefit_names = prose.NameFinder(lexicon, "benefit")
        self.mistake_reader = prose.MistakeReader(lexicon)

    # ---- the walk ----------------------------------------------------------------------

    def read(self) -> Iterator[Fact]:
        if self.subjects is None:
            return
        subjects = self.subjects
        yield from self.title_aliases()
        # The title lists the article's topics ("Guide, Benefits, and Variations"): the text under it
        # is an introduction, not a benefits (or mistakes) section; unless it counts the entries that
        # make up the article ("7 Kickback Mistakes ...").
        listicle = bool(LISTICLE_TITLE.match(self.doc.title))
        entries = {b.text for b in self.doc.blocks if b.kind == "subheading" and b.label}
        for block in self.doc.blocks:
            title = "" if listicle and len(block.context) > 1 else self.doc.title
            if block.kind == "heading":
                subjects.heading(block.text, self.sentences(block)[0].mentions)
                self._entry = None
                continue
            context = tuple("" if c == title else c for c in block.context)
            # a numbered entry's own name ("2. Stepping too far across") does not say what kind of list it is in
            kind = cues.section_kind(context[:-1] if context[-1:] and context[-1] in entries else context)
            if block.kind == "item" and block.body and cues.section_kind((block.label or "",)) in FIELD_KINDS:
                kind = cues.section_kind((block.label or "",))  # "Stop if: ..." in a mistakes list is a safety note
            if block.kind in ("subheading", "question"):
                if block.label and kind == "general":  # "1) GLUTE BRIDGE": the exercise the lines below are about
                    subjects.entry(block.label, self.sentences(block)[0].mentions)
                elif block.label:  # a numbered entry heading
                    yield from self.heading_entry(block, kind, subjects.section)
                continue
            base = self.item_subject(block, subjects.section, kind) if block.kind == "item" else subjects.section
            yield from self.read_sentences(block, kind, base)
            # "Notes: ...", "Coach's note: ...": running text under a label, read as a paragraph is
            note = block.kind == "item" and cues.item_kind(block.label) == "note"
            if block.kind != "item" or note:
                if kind == "safety":
                    yield from self.safety(block, base)
                elif kind == "benefits" or (kind == "general" and _OPENS_ON_BENEFITS.search(block.sentences[0].text)):
                    # (a paragraph that opens on benefits argues them: "When it comes to benefits, think of stairs")
                    yield from self.prose_benefits(block, base)
                elif kind == "population":
                    yield from self.prose_population(block, base)
                elif kind == "setup" and not note:
                    yield from self.prose_setup(block, base)
                yield from self.prose_mistakes(block, base)
                yield from self.paragraph_entry(block, kind, base)
                continue
            # an entry of the list the section is: a top-level item (under lead-ins such as "A: The main ones
            # are:" that name no kind of their own), or an item right under a label of the kind
            entry = cues.section_kind(context[-1:]) == kind or (block.level == 0 and kind != "general")
            handler = getattr(self, f"item_{kind}", None)
            if handler is not None:
                yield from handler(block, base, entry)
            yield from self.item_generic(block, base, kind)

    def read_sentences(self, block: Block, kind: str, base: str) -> Iterator[Fact]:
        """Sentence-level facts: muscles, equipment, joint actions, definitions, guidelines."""
        assert self.subjects is not None
        carry = base
        previous_role: str | None = None
        unclaimed: tuple[Sent, list[Mention], str] | None = None  # muscles named with no role said yet
        context_role = next((r for c in reversed(block.context) if (r := cues.role_in(c or ""))), None)
        label = block.label or ""
        if block.kind == "item" and block.body and (label_role := cues.role_in(label) or (
                cues.label_role(label) if len(label.split()) <= 2 else None)):  # "Primary: Gluteus maximus, ..."
            # "Secondary: Hamstrings, Erector Spinae": a field that names a role gives it to the muscles it lists
            context_role = label_role
        for s in self.sentences(block):
            exercises = self.subjects.in_focus(s.sentence.text.lower(), [
                m for m in s.mentions if m.kind == "exercise"], carry)
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
                yield from self.pronoun_claims(unclaimed, s)
                named = [m for m in s.mentions if m.kind == "muscle"]
                unclaimed = (s, named, subject) if named and not found else None
            if kind not in ("population", "safety"):
                for m in s.mentions:
                    # a benefit told as an everyday task ("you get up from a chair") uses no kit
                    if kind == "benefits" and _ACTIVITY.search(s.sentence.text[: m.start]):
                        continue
                    if m.kind == "equipment" and not self.names_other(s, m, subject_at(m.start)):
                        yield self.fact("equipment", subject_at(m.start), m.iri, m.text, s)
            yield from self.actions(s, before_sentence if exercises else subject, exercises, block)
            if exercises and cues.DEFINITION.search(s.sentence.text) and kind not in ("variations",):
                first = exercises[0]
                if first.start < 40:
                    yield self.fact("definition", self.subjects.refine(subject, first.iri), "",
                                    first.text, s, text=s.sentence.text)
            yield from self.aliases(s, subject, exercises)
            yield from self.pairings(s, subject)
            aspect = cues.aspect_of(s.body)
            if aspect and kind != "safety" and (aspect != "tempo" or kind in ("variations", "technique", "general")):
                yield self.guideline(s, subject, aspect)

    def pronoun_claims(self, unclaimed: tuple[Sent, list[Mention], str] | None, s: Sent) -> Iterator[Fact]:
        """"And your abs? They brace the whole time ...": muscles named without a role, then a sentence
        whose subject is a pronoun for them and says what they do. The two sentences are the evidence."""
        if unclaimed is None or any(m.kind == "muscle" for m in s.mentions):
            return
        named, muscles, subject = unclaimed
        role = pronoun_role(s.sentence.text)
        if role is None:
            return
        start, end = named.sentence.start, s.sentence.end
        both = Sent(s.block, Sentence(self.doc.text[start:end], start, end), [], 0)
        for m in muscles:
            yield self.fact("muscle", subject, m.iri, m.text, both, role=role)

    def names_other(self, s: Sent, equipment: Mention, subject: str) -> bool:
        """"... than a barbell squat": equipment naming another exercise (or the family's parent) is not
        what the subject uses."""
        text = s.sentence.text
        if _CONTRAST_LEAD.search(text[: equipment.start]):  # "unlike a barbell", "than ankle weights"
            return True
        if s.block.kind == "item" and cues.item_kind(s.block.label) in ("progression", "regression"):
            # "Harder: Kettlebell swing; Barbell Romanian deadlift": kit in the name of the exercise to move on to
            after = re.match(r"\s+([a-z-]+)", text[equipment.end :].lower())
            if after and after.group(1) in cues.nouns() and after.group(1) not in _NOT_HEADS:
                return True
        following = [m for m in s.mentions if m.kind == "exercise" and 0 <= m.start - equipment.end <= 1]
        return bool(following) and following[0].iri != subject and self.subjects is not None and (
            following[0].iri not in self.subjects.minted)

    def actions(self, s: Sent, subject: str, exercises: list[Mention], block: Block) -> Iterator[Fact]:
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

    def title_aliases(self) -> Iterator[Fact]:
        """The other name a minted title exercise goes by ("The Seated Hip Abduction Machine": its machine's name),
        with the title line as its sentence."""
        assert self.subjects is not None
        document = self.subjects.document
        blocks = self.doc.blocks
        at = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.lower() == self.doc.title.lower()),
                  None)
        if at is None:
            return
        minted = self.subjects.minted.get(document)
        for alias in minted.aliases if minted else ():
            if alias != minted.label and alias.lower() in blocks[at].text.lower():  # type: ignore[union-attr]
                yield self.fact("alias", document, "", alias, self.sentences(blocks[at])[0], text=alias)
        # a line in parentheses under the title names the exercise again: '("the outer thigh machine")'
        after = blocks[at + 1] if at + 1 < len(blocks) else None
        if after is not None and re.fullmatch(r"\(.*\)", after.text.strip()):
            s = self.sentences(after)[0]
            for part in re.split(r"\s*(?:,|;|/|\bor\b)\s*", after.text.strip()[1:-1]):
                alias = re.sub(r"^(?:the|a|an)\s+", "", part.strip().strip("\"'“”‘’ ."), flags=re.I)
                if alias and len(alias.split()) <= 5:
                    yield self.fact("alias", document, "", alias, s, text=alias)

    def aliases(self, s: Sent, subject: str, exercises: list[Mention]) -> Iterator[Fact]:
        """Other names the sentence gives an exercise ("Banded Lateral Walk (also called "crab walk")")."""
        if "(" not in s.sentence.text or self.subjects is None:
            return
        names = {self.subjects.label(iri).lower(): iri for iri in {self.subjects.document, subject}}
        for iri, alias, _ in find_aliases(s.sentence.text, exercises, names):
            exercise = self.subjects.refine(subject, iri)
            if alias.lower() != self.subjects.label(exercise).lower():
                yield self.fact("alias", exercise, "", alias, s, text=alias)

    def pairings(self, s: Sent, subject: str) -> Iterator[Fact]:
        """"Superset them with Romanian deadlifts": the exercises after a pairing cue go well with the subject."""
        text = s.sentence.text
        found = [c for c in cues.PAIRING_CUE.finditer(text) if text[c.start() - 1 : c.start()] != "("]
        if not found or self.subjects is None:
            return
        family = self.subjects.family(subject)
        for m in s.mentions:
            before = [c for c in found if c.end() <= m.start]
            if m.kind == "exercise" and before and self.subjects.refine(subject, m.iri) not in family:
                # the nearest cue before it says how ("pair well with push-ups, or superset them with RDLs")
                attrs = (("pairing", cues.pairing_kind(text, before[-1].group(0), m.end)),)
                yield self.fact("complement", subject, m.iri, m.text, s, attrs=attrs)

    def guideline(self, s: Sent, subject: str, aspect: str) -> Fact:
        # every aspect the sentence gives ("3 sets of 12, twice a week": sets-reps and frequency)
        attrs = [("aspect", aspect), *(("aspect", a) for a in cues.aspects_of(s.body) if a != aspect)]
        match = cues.SETS_REPS.search(s.sentence.text)
        if match:
            attrs += [("sets", match.group("sets")), ("reps", match.group("reps"))]
        iri = entity_iri("guideline", f"{self.doc.doc_id}-{s.sentence.start}")
        label = f"{aspect.replace('-', ' and ')}: {s.body}"
        return self.fact("guideline", subject, iri, label, s, text=s.body, attrs=tuple(attrs))


def _with_minted(names: minting.NameReader, block: Block, sentence: Sentence, mentions: list[Mention],
                 label_end: int) -> list[Mention]:
    """The sentence's mentions with the unknown equipment and muscles its context marks (kgqa/extract/minting.py)."""
    kind = cues.section_kind(block.context)
    first = sentence.start == block.start
    span = minting.equipment_span(block, kind) if first else None
    extra = names.mentions("equipment", sentence, mentions, span)
    if minting.muscle_context(block, kind):
        role_field = bool(block.label and cues.role_in(block.label))
        extra += names.mentions("muscle", sentence, mentions + extra, (label_end if role_field else 0,
                                                                       len(sentence.text)))
    if not extra:
        return mentions
    # what a minted name contains is part of that name, not a mention of its own
    kept = [m for m in mentions if not any(e.start <= m.start and m.end <= e.end for e in extra)]
    return sorted(kept + extra, key=lambda m: m.start)
