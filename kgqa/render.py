"""Readable terminal output for an Answer."""

from __future__ import annotations

import textwrap

from .qa.answer import Answer


def render_text(answer: Answer) -> str:
    lines = textwrap.wrap(answer.text, 100) or [answer.text]
    if answer.answers and answer.intent in ("muscles", "exercises_for_muscle"):
        lines.append("")
        for item in answer.answers:
            role = f" ({item.role})" if item.role else ""
            lines.append(f"  - {item.label}{role}  [{item.sources} source(s)]")
    if answer.agreement:
        lines.append(f"\nSupported by {answer.agreement}.")
    if answer.evidence:
        lines.append("\nSources:")
        for q in answer.evidence[:6]:
            lines.append(f'  "{q.quote}"')
            lines.append(f"      — {q.title or q.document}" + (f" › {q.section}" if q.section else ""))
    if answer.alternatives:
        lines.append("\nDid you mean: " + "; ".join(a["question"] for a in answer.alternatives))
    return "\n".join(lines)
