"""Reading .bib files as reference managers write them (pandoc converts, bibtexparser locates)."""

import json
from pathlib import Path

import jsonschema

from generator.errors import Problems
from generator.source.bibliography import load_bibliography
from tests.conftest import FIXTURES

BIB = r"""% a comment line
@preamble{"\newcommand{\noop}[1]{}"}
@string{jr = "Journal of " # "Research"}
@comment{jabref-meta: databaseType:biblatex;}

@article{Smith/2020:a.b-c,
  author = {Smith, John and {World Health Organization} and van der Berg, Anna and Pedro Pérez},
  title = {Justificaci\'on de la {IA} en Am{\'e}rica~Latina --- un caso},
  journaltitle = jr,
  date = {2020-03/2020-05},
  langid = {spanish},
  doi = {10.1000/xyz},
  urldate = {2021-02-03},
  pages = {10--20},
}

@book{whole, editor = {Doe, Jane}, title = {The Whole Book}, year = {2001}, publisher = {P}, location = {Lima}}
@incollection{part, author = {Roe, Richard}, title = {A Part}, crossref = {whole}, pages = {1--9}}
@xdata{pubinfo, publisher = {Shared Press}, location = {Cusco}}
@book{withx, author = {Ray, Ana}, title = {Shared}, year = {2003}, xdata = {pubinfo}}
@mastersthesis{tesis, author = {Quispe, Rosa}, title = {Una tesis}, school = {UNA Puno}, year = {2019}}
@misc{Smith/2020:a.b-c, author = {Dup}, title = {Second}, year = {1999}}
"""


def load(tmp_path: Path, text: str = BIB, language: str = "es") -> tuple[dict, Problems]:
    (tmp_path / "bibliography.bib").write_text(text, encoding="utf-8")
    problems = Problems()
    return load_bibliography(tmp_path, problems, language), problems


def test_keys_keep_case_and_punctuation_and_duplicates_warn_with_both_lines(tmp_path: Path) -> None:
    refs, problems = load(tmp_path)
    assert list(refs) == ["Smith/2020:a.b-c", "whole", "part", "withx", "tesis"]
    assert not problems.errors
    assert [str(p) for p in problems.warnings] == [
        "bibliography.bib:22: warning: duplicate citation key 'Smith/2020:a.b-c': "
        "this entry is ignored, the first one (bibliography.bib:6) is used"
    ]
    assert refs["Smith/2020:a.b-c"].csl["title"].startswith("Justificación")


def test_latex_names_dates_and_biblatex_fields_become_csl(tmp_path: Path) -> None:
    item = load(tmp_path)[0]["Smith/2020:a.b-c"].csl
    assert item["title"] == "Justificación de la IA en América\u00a0Latina — un caso"
    assert item["container-title"] == "Journal of Research"
    assert item["author"] == [
        {"family": "Smith", "given": "John"},
        {"literal": "World Health Organization"},
        {"family": "Berg", "given": "Anna", "dropping-particle": "van der"},
        {"family": "Pérez", "given": "Pedro"},
    ]
    assert item["issued"] == {"date-parts": [[2020, 3], [2020, 5]]}
    assert item["accessed"] == {"date-parts": [[2021, 2, 3]]}
    assert item["language"] == "es-ES" and item["DOI"] == "10.1000/xyz" and item["page"] == "10-20"


def test_crossref_xdata_and_thesis_genre(tmp_path: Path) -> None:
    refs = load(tmp_path)[0]
    part = refs["part"].csl
    assert (
        part["container-title"] == "The Whole Book"
        and part["publisher-place"] == "Lima"
        and part["editor"] == [{"family": "Doe", "given": "Jane"}]
    )
    assert part["issued"] == {"date-parts": [[2001]]} and part["type"] == "chapter"
    assert refs["withx"].csl["publisher"] == "Shared Press"
    assert refs["tesis"].csl["genre"] == "Tesis de maestría" and refs["tesis"].csl["publisher"] == "UNA Puno"


def test_titles_without_langid_follow_the_thesis_language(tmp_path: Path) -> None:
    text = "@article{a, author = {A}, title = {Los Retos de Am{\\'e}rica Latina}, journal = {J}, year = {2010}}\n"
    es = load(tmp_path, text)[0]["a"].csl
    assert es["title"] == "Los Retos de América Latina" and "language" not in es  # kept as typed, nothing invented
    sub = tmp_path / "en"
    sub.mkdir()
    en = load(sub, text, "en")[0]["a"].csl
    assert en["title"] == "Los retos de américa latina"  # English titles go to sentence case (APA)


def test_others_means_unknown_coauthors(tmp_path: Path) -> None:
    text = (
        "@misc{g, author = {Gil and others}, year = {2007}, missing = {title, coauthors}}\n"
        "@book{r, author = {Ruiz, Ana and others}, title = {T}, year = {2001}}\n"
    )
    refs = load(tmp_path, text)[0]
    ref = refs["g"]
    assert ref.unknown_coauthors and ref.missing == ["title", "coauthors"]
    # the thesis's own words, one name every CSL processor prints alike (the locale's "et al.", no-break space)
    assert ref.csl["author"] == [{"literal": "Gil et\u00a0al."}]
    assert refs["r"].unknown_coauthors and refs["r"].csl["author"] == [
        {"family": "Ruiz", "given": "Ana"},
        {"literal": "others"},  # pandoc's citeproc prints et al.; documented in docs/citations.md
    ]


def test_data_every_processor_reads_alike(tmp_path: Path) -> None:
    text = r"""
@article{m, author = {Tkachuk, a and Lyon, S a and Pla, Floris a and Barreiro, J T}, title = {Spin $\sim$ 10$^{-3}$},
  journal = {J}, year = {2007}, number = {6-7}}
@book{reprint, author = {Paz, Ana}, title = {Libro}, year = {1977, reimpresi{\'o}n 2001}}
@book{undated, author = {Paz, Ana}, title = {Otro}, year = {s.f.}}
@book{quote, author = {Paz, Ana}, title = {Sobre \mkbibquote{la nube}}, year = {2001}}
"""
    refs = load(tmp_path, text)[0]
    names = [n["given"] for n in refs["m"].csl["author"]]
    assert names == ["A.", "S.", "Floris", "J. T."]  # initials as APA prints them (Mendeley's "a" is an initial A)
    assert refs["m"].csl["author"][1]["dropping-particle"] == "a"  # pandoc reads a trailing lowercase word so
    assert refs["m"].csl["title"] == "Spin ∼ 10<sup>−3</sup>"  # TeX math decoded, as CSL rich text
    assert refs["m"].csl["issue"] == "6–7"  # a range
    assert refs["reprint"].csl["issued"] == {"literal": "1977, reimpresión 2001"}
    assert "issued" not in refs["undated"].csl and refs["undated"].year == ""
    assert refs["quote"].csl["title"] == 'Sobre "la nube"'  # CSL-JSON's quote markup: the locale's marks
    schema = json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate([r.csl for r in refs.values()], schema)


def test_duplicate_key_is_an_error_only_under_strict(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_project

    project = make_project(tmp_path / "p")
    bib = project / "bibliography.bib"
    first_line = next(n for n, line in enumerate(bib.read_text("utf-8").splitlines(), 1) if "{naser2011," in line)
    with bib.open("a", encoding="utf-8") as f:
        f.write("\n@misc{naser2011, author = {Otro}, year = {1999}}\n")
    dup_line = len(bib.read_text("utf-8").splitlines())
    message = (
        f"bibliography.bib:{dup_line}: warning: duplicate citation key 'naser2011': "
        f"this entry is ignored, the first one (bibliography.bib:{first_line}) is used"
    )
    relaxed = cli("check", str(project))
    assert relaxed.code == 0 and message in relaxed.out + relaxed.err
    strict = cli("check", "--strict", str(project))
    assert strict.code == 2 and message in strict.err


def test_text_symbols_pandoc_drops_are_kept(tmp_path: Path) -> None:
    text = (
        "@misc{a, author = {A}, title = {Robots {\\textemdash} arcs \\textendash{} data\\texttrademark}, year = 2017}\n"
    )
    assert load(tmp_path, text)[0]["a"].csl["title"] == "Robots — arcs – data™"
