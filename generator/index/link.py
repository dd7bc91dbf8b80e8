"""Stage 4 — link: build the graph of ids once (urls, uses, back-links, cited-in).

Entities refer to each other by id only; this module is the one resolver that
turns ids into site-relative URLs and answers "who uses this?".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..source import prose
from ..source.citations import Cite
from ..source.corpus import Corpus
from ..source.inline import cited_keys, cites
from ..source.models import Block, Category, Finding, Item, ItemList, Quote, Record, Section
from ..source.prose import Text


@dataclass(frozen=True)
class Use:
    """A place where something (a quote, a reference) is used."""

    url: str  # site-relative URL with optional #anchor
    label: str  # what a reader sees: "1.1.2.1 Conceptualizando"
    kind: str  # section, finding, category, antecedent, figure...
    id: str


@dataclass(frozen=True)
class TextField:
    """A text field that may hold citations, with its page and location."""

    text: str
    page: Use
    record: Record
    field: str


@dataclass
class IdIndex:
    """Every id of the corpus with what it is, its URL, label, record and section: built once, read by
    validate, audit and the graph. The first definition of an id wins; later ones are kept as duplicates."""

    kinds: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    section_of: dict[str, Section] = field(default_factory=dict)
    duplicates: list[tuple[str, Record, Record]] = field(default_factory=list)  # (id, first, again)
    other_kinds: dict[str, set[str]] = field(default_factory=dict)  # kinds a duplicate id was also given


def index_ids(corpus: Corpus) -> IdIndex:
    """Index every id of the corpus once."""
    index = IdIndex()
    for id_, kind, url, label, record, sec in iter_ids(corpus):
        if id_ in index.records:
            index.duplicates.append((id_, index.records[id_], record))
            index.other_kinds.setdefault(id_, set()).add(kind)
            continue
        index.kinds[id_] = kind
        index.urls[id_] = url
        index.labels[id_] = label
        index.records[id_] = record
        if sec is not None:
            index.section_of[id_] = sec
    return index


@dataclass
class Graph:
    """Everything the renderer needs to link any id to any other."""

    corpus: Corpus
    urls: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    section_of: dict[str, Section] = field(default_factory=dict)  # item/list/figure id -> section
    parent: dict[str, Section | None] = field(default_factory=dict)
    quote_uses: dict[str, list[Use]] = field(default_factory=lambda: defaultdict(list))
    cited_in: dict[str, list[Use]] = field(default_factory=lambda: defaultdict(list))
    citations: dict[Cite, None] = field(default_factory=dict)  # every distinct citation of the site, in order
    findings_of_theory: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    page_keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    anchors: dict[tuple[str, int], str] = field(default_factory=dict)  # (section id, block index) -> anchor
    # (section id, index of a paragraph) -> (start, end, id) of the anchored phrases of the inline lists after it
    inline_spans: dict[tuple[str, int], list[tuple[int, int, str]]] = field(default_factory=dict)
    by_informant: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    findings_by_quote: dict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    categories_by_quote: dict[str, list[Category]] = field(default_factory=lambda: defaultdict(list))
    moved: dict[str, str] = field(default_factory=dict)  # anchor URL on a split list page -> URL on its part (split.py)

    def place(self, url: str) -> str:
        """Where a site-relative URL points once list pages are split (itself when nothing moved)."""
        return self.moved.get(url, url)

    def url(self, id_: str) -> str:
        """Site-relative URL of an id (KeyError for unknown ids: validate first)."""
        return self.urls[id_]

    def label(self, id_: str) -> str:
        """Human label of an id."""
        return self.labels.get(id_, id_)

    def quotes_of(self, informant: str) -> list[Quote]:
        """Quotes of one informant, in file order."""
        return self.by_informant.get(informant, [])

    def findings_of(self, informant: str) -> list[tuple[Finding, list[Quote]]]:
        """The findings an informant's quotes support, each with those quotes, in findings order."""
        grouped: dict[str, list[Quote]] = {}
        for quote in self.quotes_of(informant):
            for finding in self.findings_using(quote.id):
                grouped.setdefault(finding.id, []).append(quote)
        return [(f, grouped[f.id]) for f in self.corpus.findings if f.id in grouped]

    def findings_using(self, quote_id: str) -> list[Finding]:
        """Findings that use a quote."""
        return self.findings_by_quote.get(quote_id, [])

    def categories_using(self, quote_id: str) -> list[Category]:
        """Categories that file a quote."""
        return self.categories_by_quote.get(quote_id, [])


def section_label(sec: Section) -> str:
    """'1.1.2.1 Conceptualizando' or just the title."""
    return f"{sec.number} {sec.title}" if sec.number else sec.title


def walk_items(items: list[Item]) -> Iterator[Item]:
    """Items and their nested items, depth first."""
    for item in items:
        yield item
        yield from walk_items(item.items)


def item_label(item: Item) -> str:
    """Label an item by its printed label and title."""
    name = item.title or shorten(item.text or "", 80) or item.id
    return f"{item.label} {name}" if item.label else name


def shorten(text: str, width: int) -> str:
    """First ``width`` characters of a text, cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def block_texts(block: Block) -> Iterator[Text]:
    """Prose of one block of a section body, as (text, record, field)."""
    return prose.texts(block)


def text_owners(corpus: Corpus, urls: dict[str, str]) -> Iterator[tuple[Record, Use]]:
    """Every record whose prose has a page of its own, with that page: where a reference lists it as citing it
    (the record's own page; pages that repeat a record's text, cards and summaries, are not listed)."""
    t = corpus.t
    for sec, _, _ in corpus.all_sections():
        yield sec, Use(urls[sec.id], section_label(sec), "section", sec.id)
    for finding in corpus.findings:
        yield finding, Use(urls[finding.id], finding.title, "finding", finding.id)
    for ant in corpus.antecedents:
        yield ant, Use(urls[ant.id], t("labels.antecedent", name=ant.id), "antecedent", ant.id)
    for cat, _ in corpus.all_categories():
        yield cat, Use(urls[cat.id], cat.name, "category", cat.id)
    for inf in corpus.informants:
        yield inf, Use(urls[inf.id], f"{inf.id} — {inf.role}", "informant", inf.id)
    if corpus.thesis is not None:
        yield corpus.thesis, Use(corpus.layout.page("home"), t("nav.home"), "home", "home")
        for d in corpus.thesis.discrepancies:
            yield d, Use(corpus.layout.page("notes"), t("notes.title"), "notes", "notes")


def text_fields(corpus: Corpus, urls: dict[str, str]) -> Iterator[TextField]:
    """Every prose text of the corpus (the fields the models mark, ``prose.py``) with the page it is listed on."""
    owners = list(text_owners(corpus, urls))
    apart = tuple({type(record) for record, _ in owners})  # a record with a page of its own is not its parent's
    for record, page in owners:
        for text, rec, name in prose.texts(record, apart):
            yield TextField(text, page, rec, name)


def iter_ids(corpus: Corpus) -> Iterator[tuple[str, str, str, str, Record, Section | None]]:
    """Every id of the corpus as (id, kind, url, label, record, section)."""
    L = corpus.layout
    for sec, _, _ in corpus.all_sections():
        url = L.url_for("section", id=sec.id)
        yield sec.id, "section", url, section_label(sec), sec, None
        for block in sec.blocks:
            if block.list is not None:
                lst: ItemList = block.list
                name = corpus.t("labels.list", section=sec.number or sec.title)
                yield lst.id, "list", L.url_for("list", section=sec.id, id=lst.id), name, lst, sec
                for item in walk_items(lst.items):
                    item_url = L.url_for("item", section=sec.id, id=item.id)
                    yield item.id, f"item:{lst.kind}", item_url, item_label(item), item, sec
    t = corpus.t
    for q in corpus.quotes:
        yield q.id, "quote", L.url_for("quote", id=q.id), t("labels.quote", id=q.id, informant=q.informant), q, None
    for inf in corpus.informants:
        yield inf.id, "informant", L.url_for("informant", id=inf.id), f"{inf.id} — {inf.role}", inf, None
    for f in corpus.findings:
        yield f.id, "finding", L.url_for("finding", id=f.id), f.title, f, None
    for fig in corpus.figures:
        yield (
            fig.id,
            "figure",
            L.url_for("figure", id=fig.id),
            t("labels.figure", number=fig.number, caption=fig.caption),
            fig,
            None,
        )
    for cat, _ in corpus.all_categories():
        yield cat.id, "category", L.url_for("category", id=cat.id), cat.name, cat, None
    for ant in corpus.antecedents:
        yield ant.id, "antecedent", L.url_for("antecedent", id=ant.id), ant.id, ant, None  # label: the id, as published
    for g in corpus.glossary:
        yield f"glosario-{g.id.lower()}", "glossary", L.url_for("glossary", id=g.id), g.id, g, None


def inline_paragraph(blocks: list[Block], index: int) -> int | None:
    """Index of the paragraph an inline list at ``index`` belongs to: the nearest before it, past other inline lists."""
    for before in range(index - 1, -1, -1):
        block = blocks[before]
        if block.p is not None:
            return before
        if block.list is None or not block.list.inline:
            return None
    return None


def inline_spans(text: str, lst: ItemList) -> list[tuple[int, int, str]] | None:
    """Where an inline list and each of its items sit in the paragraph's text, as (start, end, id); None when an
    item's text is not found there exactly once, or has nested items."""
    spans = []
    for item in lst.items:
        if not item.text or item.items or text.count(item.text) != 1:
            return None
        start = text.index(item.text)
        spans.append((start, start + len(item.text), item.id))
    if not spans:
        return None
    return [(min(s for s, _, _ in spans), max(e for _, e, _ in spans), lst.id), *spans]


def build_graph(corpus: Corpus, ids: IdIndex | None = None) -> Graph:
    """Build the id graph of a (validated) corpus, from its id index when the check already built it."""
    ids = ids or index_ids(corpus)
    graph = Graph(corpus)
    graph.urls.update(ids.urls)
    graph.kinds.update(ids.kinds)
    graph.labels.update(ids.labels)
    graph.records.update(ids.records)
    graph.section_of.update(ids.section_of)
    for sec, _, parent in corpus.all_sections():
        graph.parent[sec.id] = parent
        seen: dict[str, int] = defaultdict(int)
        for index, block in enumerate(sec.blocks):
            if block.quote:
                seen[block.quote] += 1
                n = seen[block.quote]
                anchor = f"uso-{block.quote}" + (f"-{n}" if n > 1 else "")
                graph.anchors[(sec.id, index)] = anchor
                url = f"{graph.urls[sec.id]}#{anchor}"
                graph.quote_uses[block.quote].append(Use(url, section_label(sec), "section", sec.id))
            if block.figure:
                graph.section_of.setdefault(block.figure, sec)
            if block.list is not None and block.list.inline:
                paragraph = inline_paragraph(sec.blocks, index)
                if paragraph is not None:
                    spans = inline_spans(sec.blocks[paragraph].p or "", block.list)
                    graph.inline_spans.setdefault((sec.id, paragraph), []).extend(spans or [])
    for quote in corpus.quotes:
        graph.by_informant[quote.informant].append(quote)
    for finding in corpus.findings:
        for q in finding.quotes:
            graph.quote_uses[q].append(Use(graph.urls[finding.id], finding.title, "finding", finding.id))
            graph.findings_by_quote[q].append(finding)
        for t in finding.theory:
            graph.findings_of_theory[t].append(finding)
    for cat, _ in corpus.all_categories():
        for q in cat.quotes:
            graph.quote_uses[q].append(Use(graph.urls[cat.id], cat.name, "category", cat.id))
            graph.categories_by_quote[q].append(cat)
    for tf in text_fields(corpus, graph.urls):
        for cite in cites(tf.text):
            graph.citations.setdefault(cite, None)
        for key in dict.fromkeys(cited_keys(tf.text)):
            if tf.page not in graph.cited_in[key]:
                graph.cited_in[key].append(tf.page)
            page = tf.page.url.split("#")[0]
            if key not in graph.page_keys[page]:
                graph.page_keys[page].append(key)
    return graph
