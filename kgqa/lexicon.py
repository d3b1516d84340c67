"""The vocabulary as a lexicon: names and synonyms -> concept IRIs, and the spaCy pipeline that finds them.

Built from the vocabulary files (`ontology/vocabulary.ttl`, curated, and `ontology/anatomy.ttl`, the
muscles generated from open anatomy data; never from a hard-coded list), and shared by extraction and
question understanding. spaCy is imported lazily: it costs about a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import SKOS, Graph, URIRef

from .errors import GraphError
from .resources import ontology_dir
from .terms import KGO

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

KIND_OF_SCHEME = {
    "muscles": "muscle",
    "equipment": "equipment",
    "exercises": "exercise",
    "mistakes": "mistake",
    "benefits": "benefit",
    "actions": "action",
    "mechanics": "mechanic",
    "forces": "force",
    "levels": "level",
    "categories": "category",
}
MATCHED_KINDS = ("muscle", "equipment", "exercise", "action")
_STOP = set("the a an your you my their of to and or with in on for s 's ’s doing do performing".split())
_TOKEN = re.compile(r"[a-z0-9]+")
#: The vocabulary's files in an ontology folder: the curated names (hand-written), then the anatomy generated
#: from open data by scripts/build_anatomy.py, which adds to the curated muscles' IRIs. Kept here, not in
#: resources.py, because this module is part of the built graph's cache key.
VOCABULARY_FILES = ("vocabulary.ttl", "anatomy.ttl")


@dataclass(frozen=True)
class Term:
    """A vocabulary concept: its IRI, kind and every name it goes by."""

    iri: str
    kind: str
    pref: str
    labels: tuple[str, ...]
    parent: str | None = None
    equipment: str | None = None
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A vocabulary term found in a text, with character offsets in that text."""

    iri: str
    kind: str
    text: str
    start: int
    end: int
    token_start: int
    token_end: int


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ps")):
        return word[:-1]
    return word


def normalize(text: str) -> str:
    """A matching key: lower case, punctuation and filler words dropped, plurals folded."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return " ".join(_singular(w) for w in words if w not in _STOP)


def slugify(text: str, max_words: int = 8) -> str:
    words = _TOKEN.findall(text.lower())
    return "-".join(words[:max_words]) or "unnamed"


def load_vocabulary(folder: Path | None = None) -> Graph:
    """Every vocabulary file of the ontology folder in one graph: anatomy.ttl only adds to vocabulary.ttl
    (names, identifiers and parts of the same IRIs), so the union is the vocabulary."""
    graph = Graph()
    for path in ((folder or ontology_dir()) / name for name in VOCABULARY_FILES):
        if not path.is_file():
            raise GraphError(
                f"the vocabulary file {path} is missing",
                hint="anatomy.ttl is generated: run `python scripts/build_anatomy.py`",
            )
        graph.parse(str(path), format="turtle")
    return graph


class Lexicon:
    """Names -> concepts for every vocabulary scheme, plus spaCy matching of the matched kinds."""

    def __init__(self, vocabulary: Graph) -> None:
        self.vocabulary = vocabulary
        self.terms: dict[str, Term] = {}
        scheme_kind = {URIRef(f"https://w3id.org/kgqa/vocab/{k}"): v for k, v in KIND_OF_SCHEME.items()}
        for concept, scheme in vocabulary.subject_objects(SKOS.inScheme):
            kind = scheme_kind.get(scheme)  # type: ignore[call-overload]
            if kind is None:
                continue
            pref = str(vocabulary.value(concept, SKOS.prefLabel))
            alts = sorted(str(a) for a in vocabulary.objects(concept, SKOS.altLabel))
            parent = vocabulary.value(concept, KGO.variantOf)
            equipment = vocabulary.value(concept, KGO.variantEquipment)
            broader = tuple(sorted(str(b) for b in vocabulary.objects(concept, SKOS.broader)))
            self.terms[str(concept)] = Term(
                iri=str(concept),
                kind=kind,
                pref=pref,
                labels=(pref, *alts),
                parent=str(parent) if parent else None,
                equipment=str(equipment) if equipment else None,
                broader=broader,
            )
        self.by_key: dict[tuple[str, str], str] = {}
        for term in sorted(self.terms.values(), key=lambda t: t.iri):
            for label in term.labels:
                self.by_key.setdefault((term.kind, normalize(label)), term.iri)
        self.parts: dict[str, set[str]] = {}
        for whole, part in vocabulary.subject_objects(KGO.hasPart):
            self.parts.setdefault(str(whole), set()).add(str(part))
        # "gluteus medius and minimus": the bare last word names a sibling of the muscle before it.
        self.ellipsis: dict[tuple[str, str], str] = {}
        for term in self.terms.values():
            if term.kind == "muscle":
                words = term.pref.split()
                if len(words) == 2:
                    self.ellipsis[(words[0], words[1])] = term.iri

    @classmethod
    def default(cls) -> Lexicon:
        return cls(load_vocabulary())

    def resolve(self, text: str, kind: str) -> str | None:
        """The concept of `kind` named exactly (after normalisation) by `text`, if any."""
        return self.by_key.get((kind, normalize(text)))

    def label(self, iri: str) -> str:
        term = self.terms.get(iri)
        return term.pref if term else iri.rsplit("/", 1)[-1].replace("-", " ")

    def of_kind(self, kind: str) -> Iterable[Term]:
        return (t for t in self.terms.values() if t.kind == kind)

    def variant(self, parent: str, equipment: str) -> str | None:
        """The named variation of `parent` that uses `equipment` (or a broader equipment)."""
        wanted = {equipment, *self.terms[equipment].broader} if equipment in self.terms else {equipment}
        for term in sorted(self.terms.values(), key=lambda t: t.iri):
            if term.parent == parent and term.equipment in wanted:
                return term.iri
        return None

    def root(self, iri: str) -> str:
        seen = set()
        while iri in self.terms and self.terms[iri].parent and iri not in seen:
            seen.add(iri)
            iri = self.terms[iri].parent or iri
        return iri

    # ---- spaCy -------------------------------------------------------------------------

    @cached_property
    def nlp(self) -> Language:
        return make_nlp()

    @cached_property
    def _matcher(self) -> Any:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        for term in sorted(self.terms.values(), key=lambda t: t.iri):
            if term.kind in MATCHED_KINDS:
                patterns = list(self.nlp.pipe(sorted({lab.lower() for lab in term.labels})))
                matcher.add(f"{term.kind}|{term.iri}", patterns)
        return matcher

    def parse(self, text: str) -> Doc:
        """Tokenise and lemmatise `text` (lower-cased, so offsets are kept)."""
        lowered = text.lower()
        return self.nlp(lowered if len(lowered) == len(text) else text)

    def find(self, doc: Doc, extra: dict[str, tuple[str, list[Doc]]] | None = None) -> list[Mention]:
        """Vocabulary mentions in a parsed text, longest match first, no overlaps."""
        from spacy.util import filter_spans

        matcher = self._matcher
        spans = []
        for match_id, start, end in matcher(doc):
            key = self.nlp.vocab.strings[match_id]
            spans.append(doc[start:end].__class__(doc, start, end, label=key))
        if extra:
            from spacy.matcher import PhraseMatcher

            local = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
            for key, (_, patterns) in extra.items():
                local.add(key, patterns)
            for match_id, start, end in local(doc):
                spans.append(doc[start:end].__class__(doc, start, end, label=self.nlp.vocab.strings[match_id]))
        mentions = []
        for span in filter_spans(spans):
            kind, iri = span.label_.split("|", 1)
            mentions.append(Mention(iri, kind, span.text, span.start_char, span.end_char, span.start, span.end))
        return self._ellipses(doc, mentions)

    def _ellipses(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        taken = {i for m in mentions for i in range(m.token_start, m.token_end)}
        extra = []
        for m in mentions:
            if m.kind != "muscle":
                continue
            first = self.label(m.iri).split()[0]
            i = m.token_end
            while i < min(len(doc), m.token_end + 4):
                tok = doc[i]
                if tok.lower_ in {"and", "or", ",", "&"}:
                    i += 1
                    continue
                sibling = self.ellipsis.get((first, tok.lower_))
                if sibling and i not in taken:
                    extra.append(Mention(sibling, "muscle", tok.text, tok.idx, tok.idx + len(tok), i, i + 1))
                break
        return sorted(mentions + extra, key=lambda m: m.start)


def make_nlp() -> Language:
    """A blank English pipeline with the lookup lemmatizer (no model download needed)."""
    import spacy

    nlp = spacy.blank("en")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError, ImportError):  # spacy-lookups-data missing: match on LOWER-like lemmas
        nlp = spacy.blank("en")
    return nlp

