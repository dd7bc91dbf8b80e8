"""The footnotes of one page: numbered in the order the page first references them, each linked both ways.

Footnote ids belong to a section, and a page may show several sections (a
whole chapter), so anchors carry the section id: a reference is
``fnref:<section>:<id>`` (``…:2`` for its second reference), the note
``fn:<section>:<id>``. The ``fn:``/``fnref:`` prefixes and the classes the
renderer uses are those of Python-Markdown's footnotes, which Material for
MkDocs styles: the site adds no CSS for them.

The section template renders a section's blocks inside ``{% call
in_section(section) %}``, so a ``[^ID]`` in any prose of those blocks finds its
note; ``notes()`` then lists them (referenced ones in order, then any note no
text references, so none is lost).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from ..source.models import Footnote, Section


@dataclass
class NoteUse:
    """A note shown on the page, with its number and how often the page references it."""

    section: Section
    note: Footnote
    number: int
    refs: int = 0

    @property
    def anchor(self) -> str:
        """Id of the note in the list at the end of the page."""
        return f"fn:{self.section.id}:{self.note.id}"

    def ref_anchor(self, n: int) -> str:
        """Id of the n-th reference to the note (the back-links go there)."""
        base = f"fnref:{self.section.id}:{self.note.id}"
        return base if n == 1 else f"{base}:{n}"


@dataclass
class PageNotes:
    """Footnotes referenced while one page renders (a new one per page)."""

    uses: dict[tuple[str, str], NoteUse] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    current: Section | None = None

    def in_section(self, section: Section, caller: Callable[[], str]) -> Markup:
        """Render ``caller`` (a Jinja call block) with ``section``'s footnotes in scope."""
        outer, self.current = self.current, section
        if section not in self.sections:
            self.sections.append(section)
        try:
            return Markup(caller())
        finally:
            self.current = outer

    def reference(self, note_id: str) -> tuple[NoteUse, int] | None:
        """Count a reference to a note of the current section: (its use, which reference this is), or None."""
        sec = self.current
        note = next((n for n in sec.footnotes if n.id == note_id), None) if sec is not None else None
        if sec is None or note is None:
            return None  # validation reports it; text outside a section has no notes
        use = self.uses.setdefault((sec.id, note_id), NoteUse(sec, note, len(self.uses) + 1))
        use.refs += 1
        return use, use.refs

    def listed(self) -> list[NoteUse]:
        """Every note of the page in number order: the referenced ones, then those nothing references."""
        out = list(self.uses.values())
        for sec in self.sections:
            for note in sec.footnotes:
                if (sec.id, note.id) not in self.uses:
                    out.append(NoteUse(sec, note, len(out) + 1))
        return out
