"""Code networks redrawn from the data as Mermaid flowcharts (category → sub-categories → quotes → informants)."""

from __future__ import annotations

from . import urls
from .errors import BuildError
from .link import Graph
from .models import Category, Figure

MERMAID_JS = urls.ASSET_ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


def label(text: str) -> str:
    """A node label safe inside Mermaid's ["..."] (entity codes for quotes and angle brackets)."""
    for char, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return " ".join(text.split())


class _Builder:
    def __init__(self, graph: Graph, page_url: str):
        self.graph = graph
        self.page_url = page_url
        self.nodes: dict[str, str] = {}  # content id -> node id
        self.lines: list[str] = []

    def node(self, id_: str, text: str, shape: str = "rect") -> str:
        if id_ in self.nodes:
            return self.nodes[id_]
        node = f"n{len(self.nodes)}"
        self.nodes[id_] = node
        open_, close = {"rect": ("[", "]"), "round": ("(", ")"), "stadium": ("([", "])")}[shape]
        self.lines.append(f'  {node}{open_}"{label(text)}"{close}')
        href = urls.relative(self.page_url, self.graph.url(id_))
        self.lines.append(f'  click {node} href "{href}" "{label(text)}"')
        return node

    def edge(self, a: str, b: str) -> None:
        line = f"  {a} --> {b}"
        if line not in self.lines:
            self.lines.append(line)

    def category(self, cat: Category) -> str:
        node = self.node(cat.id, cat.name, "round")
        for child in cat.children:
            self.edge(node, self.category(child))
        for qid in cat.quotes:
            quote = self.graph.records[qid]
            q_node = self.node(qid, self.graph.corpus.t("figure.quote_node", id=qid), "rect")
            self.edge(node, q_node)
            self.edge(q_node, self.node(quote.informant, quote.informant, "stadium"))  # type: ignore[attr-defined]
        return node


def figure_diagram(graph: Graph, figure: Figure, page_url: str) -> str | None:
    """Mermaid source of a figure's code network, or None when the figure has no category."""
    if not figure.category:
        return None
    builder = _Builder(graph, page_url)
    builder.category(graph.records[figure.category])  # type: ignore[arg-type]
    return "flowchart LR\n" + "\n".join(builder.lines) + "\n"


def diagram_assets() -> dict[str, str]:
    """The pinned Mermaid build, served from the site itself (never from a CDN)."""
    if not MERMAID_JS.is_file():
        raise BuildError(f"{MERMAID_JS} is missing: run `make site` (it runs `npm ci`)")
    return {"assets/mermaid.min.js": MERMAID_JS.read_text(encoding="utf-8")}
