"""Plan x GraphIndex -> results, by walking the graph's traversal index."""

from __future__ import annotations

from dataclasses import dataclass, field

from .index import Ev, GraphIndex
from .plan import Plan


@dataclass
class Hit:
    """One node reached by a plan, with the roles and evidence of the edges that reached it."""

    iri: str
    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> documents
    evidence: list[Ev] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    # evidence -> the node whose edge it supports (for a fact: the exercise it is stated of), nearest first
    origin: dict[Ev, str] = field(default_factory=dict)

    @property
    def documents(self) -> frozenset[str]:
        """The documents of every sentence that reached the hit. The traversal keeps them (its evidence cites one
        copy of a sentence that several articles repeat); for evidence set otherwise, counted from it."""
        cached = self.__dict__.get("_documents")
        if cached is None or cached[0] != len(self.evidence) or cached[1] is not self.evidence:
            cached = self.__dict__["_documents"] = (len(self.evidence), self.evidence,
                                                    frozenset(e.document for e in self.evidence))
        return cached[2]


# path steps that repeat a relation (`P*`), and the GraphIndex walk that does it
CLOSURES = {"variationOf*": "lineage", "variationOf*^": "descendants", "partOf*^": "parts", "narrower*": "narrower",
            "partOf*": "wholes_and_self"}


def _step(index: GraphIndex, nodes: dict[str, Hit], step: str, plan: Plan, last: bool) -> dict[str, Hit]:
    out: dict[str, Hit] = {}

    def reach(iri: str, src: Hit, evs: list[Ev], role: str | None = None, carried: bool = False,
              documents: frozenset[str] | None = None) -> None:
        hit = out.get(iri)
        if hit is None:
            hit = out[iri] = Hit(iri)
        origin = hit.origin  # also the set of evidence seen: merging stays linear as evidence grows
        # the first origin stays: the lineage is walked nearest first, so a variation's own wins. (Whole lists
        # at a time: a fact of a large corpus has thousands of sentences.)
        before = len(hit.evidence)
        if carried and not origin and not before and evs is src.evidence and len(src.origin) == len(evs):
            origin.update(src.origin)  # the first walk of a closure: a copy of what the node had, as it had it
            hit.evidence.extend(evs)
        elif not origin and not before and not carried:  # the first evidence of a hit: one pass
            origin.update(dict.fromkeys(evs, src.iri))
            hit.evidence.extend(origin)
        else:
            new = [e for e in dict.fromkeys(evs) if e not in origin] if origin else list(dict.fromkeys(evs))
            if carried:
                theirs, own = src.origin, src.iri
                origin.update({e: theirs.get(e, own) for e in new})
            else:
                origin.update(dict.fromkeys(new, src.iri))
            hit.evidence.extend(new)
        # the documents of the evidence, kept up to date as it grows (they are every hit's sort key): a frozenset,
        # the edge's own while one edge reached the hit (no copy: at 100x a fact has hundreds of documents)
        cached = hit.__dict__.get("_documents")
        if not before:
            docs: frozenset[str] | None = frozenset()
        elif cached and cached[0] == before and cached[1] is hit.evidence:
            docs = cached[2]
        else:
            docs = None  # not kept: Hit.documents counts them when asked
        if docs is not None:
            if carried and evs is src.evidence:
                more = src.documents
            elif documents is not None:
                more = documents
            else:
                more = frozenset(e.document for e in hit.evidence[before:])
            docs = more if not docs else docs if more <= docs else docs | more
            hit.__dict__["_documents"] = (len(hit.evidence), hit.evidence, docs)
        if role:
            said = documents if documents is not None else frozenset(e.document for e in evs)
            had = hit.roles.get(role)
            hit.roles[role] = said if had is None else had if said <= had else had | said
        if src.iri not in hit.via:
            hit.via.append(src.iri)

    for node, hit in nodes.items():
        if step in CLOSURES:  # a repeated step: the node and what it reaches, carrying the evidence so far
            for reached in getattr(index, CLOSURES[step])(node):
                reach(reached, hit, hit.evidence, carried=True)
        elif step == "works":
            for muscle, data in index.out(node, "works"):
                if plan.role and data["role"] != plan.role:
                    continue
                evs = data["evidence"]
                documents = data["documents"]
                if plan.qualifier:
                    evs, documents = _mentioning(data, plan.qualifier)
                    if not evs:
                        continue
                reach(muscle, hit, evs, data["role"], documents=documents)
        elif step == "works^":
            for ex, data in index.into(node, "works"):
                reach(ex, hit, data["evidence"], data["role"], documents=data["documents"])
        else:
            for pred in step.split("|"):  # "hasPro|hasCon": either property; "P|P^": either direction
                edges = index.into(node, pred[:-1]) if pred.endswith("^") else index.out(node, pred)
                for other, data in edges:
                    reach(other, hit, data["evidence"], documents=data["documents"])
    return out


def _mentioning(edge: dict, word: str) -> tuple[list[Ev], frozenset[str]]:
    """The edge's evidence whose sentence mentions `word` (a plan's qualifier), and its documents; remembered for
    the last few words: a question tries several, and a fact of a large corpus has thousands of sentences."""
    if word not in edge["text"]:  # its distinct sentences in one text: one search
        return [], frozenset()
    found = edge.setdefault("mentioning", {})
    if word not in found:
        if len(found) >= 16:
            found.clear()
        evs = [e for e in edge["evidence"] if word in e.lowered]
        found[word] = evs, frozenset(e.document for e in edge["all"] if word in e.lowered)
    return found[word]


def execute(plan: Plan, index: GraphIndex) -> list[Hit]:
    # a fact stated alike elsewhere starts from the one node the index keeps for them (GraphIndex.same_as)
    nodes = {start: Hit(start) for start in dict.fromkeys(index.same_as.get(s, s) for s in plan.start)}
    for i, step in enumerate(plan.path):
        nodes = _step(index, nodes, step, plan, i == len(plan.path) - 1)
    hits = list(nodes.values())
    if plan.aspect:
        hits = [h for h in hits if plan.aspect in index.attrs[h.iri].get("aspect", ())]
    if plan.emphasis:
        hits = [h for h in hits if plan.emphasis in index.attrs[h.iri].get("emphasis", ())]
    if plan.exclude_start:
        hits = [h for h in hits if h.iri not in plan.start]
    if plan.exclude:
        hits = [h for h in hits if h.iri not in plan.exclude]
    for path, allowed in plan.filters:
        hits = [h for h in hits if holds(index, h.iri, path, allowed)]
    if plan.qualifier and "works" not in plan.path:  # items whose own quote mentions the word
        hits = [h for h in hits if any(plan.qualifier in e.lowered for e in index.node_evidence.get(h.iri, []))]
    for hit in hits:
        if not hit.evidence:
            hit.evidence = list(index.node_evidence.get(hit.iri, [])) or index.mentions(hit.iri)[:2]
    hits = _alike_as_one(index, hits)
    hits.sort(key=lambda h: (-len(h.documents), index.name(h.iri)))
    return hits


def holds(index: GraphIndex, iri: str, path: str, allowed: tuple[str, ...]) -> bool:
    """Whether the item states one of the `allowed` values by `path` (none allowed: that it states none).
    "variationOf*/level": the nearest of the item and what it varies that states a level; "usesEquipment|
    variantEquipment": the item's own. (The plan's SPARQL walks the whole lineage: it covers what this keeps.)"""
    *lineage, last = path.split("/")
    nodes = index.lineage(iri) if lineage == ["variationOf*"] else [iri]
    for node in nodes:
        values = {v for p in last.split("|") for v, _ in index.out(node, p)}
        if values:
            return bool(values & set(allowed))
    return not allowed


def _alike_as_one(index: GraphIndex, hits: list[Hit]) -> list[Hit]:
    """Facts stated alike in several articles are one hit: each article has its own node of a technique cue or
    a safety note, and two of one class named and described the same are merged into the first (with the
    evidence, roles and routes of both). So an answer lists a fact once, with all its sources, and its cost
    grows with the distinct facts, not with the articles repeating them. Entities (muscles, exercises) have
    no description and are never merged."""
    first: dict[tuple, Hit] = {}
    seen: dict[str, set[Ev]] = {}
    kept = []
    for hit in hits:
        key = index.alike(hit.iri)
        into = first.setdefault(key, hit) if key else hit
        if into is hit:
            kept.append(hit)
            continue
        known = seen.get(into.iri)
        if known is None:
            known = seen[into.iri] = set(into.evidence)
        new = [e for e in hit.evidence if e not in known]
        known.update(new)
        documents = into.documents | hit.documents  # theirs, not only those of the sentences cited
        into.origin.update({e: hit.origin.get(e, hit.iri) for e in new})
        into.evidence.extend(new)
        into.__dict__["_documents"] = (len(into.evidence), into.evidence, documents)
        for role, documents in hit.roles.items():
            into.roles[role] = into.roles.get(role, frozenset()) | documents
        into.via.extend(v for v in hit.via if v not in into.via)
    return kept
