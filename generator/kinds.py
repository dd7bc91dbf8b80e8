"""The one table of kinds: every record kind and every index page of the site.

Each row says which model a record kind uses and which content file holds it,
its URL pattern, the catalog key of its name, the template that renders it and
where the navigation puts it. URLs (``url_for``), the navigation, the list of
pages, the id graph, ``synth`` and the templates' ``url_for()`` all read this
table; nothing else spells a URL. Adding a kind means a row here, a model in
``models.py`` and a template in ``site_templates/pages/`` (docs/kinds.md).

URL patterns are ``str.format`` patterns over the site's folder names
(``{quotes}``, ``{sections}``… : ``URL_NAMES``) and the record (``{id}``,
``{code}`` for a lowercased id, ``{section}`` for the id of the section
holding an item). They are the published permalinks of the site: never change
one. Folder names are a project's own, fixed when it was created
(``thesis.yml`` ``urls:``, written by ``thesis-site new`` from
``url_names(language)``); a project without them has the Spanish names the
Puno site and every project made before were published with, for good.
``urls.Layout`` applies one project's names.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .source.models import (
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

# Folder and file names of the site's addresses, by language. "es" are the published names: a project without
# `urls:` in its thesis.yml (the Puno thesis, every project made before) has them for good. Never change a set:
# the projects made with it keep their names only through it when their thesis.yml leaves a name out.
URL_NAMES: dict[str, dict[str, str]] = {
    "es": {"sections": "secciones", "quotes": "citas", "informants": "informantes", "findings": "hallazgos",
           "figures": "figuras", "categories": "categorias", "antecedents": "antecedentes", "glossary": "glosario",
           "references": "referencias", "data": "datos", "matrix": "matriz", "notes": "notas",
           "concepts": "conceptos", "whole": "tesis",
           "quotes_file": "citas", "references_file": "referencias", "bibliography_file": "bibliografia",
           "thesis_file": "tesis", "moved_file": "movidos", "part": "grupo", "chapter": "completo"},
    "en": {"sections": "sections", "quotes": "quotes", "informants": "informants", "findings": "findings",
           "figures": "figures", "categories": "categories", "antecedents": "antecedents", "glossary": "glossary",
           "references": "references", "data": "data", "matrix": "matrix", "notes": "notes",
           "concepts": "concepts", "whole": "thesis",
           "quotes_file": "quotes", "references_file": "references", "bibliography_file": "bibliography",
           "thesis_file": "thesis", "moved_file": "moved", "part": "group", "chapter": "full"},
}  # fmt: skip
PUBLISHED = "es"  # the names of a project whose thesis.yml has no `urls:`
FOLDERS = ("sections", "quotes", "informants", "findings", "figures", "categories", "antecedents", "glossary",
           "references", "data", "matrix", "notes", "concepts", "whole")  # names that are folders of the site (the rest: files, parts)  # fmt: skip
RESERVED = (
    "assets",
    "pagefind",
    "search",
    "stylesheets",
    "javascripts",
    "media",
)  # folders the theme and the search own


def url_names(language: str) -> dict[str, str]:
    """The folder and file names a new project in ``language`` gets (English for a language without its own).

    ``thesis-site new`` and the importers write them into the new project's ``thesis.yml`` (``urls:``), so they
    never change afterwards, whatever the language becomes.
    """
    return dict(URL_NAMES.get(language.split("-")[0].lower(), URL_NAMES["en"]))


def names_of(written: dict[str, str | None] | None) -> dict[str, str]:
    """A project's names: those its thesis.yml writes, the published (Spanish) ones for any it leaves out."""
    return {**URL_NAMES[PUBLISHED], **{k: v for k, v in (written or {}).items() if v}}


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

    def url_for(self, names: dict[str, str], **fields: str) -> str:
        """The URL of one record of this kind, with the site's folder ``names`` (field values %-encoded where a
        URL cannot hold them as they are)."""
        if "id" in fields:
            fields.setdefault("code", fields["id"].lower())
        return self.url.format(**names, **{name: quote(value, safe=URL_SAFE) for name, value in fields.items()})


@dataclass(frozen=True)
class IndexPage:
    """A page of the site that is not one record: the home page and the index pages."""

    name: str
    url: str  # URL pattern over the site's folder names ('{quotes}/')
    label: str  # catalog key of its title
    template: str
    nav: str | None  # navigation group ('evidence', 'lookup'...) or None when placed by hand
    when: str | None = None  # corpus attribute that must be non-empty for the page to exist


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("section", Section, "sections/*.yml", "{sections}/{id}/", "quote.use_kind.section", "section"),
        Kind("list", ItemList, "sections/*.yml", "{sections}/{section}/#{id}", "kinds.list", None),
        Kind("item", Item, "sections/*.yml", "{sections}/{section}/#{id}", "kinds.item", None),
        Kind("quote", Quote, "quotes.yml", "{quotes}/{id}/", "kinds.quote", "quote", "quotes", "quotes"),
        Kind("informant", Informant, "informants.yml", "{informants}/{code}/", "quote.informant", "informant", "informants", "informants", nav=True),
        Kind("finding", Finding, "findings.yml", "{findings}/{id}/", "quote.use_kind.finding", "finding", "findings", "findings", nav=True),
        Kind("figure", Figure, "figures.yml", "{figures}/{id}/", "kinds.figure", "figure", "figures", "figures"),
        Kind("category", Category, "categories.yml", "{categories}/#{id}", "quote.use_kind.category", None, "categories", "categories"),
        Kind("antecedent", Antecedent, "antecedents.yml", "{antecedents}/#{id}", "kinds.antecedent", None, "antecedents", "antecedents"),
        Kind("glossary", GlossaryEntry, "glossary.yml", "{glossary}/#{code}", "kinds.glossary", None, "glossary", "glossary"),
        Kind("reference", Reference, None, "{references}/#{id}", "kinds.reference", None, "references"),
        Kind("chapter", Section, "sections/*.yml", "{sections}/{id}/{chapter}/", "kinds.chapter", "whole"),
        Kind("concept", Concept, "concepts.yml", "{concepts}/#{id}", "kinds.concept", None, "concepts", "concepts"),
    )
}  # fmt: skip

PAGES: dict[str, IndexPage] = {
    p.name: p
    for p in (
        IndexPage("home", "", "nav.home", "home", None),
        IndexPage("quotes", "{quotes}/", "quotes.title", "quotes", "evidence"),
        IndexPage("matrix", "{matrix}/", "matrix.title", "matrix", "evidence", "findings|categories"),
        IndexPage("informants", "{informants}/", "informants.title", "informants", "evidence"),
        IndexPage("findings", "{findings}/", "findings.title", "findings", "findings", "findings"),
        IndexPage("figures", "{figures}/", "figures.title", "figures", "lookup", "figures"),
        IndexPage("categories", "{categories}/", "categories.title", "categories", "lookup", "categories"),
        IndexPage("antecedents", "{antecedents}/", "antecedents.title", "antecedents", "lookup", "antecedents"),
        IndexPage("glossary", "{glossary}/", "glossary.title", "glossary", "lookup", "glossary"),
        IndexPage("concepts", "{concepts}/", "concepts.title", "concepts", "lookup", "concept_sources"),
        IndexPage("references", "{references}/", "references.title", "references", "lookup"),
        IndexPage("downloads", "{data}/", "downloads.title", "downloads", "lookup"),
        IndexPage("notes", "{notes}/", "notes.title", "notes", "lookup"),
        IndexPage("whole", "{whole}/", "whole.title", "whole", None, "whole_page"),
    )
}  # fmt: skip


def url_for(kind: str, names: dict[str, str], **fields: str) -> str:
    """URL of a record of ``kind`` (``url_for("quote", names, id="dmpp5-01")``) or of an index page
    (``url_for("quotes", names)``), with the site's folder ``names``."""
    if kind in KINDS:
        return KINDS[kind].url_for(names, **fields)
    return PAGES[kind].url.format(**names)


def page_exists(page: IndexPage, corpus: object) -> bool:
    """Whether an index page is part of a site (some exist only when their records do)."""
    return page.when is None or any(getattr(corpus, attr) for attr in page.when.split("|"))


def listed_kind(page: IndexPage) -> Kind | None:
    """The kind whose pages the navigation lists under this index page."""
    return next((k for k in KINDS.values() if k.index == page.name and k.nav), None)


SPLITTABLE = ("references", "antecedents", "quotes", "findings", "categories", "glossary", "informants", "figures",
              "matrix", "concepts")  # index pages split into parts above a size (split.py); parts live in <index>/<part>/  # fmt: skip


def not_in_nav(names: dict[str, str]) -> str:
    """MkDocs ``not_in_nav`` lines: record pages reached from their index page, parts of split list pages
    (reached from the list page), the data files, and the pages that hold a chapter or the thesis whole
    (reached from the chapter's pages and the home page)."""
    prefixes = sorted({k.url.rsplit("/{", 1)[0].format(**names) + "/" for k in KINDS.values() if k.template and k.index}
                      | {PAGES[name].url.format(**names) for name in SPLITTABLE})  # fmt: skip
    whole = (KINDS["chapter"].url.format(**names, id="*"), PAGES["whole"].url.format(**names))
    return (
        "".join(f"/{prefix}*/\n" for prefix in prefixes)
        + f"/{PAGES['downloads'].url.format(**names)}*\n"
        + "".join(f"/{url}\n" for url in whole)
    )
