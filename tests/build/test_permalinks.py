"""Permalinks never change: every URL and authored anchor of the round-1 Puno site still resolves."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import TESTS

EXPECTED = TESTS / "data" / "round1-urls.txt"


def test_every_round1_url_and_anchor_still_resolves(site_root: Path) -> None:
    wanted = [line for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(wanted) > 1000  # pages, quote permalinks, reference anchors, section and item anchors
    ids: dict[Path, set[str]] = {}
    missing = []
    for url in wanted:
        page, _, anchor = url.partition("#")
        file = site_root / page if page.endswith(".html") else site_root / page / "index.html"
        if not file.is_file():
            missing.append(url)
            continue
        if file not in ids:
            ids[file] = set(re.findall(r'\bid="([^"]+)"', file.read_text(encoding="utf-8")))
        if anchor and anchor not in ids[file]:
            missing.append(url)
    assert missing == []
