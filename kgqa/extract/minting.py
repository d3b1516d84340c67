"""Names the vocabulary lacks, read where the layout or the wording says what they are.

The vocabulary cannot list every piece of kit or every muscle a writer names. Where the context
says what a name is, the name is read even when it is unknown and a node is minted for it:

- equipment: the items of an equipment list ("Kit", "What do I need?", "Equipment: ..."), and what
  follows "you need" ("You need a barbell, weight plates and a flat bench");
- muscles: the names in a muscle list or role field ("Tertiary: Core (Rectus Abdominis), Forearm
  Flexors (grip)"), the first cell of a muscle table, a "name (function)" line.

A name is a short noun phrase: the text between list separators, without its determiners and
describing words ("a sturdy box" -> box) and cut before what follows it ("a flat bench to brace
your hand on" -> flat bench). A name the vocabulary knows (whole or by its last words) is that
concept; an unknown one becomes a mention of a minted IRI, so every rule that reads mentions reads
it too. Each minted name is reported with the sentence it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus import Block, Sentence
from ..lexicon import Lexicon, Mention, normalize, slugify
from ..terms import entity_iri
from . import cues

_SEPARATOR = re.compile(r"\s*(?:[,;:/+&()?→]|\s(?:or|and|plus|then)\s|\s[-–—]\s)\s*", re.I)
_LEAD = re.compile(r"^(?:(?:a|an|the|some|your|one|two|optional|alternatively|also|simply|just|even|only|either|"
                   r"ideally|maybe|any|pair of|set of|couple of)\s+)+", re.I)
_CUT = re.compile(r"(?:^|\s+)(?:for|to|with|on|in|at|under|over|across|around|between|behind|above|below|held|"
                  r"which|that|if|so|roughly|about|of\s+(?:a|an|the|your)|is|are|does|do|can|will|makes?|protects?|"
                  r"lets?|gives?)\b.*$|\s+\d.*$", re.I)
# Words that describe a thing rather than name it ("a sturdy box", "a firm bed", "the bottom step").
DESCRIPTIVE = frozenset(
    "sturdy firm thick thin high low flat small large big light heavy dedicated folded padded comfortable soft "
    "short bottom top basic simple regular standard ordinary good decent cheap little new old optional extra "
    "stable solid".split()
)
_NAME_WORDS = 4
# Words a name does not start with (pronouns, prepositions, vague places) or end with (measures of a thing).
_NOT_NAMES = frozenset("no not you i it they this that there here we my somewhere anywhere everywhere something "
                       "anything behind above below under over between beside near next across along".split())
_MEASURES = frozenset("height width length depth level distance angle size range position".split())
# The end of a muscle's name: Latin endings and the plural nouns muscle groups go by.
_MUSCLE_END = re.compile(r"(?:us|is|ii|ae|eus|oid|oids|muscles?|flexors?|extensors?|rotators?|abductors?|"
                         r"adductors?|fibres?|fibers?)$", re.I)
# "You need a barbell, ...", "All you need is a mat", "you'll need a sturdy box"
NEED_CUE = re.compile(r"\b(?:you(?:'ll|’ll| will)? need|all (?:you|it takes) (?:need )?is)\b\s*", re.I)
_EQUIPMENT_LABEL = re.compile(r"^(?:equipment|kit|gear|optional|you(?:'ll)? need|what you need|needed|required)$",
                              re.I)


@dataclass(frozen=True)
class Minted:
    """A name the vocabulary lacks, read as `kind` from `quote`."""

    iri: str
    kind: str
    label: str
    quote: str


def equipment_span(block: Block, kind: str) -> tuple[int, int] | None:
    """Where the block lists equipment, as offsets in its text: the value of an "Equipment:" field, the label of
    an item of an equipment section ("Ankle weights: a good choice for home"), an unlabelled item there."""
    if block.kind != "item":
        return None
    if block.label and block.body and _EQUIPMENT_LABEL.match(block.label):
        return block.label_end, len(block.text)
    # an entry of the list itself, not a detail under one ("Application: ...", "Pros: ...")
    if kind != "equipment" or block.level > 0 or (block.label and cues.item_kind(block.label) in ("pro", "con")):
        return None
    return (0, block.label_end) if block.label else (0, len(block.text))


def muscle_context(block: Block, kind: str) -> bool:
    """Does the block list muscles: an item of a muscle section, a role field ("Secondary: ...")?"""
    if block.kind != "item":
        return False
    return bool(block.label and block.body and cues.role_in(block.label)) or kind == "muscles"


class NameReader:
    """Reads the unknown names of one kind in the sentences a context marks, as mentions of minted IRIs."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lx = lexicon
        self.minted: dict[str, Minted] = {}

    def mentions(self, kind: str, sentence: Sentence, known: list[Mention], span: tuple[int, int] | None
                 ) -> list[Mention]:
        """Mentions of unknown `kind` names in the list at `span` of the sentence (None: only what a "you need"
        cue introduces, up to the first piece that is no name), not overlapping the `known` mentions."""
        text = sentence.text
        cued = span is None
        if cued:
            cue = NEED_CUE.search(text)
            if cue is None or kind != "equipment":
                return []
            span = (cue.end(), len(text))
        start, stop = span
        out: list[Mention] = []
        for match in re.finditer(r"[^,;:/+&()?→]+", text[start:stop]):
            for piece_start, piece in _pieces(match.group(0), start + match.start()):
                name = _name(piece)
                if name is None or (kind == "muscle" and not _MUSCLE_END.search(name)):
                    if cued:
                        return out  # the list a cue introduces ends where its names end
                    continue
                found = self._mint(kind, text, name, piece_start, known)
                out += [found] if found else []
                if cued and _CUT.search(piece.strip()):
                    return out  # "a flat bench to support the hand and knee": the piece went past its name
        return out

    def _mint(self, kind: str, text: str, name: str, piece_start: int, known: list[Mention]) -> Mention | None:
        at = text.lower().find(name.lower(), piece_start)
        end = at + len(name)
        # a known name of the same kind there is read already; a muscle or exercise inside a piece of kit's
        # name ("glute ham developer", "hip thrust machine") is part of that name
        inside = [m for m in known if m.start < end and at < m.end]
        if at < 0 or any(m.kind == kind or not (at <= m.start and m.end <= end) for m in inside):
            return None
        if any(self.lx.resolve(name, k) for k in (kind, "exercise", "muscle", "equipment", "action")):
            return None  # the vocabulary knows it; the matcher has (or deliberately has not) read it
        iri = entity_iri(kind, slugify(normalize(name)))
        self.minted.setdefault(iri, Minted(iri, kind, name.lower(), text))
        return Mention(iri, kind, text[at:end], at, end, -1, -1)


def _pieces(chunk: str, offset: int) -> list[tuple[int, str]]:
    """A list's text split at "or", "and", dashes: (offset, piece)."""
    out, last = [], 0
    for sep in _SEPARATOR.finditer(chunk):
        out.append((offset + last, chunk[last : sep.start()]))
        last = sep.end()
    out.append((offset + last, chunk[last:]))
    return [(o, p) for o, p in out if p.strip()]


def _name(piece: str) -> str | None:
    """'a sturdy box' -> 'box'; 'a flat bench to brace your hand on' -> 'flat bench'; None if no short name."""
    text = _CUT.sub("", _LEAD.sub("", piece.strip().strip("*_.!\"'“”‘’"))).strip()
    words = text.split()
    while len(words) > 1 and words[0].lower() in DESCRIPTIVE:
        words = words[1:]
    if not words or len(words) > _NAME_WORDS or not all(re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", w) for w in words):
        return None
    if words[0].lower() in _NOT_NAMES or words[-1].lower() in _MEASURES:
        return None
    name = " ".join(words)
    # a name ends in a noun, and an order ("hold the back") names nothing
    if words[-1].lower() not in cues.nouns() or cues.is_imperative(name) or " of " in f" {name.lower()} ":
        return None
    return name
