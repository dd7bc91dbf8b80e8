"""The one table of kinds: every record kind and every index page of the site.

Each row says which model a record kind uses and which content file holds it,
its URL pattern, the catalog key of its name, the template that renders it and
where the navigation puts it. URLs (``url_for``), the navigation, the list of
pages, the id graph, ``synth`` and the templates' ``url_for()`` all read this
table; nothing else spells a URL. Adding a kind means a row here, a model in
``models.py`` and a template in ``site_templates/pages/`` (docs/kinds.md).

URL patterns are ``str.format`` patterns over the record (``{id}``, ``{code}``
for a lowercased id, ``{section}`` for the id of the section holding an item).
They are the published permalinks of the site: never change one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .models import (
    Antecedent,
    Category,
    Concept,
    Figure,
    Finding,
    GlossaryEntry,
    Informant,
    Item,
    ItemList,
    Quote,
    Record,
    Reference,
    Section,
)

URL_SAFE = "/:@!$&'()*+,;=-._~?"  # characters a path or fragment holds as they are


@dataclass(frozen=True)
class Kind:
    """One kind of record (a page of its own, or an anchor on another page)."""

    name: str
    model: type[Record]
    source: str | None  # content file (content/<source>); None when read from elsewhere
    url: str  # URL pattern, site-relative
    label: str  # catalog key of the kind's name (what a reader calls it)
    template: str | None  # page template (pages/<template>.md.j2) when the kind has pages of its own
    index: str | None = None  # name of the index page that lists records of this kind
    collection: str | None = None  # Corpus attribute holding the records (top-level ones)
    nav: bool = False  # its pages are listed in the navigation under its index page (up to a limit)

    def url_for(self, **fields: str) -> str:
        """The URL of one record of this kind (values %-encoded where a URL cannot hold them as they are)."""
        if "id" in fields:
            fields.setdefault("code", fields["id"].lower())
        return self.url.format(**{name: quote(value, safe=URL_SAFE) for name, value in fields.items()})


@dataclass(frozen=True)
class IndexPage:
    """A page of the site that is not one record: the home page and the index pages."""

    name: str
    url: str
    label: str  # catalog key of its title
    template: str
    nav: str | None  # navigation group ('evidence', 'lookup'...) or None when placed by hand
    when: str | None = None  # corpus attribute that must be non-empty for the page to exist


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("section", Section, "sections/*.yml", "secciones/{id}/", "quote.use_kind.section", "section"),
        Kind("list", ItemList, "sections/*.yml", "secciones/{section}/#{id}", "kinds.list", None),
        Kind("item", Item, "sections/*.yml", "secciones/{section}/#{id}", "kinds.item", None),
        Kind("quote", Quote, "quotes.yml", "citas/{id}/", "kinds.quote", "quote", "quotes", "quotes"),
        Kind("informant", Informant, "informants.yml", "informantes/{code}/", "quote.informant", "informant", "informants", "informants", nav=True),
        Kind("finding", Finding, "findings.yml", "hallazgos/{id}/", "quote.use_kind.finding", "finding", "findings", "findings", nav=True),
        Kind("figure", Figure, "figures.yml", "figuras/{id}/", "kinds.figure", "figure", "figures", "figures"),
        Kind("category", Category, "categories.yml", "categorias/#{id}", "quote.use_kind.category", None, "categories", "categories"),
        Kind("antecedent", Antecedent, "antecedents.yml", "antecedentes/#{id}", "kinds.antecedent", None, "antecedents", "antecedents"),
        Kind("glossary", GlossaryEntry, "glossary.yml", "glosario/#{code}", "kinds.glossary", None, "glossary", "glossary"),
        Kind("reference", Reference, None, "referencias/#{id}", "kinds.reference", None, "references"),
        Kind("chapter", Section, "sections/*.yml", "secciones/{id}/completo/", "kinds.chapter", "whole"),
        Kind("concept", Concept, "concepts.yml", "conceptos/#{id}", "kinds.concept", None, "concepts", "concepts"),
    )
}  # fmt: skip

PAGES: dict[str, IndexPage] = {
    p.name: p
    for p in (
        IndexPage("home", "", "nav.home", "home", None),
        IndexPage("quotes", "citas/", "quotes.title", "quotes", "evidence"),
        IndexPage("matrix", "matriz/", "matrix.title", "matrix", "evidence", "findings|categories"),
        IndexPage("informants", "informantes/", "informants.title", "informants", "evidence"),
        IndexPage("findings", "hallazgos/", "findings.title", "findings", "findings", "findings"),
        IndexPage("figures", "figuras/", "figures.title", "figures", "lookup", "figures"),
        IndexPage("categories", "categorias/", "categories.title", "categories", "lookup", "categories"),
        IndexPage("antecedents", "antecedentes/", "antecedents.title", "antecedents", "lookup", "antecedents"),
        IndexPage("glossary", "glosario/", "glossary.title", "glossary", "lookup", "glossary"),
        IndexPage("concepts", "conceptos/", "concepts.title", "concepts", "lookup", "concept_sources"),
        IndexPage("references", "referencias/", "references.title", "references", "lookup"),
        IndexPage("downloads", "datos/", "downloads.title", "downloads", "lookup"),
        IndexPage("notes", "notas/", "notes.title", "notes", "lookup"),
        IndexPage("whole", "tesis/", "whole.title", "whole", None, "whole_page"),
    )
}  # fmt: skip


def url_for(kind: str, **fields: str) -> str:
    """URL of a record of ``kind`` (``url_for("quote", id="dmpp5-01")``) or of an index page (``url_for("quotes")``)."""
    if kind in KINDS:
        return KINDS[kind].url_for(**fields)
    return PAGES[kind].url


def page_exists(page: IndexPage, corpus: object) -> bool:
    """Whether an index page is part of a site (some exist only when their records do)."""
    return page.when is None or any(getattr(corpus, attr) for attr in page.when.split("|"))


def listed_kind(page: IndexPage) -> Kind | None:
    """The kind whose pages the navigation lists under this index page."""
    return next((k for k in KINDS.values() if k.index == page.name and k.nav), None)


SPLITTABLE = ("references", "antecedents", "quotes", "findings", "categories", "glossary", "informants", "figures",
              "matrix", "concepts")  # index pages split into parts above a size (split.py); parts live in <index>/<part>/  # fmt: skip


def not_in_nav() -> str:
    """MkDocs ``not_in_nav`` lines: record pages reached from their index page, parts of split list pages
    (reached from the list page), the data files, and the pages that hold a chapter or the thesis whole
    (reached from the chapter's pages and the home page)."""
    prefixes = sorted({k.url.split("{")[0] for k in KINDS.values() if k.template and k.index}
                      | {PAGES[name].url for name in SPLITTABLE})  # fmt: skip
    whole = (KINDS["chapter"].url.format(id="*"), PAGES["whole"].url)
    return (
        "".join(f"/{prefix}*/\n" for prefix in prefixes)
        + f"/{PAGES['downloads'].url}*\n"
        + "".join(f"/{url}\n" for url in whole)
    )
