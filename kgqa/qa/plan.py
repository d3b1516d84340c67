"""ParsedQuestion -> Plan (start nodes, property path, filters); Plan -> SPARQL.

A path is a list of steps over the graph's properties: `variationOf*` (the exercise and what it
varies: variations inherit), `works` (muscle involvement, role on the edge), a property local
name (`commonMistake`), `P^` for the inverse, `partOf*^` for a muscle and its parts.
The same plan is executed by traversal (kgqa.traverse) and rendered as SPARQL here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..terms import KGO, ROLE_NAMES

PREFIXES = (
    "PREFIX kgo: <https://w3id.org/kgqa/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
RDF_PREFIX = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"

EXERCISE_PATHS: dict[str, list[str]] = {
    "muscles": ["variationOf*", "works"],
    "benefits": ["variationOf*", "hasBenefit"],
    "mistakes": ["variationOf*", "commonMistake"],
    "equipment": ["variationOf*", "usesEquipment"],
    "progression": ["variationOf*", "hasProgression"],
    "regression": ["variationOf*", "hasRegression"],
    "variations": ["variationOf^"],
    "population": ["variationOf*", "recommendedFor"],
    "placement": ["variationOf*", "placement"],
    # a pairing goes both ways: "superset thrusts with bridges" also answers what goes with bridges
    "complements": ["variationOf*", "complementedBy|complementedBy^"],
    "programming": ["variationOf*", "guideline"],
    "breathing": ["variationOf*", "guideline"],
    "safety": ["variationOf*", "safetyNote"],
    "technique": ["variationOf*", "techniqueCue"],
    "setup": ["variationOf*", "setupStep"],
    "definition": ["variationOf*", "jointAction"],
    "difference": ["variationOf*", "jointAction"],
}


@dataclass
class Plan:
    intent: str
    start: list[str]
    path: list[str]
    role: str | None = None
    aspect: str | None = None
    emphasis: str | None = None
    qualifier: str | None = None
    exclude_start: bool = False
    exclude: list[str] = field(default_factory=list)  # items named in the question as a reference point
    target: str | None = None  # yes/no: the muscle asked about
    # what each item must state: (a path of properties, the values allowed; none: the item states no value).
    # "variationOf*/level": the nearest exercise in the item's lineage that states a level (traverse.holds)
    filters: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        steps = [" | ".join(self.start)] + self.path
        if self.role:
            steps.append(f"role = {self.role}")
        if self.aspect:
            steps.append(f"aspect = {self.aspect}")
        if self.emphasis:
            steps.append(f"emphasis = {self.emphasis}")
        if self.qualifier:
            steps.append(f"quote mentions '{self.qualifier}'")
        if self.exclude:
            steps.append(f"not {', '.join(self.exclude)}")
        for path, allowed in self.filters:
            steps.append(f"{path} in {', '.join(allowed)}" if allowed else f"no {path}")
        return steps


def to_sparql(*plans: Plan, ask: bool = True) -> str:
    """The plans as one SPARQL 1.1 query: SELECT DISTINCT ?item over the UNION of their patterns (an answer in
    two parts; both sides of "pros and cons"), or ASK for a single yes/no plan (one with a `target`) when `ask`.

    The text is the same in every process: it is built from the plans' lists in their order (the excluded
    items sorted), never from a set."""
    if len(plans) == 1 and plans[0].target and ask:
        body, _, _, _ = _pattern(plans[0])
        return f"{PREFIXES}ASK {{\n  {body}\n}}"
    parts = [_pattern(plan) for plan in plans]
    shown = "".join(dict.fromkeys(v for _, vs, _, _ in parts for v in vs))
    order = next((o for _, _, o, _ in parts if o), "")
    prefixes = PREFIXES + (RDF_PREFIX if any(rdf for _, _, _, rdf in parts) else "")
    if len(parts) == 1:
        body = parts[0][0]
    else:
        body = "\n  UNION\n  ".join("{\n    " + b.replace("\n  ", "\n    ") + "\n  }" for b, _, _, _ in parts)
    return f"{prefixes}SELECT DISTINCT ?item{shown} WHERE {{\n  {body}\n}}{order}"


def _pattern(plan: Plan) -> tuple[str, tuple[str, ...], str, bool]:
    """The plan's graph pattern (lines joined), the variables it shows besides ?item, its ORDER BY clause, and
    whether it needs the rdf: prefix."""
    values = " ".join(f"<{s}>" for s in plan.start)
    lines = [f"VALUES ?n0 {{ {values} }}"]
    current = "?n0"
    for i, step in enumerate(plan.path, 1):
        nxt = "?item" if i == len(plan.path) else f"?n{i}"
        if step == "works":
            lines.append(f"{current} kgo:involves ?inv . ?inv kgo:muscle {nxt} ; kgo:role ?role .")
            if plan.role:
                lines.append(f"FILTER(?role = <{ROLE_NAMES[plan.role]}>)")
            if plan.qualifier:
                lines.append(f'?inv kgo:evidence/kgo:quote ?q . FILTER(CONTAINS(LCASE(STR(?q)), "{plan.qualifier}"))')
        elif "|" in step:  # alternatives: hasPro|hasCon, complementedBy|complementedBy^ (either direction)
            alts = "|".join(f"^kgo:{s[:-1]}" if s.endswith("^") else f"kgo:{s}" for s in step.split("|"))
            lines.append(f"{current} ({alts}) {nxt} .")
        elif step == "narrower*":
            lines.append(f"{current} (skos:narrower|^skos:broader)* {nxt} .")
        elif step == "works^":
            lines.append(f"{nxt} kgo:involves/kgo:muscle {current} .")
        elif step.endswith("*^"):
            lines.append(f"{nxt} kgo:{step[:-2]}* {current} .")
        elif step.endswith("^"):
            lines.append(f"{nxt} kgo:{step[:-1]} {current} .")
        elif step.endswith("*"):
            lines.append(f"{current} kgo:{step[:-1]}* {nxt} .")
        else:
            lines.append(f"{current} kgo:{step} {nxt} .")
        current = nxt
    if not plan.path:
        lines.append("BIND(?n0 AS ?item)")
    if plan.aspect:
        lines.append(f'?item kgo:aspect "{plan.aspect}" .')
    if plan.emphasis:
        lines.append(f'?item kgo:emphasis "{plan.emphasis}" .')
    if plan.exclude_start:
        lines.append("FILTER(?item != ?n0)")
    if plan.exclude:
        lines.append(f"FILTER(?item NOT IN ({', '.join(f'<{i}>' for i in sorted(set(plan.exclude)))}))")
    for i, (path, allowed) in enumerate(plan.filters):
        steps = "/".join("(" + "|".join(f"kgo:{a}" for a in part.rstrip("*").split("|")) + ")"
                         + ("*" if part.endswith("*") else "") for part in path.split("/"))
        if allowed:
            lines.append(f"?item {steps} ?f{i} . FILTER(?f{i} IN ({', '.join(f'<{a}>' for a in allowed)}))")
        else:
            lines.append(f"FILTER NOT EXISTS {{ ?item {steps} ?f{i} }}")
    if plan.qualifier and "works" not in plan.path:
        lines.append(f'?item kgo:evidence/kgo:quote ?iq . FILTER(CONTAINS(LCASE(STR(?iq)), "{plan.qualifier}"))')
    shown: tuple[str, ...] = ()
    order, rdf = "", False
    last = plan.path[-1].rstrip("*^") if plan.path else ""
    source = f"?n{len(plan.path) - 1}"  # the node the last step starts from
    if last == "setupStep" and not plan.target:  # the steps in their article's order, with their text
        lines.append("OPTIONAL { ?item kgo:step ?step } OPTIONAL { ?item kgo:description ?text } "
                     "OPTIONAL { ?item <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }")
        shown, order = (" ?doc", " ?step", " ?text"), "\nORDER BY ?doc ?step"
    elif last.startswith("complementedBy") and not plan.target:  # "superset" or "pair", as the statement says
        lines.append(f"OPTIONAL {{ ?st rdf:predicate kgo:complementedBy ; kgo:pairing ?pairing . "
                     f"{{ ?st rdf:subject {source} ; rdf:object ?item }} UNION "
                     f"{{ ?st rdf:subject ?item ; rdf:object {source} }} }}")
        shown, rdf = (" ?pairing",), True
    body = "\n  ".join(lines)
    if plan.target:  # the item asked about: itself, a part of it or what it is part of
        body += (f"\n  FILTER(?item = <{plan.target}> || EXISTS {{ <{plan.target}> kgo:partOf+ ?item }}"
                 f" || EXISTS {{ ?item kgo:partOf+ <{plan.target}> }})")
    return body, shown, order, rdf


# the ontology terms the paths use, checked at import so a typo fails loudly
_ = [KGO[a.rstrip("*^")] for p in EXERCISE_PATHS.values() for s in p for a in s.split("|")
     if a.rstrip("*^") not in ("works", "narrower")]
