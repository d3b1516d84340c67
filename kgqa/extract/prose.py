"""Facts stated in running text rather than in labelled list items.

Some writers list benefits as "Label: description" items, others argue them in paragraphs
("Strong glutes are integral for maintaining proper pelvic alignment ..."). In prose there is no
label to name a new node, so only what the vocabulary names is read: a benefit concept whose
name or synonym appears in a sentence of a benefits section.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "... offers a range of advantages for both performance and daily function:" introduces a list
# and claims nothing itself.
LEAD_IN_END = ":"


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
