"""Search index built by Pagefind, lunr gone, diagrams as SVG (issue 11)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.output.write import mkdocs_config, without_search
from generator.website.diagram import Diagram, Node, draw

SVG = "{http://www.w3.org/2000/svg}"


def test_material_search_plugin_is_dropped_from_any_config() -> None:
    plugins = ["search", {"search": {"lang": "es"}}, {"material/search": {}}, "tags", {"blog": {"x": 1}}]
    assert without_search(plugins) == ["tags", {"blog": {"x": 1}}]
    config = mkdocs_config({"site_name": "x", "plugins": [{"search": {"lang": "en"}}]}, [])
    assert config["plugins"] == []
    assert "assets/search.js" in config["extra_javascript"]


class _Urls:
    def url(self, id_: str) -> str:
        return f"x/{id_}/"


def test_diagram_svg_escapes_labels_and_names_every_link() -> None:
    nodes = [
        Node("cat", '<script>alert("x")</script> & más', "category", 0, ['<script>alert("x")</script> & más']),
        Node("q-1", "cita q-1", "quote", 1, ["cita q-1"]),
        Node("P1", "P1", "informant", 2, ["P1"]),
    ]
    diagram = Diagram(nodes, [(0, 1), (1, 2), (0, 2)], "figuras/f/", _Urls(), {})  # type: ignore[arg-type]
    svg = str(draw(diagram, "Figura <1>", "Descripción & más"))
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Figura <1>"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Descripción & más"  # type: ignore[union-attr]
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["../../x/cat/", "../../x/q-1/", "../../x/P1/"]
    assert links[0].get("aria-label") == '<script>alert("x")</script> & más'
    assert len(root.findall(f".//{SVG}path[@marker-end]")) == 3
    assert draw(diagram, "Figura <1>", "Descripción & más") == svg  # deterministic
