"""The answer contract: what `ask` returns to Python, the CLI and the HTTP API alike."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
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

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "iri": self.iri, "role": self.role, "sources": self.sources, "kind": self.kind,
                "detail": self.detail, "documents": list(self.documents),
                "inherited_from": None if self.inherited_from is None else dict(self.inherited_from)}


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

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "quote": self.quote, "title": self.title, "section": self.section,
                "start": self.start, "end": self.end, "supports": self.supports,
                "inherited_from": None if self.inherited_from is None else dict(self.inherited_from)}


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
        """The answer as plain data (what `json.dumps` sends): `dataclasses.asdict(self)`, written out, since
        asdict's generic deep copy was a quarter of an HTTP request (tests/test_speed_contracts.py compares)."""
        return {
            "question": self.question, "answered": self.answered, "intent": self.intent, "text": self.text,
            "boolean": self.boolean, "answers": [i.to_dict() for i in self.answers],
            "evidence": [q.to_dict() for q in self.evidence], "sparql": self.sparql,
            "entities": _plain(self.entities), "path": list(self.path), "alternatives": _plain(self.alternatives),
            "suggestions": list(self.suggestions), "agreement": self.agreement,
            "disagreements": list(self.disagreements), "followed_up": list(self.followed_up),
            "frame": _plain(self.frame), "inherited_from": _plain(self.inherited_from),
        }

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


def _plain(value: Any) -> Any:
    """A copy of JSON-like data (dicts, lists, tuples of plain values), as `dataclasses.asdict` copies it."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    return value
