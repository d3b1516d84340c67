"""Oxigraph terms and results as rdflib's, the same as rdflib's own parsers give them.

oxrdflib turns a simple literal into `Literal(value, datatype=xsd:string)`, which rdflib holds unequal to the
`Literal(value)` its parsers make (and writes with `^^xsd:string`): a graph read through it would neither
compare nor serialise like the same graph in memory. Here a simple literal is `Literal(value)`, IRIs are made
once each (a graph names the same few thousand IRIs over and over), and results convert lazily, so a row cap
stops the evaluation too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Terms:
    """Converts Oxigraph terms to rdflib terms, keeping each IRI made (IRIs repeat; literals mostly do not)."""

    def __init__(self) -> None:
        self._iris: dict[str, URIRef] = {}

    def iri(self, value: str) -> URIRef:
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = URIRef(value)
        return term

    def __call__(self, term: Any) -> Any:
        kind = type(term)
        if kind is ox.NamedNode:
            return self.iri(term.value)
        if kind is ox.Literal:
            language = term.language
            if language:
                return Literal(term.value, lang=language)
            datatype = term.datatype.value
            if datatype == XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=self.iri(datatype))
        if kind is ox.BlankNode:
            return BNode(term.value)
        if kind is ox.Triple:  # RDF-star: a quoted triple, as rdflib has no such term
            return (self(term.subject), self(term.predicate), self(term.object))
        if term is None:
            return None
        raise ValueError(f"unexpected Oxigraph term {term!r}")


def to_ox(term: Node | None) -> Any:
    """An rdflib term (None: any) as an Oxigraph term; ValueError for one Oxigraph cannot hold."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"Oxigraph cannot hold the term {term!r}")


def to_result(answer: Any, terms: Terms, limit: int | None = None) -> Result:
    """An Oxigraph query answer as an rdflib Result. SELECT rows convert as they are read; a CONSTRUCT or
    DESCRIBE graph holds at most `limit` + 1 triples when `limit` is given (one more tells that it was cut)."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        variables = [Variable(v.value) for v in answer.variables]
        result.vars = variables
        result.bindings = _rows(answer, variables, terms)  # type: ignore[assignment]
        return result
    if isinstance(answer, ox.QueryTriples):
        return graph_result(answer, terms, limit)
    raise ValueError(f"unexpected Oxigraph query answer {answer!r}")


def graph_result(triples: Iterable[Any], terms: Terms, limit: int | None = None) -> Result:
    """A CONSTRUCT result holding Oxigraph triples (or quads, their graph names ignored), at most `limit` + 1."""
    result = Result("CONSTRUCT")
    graph = Graph(bind_namespaces="none")
    graph.addN((*triple, graph) for triple in _triples(triples, terms, limit))
    result.graph = graph
    return result


def _rows(solutions: Iterable[Any], variables: list[Variable], terms: Terms) -> Iterator[dict[Variable, Node]]:
    for solution in solutions:
        yield {v: terms(value) for v, value in zip(variables, solution, strict=True) if value is not None}


def _triples(triples: Iterable[Any], terms: Terms, limit: int | None) -> Iterator[tuple[Node, Node, Node]]:
    for i, triple in enumerate(triples):
        if limit is not None and i > limit:
            return
        yield terms(triple.subject), terms(triple.predicate), terms(triple.object)
