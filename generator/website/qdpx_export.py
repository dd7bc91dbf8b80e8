"""``thesis-site export qdpx DIR FILE.qdpx``: the published thesis as a REFI-QDA project.

- one TextSource per informant with quotes: the informant's quotes, in the
  order the content lists them, separated by a blank line;
- one PlainTextSelection per quote, named by the quote id, whose
  [startPosition, endPosition) is exactly the quote, counted in Unicode
  characters (code points) as the specification says;
- codes: the category tree (name, definition, colour), then one uncodable
  code per finding family holding a code per finding (title, statement);
  each selection is coded with every category and finding that uses it;
- one Case per informant (role and group as variables, the source referenced);
- the thesis's editorial notes as Notes; each figure as a Graph of its
  category's code network.

Deterministic: GUIDs are uuid5 of the record ids, no dates are written,
members are sorted and stamped with a fixed time, so the same content always
gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..source.corpus import Corpus
from ..source.models import Category, Finding
from ..source.refi_qda import NS, q, schema

GUID_NAMESPACE = uuid.UUID("6f1c2a4e-5b0d-5c2e-9a57-7468657369ff")  # fixed: GUIDs never change between exports
ORIGIN = "thesis-site"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SEPARATOR = "\n\n"


def guid(kind: str, id_: str) -> str:
    """A stable GUID for one record."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{id_}"))


@dataclass
class SourceText:
    """An informant's source text and where each quote sits in it."""

    informant: str
    text: str = ""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def source_texts(corpus: Corpus) -> list[SourceText]:
    """One text per informant that has quotes; spans in code points (Python string indices)."""
    by_informant: dict[str, SourceText] = {}
    order = [i.id for i in corpus.informants]
    for quote in corpus.quotes:
        src = by_informant.setdefault(quote.informant, SourceText(quote.informant))
        if src.text:
            src.text += SEPARATOR
        start = len(src.text)
        src.text += quote.text
        src.spans[quote.id] = (start, len(src.text))
    return sorted(by_informant.values(), key=lambda s: order.index(s.informant) if s.informant in order else len(order))


def codes_of(corpus: Corpus) -> dict[str, list[str]]:
    """Quote id → GUIDs of the codes (categories, findings) that use it, in codebook order."""
    out: dict[str, list[str]] = {}
    for cat, _ in corpus.all_categories():
        for qid in cat.quotes:
            out.setdefault(qid, []).append(guid("category", cat.id))
    for finding in corpus.findings:
        for qid in finding.quotes:
            out.setdefault(qid, []).append(guid("finding", finding.id))
    return {k: list(dict.fromkeys(v)) for k, v in out.items()}


# Characters XML 1.0 cannot hold (C0 controls but tab, CR, LF; lone surrogates; U+FFFE/U+FFFF)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with characters XML cannot hold replaced one for one by U+FFFD (positions stay valid)."""
    return NOT_XML.sub("\ufffd", text)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, q(tag), {k: xml_text(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = xml_text(text)
    return el


def category_code(parent: etree._Element, cat: Category) -> None:
    attrs = {"guid": guid("category", cat.id), "name": cat.name, "isCodable": "true"}
    if cat.color:
        attrs["color"] = cat.color
    code = sub(parent, "Code", **attrs)
    if cat.definition:
        sub(code, "Description", cat.definition)
    for child in cat.children:
        category_code(code, child)


def finding_codes(parent: etree._Element, findings: list[Finding]) -> None:
    families: dict[str, list[Finding]] = {}
    for finding in findings:
        families.setdefault(finding.kind, []).append(finding)
    for family, members in families.items():
        group = sub(parent, "Code", guid=guid("family", family), name=family, isCodable="false")
        for finding in members:
            code = sub(group, "Code", guid=guid("finding", finding.id), name=finding.title, isCodable="true")
            sub(code, "Description", finding.statement)


def project_xml(corpus: Corpus) -> tuple[etree._Element, dict[str, str]]:
    """The project.qde tree and the source members (member name → text)."""
    assert corpus.thesis is not None
    thesis = corpus.thesis
    root = etree.Element(q("Project"), {"name": xml_text(thesis.title), "origin": ORIGIN}, nsmap={None: NS})
    if corpus.categories or corpus.findings:
        codes = sub(sub(root, "CodeBook"), "Codes")
        for cat in corpus.categories:
            category_code(codes, cat)
        finding_codes(codes, corpus.findings)
    variables = {"role": guid("variable", "role"), "group": guid("variable", "group")}
    if corpus.informants:
        var_el = sub(root, "Variables")
        for name, g in variables.items():
            sub(var_el, "Variable", guid=g, name=name, typeOfVariable="Text")
    texts = source_texts(corpus)
    with_source = {s.informant for s in texts}
    if corpus.informants:
        cases = sub(root, "Cases")
        for inf in corpus.informants:
            case = sub(cases, "Case", guid=guid("informant", inf.id), name=inf.id)
            if inf.description:
                sub(case, "Description", inf.description)
            for name, value in (("role", inf.role), ("group", inf.group)):
                vv = sub(case, "VariableValue")
                sub(vv, "VariableRef", targetGUID=variables[name])
                sub(vv, "TextValue", value)
            if inf.id in with_source:
                sub(case, "SourceRef", targetGUID=guid("source", inf.id))
    members: dict[str, str] = {}
    coded = codes_of(corpus)
    if texts:
        sources = sub(root, "Sources")
        for src in texts:
            sg = guid("source", src.informant)
            member = f"{sg}.txt"
            members[f"sources/{member}"] = xml_text(src.text)
            el = sub(sources, "TextSource", guid=sg, name=src.informant, plainTextPath=f"internal://{member}")
            for qid, (start, end) in src.spans.items():
                sel = sub(el, "PlainTextSelection", guid=guid("quote", qid), name=qid,
                          startPosition=str(start), endPosition=str(end))  # fmt: skip
                for code in coded.get(qid, []):
                    coding = sub(sel, "Coding", guid=str(uuid.uuid5(GUID_NAMESPACE, f"coding:{qid}:{code}")))
                    sub(coding, "CodeRef", targetGUID=code)
    if thesis.notes:
        notes = sub(root, "Notes")
        for index, text in enumerate(thesis.notes, start=1):
            note = sub(notes, "Note", guid=guid("note", str(index)), name=f"{index}")
            sub(note, "PlainTextContent", text)
    graphs = [fig for fig in corpus.figures if fig.category]
    if graphs:
        graphs_el = sub(root, "Graphs")
        cats = {cat.id: cat for cat, _ in corpus.all_categories()}
        for fig in graphs:
            figure_graph(graphs_el, fig.id, f"Figura {fig.number}. {fig.caption}", cats.get(fig.category or ""))
    if thesis.question:
        sub(root, "Description", thesis.question)
    return root, members


def figure_graph(parent: etree._Element, fig_id: str, name: str, cat: Category | None) -> None:
    """A figure's code network: its category and sub-categories as vertices, parent → child edges."""
    graph = sub(parent, "Graph", guid=guid("figure", fig_id), name=name)
    if cat is None:
        return
    edges: list[tuple[str, str]] = []
    row = [0]

    def vertex(c: Category, depth: int) -> str:
        vg = guid("vertex", f"{fig_id}:{c.id}")
        sub(graph, "Vertex", guid=vg, representedGUID=guid("category", c.id), name=c.name,
            firstX=str(40 + 260 * depth), firstY=str(40 + 60 * row[0]), shape="RoundedRectangle")  # fmt: skip
        row[0] += 1
        for child in c.children:
            edges.append((vg, vertex(child, depth + 1)))
        return vg

    vertex(cat, 0)
    for source, target in edges:
        sub(graph, "Edge", guid=str(uuid.uuid5(GUID_NAMESPACE, f"edge:{source}:{target}")),
            sourceVertex=source, targetVertex=target, direction="OneWay")  # fmt: skip


def qdpx_bytes(corpus: Corpus) -> bytes:
    """The .qdpx archive of the corpus; raises ValueError if it is not valid against Project.xsd."""
    root, members = project_xml(corpus)
    xsd = schema()
    if not xsd.validate(root):  # a bug here, never the author's content: fail loudly
        raise ValueError(f"export is invalid against Project.xsd: {xsd.error_log}")
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted({"project.qde": qde, **{k: v.encode("utf-8") for k, v in members.items()}}.items()):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def export_qdpx(corpus: Corpus, file: Path) -> None:
    """Write the corpus as a .qdpx (atomically)."""
    data = qdpx_bytes(corpus)
    tmp = file.with_name(f".{file.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(file)
