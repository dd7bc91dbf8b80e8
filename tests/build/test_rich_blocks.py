"""A section with everything a Word thesis holds (tests/fixtures/rich_blocks), built and read back as HTML."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import markdown
import pytest
from lxml import html

from generator.build import build_project
from generator.output.linkcheck import check_site
from generator.output.prerendered import convert
from tests.conftest import make_project, tree_digest
from tests.unit.test_prerendered import TOC

PAGE = "secciones/rico/index.html"


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rich_blocks fixture built once; returns the project folder."""
    project = make_project(tmp_path_factory.mktemp("rich") / "p", "rich_blocks")
    build_project(project)
    return project


@pytest.fixture(scope="module")
def body(rich: Path) -> html.HtmlElement:
    """The article of the section page."""
    doc = html.fromstring((rich / "site" / PAGE).read_bytes())
    (article,) = doc.xpath("//article")
    return article


def text(el: html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def test_inline_markup_is_html_and_the_rest_is_escaped_text(body: html.HtmlElement) -> None:
    first, second = body.xpath(".//p[not(@class)]")[:2]
    assert [text(e) for e in first.xpath("./em")] == ["énfasis", "véase Gil et al. (2007)"]
    assert [text(e) for e in first.xpath("./strong")] == ["fuerte"]
    assert [text(e) for e in first.xpath("./sub | ./sup[not(@id)]")] == ["2", "2"]
    assert "*asteriscos* y @gil2007 escapados" in text(first)  # escaped: printed, not emphasis or a citation
    assert first.xpath("./em/a[@class='cite']/@href") == ["../../referencias/#gil2007"]
    links = {a.get("href"): a.get("rel") for a in first.xpath("./a[not(@class)]")}
    assert links == {"https://www.inei.gob.pe/": "noopener", "https://example.org/a_(b)": "noopener"}
    # hostile text: printed as written, nothing of it is markup or a link
    assert "Ni esto ni <script>alert(1)</script> ni {{ 7*7 }} son código" in text(second)
    assert not body.xpath(".//script") and "49" not in text(second)
    assert not [a for a in body.iter("a") if "javascript" in (a.get("href") or "").lower()]


def test_nested_lists_keep_their_kind_depth_and_start(body: html.HtmlElement) -> None:
    (outer,) = body.xpath(".//ul[li[starts-with(., 'Primer punto')]]")
    assert [text(li).split(":")[0] for li in outer.xpath("./li")][1] == "Segundo punto, con sub-lista"
    assert [text(li) for li in outer.xpath("./li[2]/ol/li[2]/ul/li")] == ["dos-a", "dos-b"]
    assert outer.xpath("./li[3]//a[@class='cite']/@href") == ["../../referencias/#pcm2013"]
    (numbered,) = body.xpath(".//ol[@start]")
    assert numbered.get("start") == "3" and [text(li) for li in numbered.xpath("./li")] == ["tercero", "cuarto"]


def test_a_table_has_caption_header_cells_spans_and_notes_and_scrolls_in_its_box(body: html.HtmlElement) -> None:
    (box,) = body.xpath(".//div[contains(@class, 'ts-scroll') and .//table]")
    assert box.get("role") == "region" and box.get("tabindex") == "0"
    assert box.get("aria-label") == "Tabla 3. Categorías y códigos (tabla desplazable)"
    (table,) = box.xpath("./table[@class='ts-table ts-text-table']")
    assert text(table.xpath("./caption")[0]) == "Tabla 3. Categorías y códigos"
    assert table.xpath("./caption/em/text()") == ["Categorías"]
    rows = table.xpath("./thead/tr")
    assert [(th.get("scope"), th.get("colspan"), th.get("rowspan"), text(th)) for th in rows[0]] == [
        ("col", None, "2", "Categoría"),
        ("colgroup", "2", None, "Códigos"),
        ("col", None, "2", "Informantes"),
        ("col", None, "2", "Fuente"),
        ("col", None, "2", "Observaciones"),
    ]
    assert [text(th) for th in rows[1]] == ["Nombre", "Citas"]
    body_rows = table.xpath("./tbody/tr")
    assert [len(tr) for tr in body_rows] == [6, 6]
    assert body_rows[1].xpath("./td[2]//a[@class='cite']/@href") == ["../../referencias/#naser2011"]
    (notes,) = body.xpath(".//p[@class='ts-table-notes']")
    assert text(notes).startswith("Nota. Elaboración propia.")


def test_equations_are_mathml_with_their_tex(body: html.HtmlElement) -> None:
    (block,) = body.xpath(".//div[contains(@class, 'ts-math')]")
    (display,) = block.xpath("./span[@data-pagefind-ignore]/*[local-name()='math']")
    assert display.get("display") == "block"
    assert display.xpath(".//*[local-name()='mfrac']")  # a real fraction, not TeX shown as text
    tex = display.xpath(".//*[local-name()='annotation']/text()")
    assert tex == [r"\alpha = \frac{k}{k - 1}\left( 1 - \frac{\sum_{i = 1}^{k}\sigma_{i}^{2}}{\sigma_{t}^{2}} \right)"]
    inline = body.xpath(".//p//*[local-name()='math'][@display='inline']")
    assert [m.xpath(".//*[local-name()='annotation']/text()")[0] for m in inline] == [
        r"\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i",
        "x^2",  # in a footnote
    ]


def test_images_are_copied_by_content_and_load_lazily(rich: Path, body: html.HtmlElement) -> None:
    figures = body.xpath(".//figure[@class='ts-image']")
    assert len(figures) == 2
    png, svg = (fig.xpath("./img")[0] for fig in figures)
    assert png.get("alt") == "Tres barras: azul, naranja y verde"
    assert (png.get("loading"), png.get("width"), png.get("height")) == ("lazy", "320", "180")
    assert text(figures[0].xpath("./figcaption")[0]) == "Figura 16. Citas por categoría"
    assert png.get("src").startswith("../../media/grafico-1-") and svg.get("src").startswith("../../media/esquema-")
    for img, source in ((png, "grafico 1.png"), (svg, "esquema.svg")):
        served = (rich / "site" / "secciones" / "rico" / img.get("src")).resolve()
        assert served.read_bytes() == (rich / "content" / "media" / source).read_bytes()
    assert sorted(p.name for p in (rich / "site" / "media").iterdir()) == sorted(
        Path(img.get("src")).name for img in (png, svg)
    )


def test_footnotes_are_numbered_by_first_reference_and_link_both_ways(body: html.HtmlElement) -> None:
    refs = body.xpath(".//sup/a[@class='footnote-ref']")
    assert [(a.text, a.get("href"), a.getparent().get("id")) for a in refs] == [
        ("1", "#fn:rico:1", "fnref:rico:1"),
        ("2", "#fn:rico:nota-b", "fnref:rico:nota-b"),
        ("1", "#fn:rico:1", "fnref:rico:1:2"),
        ("2", "#fn:rico:nota-b", "fnref:rico:nota-b:2"),
    ]
    assert refs[0].get("aria-label") == "Nota 1"
    (heading,) = body.xpath(".//h2[@id='footnotes']")
    assert text(heading).startswith("Notas")
    notes = body.xpath(".//div[@class='footnote']/ol/li")
    assert [li.get("id") for li in notes] == ["fn:rico:1", "fn:rico:nota-b"]
    assert text(notes[0]).startswith("Primera nota, con cita Gil et al. (2007).")
    assert [text(p) for p in notes[1].xpath("./p")][0] == "Segunda nota."  # two paragraphs
    back = notes[1].xpath(".//a[@class='footnote-backref']/@href")
    assert back == ["#fnref:rico:nota-b", "#fnref:rico:nota-b:2"]


def test_every_link_and_anchor_resolves(rich: Path) -> None:
    report = check_site(rich / "site")
    assert [b for b in report.broken if "external link" not in b] == []
    external = {b.split(": external link ")[1] for b in report.broken if "external link" in b}
    assert external == {"https://www.inei.gob.pe/", "https://example.org/a_(b)"}  # the author's own links


def search_record(site: Path, url: str) -> dict:  # type: ignore[type-arg]
    """What Pagefind stored for one page (its fragments are gzipped JSON after a signature)."""
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if record["url"] == url:
            return record  # type: ignore[no-any-return]
    raise AssertionError(f"{url} is not in the search index")


def test_search_reads_the_text_and_leaves_images_and_formulas_out(rich: Path) -> None:
    site = rich / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    searchable = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text("utf-8")]
    assert entry["languages"]["es"]["page_count"] == len(searchable)
    record = search_record(site, "/secciones/rico/")
    content = record["content"]
    assert (
        "Política del alcalde" in content and "Figura 16. Citas por categoría" in content and "Segunda nota." in content
    )
    assert "frac" not in content and "∑" not in content  # formulas are not searchable glyph soup
    assert "la media es ( Naser y Concha, 2011, p. 5)" in " ".join(content.split())


def test_two_builds_are_byte_identical_and_an_edited_image_is_noticed(rich: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(rich, copy, ignore=shutil.ignore_patterns(".thesis-site", "site"))
    build_project(copy)
    assert tree_digest(copy / "site") == tree_digest(rich / "site")

    svg = copy / "content" / "media" / "esquema.svg"
    svg.write_text(svg.read_text("utf-8").replace("#ff7f0e", "#d62728"), "utf-8")
    edited = build_project(copy)
    assert 0 < edited.reused_pages < edited.pages  # the page that shows the image is rendered again, not the rest
    page = (copy / "site" / PAGE).read_text("utf-8")
    (new_svg,) = [p for p in (copy / "site" / "media").iterdir() if p.suffix == ".svg"]
    assert new_svg.name in page and "#d62728" in new_svg.read_text("utf-8")
    assert new_svg.name not in (rich / "site" / PAGE).read_text("utf-8")  # a new address: no stale copy in a cache
    assert len(list((copy / "site" / "media").iterdir())) == 2  # the old copy is gone


def test_the_page_converts_without_python_markdown_to_the_same_html(rich: Path) -> None:
    """MathML, tables, figures and footnotes stay inside the subset ``prerendered.convert`` handles, identically."""
    source = (rich / ".thesis-site" / "docs" / "secciones" / "rico.md").read_text("utf-8").split("---\n", 2)[2]
    done = convert(source, "&para;", "Enlace permanente")
    md = markdown.Markdown(extensions=["attr_list", "tables", "toc"], extension_configs=TOC)
    assert done is not None and done.html == md.convert(source)


def test_the_pdf_holds_the_images_from_the_site_never_the_network(
    rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With site_url set, WeasyPrint would fetch the images from the published site; it reads the built site's."""
    import urllib.request

    from pypdf import PdfReader

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *a, **k: pytest.fail(f"network: {a[1:]}"))
    copy = tmp_path / "copy"
    shutil.copytree(rich, copy, ignore=shutil.ignore_patterns(".thesis-site", "site"))
    with (copy / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://example.org/tesis-rica/\n")
    build_project(copy)
    reader = PdfReader(copy / "site" / "datos" / "tesis.pdf")
    sizes = {image.image.size for page in reader.pages for image in page.images if image.image}
    assert (320, 180) in sizes  # the bar chart, from site/media/
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "\\frac{k}{k - 1}" in text  # a formula prints as its TeX (WeasyPrint lays out no MathML)
