"""Entries that are not list items: a listicle's numbered headings ("1. You're Arching Your Back"
followed by paragraphs) and paragraphs that open with a short name or warning ("Don't overextend at
the top! I used to ... The fix: stop when ..."). The heading or first sentence names the entry; in a
mistakes section the sentences after it that announce a remedy ("The fix:", "Instead,") or give an
instruction are its corrections."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..corpus import Block
from . import cues
from .facts import Fact
from .sections import SectionRules, Sent

# A title that counts its entries ("7 Kickback Mistakes ...", "Five Reasons to ..."): the article is
# one list of that kind, so the title names the kind of its sections.
LISTICLE_TITLE = re.compile(r"^(?:\d{1,2}|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+\S", re.I)
_GERUND_LEAD = re.compile(r"^[A-Z][a-z]+ing\b")
_SHORT = 10
# "They're great for beginners because ...", "perfect for runners and anyone who sits at a desk all day".
_SUITS = re.compile(r"\b(?:great|perfect|ideal|good|suitable|best|useful|excellent|well suited|a (?:good|great|smart) "
                    r"(?:choice|option|fit))\s+for\s+(?P<who>[^.;:!?(),]+)", re.I)
_WHO_END = re.compile(r"\s+(?:because|since|as|if|so|when|while|but|though|although)\b.*$|,.*$", re.I)
_WHO_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)\s+|\s+and\s+|\s+or\s+)(?=(?:anyone|anybody|people|those|"
                        r"[a-z]+(?:ers|ists|ants|ents|s))\b)", re.I)
_NOT_PEOPLE = re.compile(r"^(?:the|your|my|their|a|an|it|this|that|building|strength|glutes?|muscles?|"
                         r"hips?|posture|\w+ing)\b", re.I)


def opens_entry(first: str, count: int) -> bool:
    """Does a paragraph's first sentence name what the paragraph is about ("Letting the elbow drop.")?"""
    if count < 2 or len(first.split()) > _SHORT:
        return False
    if cues.WARNING.match(first.strip()):
        return True
    return bool(_GERUND_LEAD.match(first)) and first.rstrip().endswith(".")


class EntryRules(SectionRules):
    """Numbered-heading and paragraph entries; mixed into the document walk."""

    #: the mistake a numbered heading opened, while its paragraphs run: (heading text, mistake IRI)
    _entry: tuple[str, str] | None = None

    def heading_entry(self, block: Block, kind: str, base: str) -> Iterator[Fact]:
        """A numbered entry heading in a mistakes/benefits/population section names one entry."""
        self._entry = None
        if kind not in ("mistakes", "benefits", "population") or not block.label:
            return
        label = cues.entry_name(block.label)
        kind_name = {"mistakes": "mistake"}.get(kind, kind.rstrip("s"))
        following = self.doc.blocks[block.index + 1] if block.index + 1 < len(self.doc.blocks) else None
        text = following.text if following is not None and following.kind in ("paragraph", "answer") and (
            following.context[-1:] == (block.text,)) else None
        iri = self.named(kind_name, label)
        yield self.fact(kind_name, base, iri, label, self.sentences(block)[0], text=text)
        if kind == "mistakes":
            self._entry = (block.text, iri)

    def paragraph_entry(self, block: Block, kind: str, base: str) -> Iterator[Fact]:
        """Corrections in the paragraphs under a numbered mistake heading; a paragraph that opens with a
        short name or warning in a mistakes section is one mistake with the remedies it gives."""
        if kind != "mistakes":
            return
        sents = self.sentences(block)
        if self._entry is not None and block.context[-1:] == (self._entry[0],):
            for s in sents:
                yield from self._remedy(self._entry[1], s, base)
            return
        if not opens_entry(sents[0].sentence.text, len(sents)):
            return
        label = cues.entry_name(sents[0].sentence.text)
        iri = self.named("mistake", label)
        rest = block.text[sents[1].sentence.start - block.start :]
        yield self.fact("mistake", base, iri, label, sents[0], text=rest)
        for s in sents[1:]:
            yield from self._remedy(iri, s, base)

    def prose_population(self, block: Block, base: str) -> Iterator[Fact]:
        """Who an exercise suits, said in a sentence of a population section ("great for beginners")."""
        for s in self.sentences(block):
            for match in _SUITS.finditer(s.sentence.text):
                who = _WHO_END.sub("", match.group("who")).strip()
                for part in _WHO_SPLIT.split(who):
                    part = part.strip()
                    if part and not _NOT_PEOPLE.match(part) and len(part.split()) <= 10:
                        label = part[:1].upper() + part[1:]
                        yield self.fact("population", base, self.named("population", label), label, s,
                                        text=s.sentence.text)

    def _remedy(self, mistake: str, s: Sent, base: str) -> Iterator[Fact]:
        text = s.sentence.text
        lead = cues.CORRECTION_LEAD.match(text)
        if lead and text[lead.end() :]:
            yield self.correction(mistake, s, base, text[lead.end() :])
        elif cues.is_imperative(text):
            yield self.correction(mistake, s, base, text)
