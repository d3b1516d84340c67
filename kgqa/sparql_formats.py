"""SPARQL result formats: content negotiation, and writing results that are valid in the format asked for.

rdflib's writers trust their input; a query can build terms they write badly. Here:
- TSV (which rdflib does not write) follows SPARQL 1.1 TSV: terms in N-Triples syntax, so tabs and
  newlines inside values are escaped and every row has one field per variable;
- XML (SPARQL results and RDF/XML) refuses results holding characters XML 1.0 cannot express (U+0000...),
  and RDF/XML refuses predicates it cannot split into a namespace and a local name, with a 400 naming both;
- CONSTRUCT results drop the triples that are not RDF (a literal or blank-node predicate, a literal subject,
  an IRI with spaces or without a scheme), as SPARQL 1.1 (section 16.2) says, and count them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from .errors import NotAcceptable, UnrepresentableResult

# media type -> rdflib serializer name, by query form
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
FORMAT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                  "ttl": "text/turtle", "json-ld": "application/ld+json", "jsonld": "application/ld+json",
                  "nt": "application/n-triples", "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml",
                  "rdf+xml": "application/rdf+xml"}


@dataclass
class QueryResult:
    """A serialised result: body, media type, and whether the row cap cut it short."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool
    dropped: int = 0  # CONSTRUCT triples left out because they are not RDF


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> str:
    """The media type to answer with, from a `format` parameter or the Accept header."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if form == "ASK":  # CSV and TSV are defined for SELECT results only
        table = {k: v for k, v in RESULT_TYPES.items() if v in ("json", "xml")}
    default = "text/turtle" if table is GRAPH_TYPES else "application/sparql-results+json"
    if fmt:
        media = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if table is GRAPH_TYPES and fmt.lower() == "xml":
            media = "application/rdf+xml"
        if media not in table:
            raise NotAcceptable(f"format {fmt!r} is not available for {form} results; "
                                f"choose one of {', '.join(sorted(set(table.values())))}")
        return media
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        q = 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    if not ranges:
        return default
    for _, _, media in sorted(ranges):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise NotAcceptable(f"none of the accepted types ({accept}) is available for {form} results; "
                        f"this endpoint offers {', '.join(table)}")


# ---- terms --------------------------------------------------------------------------------------
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; nothing else, not even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_rdf_iri(term: Node) -> bool:
    """An absolute IRI with none of the characters RDF's concrete syntaxes forbid in one."""
    return isinstance(term, URIRef) and bool(_SCHEME.match(term)) and not _IRI_FORBIDDEN.search(term)


def _escape_iri(iri: str) -> str:
    return _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)


def _escape_string(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def nt_term(term: Node | None) -> str:
    """A term in N-Triples syntax (the form SPARQL 1.1 TSV uses); '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = f'"{_escape_string(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^<{_escape_iri(term.datatype)}>"
        return text
    if isinstance(term, BNode):
        return "_:" + (re.sub(r"[^A-Za-z0-9_]", "_", str(term)) or "b")
    return f"<{_escape_iri(str(term))}>"


# ---- writers ----------------------------------------------------------------------------------
def tsv(result: Result) -> bytes:
    """SPARQL 1.1 TSV results: a header of ?variables, then one line per row, terms in N-Triples syntax."""
    variables = list(result.vars or [])
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in result.bindings:
        lines.append("\t".join(nt_term(row.get(v)) for v in variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _checked_xml(text: str, what: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise UnrepresentableResult(
            f"the result holds U+{ord(bad.group()):04X}, a character XML 1.0 cannot express (not even as a "
            f"character reference), so it cannot be written as {what}",
            hint="ask for JSON (format=json) or another non-XML format")
    return text


def sanitize_graph(graph: Graph) -> tuple[Graph, int]:
    """The triples of `graph` that are RDF, and how many were not (SPARQL 1.1, 16.2: such triples are left out)."""
    out = Graph(bind_namespaces="none")  # its own prefixes: writers add some, and workers serve many queries
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    dropped = 0
    for s, p, o in graph:
        if (isinstance(s, BNode) or is_rdf_iri(s)) and is_rdf_iri(p) and (
                isinstance(o, BNode | Literal) or is_rdf_iri(o)):
            out.add((s, p, o))
        else:
            dropped += 1
    return out, dropped


def write_graph(graph: Graph, media: str) -> bytes:
    """Serialise a (sanitised) CONSTRUCT or DESCRIBE result in the negotiated RDF syntax."""
    fmt = GRAPH_TYPES[media]
    if fmt == "xml":
        for p in set(graph.predicates()):
            try:
                graph.namespace_manager.compute_qname_strict(p)
            except ValueError:
                raise UnrepresentableResult(
                    f"the result cannot be written as RDF/XML: the predicate <{p}> cannot be split into a namespace "
                    "and an XML local name (RDF/XML writes predicates as element names)",
                    hint="ask for Turtle, N-Triples or JSON-LD (format=turtle, nt or json-ld)") from None
    body = graph.serialize(format=fmt)
    if fmt == "xml":
        body = _checked_xml(body, "RDF/XML")
    return body.encode("utf-8")


def write_results(result: Result, media: str) -> bytes:
    """Serialise SELECT or ASK results in the negotiated format."""
    fmt = RESULT_TYPES[media]
    if fmt == "tsv":
        return tsv(result)
    body = result.serialize(format=fmt)
    if fmt == "xml":
        return _checked_xml(body.decode("utf-8") if isinstance(body, bytes) else body,
                            "SPARQL XML results").encode("utf-8")
    return body if isinstance(body, bytes) else body.encode("utf-8")
