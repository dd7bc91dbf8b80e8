"""The pre-pass: what pandoc's docx reader needs changed in the XML before it reads it.

pandoc 3.9 reads the text, lists, tables, notes, images and equations of a
Word document well; where it falls short, the data we give it is fixed here
(never its output):

- every paragraph gets a marker run (``\\ue000P12\\ue001``) so that each block
  pandoc gives back can be matched with what the XML says about it (style,
  indentation, italics, heading level, the number Word shows);
- headings are found by ``styles.StyleTable`` (any interface language, a
  template's own styles, the TOC's style map, the author's mapping) and given a
  style pandoc reads as "heading N" (templates' numbered heading styles would
  otherwise come out as list items); Word's number is kept aside;
- simple fields (``w:fldSimple``) are replaced by the text Word shows (pandoc
  drops it: caption numbers from SEQ, "Tabla 41" from REF);
- Word's tables of contents and lists of figures/tables (fields and content
  controls) are removed, with a count for the report;
- comments' anchors are removed (comments are never published); tracked
  changes are counted (pandoc accepts them).

Reference-manager citations are replaced by markers before this pass
(``citations.extract_citations``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from .numbering import Numbering
from .package import W
from .styles import StyleTable, toc_style_levels

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
PARA_MARK_RE = re.compile("\ue000([PFE])(\\d+)\ue001")
PART_LETTER = {"document": "P", "footnotes": "F", "endnotes": "E"}
HEADING_STYLE_ID = "ThesisSiteHeading{}"
TOC_GALLERIES = ("table of contents", "bibliographies")
CAPTION_TEXT_RE = re.compile(
    r"^\s*(figura|figure|fig\.|tabla|table|gráfico|grafico|gráfica|ilustración|ilustracion|cuadro|imagen|esquema|mapa|"
    r"anexo|annex|appendix|chart|diagrama|diagram)\s+[0-9IVXLC]+",
    re.I,
)
TYPED_TOC_RE = re.compile(r"^\s*\S.{0,200}?(?:\s*[.…·]){4,}\s*[\divxlcIVXLC]{1,6}\s*$")
INSTR_WORD_RE = re.compile(r"^\s*([A-Za-z.]+)")


@dataclass
class Para:
    """What the XML says about one paragraph (pandoc's blocks carry its marker)."""

    key: str  # "P12": part letter and index
    style: str | None
    style_name: str
    level: int | None  # heading level 1-9, None for body text
    number: str | None  # the label Word shows before it ("2.1", "CAPÍTULO II")
    indent: int  # effective left indent, twentieths of a point
    italic: float  # share of its text set in italics
    text: str
    in_table: bool
    numbered: bool  # a list item (Word numbering or bullets)
    is_title: bool = False
    is_subtitle: bool = False
    is_quote_style: bool = False
    is_caption: bool = False
    has_seq: bool = False
    centered: bool = False
    bold: float = 0.0
    new_page: bool = False  # Word starts a new page here (a page or section break, or where it last paginated)


@dataclass
class PrePass:
    """The outcome: paragraph facts by marker key, and what was dropped or counted."""

    paras: dict[str, Para] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    body_indent: int = 0
    heading_source: str = ""  # how headings were found (for the report)
    toc: list[tuple[str, int | None]] = field(default_factory=list)  # the TOC's entries (title, level)


def instruction_word(instr: str) -> str:
    m = INSTR_WORD_RE.match(instr)
    return m[1].upper() if m else ""


@dataclass
class _Field:
    instr: str = ""
    begin: etree._Element | None = None
    end: etree._Element | None = None


def complex_fields(root: etree._Element) -> list[_Field]:
    """Every complex field (fldChar begin … end) with its whole instruction, outermost first by start."""
    out: list[_Field] = []
    stack: list[_Field] = []
    for el in root.iter(f"{W}fldChar", f"{W}instrText"):
        if el.tag == f"{W}instrText":
            if stack:
                stack[-1].instr += el.text or ""
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            fld = _Field(begin=el)
            stack.append(fld)
            out.append(fld)
        elif kind == "end" and stack:
            stack.pop().end = el
    return out


def paragraph_of(el: etree._Element) -> etree._Element | None:
    node = el
    while node is not None and node.tag != f"{W}p":
        node = node.getparent()
    return node


def remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def paragraphs_between(root: etree._Element, first: etree._Element, last: etree._Element) -> list[etree._Element]:
    """Paragraphs from ``first`` to ``last`` in document order, both included."""
    out, inside = [], False
    for p in root.iter(f"{W}p"):
        if p is first:
            inside = True
        if inside:
            out.append(p)
        if p is last:
            break
    return out


def is_list_of_figures(instr: str, styles: StyleTable) -> bool:
    """A TOC field that lists captions (\\c "Figura", or \\t naming caption styles) rather than headings."""
    if re.search(r"\\[ca]\s", instr + " "):
        return True
    mapped = toc_style_levels(instr)
    return bool(mapped) and all(CAPTION_NAME_RE_LOOSE.search(name) for name in mapped)


CAPTION_NAME_RE_LOOSE = re.compile(r"caption|descrip|leyenda|figur|tabla|table|ilustr|gr[áa]fic|cuadro|imagen", re.I)


def drop_tables_of_contents(root: etree._Element, styles: StyleTable, result: PrePass) -> None:
    """Remove Word's tables of contents and lists of figures; learn the heading styles the main TOC maps."""
    for sdt in list(root.iter(f"{W}sdt")):
        gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
        value = (gallery.get(f"{W}val") or "").lower() if gallery is not None else ""
        if value == "table of contents":
            for fld in complex_fields(sdt):
                if instruction_word(fld.instr) == "TOC" and not is_list_of_figures(fld.instr, styles):
                    learn_toc(fld.instr, styles)
            result.toc += [toc_entry(p, styles) for p in sdt.iter(f"{W}p")]
            result.dropped["table of contents"] += 1
            remove(sdt)
        elif value == "bibliographies":
            result.dropped["bibliography generated by Word"] += 1
            remove(sdt)
    for fld in complex_fields(root):
        if instruction_word(fld.instr) != "TOC" or fld.begin is None or fld.end is None:
            continue
        figures = is_list_of_figures(fld.instr, styles)
        if not figures:
            learn_toc(fld.instr, styles)
        first, last = paragraph_of(fld.begin), paragraph_of(fld.end)
        if first is None or last is None or first.getparent() is None:
            continue
        result.dropped["list of figures or tables" if figures else "table of contents"] += 1
        for p in paragraphs_between(root, first, last):
            if not figures:
                result.toc.append(toc_entry(p, styles))
            remove(p)
    for p in list(root.iter(f"{W}p")):  # entries left outside a field (a TOC pasted or typed as text)
        if TYPED_TOC_RE.match(text_of(p)) and not any(a.tag == f"{W}tc" for a in p.iterancestors()):
            result.dropped["table-of-contents lines typed with dot leaders"] += 1
            result.toc.append(toc_entry(p, styles))
            remove(p)
            continue
        if styles.is_toc(style_of(p)):
            result.dropped["table-of-contents lines outside a field"] += 1
            result.toc.append(toc_entry(p, styles))
            remove(p)


def toc_entry(p: etree._Element, styles: StyleTable) -> tuple[str, int | None]:
    """A TOC line's title and level (from its 'toc N' style, else from its number)."""
    from .headings import entry_title

    text = "".join("\t" if el.tag == f"{W}tab" else (el.text or "") for el in p.iter(f"{W}t", f"{W}tab"))
    title, level = entry_title(text)
    m = re.match(r"^(?:toc|tdc|index)\s*(\d)$", styles.name(style_of(p)).strip(), re.I)
    return title, int(m[1]) if m else level


def learn_toc(instr: str, styles: StyleTable) -> None:
    """Heading styles from the main TOC: ``\\t`` maps styles to levels, ``\\u`` counts paragraph outline levels."""
    for name, level in toc_style_levels(instr).items():
        styles.toc_levels.setdefault(name, level)
    if re.search(r"\\u(\s|$)", instr):
        styles.use_paragraph_outline = True


def unwrap_simple_fields(root: etree._Element, result: PrePass) -> None:
    """Replace each ``w:fldSimple`` by the runs it holds (the text Word shows)."""
    for fld in list(root.iter(f"{W}fldSimple")):
        word = instruction_word(fld.get(f"{W}instr") or "")
        result.counts[f"simple field {word or '?'}"] += 1
        parent = fld.getparent()
        if parent is None:
            continue
        index = parent.index(fld)
        for offset, child in enumerate(list(fld)):
            parent.insert(index + offset, child)
        parent.remove(fld)


def drop_comments(root: etree._Element, result: PrePass) -> None:
    """Remove comment anchors and references (comments are never published)."""
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        for el in list(root.iter(f"{W}{tag}")):
            if tag == "commentReference":
                result.counts["comments"] += 1
                run = el.getparent()
                if run is not None and run.tag == f"{W}r" and len(run) <= 2:
                    remove(run)
                    continue
            remove(el)


def count_revisions(root: etree._Element, result: PrePass) -> None:
    for tag, label in (("ins", "tracked insertions"), ("del", "tracked deletions"), ("moveTo", "tracked moves")):
        n = sum(1 for _ in root.iter(f"{W}{tag}"))
        if n:
            result.counts[label] += n


def style_of(p: etree._Element) -> str | None:
    el = p.find(f"{W}pPr/{W}pStyle")
    return el.get(f"{W}val") if el is not None else None


def run_flag(run: etree._Element, tag: str, styles: StyleTable, style: str | None) -> bool:
    el = run.find(f"{W}rPr/{W}{tag}")
    if el is not None:
        return el.get(f"{W}val", "true") not in ("0", "false", "none")
    return bool(styles.inherited(style, "italic")) if tag == "i" else False


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def shares(p: etree._Element, styles: StyleTable, style: str | None) -> tuple[float, float]:
    """(italic, bold) share of the paragraph's characters."""
    total = italic = bold = 0
    for run in p.iter(f"{W}r"):
        n = sum(len(t.text or "") for t in run.iter(f"{W}t"))
        if not n:
            continue
        total += n
        italic += n if run_flag(run, "i", styles, style) else 0
        bold += n if run_flag(run, "b", styles, style) else 0
    return (italic / total, bold / total) if total else (0.0, 0.0)


def indent_of(p: etree._Element, styles: StyleTable, style: str | None) -> int:
    ind = p.find(f"{W}pPr/{W}ind")
    if ind is not None:
        for attr in ("left", "start"):
            value = ind.get(f"{W}{attr}")
            if value is not None:
                try:
                    return int(value)
                except ValueError:
                    return 0
    inherited = styles.inherited(style, "indent_left")
    return int(inherited) if isinstance(inherited, int) else 0


def ensure_heading_styles(styles_root: etree._Element | None) -> None:
    """Add nine paragraph styles named "heading N" (pandoc's heading test) under ids of our own."""
    if styles_root is None:
        return
    for level in range(1, 10):
        sid = HEADING_STYLE_ID.format(level)
        el = etree.SubElement(styles_root, f"{W}style", {f"{W}type": "paragraph", f"{W}styleId": sid})
        etree.SubElement(el, f"{W}name", {f"{W}val": f"heading {level}"})


def set_heading(p: etree._Element, level: int) -> None:
    """Give the paragraph our heading style of this level and drop its list numbering (kept as ``number``)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    pstyle = ppr.find(f"{W}pStyle")
    if pstyle is None:
        pstyle = etree.Element(f"{W}pStyle")
        ppr.insert(0, pstyle)
    pstyle.set(f"{W}val", HEADING_STYLE_ID.format(level))
    for tag in ("numPr", "outlineLvl", "ind"):
        el = ppr.find(f"{W}{tag}")
        if el is not None:
            ppr.remove(el)


def unset_heading(p: etree._Element) -> None:
    """A paragraph pandoc would read as a heading that is not one here (the author said so): plain body text."""
    ppr = p.find(f"{W}pPr")
    pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
    if pstyle is not None:
        ppr.remove(pstyle)  # type: ignore[union-attr]


def mark(p: etree._Element, key: str) -> None:
    """Insert the marker run first in the paragraph (after its properties)."""
    run = etree.Element(f"{W}r")
    t = etree.SubElement(run, f"{W}t")
    t.text = f"{MARK_OPEN}{key}{MARK_CLOSE}"
    ppr = p.find(f"{W}pPr")
    p.insert(1 if ppr is not None and p.index(ppr) == 0 else 0, run)


def num_pr(p: etree._Element, styles: StyleTable, style: str | None) -> tuple[str | None, int | None]:
    num = p.find(f"{W}pPr/{W}numPr")
    if num is not None:
        nid = num.find(f"{W}numId")
        lvl = num.find(f"{W}ilvl")
        try:
            ilvl = int(lvl.get(f"{W}val") or 0) if lvl is not None else None
        except ValueError:
            ilvl = None
        return (nid.get(f"{W}val") if nid is not None else None), ilvl
    num_id = styles.inherited(style, "num_id")  # a style may give the list and inherit the level, or the reverse
    ilvl = styles.inherited(style, "ilvl")
    return (num_id if isinstance(num_id, str) else None), (ilvl if isinstance(ilvl, int) else None)


def paragraph_level(p: etree._Element, styles: StyleTable, style: str | None) -> int | None:
    level = styles.level(style)
    key = styles.name(style).lower()
    if key in styles.author_levels or (style or "").lower() in styles.author_levels:
        return level
    if styles.use_paragraph_outline:
        ol = p.find(f"{W}pPr/{W}outlineLvl")
        if ol is not None:
            try:
                value = int(ol.get(f"{W}val") or 9)
            except ValueError:
                value = 9
            return value + 1 if value < 9 else None
    return level


def learn_headings(root: etree._Element, styles: StyleTable, result: PrePass) -> None:
    """Heading styles of the template's own making (``headings.learn``), from the body's paragraphs."""
    from .headings import Line, learn

    lines = []
    for p in root.iter(f"{W}p"):
        style = style_of(p)
        num_id, ilvl = num_pr(p, styles, style)
        lines.append(
            Line(
                style,
                text_of(p),
                shares(p, styles, style)[1],
                any(a.tag == f"{W}tc" for a in p.iterancestors()),
                num_id,
                ilvl,
            )
        )
    result.heading_source = learn(styles, lines, result.toc)


def analyse(parts: dict[str, etree._Element], styles: StyleTable, numbering: Numbering, result: PrePass) -> None:
    """Mark every paragraph, set heading styles and record what each paragraph is."""
    for role in ("document", "footnotes", "endnotes"):
        root = parts.get(role)
        if root is None:
            continue
        letter = PART_LETTER[role]
        break_pending = False
        breaks = section_breaks(root) if role == "document" else set()
        for n, p in enumerate(list(root.iter(f"{W}p"))):
            new_page, break_pending = page_start(p, break_pending, breaks)
            style = style_of(p)
            text = text_of(p)
            num_id, ilvl = num_pr(p, styles, style)
            label = numbering.label(num_id, ilvl, style) if role == "document" else None
            level = paragraph_level(p, styles, style) if role == "document" else None
            in_table = any(a.tag == f"{W}tc" for a in p.iterancestors())
            italic, bold = shares(p, styles, style)
            if level is None and styles.bold_lines and role == "document" and not in_table and num_id in (None, "0"):
                from .headings import bold_heading_level

                level = bold_heading_level(text, bold)
            if level is None and styles.toc_titles and role == "document" and not in_table:
                from .headings import toc_heading_level

                level = toc_heading_level(styles, text)
            if level is not None and (in_table or not text.strip()):
                level = None
            if level is not None:
                from .headings import running_text

                level = None if running_text(text) else level
            if level is not None and (style or "").lower() in styles.weak:
                from .headings import heading_like

                level = level if heading_like(text) else None
            jc = p.find(f"{W}pPr/{W}jc")
            key = f"{letter}{n}"
            info = Para(
                key=key,
                style=style,
                style_name=styles.name(style),
                level=level,
                number=label if level is not None else None,
                indent=indent_of(p, styles, style),
                italic=italic,
                bold=bold,
                text=text,
                in_table=in_table,
                numbered=label is not None or (num_id not in (None, "0") and level is None),
                is_title=styles.is_title(style),
                is_subtitle=styles.is_subtitle(style),
                is_quote_style=styles.is_quote(style),
                is_caption=styles.is_caption(style) or bool(CAPTION_TEXT_RE.match(text)),
                has_seq=any(instruction_word(i.text or "") == "SEQ" for i in p.iter(f"{W}instrText")),
                centered=jc is not None and jc.get(f"{W}val") == "center",
                new_page=new_page,
            )
            if level is not None:
                set_heading(p, level)
            elif styles.level(style) is not None or is_heading_style_for_pandoc(styles, style):
                unset_heading(p)
            if text.strip() or p.find(f".//{W}drawing") is not None or p.find(f".//{W}pict") is not None:
                mark(p, key)
                result.paras[key] = info
    body = [p for p in result.paras.values() if p.key[0] == "P" and p.level is None and not p.in_table]
    indents = Counter(p.indent for p in body if not p.numbered and len(p.text) > 200)
    result.body_indent = indents.most_common(1)[0][0] if indents else 0


def section_breaks(root: etree._Element) -> set[etree._Element]:
    """Paragraphs that end a section followed by one starting on a new page.

    A paragraph's ``w:sectPr`` ends a section; whether the next section starts a new page is said by the *next*
    section's own ``w:sectPr`` (``w:type`` continuous or nextColumn: same page)."""
    ends = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    body = root.find(f"{W}body")
    final = body.find(f"{W}sectPr") if body is not None else None
    props = [p.find(f"{W}pPr/{W}sectPr") for p in ends] + [final]
    out = set()
    for p, following in zip(ends, props[1:], strict=False):
        kind = following.find(f"{W}type") if following is not None else None
        if (kind.get(f"{W}val") if kind is not None else "nextPage") not in ("continuous", "nextColumn"):
            out.add(p)
    return out


def page_start(p: etree._Element, pending: bool, breaks: set[etree._Element]) -> tuple[bool, bool]:
    """(does this paragraph start a page?, does the next one?) from page breaks and section breaks."""
    starts = pending or p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    seen_text = after = False
    for el in p.iter(f"{W}t", f"{W}br"):
        if el.tag == f"{W}t":
            if (el.text or "").strip():
                seen_text, after = True, False
        elif el.tag == f"{W}br" and el.get(f"{W}type") != "page":
            continue
        elif not seen_text:
            starts = True
        elif el.tag == f"{W}br":
            after = True
    return starts, after or p in breaks


def is_heading_style_for_pandoc(styles: StyleTable, style: str | None) -> bool:
    from .styles import HEADING_NAME_RE

    return any(HEADING_NAME_RE.match(s.name.strip()) for s in styles.chain(style))


def run_prepass(parts: dict[str, etree._Element], styles: StyleTable, numbering: Numbering) -> PrePass:
    """Change the parsed parts in place for pandoc; return what the XML says about each paragraph."""
    result = PrePass()
    for role in ("document", "footnotes", "endnotes"):
        root = parts.get(role)
        if root is None:
            continue
        count_revisions(root, result)
        drop_comments(root, result)
        if role == "document":
            drop_tables_of_contents(root, styles, result)
        unwrap_simple_fields(root, result)
    comments = parts.get("comments")
    if comments is not None:
        result.counts["comments"] = max(result.counts["comments"], sum(1 for _ in comments.iter(f"{W}comment")))
    ensure_heading_styles(parts.get("styles"))
    if "document" in parts:
        learn_headings(parts["document"], styles, result)
    analyse(parts, styles, numbering, result)
    return result
