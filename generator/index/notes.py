"""Where each recorded contradiction of the thesis is shown, besides the editorial notes page.

A contradiction links to the records it involves; on a section page it is
shown once, at the most specific place it names: after an item, before a
list, or at the end of the section's text. Findings, figures and informants
show the contradictions that name them.
"""

from __future__ import annotations

from ..source.corpus import Corpus
from ..source.models import Discrepancy, Section
from .link import walk_items

END = "fin"  # place key: after the section's text


def section_places(corpus: Corpus, sec: Section) -> dict[str, list[Discrepancy]]:
    """Contradictions of one section page by place: an item id, a list id, or ``END``."""
    lists = [b.list for b in sec.blocks if b.list is not None]
    items = [item.id for lst in lists for item in walk_items(lst.items)]
    list_ids = [lst.id for lst in lists]
    places: dict[str, list[Discrepancy]] = {}
    for d in corpus.thesis.discrepancies if corpus.thesis else []:
        place = next((t for t in d.links if t in items), None)
        place = place or next((t for t in d.links if t in list_ids), None)
        place = place or (END if sec.id in d.links else None)
        if place:
            places.setdefault(place, []).append(d)
    return places


def naming(corpus: Corpus, id_: str) -> list[Discrepancy]:
    """Contradictions that name a record (a finding, figure or informant)."""
    return [d for d in (corpus.thesis.discrepancies if corpus.thesis else []) if id_ in d.links]
