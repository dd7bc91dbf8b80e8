"""Internal link checker for a built site: every href/src and #anchor must resolve, nothing external."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = ("http", "https", "mailto", "data", "javascript", "ftp")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            value = values.get(name)
            if value and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(value)


@dataclass
class Report:
    """What the check found."""

    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def check_site(site: Path) -> Report:
    """Check every page of ``site``."""
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    report = Report(pages=len(pages))
    for page, collector in pages.items():
        base = "/" + page.relative_to(site).as_posix()
        for link in collector.links:
            if urlsplit(link).scheme in EXTERNAL:
                report.broken.append(f"{base}: external link {link}")
                continue
            resolved = urlsplit(urljoin(base, link))
            target = site / unquote(resolved.path).lstrip("/")
            if resolved.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            report.links += 1
            if not target.is_file():
                report.broken.append(f"{base}: {link} -> missing {target.relative_to(site)}")
            elif resolved.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(resolved.fragment) not in ids:
                    report.broken.append(f"{base}: {link} -> no anchor #{resolved.fragment}")
    return report
