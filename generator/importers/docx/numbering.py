"""The numbers Word shows before numbered paragraphs ("2.1.3", "CAPÍTULO II").

Word does not store them: it counts. A paragraph with numbering (``w:numPr``,
its own or its style's) names a numbering instance (``w:num``) that points to
an abstract definition (``w:abstractNum``) whose levels give the start value,
the format (decimal, roman, letters) and the text ("%1.%2."). Counting every
numbered paragraph in document order, restarting deeper levels when a level
advances, gives the label Word prints. pandoc drops these numbers; headings
keep them as their ``number``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .package import W
from .styles import StyleTable


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: every level shown in decimal


@dataclass
class Numbering:
    """numbering.xml: instances, abstract definitions, and the counters while reading the document."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    def label(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> str | None:
        """Advance the counter of this paragraph's list level and return the text Word shows (None: not numbered)."""
        if num_id is None or num_id == "0":
            return None
        abs_id = self.instances.get(num_id)
        if abs_id is None or abs_id not in self.abstract:
            return None
        levels = self.abstract[abs_id]
        if ilvl is None:  # a style that names the list and no level is at its first level (as Word numbers it)
            ilvl = 0
        if ilvl not in levels:
            return None
        key = num_id if num_id in self.overrides else abs_id
        counts = self.counters.setdefault(key, [None] * 9)
        start = self.overrides.get(num_id, {}).get(ilvl, levels[ilvl].start)
        counts[ilvl] = start if counts[ilvl] is None else counts[ilvl] + 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return None
        text = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in text:
                continue
            value = counts[k]
            if value is None:
                lv = levels.get(k, Level())
                value = self.overrides.get(num_id, {}).get(k, lv.start)
            fmt = "decimal" if level.legal else levels.get(k, Level()).fmt
            text = text.replace(token, format_number(value, fmt))
        return text.strip() or None


def format_number(n: int, fmt: str) -> str:
    """``n`` in a Word number format (decimal, upperRoman, lowerLetter…)."""
    if fmt in ("upperRoman", "lowerRoman"):
        roman = to_roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def to_roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out) or "0"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(f"{W}val", default)


def read_numbering(root: etree._Element | None, styles: StyleTable) -> Numbering:
    """The numbering definitions of ``numbering.xml`` (empty when the document numbers nothing)."""
    out = Numbering()
    if root is None:
        return out
    links: dict[str, str] = {}  # abstract id → style id it follows (w:numStyleLink)
    for ab in root.iter(f"{W}abstractNum"):
        abs_id = ab.get(f"{W}abstractNumId") or ""
        link = _val(ab.find(f"{W}numStyleLink"))
        if link:
            links[abs_id] = link
        levels: dict[int, Level] = {}
        for lvl in ab.iter(f"{W}lvl"):
            try:
                ilvl = int(lvl.get(f"{W}ilvl") or 0)
                start = int(_val(lvl.find(f"{W}start"), "1") or 1)
            except ValueError:
                continue
            levels[ilvl] = Level(
                start=start,
                fmt=_val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
                text=_val(lvl.find(f"{W}lvlText"), "") or "",
                legal=lvl.find(f"{W}isLgl") is not None,
            )
        out.abstract[abs_id] = levels
    for num in root.iter(f"{W}num"):
        num_id = num.get(f"{W}numId") or ""
        out.instances[num_id] = _val(num.find(f"{W}abstractNumId")) or ""
        for override in num.iter(f"{W}lvlOverride"):
            start = _val(override.find(f"{W}startOverride"))
            if start and start.isdigit():
                out.overrides.setdefault(num_id, {})[int(override.get(f"{W}ilvl") or 0)] = int(start)
    # an abstract definition that only links to a numbering style takes that style's definition
    for abs_id, style_id in links.items():
        style = styles.styles.get(style_id)
        target = out.instances.get(style.num_id or "") if style else None
        if target and target in out.abstract and not out.abstract.get(abs_id):
            out.abstract[abs_id] = out.abstract[target]
    return out
