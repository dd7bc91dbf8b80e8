"""The inline markup of prose fields (generator/source/inline.py): what is markup, what stays text, and hostile input."""

from __future__ import annotations

from generator.source.citations import Cite, CiteItem
from generator.source.citations import parse as citations_only
from generator.source.inline import Link, Math, NoteRef, Span, cited_keys, formulas, note_refs, parse, plain_text

em = lambda *c: Span("em", c)  # noqa: E731
strong = lambda *c: Span("strong", c)  # noqa: E731


def test_text_without_markup_parses_as_the_citation_parser_gives_it() -> None:
    for text in (
        "Según @gil2007, la mayoría de las definiciones [@naser2011; @pcm2013].",
        "Sin fecha [@robledosf] y solo año [-@naser2011]. Escriba a x@y.com [nota sin clave]",
        "[Naranjo, como se citó en @ajello2003] y [@naser2011, p. 5]@pcm2013",
        "",
    ):
        assert parse(text) == citations_only(text)


def test_emphasis_and_strong_follow_pandoc_flanking() -> None:
    assert parse("*a* **b** ***c***") == [em("a"), " ", strong("b"), " ", em(strong("c"))]
    assert parse("*a **b** c*") == [em("a ", strong("b"), " c")]
    assert parse("2*3*4") == ["2", em("3"), "4"]  # as pandoc: an intraword '*' opens and closes
    assert parse("5 * 3 = 15 y 2 *") == ["5 * 3 = 15 y 2 *"]  # a '*' between spaces is text
    assert parse("* a*") == ["* a*"]  # an opener followed by a space opens nothing


def test_unbalanced_asterisks_stay_text() -> None:
    assert parse("*a") == ["*a"]
    assert parse("a*") == ["a*"]
    assert parse("**a*") == ["*", em("a")]
    assert parse("****") == ["****"]
    assert parse("*" * 501) == ["*" * 501]


def test_sub_and_superscript_hold_no_space() -> None:
    assert parse("H~2~O y x^2^") == ["H", Span("sub", ("2",)), "O y x", Span("sup", ("2",))]
    assert parse("^a b^ y ~5 km a ~10 km") == ["^a b^ y ~5 km a ~10 km"]
    assert parse("~~tachado~~") == ["~~tachado~~"]  # no strikeout


def test_backslash_escapes_ascii_punctuation_only() -> None:
    assert parse(r"\*no\* \[\@x\] \$5 \\ \^ \~ \_ \@k") == ["*no* [@x] $5 \\ ^ ~ _ @k"]
    assert parse(r"C:\carpeta \é") == [r"C:\carpeta \é"]
    assert parse("fin\\") == ["fin\\"]
    assert cited_keys(r"\@gil2007 y \[@naser2011]") == ["naser2011"]  # an escaped '[' leaves a narrative citation


def test_links_only_to_the_web_and_mail() -> None:
    assert parse("[INEI](https://www.inei.gob.pe/a_(b)) y <mailto:x@y.pe>") == [
        Link("https://www.inei.gob.pe/a_(b)", ("INEI",)),
        " y ",
        Link("mailto:x@y.pe", ("mailto:x@y.pe",)),
    ]
    assert parse("[clic](javascript:alert(1))") == [Link(None, ("clic",))]
    assert parse("[clic](JaVaScRiPt:alert(1)) [x](data:text/html,hi) [y](/relativo)") == [
        Link(None, ("clic",)),
        " ",
        Link(None, ("x",)),
        " ",
        Link(None, ("y",)),
    ]
    assert parse("<javascript:alert(1)>") == ["<javascript:alert(1)>"]
    assert parse("[con espacio](https://a b)") == ["[con espacio](https://a b)"]


def test_no_citations_inside_link_text_or_math() -> None:
    assert parse("[ver @gil2007](https://x.org)") == [Link("https://x.org", ("ver @gil2007",))]
    assert cited_keys("[**ver** [@gil2007]](https://x.org) y $a@b$") == []
    assert cited_keys("*véase @gil2007* y ^[@naser2011]^") == ["gil2007", "naser2011"]
    (span,) = parse("*[@naser2011, p. 5]*")
    assert isinstance(span, Span) and span.children == (
        Cite((CiteItem("naser2011", locator=("page", "5")),), narrative=False, source="[@naser2011, p. 5]"),
    )


def test_footnote_references() -> None:
    assert parse("texto.[^1] Y más[^nota-b]") == ["texto.", NoteRef("1"), " Y más", NoteRef("nota-b")]
    assert note_refs("a[^1] b[^1] [^x y] [^]") == ["1", "1"]
    assert parse(r"\[^1]") == ["[^1]"]


def test_math_follows_pandocs_dollar_rule() -> None:
    assert parse("a $x^2$ b") == ["a ", Math("x^2"), " b"]
    assert parse("cuesta $20 y $30 en total") == ["cuesta $20 y $30 en total"]
    assert parse("$x$5 y $x$") == ["$x$5 y ", Math("x")]  # a closing '$' before a digit closes nothing
    assert parse("a $ x$ b $x $") == ["a $ x$ b $x $"]
    assert parse(r"$\$ = \frac{1}{2}$") == [Math(r"\$ = \frac{1}{2}")]
    assert parse("Es $$E = mc^2$$.") == ["Es ", Math("E = mc^2", display=True), "."]
    assert [m.tex for m in formulas("*$a$* [$b$](https://x.org)")] == ["a", "b"]


def test_hostile_input_is_text() -> None:
    for text in ("<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "<img src=x onerror=alert(1)>", "&amp; &lt;"):
        assert plain_text(parse(text)) == text
    assert parse("{{ 7*7 }}") == ["{{ 7*7 }}"]


def test_long_hostile_input_parses() -> None:
    """Every scan is linear: a long text of openers without closers is text (and parses at all)."""
    text = "*a [b $c ^d ~e <f " * 5000
    assert plain_text(parse(text)) == text
    nested = "[" * 3000 + "x" + "]" * 3000
    assert plain_text(parse(nested)) == nested
