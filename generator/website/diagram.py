"""Code networks drawn at build time as inline SVG (no diagram script reaches the reader).

A figure's network is category → sub-categories → quotes → informants. The
layered (Sugiyama) layout comes from igraph (``Graph.layout_sugiyama``: layer
assignment, crossing reduction by barycenters, routing points for edges that
skip layers), a maintained library installed from a wheel with the package,
so no system program is needed. Layers run left to right: categories by depth,
then every quote in one column, then every informant in the next. This module
only measures labels, places boxes on the layout's grid and writes SVG.

Every node is an ``<a>`` to its page, named by its full label; the ``<svg>``
carries a ``<title>`` and a ``<desc>``. The drawing keeps its natural size
(labels at 13 px): on a narrow screen it scrolls sideways inside its figure
rather than shrinking (``assets/diagram.css``); printed, it shrinks to the
page width.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import igraph
from markupsafe import Markup, escape

from .. import urls
from ..index.link import Graph
from ..source.models import Category, Figure

FONT = 13  # px, label size
LINE = 16  # px, line height
PAD_X, PAD_Y = 8, 6  # px inside a box
GAP_X, GAP_Y = 36, 10  # px between columns, between boxes of one column
WRAP = 28  # characters per label line
NARROW = set("iljtfr.,;:'!|()[] ")
WIDE = set("mwMW@%")


def text_width(line: str) -> float:
    """Approximate width (px) of a label line in a sans-serif font at FONT px."""
    em = 0.0
    for char in line:
        em += 0.3 if char in NARROW else 0.85 if char in WIDE else 0.68 if char.isupper() or char.isdigit() else 0.58
    return em * FONT


@dataclass
class Node:
    """One box of the drawing."""

    id: str
    label: str
    kind: str  # "category", "quote" or "informant"
    layer: int
    lines: list[str] = field(default_factory=list)

    @property
    def width(self) -> float:
        return max(text_width(line) for line in self.lines) + 2 * PAD_X

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + 2 * PAD_Y


@dataclass
class Diagram:
    """A figure's network laid out, ready to write as SVG."""

    nodes: list[Node]
    edges: list[tuple[int, int]]
    page_url: str
    graph: Graph
    counts: dict[str, int]
    editorial_edges: set[tuple[int, int]] = field(default_factory=set)  # category → child links the editors drew
    editorial_groups: list[Category] = field(default_factory=list)  # the categories whose grouping is editorial

    def svg(self, title: str, description: str) -> Markup:
        """The inline ``<svg>``; ``title`` and ``description`` become its ``<title>`` and ``<desc>``."""
        return draw(self, title, description)

    @property
    def columns(self) -> list[int]:
        """Left edge (px, at the drawing's natural size) of each column: where a sideways swipe comes to rest."""
        return [round(left) for left in _columns(self)[1]]


class _Collector:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.index: dict[str, int] = {}
        self.nodes: list[Node] = []
        self.edges: list[tuple[int, int]] = []
        self.editorial_edges: set[tuple[int, int]] = set()
        self.editorial_groups: list[Category] = []

    def node(self, id_: str, label: str, kind: str, layer: int) -> int:
        if id_ not in self.index:
            self.index[id_] = len(self.nodes)
            lines = textwrap.wrap(label, WRAP, break_long_words=False, break_on_hyphens=False) or [label]
            self.nodes.append(Node(id_, label, kind, layer, lines))
        return self.index[id_]

    def edge(self, a: int, b: int) -> None:
        if (a, b) not in self.edges:
            self.edges.append((a, b))

    def category(self, cat: Category, depth: int, quote_layer: int) -> int:
        me = self.node(cat.id, cat.name, "category", depth)
        editorial = "children" in cat.editorial and bool(cat.children)
        if editorial:
            self.editorial_groups.append(cat)
        for child in cat.children:
            edge = (me, self.category(child, depth + 1, quote_layer))
            self.edge(*edge)
            if editorial:  # the thesis does not place this sub-category under this category
                self.editorial_edges.add(edge)
        for qid in cat.quotes:
            quote = self.graph.records[qid]
            q = self.node(qid, self.graph.corpus.t("figure.quote_node", id=qid), "quote", quote_layer)
            self.edge(me, q)
            informant = quote.informant  # type: ignore[attr-defined]
            self.edge(q, self.node(informant, informant, "informant", quote_layer + 1))
        return me


def _depth(cat: Category) -> int:
    return 1 + max((_depth(c) for c in cat.children), default=0)


def figure_diagram(graph: Graph, figure: Figure, page_url: str) -> Diagram | None:
    """The laid-out network of a figure, or None when the figure has no category."""
    if not figure.category:
        return None
    root: Category = graph.records[figure.category]  # type: ignore[assignment]
    collector = _Collector(graph)
    collector.category(root, 0, _depth(root))
    kinds = [n.kind for n in collector.nodes]
    counts = {kind: kinds.count(kind) for kind in ("category", "quote", "informant")}
    return Diagram(
        collector.nodes, collector.edges, page_url, graph, counts, collector.editorial_edges, collector.editorial_groups
    )


def _layout(diagram: Diagram) -> tuple[list[tuple[float, float]], list[list[tuple[float, float]]]]:
    """Grid positions (layer, slot) of the nodes and of each edge's routing points."""
    g = igraph.Graph(n=len(diagram.nodes), edges=diagram.edges, directed=True)
    layout = g.layout_sugiyama(layers=[n.layer for n in diagram.nodes], hgap=1, vgap=1)
    slots = [(float(y), float(x)) for x, y in layout.coords]  # igraph: x = slot in layer, y = layer
    routes = [[(float(y), float(x)) for x, y in points] for points in layout.edge_routing]
    return slots, routes


def _columns(diagram: Diagram) -> tuple[list[float], list[float]]:
    """Width and left edge of each column (layer) of the drawing."""
    layers = 1 + max(n.layer for n in diagram.nodes)
    widths = [0.0] * layers
    for node in diagram.nodes:
        widths[node.layer] = max(widths[node.layer], node.width)
    return widths, [GAP_Y + sum(widths[:i]) + i * GAP_X for i in range(layers)]


def draw(diagram: Diagram, title: str, description: str) -> Markup:
    """Write the SVG of a laid-out diagram."""
    slots, routes = _layout(diagram)
    widths, lefts = _columns(diagram)
    unit = max(n.height for n in diagram.nodes) + GAP_Y
    top = min([s for _, s in slots] + [s for r in routes for _, s in r])

    def y_of(slot: float) -> float:
        return GAP_Y + (slot - top) * unit + unit / 2

    width = lefts[-1] + widths[-1] + GAP_Y
    height = max([y_of(s) for _, s in slots] + [y_of(s) for r in routes for _, s in r]) + unit / 2 + GAP_Y
    out = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="ts-network" viewBox="0 0 {w:.0f} {h:.0f}" '
            'width="{w:.0f}" height="{h:.0f}" role="group" aria-labelledby="diagrama-titulo" '
            'aria-describedby="diagrama-desc">'
        ).format(w=width, h=height),  # fmt: skip
        Markup('<title id="diagrama-titulo">{}</title><desc id="diagrama-desc">{}</desc>').format(title, description),
        Markup(
            '<defs><marker id="ts-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L8,4 L0,8 z" class="ts-network__head"/></marker></defs>'
        ),  # fmt: skip
        Markup('<g class="ts-network__edges" aria-hidden="true">'),
    ]
    for (a, b), route in zip(diagram.edges, routes, strict=True):
        src, dst = diagram.nodes[a], diagram.nodes[b]
        points = [(lefts[src.layer] + src.width, y_of(slots[a][1]))]
        for layer, slot in route:
            column = int(round(layer))
            points += [(lefts[column], y_of(slot)), (lefts[column] + widths[column], y_of(slot))]
        points.append((lefts[dst.layer], y_of(slots[b][1])))
        path = " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        ed = Markup(' class="ts-network__edge--ed"') if (a, b) in diagram.editorial_edges else Markup("")
        out.append(Markup('<path d="M{}"{} marker-end="url(#ts-arrow)"/>').format(path, ed))
    out.append(Markup("</g>"))
    for i, node in enumerate(diagram.nodes):
        x, cy = lefts[node.layer], y_of(slots[i][1])
        y = cy - node.height / 2
        radius = node.height / 2 if node.kind == "informant" else 10 if node.kind == "category" else 2
        href = urls.relative(diagram.page_url, diagram.graph.url(node.id))
        out.append(
            Markup(
                '<a href="{}" aria-label="{}" class="ts-network__node ts-network__node--{}">'
                '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" rx="{:.1f}"/>'
                '<text x="{:.1f}" y="{:.1f}">'
            ).format(
                href, node.label, node.kind, x, y, node.width, node.height, radius, x + PAD_X, y + PAD_Y + FONT
            )  # fmt: skip
        )
        for n, line in enumerate(node.lines):
            out.append(Markup('<tspan x="{:.1f}" dy="{}">{}</tspan>').format(x + PAD_X, 0 if n == 0 else LINE, line))
        out.append(Markup("</text></a>"))
    out.append(Markup("</svg>"))
    return Markup("").join(escape(part) for part in out)
