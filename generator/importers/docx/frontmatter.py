"""The title page → ``thesis.yml``: only what the page states clearly, never a guess.

A title page is a few centred lines: the institution, the faculty, the kind of
work ("Tesis para optar el grado de…"), the title, the author after
"Presentado por" / "Autor:" / "by", advisers, a place and a year. Each line is
classified by what it says; a field is filled only when one line says it
plainly, and the report names the line each value came from. Lines that fill
no field are listed in the report. The title falls back to Word's own "Title"
style, then to the document properties, then (marked as derived) to the file
name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .convert import Chunk
from .prepass import Para
from .structure import plain

INSTITUTION_RE = re.compile(
    r"\b(universidad|university|universitat|universidade|instituto|institute|college|escuela de posgrado|pontificia)\b",
    re.I,
)
UNIT_RE = re.compile(
    r"^(facultad|faculty|escuela|school|departamento|department|programa|program|carrera|unidad de posgrado|maestría en|doctorado en|vicerrectorado|"
    r"m[aá]ster en|master of|master['’]s|mag[ií]ster en|licenciad[oa] en|licenciatura en|bachelor of|doctor of|doctor en|"
    r"ingenier[oa] en)\b",
    re.I,
)
KIND_RE = re.compile(
    r"\b(tesis|thesis|dissertation|disertación|trabajo de (fin|grado|investigación|titulación|suficiencia)|"
    r"trabajo fin de (grado|máster)|tfm|tfg|monografía|informe final|proyecto de (tesis|investigación)|"
    r"memoria|tesina|trabajo de graduación|trabajo de graduacion|informe de investigación)\b",
    re.I,
)
AUTHOR_LEAD_RE = re.compile(
    r"^(presentad[oa] por|elaborad[oa] por|realizad[oa] por|autor(?:a|es|as)?(?:\(a\))?|author(?:s)?|por|by|tesista|"
    r"bachiller|bach\.|estudiante|student'?’?s name|name of (?:the )?(?:student|candidate)|nombre(?: del (?:autor|tesista|estudiante))?|candidate|"
    r"alumn[oa]|investigador(?:a)?)\s*[:.]?\s*(?P<rest>.*)$",
    re.I,
)
NOT_AUTHOR_RE = re.compile(
    r"^(asesor|asesora|director|directora|tutor|tutora|supervisor|advisor|adviser|jurado|co-?director|presidente|miembro)",
    re.I,
)
NAME_RE = re.compile(
    r"^(?:(?:Bach|Br|Lic|Ing|Mg|Mtro|Dr|Dra|Sr|Sra)\.?\s+)?([A-ZÁÉÍÓÚÑÜ][\wÁÉÍÓÚÑÜáéíóúñü'’-]+(?:\s+(?:de|del|la|las|los|y|van|von|da|dos|di)?\s*[A-ZÁÉÍÓÚÑÜ][\wÁÉÍÓÚÑÜáéíóúñü'’-]+){1,5})$"
)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
DATE_LINE_RE = re.compile(r"^(?:(?:date|fecha|year|año)\s*:\s*)?[\w\s,.–—-]*(19[5-9]\d|20[0-4]\d)\.?\s*$", re.I)


@dataclass
class FrontMatter:
    """What the title page gives, each value with the line it came from."""

    fields: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field → the line (or property) it came from
    unmapped: list[str] = field(default_factory=list)


NOT_TITLE_RE = re.compile(
    r"^(tribunal|honorable|nómina|nomina|jurado|miembros|dedicatoria|dedico|acto que dedico|agradecimientos?|"
    r"dedication|acknowledg|declaraci|declaration|copyright|derechos|aprobaci|approval|constancia|certific|"
    r"en cumplimiento|presentad[oa]|submitted|in partial|para optar|al conferírsele|al conferirsele|"
    r"this work is licen[sc]ed|esta obra (está|se distribuye)|licencia creative|creative commons)",
    re.I,
)


FRONT_HEADING_RE = re.compile(
    r"^(resumen|abstract|summary|resumo|agradecimientos?|acknowledge?ments?|dedicatoria|dedication|dedicado a|"
    r"acto que dedico a|epígrafe|epigrafe|epigraph|prólogo|prologo|prefacio|preface|foreword|presentación|"
    r"declaración( jurada| de (autoría|originalidad|autenticidad))?|declaration|author'?s declaration|"
    r"(?:índice|indice)(?: general| de contenidos?)?|contenidos?|tabla de contenidos?|contents|table of contents|lista de (tablas|figuras|abreviaturas|siglas)|"
    r"list of (tables|figures|abbreviations)|glosario|glossary|siglas( y acrónimos)?|abreviaturas|abbreviations|"
    r"veredicto|acta de (aprobación|sustentación)|aprobación|approval|hoja de aprobación|jurado|tribunal)\s*:?$",
    re.I,
)
LONG_WORDS = 25
DEGREE_RE = re.compile(
    r"para optar|requisito|grado (académico )?de|título (profesional )?de|in partial|fulfil|degree of|submitted|"
    r"presentad[oa] (a|ante|como)|to obtain|para obtener",
    re.I,
)


def pages(front: list[Chunk], paras: dict[str, Para]) -> list[list[Chunk]]:
    """The lines before the first heading, page by page (page and section breaks), a page also starting at a
    line that names a part of the front matter ("Resumen", "Agradecimientos", "Abstract"…)."""
    out: list[list[Chunk]] = []
    for chunk in front:
        info = paras.get(chunk.key or "")
        named = chunk.kind == "p" and bool(FRONT_HEADING_RE.match(plain(chunk.text)))
        if not out or (out[-1] and ((info is not None and info.new_page) or named)):
            out.append([])
        out[-1].append(chunk)
    return [page for page in out if page]


def title_pages(all_pages: list[list[Chunk]], headed: bool = True) -> list[list[Chunk]]:
    """The leading pages that state the institution or the kind of work (the cover, the inner title page);
    the first page that does not (or that opens as a jury, dedication or acknowledgements page) ends them.
    The first page is a title page even when it names neither, if headings follow (``headed``): a document
    without a heading of its body (a chapter, an article) has no title page to take its text from.
    A title page ends at its first paragraph of running text: that paragraph starts a page of its own
    (``all_pages`` is split there, in place)."""
    out = []
    for n, page in enumerate(list(all_pages)):
        lines = [plain(c.text) for c in page if c.kind == "p" and plain(c.text)]
        named = any(INSTITUTION_RE.search(t) or KIND_RE.search(t) for t in lines if len(t) < 200)
        if (
            not lines
            or NOT_TITLE_RE.match(lines[0])
            or FRONT_HEADING_RE.match(lines[0])
            or not (named or (n == 0 and headed))
        ):
            break
        cut = next((i for i, c in enumerate(page) if len(plain(c.text).split()) >= LONG_WORDS), None)
        if cut == 0:  # a document that opens with running text has no title page (a chapter, a draft)
            break
        if cut is not None:
            index = all_pages.index(page)
            all_pages[index : index + 1] = [page[:cut], page[cut:]]
            out.append(page[:cut])
            break
        out.append(page)
    return out


# A line that ends on a word no title ends with goes on in the next line.
HANGING_RE = re.compile(
    r"(?:[,:;–-]|\b(?:a|al|de|del|en|el|la|las|los|lo|y|e|o|u|para|por|con|sin|sobre|entre|hacia|desde|un|una|su|sus"
    r"|of|the|and|in|for|to|on|an|at|with|from|by|da|do|das|dos|em|na|no))$",
    re.I,
)


def names_line(text: str) -> bool:
    """A line of people's names ("Alexander Siles & Katty Provedor.", "Ana Ruiz y Luis Paz"): never a title."""
    parts = [p for p in re.split(r"\s*(?:&|,|\s+y\s+|\s+and\s+)\s*", text.rstrip(". ")) if p]
    return bool(NAME_RE.match(text)) or len(parts) >= 2 and all(NAME_RE.match(part) for part in parts)


QUOTED_RE = re.compile(r'^["“«„].{8,}["”»“]$')


def byline(text: str) -> bool:
    """A person's name followed by where or when ("Bryce Miller | Montpellier Business School 2021",
    "Ana Ruiz, Universidad de Lima"): the author's line, never part of the title."""
    parts = [p.strip() for p in re.split(r"\s*[|,·•–—]\s*|\s+-\s+", text) if p.strip()]
    where = " ".join(parts[1:])
    return (
        len(parts) >= 2
        and bool(NAME_RE.match(parts[0]))
        and bool(YEAR_RE.search(where) or INSTITUTION_RE.search(where) or re.search(r"\bschool\b|@", where, re.I))
    )


def fold_case(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))


def read_title_page(front: list[Chunk], paras: dict[str, Para], core_title: str | None, file_stem: str) -> FrontMatter:
    """Classify the lines of the title pages (``front``: their chunks)."""
    out = FrontMatter()
    lines = [(c, plain(c.text)) for c in front if c.kind == "p" and plain(c.text)]
    title_style = [(c, t) for c, t in lines if (info := paras.get(c.key or "")) is not None and info.is_title]
    expect_author = False
    candidates: list[tuple[int, Chunk, str]] = []
    name_like: dict[int, tuple[Chunk, str]] = {}
    kind_open = False  # the kind line ended on "… de": the next lines finish it
    for n, (chunk, text) in enumerate(lines):
        used = True
        lead = AUTHOR_LEAD_RE.match(text)
        if kind_open and not (lead or INSTITUTION_RE.search(text) or DATE_LINE_RE.match(text) or names_line(text)):
            out.fields["kind"] = f"{out.fields['kind']} {text}"
            out.sources["kind"] = f"{out.sources['kind'][:-1]} {text}'"
            kind_open = bool(HANGING_RE.search(text)) and len(str(out.fields["kind"])) < 300
            continue
        kind_open = False
        after_lead, expect_author = expect_author, False  # only the line right after "Presentado por" names
        if after_lead and "authors" not in out.fields and NAME_RE.match(text):
            set_once(out, "authors", [NAME_RE.match(text)[1]], text)  # type: ignore[index]
        elif lead and not NOT_AUTHOR_RE.match(text):
            rest = lead["rest"].strip(" :")
            if rest and NAME_RE.match(rest):
                set_once(out, "authors", [NAME_RE.match(rest)[1]], text)  # type: ignore[index]
            elif not rest:
                expect_author = True
            else:
                used = False
        elif INSTITUTION_RE.search(text) and len(text) < 120 and len(text.split()) <= 12:
            # (a longer line naming a "college" is a title: "… Teams in College Basketball …")
            set_once(out, "institution", text, text)
        elif KIND_RE.search(text) and len(text) < 200 and "kind" not in out.fields:
            set_once(out, "kind", text.rstrip(":"), text)
            kind_open = bool(HANGING_RE.search(text))
        elif DATE_LINE_RE.match(text) and len(text) < 60:
            set_once(out, "year", int(YEAR_RE.findall(text)[-1]), text)
        elif UNIT_RE.match(text) or NOT_AUTHOR_RE.match(text):
            used = False
        else:
            used = False
            labelled = re.match(r"^(?=[^:]*[a-zñ])[^:]{1,25}:\s", text) and len(text.split(":")[0].split()) <= 4
            # ("Supervisor: …", "Date: …" are fields; "RAPIMERCA INVENTORY: Gestión de…" is a title)
            degree = DEGREE_RE.search(text)  # "…para optar por el grado de…": the kind line's continuation
            prose = len(text.split()) >= LONG_WORDS  # a paragraph of running text, never a title
            if (
                not text.endswith(":")
                and not labelled
                and not degree
                and not prose
                and not NOT_TITLE_RE.match(text)
                and not byline(text)  # "Bryce Miller | Montpellier Business School 2021"
            ):
                if names_line(text):  # a person's name, unless a title line left hanging on "… A" goes on in it
                    name_like[n] = (chunk, text)
                else:
                    candidates.append((n, chunk, text))
        if not used:
            out.unmapped.append(text)
    for n, _, text in list(candidates):  # "…: UNA APLICACIÓN A" / "DATOS COSTARRICENCES" is one title
        if n + 1 in name_like and HANGING_RE.search(text):
            candidates.append((n + 1, *name_like[n + 1]))
    candidates.sort(key=lambda c: c[0])
    merged: list[tuple[int, Chunk, str]] = []
    for n, chunk, text in candidates:  # a title set on two lines is one title
        if merged and merged[-1][0] == n - 1 and (text.isupper() == merged[-1][2].isupper()):
            merged[-1] = (n, merged[-1][1], f"{merged[-1][2]} {text}")
        else:
            merged.append((n, chunk, text))
    candidates = [c for c in merged if (c[2][:1].isupper() or not c[2][:1].isalpha()) and len(c[2].split()) >= 3]
    repeats = Counter(fold_case(c[2])[:60] for c in candidates)  # the title is often on the cover and the title page
    if title_style:
        title = " ".join(t for _, t in title_style)
        out.fields["title"], out.sources["title"] = title, "Word's Title style on the title page"
    elif candidates:
        _, chunk, title = max(  # a line set in quotation marks is the title ("“Social Media Mining …”")
            candidates,
            key=lambda x: (repeats[fold_case(x[2])[:60]], bool(QUOTED_RE.match(x[2])), len(x[2])),
        )
        out.fields["title"], out.sources["title"] = title, f"the title page line '{title}'"
    elif (
        core_title
        and core_title.strip()
        and not re.search(r"plantilla|template|documento|document\d*$|^\s*(title|t[ií]tulo)\s*$", core_title, re.I)
    ):
        out.fields["title"], out.sources["title"] = (
            core_title.strip(),
            "the document's properties (File › Info › Title)",
        )
    else:
        out.fields["title"] = file_stem
        out.fields["title_derived"] = True
        out.sources["title"] = f"the file name ({file_stem}); the document states no title"
    title = fold_case(str(out.fields["title"]))
    out.unmapped = [t for t in out.unmapped if fold_case(t) not in title]
    if "authors" in out.fields:  # the same name written in mixed case elsewhere on the page reads better than CAPITALS
        name = out.fields["authors"][0]  # type: ignore[index]
        better = next((t for _, t in lines if fold_case(t) == fold_case(name) and t != t.upper()), None)
        if name == name.upper() and better:
            out.fields["authors"] = [better]
        out.unmapped = [t for t in out.unmapped if fold_case(t) != fold_case(name)]
    return out


def bold_share(chunk: Chunk, paras: dict[str, Para]) -> float:
    info = paras.get(chunk.key or "")
    return info.bold if info else 0.0


def set_once(out: FrontMatter, name: str, value: object, line: str) -> None:
    if name not in out.fields:
        out.fields[name] = value
        out.sources[name] = f"the title page line '{line}'"
