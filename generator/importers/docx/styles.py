"""Which paragraphs of a Word document are headings, and at what level.

Word knows a heading by its style, in whatever language its interface speaks:
the built-in styles are named "heading 1"…"heading 9" in ``styles.xml`` even
where Spanish Word shows "Título 1" (style id ``Ttulo1``); a style based on one
keeps its level; any style may carry an outline level. University templates
define headings of their own ("Capítulos", "Sub 1"…) that are none of these:
Word's own table of contents says which is which (``TOC \\t "Capítulos;1;Sub 1;2"``),
and so may the author (``content/imported/docx/styles.yml`` or ``--heading-style``),
whose word wins. Levels are found in that order: the author's mapping, the table
of contents, the style's name, its outline level (through ``basedOn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .package import W

HEADING_NAME_RE = re.compile(
    r"^(?:heading|t[íi]tulo|encabezado|überschrift|titre|titolo|kop|nagłówek|cabeçalho)\s*([1-9])$", re.I
)
TITLE_NAMES = {"title", "título", "titulo", "titre", "titel", "titolo"}
SUBTITLE_NAMES = {"subtitle", "subtítulo", "subtitulo", "sous-titre", "untertitel", "sottotitolo"}
QUOTE_NAME_RE = re.compile(r"quote|cita|zitat|citation|testimon|entrevist|interview|verbatim|excerpt", re.I)
CAPTION_NAME_RE = re.compile(
    r"^(caption|descripci[óo]n|leyenda|figuras?|tablas?|table of figures|tabla de ilustraciones)$", re.I
)
TOC_NAME_RE = re.compile(r"^(toc \d|tdc \d|table of figures|tabla de ilustraciones|index \d)$", re.I)
TOC_SWITCH_T_RE = re.compile(r'\\t\s+"([^"]*)"')
TOC_SWITCH_O_RE = re.compile(r'\\o\s+"(\d)-(\d)"')


@dataclass
class Style:
    """One paragraph style as ``styles.xml`` declares it."""

    id: str
    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level declared by the style itself (9 = body text)
    indent_left: int | None  # twentieths of a point, when the style sets it
    italic: bool | None
    numbered: bool  # the style carries list numbering (w:numPr)
    num_id: str | None = None
    ilvl: int | None = None


@dataclass
class StyleTable:
    """Paragraph styles by id, with the heading levels the document and its author give them."""

    styles: dict[str, Style] = field(default_factory=dict)
    default_id: str = "Normal"
    toc_levels: dict[str, int] = field(default_factory=dict)  # style name (lower) → level, from the TOC's \t switch
    author_levels: dict[str, int] = field(default_factory=dict)  # style name or id (lower) → level (0 = not a heading)
    use_paragraph_outline: bool = False  # Word's TOC \u: paragraphs' own outline levels count
    inferred: dict[str, int] = field(default_factory=dict)  # style id (lower) → level, learned (headings.py)
    bold_lines: bool = False  # no heading styles at all: short bold lines are headings
    weak: set[str] = field(default_factory=set)  # style ids (lower) whose long paragraphs are body text
    toc_titles: dict[str, int | None] = field(default_factory=dict)  # typed headings: TOC entry → level (headings.py)

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        out: list[Style] = []
        current = self.styles.get(style_id or self.default_id)
        while current is not None and current not in out:
            out.append(current)
            current = self.styles.get(current.based_on) if current.based_on else None
        return out

    def name(self, style_id: str | None) -> str:
        """The style's name as Word stores it ('heading 1', 'Sub 1'), or the id when it has none."""
        style = self.styles.get(style_id or self.default_id)
        return style.name if style else (style_id or "")

    def level(self, style_id: str | None) -> int | None:
        """Heading level (1-9) of paragraphs in this style, or None for body text."""
        chain = self.chain(style_id)
        if not chain:
            return None
        first = chain[0]
        for key in (first.name.lower(), first.id.lower()):
            if key in self.author_levels:
                return self.author_levels[key] or None
        if first.name.lower() in self.toc_levels:
            return self.toc_levels[first.name.lower()]
        if first.id.lower() in self.inferred:
            return self.inferred[first.id.lower()]
        for style in chain:
            m = HEADING_NAME_RE.match(style.name.strip())
            if m:
                return int(m[1])
            if style.name.lower() in self.author_levels:
                return self.author_levels[style.name.lower()] or None
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
        return None

    def inherited(self, style_id: str | None, attr: str) -> object:
        """The first value of ``attr`` set along the style's chain (None when no style sets it)."""
        for style in self.chain(style_id):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None

    def is_title(self, style_id: str | None) -> bool:
        return self.name(style_id).lower() in TITLE_NAMES

    def is_subtitle(self, style_id: str | None) -> bool:
        return self.name(style_id).lower() in SUBTITLE_NAMES

    def is_quote(self, style_id: str | None) -> bool:
        """A style made for quotations ('Quote', 'Intense Quote', 'Cita', 'Cita entrevista'…), or based on one."""
        return any(QUOTE_NAME_RE.search(s.name) for s in self.chain(style_id))

    def is_caption(self, style_id: str | None) -> bool:
        return any(CAPTION_NAME_RE.match(s.name.strip()) for s in self.chain(style_id))

    def is_toc(self, style_id: str | None) -> bool:
        return bool(TOC_NAME_RE.match(self.name(style_id).strip()))


def _int(el: etree._Element | None, attr: str = "val") -> int | None:
    if el is None:
        return None
    try:
        return int(el.get(f"{W}{attr}") or "")
    except ValueError:
        return None


def read_styles(root: etree._Element | None) -> StyleTable:
    """The paragraph styles of ``styles.xml`` (an empty table when the document has none)."""
    table = StyleTable()
    if root is None:
        return table
    for el in root.iter(f"{W}style"):
        if el.get(f"{W}type") not in (None, "paragraph"):
            continue
        sid = el.get(f"{W}styleId") or ""
        name_el = el.find(f"{W}name")
        based = el.find(f"{W}basedOn")
        ppr = el.find(f"{W}pPr")
        rpr = el.find(f"{W}rPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        ind = ppr.find(f"{W}ind") if ppr is not None else None
        italic = None
        if rpr is not None and rpr.find(f"{W}i") is not None:
            italic = rpr.find(f"{W}i").get(f"{W}val", "true") not in ("0", "false")
        left = None
        if ind is not None:
            left = _int(ind, "left") if ind.get(f"{W}left") is not None else _int(ind, "start")
        table.styles[sid] = Style(
            id=sid,
            name=(name_el.get(f"{W}val") if name_el is not None else sid) or sid,
            based_on=based.get(f"{W}val") if based is not None else None,
            outline=_int(ppr.find(f"{W}outlineLvl")) if ppr is not None else None,
            indent_left=left,
            italic=italic,
            numbered=num is not None,
            num_id=(
                num.find(f"{W}numId").get(f"{W}val") if num is not None and num.find(f"{W}numId") is not None else None
            ),
            ilvl=_int(num.find(f"{W}ilvl")) if num is not None else None,
        )
        if el.get(f"{W}default") in ("1", "true"):
            table.default_id = sid
    return table


def toc_style_levels(instruction: str) -> dict[str, int]:
    """Style name (lowercased) → level from a TOC field's ``\\t "Style;1;Other style;2"`` switch."""
    m = TOC_SWITCH_T_RE.search(instruction)
    if not m:
        return {}
    parts = [p.strip() for p in re.split(r"[;,]", m[1])]
    out: dict[str, int] = {}
    for name, level in zip(parts[0::2], parts[1::2], strict=False):
        if name and level.isdigit() and 1 <= int(level) <= 9:
            out[name.lower()] = int(level)
    return out


def parse_style_mapping(items: list[str]) -> dict[str, int]:
    """The author's mapping: ``"Capítulos=1"``, ``"Sub 1=2"``, ``"Cita larga=0"`` (0: not a heading)."""
    out: dict[str, int] = {}
    for item in items:
        name, sep, level = item.rpartition("=")
        if not sep or not name.strip() or not level.strip().isdigit() or int(level) > 9:
            raise ValueError(f"heading style '{item}': write it as NAME=LEVEL, LEVEL 0 (not a heading) to 9")
        out[name.strip().lower()] = int(level)
    return out
