"""REFI-QDA bridge without MkDocs: archive safety, schema validation, mapping, export, round trip."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from generator.errors import Problems
from generator.importers.qdpx.importer import informant_code
from generator.source.corpus import load_corpus
from generator.source.refi_qda import XSD as PACKAGED_XSD
from generator.source.refi_qda import resolve_span
from generator.website.qdpx_export import guid, qdpx_bytes
from tests.conftest import FIXTURES, REPO

SHARED_XSD = REPO.parent / "shared" / "refi-qda" / "Project.xsd"  # the reference copy beside the repository
SCHEMA = etree.XMLSchema(etree.parse(str(SHARED_XSD if SHARED_XSD.is_file() else PACKAGED_XSD)))
NS = "urn:QDA-XML:project:1.0"
ATLAS = FIXTURES / "qdpx" / "atlas-target-atlas-project.qdpx"


def project_xml(body: str, attrs: str = 'xmlns="urn:QDA-XML:project:1.0"') -> str:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project {attrs} name="t" origin="hand">{body}</Project>'


def make_qdpx(path: Path, qde: str | bytes | None, members: dict[str, str | bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if qde is not None:
            zf.writestr("project.qde", qde)
        for name, data in (members or {}).items():
            zf.writestr(name, data)
    return path


G = [f"00000000-0000-4000-8000-{n:012d}" for n in range(20)]
TEXT = "Entrevista.\nEl gobierno “digital” ayudó — mucho.\r\nFin 😀 ok."
CODED = f"""
<CodeBook><Codes><Code guid="{G[1]}" name="Impacto" isCodable="true" color="#0a0">
  <Description>Efectos; ver @nadie2020.</Description>
  <Code guid="{G[2]}" name="Acceso" isCodable="true"/></Code></Codes></CodeBook>
<Variables><Variable guid="{G[3]}" name="Cargo" typeOfVariable="Text"/><Variable guid="{G[4]}" name="Edad" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="{G[5]}" name="Participante 1"><VariableValue><VariableRef targetGUID="{G[3]}"/><TextValue>Gerente</TextValue></VariableValue>
  <VariableValue><VariableRef targetGUID="{G[4]}"/><IntegerValue>41</IntegerValue></VariableValue><SourceRef targetGUID="{G[6]}"/></Case></Cases>
<Sources><TextSource guid="{G[6]}" name="entrevista-1.docx" plainTextPath="internal://{G[6]}.txt">
  <PlainTextSelection guid="{G[7]}" name="x" startPosition="12" endPosition="48">
    <Coding guid="{G[8]}"><CodeRef targetGUID="{G[2]}"/></Coding></PlainTextSelection>
  </TextSource>
  <TextSource guid="{G[9]}" name="Notas de campo"><PlainTextContent>Ana dijo: sí.</PlainTextContent>
  <PlainTextSelection guid="{G[10]}" startPosition="10" endPosition="13"><Coding guid="{G[11]}"><CodeRef targetGUID="{G[1]}"/></Coding></PlainTextSelection>
  </TextSource></Sources>
<Notes><Note guid="{G[12]}" name="Memo"><PlainTextContent>Revisar acceso.</PlainTextContent></Note></Notes>
<Sets><Set guid="{G[17]}" name="externo"><MemberSource targetGUID="{G[9]}"/></Set></Sets>
<Graphs><Graph guid="{G[13]}" name="Red de impacto"><Vertex guid="{G[14]}" representedGUID="{G[2]}" firstX="1" firstY="1"/>
  <Vertex guid="{G[15]}" representedGUID="{G[1]}" firstX="1" firstY="1"/><Edge guid="{G[16]}" sourceVertex="{G[15]}" targetVertex="{G[14]}"/></Graph></Graphs>
"""


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    return make_qdpx(tmp_path / "coded.qdpx", project_xml(CODED), {f"sources/{G[6]}.txt": TEXT.encode("utf-8")})


def imported(root: Path, name: str) -> object:
    return yaml.safe_load((root / "content" / "imported" / name).read_text(encoding="utf-8"))


# ----------------------------------------------------------------- import


def test_import_maps_cases_selections_codes_graphs_notes(cli, tmp_path: Path, coded: Path) -> None:
    run = cli("import", "qdpx", str(coded), str(tmp_path / "p"))
    assert run.code == 0, run.err
    p = tmp_path / "p"
    informants = imported(p, "informants.yml")["informants"]  # type: ignore[index]
    assert informants[0]["id"] == "PARTICIPANTE1"
    assert informants[0]["role"] == "Gerente"
    assert "Participante 1" in informants[0]["description"] and "Edad: 41" in informants[0]["description"]
    assert informants[1]["id"] == "NOTASDECAMPO"  # a document with quotes and no case
    assert (informants[0]["group"], informants[1]["group"]) == ("directivo", "externo")  # default; document group
    quotes = imported(p, "quotes.yml")["quotes"]  # type: ignore[index]
    assert [(q["id"], q["informant"], q["text"]) for q in quotes] == [
        ("participante1-01", "PARTICIPANTE1", "El gobierno “digital” ayudó — mucho."),
        ("notasdecampo-01", "NOTASDECAMPO", "sí."),
    ]
    cats = imported(p, "categories.yml")["categories"]  # type: ignore[index]
    assert cats[0]["name"] == "Impacto" and cats[0]["color"] == "#00AA00"
    assert cats[0]["definition"] == "Efectos; ver \uff20nadie2020."  # not a citation of an unknown work
    assert cats[0]["quotes"] == ["notasdecampo-01"]
    assert cats[0]["children"][0]["quotes"] == ["participante1-01"]
    fig = imported(p, "figures.yml")["figures"][0]  # type: ignore[index]
    assert fig["caption"] == "Red de impacto" and fig["category"] == cats[0]["id"]
    assert imported(p, "notes.yml") == {"notes": ["Memo: Revisar acceso."]}
    corpus = load_corpus(p, problems := Problems())
    assert not problems.errors, problems.errors
    assert [q.id for q in corpus.quotes] == ["participante1-01", "notasdecampo-01"]
    assert corpus.thesis is not None and corpus.thesis.notes == ["Memo: Revisar acceso."]


def test_reimport_updates_and_never_touches_hand_written(cli, tmp_path: Path, coded: Path) -> None:
    p = tmp_path / "p"
    assert cli("import", "qdpx", str(coded), str(p)).code == 0
    # the author edits an imported informant by copying it into the hand-written file
    (p / "content" / "informants.yml").write_text(
        "informants:\n  - id: PARTICIPANTE1\n    role: Gerente municipal (corregido)\n    group: directivo\n",
        encoding="utf-8",
    )
    thesis_before = (p / "content" / "thesis.yml").read_text(encoding="utf-8")
    # the QDA project changes: the case is renamed, the selection keeps its GUID
    changed = make_qdpx(
        tmp_path / "changed.qdpx",
        project_xml(CODED.replace('name="Participante 1"', 'name="P-uno"')),
        {f"sources/{G[6]}.txt": TEXT.encode("utf-8")},
    )
    assert cli("import", "qdpx", str(changed), str(p)).code == 0
    quotes = imported(p, "quotes.yml")["quotes"]  # type: ignore[index]
    assert [q["id"] for q in quotes] == ["participante1-01", "notasdecampo-01"]  # same ids, no duplicates
    assert quotes[0]["informant"] == "PARTICIPANTE1"
    assert "corregido" in (p / "content" / "informants.yml").read_text(encoding="utf-8")
    assert (p / "content" / "thesis.yml").read_text(encoding="utf-8") == thesis_before
    corpus = load_corpus(p, problems := Problems())
    assert not problems.errors, problems.errors
    assert [i.role for i in corpus.informants if i.id == "PARTICIPANTE1"] == ["Gerente municipal (corregido)"]


def bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project_xml(""))
        zf.writestr("sources/big.txt", b"\0" * (8 * 1024 * 1024))
    return buf.getvalue()


def symlink_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("project.qde", project_xml(""))
        info = zipfile.ZipInfo("sources/link.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def sel_source(start: int, end: int, path: str = f"internal://{G[6]}.txt") -> str:
    return project_xml(
        f'<Sources><TextSource guid="{G[6]}" name="s" plainTextPath="{path}">'
        f'<PlainTextSelection guid="{G[7]}" startPosition="{start}" endPosition="{end}"/></TextSource></Sources>'
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("notzip", "not a zip archive"),
        ("noqde", "no project.qde in the archive"),
        ("malformed", "project.qde:1: not well-formed XML"),
        ("invalid", "invalid against Project.xsd"),
        ("outside", f"selection {G[7]} [3, 99) lies outside source 's' (4 characters)"),
        ("missing", f"missing source 's': the archive has no 'sources/{G[6]}.txt'"),
        ("absolute", "source 's' is outside the archive (absolute:///etc/passwd)"),
        ("dotdot", "member '../evil.txt': '..' in path; refused"),
        ("abs", "member '/tmp/evil.txt': absolute path; refused"),
        ("symlink", "member 'sources/link.txt' is a symbolic link; refused"),
        ("bomb", "expands more than 100× (a zip bomb?); refused"),
        ("entity", "not well-formed XML: Attribute references external entity 'x'"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(cli, tmp_path: Path, case: str, expected: str) -> None:
    f = tmp_path / "bad.qdpx"
    text = {f"sources/{G[6]}.txt": "abcd"}
    if case == "notzip":
        f.write_text("hello")
    elif case == "noqde":
        make_qdpx(f, None, {"other.xml": "<x/>"})
    elif case == "malformed":
        make_qdpx(f, "<Project")
    elif case == "invalid":
        make_qdpx(f, project_xml('<CodeBook><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>'))
    elif case == "outside":
        make_qdpx(f, sel_source(3, 99), text)
    elif case == "missing":
        make_qdpx(f, sel_source(0, 2))
    elif case == "absolute":
        make_qdpx(f, sel_source(0, 2, "absolute:///etc/passwd"))
    elif case in ("dotdot", "abs"):
        make_qdpx(f, project_xml(""), {"../evil.txt" if case == "dotdot" else "/tmp/evil.txt": "x"})
    elif case == "symlink":
        f.write_bytes(symlink_zip())
    elif case == "bomb":
        f.write_bytes(bomb())
    elif case == "entity":  # entities are never resolved (no XXE)
        make_qdpx(
            f,
            '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"><Bogus/></Project>',
        )
    target = tmp_path / "p"
    run = cli("import", "qdpx", str(f), str(target))
    assert run.code == 2
    assert f"{f}: " in run.err and expected in run.err, run.err
    assert "Traceback" not in run.err
    assert not target.exists()
    assert not (tmp_path / "evil.txt").exists()


def test_never_writes_through_a_symlink_out_of_the_project(cli, tmp_path: Path, coded: Path) -> None:
    p = tmp_path / "p"
    assert cli("import", "qdpx", str(coded), str(p)).code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    imported_dir = p / "content" / "imported"
    for child in imported_dir.iterdir():
        child.unlink()
    imported_dir.rmdir()
    imported_dir.symlink_to(outside, target_is_directory=True)
    run = cli("import", "qdpx", str(coded), str(p))
    assert run.code == 2 and "would be written outside" in run.err, run.err
    assert list(outside.iterdir()) == []


def test_namespace_less_root_and_braced_guids_are_accepted(cli, tmp_path: Path) -> None:
    body = f'<CodeBook><Codes><Code guid="{{{G[1].upper()}}}" name="Tema" isCodable="true"/></Codes></CodeBook>'
    f = make_qdpx(tmp_path / "old.qdpx", project_xml(body, attrs='xmlns="urn:QDA-XML:project:1:0"'))
    assert cli("import", "qdpx", str(f), str(tmp_path / "p")).code == 0
    assert imported(tmp_path / "p", "categories.yml") == {"categories": [{"id": "cat-tema", "name": "Tema"}]}


def test_utf16_source_with_bom_is_read(cli, tmp_path: Path) -> None:
    f = make_qdpx(tmp_path / "u16.qdpx", sel_source(0, 4), {f"sources/{G[6]}.txt": "Año dos".encode("utf-16")})
    assert cli("import", "qdpx", str(f), str(tmp_path / "p")).code == 0
    assert imported(tmp_path / "p", "quotes.yml") == {"quotes": [{"id": "s-01", "informant": "S", "text": "Año"}]}


def test_real_atlas_codebook_only_imports(cli, tmp_path: Path) -> None:
    run = cli("import", "qdpx", str(ATLAS), str(tmp_path / "p"))
    assert run.code == 0, run.err
    cats = imported(tmp_path / "p", "categories.yml")["categories"]  # type: ignore[index]
    assert cats[0]["name"] == "Commits"
    assert [c["name"] for c in cats[0]["children"]] == ["2022-05-10T02:05:59Z 19e4dce", "2022-02-11T10:39:25Z cdbfd92"]
    assert imported(tmp_path / "p", "quotes.yml") == {"quotes": []}


@pytest.mark.skipif(not SHARED_XSD.is_file(), reason="no shared/refi-qda beside the repository")
def test_packaged_schema_is_the_published_one() -> None:
    assert PACKAGED_XSD.read_bytes() == SHARED_XSD.read_bytes()


def test_informant_codes_fit_the_pattern() -> None:
    assert informant_code("Participant 1.docx") == "PARTICIPANT1"
    assert informant_code("01 Ñandú") == "P01NANDU"
    assert informant_code("DMPP5") == "DMPP5"
    assert informant_code("???") == "P"


def test_span_readings() -> None:
    assert resolve_span("añb", 1, 2, None) == "ñ"  # code points, as the specification says
    crlf = "a\r\nbc"
    assert resolve_span(crlf, 2, 4, "bc") == "bc"  # a tool that counted CR LF as one character
    assert resolve_span("😀ab", 2, 4, "ab") == "ab"  # a tool that counted UTF-16 units
    assert resolve_span("abc", 2, 9, None) is None


# ----------------------------------------------------------------- export


@pytest.fixture(scope="module")
def puno():  # type: ignore[no-untyped-def]
    corpus = load_corpus(REPO, problems := Problems())
    assert not problems.errors
    return corpus


def test_export_is_valid_deterministic_and_every_span_is_verbatim(puno) -> None:  # type: ignore[no-untyped-def]
    data = qdpx_bytes(puno)
    assert data == qdpx_bytes(puno)
    zf = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(zf.read("project.qde"))
    assert SCHEMA.validate(root), SCHEMA.error_log
    quotes = {q.id: q for q in puno.quotes}
    seen = set()
    for src in root.iter(f"{{{NS}}}TextSource"):
        text = zf.read("sources/" + src.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
        for sel in src.iter(f"{{{NS}}}PlainTextSelection"):
            quote = quotes[sel.get("name")]
            assert text[int(sel.get("startPosition")) : int(sel.get("endPosition"))] == quote.text
            assert src.get("name") == quote.informant
            assert sel.get("guid") == guid("quote", quote.id)
            seen.add(quote.id)
    assert seen == set(quotes) and len(seen) == 45
    cases = {c.get("name") for c in root.iter(f"{{{NS}}}Case")}
    assert cases == {i.id for i in puno.informants}
    codes = {c.get("name") for c in root.iter(f"{{{NS}}}Code")}
    assert {cat.name for cat, _ in puno.all_categories()} <= codes
    assert {f.title for f in puno.findings} <= codes


def test_round_trip_field_by_field(puno, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "tesis.qdpx"
    f.write_bytes(qdpx_bytes(puno))
    assert cli("import", "qdpx", str(f), str(tmp_path / "p")).code == 0
    back = load_corpus(tmp_path / "p", problems := Problems())
    assert not problems.errors, problems.errors
    assert [(q.id, q.informant, q.text) for q in back.quotes] == [
        (q.id, q.informant, q.text)
        for q in sorted(puno.quotes, key=lambda q: [i.id for i in puno.informants].index(q.informant))
    ]
    assert [(i.id, i.role, i.group, i.description) for i in back.informants] == [
        (i.id, i.role, i.group, i.description) for i in puno.informants
    ]

    def tree(cats) -> list:  # type: ignore[no-untyped-def,type-arg]
        return [(c.name, sorted(c.quotes), tree(c.children)) for c in cats]

    assert tree(back.categories[: len(puno.categories)]) == tree(puno.categories)
    plain = [(c.definition or "").replace("\uff20", "@") for c, _ in back.all_categories()][
        : len(list(puno.all_categories()))
    ]
    assert plain == [c.definition or "" for c, _ in puno.all_categories()]
    assert [(fig.number, fig.caption) for fig in back.figures] == [(fig.number, fig.caption) for fig in puno.figures]
    by_id = {c.id: c.name for c, _ in back.all_categories()}
    orig = {c.id: c.name for c, _ in puno.all_categories()}
    assert [by_id[fig.category] for fig in back.figures if fig.category] == [
        orig[fig.category] for fig in puno.figures if fig.category
    ]
    assert back.thesis is not None and puno.thesis is not None
    assert back.thesis.notes == [f"{n}: {text}" for n, text in enumerate(puno.thesis.notes, start=1)]
