"""Drawing a neighbourhood: interactive HTML with pyvis, or a static SVG without it.

The interactive page carries vis-network inline, with no CDN link, so it works offline and in a
saved notebook. In Jupyter it sits in an `<iframe srcdoc>`: its scripts and styles stay out of
the notebook page, and several drawings in one notebook do not clash. Code hosts strip scripts
from notebook outputs; `GraphView.static()` is the SVG snapshot that still reads there.
"""

from __future__ import annotations

import html
import math
import re
from collections import deque
from pathlib import Path

import networkx as nx

from .files import write_atomic

COLOURS = {
    "Exercise": "#d1495b",
    "Variation": "#edae49",
    "Muscle": "#00798c",
    "Equipment": "#30638e",
    "Mistake": "#8e3b46",
    "Correction": "#66a182",
    "Benefit": "#3c896d",
    "JointAction": "#7e5ba6",
}
OTHER_COLOUR = "#9a9a9a"
# pyvis's template links bootstrap (and, in some modes, vis-network) from CDNs; drop every remote link.
_REMOTE = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.S | re.I,
)


def _words(predicate: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", predicate).lower()


def _short(label: str, size: int = 32) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _edge_label(data: dict) -> str:
    return _words(data["predicate"]) + (f" ({data['role']})" if data.get("role") else "")


def _edge_title(data: dict) -> str:
    sources = ", ".join(data.get("sources") or []) or "curated vocabulary"
    return f"{_edge_label(data)}\nsources: {sources}"


class StaticView:
    """An SVG drawing; Jupyter shows it as an image (`_repr_svg_`)."""

    def __init__(self, svg: str) -> None:
        self.svg = svg

    def __repr__(self) -> str:
        return f"<StaticView: {len(self.svg)} characters of SVG>"

    def _repr_svg_(self) -> str:
        return self.svg


class GraphView:
    """A drawing of a networkx neighbourhood; displays itself in Jupyter, `save()` writes a page."""

    def __init__(self, graph: nx.MultiDiGraph, center: str | None = None, height: int = 520) -> None:
        self.graph = graph
        self.center = center
        self.height = height

    def __repr__(self) -> str:
        name = self.graph.nodes[self.center]["label"] if self.center in self.graph else "graph"
        return f"<GraphView {name}: {self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>"

    @property
    def interactive(self) -> bool:
        """Whether pyvis is installed (`pip install "kgqa[notebook]"`); without it, drawings are SVG."""
        try:
            import pyvis  # noqa: F401
        except ImportError:
            return False
        return True

    def to_html(self) -> str:
        """A self-contained HTML page: interactive with pyvis, else the SVG drawing."""
        if not self.interactive:
            title = html.escape(repr(self))
            return (
                f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
                f"<body>{self.svg()}</body></html>"
            )
        from pyvis.network import Network

        net = Network(height=f"{self.height}px", width="100%", directed=True, cdn_resources="in_line")
        for node, data in self.graph.nodes(data=True):
            net.add_node(
                node,
                label=_short(data["label"]),
                title=f"{data['label']} ({data['type']})\n{node}",
                color=COLOURS.get(data["type"], OTHER_COLOUR),
                size=24 if node == self.center else 12,
            )
        for u, v, data in self.graph.edges(data=True):
            net.add_edge(
                u,
                v,
                label=_edge_label(data),
                title=_edge_title(data),
                arrows="to",
                font={"size": 9, "color": "#555555"},
            )
        return _REMOTE.sub("", net.generate_html())

    def _repr_html_(self) -> str:
        if not self.interactive:
            return self.svg()
        page = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{page}" style="width:100%;height:{self.height + 20}px;border:none" '
            'sandbox="allow-scripts"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page (see `to_html`) to `path`, e.g. to open it in a browser."""
        return write_atomic(Path(path), self.to_html())

    def static(self) -> StaticView:
        return StaticView(self.svg())

    def svg(self, width: int = 760) -> str:
        """The neighbourhood drawn in rings around the centre entity, by distance from it."""
        g, height = self.graph, self.height
        rings: dict[int, list[str]] = {}
        start = self.center if self.center in g else next(iter(g), None)
        seen: dict[str, int] = {}
        if start is not None:
            seen[start] = 0
            queue = deque([start])
            while queue:
                node = queue.popleft()
                for other in sorted({*g.successors(node), *g.predecessors(node)}):
                    if other not in seen:
                        seen[other] = seen[node] + 1
                        queue.append(other)
        depth = max(seen.values(), default=0)
        for node in sorted(g, key=lambda n: (g.nodes[n]["type"], g.nodes[n]["label"])):
            rings.setdefault(seen.get(node, depth + 1), []).append(node)
        cx, cy = width / 2, height / 2
        step = (min(cx, cy) - 40) / max(1, max(rings))
        pos: dict[str, tuple[float, float]] = {}
        for ring, nodes in rings.items():
            for i, node in enumerate(nodes):
                angle = 2 * math.pi * i / len(nodes) + ring * 0.4
                # a crowded ring alternates two radii, so neighbouring labels do not overprint
                radius = ring * step * (0.82 if len(nodes) > 14 and i % 2 else 1.0)
                pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        esc = html.escape
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">'
        ]
        for u, v, data in g.edges(data=True):
            (x1, y1), (x2, y2) = pos[u], pos[v]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bbbbbb">'
                f"<title>{esc(g.nodes[u]['label'])} → {esc(_edge_title(data))}</title></line>"
            )
        for node, (x, y) in pos.items():
            data = g.nodes[node]
            r = 9 if node == start else 5
            left = x < cx - 1  # labels point away from the centre
            text = f'x="{x - r - 2:.1f}" text-anchor="end"' if left else f'x="{x + r + 2:.1f}"'
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{COLOURS.get(data["type"], OTHER_COLOUR)}">'
                f"<title>{esc(data['label'])} ({esc(data['type'])})</title></circle>"
                f'<text {text} y="{y + 3:.1f}">{esc(_short(data["label"]))}</text>'
            )
        present = sorted({g.nodes[n]["type"] for n in g} & set(COLOURS))
        for i, kind in enumerate(present):  # legend, top left
            parts.append(
                f'<circle cx="12" cy="{14 + 14 * i}" r="5" fill="{COLOURS[kind]}"/>'
                f'<text x="22" y="{17 + 14 * i}">{kind}</text>'
            )
        parts.append("</svg>")
        return "".join(parts)
