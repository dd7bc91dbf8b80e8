"""The content is the thesis: verbatim quotes and text, every heading, the thesis's own counts.

The seed text (the source of truth) is kept in tests/fidelity/seed.txt, a byte copy of
../shared/seed/000_ef06a907a6e92b9e.txt.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from generator.check.validate import validate
from generator.errors import Problems
from generator.index.link import iter_ids, text_fields, walk_items
from generator.source.citations import Cite, cited_keys, parse
from generator.source.corpus import Corpus, load_corpus
from generator.source.models import Discrepancy, Informant
from tests.conftest import REPO

SEED = Path(__file__).with_name("seed.txt")
SHARED_SEED = REPO.parent / "shared" / "seed" / "000_ef06a907a6e92b9e.txt"


def normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def seed() -> str:
    # Page numbers printed alone on a line are not part of the text.
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if not re.fullmatch(r"\s*\d{1,3}\s*", ln)]
    return normalise("\n".join(lines))


@cache
def corpus() -> Corpus:
    problems = Problems()
    c = load_corpus(REPO, problems)
    validate(c, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return c


def test_seed_copy_is_the_shared_seed() -> None:
    if SHARED_SEED.is_file():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()
    assert len(seed()) > 100_000


def test_every_quote_is_verbatim() -> None:
    missing = [q.id for q in corpus().quotes if normalise(q.text) not in seed()]
    assert missing == []


def test_every_figure_caption_is_verbatim() -> None:
    c = corpus()
    for fig in c.figures:
        assert normalise(f"Figura {fig.number}. {fig.caption}") in seed(), fig.id


def pattern(text: str) -> re.Pattern[str]:
    """The text as printed: plain parts literal, each citation a short gap (its printed form)."""
    parts = []
    for seg in parse(text):
        if isinstance(seg, Cite):
            parts.append(r".{1,160}?")
        else:
            words = (re.escape(word).replace(r"\-", r"-\s*") for word in seg.split())
            parts.append(r"\s*".join(words) if seg.strip() else r"\s*")
    return re.compile(r"\s*".join(p for p in parts if p))


def test_every_text_field_is_the_thesis_text() -> None:
    """Every prose text (paragraph, item, interpretation, abstract, antecedent field...) matches the seed once
    citations are put back; a lead is a verbatim part of a sentence (its ellipses are not the thesis's); what an
    informant's description quotes is in the seed; discrepancies are editorial notes."""
    c = corpus()
    urls = {i: u for i, _k, u, _l, _r, _s in iter_ids(c)}
    not_found = []
    for tf in text_fields(c, urls):
        if len(tf.text) < 25 or tf.field == "title" or isinstance(tf.record, Discrepancy):  # short editorial names
            continue
        verbatim = [tf.text.strip("…")]
        if isinstance(tf.record, Informant):
            verbatim = [part.rstrip(".") for part in re.findall(r"“([^”]+)”", tf.text)]
            assert verbatim, tf.record.where
        not_found += [f"{tf.record.where}: {part[:70]}" for part in verbatim if not pattern(part).search(seed())]
    assert not_found == []


def test_every_numbered_heading_has_a_section() -> None:
    numbers = {s.number for s, _, _ in corpus().all_sections()}
    raw = SEED.read_text(encoding="utf-8").splitlines()
    headings = {m[1] for ln in raw if (m := re.match(r"^\s*(\d\.\d(?:\.\d)*)\s+[A-ZÁÉÍÓÚ]", ln))}
    assert headings, "no heading found in the seed"
    assert headings - numbers == set()
    for chapter in ("I", "II", "III", "IV"):
        assert chapter in numbers
    ids = {s.id for s, _, _ in corpus().all_sections()}
    assert {"introduccion", "conclusiones", "recomendaciones", "anexo-1"} <= ids


def test_counts_match_the_thesis() -> None:
    c = corpus()
    assert len([i for i in c.informants if i.group == "directivo"]) == 10
    assert {i.id for i in c.informants} == {f"DMPP{n}" for n in range(1, 11)} | {"PCMGESS"}
    assert len(c.antecedents) == 20
    assert len([a for a in c.antecedents if a.scope == "internacional"]) == 12
    assert len([a for a in c.antecedents if a.scope == "nacional"]) == 8
    assert [f.number for f in c.figures] == list(range(1, 25))
    kinds = [f.kind for f in c.findings]
    assert kinds.count("motivacion") == 6
    assert kinds.count("estrategia") == 5
    assert {f.id for f in c.findings if f.kind == "impacto"} == {
        "impacto-acceso",
        "impacto-eficiencia",
        "impacto-eficacia",
        "impacto-transparencia",
    }
    assert len(c.quotes) == 45
    uses = [b.quote for s, _, _ in c.all_sections() for b in s.blocks if b.quote]
    assert len(uses) == 53
    assert set(uses) == {q.id for q in c.quotes}


def test_quote_occurrences_in_the_seed_match_the_uses() -> None:
    """A quote printed n times in the seed is used n times in the sections."""
    c = corpus()
    uses = [b.quote for s, _, _ in c.all_sections() for b in s.blocks if b.quote]
    for q in c.quotes:
        assert seed().count(normalise(q.text)) == uses.count(q.id), q.id


@pytest.mark.parametrize(
    "field", ["objective", "design", "population", "sample", "techniques", "results", "conclusion", "place"]
)
def test_antecedent_fields_are_spans_of_the_text(field: str) -> None:
    for ant in corpus().antecedents:
        value = getattr(ant, field)
        if value and "@" not in value:
            assert normalise(value) in seed(), f"{ant.id}.{field}"


def test_typed_lists_the_thesis_enumerates() -> None:
    c = corpus()
    lists = {}
    for s, _, _ in c.all_sections():
        for b in s.blocks:
            if b.list is not None:
                lists.setdefault(b.list.kind, []).append(b.list)
    count = {kind: sum(len(list(walk_items(lst.items))) for lst in ls) for kind, ls in lists.items()}
    assert count["fases"] == 5
    assert count["dimensiones"] == 4
    assert count["funciones"] == 4
    assert count["enfoques"] == 3
    assert {i.id for lst in lists["objetivos"] for i in lst.items} == {"og", "oe1", "oe2", "oe3"}


def test_default_project_checks_clean(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", str(REPO))
    assert run.code == 0, run.err
    assert "ok: 0 errors" in run.out


def test_roles_and_thesis_expansions_are_verbatim() -> None:
    c = corpus()
    assert [i.id for i in c.informants if normalise(i.role) not in seed()] == []
    assert [g.id for g in c.glossary if g.from_thesis and normalise(g.expansion) not in seed()] == []


# ---- corrections of the fidelity audit (issue 10): each check is generic, the seed decides

SECONDARY = re.compile(r"como se citó en|citado en")


def bare(text: str) -> str:
    """Words only: brackets and commas are the citation style's, the words are the thesis's."""
    return " ".join(re.sub(r"[(),\[\]]", " ", text).split())


@cache
def renderer():  # type: ignore[no-untyped-def]
    from generator.cite.csl import CitationFormatter
    from generator.index.link import build_graph
    from generator.website.render import Renderer

    c = corpus()
    graph = build_graph(c)
    fmt = CitationFormatter(c.references, None, c.thesis.language if c.thesis else "es")
    fmt.prepare(graph.citations)
    return Renderer(graph, fmt, project=REPO)


def test_secondary_citations_render_with_the_seeds_words() -> None:
    """Every "como se citó en" / "citado en" of the seed renders with those words, names and years, no s.f."""
    from generator.website.render import plain

    r = renderer()
    urls = {i: u for i, _k, u, _l, _r, _s in iter_ids(corpus())}
    rendered = []
    for tf in text_fields(corpus(), urls):
        if tf.page.kind == "section" and SECONDARY.search(tf.text):
            words = bare(plain(r.prose(tf.text, ""))).split()
            for n, word in enumerate(words):
                if word in ("como", "citado") and SECONDARY.match(" ".join(words[n : n + 4])):
                    rendered.append(" ".join(words[max(0, n - 3) : n + 8]))
    assert len(rendered) == len(SECONDARY.findall(seed())) == 5
    seed_words = bare(seed())
    assert [w for w in rendered if w not in seed_words] == []
    assert not [w for w in rendered if "s.f." in w]


def test_every_reference_is_cited_and_in_the_inventory() -> None:
    """bibliography.bib holds exactly the works the text cites (docs/citation-inventory.tsv lists them)."""
    c = corpus()
    cited = {
        key for tf in text_fields(c, {i: u for i, _k, u, _l, _r, _s in iter_ids(c)}) for key in cited_keys(tf.text)
    }
    cited |= {a.cite for a in c.antecedents}
    assert set(c.references) - cited == set()
    inventory = (REPO / "docs" / "citation-inventory.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t")[0] for row in inventory if row} == set(c.references)


def test_finding_titles_are_the_seeds_words_and_marked_editorial() -> None:
    for f in corpus().findings:
        assert normalise(f.title).casefold() in seed().casefold(), f.id
        assert {"title", "theory"} <= set(f.editorial), f.id


def test_item_labels_the_thesis_does_not_print_are_marked_editorial() -> None:
    """A label that is not the item's own words (its first letter's case aside) is the editors' (issue 18: the
    reverse, a label of the item's own words, is the thesis's and not marked; tests/fidelity/test_audit.py)."""
    for s, _, _ in corpus().all_sections():
        for b in s.blocks:
            for item in walk_items(b.list.items) if b.list else []:
                if item.title and normalise(item.title).casefold() not in normalise(item.text or "").casefold():
                    assert "title" in item.editorial, item.id


def test_glossary_expansions_from_the_thesis_are_developed_there() -> None:
    """from_thesis: the seed prints the expansion and, shortly after, the acronym in brackets."""
    for g in corpus().glossary:
        if g.from_thesis:
            pattern = re.escape(normalise(g.expansion)) + r"[^.]{0,60}?\([^)]*" + re.escape(g.id)
            assert re.search(pattern, seed(), re.I), g.id


def test_quoted_words_of_the_editorial_notes_are_in_the_seed() -> None:
    """Every “quoted” phrase of a contradiction is the seed's (pieces around … separately)."""
    for d in corpus().thesis.discrepancies:  # type: ignore[union-attr]
        for quoted in re.findall(r"“([^”]+)”", d.description):
            for piece in quoted.split("…"):
                assert normalise(piece).casefold() in seed().casefold(), (d.description[:40], piece)


def test_table_1_header_and_annex_2_heading() -> None:
    c = corpus()
    table = next(
        b.list for s, _, _ in c.all_sections() for b in s.blocks if b.list and b.list.id == "tabla-1-informantes"
    )
    assert normalise(" ".join(table.columns)) in seed()
    annex = next(s for s, _, _ in c.all_sections() if s.id == "anexo-2")
    assert normalise(annex.title) in seed()


def test_links_the_editors_chose_are_marked_editorial() -> None:
    c = corpus()
    for s, _, _ in c.all_sections():
        for b in s.blocks:
            for item in walk_items(b.list.items) if b.list else []:
                assert not item.links or "links" in item.editorial, item.id
