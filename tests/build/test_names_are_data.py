"""Names are data: hostile REFI-QDA names, a thesis title and an author's site_name, read by an HTML parser.

Every page of each built site is parsed with lxml (libxml2 2.14 tokenizes as
HTML5 does: ``<title>`` is RCDATA, ``<script>`` raw text), and checked for
elements or attributes made from the names, for text escaped twice, and for
the names read back whole where the header, ``<title>`` and logo show them
(so ``{{ 7*7 }}`` was never evaluated).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree, html

from tests.conftest import make_project
from tests.unit.test_qdpx import CODED, TEXT, G, project_xml

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "</title><script>alert(2)</script>"
TEMPLATE = "{{ 7*7 }} {% if true %}49{% endif %} {# c #} {% raw %}"
HOSTILE = f"{IMG} {SCRIPT} {TEMPLATE}"
PROJECT_NAME = f"Tecnología & sociedad:\nx < y {HOSTILE}"  # a line break too: the name goes into YAML comments
SITE_NAME = f"Tecnología & sociedad: x < y {HOSTILE}"  # the title is the name on one line
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")  # left in decoded text: escaped twice


def hostile_qdpx(path: Path) -> Path:
    """The coded test project of tests/unit/test_qdpx.py with every name and description made hostile."""
    root = etree.fromstring(project_xml(CODED).encode("utf-8"))
    root.set("name", PROJECT_NAME)
    root.set("origin", f"QDA {HOSTILE}")
    for el in root.iter():
        local = etree.QName(el).localname
        if el is not root and el.get("name") is not None and local != "Variable":  # "Cargo" still names the role
            el.set("name", f"{el.get('name')} {HOSTILE}")
        if local in ("Description", "TextValue") or local == "PlainTextContent" and el.getparent().tag.endswith("Note"):
            el.text = f"{el.text} {HOSTILE} @nadie2020"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8"))
        zf.writestr(f"sources/{G[6]}.txt", TEXT.encode("utf-8"))
    return path


def page_problems(doc: Any) -> list[str]:
    """Elements or attributes that came from a name, and text escaped twice, on one parsed page."""
    out = []
    for el in doc.iter():
        if not isinstance(el.tag, str):  # comments
            continue
        if el.tag == "img" and el.get("src") == "x":
            out.append("an <img src=x> from a name")
        for name, value in el.attrib.items():
            if name.startswith("on"):
                out.append(f"<{el.tag} {name}=…> from a name")
            if ENTITY.search(value):
                out.append(f"<{el.tag} {name}> escaped twice: {value!r}")
        if el.tag == "script":
            if el.get("type") == "application/ld+json":
                out += [f"JSON-LD escaped twice: {s!r}" for s in json_strings(json.loads(el.text)) if ENTITY.search(s)]
            elif "alert(" in (el.text or ""):
                out.append(f"a live <script> from a name: {el.text!r}")
        elif el.text and ENTITY.search(el.text):
            out.append(f"<{el.tag}> text escaped twice: {el.text.strip()!r}")
        if el.tail and ENTITY.search(el.tail):
            out.append(f"text after <{el.tag}> escaped twice: {el.tail.strip()!r}")
    return out


def json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in json_strings(item)] if isinstance(value, list) else []


def pages(site: Path) -> dict[str, Any]:
    return {p.relative_to(site).as_posix(): html.fromstring(p.read_bytes()) for p in sorted(site.rglob("*.html"))}


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


def find(doc: Any, path: str) -> list[Any]:
    """Elements at an XPath where ``.name`` stands for "has the class name"."""
    return doc.xpath(re.sub(r"\.([\w-]+)", r"[contains(concat(' ', normalize-space(@class), ' '), ' \1 ')]", path))


def assert_site_name_everywhere(docs: dict[str, Any], site_name: str) -> None:
    """The header, the drawer, the logo's title and aria-label, the print header and <title> read the name."""
    for rel, doc in docs.items():
        title = text(doc.find(".//title"))
        assert title == site_name or title.endswith(f" - {site_name}"), (rel, title)
        assert text(find(doc, "//*.md-header__topic//*.md-ellipsis")[0]) == site_name, rel
        assert text(find(doc, "//*.md-nav--primary/*.md-nav__title")[0]) == site_name, rel
        logos = find(doc, "//a.md-logo")
        assert len(logos) == 2 and all(a.get("title") == a.get("aria-label") == site_name for a in logos), rel
        if rel != "404.html":
            assert text(find(doc, "//*.ts-print-site")[0]) == site_name, rel


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project imported from the hostile .qdpx and built; and the import's printed report."""
    from generator.cli import main

    tmp = tmp_path_factory.mktemp("hostile")
    project = tmp / "p"
    report = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", report)
        assert main(["import", "qdpx", str(hostile_qdpx(tmp / "hostil.qdpx")), str(project)]) == 0
        assert main(["build", str(project)]) == 0
    return project, report.getvalue()


def test_import_writes_names_as_data_and_says_where_the_title_came_from(imported: tuple[Path, str]) -> None:
    project, report = imported
    assert "title: from the REFI-QDA project name in hostil.qdpx" in report.splitlines()
    mkdocs = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    thesis = yaml.safe_load((project / "content" / "thesis.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == thesis["title"] == SITE_NAME
    for path in sorted((project / "content" / "imported").glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert all(line.startswith("#") for line in lines[:2]), path  # the header stayed a comment
        assert SITE_NAME in lines[0] and isinstance(yaml.safe_load("\n".join(lines)), dict), path
    categories = yaml.safe_load((project / "content" / "imported" / "categories.yml").read_text(encoding="utf-8"))
    assert categories["categories"][0]["name"] == f"Impacto {HOSTILE}"  # as written, nothing removed
    assert "＠nadie2020" in categories["categories"][0]["definition"]  # a name cites nothing


def test_no_page_holds_markup_from_imported_names(imported: tuple[Path, str]) -> None:
    site = imported[0] / "site"
    docs = pages(site)
    assert len(docs) > 10
    problems = {rel: found for rel, doc in docs.items() if (found := page_problems(doc))}
    assert not problems, problems
    assert_site_name_everywhere(docs, SITE_NAME)
    shown = "\n".join(text(doc) for doc in docs.values())
    for name in (f"Impacto {HOSTILE}", f"Acceso {HOSTILE}", f"Red de impacto {HOSTILE}", f"Gerente {HOSTILE}"):
        assert name in shown, name  # each imported name reads as written somewhere on the site


def test_author_site_name_and_thesis_title_read_as_written(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    site_name = "Tecnología & sociedad: x < y"
    title = f"x < y & “z” {SCRIPT} {TEMPLATE}"
    project = make_project(tmp_path / "p")
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": site_name,
                "site_author": "Quispe & Mamani <qm>",
                "copyright": "© 2026 Quispe & Mamani <qm>",
                "theme": {"name": "material", "language": "es"},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    thesis = project / "content" / "thesis.yml"
    thesis.write_text(
        thesis.read_text(encoding="utf-8").replace("title: Tesis mínima de prueba", f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    run = cli("build", str(project))
    assert run.code == 0, run.err
    docs = pages(project / "site")
    problems = {rel: found for rel, doc in docs.items() if (found := page_problems(doc))}
    assert not problems, problems
    assert_site_name_everywhere(docs, site_name)
    home = docs["index.html"]
    assert text(home.find(".//title")) == f"{title} - {site_name}"
    assert find(home, "//h1")[0].text == site_name  # the text before the permalink
    assert find(home, "//meta[@name='author']")[0].get("content") == "Quispe & Mamani <qm>"
    assert text(find(home, "//*.md-copyright__highlight")[0]) == "© 2026 Quispe & Mamani <qm>"
    quote = docs["citas/dmpp1-01/index.html"]
    assert find(quote, "//meta[@name='citation_title']")[0].get("content") == f"[{title}]"
    jsonld = json.loads(find(quote, "//script[@type='application/ld+json']")[0].text)
    assert jsonld["isPartOf"]["name"] == f"[{title}]"


def hostile_docx(path: Path) -> tuple[Path, str]:
    """A real Word thesis (tests/fixtures/docx/es-comments-ucr.docx) whose title line and a heading are hostile."""
    from xml.sax.saxutils import escape

    source = Path(__file__).parent.parent / "fixtures" / "docx" / "es-comments-ucr.docx"
    title_line = "LA SOBREPARAMETRIZACIÓN EN EL ARIMA: UNA APLICACIÓN A"
    hostile_title = f"LA SOBREPARAMETRIZACIÓN & ARIMA {HOSTILE}"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert xml.count(f">{title_line}<") == 1
                xml = xml.replace(f">{title_line}<", f">{escape(hostile_title)}<")
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    return path, hostile_title


def test_a_word_thesis_with_a_hostile_title_builds_a_site_without_its_markup(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    docx, title = hostile_docx(tmp_path / "hostil.docx")
    project = tmp_path / "p"
    run = cli("import", "docx", str(docx), str(project))
    assert run.code == 0, run.err
    thesis = yaml.safe_load((project / "content" / "thesis.yml").read_text(encoding="utf-8"))
    assert thesis["title"] == title  # the title is data, kept as written ({{ 7*7 }} keeps its asterisk)
    report = (project / "content" / "imported" / "docx" / "report.md").read_text(encoding="utf-8")
    assert f"thesis title ← the title page line '{title}'" in report  # and the report says where it came from
    assert cli("build", str(project)).code == 0
    docs = pages(project / "site")
    problems = {rel: found for rel, doc in docs.items() if (found := page_problems(doc))}
    assert not problems, problems
    home = docs["index.html"]
    assert title in text(home)  # shown whole and literal: {{ 7*7 }} never evaluated, no element made of it
