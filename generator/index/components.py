"""Connected components of an undirected graph (union-find), for splitting work or tables into independent parts."""

from __future__ import annotations

from collections.abc import Iterable


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected parts of ``nodes`` plus the ends of ``edges``; parts and their members in order of first appearance."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for node in nodes:
        find(node)
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    parts: dict[str, list[str]] = {}
    for x in parent:
        parts.setdefault(find(x), []).append(x)
    return list(parts.values())
