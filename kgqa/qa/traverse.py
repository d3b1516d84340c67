"""Plan x GraphIndex -> results, by walking the networkx view of the graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from .index import Ev, GraphIndex
from .plan import Plan


@dataclass
class Hit:
    """One node reached by a plan, with the roles and evidence of the edges that reached it."""

    iri: str
    roles: dict[str, set[str]] = field(default_factory=dict)  # role -> documents
    evidence: list[Ev] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    # evidence -> the node whose edge it supports (for a fact: the exercise it is stated of), nearest first
    origin: dict[Ev, str] = field(default_factory=dict)

    @property
    def documents(self) -> set[str]:
        return {e.document for e in self.evidence}


# path steps that repeat a relation (`P*`), and the GraphIndex walk that does it
CLOSURES = {"variationOf*": "lineage", "variationOf*^": "descendants", "partOf*^": "parts", "narrower*": "narrower",
            "partOf*": "wholes_and_self"}


def _step(index: GraphIndex, nodes: dict[str, Hit], step: str, plan: Plan, last: bool) -> dict[str, Hit]:
    out: dict[str, Hit] = {}

    def reach(iri: str, src: Hit, evs: list[Ev], role: str | None = None, carried: bool = False) -> None:
        hit = out.setdefault(iri, Hit(iri))
        origin = hit.origin  # also the set of evidence seen: merging stays linear as evidence grows
        for e in evs:  # the first origin stays: the lineage is walked nearest first, so a variation's own wins
            if e not in origin:
                origin[e] = src.origin.get(e, src.iri) if carried else src.iri
                hit.evidence.append(e)
        if role:
            hit.roles.setdefault(role, set()).update(e.document for e in evs)
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
                if plan.qualifier:
                    evs = [e for e in evs if plan.qualifier in e.quote.lower()]
                    if not evs:
                        continue
                reach(muscle, hit, evs, data["role"])
        elif step == "works^":
            for ex, data in index.into(node, "works"):
                reach(ex, hit, data["evidence"], data["role"])
        else:
            for pred in step.split("|"):  # "hasPro|hasCon": either property; "P|P^": either direction
                edges = index.into(node, pred[:-1]) if pred.endswith("^") else index.out(node, pred)
                for other, data in edges:
                    reach(other, hit, data["evidence"])
    return out


def execute(plan: Plan, index: GraphIndex) -> list[Hit]:
    nodes = {s: Hit(s) for s in plan.start}
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
    if plan.qualifier and "works" not in plan.path:  # items whose own quote mentions the word
        hits = [h for h in hits if any(plan.qualifier in e.quote.lower() for e in index.node_evidence.get(h.iri, []))]
    for hit in hits:
        if not hit.evidence:
            hit.evidence = list(index.node_evidence.get(hit.iri, [])) or index.mentions(hit.iri)[:2]
    hits.sort(key=lambda h: (-len(h.documents), index.name(h.iri)))
    return hits
