"""The fidelity audit of issue 18: one check per finding, each generic where it can be, the seed deciding.

The built pages are read with an HTML parser (lxml), never with a regex; the seed is tests/fidelity/seed.txt.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import lxml.html

from generator.index.link import iter_ids, text_fields, walk_items
from generator.website.render import plain
from tests.fidelity.test_fidelity import corpus, normalise, pattern, renderer, seed


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def text(el: lxml.html.HtmlElement) -> str:
    return normalise(el.text_content())


@cache
def conclusions() -> str:
    """The seed's Conclusiones: from the last 'CONCLUSIONES' to 'RECOMENDACIONES' (the table of contents is before)."""
    s = seed()
    start = s.rindex("CONCLUSIONES", 0, s.rindex("RECOMENDACIONES"))
    return s[start : s.index("RECOMENDACIONES", start)]


# 1 ---- a paragraph that enumerates inside itself is shown once


def test_audit_1_modernizacion_paragraph_is_shown_once(site_root: Path) -> None:
    main = page(site_root, "secciones/modernizacion-peru").find_class("md-content")[0]
    body = text(main)
    phrase = "el primero es el Gobierno abierto"
    assert body.count(phrase) == 1
    assert (
        body.count("(Pasco, 2016)")
        == seed().count("de nuestro país en el quehacer de las políticas públicas (Pasco, 2016)") + 1
    )
    # the items keep their anchors, now on their phrases
    for lst in ("pilares-modernizacion-lista", "ejes-transversales-lista"):
        assert main.get_element_by_id(lst) is not None
    assert text(main.get_element_by_id("eje-gobierno-institucional")) == "el tercero es el Gobierno institucional"


def test_audit_1_every_paragraph_of_a_section_page_is_printed_once(site_root: Path) -> None:
    """Generic: no long paragraph of the data appears twice in its section's text (items repeating it included;
    the cards that summarise a finding are not the text)."""
    repeated = []
    for sec, _, _ in corpus().all_sections():
        html = site_root / "secciones" / sec.id / "index.html"
        if not html.is_file():
            continue
        main = page(site_root, f"secciones/{sec.id}").find_class("md-content")[0]
        # a finding's card (its statement, as a summary that links) and an editorial note quoting the text are not it
        for other in main.find_class("ts-finding-card") + main.find_class("ts-discrepancy"):
            other.drop_tree()
        body = text(main)
        for b in sec.blocks:
            if b.p and "@" not in b.p and len(b.p) > 200:
                probe = normalise(b.p)[-140:-20]
                if body.count(probe) > max(1, seed().count(probe)):
                    repeated.append(sec.id)
    assert repeated == []


# 2 ---- citation wording the thesis prints is kept

THESIS_FORMS = {
    "Decretos Legislativo N° 1412 (2018)": "por entidades gubernamentales Decreto Legislativo N° 1412 (2018)",
    "indica Rodriguez (2004), ni tampoco": "indica Rodríguez (2004), ni tampoco",
    "la participación ciudadana. (p. 5)": "la participación ciudadana. (Naser y Concha, 2011, p. 5)",
    "para la persona Naranjo, como se citó en Ajello, (2003).": "(Naranjo, como se citó en Ajello, 2003)",
}


@cache
def rendered_text() -> str:
    r = renderer()
    urls = {i: u for i, _k, u, _l, _r, _s in iter_ids(corpus())}
    parts = [plain(r.prose(tf.text, "")) for tf in text_fields(corpus(), urls)]
    for s, _, _ in corpus().all_sections():
        for b in s.blocks:
            if b.excerpt is not None:  # an excerpt prints its text, then its citation
                parts.append(plain(r.prose(b.excerpt.text, "")) + " " + plain(r.prose(b.excerpt.cite or "", "")))
    return normalise(" ".join(parts))


def test_audit_2_citations_keep_the_thesis_wording() -> None:
    for thesis_form, changed in THESIS_FORMS.items():
        assert thesis_form in seed(), thesis_form
        assert thesis_form in rendered_text(), thesis_form
        assert changed not in rendered_text(), changed


# 3 ---- editorial titles and groupings are marked where they are drawn


def test_audit_3_matrix_marks_editorial_finding_titles(site_root: Path) -> None:
    root = page(site_root, "matriz")
    editorial = {f.title for f in corpus().findings if "title" in f.editorial}
    assert len(editorial) == 17
    legend = [a for dd in root.iter("dd") for a in dd.iter("a") if "hallazgos/" in a.get("href", "")]
    assert {text(a) for a in legend if "ts-ed-title" in a.classes} == editorial
    assert [text(a) for a in legend if "ts-ed-title" not in a.classes] == []


def test_audit_3_figures_mark_editorial_groupings(site_root: Path) -> None:
    """Every figure drawn from a category whose grouping is editorial dashes those links and says so with the mark."""
    c = corpus()
    cats = {cat.id: cat for cat, _ in c.all_categories()}
    checked = []
    for fig in c.figures:
        cat = cats.get(fig.category or "")
        if cat is None or "children" not in cat.editorial or not cat.children:
            continue
        root = page(site_root, f"figuras/{fig.id}")
        svg = root.find_class("ts-network")[0]
        assert len(svg.find_class("ts-network__edge--ed")) == len(cat.children), fig.id
        notes = root.find_class("ts-diagram-ed")
        assert notes and notes[0].find_class("ts-ed"), fig.id
        assert cat.name in text(notes[0])
        checked.append(fig.number)
    assert checked == [4, 13]
    assert (
        "Condiciones para las motivaciones".casefold() in seed().casefold()
    )  # figure 5's caption, drawn under figure 4 by the editors


# 4 ---- labels that are the thesis's words are not marked editorial


def test_audit_4_item_titles_that_are_the_items_words_are_not_editorial() -> None:
    wrong = []
    for s, _, _ in corpus().all_sections():
        for b in s.blocks:
            for item in walk_items(b.list.items) if b.list else []:
                own_words = item.title and normalise(item.title).casefold() in normalise(item.text or "").casefold()
                if own_words and "title" in item.editorial:
                    wrong.append(item.id)
    assert wrong == []
    for label in ("Desarrollo de portales Web", "Gobierno institucional", "gestión orientada hacia el cliente",
                  "enfoque definitorio"):  # fmt: skip
        assert label.casefold() in seed().casefold()


def test_audit_4_no_editorial_mark_on_those_labels(site_root: Path) -> None:
    root = page(site_root, "secciones/modernizacion-latinoamerica")
    item = root.get_element_by_id("etapa-portales-web")
    assert not item.find_class("ts-ed")


# 5 ---- contradictions are contradictions, and every count follows from the data


def test_audit_5_pcm_2012_and_its_decree_are_not_a_contradiction() -> None:
    thesis = corpus().thesis
    assert thesis is not None
    for d in thesis.discrepancies:
        assert not ("PCM (2012)" in d.description and "004-2013" in d.description), d.description


def test_audit_5_counts_of_contradictions_follow_the_data(site_root: Path) -> None:
    thesis = corpus().thesis
    assert thesis is not None
    n = len(thesis.discrepancies)
    assert n == 11
    notes = page(site_root, "notas")
    assert len(notes.find_class("ts-discrepancies")[0].findall("li")) == n
    heading = text(notes.get_element_by_id("contradicciones"))
    assert re.findall(r"\d+", heading) == [str(n)]
    home = text(page(site_root, ""))
    assert f"{n} contradicciones" in home and "12 contradicciones" not in home


# 6 ---- no raw id is shown to a reader


def test_audit_6_no_link_reads_as_a_raw_id(site_root: Path) -> None:
    ids = {i for i, kind, *_ in iter_ids(corpus()) if kind in ("list", "antecedent", "section", "finding", "category")
           or kind.startswith("item:")}  # fmt: skip
    raw = []
    for url in ("referencias", "notas", "conceptos", "antecedentes"):
        for a in page(site_root, url).iter("a"):
            shown = text(a)
            if shown in ids or shown.rpartition(": ")[2] in ids:
                raw.append(f"{url}: {text(a)}")
    assert raw == []


# 7 ---- glossary expansions fit their acronyms; the thesis's own words; Table 1's header as printed


def spelled_by(acronym: str, words: list[str]) -> bool:
    """Whether the acronym is the beginnings of some of the words, in order (TIC, MAPRO = MAnual PROcedimientos)."""
    if not acronym:
        return True
    for n, word in enumerate(words):
        for k in range(1, min(len(word), len(acronym)) + 1):
            if word[:k] != acronym[:k]:
                break
            if spelled_by(acronym[k:], words[n + 1 :]):
                return True
    return False


def test_audit_7_every_expansion_fits_its_acronym() -> None:
    """The acronym's capitals are the beginnings of the expansion's words, in order (OAOV is not 'Oficina de
    Orientación al vecino')."""
    fold = lambda s: unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode().upper()  # noqa: E731
    assert not spelled_by("OAOV", fold("Oficina de Orientación al vecino").split())
    for g in corpus().glossary:
        if g.expansion:  # a compound 'Subgerencia' is two words to an acronym (SGDO), as 'Sub gerente' in Tabla 1
            words = [part for w in re.findall(r"\w+", fold(g.expansion)) for part in re.split(r"(?<=^SUB)(?=\w{3})", w)]
            assert spelled_by(re.sub(r"[^A-Z]", "", g.id), words), (g.id, g.expansion)


def test_audit_7_ocde_reads_as_the_thesis_writes_it() -> None:
    ocde = next(g for g in corpus().glossary if g.id == "OCDE")
    assert ocde.expansion and normalise(ocde.expansion) in seed()


def test_audit_7_table_1_header_is_printed_as_the_thesis_prints_it(site_root: Path) -> None:
    sec = next(
        s for s, _, _ in corpus().all_sections() for b in s.blocks if b.list and b.list.id == "tabla-1-informantes"
    )
    root = page(site_root, f"secciones/{sec.id}")
    header = text(root.find_class("ts-list-header")[0])
    assert header == "Código Directivos del gobierno local Puno"
    assert header in seed()


# 8 ---- the statements say where they come from


def test_audit_8_statements_name_their_source_section() -> None:
    c = corpus()
    sections = {s.id: s for s, _, _ in c.all_sections()}
    for f in c.findings:
        assert f.statement_source in sections, f.id
        if f.statement_source == "conclusiones":
            for t in (f.statement, f.summary):
                assert t is None or pattern(t).search(conclusions()), f.id
        else:  # the data's text of that section holds the statement
            sec = sections[f.statement_source]
            body = normalise(" ".join(b.p or "" for b in sec.blocks))
            assert normalise(f.statement) in body, f.id
    assert sum(f.statement_source == "conclusiones" for f in c.findings) == 15


def test_audit_8_pages_showing_statements_say_where_they_come_from(site_root: Path) -> None:
    for url in ("", "hallazgos", "hallazgos/motivacion-1"):
        notes = page(site_root, url).find_class("ts-statement-source")
        assert notes, url
        assert any(text(a) == "Conclusiones" for n in notes for a in n.iter("a")), url
