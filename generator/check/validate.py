"""Stage 3 — validate: corpus-wide checks (ids, references, citations) and the citation audit.

Every problem is recorded with the file and line of the record that has it,
and says what is known, so an author can fix it without opening the code.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from ..cite.citestyle import STYLES
from ..errors import Problems
from ..i18n import available, primary
from ..index.link import IdIndex, block_texts, index_ids, inline_paragraph, inline_spans, text_fields, walk_items
from ..kinds import FOLDERS, RESERVED
from ..source.bibliography import first_author, fold
from ..source.blocks import widths
from ..source.corpus import CONTENT, Corpus
from ..source.inline import cited_keys, note_refs
from ..source.media import images, problem
from ..source.models import Block, Record, Section, Table, Term


def compress(ids: Iterable[str]) -> str:
    """'DMPP1…DMPP10, PCMGESS', 'P01…P12': runs of PREFIX<n> shown as first…last, each id as written.

    Where a prefix has zero-padded numbers (P01), only numbers of the same width make a run,
    so every id shown is one the project has.
    """
    by_prefix: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    singles: list[str] = []
    for id_ in ids:
        m = re.fullmatch(r"(.*?)(\d+)", id_)
        if m:
            by_prefix[m[1]].append((int(m[2]), m[2], id_))
        else:
            singles.append(id_)
    parts = []
    for members in by_prefix.values():
        padded = any(len(digits) > 1 and digits.startswith("0") for _, digits, _ in members)
        runs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for member in members:
            runs[len(member[1]) if padded else 0].append(member)
        for run in runs.values():
            run.sort()
            nums = [n for n, _, _ in run]
            if len(nums) > 2 and nums == list(range(nums[0], nums[-1] + 1)):
                parts.append(f"{run[0][2]}…{run[-1][2]}")
            else:
                parts.extend(written for _, _, written in run)
    return ", ".join(parts + singles)


def normal_form(id_: str) -> str:
    """An id without what authors often get wrong: case, zero padding, '_' for '-' ('p3' ~ 'P03')."""
    return re.sub(r"\d+", lambda m: str(int(m[0])), id_.casefold().replace("_", "-"))


def near(candidates: list[str], value: str) -> list[str]:
    """Ids close to ``value``: the same once case and zero padding are set aside, else close in spelling."""
    same = [c for c in candidates if normal_form(c) == normal_form(value)]
    return same[:3] or difflib.get_close_matches(value, candidates, n=3, cutoff=0.75)


def known(candidates: list[str], value: str, limit: int = 12) -> str:
    """'(did you mean …?)' or '(known: …)' for an unknown value."""
    close = near(candidates, value)
    if close:
        return f"(did you mean {', '.join(repr(c) for c in close)}?)"
    if not candidates:
        return "(none defined)"
    if len(candidates) <= limit:
        return f"(known: {compress(candidates)})"
    return f"({len(candidates)} defined)"


ANY_KIND = ("section", "item", "list", "quote", "informant", "finding", "figure", "category", "antecedent")


class Validator:
    """Runs every corpus-wide check into one Problems list."""

    def __init__(self, corpus: Corpus, problems: Problems, ids: IdIndex):
        self.corpus = corpus
        self.problems = problems
        self.kinds = ids.kinds
        self.urls = ids.urls
        self.ids = ids

    def err(self, record: Record, message: str, field: str | None = None) -> None:
        path, line = record.where_field(field) if field else record.where
        self.problems.error(path, line, message)

    def run(self) -> None:
        self.check_language()
        self.check_citation_style()
        self.check_urls()
        self.check_vocabulary()
        self.check_ids()
        self.check_quotes()
        self.check_blocks()
        self.check_findings()
        self.check_others()
        self.check_citations()
        self.check_footnotes()
        self.check_tables()
        self.check_images()

    def check_language(self) -> None:
        thesis = self.corpus.thesis
        if thesis is not None and primary(thesis.language) not in available():
            langs = ", ".join(available())
            self.err(thesis, f"no interface catalog for language '{thesis.language}' (available: {langs})", "language")

    def check_citation_style(self) -> None:
        thesis = self.corpus.thesis
        if thesis is not None and thesis.citation_style not in STYLES:
            names = ", ".join(STYLES)
            self.err(thesis, f"unknown citation style '{thesis.citation_style}' (available: {names})", "citation_style")

    def check_urls(self) -> None:
        """The folder names thesis.yml fixes: each folder its own, none a folder the theme or the search owns."""
        thesis = self.corpus.thesis
        if thesis is None or thesis.urls is None:
            return
        names = self.corpus.layout.names
        seen: dict[str, str] = {}
        for key in FOLDERS:
            name = names[key]
            if name in RESERVED:
                self.err(thesis.urls, f"folder name '{name}' is taken by the site's theme or search", key)
            elif name in seen:
                self.err(thesis.urls, f"folder name '{name}' is already the folder of '{seen[name]}'", key)
            seen.setdefault(name, key)

    def term(self, record: Record, field: str, value: str | None, what: str, terms: list[Term]) -> None:
        """Report a value that the vocabulary does not declare for this field."""
        ids = [t.id for t in terms]
        if value is not None and value not in ids:
            declared = ", ".join(ids) or "none; declare them in content/vocabulary.yml"
            close = near(ids, value)
            hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
            self.err(record, f"unknown {what} '{value}' ({hint}declared: {declared})", field)

    def check_vocabulary(self) -> None:
        """Every value of a vocabulary field is one the project declares."""
        vocab = self.corpus.vocabulary
        if vocab is None:
            return
        try:
            code = re.compile(vocab.participant_code)
        except re.error as exc:
            self.err(vocab, f"participant_code is not a valid regular expression: {exc}", "participant_code")
            code = None
        families = [Term(id=f.id) for f in vocab.finding_families]
        for inf in self.corpus.informants:
            if code is not None and not code.fullmatch(inf.id):
                self.err(
                    inf,
                    f"participant code '{inf.id}' does not match {vocab.participant_code} "
                    f"(like '{vocab.participant_code_example}'; see content/vocabulary.yml)",
                    "id",
                )
            self.term(inf, "group", inf.group, "participant group", vocab.participant_groups)
        for f in self.corpus.findings:
            self.term(f, "kind", f.kind, "finding family", families)
        for ant in self.corpus.antecedents:
            self.term(ant, "scope", ant.scope, "antecedent scope", vocab.antecedent_scopes)
            self.term(ant, "approach", ant.approach, "approach", vocab.antecedent_approaches)
        for cat, _ in self.corpus.all_categories():
            self.term(cat, "origin", cat.origin, "category origin", vocab.category_origins)

    def ids_of(self, *kinds: str) -> list[str]:
        return [i for i, k in self.kinds.items() if k in kinds or any(k.startswith(p + ":") for p in kinds)]

    def unread(self, value: str, *kinds: str) -> bool:
        """Whether ``value`` may be an id (or citation key) that a file with errors failed to give: not reported,
        the file's own error says what to fix."""
        return value in self.corpus.invalid_ids or any(k.split(":")[0] in self.corpus.unread for k in kinds)

    def ref(self, record: Record, field: str, value: str, what: str, *kinds: str) -> None:
        """Report ``value`` (of ``record.field``) when it is not an id of one of ``kinds``.

        An id defined twice is known under every kind it was given (the duplicate is its own error).
        """
        given = {self.kinds.get(value, ""), *self.ids.other_kinds.get(value, ())}
        if any(g in kinds or any(g.startswith(k + ":") for k in kinds) for g in given) or self.unread(value, *kinds):
            return
        self.err(record, f"unknown {what} '{value}' {known(self.ids_of(*kinds), value)}", field)

    def check_ids(self) -> None:
        for id_, first, again in self.ids.duplicates:
            path, line = first.where_field("id")
            self.err(again, f"duplicate id '{id_}' (first defined at {path}:{line})", "id")

    def check_quotes(self) -> None:
        informants = [i.id for i in self.corpus.informants]
        for q in self.corpus.quotes:
            if q.informant not in informants and not self.unread(q.informant, "informant"):
                self.err(q, f"unknown informant '{q.informant}' {known(informants, q.informant)}", "informant")
            if not q.text.strip():
                self.err(q, f"quote '{q.id}' has an empty text")

    def check_blocks(self) -> None:
        for sec, _, _ in self.corpus.all_sections():
            for index, block in enumerate(sec.blocks):
                if block.list is not None and block.list.inline:
                    self.check_inline_list(sec.blocks, index)
                if block.quote is not None:
                    self.ref(block, "quote", block.quote, "quote", "quote")
                if block.figure is not None:
                    self.ref(block, "figure", block.figure, "figure", "figure")
                if block.antecedent is not None:
                    self.ref(block, "antecedent", block.antecedent, "antecedent", "antecedent")
                if block.finding is not None:
                    self.ref(block, "finding", block.finding, "finding", "finding")
                if block.list is not None:
                    for item in walk_items(block.list.items):
                        for target in item.links:
                            self.ref(item, "links", target, "link target", "section", "item", "finding", "figure")

    def check_inline_list(self, blocks: list[Block], index: int) -> None:
        """An inline list follows a paragraph that holds each item's text exactly once, phrases not overlapping."""
        lst = blocks[index].list
        assert lst is not None
        paragraph = inline_paragraph(blocks, index)
        if paragraph is None:
            self.err(lst, f"inline list '{lst.id}' must follow the paragraph that enumerates its items", "inline")
            return
        text = blocks[paragraph].p or ""
        for item in lst.items:
            found = text.count(item.text) if item.text else 0
            if found != 1 or item.items:
                why = "has nested items" if item.items else f"its text is found {found} times in the paragraph before"
                self.err(item, f"item '{item.id}' of inline list '{lst.id}' {why} (it must be a phrase found once)")
        own = {item.id for item in lst.items}
        spans = sorted(
            span
            for j, b in enumerate(blocks[: index + 1])
            if b.list is not None and b.list.inline and inline_paragraph(blocks, j) == paragraph
            for span in (inline_spans(text, b.list) or [])[1:]
        )
        for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
            if start < end and (a in own or b in own):
                self.err(lst, f"items '{a}' and '{b}' of the inline lists after one paragraph overlap", "inline")

    def check_findings(self) -> None:
        for f in self.corpus.findings:
            for q in f.quotes:
                self.ref(f, "quotes", q, "quote", "quote")
            for t in f.theory:
                self.ref(f, "theory", t, "section or item", "section", "item")
            for fig in f.figures:
                self.ref(f, "figures", fig, "figure", "figure")
            if f.section:
                self.ref(f, "section", f.section, "section", "section")
            if f.statement_source:
                self.ref(f, "statement_source", f.statement_source, "section", "section")
            if f.objective and self.corpus.vocabulary is not None:
                lst = self.corpus.vocabulary.objectives_list
                self.ref(f, "objective", f.objective, f"'{lst}' item", f"item:{lst}")

    def check_others(self) -> None:
        if self.corpus.thesis is not None:
            for d in self.corpus.thesis.discrepancies:
                for target in d.links:
                    self.ref(d, "links", target, "link target", *ANY_KIND)
            kinds = sorted({f.kind for f in self.corpus.findings})
            for lead in self.corpus.thesis.leads:
                if lead.kind not in kinds and not self.unread(lead.kind, "finding"):
                    self.err(lead, f"unknown finding kind '{lead.kind}' {known(kinds, lead.kind)}", "kind")
        for fig in self.corpus.figures:
            if fig.category:
                self.ref(fig, "category", fig.category, "category", "category")
        for cat, _ in self.corpus.all_categories():
            for q in cat.quotes:
                self.ref(cat, "quotes", q, "quote", "quote")
        seen: dict[str, Record] = {}
        for concept in self.corpus.concepts:
            if concept.presented_in:
                self.ref(concept, "presented_in", concept.presented_in, "section or item", "section", "item")
            if concept.id in seen:
                path, line = seen[concept.id].where_field("id")
                self.err(concept, f"duplicate concept id '{concept.id}' (first defined at {path}:{line})", "id")
            seen.setdefault(concept.id, concept)
        keys = sorted(self.corpus.references)
        for ant in self.corpus.antecedents:
            if ant.cite not in self.corpus.references and not self.unread(ant.cite, "reference"):
                self.err(ant, f"unknown citation key '{ant.cite}' {known(keys, ant.cite)}", "cite")

    def check_citations(self) -> None:
        keys = sorted(self.corpus.references)
        for tf in text_fields(self.corpus, self.urls):
            for key in dict.fromkeys(cited_keys(tf.text)):
                if key not in self.corpus.references and not self.unread(key, "reference"):
                    self.err(tf.record, f"unknown citation key '{key}' {known(keys, key)}", tf.field)

    def check_footnotes(self) -> None:
        """Every ``[^ID]`` has a note in its section; every note is referenced; only sections have notes."""
        for sec, _, _ in self.corpus.all_sections():
            self.section_notes(sec)
        for tf in text_fields(self.corpus, self.urls):
            if tf.page.kind != "section":
                for ref in note_refs(tf.text):
                    self.err(
                        tf.record,
                        f"footnote reference '[^{ref}]' outside a section (only sections have footnotes)",
                        tf.field,
                    )

    def section_notes(self, sec: Section) -> None:
        defined: dict[str, Record] = {}
        for note in sec.footnotes:
            if note.id in defined:
                first = defined[note.id].where_field("id")[1]
                self.err(
                    note, f"duplicate footnote '{note.id}' in section '{sec.id}' (first defined on line {first})", "id"
                )
            defined.setdefault(note.id, note)
            for ref in note_refs(note.text):
                self.err(note, f"footnote '{note.id}' references footnote '{ref}': notes do not nest", "text")
        used: set[str] = set()
        for block in sec.blocks:
            for text, record, name in block_texts(block):
                for ref in note_refs(text):
                    used.add(ref)
                    if ref not in defined:
                        names = ", ".join(defined) or "none"
                        self.err(record, f"unknown footnote '{ref}' in section '{sec.id}' (defined: {names})", name)
        for id_, note in defined.items():
            if id_ not in used:
                self.problems.warn(*note.where, f"footnote '{id_}' of section '{sec.id}' is never referenced")

    def check_tables(self) -> None:
        for sec, _, _ in self.corpus.all_sections():
            for block in sec.blocks:
                if block.table is not None:
                    self.table_shape(block.table)

    def table_shape(self, table: Table) -> None:
        """A table has rows, no empty row, and rows of one width (a warning: browsers show ragged tables)."""
        if not table.rows:
            self.err(table, "a table needs at least one row in 'rows'", "rows")
        sizes = []
        for part in ("header", "rows"):
            rows = getattr(table, part)
            for r, (row, width) in enumerate(zip(rows, widths(rows), strict=True)):
                if not row:
                    self.err(table, f"empty table row (row {r + 1} of '{part}')", f"{part}.{r}")
                sizes.append((part, r, width))
        odd = next((s for s in sizes if s[2] != sizes[0][2]), None)
        if odd is not None:
            part, r, width = odd
            self.problems.warn(
                *table.where_field(f"{part}.{r}"),
                f"table rows differ in width: row {r + 1} of '{part}' has {width} columns, the first row {sizes[0][2]}",
            )

    def check_images(self) -> None:
        """Each image file can be published (``media.problem``); an image says what it shows."""
        content = self.corpus.root / CONTENT
        for image in images(self.corpus):
            found = problem(content, image.src)
            if found:
                self.err(image, found, "src")
            elif not image.alt and not image.caption:
                self.problems.warn(
                    *image.where_field("src"),
                    f"image '{image.src}' has neither 'alt' nor 'caption': a reader who cannot see it gets nothing",
                )


def audit(corpus: Corpus, problems: Problems, ids: IdIndex | None = None) -> dict[str, object]:
    """Citation audit: unused and incomplete references, author inconsistencies, orphan quotes.

    Findings are recorded as warnings; the returned summary is printed by ``check``.
    """
    urls = (ids or index_ids(corpus)).urls
    used: dict[str, int] = defaultdict(int)
    for tf in text_fields(corpus, urls):
        for key in cited_keys(tf.text):
            used[key] += 1
    for ant in corpus.antecedents:
        used[ant.cite] += 1
    unused = [k for k in corpus.references if not used.get(k)]
    for key in unused:
        path, line = corpus.references[key].where
        problems.warn(path, line, f"reference '{key}' is never cited")
    incomplete = {}
    for ref in corpus.references.values():
        gaps = list(ref.missing)
        if not ref.title and "title" not in gaps:
            path, line = ref.where
            problems.warn(path, line, f"reference '{ref.key}' has no title and does not declare missing = {{title}}")
            gaps.append("title")
        if gaps:
            incomplete[ref.key] = gaps
    variants = author_variants(corpus)
    for message, ref in variants:
        problems.warn(*ref.where, message)
    counts = count_mismatches(corpus)
    for message, record in counts:
        problems.warn(*record.where_field("stated_count"), message)
    used_quotes = {b.quote for s, _, _ in corpus.all_sections() for b in s.blocks if b.quote}
    used_quotes |= {q for f in corpus.findings for q in f.quotes}
    used_quotes |= {q for c, _ in corpus.all_categories() for q in c.quotes}
    orphans = [q for q in corpus.quotes if q.id not in used_quotes]
    for q in orphans:
        problems.warn(*q.where, f"quote '{q.id}' is not used by any section, finding or category")
    unsupported = [f for f in corpus.findings if not f.quotes]
    for f in unsupported:
        problems.warn(
            *f.where_field("quotes"),
            f"finding '{f.id}' has no evidence: list the quotes that support it in 'quotes' "
            f"(its page says that no interview quote is given)",
        )
    return {
        "references": len(corpus.references),
        "citations": sum(used.values()),
        "unused": unused,
        "incomplete": incomplete,
        "author_variants": [m for m, _ in variants],
        "orphan_quotes": [q.id for q in orphans],
        "unsupported_findings": [f.id for f in unsupported],
        "count_mismatches": [m for m, _ in counts],
        "discrepancies": len(corpus.thesis.discrepancies) if corpus.thesis else 0,
    }


def count_mismatches(corpus: Corpus) -> list[tuple[str, Record]]:
    """Lists whose announced size ('ocho perspectivas') differs from the items the thesis gives."""
    out: list[tuple[str, Record]] = []
    for sec, _, _ in corpus.all_sections():
        for block in sec.blocks:
            if block.list is None:
                continue
            lst = block.list
            if lst.stated_count is not None and lst.stated_count != len(lst.items):
                out.append(
                    (f"list '{lst.id}': the thesis announces {lst.stated_count} items but gives {len(lst.items)}", lst)
                )
            for item in walk_items(lst.items):
                if item.stated_count is not None and item.stated_count != len(item.items):
                    out.append(
                        (
                            f"item '{item.id}': the thesis announces {item.stated_count} items but gives {len(item.items)}",
                            item,
                        )
                    )
    return out


def author_variants(corpus: Corpus) -> list[tuple[str, object]]:
    """Same first author cited with different years or spellings."""
    by_author: dict[str, list] = defaultdict(list)
    for ref in corpus.references.values():
        name = first_author(ref)
        if name:
            by_author[fold(name)].append((name, ref))
    out = []
    for _folded, entries in sorted(by_author.items()):
        spellings = sorted(
            {n for n, _ in entries}
            | {v.strip() for _, r in entries for v in r.fields.get("spellings", "").split(",") if v.strip()}
        )
        years = sorted({r.year or "s.f." for _, r in entries})
        if len(spellings) > 1:
            keys = ", ".join(sorted(r.key for _, r in entries))
            out.append((f"author spelled differently: {' / '.join(spellings)} ({keys})", entries[0][1]))
        if len(years) > 1:
            keys = ", ".join(sorted(r.key for _, r in entries))
            out.append(
                (
                    f"author '{spellings[0]}' cited with different years: {', '.join(years)} ({keys})",
                    entries[0][1],
                )
            )
    return out


def validate(corpus: Corpus, problems: Problems, ids: IdIndex | None = None) -> None:
    """Run every corpus-wide check (on the id index when the caller built it)."""
    Validator(corpus, problems, ids or index_ids(corpus)).run()
