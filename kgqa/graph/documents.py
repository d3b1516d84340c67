"""A document's own triples: an article (title, author, file name, source id), or a dataset's record, which is
also part of its dataset (`kgo:Dataset`, with its licence and where it comes from)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import DCTERMS, PROV, RDF, RDFS, Literal, URIRef

from ..corpus import Document
from ..terms import ID, KGO


def document_triples(doc: Document, d: URIRef) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples of `doc`, whose IRI is `d`."""
    yield d, RDF.type, KGO.Document
    yield d, RDF.type, PROV.Entity
    yield d, RDFS.label, Literal(doc.title)
    yield d, DCTERMS.title, Literal(doc.title)
    yield d, KGO.fileName, Literal(doc.path.name)
    if doc.author:
        yield d, DCTERMS.creator, Literal(doc.author)
    if doc.source:
        yield d, DCTERMS.identifier, Literal(doc.source)
    if doc.meta.get("kind") == "record":  # a dataset's record: part of the dataset, under its licence
        dataset = ID[f"dataset/{doc.meta['dataset']}"]
        yield d, RDF.type, KGO.Record
        yield d, DCTERMS.isPartOf, dataset
        yield dataset, RDF.type, KGO.Dataset
        yield dataset, RDF.type, PROV.Entity
        yield dataset, RDFS.label, Literal(doc.meta["datasetTitle"])
        yield dataset, DCTERMS.source, URIRef(doc.meta["datasetUrl"])
        yield dataset, DCTERMS.license, URIRef(doc.meta["license"])
