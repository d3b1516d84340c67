"""Facts stated in running text rather than in labelled list items.

Some writers list benefits and mistakes as "Label: description" items, others write them in
paragraphs. In prose there is no label to name a new node, so only what the vocabulary names is
read:
- a benefit named in a sentence of a benefits section ("Strong glutes are integral for maintaining
  proper pelvic alignment ...");
- mistakes listed after a mistake cue ("Common mistakes include arching the lower back, using
  momentum, ...");
- a mistake described before an appositive cue ("... prevents the lower back from excessively
  arching, a common compensation that ..."): worded freely, so it is recognised when every
  content word of one of its names is there. That sentence, when it prescribes, and the
  prescriptive sentences right after it in the paragraph are its corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..lexicon import Lexicon
from . import cues

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "... offers a range of advantages for both performance and daily function:" introduces a list
# and claims nothing itself.
LEAD_IN_END = ":"
_MISTAKE_WORD = r"(?:mistakes?|errors?|compensations?|faults?|pitfalls?)"
# "Common mistakes include ...", "Avoid common mistakes such as ...": the names follow the cue.
LIST_CUE = re.compile(rf"\b{_MISTAKE_WORD}\s+(?:to avoid\s+)?(?:include|includes|are|is|such as|like)\b", re.I)
# "..., a common compensation that ...": the mistake is described before the cue.
APPOSITIVE_CUE = re.compile(rf",\s+(?:a|an|the)\s+(?:(?:most|very)\s+)?(?:common|frequent|typical|classic)\s+"
                            rf"{_MISTAKE_WORD}\b", re.I)
PRESCRIPTIVE = re.compile(r"\b(?:should|must|need to|make sure|(?:is|are) (?:paramount|essential|key|crucial|vital|"
                          r"important|necessary))\b", re.I)
_FILLER = {"the", "a", "an", "your", "you", "my", "their", "of", "to", "and", "or", "with", "in", "on", "for"}


class NameFinder:
    """Finds the vocabulary's names of one kind (benefits, mistakes) in a text, longest first."""

    def __init__(self, lexicon: Lexicon, kind: str) -> None:
        self.lexicon = lexicon
        self.kind = kind

    @cached_property
    def _matcher(self) -> Any:
        from spacy.matcher import PhraseMatcher

        nlp = self.lexicon.nlp
        matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for term in sorted(self.lexicon.of_kind(self.kind), key=lambda t: t.iri):
            matcher.add(term.iri, list(nlp.pipe(sorted({label.lower() for label in term.labels}))))
        return matcher

    def find(self, doc: Doc) -> list[tuple[str, str]]:
        """(concept IRI, surface text) for each name found in `doc`, in text order, no overlaps."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        vocab = self.lexicon.nlp.vocab
        spans = [Span(doc, start, end, label=vocab.strings[match_id]) for match_id, start, end in self._matcher(doc)]
        return [(span.label_, span.text) for span in sorted(filter_spans(spans), key=lambda s: s.start)]


def is_lead_in(sentence: str) -> bool:
    return sentence.rstrip().endswith(LEAD_IN_END)


def prescribes(sentence: str) -> bool:
    """Does the sentence say what to do ("Keep ...", "The focus should be ...", "... is paramount")?"""
    return cues.is_imperative(sentence) or bool(PRESCRIPTIVE.search(sentence))


# "Another mistake is pushing through the toes.": one mistake, named by the gerund phrase after the cue.
SINGLE_CUE = re.compile(rf"\b{_MISTAKE_WORD}\s+(?:to avoid\s+)?is\s+(?:(?:also|often|simply)\s+)?$", re.I)
_GERUND_PHRASE = re.compile(r"^(?P<phrase>[a-z]+ing\b[^,.;:!?]*)", re.I)
_PHRASE_END = re.compile(r"\s+(?:when|because|which|that|so|as|until|while|if|instead|during|"
                         r"at the (?:top|bottom))\b.*$", re.I)


@dataclass(frozen=True)
class ProseMistake:
    iri: str | None  # None: no vocabulary entry names it; the pipeline mints a node from `surface`
    surface: str
    appositive: bool  # described before ", a common compensation": its remedy may be around it
    single: bool = False  # the one mistake its sentence is about ("Another mistake is ..."): remedies follow


class MistakeReader:
    """Mistakes the vocabulary names in a sentence of running text, found through a mistake cue."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.names = NameFinder(lexicon, "mistake")

    @cached_property
    def _content(self) -> list[tuple[str, frozenset[str]]]:
        """(concept, content lemmas) for every name of every mistake, the longest names first."""
        out = []
        for term in sorted(self.lexicon.of_kind("mistake"), key=lambda t: t.iri):
            for label in term.labels:
                lemmas = frozenset(_content_lemmas(self.lexicon.parse(label)))
                if lemmas:
                    out.append((term.iri, lemmas))
        return sorted(out, key=lambda pair: -len(pair[1]))

    def find(self, sentence: str) -> list[ProseMistake]:
        found: list[ProseMistake] = []
        listed = LIST_CUE.search(sentence)
        if listed:
            after = self.lexicon.parse(sentence[listed.end() :])
            named = self.names.find(after)
            single = bool(SINGLE_CUE.search(sentence[: listed.end()] + " ")) and len(named) <= 1
            found += [ProseMistake(iri, surface, False, single) for iri, surface in named]
            gerund = _GERUND_PHRASE.match(sentence[listed.end() :].strip())
            if single and not named and gerund:
                phrase = _PHRASE_END.sub("", gerund.group("phrase")).strip()
                if 1 < len(phrase.split()) <= 8:
                    found.append(ProseMistake(None, phrase, False, True))
        appositive = APPOSITIVE_CUE.search(sentence)
        if appositive:
            described = set(_content_lemmas(self.lexicon.parse(sentence[: appositive.start()])))
            match = next((iri for iri, lemmas in self._content if lemmas <= described), None)
            if match is not None:
                found.append(ProseMistake(match, self.lexicon.label(match), True))
        return found


def _content_lemmas(doc: Doc) -> list[str]:
    return [t.lemma_.lower() for t in doc if t.is_alpha and t.lower_ not in _FILLER]
