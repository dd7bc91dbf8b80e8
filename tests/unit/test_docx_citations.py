"""Reference-manager citations in Word XML (generator/importers/docx/citations.py) and the .bib they become.

Small XML snippets for each manager and each odd placement (split instructions,
simple fields, hyperlinks, tracked changes, footnotes, hostile data), then the
real documents of tests/fixtures/docx/ (sources in its README): what each holds
is counted independently from its raw XML, and the written bibliography.bib is
read back with the project's own loader.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.errors import Problems
from generator.importers.docx import citations as cit
from generator.importers.docx.bib_out import bibliography_bib, latex, unwritten
from generator.importers.docx.citations import MARK_CLOSE, MARK_OPEN, extract_citations
from generator.source import pandoc
from generator.source.archive import parse_xml
from generator.source.bibliography import load_bibliography
from generator.source.citations import KEY
from tests.conftest import FIXTURES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
B_NS = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
W = "{" + W_NS + "}"
DOCX = FIXTURES / "docx"
MARK = re.compile(MARK_OPEN + r"C\d+" + MARK_CLOSE)


# ---------------------------------------------------------------- helpers


def part(body: str, root: str = "document") -> etree._Element:
    """A Word XML part whose body is ``body`` (w: prefix bound)."""
    inner = f"<w:body>{body}</w:body>" if root == "document" else body
    return parse_xml(f'<w:{root} xmlns:w="{W_NS}">{inner}</w:{root}>'.encode(), f"word/{root}.xml")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def field(instruction: str, shown: str = "(shown)", split: int = 0, rpr: str = "") -> str:
    """A complex field; ``split`` cuts the instruction into that many w:instrText runs with a proofErr between."""
    pieces = [instruction]
    if split:
        size = max(1, len(instruction) // split)
        pieces = [instruction[i : i + size] for i in range(0, len(instruction), size)]
    instr = '<w:proofErr w:type="spellStart"/>'.join(
        f'<w:r>{rpr}<w:instrText xml:space="preserve">{esc(p)}</w:instrText></w:r>' for p in pieces
    )
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>{instr}'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t xml:space="preserve">{esc(shown)}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def para(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


def text(el: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{esc(el)}</w:t></w:r>'


def plain(root: etree._Element) -> str:
    return "".join(t.text or "" for t in root.iter(W + "t"))


def extract(body: str, **kw):
    root = part(body)
    works = extract_citations(
        {"word/document.xml": root},
        kw.pop("custom", []),
        kw.pop("previous", {}),
        kw.pop("taken", set()),
        kw.pop("language", "es"),
    )
    return works, root


def zotero(items: list[dict], **extra) -> str:
    data = {"citationID": "x", "properties": {"formattedCitation": "(f)", "noteIndex": 0}, "citationItems": items}
    data.update(extra)
    return " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data, ensure_ascii=False) + " "


def zitem(uri: str, **data) -> dict:
    return {"id": 12, "uris": [f"http://zotero.org/users/1/items/{uri}"], "itemData": {"id": 12, **data}}


SMITH = {
    "type": "article-journal",
    "title": "A comparison",
    "author": [{"family": "Smith", "given": "D."}],
    "issued": {"date-parts": [["2013", 12]]},
}
GARCIA = {
    "type": "book",
    "title": "Gestión pública en el Perú",
    "author": [{"family": "García", "given": "Ana"}],
    "issued": {"date-parts": [[2019]]},
}


# ---------------------------------------------------------------- Zotero


def test_zotero_split_instruction_becomes_one_marker_run_with_its_formatting():
    item = zitem("AAA", **SMITH)
    item.update(locator="5", label="page", prefix="véase", suffix="y ss.", **{"suppress-author": True})
    rpr = '<w:rPr><w:i/><w:vertAlign w:val="superscript"/></w:rPr>'
    works, root = extract(
        para(text("Antes "), field(zotero([item]), "(Smith, 2013, p. 5)", split=7, rpr=rpr), text(" después"))
    )
    [(marker, citation)] = works.citations.items()
    assert citation.kind == "zotero" and citation.part == "word/document.xml"
    assert citation.shown == "(Smith, 2013, p. 5)"
    assert citation.items == [cit.CitedItem("smith2013", "5", "page", "véase", "y ss.", True)]
    assert plain(root) == f"Antes {marker} después"
    assert not root.findall(f".//{W}instrText") and not root.findall(f".//{W}fldChar")
    run = next(r for r in root.iter(W + "r") if r.findtext(W + "t") == marker)
    assert run.find(f"{W}rPr/{W}i") is not None  # the formatting Word showed the citation with…
    assert run.find(f"{W}rPr/{W}vertAlign") is None  # …except the raising of numeric styles
    assert works.items["smith2013"]["title"] == "A comparison"
    assert works.items["smith2013"]["issued"] == {"date-parts": [[2013, 12]]}
    assert works.items["smith2013"]["id"] == "smith2013"


def test_zotero_keys_come_from_the_manager_never_from_numeric_ids():
    with_key = zitem("A", **{**SMITH, "citation-key": "smithComparison2013"})
    bbt = zitem("B", **{**GARCIA, "note": "Citation Key: garciaGestion2019\nPMID: 123"})
    plain_item = zitem("C", type="report", title="Informe anual", author=[{"literal": "Ministerio de Salud"}])
    works, _ = extract(para(field(zotero([with_key])), field(zotero([bbt])), field(zotero([plain_item]))))
    assert list(works.items) == ["smithComparison2013", "garciaGestion2019", "ministeriosf"]
    assert works.items["garciaGestion2019"]["PMID"] == "123" and "note" not in works.items["garciaGestion2019"]
    assert all(re.fullmatch(KEY, k) and not k.isdigit() for k in works.items)


def test_author_year_keys_are_readable_ascii_and_disambiguated():
    items = [
        zitem("A", **GARCIA),
        zitem("B", **{**GARCIA, "title": "Otra obra"}),
        zitem("C", **{**GARCIA, "title": "Tercera obra"}),
        zitem("D", type="book", title="Sin fecha", author=[{"family": "Núñez del Prado", "given": "J."}]),
        zitem(
            "E",
            type="report",
            title="R",
            author=[{"family": "National Association of Colleges and Employers"}],
            issued={"date-parts": [[2012]]},
        ),
    ]
    works, _ = extract(para(field(zotero(items))))
    assert list(works.items) == ["garcia2019", "garcia2019a", "garcia2019b", "nunezdelpradosf", "national2012"]
    works_en, _ = extract(para(field(zotero(items[3:4]))), language="en")
    assert list(works_en.items) == ["nunezdelpradond"]


def test_zotero_bibliography_spanning_paragraphs_is_removed_and_reported():
    body = (
        para(text("Texto "), field(zotero([zitem("A", **SMITH)]), "(Smith, 2013)"))
        + para(text("Referencias"))
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_BIBL '
        '{"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Smith, D. (2013). A comparison.</w:t></w:r></w:p>'
        + para(text("Otra, A. (2010). Otra."))
        + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>[3] Tabla</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        + '<w:p><w:r><w:t>Última.</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + para(text("Anexos"))
    )
    works, root = extract(body)
    assert [p for p in (plain(p) for p in root.iter(W + "p"))] == [
        f"Texto {next(iter(works.citations))}",
        "Referencias",
        "Anexos",
    ]
    assert root.find(f".//{W}tbl") is None
    assert works.dropped == ["word/document.xml: Zotero bibliography field (rebuilt from the works' data)"]


def test_simple_fields_hyperlinks_insertions_and_deletions():
    simple = f'<w:fldSimple w:instr="{html.escape(zotero([zitem("A", **SMITH)]))}"><w:r><w:t>(Smith, 2013)</w:t></w:r></w:fldSimple>'
    in_link = f'<w:hyperlink w:anchor="x">{field(zotero([zitem("B", **GARCIA)]), "(García, 2019)")}</w:hyperlink>'
    inserted = f'<w:ins w:id="1" w:author="a">{field(zotero([zitem("A", **SMITH)]), "(Smith)")}</w:ins>'
    deleted = (
        '<w:del w:id="2" w:author="a"><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:delInstrText>'
        + esc(zotero([zitem("Z", type="book", title="Borrado")]))
        + '</w:delInstrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:delText>(Borrado)</w:delText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:del>'
    )
    works, root = extract(para(simple, text(" y "), in_link, text(" e "), inserted, deleted))
    markers = list(works.citations)
    assert len(markers) == 3 and list(works.items) == ["smith2013", "garcia2019"]
    assert plain(root) == f"{markers[0]} y {markers[1]} e {markers[2]}"
    assert root.find(f".//{W}fldSimple") is None
    assert root.find(f".//{W}hyperlink/{W}r/{W}t").text == markers[1]  # the marker stays where the citation was
    assert root.find(f".//{W}del") is not None  # deleted text is pandoc's to drop, untouched here
    assert [c.shown for c in works.citations.values()] == ["(Smith, 2013)", "(García, 2019)", "(Smith)"]


def test_text_sharing_a_run_with_the_field_is_kept():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">antes </w:t><w:fldChar w:fldCharType="begin"/>'
        f'<w:instrText>{esc(zotero([zitem("A", **SMITH)]))}</w:instrText><w:fldChar w:fldCharType="separate"/>'
        '<w:t>(Smith)</w:t><w:fldChar w:fldCharType="end"/><w:t xml:space="preserve"> después</w:t></w:r></w:p>'
    )
    works, root = extract(body)
    assert plain(root) == f"antes {next(iter(works.citations))} después"


def test_citation_in_a_footnote_names_its_part():
    notes = part(
        f'<w:footnote w:id="1">{para(text("Véase "), field(zotero([zitem("A", **SMITH)]), "Smith, 2013"))}</w:footnote>',
        "footnotes",
    )
    body = part(para(text("Texto")))
    works = extract_citations({"word/document.xml": body, "word/footnotes.xml": notes}, [], {}, set(), "es")
    [citation] = works.citations.values()
    assert citation.part == "word/footnotes.xml" and citation.marker in plain(notes)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("instruction", "why"),
    [
        (' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [{"id": 1, "itemData": {"title": "x"', "not valid JSON"),
        (" ADDIN ZOTERO_ITEM CSL_CITATION " + "[" * 100_000 + "]" * 100_000, "no data"),
        (' ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [{"id": 1, "uri": ["u"]}]}', "no data embedded"),
        (' ADDIN CSL_CITATION {"citationItems": "x"}', "cites no item"),
        (" ADDIN EN.CITE <EndNote><Cite><record>", "not readable XML"),
        (" ADDIN EN.CITE ADDIN EN.CITE.DATA ", "no EndNote record"),
        (" CITATION Nadie \\l 3082 ", "not in the document's source list"),
    ],
)
def test_unreadable_citations_are_reported_and_keep_their_text(instruction, why):
    works, root = extract(para(text("Como dice "), field(instruction, "(Autor, 2020)"), text(".")))
    assert not works.citations and not works.items
    [problem] = works.problems
    assert problem.startswith("word/document.xml: ") and "“(Autor, 2020)”" in problem and why in problem
    assert plain(root) == "Como dice (Autor, 2020)."


def test_hostile_fields_do_no_harm(monkeypatch):
    monkeypatch.setattr(cit, "MAX_INSTRUCTION", 50)  # a huge instruction is cut, not read whole
    deep = '{"citationItems": [' + '{"a":' * 5000 + "1" + "}" * 5000 + "]}"
    nested = " ADDIN ZOTERO_ITEM CSL_CITATION " + deep
    v3 = (
        '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_CITATION_v3_%%%notbase64"/></w:sdtPr><w:sdtContent>'
        + text("(V3)")
        + "</w:sdtContent></w:sdt>"
    )
    unclosed = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> CITATION X </w:instrText></w:r>'
    works, root = extract(para(field(nested, "(Deep)"), v3, unclosed, text("fin")))
    assert not works.citations
    assert len(works.problems) == 3
    assert "(Deep)" in plain(root) and "(V3)" in plain(root) and plain(root).endswith("fin")


def test_unfinished_and_unsupported_citations_are_reported():
    works, _ = extract(
        para(field(" ADDIN ZOTERO_TEMP ", "(Mongrain et al., 2005)"), field(" ADDIN CitaviPlaceholder{abc}", "(C)"))
    )
    assert [p.split(" showing ")[1] for p in works.problems] == [
        "“(Mongrain et al., 2005)” was never finished in Word (kept as text)",
        "“(C)” from an unsupported manager (kept as text)",
    ]


# ---------------------------------------------------------------- Mendeley


def mendeley(items: list[dict]) -> str:
    data = {"citationItems": items, "mendeley": {"formattedCitation": "(f)"}, "properties": {"noteIndex": 0}}
    return "ADDIN CSL_CITATION " + json.dumps(data, ensure_ascii=False)


def mitem(uuid: str | None, **data) -> dict:
    out = {"id": "ITEM-1", "itemData": {"id": "ITEM-1", "parse-names": False, "dropping-particle": "", **data}}
    if uuid:
        out["uris"] = [f"http://www.mendeley.com/documents/?uuid={uuid}"]
    return out


def test_mendeley_item_ids_never_merge_two_works_and_one_work_stays_one():
    first = mitem("u-1", **SMITH)
    other = mitem("u-2", **GARCIA)  # also ITEM-1, another work
    again = mitem("u-1", **{**SMITH, "title": "A comparison."})  # the same document, data edited since
    no_uri = mitem(None, **{**GARCIA, "DOI": "10.1/x"})  # no Mendeley URI: same title, year and author
    bibl = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Refs</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    works, root = extract(
        para(
            field(mendeley([first])),
            field(
                mendeley(
                    [
                        other,
                        {
                            **mitem("u-3", **{**SMITH, "title": "Another", "issued": {"date-parts": [[2013]]}}),
                            "id": "ITEM-2",
                        },
                    ]
                )
            ),
        )
        + para(field(mendeley([again])), field(mendeley([no_uri])))
        + para(bibl)
    )
    assert list(works.items) == ["smith2013", "garcia2019", "smith2013a"]
    assert [[i.key for i in c.items] for c in works.citations.values()] == [
        ["smith2013"],
        ["garcia2019", "smith2013a"],
        ["smith2013"],
        ["garcia2019"],
    ]
    assert "parse-names" not in works.items["smith2013"]["author"][0]
    assert "dropping-particle" not in works.items["smith2013"]["author"][0]
    assert works.dropped == ["word/document.xml: Mendeley bibliography field (rebuilt from the works' data)"]
    assert plain(root).count(MARK_OPEN) == 4 and "Refs" not in plain(root)


def v3_control(data: dict, shown: str) -> str:
    tag = "MENDELEY_CITATION_v3_" + base64.b64encode(json.dumps(data).encode()).decode()
    return f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/><w:id w:val="1"/></w:sdtPr><w:sdtContent>{text(shown)}</w:sdtContent></w:sdt>'


def test_mendeley_cite_controls_are_read_from_their_tags():
    uid = "a8b39bd7-4f26-32c9-939a-ff1c83d06701"
    data = {
        "citationID": "MENDELEY_CITATION_1",
        "citationItems": [{"id": uid, "itemData": {**GARCIA, "id": uid}, "locator": "12–14", "label": "chapter"}],
    }
    bibliography = (
        '<w:sdt><w:sdtPr><w:tag w:val="MENDELEY_BIBLIOGRAPHY"/></w:sdtPr><w:sdtContent>'
        + para(text("García, A. (2019)."))
        + "</w:sdtContent></w:sdt>"
    )
    works, root = extract(
        para(text("Según "), v3_control(data, "(García, 2019, chap. 12–14)"), text(".")) + bibliography
    )
    [citation] = works.citations.values()
    assert citation.kind == "mendeley-v3" and citation.shown == "(García, 2019, chap. 12–14)"
    assert citation.items == [cit.CitedItem("garcia2019", "12–14", "chapter")]
    assert plain(root) == f"Según {citation.marker}."
    assert root.find(f".//{W}sdt") is None
    assert works.identities[f"mendeley:{uid}"] == "garcia2019"
    assert works.dropped == ["word/document.xml: Mendeley Cite bibliography control (rebuilt from the works' data)"]


# ---------------------------------------------------------------- EndNote

GODDARD = (  # from tests/fixtures/docx/cit-endnote-proposal.docx
    "<EndNote><Cite><Author>Goddard</Author><Year>2009</Year><RecNum>2</RecNum><Pages>p. 250</Pages>"
    "<DisplayText>(Goddard, 2009)</DisplayText><record><rec-number>2</rec-number><foreign-keys>"
    '<key app="EN" db-id="xewzr0x02dtzzhezzdlvzw03p9arw09wfezt" timestamp="1633506385">2</key></foreign-keys>'
    '<ref-type name="Journal Article">17</ref-type><contributors><authors><author>Goddard, Mike</author>'
    '</authors></contributors><titles><title><style face="normal">Genomic selection: prediction of accuracy</style></title>'
    "<secondary-title>Genetica</secondary-title></titles><periodical><full-title>Genetica</full-title></periodical>"
    "<pages>245-257</pages><volume>136</volume><number>2</number><dates><year>2009</year><pub-dates>"
    "<date>2009/06/01</date></pub-dates></dates><isbn>1573-6857</isbn><urls><related-urls>"
    "<url>https://doi.org/10.1007/s10709-008-9308-0</url></related-urls></urls>"
    "<electronic-resource-num>10.1007/s10709-008-9308-0</electronic-resource-num></record></Cite></EndNote>"
)
GODDARD_CSL = {
    "id": "goddard2009",
    "type": "article-journal",
    "author": [{"family": "Goddard", "given": "Mike"}],
    "title": "Genomic selection: prediction of accuracy",
    "container-title": "Genetica",
    "page": "245-257",
    "volume": "136",
    "issue": "2",
    "ISSN": "1573-6857",
    "URL": "https://doi.org/10.1007/s10709-008-9308-0",
    "DOI": "10.1007/s10709-008-9308-0",
    "issued": {"date-parts": [[2009, 6, 1]]},
}


def test_endnote_inline_escaped_and_base64_records_are_one_work():
    inline = field(" ADDIN EN.CITE " + GODDARD, "(Goddard, 2009, p. 250)")
    escaped = field(" ADDIN EN.CITE " + html.escape(GODDARD.replace("<Pages>p. 250</Pages>", "")), "(Goddard, 2009)")
    data = base64.b64encode(GODDARD.replace("<Cite>", '<Cite ExcludeAuth="1">').encode()).decode()
    nested = (  # the way EndNote stores long records: base64 in a nested EN.CITE.DATA field's w:fldData
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="begin"><w:fldData xml:space="preserve">{data[:40]}\n{data[40:]}</w:fldData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>(2009)</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    reflist = field(" ADDIN EN.REFLIST ", "Goddard, M. (2009). Genomic selection.")
    works, root = extract(para(inline, escaped, nested) + para(reflist))
    assert works.items == {"goddard2009": GODDARD_CSL}
    assert [c.items[0] for c in works.citations.values()] == [
        cit.CitedItem("goddard2009", "250", "page"),
        cit.CitedItem("goddard2009"),
        cit.CitedItem("goddard2009", "250", "page", suppress_author=True),
    ]
    assert "endnote:xewzr0x02dtzzhezzdlvzw03p9arw09wfezt#2" in works.identities
    assert works.dropped == ["word/document.xml: EndNote bibliography field (rebuilt from the works' data)"]
    assert len(list(root.iter(W + "p"))) == 1 and not root.findall(f".//{W}fldData")


# ---------------------------------------------------------------- Word's own citations

SOURCES = f"""<b:Sources xmlns:b="{B_NS}" xmlns="{B_NS}" SelectedStyle="\\APASixthEditionOfficeOnline.xsl">
<b:Source><b:Tag>Abe12</b:Tag><b:SourceType>BookSection</b:SourceType><b:Guid>{{3BD476A8-896F-4159-869A-D79093E3E15E}}</b:Guid>
<b:Title>Twitcident: Fighting Fire with Information from Social Web Streams</b:Title><b:Year>2012</b:Year><b:City>Lyon, France</b:City>
<b:Publisher>Companion Volume</b:Publisher><b:Author><b:Author><b:NameList><b:Person><b:Last>Abel</b:Last><b:First>Fabian</b:First></b:Person>
<b:Person><b:Last>Hauff</b:Last><b:First>Claudia</b:First></b:Person></b:NameList></b:Author></b:Author><b:Pages>305-308</b:Pages>
<b:BookTitle>WWW 2012, Proceedings of the 21st World Wide Web Conference 2012</b:BookTitle><b:DayAccessed>9</b:DayAccessed>
<b:YearAccessed>2015</b:YearAccessed><b:MonthAccessed>Maart</b:MonthAccessed></b:Source>
<b:Source><b:Tag>Min15</b:Tag><b:SourceType>Report</b:SourceType><b:Title>Informe de gestión 2015</b:Title><b:Year>2015</b:Year>
<b:Month>setiembre</b:Month><b:Author><b:Author><b:Corporate>Ministerio de Economía y Finanzas</b:Corporate></b:Author></b:Author><b:LCID>10250</b:LCID></b:Source>
<b:Source><b:Tag>Gar 19</b:Tag><b:SourceType>JournalArticle</b:SourceType><b:Title>Gestión municipal</b:Title><b:Year>2019</b:Year>
<b:JournalName>Revista de Gestión</b:JournalName><b:Volume>4</b:Volume><b:Issue>2</b:Issue>
<b:Author><b:Author><b:NameList><b:Person><b:Last>García</b:Last><b:First>Ana</b:First><b:Middle>María</b:Middle></b:Person></b:NameList></b:Author></b:Author></b:Source>
</b:Sources>"""


def test_word_citations_read_their_sources_and_switches():
    custom = [parse_xml(SOURCES.encode(), "customXml/item1.xml"), part("", "hdr")]
    body = para(
        field(" CITATION Abe12 \\p 305 \\l 3082 ", "(Abel & Hauff, 2012, p. 305)"),
        field(
            ' CITATION Min15 \\n  \\s "cap. 2" \\f "véase" \\m "Gar 19" \\p 12-14 \\l 10250 ',
            "(véase 2015 cap. 2; García, 2019)",
        ),
        field(" citation abe12 \\l 1043 ", "(Abel & Hauff, 2012)"),
    ) + para(field(" BIBLIOGRAPHY  \\l 3082 ", "Abel, F. (2012)."))
    works, root = extract(body, custom=custom)
    assert list(works.items) == ["Abe12", "Min15", "garcia2019"]  # "Gar 19" is no key: author-year
    assert [c.items for c in works.citations.values()] == [
        [cit.CitedItem("Abe12", "305", "page")],
        [cit.CitedItem("Min15", None, None, "véase", "cap. 2", True), cit.CitedItem("garcia2019", "12-14", "page")],
        [cit.CitedItem("Abe12")],
    ]
    assert works.items["Abe12"] == {
        "id": "Abe12",
        "type": "chapter",
        "author": [{"family": "Abel", "given": "Fabian"}, {"family": "Hauff", "given": "Claudia"}],
        "title": "Twitcident: Fighting Fire with Information from Social Web Streams",
        "container-title": "WWW 2012, Proceedings of the 21st World Wide Web Conference 2012",
        "publisher": "Companion Volume",
        "page": "305-308",
        "publisher-place": "Lyon, France",
        "issued": {"date-parts": [[2012]]},
        "accessed": {"date-parts": [[2015, 3, 9]]},  # "Maart": a Dutch Word's month
    }
    assert works.items["Min15"]["author"] == [{"literal": "Ministerio de Economía y Finanzas"}]
    assert works.items["Min15"]["issued"] == {"date-parts": [[2015, 9]]}
    assert works.items["Min15"]["language"] == "es-PE"
    assert works.items["garcia2019"]["author"] == [{"family": "García", "given": "Ana María"}]
    assert works.dropped == ["word/document.xml: Word bibliography field (rebuilt from the works' data)"]
    assert len(list(root.iter(W + "p"))) == 1


def test_the_same_work_through_two_tools_is_one_entry():
    abel = (  # the EndNote record of tests/fixtures' Dutch thesis (Obipls/Scriptie), cited there through Word too
        " ADDIN EN.CITE <EndNote><Cite><Author>Abel</Author><Year>2012</Year><RecNum>0</RecNum><record>"
        '<ref-type name="Book Section">5</ref-type><contributors><authors><author>Abel, Fabian</author>'
        "<author>Hauff, Claudia</author></authors></contributors><titles><title>Twitcident: Fighting Fire with "
        "Information from Social Web Streams</title><secondary-title>WWW 2012</secondary-title></titles>"
        "<dates><year>2012</year></dates></record></Cite></EndNote>"
    )
    custom = [parse_xml(SOURCES.encode(), "customXml/item1.xml")]
    works, _ = extract(
        para(field(abel, "(Abel, Hauff et al. 2012)"), field(" CITATION Abe12 \\l 1043 ", "(Abel 2012)")), custom=custom
    )
    assert list(works.items) == ["Abe12"]
    assert works.items["Abe12"]["container-title"] == "WWW 2012"  # the first data seen is kept
    assert [c.kind for c in works.citations.values()] == ["endnote", "word"]


# ---------------------------------------------------------------- keys across imports


def test_previous_keys_stay_and_taken_keys_are_never_given_to_a_new_work():
    items = [zitem("A", **SMITH), zitem("B", **GARCIA), zitem("C", **{**GARCIA, "title": "Nueva"})]
    first, _ = extract(para(field(zotero(items))))
    assert list(first.items) == ["smith2013", "garcia2019", "garcia2019a"]
    previous = {i: ("smithKeep" if k == "smith2013" else k) for i, k in first.identities.items()}
    previous = {i: k for i, k in previous.items() if k != "garcia2019a"}  # that work is new next time
    taken = {"smithKeep", "garcia2019a"}  # written by hand in bibliography.bib
    again, _ = extract(para(field(zotero(list(reversed(items))))), previous=previous, taken=taken)
    assert sorted(again.items) == ["garcia2019", "garcia2019b", "smithKeep"]
    assert again.identities["uri:http://zotero.org/users/1/items/c"] == "garcia2019b"
    bbt, _ = extract(para(field(zotero([zitem("A", **{**SMITH, "citation-key": "smithKeep"})]))), taken=taken)
    assert list(bbt.items) == ["smithKeepa"] and "'smithKeep' is already a key" in bbt.notes[0]


# ---------------------------------------------------------------- the .bib


def read_back(tmp_path: Path, items: dict[str, dict], language: str) -> dict:
    (tmp_path / "bibliography.bib").write_text(bibliography_bib(items, language), encoding="utf-8")
    problems = Problems()
    refs = load_bibliography(tmp_path, problems, language)
    assert not problems.items, [str(p) for p in problems.items]
    return {k: r.csl for k, r in refs.items()}


TRICKY = {
    "es1": {
        "type": "book",
        "title": "Una revisión al estado del arte: América Latina y el Perú",
        "author": [
            {"family": "Núñez del Prado", "given": "José María"},
            {"literal": "Instituto Nacional de Estadística e Informática"},
        ],
        "publisher": "Institute of Electrical and Electronics Engineers Inc.",
        "publisher-place": "Lima, Perú",
        "issued": {"date-parts": [[2019, 3, 5]]},
        "collection-title": "Serie Gestión Pública",
        "collection-number": "4",
        "edition": "2",
        "language": "spa",
    },
    "en1": {
        "type": "article-journal",
        "title": "Making Programming Accessible: A literature review of 'e-Gov' -- 50% & $5 #1 _x_ ^2 ~ {LLC} \\n `q` \"d\"",
        "author": [
            {"family": "Boer", "given": "G.J."},
            {"family": "Dijk", "given": "Jan", "non-dropping-particle": "van"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "O'Brien", "given": "Pat"},
        ],
        "container-title": "Journal of Research on Libraries & Young Adults",
        "volume": "6",
        "issue": "4",
        "page": "3-13",
        "DOI": "10.1007/978-3-642-30950-2_62",
        "URL": "https://search.ebscohost.com/login.aspx?direct=true&db=asn&AN=1%202#x",
        "ISSN": "0930-7575, 1432-0894",
        "issued": {"date-parts": [[2018, 4]]},
        "accessed": {"date-parts": [[2024, 10, 3]]},
        "language": "en",
    },
    "web1": {
        "type": "webpage",
        "title": "5 miljoen Nederlandstalige tweets per dag",
        "container-title": "Twittermania",
        "author": [{"literal": "Twittermania"}],
        "URL": "http://twittermania.nl/~a",
        "issued": {"date-parts": [[2012, 3, 1]]},
    },
    "ch1": {
        "type": "chapter",
        "title": "Capítulo uno",
        "container-title": "Libro Colectivo de Gestión",
        "editor": [{"family": "Pérez", "given": "Luis"}],
        "page": "10-20",
        "issued": {"date-parts": [[2010]]},
    },
    "th1": {
        "type": "thesis",
        "title": "La gestión municipal",
        "genre": "Tesis doctoral",
        "publisher": "Universidad Nacional del Altiplano",
        "author": [{"family": "Quispe", "given": "Rosa"}],
        "issued": {"date-parts": [[2021]]},
    },
    "rep1": {
        "type": "report",
        "title": "Informe",
        "number": "12",
        "author": [{"literal": "MEF"}],
        "issued": {"date-parts": [[2015]]},
    },
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_bib_reads_back_to_the_same_data(tmp_path, language):
    back = read_back(tmp_path, TRICKY, language)
    for key, item in TRICKY.items():
        got = back[key]
        for field_name, value in item.items():
            if field_name == "language":
                continue
            assert got.get(field_name) == value, (key, field_name)
        assert got["type"] == item["type"]
    assert back["es1"]["language"] == "es-ES" and back["en1"]["language"] == "en-US"
    assert "language" not in back["web1"] or language == "es"  # the loader's rule: no langid = the thesis's language


def test_latex_escaping_keeps_every_character():
    assert latex("a--b") == "a-{}-b" and latex("it's") == "it\\textquotesingle{}s"


def test_unwritten_names_what_the_bib_cannot_hold():
    items = {
        "i": {"type": "interview", "title": "T", "interviewer": [{"family": "O"}], "source": "Zotero", "issue": "2"}
    }
    assert unwritten(items) == ["i: interviewer, issue"]


# ---------------------------------------------------------------- real documents


def load_docx(path: Path) -> tuple[dict[str, etree._Element], list[etree._Element], dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        raw = {n: zf.read(n) for n in zf.namelist() if n.endswith(".xml")}
    parts = {
        n: parse_xml(raw[n], n) for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml") if n in raw
    }
    custom = [parse_xml(raw[n], n) for n in raw if re.fullmatch(r"customXml/item\d+\.xml", n)]
    return parts, custom, raw


def count_fields(raw: dict[str, bytes], pattern: str) -> int:
    """Citations counted in the raw XML, independently of the module: instructions (or tags) opening with ``pattern``."""
    text = b"".join(raw.get(n, b"") for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")).decode()
    instructions = re.sub(r"</w:instrText>(?:(?!w:fldChar).)*?<w:instrText[^>]*>", "", text, flags=re.S)
    return len(re.findall(pattern, instructions))


REAL = {  # file: (kind, pattern of its fields in the raw XML, bibliography kind dropped)
    "cit-zotero-pandoc.docx": ("zotero", r"ADDIN ZOTERO_ITEM CSL_CITATION", "Zotero bibliography field"),
    "cit-zotero-anastuart.docx": ("zotero", r"ADDIN ZOTERO_ITEM CSL_CITATION", None),
    "cit-mendeley-pandoc.docx": ("mendeley", r"ADDIN CSL_CITATION", "Mendeley bibliography field"),
    "cit-mendeley3-maestria-mx.docx": (
        "mendeley-v3",
        r'w:val="MENDELEY_CITATION_v3_',
        "Mendeley Cite bibliography control",
    ),
    "cit-endnote-proposal.docx": ("endnote", r"ADDIN EN\.CITE(?!\.DATA)", "EndNote bibliography field"),
    "cit-wordcite-nur-chapter.docx": ("word", r"CITATION \S+ \\l", "Word bibliography field"),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_documents(name, tmp_path):
    kind, pattern, bibliography = REAL[name]
    parts, custom, raw = load_docx(DOCX / name)
    works = extract_citations(parts, custom, {}, set(), "es")
    assert not works.problems
    assert {c.kind for c in works.citations.values()} == {kind}
    assert len(works.citations) == count_fields(raw, pattern) > 0
    written = "".join(plain(root) for root in parts.values())
    assert MARK.findall(written) == list(works.citations)  # every marker once, in document order
    assert not any("ZOTERO_ITEM" in t or "CSL_CITATION" in t for r in parts.values() for t in r.itertext())
    assert all(re.fullmatch(KEY, key) for key in works.items)
    cited = {i.key for c in works.citations.values() for i in c.items}
    assert cited == set(works.items)
    assert works.dropped == (
        [f"word/document.xml: {bibliography} (rebuilt from the works' data)"] if bibliography else []
    )
    back = read_back(tmp_path, works.items, "es")
    for key, item in works.items.items():
        assert back[key].get("title") == item.get("title"), key


def pandoc_items(path: Path) -> list[dict]:
    """The works pandoc itself reads from a Zotero or Mendeley Desktop document (an independent reading)."""
    out = subprocess.run(
        [pandoc.binary(), "-f", "docx+citations", "-t", "csljson", str(path)], capture_output=True, check=True
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("name", ["cit-zotero-pandoc.docx", "cit-zotero-anastuart.docx"])
def test_real_zotero_documents_agree_with_pandocs_reading(name):
    parts, custom, _ = load_docx(DOCX / name)
    works = extract_citations(parts, custom, {}, set(), "es")
    ours = sorted((w["title"], w.get("DOI", "")) for w in works.items.values())
    assert ours == sorted((w["title"], w.get("DOI", "")) for w in pandoc_items(DOCX / name))


def test_real_mendeley_document_keeps_apart_what_pandoc_merges():
    parts, custom, raw = load_docx(DOCX / "cit-mendeley-pandoc.docx")
    works = extract_citations(parts, custom, {}, set(), "es")
    theirs = pandoc_items(DOCX / "cit-mendeley-pandoc.docx")
    assert {w["id"] for w in theirs} == {"ITEM-1", "ITEM-2"}  # pandoc keys works by Mendeley's per-citation ids
    uuids = set(re.findall(rb"documents/\?uuid=([0-9a-f-]+)", raw["word/document.xml"]))
    assert len(works.items) == len(uuids) == 4
    assert {w["title"] for w in theirs} < {w["title"] for w in works.items.values()}


def test_real_documents_keep_their_keys_and_data():
    parts, custom, _ = load_docx(DOCX / "cit-endnote-proposal.docx")
    works = extract_citations(parts, custom, {}, set(), "en")
    assert works.items["he2020"]["DOI"] == "10.1016/j.cj.2020.04.005"
    assert works.items["he2020"]["container-title"] == "The Crop Journal"
    assert works.items["bulmer1980"]["type"] == "book" and works.items["bulmer1980"]["publisher"] == "Clarendon Press."
    [two] = [c for c in works.citations.values() if c.shown == "(Bernardo, 2008; Meuwissen et al., 2013)"]
    assert [i.key for i in two.items] == ["bernardo2008", "meuwissen2013"]
    parts, custom, _ = load_docx(DOCX / "cit-wordcite-nur-chapter.docx")
    works = extract_citations(parts, custom, {}, set(), "es")
    tags = {s.findtext(f"{{{B_NS}}}Tag") for root in custom for s in root.iter(f"{{{B_NS}}}Source")}
    assert set(works.items) <= tags  # Word's own tags are the keys
    parts, custom, _ = load_docx(DOCX / "cit-mendeley3-maestria-mx.docx")
    works = extract_citations(parts, custom, {}, set(), "es")
    title = "Accesibilidad web en la virtualidad: análisis del tejido cultural de internet y lenguaje digital."
    assert works.items["acevedozapata2023"]["title"] == title  # as embedded: never title-cased


GENERATED_ENTRY = {  # one entry of each document's generated reference list, as pandoc reads the original
    "cit-zotero-pandoc.docx": "Smith, D. M., Eade, R., & Pohlmann, H. (2013).",
    "cit-mendeley3-maestria-mx.docx": "Zapata Ros, M. (2015). Patrones en elearning.",
}


@pytest.mark.parametrize("name", sorted(GENERATED_ENTRY))
def test_pandoc_reads_every_marker_and_no_generated_bibliography(name, tmp_path):
    parts, custom, _ = load_docx(DOCX / name)
    works = extract_citations(parts, custom, {}, set(), "es")
    changed = tmp_path / name
    with zipfile.ZipFile(DOCX / name) as zin, zipfile.ZipFile(changed, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in parts:
                data = etree.tostring(parts[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)

    def read(path: Path) -> str:
        args = [pandoc.binary(), "-f", "docx", "-t", "plain", "--wrap=none", str(path)]
        return subprocess.run(args, capture_output=True, check=True).stdout.decode()

    before, after = read(DOCX / name), read(changed)
    assert MARK.findall(after) == list(works.citations)
    assert GENERATED_ENTRY[name] in before and GENERATED_ENTRY[name] not in after
