"""Stage 5 — render: Jinja2 templates (site_templates/) turn models into Markdown pages.

Content is data: every value from YAML is escaped by autoescaping; nothing from
YAML is ever compiled as a template. Citations come from the CSL processor.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import kinds, urls
from ..cite.csl import CitationFormatter
from ..index import concepts, notes, reading_path
from ..index.link import Graph, Use
from ..source.citations import Cite
from ..source.inline import Link, Math, Node, NoteRef, Span, cited_keys, parse
from ..source.media import media_files
from ..source.resources import template_dirs
from . import pdf, split, whole
from .footnotes import PageNotes
from .mathml import Formula, convert
from .matrix import category_matrix, finding_matrix
from .views import families, join_and, scopes

# Python-Markdown's ESCAPED_CHARS but ">", which md_inline HTML-escapes
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
TAG_RE = re.compile(r"<[^>]+>")
LINK_TAG_RE = re.compile(r"</?a\b[^>]*>")


def _cache_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def editorial_label(graph: Graph, id_: str) -> bool:
    """Whether the label of a record is a title its data marks as editorial (finding and item titles)."""
    record = graph.records.get(id_)
    return "title" in getattr(record, "editorial", ()) and bool(getattr(record, "title", None))


@dataclass(frozen=True)
class _Place:
    """Where prose is rendered: the page, its citation and footnote counters, the acronyms already marked."""

    page_url: str
    cited: dict[str, int] | None
    notes: PageNotes | None
    seen: set[str]
    describe: bool


@dataclass(frozen=True)
class Page:
    """One generated Markdown page."""

    url: str
    markdown: str
    index: bool = True  # False for a navigation leaf (a section without sub-sections): see urls.md_file

    @property
    def file(self) -> str:
        """Path of the Markdown file inside the docs folder."""
        return urls.md_file(self.url, self.index)


def md_inline(text: str) -> Markup:
    """Escape text for a Markdown heading or list line: Markdown specials backslashed, then HTML-escaped.

    In this order a quote becomes the character reference ``&#34;`` whole (backslashing
    after escaping broke it into ``&\\#34;``, which Markdown prints as text)."""
    return Markup(escape(MD_SPECIAL.sub(r"\\\1", str(text))))


def plain(html_text: str) -> str:
    """Text of an HTML fragment (for hover titles and meta descriptions)."""
    return html.unescape(TAG_RE.sub("", html_text))


def unlinked(html_text: str) -> Markup:
    """Processor HTML without its own links (DOI, URL), to sit inside a link of ours."""
    return Markup(LINK_TAG_RE.sub("", str(html_text)))


def front_matter(**meta: Any) -> Markup:
    """A YAML front-matter block; values are written as JSON (valid YAML), never interpreted.

    MkDocs themes print page titles and descriptions without escaping, so text
    values are HTML-escaped here (the browser shows the original characters).
    Values marked safe (Markup) are already escaped for where the theme prints them.
    """
    lines = ["---"]
    for key in sorted(meta):
        value = meta[key]
        if value is None:
            continue
        if isinstance(value, bool | Markup):
            out: Any = value if isinstance(value, bool) else str(value)
        elif isinstance(value, list | tuple):
            out = [[html.escape(str(part)) for part in pair] for pair in value]
        else:
            out = html.escape(str(value))
        lines.append(f"{key}: {json.dumps(out, ensure_ascii=False)}")
    lines.append("---")
    return Markup("\n".join(lines) + "\n")


def cite_anchor(key: str, n: int = 1) -> str:
    """Id of the n-th citation of a work on a page: 'ref-KEY', 'ref-KEY-2'... ("Citado en" links to the first)."""
    return f"ref-{key}" if n == 1 else f"ref-{key}-{n}"


def plural(count: int, one: str, other: str, bare: bool = False) -> str:
    """'1 cita' / '2 citas': the count and the word in the right number (only the word when ``bare``)."""
    word = one if count == 1 else other
    return word if bare else f"{count} {word}"


class Renderer:
    """Renders every page of a linked corpus."""

    def __init__(
        self,
        graph: Graph,
        formatter: CitationFormatter,
        project: Path | None = None,
        cache: Path | None = None,
        formulas: dict[Formula, str] | None = None,
    ):
        self.graph = graph
        self.layout = graph.corpus.layout
        self.fmt = formatter
        self.formulas = dict(formulas or {})  # MathML of each (TeX, display), converted when the content was checked
        self.media = media_files(graph.corpus)  # image blocks' files by src, with their site URLs
        formatter.prepare(graph.citations)  # every citation of the site and the reference list: one batch
        self.reference_html = {k: Markup(v) for k, v in formatter.bibliography()}
        self.reference_text = {k: plain(v) for k, v in self.reference_html.items()}
        self.matrices = finding_matrix(graph) + category_matrix(graph)
        self.concepts = concepts.build_index(graph)  # the index of concepts, and each page's way back to it
        concepts_on = concepts.concepts_on(self.concepts, graph)
        chapter_of = whole.chapter_of(graph.corpus)
        # list pages above their size limit are split into parts; anchors they held move (graph.moved)
        self.splits = split.plan(graph, list(self.reference_html), self.reference_text, self.matrices, self.concepts)
        self.t = t = graph.corpus.t
        self.acronyms = {
            g.id: g.expansion if g.from_thesis else t("common.acronym_public", expansion=g.expansion)
            for g in graph.corpus.glossary
            if g.expansion
        }
        names = sorted(self.acronyms, key=len, reverse=True)
        self.acronym_re = (
            re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])") if names else None
        )
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project)]),  # the project's own first
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Markdown attribute lists use "{#id}", so Jinja comments are "{## ... ##}".
            comment_start_string="{##",
            comment_end_string="##}",
            auto_reload=False,  # templates do not change during one build
            # compiled once per build folder, not once per build (keyed by each template's source)
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(_cache_dir(cache))) if cache else None,
        )
        gaps = {k.removeprefix("gaps."): v for k, v in t.messages.items() if k.startswith("gaps.")}
        self.env.filters.update(md=md_inline, plain=plain, unlinked=unlinked, gap=lambda gap: gaps.get(gap, gap))
        self.env.globals.update(
            g=graph,
            corpus=graph.corpus,
            layout=self.layout,
            thesis=graph.corpus.thesis,
            front_matter=front_matter,
            references=self.reference_html,
            t=t,
            vocab=graph.corpus.vocabulary,
            families=families(graph.corpus),
            scopes=scopes(graph.corpus),
            join_and=join_and,
            plural=plural,
            notes_in=lambda sec: notes.section_places(graph.corpus, sec),
            notes_naming=lambda id_: notes.naming(graph.corpus, id_),
            notes_end=notes.END,
            n_quotes=lambda count: t("common.quotes", n=count),
            home_max=split.HOME_MAX_PER_FAMILY,
            places_max=concepts.PLACES_SHOWN,
            keys_in=lambda records: [k for r in records for para in r.text for k in cited_keys(para)],
            concepts_on=lambda url: concepts_on.get(url, []),
            chapter_of=chapter_of,
            chapter_url=lambda sec: whole.chapter_url(self.layout, sec),
            opening=reading_path.opening,
            # the build makes the PDF only where it can, of a thesis that fits on one page
            pdf_url=pdf.url(self.layout)
            if pdf.tool().available and kinds.page_exists(kinds.PAGES["whole"], graph.corpus)
            else None,
        )

    def rel(self, page_url: str, url: str) -> str:
        """Relative link from a page to a site-relative URL, to the part of a split page that holds its anchor."""
        return urls.relative(page_url, self.graph.place(url))

    # -- helpers exposed to templates (bound to the page being rendered) ---------

    def helpers(self, page_url: str, local: dict[str, str] | None = None) -> dict[str, Any]:
        """Functions templates call; they know the current page to make relative links.

        ``local`` (a page holding several sections, ``whole.py``): site-relative URLs the page itself holds →
        their anchor on it, so such links stay on the page.
        """
        here = local or {}

        def rel(url: str) -> str:
            return here.get(url) or self.rel(page_url, url)

        def href(target: str) -> str:
            url = target if target.startswith(("#",)) or "/" in target or target == "" else self.graph.url(target)
            return rel(url)

        def link(id_: str, label: str | None = None) -> Markup:
            if label is None and editorial_label(self.graph, id_):
                return Markup('<a class="ts-ed-title" href="{}" title="{}">{}</a>').format(
                    href(self.graph.url(id_)), self.t("editorial.title_hint"), self.graph.label(id_)
                )
            return Markup('<a href="{}">{}</a>').format(href(self.graph.url(id_)), label or self.graph.label(id_))

        cited: dict[str, int] = defaultdict(int)  # citations of each work so far on this page
        page_notes = PageNotes()  # footnotes referenced so far on this page

        def prose(text: str, spans: list[tuple[int, int, str]] | None = None) -> Markup:
            if spans:
                return self.prose_anchored(text, spans, page_url, cited, page_notes)
            return self.prose(text, page_url, cited, page_notes)

        def url_for(kind: str, anchor: str = "", **fields: str) -> str:
            url = self.layout.url_for(kind, **fields)
            return rel(f"{url}#{anchor}" if anchor else url)

        used: set[str] = set()

        def uid(anchor: str | None) -> str | None:
            """An id not used yet on this page: itself, else itself numbered ('uso-x' → 'uso-x-2')."""
            if anchor is None:
                return None
            found, n = anchor, 1
            while found in used:
                n += 1
                found = f"{anchor}-{n}"
            used.add(found)
            return found

        def text_of(text: str) -> str:
            """Plain text of prose, for descriptions and labels (its citations get no anchor)."""
            return plain(self.prose(text, page_url, describe=True))

        def media_url(src: str) -> str:
            return self.rel(page_url, self.media[src].url)

        def cited_at(use: Use, key: str) -> str:
            """Where a page cites a work: the first citation's anchor, or the record's own anchor."""
            url = use.url if "#" in use.url else f"{use.url}#{cite_anchor(key)}"
            return self.rel(page_url, url)

        return {"url_for": url_for, "href": href, "link": link, "prose": prose, "text_of": text_of, "cited_at": cited_at,
                "page_url": page_url, "uid": uid, "in_section": page_notes.in_section, "page_notes": page_notes.listed,
                "media_url": media_url, "math": lambda tex: self.math(tex.strip(), True),
                "editorial_label": lambda id_: editorial_label(self.graph, id_)}  # fmt: skip

    def preview(self, key: str) -> str:
        """What a citation's preview says: the full reference, or what the thesis leaves out of it.

        An entry without a title would only repeat the link text ("Chiavenato. (2009)."),
        so the preview also says that the thesis gives nothing more, and what is missing.
        """
        ref = self.graph.corpus.references.get(key)
        full = self.reference_text.get(key, key)
        if ref is None or "title" not in ref.missing:
            return full
        t = self.t
        gap = lambda name: t(f"gaps.{name}") if f"gaps.{name}" in t.messages else name  # noqa: E731
        given = f" {t('quotes.and')} ".join(gap(name) for name in ("author", "year") if name not in ref.missing)
        missing = ", ".join(gap(name) for name in ref.missing)
        return t("references.incomplete_preview", full=full, given=given or t("references.only_cite"), missing=missing)

    def cite_link(self, key: str, text: str, page_url: str, cited: dict[str, int] | None = None) -> Markup:
        """One cited work as a link to its reference; the full reference shows on hover and on focus."""
        full = self.preview(key)
        anchor = Markup("")
        if cited is not None:
            cited[key] += 1
            anchor = Markup(' id="{}"').format(cite_anchor(key, cited[key]))
        return Markup('<a class="cite"{} href="{}" title="{}" data-ref="{}">{}</a>').format(
            anchor, self.rel(page_url, self.layout.reference(key)), full, full, Markup(text)
        )

    def abbreviate(self, text: str, seen: set[str]) -> Markup:
        """Escape plain text, marking the first use of each acronym with its expansion."""
        if self.acronym_re is None:
            return escape(text)
        out, pos = [], 0
        for m in self.acronym_re.finditer(text):
            if m[1] in seen:
                continue
            seen.add(m[1])
            out.append(escape(text[pos : m.start()]))
            out.append(Markup('<abbr title="{}" tabindex="0">{}</abbr>').format(self.acronyms[m[1]], m[1]))
            pos = m.end()
        out.append(escape(text[pos:]))
        return Markup("").join(out)

    def render_cite(self, cite: Cite, page_url: str, cited: dict[str, int] | None = None) -> Markup:
        """A parsed citation as linked HTML (the processor's escaped HTML; each work linked to its entry)."""
        pieces = [
            self.cite_link(key, html_, page_url, cited) if key is not None else Markup(html_)
            for key, html_ in self.fmt.citation(cite)
        ]
        joined = Markup("").join(pieces)
        return joined if cite.narrative else Markup('<span class="citation">{}</span>').format(joined)

    def prose(
        self,
        text: str,
        page_url: str,
        cited: dict[str, int] | None = None,
        notes: PageNotes | None = None,
        describe: bool = False,
    ) -> Markup:
        """Prose as HTML: inline markup (``inline.py``), citations rendered and linked (anchored when ``cited``
        counts them), footnote references numbered by ``notes``, formulas as MathML; every text escaped.
        ``describe``: for a plain description (formulas as their TeX, no footnote marks)."""
        return self.inline(parse(text), _Place(page_url, cited, notes, set(), describe))

    def prose_anchored(
        self,
        text: str,
        spans: list[tuple[int, int, str]],
        page_url: str,
        cited: dict[str, int] | None,
        notes: PageNotes | None,
    ) -> Markup:
        """Prose with anchored phrases: each (start, end, id) of ``spans`` (nested or apart, never crossing) becomes
        a ``<span id>`` around that part of the text (the items of a list the thesis enumerates inside a paragraph,
        ``ItemList.inline``); the parts are rendered as one prose text would be."""
        at = _Place(page_url, cited, notes, set(), False)
        events = sorted({s for s, _, _ in spans} | {e for _, e, _ in spans} | {0, len(text)})
        opening = {
            start: [i for s, e, i in sorted(spans, key=lambda x: (x[0], -x[1])) if s == start] for start in events
        }
        closing = {end: sum(1 for _, e, _ in spans if e == end) for end in events}
        out = []
        for start, end in zip(events, events[1:], strict=False):
            out += [Markup("</span>")] * (closing[start] if start else 0)
            out += [Markup('<span class="ts-inline-item" id="{}">').format(i) for i in opening[start]]
            out.append(self.inline(parse(text[start:end]), at))
        out += [Markup("</span>")] * closing[len(text)]
        return Markup("").join(out)

    def inline(self, nodes: list[Node] | tuple[Node, ...], at: _Place, linked: bool = False) -> Markup:
        """Inline nodes as HTML (inside a link: no acronym marks, which would nest interactive elements)."""
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(escape(node) if linked else self.abbreviate(node, at.seen))
            elif isinstance(node, Cite):
                out.append(self.render_cite(node, at.page_url, at.cited))
            elif isinstance(node, Span):
                out.append(Markup("<{0}>{1}</{0}>").format(Markup(node.kind), self.inline(node.children, at, linked)))
            elif isinstance(node, Link):
                inner = self.inline(node.children, at, linked=True)
                out.append(Markup('<a href="{}" rel="noopener">{}</a>').format(node.url, inner) if node.url else inner)
            elif isinstance(node, NoteRef):
                out.append(self.note_ref(node.id, at.notes) if not at.describe else Markup(""))
            elif isinstance(node, Math):
                out.append(escape(node.tex) if at.describe else self.math(node.tex, node.display))
        return Markup("").join(out)

    def note_ref(self, note_id: str, notes: PageNotes | None) -> Markup:
        """A footnote reference: its number, linking to the note (which links back to this anchor)."""
        found = notes.reference(note_id) if notes is not None else None
        if found is None:
            return Markup("")
        use, n = found
        return Markup(
            '<sup id="{}"><a class="footnote-ref" href="#{}" role="doc-noteref" aria-label="{}">{}</a></sup>'
        ).format(use.ref_anchor(n), use.anchor, self.t("footnotes.ref", n=use.number), use.number)

    def math(self, tex: str, display: bool) -> Markup:
        """A formula as MathML (pandoc's, converted at check time or now); TeX as code if it cannot be read.

        Search leaves formulas out: their MathML reads as a run of glyphs ("x‾=1n∑…") in a result."""
        formula = (tex, display)
        if formula not in self.formulas:
            self.formulas.update(convert([formula])[0])
        mathml = self.formulas.get(formula)
        inner = Markup(mathml) if mathml else Markup('<code class="ts-tex">{}</code>').format(tex)
        return Markup('<span class="ts-formula" data-pagefind-ignore>{}</span>').format(inner)

    def page(self, template: str, url: str, local: dict[str, str] | None = None, **context: Any) -> Page:
        """Render one page template for ``url`` (``local``: what the page holds of other pages, see ``helpers``)."""
        tpl = self.env.get_template(f"pages/{template}.md.j2")
        return Page(url, tpl.render(**self.helpers(url, local), **context))
