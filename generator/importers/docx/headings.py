"""Headings a template made its own way: learned from the document itself.

``styles.StyleTable`` knows the headings Word knows (heading styles, outline
levels, the TOC's style map). Templates and students make headings other ways,
and the document usually says so somewhere else:

1. its table of contents lists the headings (each entry "1.2.<tab>Title<tab>page"):
   the styles of the paragraphs that read like an entry are heading styles, at the
   entry's level;
2. a multilevel list bound to several paragraph styles (Capítulos ↔ level 1,
   Sub 1 ↔ level 2…) is how Word numbers chapters and sections;
3. a style named for what it is ("Nombre Capítulo", "Subtítulo", "Título 2 tesis");
4. failing all of these, short lines set entirely in bold, as headings typed by hand;
5. where the styles make few of the headings a table of contents lists, the lines that read as its entries.

Each rule only adds styles whose paragraphs are short (a heading, not a body
style), and never overrides what Word itself or the author says.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from .styles import StyleTable

NUMBER_RE = re.compile(
    r"^\s*((?:cap[ií]tulo|chapter|parte|part)\s+[\dIVXLC]+[.:]?|[\dIVXLC]+(?:\.\d+)*\.?|[A-Z]\.)\s+", re.I
)
CHAPTER_NAME_RE = re.compile(r"cap[ií]tulo|chapter|^t[ií]tulo(s)?( principal| tesis| 1)?$|^titulo$", re.I)
SECTION_NAME_RE = re.compile(r"sub\s*-?\s*t[ií]tulo|subcap|secci[oó]n|section|^sub\s*(\d)$|apartado", re.I)
CHAPTER_LABEL_RE = re.compile(r"^(cap[ií]tulo|chapter|parte|part)\s+[\dIVXLC]+\.?$", re.I)


@dataclass
class Line:
    """What the heading rules need to know of one body paragraph."""

    style: str | None
    text: str
    bold: float
    in_table: bool
    num_id: str | None
    ilvl: int | None


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def entry_title(entry: str) -> tuple[str, int | None]:
    """A TOC entry's title without its number and page, and the level its number implies ('1.2.' → 2)."""
    parts = [p.strip() for p in entry.split("\t") if p.strip()]
    if parts and re.fullmatch(r"[\divxlcIVXLC]+", parts[-1]):
        parts = parts[:-1]
    text = " ".join(parts)
    text = re.sub(r"[\s.…·]*[.…·]{3,}[\s.…·]*[\divxlcIVXLC]*$", "", text)  # dot leaders ("…", "...") and page
    level = None
    m = NUMBER_RE.match(text)
    if m:
        number = m[1].strip()
        if re.fullmatch(r"\d+(\.\d+)*\.?", number):
            level = number.rstrip(".").count(".") + 1
        text = text[m.end() :]
    return fold(text).strip(" .:"), level


def short(lines: list[Line]) -> bool:
    """The paragraphs of a style read like headings: few words, no running sentences."""
    words = [len(line.text.split()) for line in lines if line.text.strip()]
    return bool(words) and sum(words) / len(words) <= 16 and sum(w <= 25 for w in words) >= 0.8 * len(words)


def learn(styles: StyleTable, lines: list[Line], toc: list[tuple[str, int | None]]) -> str:
    """Add heading styles found by the rules above to ``styles.inferred``; return how (for the report)."""
    by_style: dict[str | None, list[Line]] = defaultdict(list)
    for line in lines:
        if not line.in_table and line.text.strip():
            by_style[line.style].append(line)
    known = {s for s in by_style if styles.level(s) is not None}
    how: list[str] = []

    # 1. the table of contents
    entries = {}
    for text, level in toc:
        if text:
            entries.setdefault(text, level)
    votes: dict[str | None, Counter[int]] = defaultdict(Counter)
    for style, group in by_style.items():
        if style in known or styles.is_caption(style) or any(CAPTION_LINE_RE.match(line.text) for line in group[:3]):
            continue
        for line in group:
            title, _ = entry_title(line.text)
            if title in entries:
                votes[style][entries[title] or 1] += 1
    for style, counter in votes.items():
        group = by_style[style]
        if style is not None and short(group) and sum(counter.values()) >= max(1, len(group) // 3):
            styles.inferred[style.lower()] = counter.most_common(1)[0][0]
            how.append(
                f"style '{styles.name(style)}' = level {styles.inferred[style.lower()]} (its paragraphs are the TOC's entries)"
            )
    # 2. a multilevel list bound to several styles
    bound: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for style, group in by_style.items():
        if style is None or style in known or style.lower() in styles.inferred:
            continue
        num_id = styles.inherited(style, "num_id")
        ilvl = styles.inherited(style, "ilvl")
        if isinstance(num_id, str) and num_id != "0" and short(group):
            bound[num_id][ilvl if isinstance(ilvl, int) else 0].add(style)
    for levels in bound.values():
        if len(levels) >= 2 and all(len(v) == 1 for v in levels.values()):
            for ilvl, group_styles in levels.items():
                style = next(iter(group_styles))
                styles.inferred[style.lower()] = ilvl + 1
                how.append(
                    f"style '{styles.name(style)}' = level {ilvl + 1} (numbered as level {ilvl + 1} of one multilevel list)"
                )
    # 3. names (students also type body text in these styles: only the short lines count, see ``weak``)
    for style, group in by_style.items():
        if style is None or style in known or style.lower() in styles.inferred:
            continue
        if not any(heading_like(line.text) for line in group) or styles.is_caption(style):
            continue
        name = styles.name(style)
        m = SECTION_NAME_RE.search(name)
        if CHAPTER_NAME_RE.search(name) and not m:
            styles.inferred[style.lower()] = 1
        elif m:
            styles.inferred[style.lower()] = int(m[1]) + 1 if m[1] else 2
        else:
            continue
        if not short(group):
            styles.weak.add(style.lower())
        how.append(f"style '{name}' = level {styles.inferred[style.lower()]} (by its name)")
    # 4. bold lines, only where nothing else made a heading
    found = sum(len(by_style[s]) for s in by_style if s in known or (s or "").lower() in styles.inferred)
    if found < 2:
        styles.bold_lines = True
        how.append("short lines set in bold (the document uses no heading styles)")
    # 5. lines that read as the TOC's entries, where the styles make under a quarter of the headings it lists
    if entries and found * 4 < len(entries):
        styled = {
            entry_title(line.text)[0]
            for s in by_style
            if s in known or (s or "").lower() in styles.inferred
            for line in by_style[s]
        }
        styles.toc_titles = {title: level for title, level in entries.items() if title not in styled}
        how.append(
            f"lines that read as the table of contents' {len(entries)} entries (its styles make {found} headings)"
        )
    return "; ".join(how)


def toc_heading_level(styles: StyleTable, text: str) -> int | None:
    """Level of a typed heading the table of contents lists (each entry heads one paragraph, the first that reads
    like it): the entry's own level, else its number's depth, else 1."""
    if not styles.toc_titles or not 0 < len(text.split()) <= 25:
        return None
    title, own = entry_title(text)
    if title not in styles.toc_titles:
        return None
    level = styles.toc_titles.pop(title)
    return level or own or 1


CAPTION_LINE_RE = re.compile(r"^\s*(figura|figure|tabla|table|gr[áa]fico|ilustraci[óo]n|cuadro)\s+[\dIVX]", re.I)


def heading_like(text: str) -> bool:
    """A line that could be a heading: at most 15 words, not ending like a sentence."""
    words = text.split()
    return (
        0 < len(words) <= 15
        and not text.rstrip().endswith((".", ",", ";", ":"))
        or bool(CHAPTER_LABEL_RE.match(text.strip()))
    )


def running_text(text: str) -> bool:
    """A paragraph of prose, whatever its style: over 30 words, or over 15 ending like a sentence. Students set
    whole paragraphs in a heading style (a template's "Heading 3" kept for the body); those are text, not headings."""
    words = len(text.split())
    return words > 30 or words > 15 and text.rstrip().endswith((".", ";"))


def bold_heading_level(text: str, bold: float) -> int | None:
    """Level of a hand-made heading: a short bold line that does not end like a sentence."""
    words = text.split()
    if (
        bold < 0.9
        or not words
        or len(words) > 15
        or text.rstrip().endswith((".", ",", ";"))
        and not CHAPTER_LABEL_RE.match(text.strip())
    ):
        return None
    if CHAPTER_LABEL_RE.match(text.strip()) or re.match(r"^(cap[ií]tulo|chapter)\b", text.strip(), re.I):
        return 1
    m = re.match(r"^\s*(\d+(?:\.\d+)*)\.?\s", text)
    return m[1].count(".") + 1 if m else 2
