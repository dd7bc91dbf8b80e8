"""Citations typed by hand, and the reference list typed at the end of the thesis.

Many theses have no reference manager: the author typed "(Smith, 2019)",
"Pérez y Gómez (2018)", "(Smith & Lee, 2019; Díaz et al., 2020, p. 4)" and,
at the end, a list of references. The list is parsed into entries (APA 7's
shape: authors, year, title, then the source), keeping as written what cannot
be parsed; each typed citation is matched with an entry by its first author's
surname and year (and the second author or the year's letter where that is
not enough). A citation that matches no entry becomes an incomplete reference
holding exactly what the text gives — the surnames and the year — as the
Puno thesis's references do; nothing else is invented. Every such citation is
reported with the paragraph it stands in.

Narrative citations keep the author's own words for the names: "Pérez y Gómez
(2018)" becomes ``Pérez y Gómez [-@perez2018]``; parenthetical ones become
``[@perez2018; @smith2019, p. 4]`` and are printed by the citation style.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
SURNAME = (
    rf"(?:(?:de|del|de la|van|von|van der|da|dos|di|le|la|mc|mac)\s+)?[{UPPER}][\w'’.-]*(?:[\s-]+[{UPPER}][\w'’-]*)?"
)
ORG = rf"[{UPPER}][\w'’&.-]*(?:\s+(?:de|del|la|las|los|y|of|the|for|and|en|para|[{UPPER}][\w'’.-]*)){{0,8}}"
YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|s\.\s?f\.|n\.\s?d\.|en prensa|in press"
PERSONS = rf"{SURNAME}(?:\s*,\s*{SURNAME})*(?:\s*,?\s+(?:y|&|and|e)\s+{SURNAME})?(?:\s+et\s+al\.?)?"
AUTHORS = rf"(?:{SURNAME}(?:\s*,\s*{SURNAME})*(?:\s*,?\s+(?:y|&|and|e)\s+{SURNAME})?(?:\s+et\s+al\.?)?|{ORG})"
LOCATOR = r"(?:p|pp|pág|págs|pag|párr|para|cap|chap)\.\s*[\divxlc]+(?:\s*[-–]\s*[\divxlc]+)?"
GROUP_RE = re.compile(
    rf"^\s*(?P<prefix>(?:ver|véase|cf\.|see|e\.\s?g\.,|por ejemplo,|como se citó en|as cited in|citado en|"
    rf"citado por|según|segun|en|in)\s+)?"
    rf"(?P<authors>{AUTHORS})\s*,?\s+(?P<years>(?:{YEAR})(?:\s*,\s*(?:{YEAR}))*)"
    rf"(?:\s*,\s*(?P<loc>{LOCATOR}))?\s*$",
    re.I,
)
PAREN_RE = re.compile(r"(?<![\w\\])\((?P<body>[^()]{4,300}?)\)")
NARRATIVE_RE = re.compile(
    rf"(?P<authors>{AUTHORS})\s+\((?P<years>(?:{YEAR})(?:\s*,\s*(?:{YEAR}))*)(?:\s*,\s*(?P<loc>{LOCATOR}))?\)"
)
ENTRY_RE = re.compile(
    rf"^(?P<authors>.+?)\s*\((?P<year>{YEAR}|(?:1[5-9]\d\d|20\d\d)[a-z]?,[^)]*)\)\.?\s*(?P<rest>.*)$", re.I | re.S
)
NAME_PAIR_RE = re.compile(rf"(?P<family>[^,&]+?),\s*(?P<given>(?:[{UPPER}]\.?[\s-]*)+)(?=,|&|\s+y\s|\s+and\s|$|\.)")
CHICAGO_RE = re.compile(
    rf"^(?P<authors>[^()]+?)\.\s+(?P<year>{YEAR})\.\s+(?P<rest>.*)$", re.S
)  # Name. 2008. “Title.” …
URL_RE = re.compile(r"(https?://\S+?)[.,;]?$")
STOP = {"y", "and", "&", "e", "et", "al", "al."}
# capitalised words that open sentences, not names ("Para Ogata (2018)", "Igualmente, Ciubotaru y Muntean (2013)")
NOT_NAMES = set(
    "para según segun igualmente asimismo además ademas como en de por también tambien mientras así asi luego "
    "finalmente entonces aunque sin embargo del mismo modo al respecto con respecto por su parte la el los las lo "
    "una un este esta estos estas dicho dicha ver véase for according to as in also however while moreover "
    "similarly thus by the and then when although furthermore indeed hence therefore likewise following "
    "from with on at this these that seguidamente posteriormente primero segundo tercero otro otros otra "
    "sobre whereas since so".split()
)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch) and (ch.isalnum() or ch == " ")).strip()


def surnames(authors: str) -> list[str]:
    """The surnames a citation names, folded ('Pérez y Gómez' → ['perez', 'gomez'])."""
    cleaned = re.sub(r"\bet\s+al\.?", "", authors)
    parts = re.split(r"\s*,\s*|\s+(?:y|&|and|e)\s+", cleaned)
    return [fold(p) for p in parts if fold(p) and fold(p) not in STOP]


def year_of(token: str) -> str:
    """'2019a' → '2019a'; 's. f.' → 'sf'."""
    t = token.replace(" ", "").lower()
    return "sf" if t in ("s.f.", "n.d.") else t


@dataclass
class Entry:
    """One work of the typed reference list."""

    text: str  # the entry as written
    key: str = ""
    families: list[str] = field(default_factory=list)  # folded surnames, in order
    year: str = ""
    csl: dict[str, Any] = field(default_factory=dict)
    parsed: bool = True  # false when only the author's text could be kept


@dataclass
class TypedResult:
    entries: list[Entry] = field(default_factory=list)
    created: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → CSL item of an incomplete reference
    unmatched: list[str] = field(default_factory=list)  # report lines
    linked: int = 0


def make_key(families: list[str], year: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]", "", (families[0] if families else "anon").replace(" ", ""))[:24] or "anon"
    base = base + (year if year else "sf")
    key, n = base, 0
    while key in taken:
        n += 1
        key = base + chr(ord("a") + n - 1) if n <= 26 else f"{base}-{n}"
    taken.add(key)
    return key


def parse_entry(text: str, taken: set[str]) -> Entry:
    """An APA-shaped reference ('Pérez, J., & Gómez, A. (2018). Título. *Revista*, 4(2), 1–9. https://…')."""
    entry = Entry(text)
    text = re.sub(r"\[([^\]]*)\]\((https?://[^)\s]+)\)", r"\2", text)  # a link reads as its address
    flat = re.sub(r"\\(.)", r"\1", text)
    m = ENTRY_RE.match(flat.replace("*", "")) or CHICAGO_RE.match(flat.replace("*", ""))
    if not m:
        entry.parsed = False
        entry.key = make_key([fold(flat.split(",")[0])[:20]], "", taken)
        entry.csl = {"type": "document", "title": flat.replace("*", "").strip()}
        return entry
    authors = m["authors"].strip().rstrip(".")
    year = year_of(m["year"].split(",")[0])
    if m.re is CHICAGO_RE:
        names = chicago_names(authors)
    else:
        pairs = [(p["family"].strip(" ,&"), p["given"].strip()) for p in NAME_PAIR_RE.finditer(authors + ",")]
        pairs = [(re.sub(r"^(?:&|y|and)\s+", "", f).strip(), g) for f, g in pairs]
        names = [{"family": f, "given": g} for f, g in pairs] if pairs else [{"literal": authors}]
    entry.families = [fold(n.get("family", n.get("literal", ""))) for n in names]
    entry.year = year
    entry.key = make_key([entry.families[0].split(" ")[0] if entry.families else ""], year, taken)
    csl: dict[str, Any] = {"author": names}
    raw_year = re.match(r"\d{4}", m["year"])
    if raw_year:
        csl["issued"] = {"date-parts": [[int(raw_year[0])]]}
        if re.match(r"\d{4}[a-z]$", year):
            csl["year-suffix"] = year[-1]
    rest = m["rest"]
    url = URL_RE.search(rest.strip())
    if url:
        link = url[1]
        csl["DOI" if "doi.org/" in link else "URL"] = link.split("doi.org/")[-1] if "doi.org/" in link else link
        rest = rest[: url.start()].strip()
    italic = re.findall(r"\*([^*]+)\*", re.sub(r"\\(.)", r"\1", text.split(")", 1)[-1]))
    title_m = re.match(r"^(?P<title>.+?[.?!])(?:\s+|$)(?P<source>.*)$", rest.strip(), re.S)
    quoted = re.match(r'^[“"](?P<title>[^”"]+?)[.,]?[”"]\s*(?P<source>.*)$', rest.strip(), re.S)  # Chicago: “Title.”
    if quoted:
        csl["title"] = quoted["title"].strip()
        csl["type"] = "document"
        if quoted["source"].strip(" ."):
            csl["publisher"] = quoted["source"].strip(" .")  # kept as written: its parts are not parsed
            entry.parsed = False
    elif italic and rest.strip().startswith(italic[0].strip()):
        csl["type"] = "book"
        csl["title"] = italic[0].strip().rstrip(".")
        source = rest.strip()[len(italic[0].strip()) :].strip(" .")
        source = re.sub(r"^\(([^)]*)\)\.?\s*", lambda mm: _edition(csl, mm[1]), source)
        if source:
            csl["publisher"] = source.strip(" .")
    elif title_m:
        csl["title"] = title_m["title"].strip().rstrip(".")
        source = title_m["source"].strip()
        journal = re.match(
            r"^(?P<c>[^,]+?),\s*(?:vol\.?\s*)?(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?(?:,?\s*(?:pp?\.\s*)?(?P<p>\d+\s*[-–]\s*\d+|e?\d+))?\.?$",
            source,
        )
        if journal:
            csl["type"] = "article-journal"
            csl["container-title"] = journal["c"].strip()
            csl["volume"] = journal["v"]
            if journal["i"]:
                csl["issue"] = journal["i"]
            if journal["p"]:
                csl["page"] = journal["p"]
        elif source:  # kept as the author wrote it, where APA prints the source of a document
            csl["type"] = "document"
            csl["publisher"] = source.strip(" .")
            entry.parsed = False
        else:
            csl["type"] = "document"
    else:
        csl["type"] = "document"
        if rest.strip():
            csl["title"] = rest.strip().rstrip(".")
    entry.csl = csl
    return entry


def chicago_names(authors: str) -> list[dict[str, str]]:
    """Chicago author-date names: the first inverted, the others in natural order
    ('Yu, Jia, Rajkumar Buyya, and Kotagiri Ramamohanarao'); a name without a comma is a body's ('R Core Team')."""
    parts = [p.strip() for p in re.split(r",\s*", authors) if p.strip()]
    if len(parts) < 2:
        return [{"literal": authors}]
    names = [{"family": parts[0], "given": parts[1]}]
    for part in parts[2:]:
        words = re.sub(r"^(?:and|y|&)\s+", "", part).split()
        if words:
            names.append(
                {"family": words[-1], "given": " ".join(words[:-1])} if len(words) > 1 else {"family": words[0]}
            )
    return names


def _edition(csl: dict[str, Any], text: str) -> str:
    m = re.match(r"^(\d+)\.?\s*(?:a|ª|th|nd|rd|st)?\.?\s*(?:ed\.?|edición|edition)$", text.strip(), re.I)
    if m:
        csl["edition"] = m[1]
        return ""
    return f"({text}) "


class Linker:
    """Replaces typed citations in prose with citations of keys."""

    def __init__(self, entries: list[Entry], taken: set[str], language: str):
        self.entries = entries
        self.taken = taken
        self.language = language
        self.result = TypedResult(entries=entries)
        self.by_first: dict[tuple[str, str], list[Entry]] = {}
        for e in entries:
            if e.families:
                self.by_first.setdefault(
                    (e.families[0], e.year.rstrip("abcdefghijklmnopqrstuvwxyz") if e.year != "sf" else "sf"), []
                ).append(e)
        self.created_keys: dict[tuple[str, str], str] = {}

    def match(self, authors: str, year: str, where: str) -> str:
        candidates = self.candidates(authors, year)
        if candidates:
            self.result.linked += 1
            return candidates[0].key
        return self.incomplete(authors, year, where)

    def candidates(self, authors: str, year: str) -> list[Entry]:
        """The reference-list entries a citation's names and year point to (best first)."""
        names = surnames(authors)
        y = year_of(year)
        base_year = y if y == "sf" else y[:4]
        first = names[0] if names else ""
        candidates = self.by_first.get((first, base_year), [])
        if not candidates and first:  # compound surnames: "García" for "García Márquez"
            candidates = [
                e
                for (f, yr), es in self.by_first.items()
                if yr == base_year and f.split(" ")[0] == first.split(" ")[0]
                for e in es
            ]
        if len(candidates) > 1 and y != base_year:
            candidates = [e for e in candidates if e.year == y] or candidates
        if len(candidates) > 1 and len(names) > 1:
            candidates = [
                e for e in candidates if len(e.families) > 1 and e.families[1].startswith(names[1])
            ] or candidates
        return candidates

    def incomplete(self, authors: str, year: str, where: str) -> str:
        """The key of an incomplete reference for a citation the list does not hold (made once per name and year)."""
        names = surnames(authors)
        y = year_of(year)
        ident = (" ".join(names), y)
        if ident not in self.created_keys:
            key = make_key(names, y if y != "sf" else "", self.taken)
            author = " and ".join(n.title() if n.islower() else n for n in self.original_names(authors)) or authors
            if re.search(r"\bet\s+al\b", authors):
                author += " and others"
            item: dict[str, Any] = {"id": key, "type": "document", "author-text": author}
            if y != "sf":
                item["issued"] = {"date-parts": [[int(y[:4])]]}
            item["missing"] = (
                ["title"] + (["coauthors"] if "and others" in author else []) + (["year"] if y == "sf" else [])
            )
            self.result.created[key] = item
            self.created_keys[ident] = key
            self.result.unmatched.append(
                f"'{authors} ({year})' matched no reference-list entry ({where}): incomplete reference @{key}"
            )
        self.result.linked += 1
        return self.created_keys[ident]

    @staticmethod
    def original_names(authors: str) -> list[str]:
        cleaned = re.sub(r"\bet\s+al\.?", "", authors)
        return [
            p.strip()
            for p in re.split(r"\s*,\s*|\s+(?:y|&|and|e)\s+", cleaned)
            if p.strip() and p.strip().lower() not in STOP
        ]

    def locator(self, loc: str | None) -> str:
        if not loc:
            return ""
        m = re.match(r"(\w+)\.\s*(.+)$", loc)
        if not m:
            return ""
        label = {"pág": "p", "pag": "p", "págs": "pp", "para": "párr"}.get(m[1].lower(), m[1].lower())
        if label == "párr" and self.language == "en":
            label = "para"
        return f", {label}. {m[2].strip()}"

    def paren(self, m: re.Match[str], where: str) -> str:
        body = m["body"]
        groups = [g for g in re.split(r"\s*;\s*", body)]
        items = []
        for g in groups:
            gm = GROUP_RE.match(g)
            if not gm:
                return m.group(0)
            prefix = (gm["prefix"] or "").strip()
            lead, authors = split_lead(gm["authors"])
            if not authors:
                return m.group(0)
            prefix = (prefix + " " + lead).strip()
            years = [y.strip() for y in re.split(r"\s*,\s*", gm["years"])]
            for n, y in enumerate(years):
                key = self.match(authors, y, where)
                loc = self.locator(gm["loc"]) if n == len(years) - 1 else ""
                items.append(f"{prefix + ' ' if prefix and n == 0 else ''}@{key}{loc}")
        return "[" + "; ".join(items) + "]"

    def narrative(self, m: re.Match[str], where: str) -> str:
        lead, authors = split_lead(m["authors"])
        if len(authors.split()) > 4 and re.search(r"\s(?:of|the|de|del|la|el|for|and|y)\s", authors):
            tail = re.search(rf"(?:{PERSONS})$", authors)  # "… the Theory of Planned Behavior of Ajzen (1991)"
            if tail and tail.start() > 0:
                lead, authors = lead + authors[: tail.start()], authors[tail.start() :]
        if not authors or re.fullmatch(r"[IVXLCDM]+", authors):  # "siglo XVII (1657)": a century, not an author
            return m.group(0)
        years = [y.strip() for y in re.split(r"\s*,\s*", m["years"])]
        words = authors.split(" ")
        if not self.candidates(authors, years[0]):  # "HTCondor Thain, Tannenbaum, and Livny (2005)": a name before
            for n in range(1, min(len(words), 4)):
                if self.candidates(" ".join(words[n:]), years[0]):
                    lead, authors = lead + " ".join(words[:n]) + " ", " ".join(words[n:])
                    break
        keys = [self.match(authors, y, where) for y in years]
        loc = self.locator(m["loc"])
        inner = "; ".join(f"-@{k}" + (loc if n == len(keys) - 1 else "") for n, k in enumerate(keys))
        return f"{lead}{authors} [{inner}]"

    def link(self, text: str, where: str) -> str:
        """The prose with each typed citation written as a citation of a key."""
        if not re.search(r"\d{4}|s\.\s?f\.|n\.\s?d\.", text):
            return text
        out = PAREN_RE.sub(lambda m: self.paren(m, where), text)
        return NARRATIVE_RE.sub(lambda m: self.narrative(m, where), out)


def split_lead(authors: str) -> tuple[str, str]:
    """('Igualmente, ', 'Ciubotaru y Muntean') from 'Igualmente, Ciubotaru y Muntean': sentence words before the names."""
    rest = authors
    lead = ""
    while True:
        m = re.match(r"^([\wÁÉÍÓÚÑáéíóúñü.]+)(,?\s+)", rest)
        if not m or m[1].lower().rstrip(".") not in NOT_NAMES:
            return lead, rest
        lead += m.group(0)
        rest = rest[m.end() :]


def csl_to_bib_fields(item: dict[str, Any]) -> dict[str, Any]:
    """An incomplete reference as CSL-JSON the bibliography writer reads ('author-text' kept as the literal names)."""
    out = {k: v for k, v in item.items() if k not in ("author-text", "missing")}
    names = re.split(r"\s+and\s+", item.get("author-text", ""))
    out["author"] = [{"family": n} for n in names if n and n != "others"]
    return out
