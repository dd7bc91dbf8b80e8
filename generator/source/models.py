"""Typed models of the content files (one class per kind of record).

Every model forbids unknown fields and documents each field; the JSON Schema
published by ``thesis-site schema`` is generated from these classes.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, Tag, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
NOTE_ID_PATTERN = r"^[A-Za-z0-9-]+$"  # a footnote id, as written in [^ID]
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # any participant code that is safe in a URL; the project narrows it


# Prose fields. A field marked PROSE is text the site prints through ``prose()`` (inline markup, [@key] and
# @key citations, [^ID] footnote references, $TeX$): a text, a list of texts, lists of lists, or records and texts
# mixed (a list entry, a table cell). A field marked CITE_KEY holds one citation key and the site prints it as
# the narrative citation "@key". These marks are the one registry of prose: ``prose.py`` walks them, so the
# check (unknown keys, footnotes, formulas), the citation graph (cited in) and the renderer read the same fields;
# the published JSON Schema carries them as "x-prose". A field printed as plain text is not marked.
PROSE: dict[str, Any] = {"x-prose": "text"}
CITE_KEY: dict[str, Any] = {"x-prose": "key"}


class Record(BaseModel):
    """Base of every content record: strict fields and a source location."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)
    # (path, line, {field: line}); one private attribute keeps model creation cheap at scale
    _src: tuple[str, int, dict[str, int]] | None = PrivateAttr(default=None)

    def locate(self, path: str, line: int, field_lines: dict[str, int] | None = None) -> None:
        """Remember where this record (and each of its fields) was written."""
        self._src = (path, line, field_lines or {})

    @property
    def where(self) -> tuple[str, int]:
        """(path, line) of the record in its content file."""
        return (self._src[0], self._src[1]) if self._src else ("", 0)

    def where_field(self, name: str) -> tuple[str, int]:
        """(path, line) of one field, or of one entry of a prose list ('rows.2.1', 'interpretation.0'); else of the
        field holding it, else of the record."""
        if not self._src:
            return "", 0
        path, line, lines = self._src
        while name not in lines and "." in name:
            name = name.rsplit(".", 1)[0]
        return path, lines.get(name, line)


def prose_mark(model: type[BaseModel], name: str) -> str | None:
    """'text' for a prose field, 'key' for a citation key printed as a citation, None for any other field."""
    extra = model.model_fields[name].json_schema_extra
    return extra.get("x-prose") if isinstance(extra, dict) else None  # type: ignore[return-value]


# ---------------------------------------------------------- vocabulary.yml


class FindingFamily(Record):
    """One family of results (motivations, strategies... or themes, sub-themes)."""

    id: str = Field(pattern=ID_PATTERN, description="Value of a finding's 'kind'; anchor on the findings page.")
    singular: str = Field(description="Name of one finding of this family ('theme', 'motivación').")
    plural: str = Field(description="Name of several ('motivaciones', 'themes').")
    heading: str | None = Field(default=None, description="Heading on the findings page; default: the plural.")
    answer: str | None = Field(
        default=None,
        description="Words after the count in the home page's answer ('6 motivaciones'); default: the plural.",
    )
    short: str = Field(description="Short code of the family in matrix columns: 'M' gives M1, M2...")


class Term(Record):
    """A value the project allows in one field, with how it is shown."""

    id: str = Field(description="The value written in the content files.")
    label: str | None = Field(default=None, description="How a reader sees it; default: the value itself.")
    plural: str | None = Field(default=None, description="Plural of the label, where the site counts it.")
    heading: str | None = Field(default=None, description="Heading of the group of records with this value.")

    @property
    def shown(self) -> str:
        """The label, or the value when there is none."""
        return self.label or self.id


class Vocabulary(Record):
    """The thesis's own words: what its findings, participants and studies are called (content/vocabulary.yml)."""

    finding_families: list[FindingFamily] = Field(description="Families of findings, in the order the site shows them.")
    participant_groups: list[Term] = Field(description="Groups a participant may belong to (field 'group').")
    participant_code: str = Field(
        default=r"^[A-Z][A-Z0-9]*$", description="Regular expression every participant code must match."
    )
    participant_code_example: str = Field(default="DMPP1", description="An example code, shown in error messages.")
    antecedent_scopes: list[Term] = Field(
        default_factory=list, description="Scopes of antecedent studies (field 'scope')."
    )
    antecedent_approaches: list[Term] = Field(
        default_factory=list, description="Research approaches of antecedent studies (field 'approach')."
    )
    category_origins: list[Term] = Field(default_factory=list, description="Origins of categories (field 'origin').")
    objectives_list: str = Field(
        default="objetivos", description="'kind' of the section list whose items findings answer (field 'objective')."
    )
    findings_description: str | None = Field(default=None, description="Description of the findings page.")
    concept_lists: list[str] = Field(
        default_factory=list,
        description="'kind's of the section lists whose items are concepts of the index of concepts "
        "(theories, approaches, phases...); each titled item becomes an entry.",
    )

    def family(self, id_: str) -> FindingFamily | None:
        """The finding family with this id."""
        return next((f for f in self.finding_families if f.id == id_), None)

    def term(self, terms: list[Term], id_: str | None) -> str:
        """How a value of a vocabulary list is shown."""
        return next((t.shown for t in terms if t.id == id_), id_ or "")


# ---------------------------------------------------------------- thesis.yml


class Abstract(Record):
    """An abstract in one language."""

    text: list[str] = Field(description="Paragraphs of the abstract, verbatim.", json_schema_extra=PROSE)
    keywords: list[str] = Field(description="Keywords in the order the thesis prints them.")


class Discrepancy(Record):
    """A place where the thesis contradicts itself; the data keeps what each place says."""

    description: str = Field(
        description="What differs and where (sections, pages), as an editorial note.", json_schema_extra=PROSE
    )
    links: list[str] = Field(default_factory=list, description="Ids of the sections, items or records involved.")


class Lead(Record):
    """A sentence of the thesis, verbatim, that opens one family of findings in the home page's answer."""

    kind: str = Field(description="The family of findings it opens (a finding kind of vocabulary.yml, e.g. 'theme').")
    text: str = Field(
        description="The sentence (or its verbatim part, with an ellipsis), [@key] citations allowed.",
        json_schema_extra=PROSE,
    )
    source: str = Field(
        description="Where the thesis says it, as a reader would look for it ('Abstract', 'Conclusions')."
    )


NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _name(what: str) -> object:
    return Field(default=None, pattern=NAME_PATTERN, description=what)


class UrlNames(Record):
    """Folder and file names of the site's addresses, fixed when the project was created (``thesis-site new``
    writes them in the project's language). Never change one once the site is published: every link to it would
    break. A name left out is the one every earlier project has (the Spanish one: secciones, citas…)."""

    sections: str | None = _name("Folder of the section pages: <sections>/<id>/.")
    quotes: str | None = _name("Folder of the quotes browser and the quote permalinks: <quotes>/<id>/.")
    informants: str | None = _name("Folder of the participants' pages: <informants>/<code>/.")
    findings: str | None = _name("Folder of the findings' pages: <findings>/<id>/.")
    figures: str | None = _name("Folder of the figures' pages: <figures>/<id>/.")
    categories: str | None = _name("Page of the categories: <categories>/#<id>.")
    antecedents: str | None = _name("Page of the prior studies: <antecedents>/#<id>.")
    glossary: str | None = _name("Page of the glossary: <glossary>/#<acronym>.")
    references: str | None = _name("Page of the references: <references>/#<key>.")
    data: str | None = _name("Folder of the downloadable data: <data>/.")
    matrix: str | None = _name("Page of the evidence matrix: <matrix>/.")
    notes: str | None = _name("Page of the editorial notes: <notes>/.")
    concepts: str | None = _name("Page of the index of concepts: <concepts>/#<id>.")
    whole: str | None = _name("Page of the whole thesis on one page: <whole>/.")
    quotes_file: str | None = _name("Name of the quotes data files: <data>/<quotes_file>.json and .csv.")
    references_file: str | None = _name("Name of the references data file: <data>/<references_file>.json.")
    bibliography_file: str | None = _name("Name of the bibliography download: <data>/<bibliography_file>.bib.")
    thesis_file: str | None = _name("Name of the REFI-QDA download: <data>/<thesis_file>.qdpx.")
    moved_file: str | None = _name(
        "Name of the map of anchors that moved to parts of a long list: <page>/<moved_file>.json."
    )
    part: str | None = _name("Word of the numbered parts of a long list: <quotes>/<part>_1/.")
    chapter: str | None = _name("Last folder of a chapter's page on one page: <sections>/<id>/<chapter>/.")


class PersonName(Record):
    """An author's name given in parts (as CSL-JSON and reference managers keep it)."""

    family: str = Field(description="Family name(s), as printed: 'Quispe Mamani', 'van der Berg'.")
    given: str | None = Field(default=None, description="Given name(s): 'Rosa Elena'.")


AUTHOR_HINT = (
    "write each author as a string the way BibTeX writes names ('Alex Morgan', 'Morgan, Alex', "
    "'Quispe Mamani, Rosa Elena', '{Research Group}') or as a mapping {family: ..., given: ...}"
)


class Thesis(Record):
    """Metadata of the whole thesis (content/thesis.yml)."""

    title: str = Field(description="Title shown on the site.")
    title_derived: bool = Field(description="True when the title is not printed in the thesis but derived from it.")
    title_source: str | None = Field(
        default=None, description="Where a derived title comes from (e.g. the general objective)."
    )
    kind: str | None = Field(default=None, description="Kind of work, as the thesis states it.")
    institution: str | None = Field(default=None, description="Institution, only if the thesis names it as its own.")
    authors: list[str | PersonName] = Field(
        default_factory=list,
        description="Authors, each as BibTeX writes a name ('Alex Morgan', 'Morgan, Alex', "
        "'Quispe Mamani, Rosa Elena', 'van der Berg, Ana'; braces keep words together: '{Grupo GobE}') "
        "or as {family, given}; empty when the source does not name them.",
    )
    year: int | None = Field(default=None, description="Year of the thesis; null when unknown.")
    place: str | None = Field(default=None, description="Place the study is about or was made.")
    language: str = Field(
        default="es", description="BCP 47 language tag: the site's interface language, CSL locale and search language."
    )
    citation_style: str = Field(default="apa7", description="Citation style of the site (apa7).")
    question: str = Field(description="The research question as the home page states it.", json_schema_extra=PROSE)
    abstract_es: Abstract | None = Field(
        default=None, description="The abstract in Spanish (Resumen), when the thesis has one."
    )
    abstract_en: Abstract | None = Field(default=None, description="English abstract.")
    leads: list[Lead] = Field(
        default_factory=list,
        description="Verbatim sentences shown before a family of findings on the home page (e.g. the impact's verdict).",
    )
    notes: list[str] = Field(default_factory=list, description="Editorial notes about how the data was made.")
    references_note: str | None = Field(
        default=None,
        description="Opening sentence of the references page, about where the list comes from (editorial; optional).",
    )
    discrepancies: list[Discrepancy] = Field(
        default_factory=list, description="Self-contradictions of the thesis, reported by the audit."
    )
    urls: UrlNames | None = Field(
        default=None,
        description="Folder and file names of the site's addresses, written once by `thesis-site new`; never change "
        "them after publishing. Without it, the names every earlier project has (secciones, citas…).",
    )

    @field_validator("authors", mode="before")
    @classmethod
    def _authors_are_names(cls, value: Any) -> Any:
        """One clear message for an author that is neither a name string nor {family, given}."""
        for index, name in enumerate(value if isinstance(value, list) else []):
            if isinstance(name, str):
                depth = 0
                for char in name:
                    depth += {"{": 1, "}": -1}.get(char, 0)
                    if depth < 0:
                        break
                if depth or not name.strip():
                    raise ValueError(f"author {index + 1} ({name!r}): unbalanced braces or empty; {AUTHOR_HINT}")
            elif not (
                isinstance(name, dict) and isinstance(name.get("family"), str) and set(name) <= {"family", "given"}
            ):
                raise ValueError(f"author {index + 1} ({name!r}): {AUTHOR_HINT}")
        return value


# ---------------------------------------------------------- informants.yml


class Informant(Record):
    """A person interviewed, identified only by the code the thesis gives."""

    id: str = Field(
        pattern=CODE_PATTERN,
        description="The participant's code as the thesis gives it (P01, E3); it must match vocabulary.yml's participant_code.",
    )
    role: str = Field(description="Role as the thesis states it.")
    group: str = Field(description="One of the participant groups the vocabulary declares.")
    source: str | None = Field(default=None, description="Where the thesis states the role.")
    description: str | None = Field(
        default=None, description="Further facts the thesis states about this informant.", json_schema_extra=PROSE
    )


# -------------------------------------------------------------- quotes.yml


class Quote(Record):
    """One distinct interview quote, stored once however often the thesis uses it."""

    id: str = Field(
        pattern=ID_PATTERN,
        description="Stable id (lowercase letters, digits, '-'): the quote's permanent address, <quotes folder>/<id>/; never change it once published.",
    )
    informant: str = Field(description="Code of the informant who said it.")
    text: str = Field(description="Verbatim text between the quotation marks, spelling and ellipses kept.")
    topic: str | None = Field(
        default=None,
        description="Editorial: what the quote is about, for its page title ('P01 on <topic>'); "
        "never the thesis's words, and marked as editorial on the site.",
    )


# ------------------------------------------------------------- sections/*.yml


class Item(Record):
    """An element of a typed list (a theory, a phase, an objective, a question...)."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id; becomes an anchor on the page.")
    label: str | None = Field(default=None, description="Label as printed: 'a)', '1.', 'RQ1.', 'Phase 1'.")
    title: str | None = Field(default=None, description="Short name of the item.", json_schema_extra=PROSE)
    text: str | None = Field(
        default=None,
        description="Text of the item; [@key] citations allowed; blank line = new paragraph.",
        json_schema_extra=PROSE,
    )
    items: list[Item] = Field(default_factory=list, description="Nested items.")
    links: list[str] = Field(
        default_factory=list, description="Ids of related items or sections (e.g. phases of a dimension)."
    )
    stated_count: int | None = Field(
        default=None, description="How many sub-items the thesis announces ('four models'); the audit compares."
    )
    editorial: list[str] = Field(
        default_factory=list,
        description="Fields of this record written by the editors, not printed by the thesis ('title' when the thesis prints no such label, 'links' for related links chosen by the editors); "
        "the site marks them as editorial.",
    )


class ItemList(Record):
    """An enumeration of the thesis kept as data so each element can be linked."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id of the list.")
    kind: str = Field(
        description="What the items are: 'theories', 'phases', 'research-questions'… (vocabulary.yml's objectives_list names the kind findings answer)."
    )
    ordered: bool = Field(default=True, description="Whether the thesis numbers the items.")
    stated_count: int | None = Field(
        default=None, description="How many items the thesis announces ('eight perspectives'); the audit compares."
    )
    headings: bool = Field(
        default=False,
        description="Show each item as a heading (in the page's table of contents, with its id as anchor), not a list entry.",
    )
    inline: bool = Field(
        default=False,
        description="The thesis enumerates the items inside the paragraph just before (each item's text is a phrase "
        "of it): the site shows that paragraph once, each item's anchor on its phrase, and no second copy as a list.",
    )
    items: list[Item] = Field(description="The items, in the thesis's order.")
    columns: list[str] = Field(
        default_factory=list, description="Header row, verbatim, when the thesis prints the list as a table."
    )


class Excerpt(Record):
    """A long quotation from the literature (not an interview quote)."""

    text: str = Field(description="Quoted text, verbatim.", json_schema_extra=PROSE)
    cite: str | None = Field(
        default=None, description="Citation after the excerpt, e.g. '[@naser2011, p. 5]'.", json_schema_extra=PROSE
    )


def _text_or(tag: str) -> Any:
    """Discriminator of a 'text or mapping' union: a mapping is the model, anything else must be a text."""
    return Discriminator(lambda value: tag if isinstance(value, dict | BaseModel) else "text")


class ListEntry(Record):
    """An entry of a ``ul``/``ol`` block that holds a nested list (an entry without one is just its text)."""

    text: str = Field(description="The entry's text (inline markup and citations allowed).", json_schema_extra=PROSE)
    ul: list[Entry] | None = Field(default=None, description="A nested bulleted list.", json_schema_extra=PROSE)
    ol: list[Entry] | None = Field(default=None, description="A nested numbered list.", json_schema_extra=PROSE)

    @model_validator(mode="after")
    def _one_list(self) -> ListEntry:
        if self.ul is not None and self.ol is not None:
            raise ValueError("a list entry holds one nested list: 'ul' or 'ol', not both")
        return self


Entry = Annotated[Annotated[str, Tag("text")] | Annotated[ListEntry, Tag("entry")], _text_or("entry")]
Entries = list[Entry]  # a name of its own: inside Block, 'list' is a field


class Cell(Record):
    """A table cell that spans several columns or rows (a cell without spans is just its text)."""

    text: str = Field(
        description="The cell's text (inline markup and citations allowed; blank line = new paragraph).",
        json_schema_extra=PROSE,
    )
    colspan: int = Field(default=1, ge=1, description="Columns the cell spans.")
    rowspan: int = Field(default=1, ge=1, description="Rows the cell spans.")


TableCell = Annotated[Annotated[str, Tag("text")] | Annotated[Cell, Tag("cell")], _text_or("cell")]


class Table(Record):
    """A table of the thesis, with its caption and notes as printed."""

    caption: str | None = Field(
        default=None,
        description="Caption as printed, label included ('Tabla 3. Categorías…'); inline markup allowed.",
        json_schema_extra=PROSE,
    )
    header: list[list[TableCell]] = Field(
        default_factory=list, description="Header rows, each a list of cells.", json_schema_extra=PROSE
    )
    rows: list[list[TableCell]] = Field(description="Body rows, each a list of cells.", json_schema_extra=PROSE)
    notes: str | None = Field(
        default=None, description="Text under the table as printed ('Nota. …').", json_schema_extra=PROSE
    )


IMAGE_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "svg")


class Image(Record):
    """An image placed in the text (a picture, a chart), copied into the site; not a code-network figure."""

    src: str = Field(
        description="Path of the image file relative to the content/ folder ('imported/media/image3.png'); "
        "types: " + ", ".join(IMAGE_TYPES) + "."
    )
    alt: str | None = Field(default=None, description="What the image shows, for readers who cannot see it.")
    caption: str | None = Field(
        default=None,
        description="Caption exactly as printed, label included ('Figura 16. …'); inline markup allowed.",
        json_schema_extra=PROSE,
    )
    width: int | None = Field(default=None, ge=1, description="Width in pixels (keeps the page from jumping).")
    height: int | None = Field(default=None, ge=1, description="Height in pixels.")


BLOCK_KINDS = ("p", "h", "quote", "figure", "list", "excerpt", "antecedent", "finding", "ul", "ol", "table", "math",
               "image")  # fmt: skip


class Block(Record):
    """One block of a section body: exactly one of the fields is set."""

    p: str | None = Field(
        default=None, description="A paragraph; [@key] and @key citations allowed.", json_schema_extra=PROSE
    )
    h: str | None = Field(
        default=None, description="An unnumbered sub-heading printed in the thesis.", json_schema_extra=PROSE
    )
    quote: str | None = Field(default=None, description="Id of an interview quote used here.")
    figure: str | None = Field(default=None, description="Id of a figure placed here.")
    list: ItemList | None = Field(default=None, description="A typed enumeration.")
    excerpt: Excerpt | None = Field(default=None, description="A long quotation from the literature.")
    antecedent: str | None = Field(default=None, description="Id of an antecedent study described here.")
    finding: str | None = Field(default=None, description="Id of a finding summarised (and linked) here.")
    ul: Entries | None = Field(
        default=None,
        description="A bulleted list: texts, or {text, ul|ol} mappings for nested lists.",
        json_schema_extra=PROSE,
    )
    ol: Entries | None = Field(
        default=None,
        description="A numbered list: texts, or {text, ul|ol} mappings for nested lists.",
        json_schema_extra=PROSE,
    )
    ol_start: int | None = Field(
        default=None, ge=0, description="Number of the first entry of an 'ol' that does not start at 1 (beside 'ol')."
    )
    table: Table | None = Field(default=None, description="A table with its caption, header rows, rows and notes.")
    math: str | None = Field(default=None, description="A display equation in TeX, rendered as MathML.")
    image: Image | None = Field(default=None, description="An image file shown here, with its caption.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Block:
        present = [k for k in BLOCK_KINDS if getattr(self, k) is not None]
        if len(present) != 1:
            raise ValueError(
                f"a block needs exactly one of {', '.join(BLOCK_KINDS)} (found: {', '.join(present) or 'none'})"
            )
        if self.ol_start is not None and self.ol is None:
            raise ValueError("'ol_start' goes beside 'ol' only")
        return self

    @property
    def kind(self) -> str:
        """Name of the one field that is set."""
        return next(k for k in BLOCK_KINDS if getattr(self, k) is not None)


class Footnote(Record):
    """A footnote (or endnote) of a section, referenced as ``[^ID]`` in the section's text."""

    id: str = Field(pattern=NOTE_ID_PATTERN, description="Id used in the references: letters, digits and '-'.")
    text: str = Field(
        description="The note's text (inline markup and citations allowed; blank line = new paragraph).",
        json_schema_extra=PROSE,
    )


class Section(Record):
    """A section of the thesis (content/sections/*.yml: one top-level section per file, sub-sections under
    children); each becomes one page."""

    id: str = Field(
        pattern=ID_PATTERN,
        description="Stable id: the section's page is <sections folder>/<id>/; never change it once published.",
    )
    number: str | None = Field(default=None, description="Numbering as printed ('1.1.2.1', 'I').")
    title: str = Field(description="Heading as printed.")
    blocks: list[Block] = Field(default_factory=list, description="Body of the section, in order.")
    footnotes: list[Footnote] = Field(
        default_factory=list, description="Notes referenced as [^ID] in this section's text, shown at its end."
    )
    children: list[Section] = Field(default_factory=list, description="Sub-sections, in order.")


# ---------------------------------------------------------- figures.yml etc.


class Figure(Record):
    """A figure (code network) of the thesis."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id, e.g. 'fig-01'.")
    number: int = Field(description="Figure number as printed.")
    caption: str = Field(description="Caption exactly as printed.")
    category: str | None = Field(default=None, description="Id of the category the figure depicts.")


class Category(Record):
    """A category or sub-category of the qualitative analysis."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id.")
    name: str = Field(description="Name as the thesis writes it.")
    origin: str | None = Field(default=None, description="One of the category origins the vocabulary declares.")
    definition: str | None = Field(default=None, description="Definition given by the thesis.", json_schema_extra=PROSE)
    color: str | None = Field(
        default=None, pattern=r"^#[0-9A-Fa-f]{6}$", description="Colour of the code in the QDA tool ('#RRGGBB')."
    )
    quotes: list[str] = Field(default_factory=list, description="Ids of quotes the thesis files here.")
    children: list[Category] = Field(default_factory=list, description="Sub-categories.")
    editorial: list[str] = Field(
        default_factory=list,
        description="Fields of this record written by the editors, not printed by the thesis ('name'; 'children' when the grouping under this category is editorial); "
        "the site marks them as editorial.",
    )


class Finding(Record):
    """A result of the thesis, in one of the finding families the vocabulary declares."""

    id: str = Field(
        pattern=ID_PATTERN,
        description="Stable id: the finding's page is <findings folder>/<id>/; never change it once published.",
    )
    kind: str = Field(description="Id of its finding family (declared in the vocabulary).")
    number: int | None = Field(default=None, description="Position within its family.")
    title: str = Field(description="Short name of the finding.")
    statement: str = Field(description="The finding as the thesis states it.", json_schema_extra=PROSE)
    statement_source: str | None = Field(
        default=None,
        description="Id of the section whose words the statement (and summary) are, e.g. the conclusions; "
        "the site names it wherever it shows the statement.",
    )
    summary: str | None = Field(
        default=None,
        description="One sentence of the statement, verbatim, for the home page's answer (default: the statement).",
        json_schema_extra=PROSE,
    )
    interpretation: list[str] = Field(
        default_factory=list, description="Interpretive paragraphs, with [@key] citations.", json_schema_extra=PROSE
    )
    quotes: list[str] = Field(default_factory=list, description="Ids of supporting quotes.")
    theory: list[str] = Field(
        default_factory=list, description="Ids of theory sections or items it is discussed against."
    )
    objective: str | None = Field(
        default=None, description="Id of the item it answers, in the list the vocabulary names (objectives, questions)."
    )
    figures: list[str] = Field(default_factory=list, description="Ids of related figures.")
    section: str | None = Field(default=None, description="Id of the results section discussing it.")
    former_anchors: list[str] = Field(
        default_factory=list,
        description="Anchors the page heading had under an earlier title (published links keep resolving).",
    )
    editorial: list[str] = Field(
        default_factory=list,
        description="Fields of this record written by the editors, not printed by the thesis ('title' for a short name, 'theory' for links chosen by the editors); "
        "the site marks them as editorial.",
    )


class Antecedent(Record):
    """A prior study the thesis reviews (its antecedents or related work), with what the thesis says of it."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id; anchor on the antecedents page.")
    cite: str = Field(description="Citation key of the study in bibliography.bib.", json_schema_extra=CITE_KEY)
    scope: str = Field(description="One of the antecedent scopes the vocabulary declares.")
    place: str | None = Field(
        default=None, description="Country, region or institution as stated.", json_schema_extra=PROSE
    )
    title: str | None = Field(default=None, description="Title, only if the thesis gives it.", json_schema_extra=PROSE)
    objective: str | None = Field(default=None, description="Objective as stated.", json_schema_extra=PROSE)
    approach: str | None = Field(default=None, description="One of the approaches the vocabulary declares.")
    design: str | None = Field(default=None, description="Design or method as stated.", json_schema_extra=PROSE)
    population: str | None = Field(default=None, description="Population as stated.", json_schema_extra=PROSE)
    sample: str | None = Field(default=None, description="Sample with the numbers given.", json_schema_extra=PROSE)
    techniques: str | None = Field(default=None, description="Techniques and instruments.", json_schema_extra=PROSE)
    results: str | None = Field(default=None, description="Results as stated.", json_schema_extra=PROSE)
    conclusion: str | None = Field(default=None, description="Conclusion as stated.", json_schema_extra=PROSE)
    text: list[str] = Field(description="The thesis's paragraphs about the study, verbatim.", json_schema_extra=PROSE)


class GlossaryEntry(Record):
    """An acronym and its expansion."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$", description="The acronym as written (TIC).")
    expansion: str | None = Field(
        default=None, description="Expansion of the acronym; null when nothing in the thesis supports one."
    )
    from_thesis: bool = Field(description="True when the thesis itself expands it; false for a public expansion.")
    note: str | None = Field(default=None, description="Where or how the thesis uses it.")


class Reference(Record):
    """A bibliography entry, read from bibliography.bib (not a YAML file)."""

    key: str = Field(description="BibTeX citation key, as written (any key pandoc accepts).")
    entry_type: str = Field(description="BibTeX entry type, lowercased (misc, article...).")
    fields: dict[str, str] = Field(description="Every BibTeX field as written (lowercased names).")
    csl: dict[str, object] = Field(
        description="The entry as a CSL-JSON item: what the citation processor formats and datos/referencias.json holds."
    )
    missing: list[str] = Field(default_factory=list, description="What the thesis does not give (field missing).")
    unknown_coauthors: bool = Field(default=False, description="True when the author list ends in 'and others'.")

    @property
    def year(self) -> str:
        """The year of publication as the CSL item gives it ('' when the entry has no date)."""
        issued = self.csl.get("issued")
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if parts and parts[0]:
            return str(parts[0][0])
        return str(issued.get("literal", "")) if isinstance(issued, dict) else ""

    @property
    def title(self) -> str:
        """The title as the CSL item gives it ('' when there is none)."""
        return str(self.csl.get("title", ""))


class Concept(Record):
    """A concept of the index of concepts that no list item gives (content/concepts.yml, optional)."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id; anchor on the index of concepts (conceptos/#<id>).")
    name: str = Field(description="Name of the concept, as the thesis writes it (else mark it editorial).")
    terms: list[str] = Field(
        default_factory=list,
        description="Words or phrases, as the thesis writes them, that name the concept in its text; the index "
        "lists every section, finding and quote whose text holds one (whole words, any case). Default: the name.",
    )
    presented_in: str | None = Field(
        default=None, description="Id of the section or list item where the thesis presents the concept."
    )
    editorial: list[str] = Field(
        default_factory=list,
        description="Fields written by the editors, not printed by the thesis ('name' when the thesis does not "
        "call the concept so); the site marks them as editorial.",
    )


# File name -> (top-level key, model) for list files.
LIST_FILES: dict[str, tuple[str, type[Record]]] = {
    "informants.yml": ("informants", Informant),
    "quotes.yml": ("quotes", Quote),
    "figures.yml": ("figures", Figure),
    "categories.yml": ("categories", Category),
    "findings.yml": ("findings", Finding),
    "antecedents.yml": ("antecedents", Antecedent),
    "glossary.yml": ("glossary", GlossaryEntry),
    "concepts.yml": ("concepts", Concept),
}
REQUIRED_FILES = ("thesis.yml", "informants.yml", "quotes.yml")
