"""The answer contract: what `ask` returns to Python, the CLI and the HTTP API alike."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Item:
    """One thing in an answer: a muscle, a mistake, an exercise..."""

    label: str
    iri: str
    role: str | None = None
    sources: int = 0
    kind: str | None = None
    detail: str | None = None
    documents: list[str] = field(default_factory=list)
    # the exercise the articles state this of, when it is one the asked-about exercise varies: {"iri", "label"}
    inherited_from: dict[str, str] | None = None


@dataclass
class Quote:
    """A sentence from the corpus that supports the answer, verbatim."""

    document: str
    quote: str
    title: str | None = None
    section: str | None = None
    start: int | None = None
    end: int | None = None
    supports: str | None = None
    # the exercise the sentence is stated of, when it is one the asked-about exercise varies: {"iri", "label"}
    inherited_from: dict[str, str] | None = None


@dataclass
class Answer:
    question: str
    answered: bool
    intent: str
    text: str
    boolean: bool | None = None
    answers: list[Item] = field(default_factory=list)
    evidence: list[Quote] = field(default_factory=list)
    sparql: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    agreement: str | None = None
    disagreements: list[str] = field(default_factory=list)
    followed_up: list[str] = field(default_factory=list)
    frame: dict[str, Any] = field(default_factory=dict)
    # the exercises some items or quotes are inherited from ({"iri", "label"} each); the text names each
    inherited_from: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def labels(self) -> list[str]:
        return [item.label for item in self.answers]

    def _repr_markdown_(self) -> str:
        def md(text: str) -> str:  # markdown renderers pass HTML through: escape it, and table pipes
            return html.escape(text, quote=False).replace("|", "\\|")

        lines = [f"**{md(self.question)}**", "", md(self.text), ""]
        if self.answers:
            lines += ["| answer | role | sources |", "|---|---|---|"]
            lines += [f"| {md(i.label)} | {md(i.role or '')} | {i.sources} |" for i in self.answers]
            lines.append("")
        for q in self.evidence[:8]:
            lines.append(f"> {md(q.quote)}  \n> — *{md(q.title or q.document)}*{md(_from(q.inherited_from))}")
            lines.append("")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='kgqa-answer'><p><b>{esc(self.question)}</b></p><p>{esc(self.text)}</p>"]
        if self.answers:
            rows = "".join(
                f"<tr><td>{esc(i.label)}</td><td>{esc(i.role or '')}</td><td>{i.sources}</td></tr>"
                for i in self.answers
            )
            parts.append(f"<table><tr><th>answer</th><th>role</th><th>sources</th></tr>{rows}</table>")
        if self.evidence:
            quotes = "".join(
                f"<li>&ldquo;{esc(q.quote)}&rdquo; &mdash; <i>{esc(q.title or q.document)}</i>"
                f"{esc(_from(q.inherited_from))}</li>"
                for q in self.evidence[:8]
            )
            parts.append(f"<details open><summary>sources</summary><ul>{quotes}</ul></details>")
        parts.append("</div>")
        return "".join(parts)


def _from(inherited: dict[str, str] | None) -> str:
    """How a quote shown in a notebook says it is inherited: " (from the glute kickback)"."""
    return f" (from the {inherited['label']})" if inherited else ""
