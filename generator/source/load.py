"""Stage 1 — load: read the YAML content files keeping the line of every node.

PyYAML silently keeps the last of two equal mapping keys; here that is an
error. Bytes that are not UTF-8 are an error with their line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problems

Path_ = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (same nodes and marks, several times faster).
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the 1-based line of every node path."""

    rel: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of the deepest node on ``path`` that exists in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


class _Builder:
    """Turns a composed node tree into Python data, recording lines."""

    def __init__(self, loader: Any, doc: YamlDoc, problems: Problems):
        self.loader = loader
        self.doc = doc
        self.problems = problems

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in out:
                first = self.doc.lines[(*path, key)]
                self.problems.error(self.doc.rel, line, f"duplicate key '{key}' (first defined on line {first})")
                continue
            self.doc.lines[(*path, key)] = line
            out[key] = self.build(value_node, (*path, key))
            self.doc.lines[(*path, key)] = line
        return out


def decode_utf8(raw: bytes, rel: str, problems: Problems) -> str | None:
    """Decode bytes as UTF-8, or record an error at the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None


def parse_yaml(text: str, rel: str, problems: Problems) -> YamlDoc | None:
    """Parse one YAML document; syntax errors are recorded with their line."""
    doc = YamlDoc(rel=rel, data=None)
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.error(rel, 1, "file is empty")
            return None
        doc.data = _Builder(loader, doc, problems).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            message += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        opened = unclosed_quote(text, line)
        if opened is not None and opened != line:
            message += f"; the text in double quotes opened on line {opened} is not closed there"
        problems.error(rel, line, message)
        return None
    finally:
        loader.dispose()
    return doc


def unclosed_quote(text: str, until: int) -> int | None:
    """The first line up to ``until`` whose double quotes do not pair up (a quoted text left open), if any."""
    for number, line in enumerate(text.split("\n")[:until], start=1):
        if not line.lstrip().startswith("#") and line.replace('\\"', "").count('"') % 2:
            return number
    return None


def read_yaml(root: Path, rel: str, problems: Problems) -> YamlDoc | None:
    """Read and parse ``root/rel``; a missing file is the caller's concern."""
    text = decode_utf8((root / rel).read_bytes(), rel, problems)
    if text is None:
        return None
    return parse_yaml(text, rel, problems)
