"""``thesis-site import docx``: real Word theses (tests/fixtures/docx/README.md) and hostile files.

Each real document is imported once per session (module fixtures); the checks read the
document's own XML and compare it with what the import wrote.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from generator.importers.docx.importer import import_docx

from ..conftest import FIXTURES

DOCX = FIXTURES / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def norm(text: str) -> str:
    """Text as a reader compares it: Unicode-normalised, markup and escapes removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[*^~]", "", text)
    return " ".join(text.split())


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    return []


def imported_text(project: Path) -> str:
    """Every text the import wrote (sections, quotes, thesis.yml), citations taken out."""
    texts = []
    for path in sorted((project / "content").rglob("*.yml")):
        texts += strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    out = norm(" ".join(texts))
    return re.sub(r"\[-?@[^\]]*\]", "", out)


def sections(project: Path) -> list[dict]:
    out = []

    def walk(sec: dict) -> None:
        out.append(sec)
        for child in sec.get("children", []):
            walk(child)

    for path in sorted((project / "content/imported/docx/sections").glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def body_paragraphs(docx: Path, min_words: int = 8) -> list[str]:
    """Paragraphs of running text in the document's XML (TOC entries, text boxes and reference lists aside)."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        if any(a.tag in (f"{W}txbxContent", f"{W}sdt") for a in p.iterancestors()):
            continue
        if "PAGEREF" in "".join(i.text or "" for i in p.iter(f"{W}instrText")):
            continue
        if p.find(f".//{W}drawing") is not None or p.find(f".//{W}pict") is not None:
            continue  # words drawn in shapes (a diagram's labels)
        text = norm("".join(t.text or "" for t in p.iter(f"{W}t")))
        if re.match(r"^[^()]{2,120}\((1[5-9]|20)\d\d[a-z]?\)", text) or re.match(
            r"^[^()]{2,250}?\.\s(1[5-9]|20)\d\d[a-z]?\.\s", text
        ):
            continue  # an entry of the typed reference list (APA, Chicago): the references page prints it from its fields
        if len(text.split()) >= min_words and not re.search(r"(\s?\.){3,}\s*\w{1,5}$", text):
            out.append(text)
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    cache: dict[str, tuple[Path, object]] = {}

    def get(name: str) -> tuple[Path, object]:
        if name not in cache:
            project = tmp_path_factory.mktemp(name.split(".")[0]) / "p"
            cache[name] = (project, import_docx(DOCX / name, project))
        return cache[name]

    return get


def test_a_template_s_own_heading_styles_make_the_sections_with_word_s_numbers(imported) -> None:  # type: ignore[no-untyped-def]
    project, report = imported("es-template-headings-usac.docx")
    secs = sections(project)
    numbered = {s.get("number"): s["title"] for s in secs if s.get("number")}
    assert numbered["1"] == "Historia de la inteligencia artificial"  # style "Capítulos", Word's number kept
    assert numbered["1.1"] == "Orígenes"  # "Sub 1"
    assert any(re.fullmatch(r"\d+\.\d+\.\d+", n or "") for n in numbered)  # "Sub 2"
    text = imported_text(project)
    assert "PAGEREF" not in text and "Historia de la inteligencia artificial 1" not in text  # no TOC lines
    thesis = yaml.safe_load((project / "content/thesis.yml").read_text(encoding="utf-8"))
    assert thesis["institution"] == "Universidad de San Carlos de Guatemala" and thesis["year"] == 2024
    assert thesis["title"].startswith("Análisis de radiografías utilizando Inteligencia Artificial")
    assert thesis["language"] == "es"
    assert "table of contents" in (project / "content/imported/docx/report.md").read_text(encoding="utf-8")


def test_headings_typed_by_hand_are_found_through_the_typed_table_of_contents(imported) -> None:  # type: ignore[no-untyped-def]
    """Only 2 of the 37 headings its typed contents page lists use a heading style; the others are typed in the
    body's own style ("1. FORMULACIÓN DEL PROBLEMA", "CAPITULO 2: Marco Teórico")."""
    project, report = imported("es-typed-headings-utp.docx")
    top = [
        yaml.safe_load(p.read_text(encoding="utf-8"))["title"]
        for p in sorted((project / "content/imported/docx/sections").glob("*.yml"))
    ]
    assert top[:4] == ["INTRODUCCION", "Formulación del Problema", "Marco Teórico", "MARCO METODOLÓGICO"], top
    titles = {s["title"] for s in sections(project)}
    assert {"Antecedentes de Solución", "Marco Conceptual", "Viabilidad Técnica"} <= titles  # no stray ". " left
    assert not any("INDICE" in t.upper() for t in titles)  # the contents page is dropped, not a section
    assert report.counts["headings"] >= 30
    thesis = yaml.safe_load((project / "content/thesis.yml").read_text(encoding="utf-8"))
    assert thesis["title"].startswith("DISEÑO DE UN SISTEMA MÓVIL DE RECORRIDO TURÍSTICO") and thesis["year"] == 2012
    assert "authors" not in thesis  # "Presentado por" is followed by two "Family, Given" lines: not guessed


@pytest.mark.parametrize(
    "name",
    ["es-template-headings-usac.docx", "en-interviews-bolton.docx", "es-math-unam.docx", "es-typed-headings-utp.docx"],
)
def test_body_paragraphs_are_imported_verbatim(imported, name: str) -> None:  # type: ignore[no-untyped-def]
    project, _ = imported(name)
    text = imported_text(project)
    paragraphs = [p for p in body_paragraphs(DOCX / name) if "(" not in p[-12:] or "," not in p[-12:]]
    found = [p for p in paragraphs if p[:50] in text or p[-50:] in text]
    assert len(found) >= 0.9 * len(paragraphs), [p[:80] for p in paragraphs if p not in found][:10]


@pytest.mark.parametrize("name", ["cit-zotero-pandoc.docx", "cit-mendeley-pandoc.docx"])
def test_a_document_without_headings_keeps_all_its_text_and_builds(imported, name: str, cli) -> None:  # type: ignore[no-untyped-def]
    """pandoc's own test documents: three cited paragraphs and a bibliography, no heading, no title page."""
    project, _ = imported(name)
    secs = sections(project)
    assert len(secs) == 1
    paragraphs = [norm(re.sub(r"\[[^\]]*@[^\]]*\]", "", b["p"])) for b in secs[0]["blocks"]]
    assert len(paragraphs) == 3
    assert secs[0]["title"].split()[:3] == paragraphs[0].split()[:3]  # its first words head it; no line taken away
    thesis = yaml.safe_load((project / "content/thesis.yml").read_text(encoding="utf-8"))
    assert thesis["title_derived"] is True  # no line of the text is taken for the title
    assert cli("build", str(project)).code == 0


def test_interview_excerpts_attributed_by_role_become_quotes(imported) -> None:  # type: ignore[no-untyped-def]
    project, report = imported("en-interviews-bolton.docx")
    quotes = yaml.safe_load((project / "content/imported/docx/quotes.yml").read_text(encoding="utf-8"))["quotes"]
    informants = yaml.safe_load((project / "content/imported/docx/informants.yml").read_text(encoding="utf-8"))
    roles = {i["role"] for i in informants["informants"]}
    assert {"Marketer", "Student", "Coder", "Sales manager", "IT helpdesk manager"} <= roles
    assert len(quotes) >= 24
    doc = " ".join(body_paragraphs(DOCX / "en-interviews-bolton.docx", 3))
    for quote in quotes:  # verbatim: the document holds each quote's words
        assert norm(quote["text"])[:60] in doc, quote["text"][:80]
        assert not re.search(r"\((Marketer|Student|Coder)\)", quote["text"])
    marketer = next(i["id"] for i in informants["informants"] if i["role"] == "Marketer")
    first = next(q for q in quotes if q["informant"] == marketer)
    assert first["text"].startswith("Currently with my age, it is not necessary.")
    used = [b["quote"] for s in sections(project) for b in s["blocks"] if "quote" in b]
    assert sorted(used) == sorted(q["id"] for q in quotes)  # each stands where the thesis quotes it
    # precision: indented body text, the abstract and acknowledgements are not quotes
    assert not any("First and foremost" in q["text"] for q in quotes)


def test_typed_citations_link_to_the_typed_reference_list(imported) -> None:  # type: ignore[no-untyped-def]
    project, report = imported("en-interviews-bolton.docx")
    bib = (project / "bibliography.bib").read_text(encoding="utf-8")
    assert "@" in bib and "ajzen1991" in bib
    cited = re.findall(r"@([\w-]+)", " ".join(strings([s["blocks"] for s in sections(project)])))
    assert "ajzen1991" in cited
    assert report.counts["typed citations linked"] >= 100  # type: ignore[attr-defined]
    assert report.counts["typed citations without a reference-list entry"] <= 10  # type: ignore[attr-defined]
    assert "Reference list" not in [s["title"] for s in sections(project)]  # the list is the references page now


def test_an_unheaded_chicago_reference_list_is_read_and_its_citations_linked(imported) -> None:  # type: ignore[no-untyped-def]
    """es-math-unam ends with its reference list, Chicago author-date, under no heading (converted from LaTeX);
    some citations have a system's name before the authors ("HTCondor Thain, Tannenbaum, and Livny (2005)")."""
    project, report = imported("es-math-unam.docx")
    unmatched = report.counts["typed citations without a reference-list entry"]
    assert unmatched <= 0.1 * report.counts["typed citations linked"], report.unresolved
    bib = (project / "bibliography.bib").read_text(encoding="utf-8")
    assert re.search(r"@\w+\{thain2005,", bib) and "Condor" in bib.split("thain2005", 1)[1][:600]
    text = imported_text_with_citations(project)
    assert "HTCondor Thain, Tannenbaum, and Livny [-@thain2005]" in text  # the system's name stays text
    assert "Yu, Jia, Rajkumar Buyya" not in text  # the list left the last section's text


def imported_text_with_citations(project: Path) -> str:
    return norm(
        " ".join(
            s
            for p in sorted((project / "content").rglob("*.yml"))
            for s in strings(yaml.safe_load(p.read_text(encoding="utf-8")))
        )
    )


def test_comments_are_never_published_and_revisions_are_counted(imported) -> None:  # type: ignore[no-untyped-def]
    project, report = imported("es-comments-ucr.docx")
    comments = etree.fromstring(zipfile.ZipFile(DOCX / "es-comments-ucr.docx").read("word/comments.xml"))
    texts = [norm("".join(t.text or "" for t in c.iter(f"{W}t"))) for c in comments.iter(f"{W}comment")]
    written = imported_text(project)
    long_comments = [t for t in texts if len(t) > 25]
    assert long_comments and not any(t[:25] in written for t in long_comments)
    md = (project / "content/imported/docx/report.md").read_text(encoding="utf-8")
    assert "reviewer comments: 33 (never published)" in md
    assert re.search(r"tracked changes taken as accepted: \d+ tracked deletions, \d+ tracked insertions", md)
    assert not re.search(r"(\. ){4,}", written)  # the contents page typed with dot leaders is gone


def test_equations_and_footnotes_are_kept(imported) -> None:  # type: ignore[no-untyped-def]
    project, _ = imported("es-math-unam.docx")
    secs = sections(project)
    maths = [b["math"] for s in secs for b in s["blocks"] if "math" in b]
    inline = [t for t in strings([s["blocks"] for s in secs]) if re.search(r"(?<!\\)\$\S", t)]
    assert maths or inline
    notes = [n for s in secs for n in s.get("footnotes", [])]
    assert notes
    for sec in secs:
        refs = set(re.findall(r"\[\^(\w+)\]", " ".join(strings(sec["blocks"]))))
        assert refs == {n["id"] for n in sec.get("footnotes", [])}


# ---------------------------------------------------------------- re-import and hostile files


def test_a_re_import_never_loses_an_edit(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    doc = DOCX / "es-comments-ucr.docx"
    project = tmp_path / "p"
    assert cli("import", "docx", str(doc), str(project)).code == 0
    section = sorted((project / "content/imported/docx/sections").glob("*.yml"))[2]
    ids = yaml.safe_load((project / "content/imported/docx/map.yml").read_text(encoding="utf-8"))["ids"]
    sections_before = {p.name: p.read_text(encoding="utf-8") for p in section.parent.glob("*.yml")}
    # an unchanged project re-imports cleanly: ids (permalinks) and sections as they were
    assert cli("import", "docx", str(doc), str(project)).code == 0
    assert yaml.safe_load((project / "content/imported/docx/map.yml").read_text(encoding="utf-8"))["ids"] == ids
    assert {p.name: p.read_text(encoding="utf-8") for p in section.parent.glob("*.yml")} == sections_before
    # an edit in an imported file: the import refuses, names the file, writes nothing
    edited = section.read_text(encoding="utf-8").replace("blocks:", "blocks:\n- p: Mi corrección.", 1)
    section.write_text(edited, encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    run = cli("import", "docx", str(doc), str(project))
    assert run.code == 2 and str(section) in run.err and "edited since the last import" in run.err
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    # the edit moved into a hand-written file survives the next import and wins
    own = project / "content/sections" / section.name
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(section, own)
    assert cli("import", "docx", str(doc), str(project)).code == 0
    assert "Mi corrección." in own.read_text(encoding="utf-8")
    assert section.is_file()  # the imported copy is back, and the hand-written one shadows it
    # the author's bibliography entries are never rewritten
    bib = project / "bibliography.bib"
    bib.write_text("@book{mio2020, author = {Yo, Mismo}, title = {Mi libro}, year = {2020}}\n", encoding="utf-8")
    assert cli("import", "docx", str(doc), str(project)).code == 0
    assert bib.read_text(encoding="utf-8").startswith("@book{mio2020, author = {Yo, Mismo}")


def test_a_block_the_site_cannot_show_is_kept_as_text(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Pictures whose bytes are not what their names say (the site refuses them) become their captions' words."""
    source = zipfile.ZipFile(DOCX / "es-template-headings-usac.docx")
    images = {n for n in source.namelist() if n.startswith("word/media/") and n.endswith(".png")}
    f = tmp_path / "tesis.docx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            zf.writestr(info, b"not a png at all" if info.filename in images else source.read(info))
    project = tmp_path / "p"
    run = cli("import", "docx", str(f), str(project))
    assert run.code == 0, run.err
    report = (project / "content/imported/docx/report.md").read_text(encoding="utf-8")
    assert "a image the site cannot show" in report and "is not a PNG file" in report
    assert cli("build", str(project)).code == 0


def hostile(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    base = zipfile.ZipFile(DOCX / "es-comments-ucr.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in base.infolist():
            if info.filename not in members:
                zf.writestr(info, base.read(info))
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, "/etc/passwd")
    return path


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


EMPTY = (
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:body><w:p/><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p/></w:body></w:document>'
)


@pytest.mark.parametrize(
    "case, expected",
    [
        ("entity", "declares XML entities"),
        ("dotdot", "'..' in path"),
        ("absolute", "absolute path"),
        ("symlink", "symbolic link"),
        ("bomb", "zip bomb"),
        ("notzip", "not a zip archive"),
        ("doc", "not a Word .docx"),
        ("empty", "nothing to publish"),
    ],
)
def test_a_hostile_docx_gets_a_clear_error_and_nothing_is_written(
    tmp_path: Path, cli, case: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "tesis.docx"
    if case == "entity":
        hostile(f, {"word/document.xml": XXE})
    elif case == "dotdot":
        hostile(f, {"../evil.txt": b"x"})
    elif case == "absolute":
        hostile(f, {"/tmp/evil.txt": b"x"})
    elif case == "symlink":
        hostile(f, {}, symlink="word/media/evil.png")
    elif case == "bomb":
        hostile(f, {"word/media/bomb.bin": b"\0" * (50 * 1024 * 1024)})
    elif case == "empty":  # no text at all (pandoc's numbered_header.docx has one empty heading)
        hostile(f, {"word/document.xml": EMPTY})
    elif case == "notzip":
        f.write_bytes(b"%PDF-1.4 not a zip")
    else:
        f = tmp_path / "tesis.doc"
        f.write_bytes(b"\xd0\xcf\x11\xe0")
    target = tmp_path / "p"
    run = cli("import", "docx", str(f), str(target))
    assert run.code == 2, run.err
    assert f"{f}: " in run.err and expected in run.err, run.err
    assert "Traceback" not in run.err
    assert not target.exists()
    assert not (tmp_path / "evil.txt").exists()


def test_a_title_left_hanging_on_a_preposition_goes_on_in_the_next_line(imported) -> None:  # type: ignore[no-untyped-def]
    """UCR's title page sets "…: UNA APLICACIÓN A" / "DATOS COSTARRICENCES": two capitalised words alone read like a
    person's name, but a line that ends on "A" is not a whole title."""
    project, _ = imported("es-comments-ucr.docx")
    thesis = yaml.safe_load((project / "content/thesis.yml").read_text(encoding="utf-8"))
    assert thesis["title"] == "LA SOBREPARAMETRIZACIÓN EN EL ARIMA: UNA APLICACIÓN A DATOS COSTARRICENCES"
    report = (project / "content/imported/docx/report.md").read_text(encoding="utf-8")
    assert "'DATOS COSTARRICENCES'" not in report  # no longer listed among the dropped title-page lines
    # the kind line "…del Programa de Estudios de" goes on the same way, to the end of its sentence
    assert thesis["kind"] == (
        "Tesis sometida a la consideración de la Comisión del Programa de Estudios de Posgrado en Estadística "
        "para optar por el grado y título de Maestría Académica en Estadística"
    )


def test_a_document_that_opens_with_running_text_has_no_title_page(imported) -> None:  # type: ignore[no-untyped-def]
    """A draft chapter (cit-zotero-anastuart) starts with a paragraph: no line after it is taken for the title."""
    project, _ = imported("cit-zotero-anastuart.docx")
    thesis = yaml.safe_load((project / "content/thesis.yml").read_text(encoding="utf-8"))
    assert thesis["title"] == "cit-zotero-anastuart" and thesis["title_derived"] is True
