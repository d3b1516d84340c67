"""An entity of the graph as a notebook shows it: names, external links, neighbours and sources.

Built by `kgqa.explore.entity`; renders itself in Jupyter (`_repr_html_`, `_repr_markdown_`).
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

SHOWN = 15  # neighbours displayed per relation (Entity._shown)


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Neighbour:
    """One edge at an entity: `direction` "out" (entity -predicate-> iri) or "in" (iri -> entity)."""

    predicate: str
    direction: str
    iri: str
    label: str
    type: str
    role: str | None = None
    sources: tuple[str, ...] = ()


@dataclass
class Entity:
    """An entity of the graph as a notebook shows it: names, external links, neighbours, sources."""

    iri: str
    label: str
    type: str
    synonyms: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # skos:exactMatch (Uberon, FMA)
    descriptions: list[str] = field(default_factory=list)
    neighbours: list[Neighbour] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # documents that state something about it
    titles: dict[str, str] = field(default_factory=dict, repr=False)  # document -> title

    def related(self, predicate: str, direction: str = "out") -> list[Neighbour]:
        """Neighbours over one predicate, e.g. `related("worksMuscle")` or `related("variationOf", "in")`."""
        return [n for n in self.neighbours if n.predicate == predicate and n.direction == direction]

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "type": self.type, "synonyms": self.synonyms,
                "links": self.links, "descriptions": self.descriptions, "sources": self.sources,
                "neighbours": [asdict(n) for n in self.neighbours]}

    def _groups(self) -> dict[str, list[Neighbour]]:
        """Neighbours by relation: "→ hasPart" (this entity hasPart it), "← worksMuscle" (it worksMuscle this)."""
        groups: dict[str, list[Neighbour]] = defaultdict(list)
        for n in self.neighbours:
            groups[f"{'→' if n.direction == 'out' else '←'} {n.predicate}"].append(n)
        return groups

    def _shown(self) -> list[tuple[str, Neighbour | int]]:
        """(relation, neighbour) rows to display, SHOWN per relation, then (relation, how many more): a muscle
        that hundreds of dataset exercises work stays readable. `neighbours` holds them all."""
        rows: list[tuple[str, Neighbour | int]] = []
        for predicate, group in self._groups().items():
            rows += [(predicate, n) for n in group[:SHOWN]]
            if len(group) > SHOWN:
                rows.append((predicate, len(group) - SHOWN))
        return rows

    def _web_links(self) -> list[str]:
        return [u for u in self.links if u.startswith(("http://", "https://"))]

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='kgqa-entity'><p><b>{esc(self.label)}</b> <i>{esc(self.type)}</i> "
                 f"<code>{esc(self.iri)}</code></p>"]
        if self.synonyms:
            parts.append(f"<p>also called: {esc(', '.join(self.synonyms))}</p>")
        if self._web_links():
            links = ", ".join(f"<a href='{esc(u)}'>{esc(local(u))}</a>" for u in self._web_links())
            parts.append(f"<p>same as: {links}</p>")
        if self.descriptions:
            parts.append(f"<p>{esc(self.descriptions[0])}</p>")
        rows = "".join(
            f"<tr><td>{esc(predicate)}</td><td>{esc(n.label)}</td><td>{esc(n.role or '')}</td>"
            f"<td>{esc(', '.join(n.sources))}</td></tr>" if isinstance(n, Neighbour) else
            f"<tr><td>{esc(predicate)}</td><td colspan='3'><i>and {n} more</i></td></tr>"
            for predicate, n in self._shown()
        )
        if rows:
            parts.append("<table><tr><th>relation</th><th>entity</th><th>role</th><th>sources</th></tr>"
                         f"{rows}</table>")
        if self.sources:
            docs = "".join(f"<li>{esc(self.titles.get(d, d))}</li>" for d in self.sources)
            parts.append(f"<details><summary>{len(self.sources)} source documents</summary><ul>{docs}</ul></details>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_markdown_(self) -> str:
        def md(text: str) -> str:  # markdown renderers pass HTML through: escape it, and table pipes
            return html.escape(text, quote=False).replace("|", "\\|")

        lines = [f"**{md(self.label)}** *{md(self.type)}* `{self.iri}`", ""]
        if self.synonyms:
            lines += [f"also called: {md(', '.join(self.synonyms))}", ""]
        if self._web_links():
            lines += ["same as: " + ", ".join(f"[{md(local(u))}](<{u}>)" for u in self._web_links()), ""]
        if self.descriptions:
            lines += [md(self.descriptions[0]), ""]
        if self.neighbours:
            lines += ["| relation | entity | role | sources |", "|---|---|---|---|"]
            lines += [f"| {md(p)} | {md(n.label)} | {md(n.role or '')} | {md(', '.join(n.sources))} |"
                      if isinstance(n, Neighbour) else f"| {md(p)} | *and {n} more* | | |" for p, n in self._shown()]
            lines.append("")
        if self.sources:
            lines.append("sources: " + "; ".join(md(self.titles.get(d, d)) for d in self.sources))
        return "\n".join(lines)
