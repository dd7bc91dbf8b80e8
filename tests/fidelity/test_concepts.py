"""The index of concepts is the thesis's: every name it does not mark editorial, and every term it searches the text
for, is written in the seed text; every concept is presented where the thesis presents it."""

from __future__ import annotations

from generator.index.concepts import build_index
from generator.index.link import build_graph, walk_items
from generator.source.blocks import section_texts
from tests.fidelity.test_fidelity import corpus, normalise, seed


def test_every_concept_name_and_term_is_the_theses_own_words() -> None:
    c = corpus()
    entries = build_index(build_graph(c))
    assert len(entries) >= 40 and len(c.concepts) >= 5
    text = seed().casefold()
    names = [e.name for e in entries if not e.editorial]
    assert [n for n in names if normalise(n).casefold() not in text] == []
    terms = [t for e in entries for t in e.terms]
    assert [t for t in terms if normalise(t).casefold() not in text] == []


def test_a_declared_concept_is_named_where_it_is_presented() -> None:
    c = corpus()
    graph = build_graph(c)
    for concept in c.concepts:
        record = graph.records[concept.presented_in or ""]
        sec = graph.section_of.get(record.id, record)
        own = (
            " ".join(section_texts(sec))
            + " "
            + sec.title
            + " "
            + " ".join(
                f"{i.title or ''} {i.text or ''}" for b in sec.blocks if b.list for i in walk_items(b.list.items)
            )
        )
        assert any(term.casefold() in own.casefold() for term in concept.terms or [concept.name]), concept.id
