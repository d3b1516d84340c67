"""Facts -> one self-contained rdflib Graph: ontology, the vocabulary the facts use, facts, provenance.

Qualified relations carry their own sources: a MuscleInvolvement node holds muscle, role and
evidence; every other exercise fact is a plain triple (for traversal and SPARQL) plus an
rdf:Statement that reifies it and carries its evidence. Evidence nodes are PROV-O entities
derived from the document, with the quoted sentence, its section and character offsets.
All IRIs are minted from names and offsets (no blank nodes), so the same corpus gives the
same graph.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from ..corpus import Document
from ..extract.facts import NODE_CLASS, Evidence, Fact
from ..lexicon import Lexicon
from ..resources import ontology_dir
from ..terms import ID, KGO, PREFIXES, ROLE_NAMES, entity_iri
from .documents import document_triples

# the curated vocabulary, as the source of the facts it alone states
VOCABULARY = URIRef("https://w3id.org/kgqa/vocab")
ANATOMY = URIRef("https://w3id.org/kgqa/vocab/anatomy")
ANATOMY_SOURCES = (
    (URIRef("https://doi.org/10.48539/HBM257.RSRQ.666"), URIRef("https://creativecommons.org/licenses/by/4.0/"),
     "Katherine S Gustilo; Griffin Weber. Muscular System, v1.1. https://doi.org/10.48539/HBM257.RSRQ.666 "
     "(HuBMAP ID HBM257.RSRQ.666). HuBMAP ASCT+B Tables, https://humanatlas.io/asctb-tables"),
    (URIRef("https://obophenotype.github.io/uberon/"), URIRef("https://creativecommons.org/licenses/by/3.0/"),
     "Uberon, https://obophenotype.github.io/uberon/ (Mungall CJ et al., Uberon, an integrative multi-species "
     "anatomy ontology. Genome Biology 2012, 13:R5)"),
)
VOCABULARY_FACTS = {KGO.hasPart, KGO.variantOf, KGO.variantEquipment}

PREDICATE: dict[str, URIRef] = {
    "equipment": KGO.usesEquipment,
    "mistake": KGO.commonMistake,
    "correction": KGO.correction,
    "benefit": KGO.hasBenefit,
    "progression": KGO.hasProgression,
    "regression": KGO.hasRegression,
    "population": KGO.recommendedFor,
    "placement": KGO.placement,
    "complement": KGO.complementedBy,
    "guideline": KGO.guideline,
    "safety": KGO.safetyNote,
    "technique": KGO.techniqueCue,
    "setup": KGO.setupStep,
    "action": KGO.jointAction,
    "mechanic": KGO.mechanic,
    "force": KGO.force,
    "level": KGO.level,
    "category": KGO.category,
    "pro": KGO.hasPro,
    "con": KGO.hasCon,
}


# facts whose object is a vocabulary concept of the exercise attributes (kgo:ExerciseAttribute)
ATTRIBUTE_KINDS = ("mechanic", "force", "level", "category")
# attributes that are numbers in the graph (the rest are text: "3-4" sets, "2-0-1-1" tempo)
INTEGER_ATTRS = frozenset({"step"})


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("skos", SKOS)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


def doc_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def evidence_iri(ev: Evidence) -> URIRef:
    return ID[f"evidence/{ev.doc_id}/{ev.start}-{ev.end}"]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


class GraphBuilder:
    """Accumulates facts into a graph; `finish()` adds the vocabulary the facts refer to."""

    def __init__(self, lexicon: Lexicon, ontology: Path | None = None) -> None:
        self.lx = lexicon
        self.g = new_graph()
        self.g.parse(str((ontology or ontology_dir()) / "kgqa.ttl"), format="turtle")
        self.used: set[str] = set()
        self.labels: dict[str, list[str]] = defaultdict(list)
        self.exercise_labels: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        #: nodes minted from the articles (not named by the vocabulary): IRI -> (class, label)
        self.minted: dict[str, tuple[URIRef, str]] = {}
        #: where each minted node is named: the first sentence of each document
        self.minted_evidence: dict[str, dict[str, Evidence]] = defaultdict(dict)
        # the facts' triples, added at once in `finish`: facts repeat many (a statement, an evidence node), and
        # rdflib's `Graph.add` costs as much for a triple the graph has as for a new one
        self._pending: set[tuple[URIRef, URIRef, URIRef | Literal]] = set()

    def add_document(self, doc: Document) -> None:
        self._pending.update(document_triples(doc, doc_iri(doc.doc_id)))

    def add_minted(self, iri: str, kind: str, label: str) -> None:
        """A muscle, piece of equipment or exercise an article names and the vocabulary does not."""
        cls = {"muscle": KGO.Muscle, "equipment": KGO.Equipment}.get(kind, KGO.Exercise)
        self.minted.setdefault(iri, (cls, label))

    def add_exercise(self, iri: str, label: str, parent: str | None) -> None:
        self.add_minted(iri, "exercise", label)
        self.exercise_labels.setdefault(iri, label)
        if parent:
            self.parents.setdefault(iri, parent)
            self.used.add(parent)  # the exercise it varies is in the graph, so variationOf has an object

    def evidence(self, ev: Evidence, stated_for: str | None) -> URIRef:
        e = evidence_iri(ev)
        g = self._pending
        if (e, RDF.type, KGO.Evidence) not in g:
            g.add((e, RDF.type, KGO.Evidence))
            g.add((e, PROV.wasDerivedFrom, doc_iri(ev.doc_id)))
            g.add((e, KGO.quote, Literal(ev.quote)))
            g.add((e, KGO.section, Literal(ev.section)))
            g.add((e, KGO.startChar, Literal(ev.start, datatype=XSD.integer)))
            g.add((e, KGO.endChar, Literal(ev.end, datatype=XSD.integer)))
        if stated_for:
            g.add((e, KGO.statedFor, URIRef(stated_for)))
        return e

    def _source(self, node: URIRef, fact: Fact, stated_for: str | None = None) -> None:
        e = self.evidence(fact.evidence, stated_for)
        self._pending.add((node, KGO.evidence, e))
        self._pending.add((node, PROV.wasDerivedFrom, doc_iri(fact.evidence.doc_id)))

    def _exercise(self, iri: str) -> URIRef:
        self.used.add(iri)
        return URIRef(iri)

    def add(self, fact: Fact) -> None:
        g = self._pending
        for iri in (fact.subject, fact.obj):
            if iri in self.minted:
                self.minted_evidence[iri].setdefault(fact.evidence.doc_id, fact.evidence)
        if fact.kind == "muscle":
            ex, muscle = self._exercise(fact.subject), URIRef(fact.obj)
            self.used.add(fact.obj)
            role = fact.role or "primary"
            node = entity_iri("involvement", f"{_slug(fact.subject)}--{_slug(fact.obj)}--{role}")
            g.add((ex, KGO.involves, node))
            g.add((ex, KGO.worksMuscle, muscle))
            g.add((node, RDF.type, KGO.MuscleInvolvement))
            g.add((node, KGO.muscle, muscle))
            g.add((node, KGO.role, ROLE_NAMES[role]))
            g.add((node, RDFS.label, Literal(f"{self._label(fact.subject)} - {self.lx.label(fact.obj)} ({role})")))
            self._source(node, fact, fact.subject)
            return
        if fact.kind == "alias":  # another name the article gives the exercise, with the sentence that gives it
            ex, name = self._exercise(fact.subject), Literal(fact.obj_label, lang="en")
            g.add((ex, SKOS.altLabel, name))
            self._statement(ex, SKOS.altLabel, name, fact)
            return
        if fact.kind == "definition":
            ex = self._exercise(fact.subject)
            g.add((ex, KGO.definition, Literal(fact.text or "")))
            self._statement(ex, KGO.definition, Literal(fact.text or ""), fact)
            return
        if fact.kind == "variation":
            if "/exercise/" not in fact.obj:
                return
            child, parent = self._exercise(fact.obj), self._exercise(fact.subject)
            if child != parent:
                g.add((child, KGO.variationOf, parent))
                self._statement(child, KGO.variationOf, parent, fact)
                self.labels[fact.obj].append(fact.obj_label)
            return
        subject, obj = URIRef(fact.subject), URIRef(fact.obj)
        pred = PREDICATE[fact.kind]
        if fact.kind not in ("correction", "pro", "con") and not (
            fact.kind == "action" and fact.subject in self.lx.terms and self.lx.terms[fact.subject].kind == "muscle"
        ):
            self._exercise(fact.subject)
        else:
            self.used.add(fact.subject)
        g.add((subject, pred, obj))
        self._statement(subject, pred, obj, fact)
        cls = NODE_CLASS.get(fact.kind)
        if fact.kind in ("progression", "regression", "complement"):
            if fact.obj in self.lx.terms and self.lx.terms[fact.obj].kind == "exercise" or "/exercise/" in fact.obj:
                self._exercise(fact.obj)
                self.labels[fact.obj].append(fact.obj_label)
            else:
                cls = "Modification"
        if fact.kind in ("equipment", "action", *ATTRIBUTE_KINDS):
            self.used.add(fact.obj)
            return
        if cls is None:
            return
        g.add((obj, RDF.type, KGO[cls]))
        self.labels[fact.obj].append(fact.obj_label)
        if fact.text:
            g.add((obj, KGO.description, Literal(fact.text)))
        for key, value in fact.attrs:
            g.add((obj, KGO[key], Literal(int(value)) if key in INTEGER_ATTRS else Literal(value)))
        self._source(obj, fact, fact.stated_for or fact.subject)

    def _statement(self, s: URIRef, p: URIRef, o: URIRef | Literal, fact: Fact) -> None:
        st = ID[f"statement/{_hash(str(s), str(p), str(o))}"]
        g = self._pending
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        self._source(st, fact, fact.stated_for or fact.subject)
        if fact.kind == "complement":  # how the two go together: a superset, or a pair in one session
            for key, value in fact.attrs:
                g.add((st, KGO[key], Literal(value)))

    def _from_vocabulary(self, s: URIRef, p: URIRef, o: URIRef) -> None:
        """A fact no sentence states but the curated vocabulary does (anatomy, a variation's name): reified,
        derived from the vocabulary, and said so, so every fact in the graph has a source."""
        st = ID[f"statement/{_hash(str(s), str(p), str(o))}"]
        g = self.g
        if (st, RDF.type, RDF.Statement) in g:
            return  # a sentence states it: that is its source
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KGO.derivation, Literal("vocabulary")))
        g.add((st, PROV.wasDerivedFrom, VOCABULARY))
        g.add((VOCABULARY, RDF.type, PROV.Entity))
        g.add((VOCABULARY, RDFS.label, Literal("kgqa vocabulary (ontology/vocabulary.ttl)")))
        vocab = self.lx.vocabulary
        if any((node, SKOS.exactMatch, None) in vocab for node in (s, o)):
            self._credit_anatomy(st)

    def _credit_anatomy(self, node: URIRef) -> None:
        """Anatomy from ontology/anatomy.ttl is derived from two CC BY sources: the graph credits them (licence and
        citation), as their licences require of anyone who ships data built from them."""
        g = self.g
        g.add((node, PROV.wasDerivedFrom, ANATOMY))
        if (ANATOMY, RDF.type, PROV.Entity) in g:
            return
        g.add((ANATOMY, RDF.type, PROV.Entity))
        g.add((ANATOMY, RDFS.label, Literal("kgqa anatomical vocabulary (ontology/anatomy.ttl)")))
        for source, licence, citation in ANATOMY_SOURCES:
            g.add((ANATOMY, PROV.wasDerivedFrom, source))
            g.add((source, RDF.type, PROV.Entity))
            g.add((source, DCTERMS.license, licence))
            g.add((source, DCTERMS.bibliographicCitation, Literal(citation)))

    def _mark_minted(self, wanted: set[str]) -> None:
        """Minted nodes say so, with the documents and sentences that name them (no silent invention)."""
        g = self.g
        for iri, (cls, label) in sorted(self.minted.items()):
            if iri not in wanted or iri in self.lx.terms:
                continue
            node = URIRef(iri)
            g.add((node, KGO.minted, Literal(True)))
            if (node, RDF.type, None) not in g:
                g.add((node, RDF.type, cls))
            if (node, RDFS.label, None) not in g:
                g.add((node, RDFS.label, Literal(label)))
            for doc_id, ev in sorted(self.minted_evidence[iri].items()):
                g.add((node, PROV.wasDerivedFrom, doc_iri(doc_id)))
                g.add((node, KGO.evidence, self.evidence(ev, None)))

    def _label(self, iri: str) -> str:
        return self.exercise_labels.get(iri) or self.lx.label(iri)

    def _flush(self) -> None:
        self.g.addN((s, p, o, self.g) for s, p, o in self._pending)
        self._pending.clear()

    def finish(self) -> Graph:
        self._flush()
        g = self.g
        vocab = self.lx.vocabulary
        wanted = set(self.used)
        # Anatomy: a muscle brings its wholes and its parts, so part-of questions can be answered.
        frontier = [i for i in wanted if self.lx.terms.get(i) and self.lx.terms[i].kind == "muscle"]
        while frontier:
            iri = frontier.pop()
            for p in (KGO.hasPart,):
                for other in list(vocab.objects(URIRef(iri), p)) + list(vocab.subjects(p, URIRef(iri))):
                    if str(other) not in wanted:
                        wanted.add(str(other))
                        frontier.append(str(other))
        for iri in sorted(wanted):
            term = self.lx.terms.get(iri)
            node = URIRef(iri)
            if term is not None:
                for p, o in vocab.predicate_objects(node):
                    if p in (KGO.hasPart, SKOS.broader, SKOS.narrower, KGO.variantOf, KGO.variantEquipment) and (
                        str(o) not in wanted
                    ):
                        continue
                    g.add((node, p, o))
                    if p in VOCABULARY_FACTS:
                        self._from_vocabulary(node, p, o)  # type: ignore[arg-type]
                    if p == KGO.hasPart:
                        g.add((o, KGO.partOf, node))
                        self._from_vocabulary(o, KGO.partOf, node)  # type: ignore[arg-type]
                g.add((node, RDFS.label, Literal(term.pref)))
                if (node, SKOS.exactMatch, None) in vocab:  # its names and ids come (partly) from the anatomy
                    self._credit_anatomy(node)
                if term.kind == "exercise" and term.parent and term.parent in wanted:
                    g.add((node, KGO.variationOf, URIRef(term.parent)))
                    self._from_vocabulary(node, KGO.variationOf, URIRef(term.parent))
            elif iri in self.exercise_labels:
                g.add((node, RDF.type, KGO.Variation if iri in self.parents else KGO.Exercise))
                g.add((node, RDFS.label, Literal(self.exercise_labels[iri])))
                g.add((node, SKOS.prefLabel, Literal(self.exercise_labels[iri], lang="en")))
                if iri in self.parents:
                    g.add((node, KGO.variationOf, URIRef(self.parents[iri])))
            if (
                (node, RDF.type, KGO.Exercise) not in g
                and (node, RDF.type, KGO.Variation) not in g
                and ("/exercise/" in iri)
            ):
                g.add((node, RDF.type, KGO.Exercise))
        for iri, labels in sorted(self.labels.items()):
            node = URIRef(iri)
            term = self.lx.terms.get(iri)
            pref = term.pref if term else _pick_label(labels)
            if (node, RDFS.label, None) not in g:
                g.add((node, RDFS.label, Literal(pref)))
            for label in sorted(set(labels)):
                if label.lower() != pref.lower() and len(label) <= 80:
                    g.add((node, SKOS.altLabel, Literal(label, lang="en")))
        self._mark_minted(wanted)
        self._flush()  # the evidence of minted nodes
        # Variations are exercises too; OWL reasoners would infer it, SPARQL users should not have to.
        for node in list(g.subjects(RDF.type, KGO.Variation)):
            g.add((node, RDF.type, KGO.Exercise))
        return g


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _pick_label(labels: list[str]) -> str:
    """The most frequent surface form (shortest on ties): deterministic across builds."""
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    return sorted(counts, key=lambda lab: (-counts[lab], len(lab), lab))[0]


def build_graph(
    docs: Iterable[Document],
    facts: Iterable[Fact],
    lexicon: Lexicon,
    minted: dict[str, tuple[str, str | None]] | None = None,
    names: dict[str, tuple[str, str]] | None = None,
) -> Graph:
    """The graph of `facts`; `minted` are the exercises and `names` the (kind, label) of the muscles and equipment
    the articles named and the vocabulary does not."""
    with _collector_paused():
        builder = GraphBuilder(lexicon)
        for doc in docs:
            builder.add_document(doc)
        for iri, (label, parent) in sorted((minted or {}).items()):
            builder.add_exercise(iri, label, parent)
        for iri, (kind, label) in sorted((names or {}).items()):
            builder.add_minted(iri, kind, label)
        for fact in facts:
            builder.add(fact)
        return builder.finish()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while the graph is assembled: that makes millions of objects that live on and no
    cycles, yet each full collection walked them all (and the corpus): 40% of the 100x corpus's assembly time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
