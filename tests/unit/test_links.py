"""Zero broken internal links or anchors over the whole built thesis."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[name] or "")


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def target_file(site: Path, url_path: str) -> Path:
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def test_no_broken_internal_link_or_anchor(site_root: Path) -> None:
    pages = {p: parse(p) for p in site_root.rglob("*.html")}
    assert len(pages) > 100
    broken = []
    checked = 0
    for page, collector in pages.items():
        base = "/" + page.relative_to(site_root).as_posix()
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "data", "javascript"):
                broken.append(f"{base}: external link {link}")
                continue
            resolved = urlsplit(urljoin(base, link))
            file = target_file(site_root, unquote(resolved.path))
            checked += 1
            if not file.is_file():
                broken.append(f"{base}: {link} -> missing {file.relative_to(site_root)}")
            elif resolved.fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else parse(file).ids
                if unquote(resolved.fragment) not in ids:
                    broken.append(f"{base}: {link} -> no anchor #{resolved.fragment}")
    assert checked > 5000
    assert broken == []
