"""APA 7 in Spanish and English, produced by pandoc's citeproc (we only configure the style)."""

from pathlib import Path

from generator.cite.csl import CitationFormatter
from generator.errors import Problems
from generator.source.bibliography import load_bibliography

BIB = """
@misc{naser2011, author = {Naser and Concha}, year = {2011}}
@misc{gil2007, author = {Gil and others}, year = {2007}}
@misc{riascos2008, author = {Riascos and Solano and others}, year = {2008}}
@misc{pcm2013, author = {{PCM}}, year = {2013}, title = {Política Nacional}}
@misc{robledosf, author = {Robledo}}
@book{perez2020, author = {Pérez, Ana and Gómez, Luis and Ruiz, Eva}, year = {2020}, title = {Gobierno digital}}
"""


def formatter(tmp_path: Path) -> CitationFormatter:
    (tmp_path / "bibliography.bib").write_text(BIB, encoding="utf-8")
    problems = Problems()
    refs = load_bibliography(tmp_path, problems)
    assert not problems.items
    return CitationFormatter(refs)


def test_two_authors_joined_with_y(tmp_path: Path) -> None:
    f = formatter(tmp_path)
    assert f.cite("naser2011") == "Naser y Concha, 2011"
    assert f.cite("naser2011", "narrative") == "Naser y Concha (2011)"
    assert f.cite("naser2011", "item", ("page", "5")) == "Naser y Concha, 2011, p. 5"


def test_et_al_for_three_or_more_and_for_unknown_coauthors(tmp_path: Path) -> None:
    f = formatter(tmp_path)
    assert f.cite("perez2020") == "Pérez et\u00a0al., 2020"
    assert f.cite("gil2007", "narrative") == "Gil et\u00a0al. (2007)"
    assert f.cite("riascos2008") == "Riascos et\u00a0al., 2008"


def test_no_date_is_sf_and_corporate_author(tmp_path: Path) -> None:
    f = formatter(tmp_path)
    assert f.cite("robledosf") == "Robledo, s.f."
    assert f.cite("pcm2013", "narrative") == "PCM (2013)"
    assert f.cite("pcm2013", "year") == "2013"


def test_reference_list_sorted_and_et_al_for_unknown_coauthors(tmp_path: Path) -> None:
    entries = dict(formatter(tmp_path).bibliography())
    assert list(entries) == ["gil2007", "naser2011", "pcm2013", "perez2020", "riascos2008", "robledosf"]
    assert entries["gil2007"] == "Gil et\u00a0al. (2007)."
    assert entries["riascos2008"] == "Riascos, Solano, et\u00a0al. (2008)."
    assert entries["perez2020"] == "Pérez, A., Gómez, L., y Ruiz, E. (2020). <em>Gobierno digital</em>."
    assert entries["pcm2013"] == "PCM. (2013). <em>Política Nacional</em>."


def test_same_first_author_and_year_stay_distinct(tmp_path: Path) -> None:
    (tmp_path / "bibliography.bib").write_text(
        "@misc{naser2008, author = {Naser}, year = {2008}}\n"
        "@misc{naserconcha2008, author = {Naser and Concha}, year = {2008}}\n"
        "@misc{naser2011, author = {Naser and Concha}, year = {2011}}\n",
        encoding="utf-8",
    )
    problems = Problems()
    f = CitationFormatter(load_bibliography(tmp_path, problems))
    assert f.cite("naser2008") == "Naser, 2008"
    assert f.cite("naserconcha2008") == "Naser y Concha, 2008"
    assert [k for k, _ in f.bibliography()] == ["naser2008", "naserconcha2008", "naser2011"]


def test_render_cache_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    from generator.cite.csl import RenderCache

    path = tmp_path / "cache.json"
    first = RenderCache(path)
    assert first.get("a", lambda: "A") == "A" and first.get("b", lambda: "B") == "B"
    first.save()
    second = RenderCache(path)
    assert second.get("a", lambda: "not recomputed") == "A"
    second.save()
    assert RenderCache(path).data == {"a": "A"}


REAL = """
@book{bufacchi2009a, author = {Bufacchi, Vittorio}, title = {Violence and social justice}, date = {2009}, publisher = {Palgrave}}
@article{bufacchi2009b, author = {Bufacchi, Vittorio}, title = {Una obra}, date = {2009}, journaltitle = {Revista de Sociología}, langid = {spanish}}
@book{martinezA, author = {Mart{\\'\\i}nez, Ana}, title = {Uno}, year = {2010}}
@book{Martinez/F, author = {Martínez, Fernando}, title = {Dos}, year = {2010}}
@collection{ed2001, editor = {Gaonkar, Dilip Parameshwar}, title = {Alternative Modernities}, year = {2001}, publisher = {Duke University Press}}
@article{doi1998, author = {Evil, Eve}, title = {<img src=x onerror=alert(1)> and 5 < 6}, journal = {J}, year = {1998},
  doi = {10.1002/(SICI)1096-987X(199805)19:7<377::AID-JCC1>3.0.CO;2-P}, url = {javascript:alert(1)}}
@book{alvarez2000, author = {{\\'A}lvarez, Luis}, title = {Gobierno en Am{\\'e}rica Latina}, year = {2000}}
@book{zurcher2000, author = {Zürcher, Erik}, title = {Z}, year = {2000}}
"""


def real(tmp_path: Path, language: str = "es") -> CitationFormatter:
    (tmp_path / "bibliography.bib").write_text(REAL, encoding="utf-8")
    problems = Problems()
    refs = load_bibliography(tmp_path, problems, language)
    assert not problems.errors
    return CitationFormatter(refs, language=language)


def text(html: str) -> str:
    from generator.cite.csl import plain_text

    return plain_text(html)


def test_year_suffixes_initials_and_editors_across_the_bibliography(tmp_path: Path) -> None:
    f = real(tmp_path)
    # suffixes follow the titles' order ("Una obra" before "Violence…"), as APA says
    assert f.cite("bufacchi2009b") == "Bufacchi, 2009a" and f.cite("bufacchi2009a") == "Bufacchi, 2009b"
    assert f.cite("martinezA") == "A. Martínez, 2010" and f.cite("Martinez/F") == "F. Martínez, 2010"
    assert f.cite("ed2001", "narrative") == "Gaonkar (2001)"
    entries = dict(f.bibliography())
    assert text(entries["ed2001"]).startswith("Gaonkar, D. P. (Ed.). (2001). Alternative Modernities")


def test_reference_list_in_locale_order_and_titles_not_recased_in_spanish(tmp_path: Path) -> None:
    entries = dict(real(tmp_path).bibliography())
    order = list(entries)
    assert order.index("alvarez2000") < order.index("bufacchi2009a") < order.index("zurcher2000")
    assert "Gobierno en América Latina" in text(entries["alvarez2000"])
    assert "<em>Revista de Sociología</em>" in entries["bufacchi2009b"]


def test_multi_work_citation_ordered_as_apa_and_one_pandoc_call(tmp_path: Path) -> None:
    from generator.source.citations import parse

    f = real(tmp_path)
    cites = [
        seg
        for seg in parse("[@zurcher2000; @alvarez2000] y [@bufacchi2009b; @bufacchi2009a, p. 5]")
        if not isinstance(seg, str)
    ]
    f.prepare(cites)
    assert f.calls == 1
    first = f.citation(cites[0])
    assert [k for k, _ in first if k] == ["alvarez2000", "zurcher2000"]
    second = "".join(h for _, h in f.citation(cites[1]))
    assert text(second) == "(Bufacchi, 2009a; 2009b, p. 5)"
    f.bibliography()
    assert f.calls == 1


def test_warm_formatter_calls_no_processor(tmp_path: Path) -> None:
    from generator.cite.csl import RenderCache
    from generator.source.citations import parse

    path = tmp_path / "cache.json"
    (tmp_path / "bibliography.bib").write_text(REAL, encoding="utf-8")
    refs = load_bibliography(tmp_path, Problems())
    cites = [seg for seg in parse("[@doi1998] @ed2001") if not isinstance(seg, str)]
    cold = CitationFormatter(refs, RenderCache(path))
    cold.prepare(cites)
    cold.bibliography()
    cold.cache.save()
    warm = CitationFormatter(refs, RenderCache(path))
    warm.prepare(cites)
    assert warm.bibliography() == cold.bibliography() and warm.citation(cites[1]) == cold.citation(cites[1])
    assert (cold.calls, warm.calls) == (1, 0)


def test_field_text_never_becomes_markup_and_doi_is_a_link(tmp_path: Path) -> None:
    entry = dict(real(tmp_path).bibliography())["doi1998"]
    assert "<img" not in entry and "&lt;img src=x onerror=alert(1)&gt;" in entry.lower()
    doi = "https://doi.org/10.1002/(SICI)1096-987X(199805)19:7&lt;377::AID-JCC1&gt;3.0.CO;2-P"
    assert f'<a href="{doi}">{doi}</a>' in entry
    assert "javascript:" not in entry.split(">javascript:")[0]  # the unsafe URL is printed, never a link


def test_english_output_from_the_same_entries(tmp_path: Path) -> None:
    f = real(tmp_path, "en")
    assert f.cite("doi1998") == "Evil, 1998"
    entries = dict(f.bibliography())
    assert text(entries["ed2001"]).startswith("Gaonkar, D. P. (Ed.). (2001).")
    assert "(n.d.)" in text(dict(formatter_en(tmp_path).bibliography())["robledosf"])


def formatter_en(tmp_path: Path) -> CitationFormatter:
    sub = tmp_path / "en"
    sub.mkdir()
    (sub / "bibliography.bib").write_text(BIB, encoding="utf-8")
    return CitationFormatter(load_bibliography(sub, Problems(), "en"), language="en")


def test_chunked_batches_give_the_same_output_as_one_call(tmp_path: Path) -> None:
    from generator.source.citations import parse

    text = (
        "[@zurcher2000; @alvarez2000] @bufacchi2009a [@bufacchi2009b, p. 5] [@martinezA; @doi1998] @Martinez/F @ed2001"
    )
    cites = [seg for seg in parse(text) if not isinstance(seg, str)]
    whole = real(tmp_path)
    whole.prepare(cites)
    small = real(tmp_path)
    small.CHUNK = 1  # every unit in its own call
    small.prepare(cites)
    assert whole.calls == 1 and small.calls > 3
    assert [small.citation(c) for c in cites] == [whole.citation(c) for c in cites]
    assert small.bibliography() == whole.bibliography()


def test_bare_surnames_take_no_comma_before_y_and_nothing_else_changes(tmp_path: Path) -> None:
    bib = (
        "@misc{albornoz2007, author = {Albornoz and Rivero}, year = {2007}}\n"
        "@book{smith2001, author = {Smith, John and Jones, Kim}, title = {Mediation, Moderation, and Process},"
        " year = {2001}}\n"
        "@incollection{cole, author = {Cole, Sam}, title = {T}, booktitle = {B}, year = {1983},"
        " editor = {Coburn, Kathleen and Engell, James and Bate, Walter Jackson}}\n"
        "@book{brandt, author = {Brandt, Ahasver von and Hoffmann, Erich}, title = {Die Länder}, year = {1987}}\n"
        "@book{cicero, author = {Cicero}, title = {De natura deorum}, year = {1995},"
        " editor = {Blank, Ursula}, translator = {Blank, Ursula}}\n"
    )
    (tmp_path / "bibliography.bib").write_text(bib, encoding="utf-8")
    entries = {k: text(v) for k, v in CitationFormatter(load_bibliography(tmp_path, Problems())).bibliography()}
    assert entries["albornoz2007"] == "Albornoz y Rivero. (2007)."  # the bare-names variant of the style
    assert entries["smith2001"].startswith("Smith, J., y Jones, K. (2001). Mediation, Moderation, and Process")
    assert entries["cole"] == "Cole, S. (1983). T. En K. Coburn, J. Engell, y W. J. Bate (Eds.), B."
    assert entries["brandt"].startswith("Brandt, A. von, y Hoffmann, E. (1987).")
    assert "(U. Blank, Ed. y Trad.)" in entries["cicero"]  # "y" stays lowercase (APA in Spanish)


def test_the_style_variants_are_the_official_style_plus_documented_changes() -> None:
    from lxml import etree

    from generator.cite.csl import style_xml

    official = etree.fromstring(style_xml("apa-no-ampersand", "en-US"))
    spanish = etree.fromstring(style_xml("apa-no-ampersand", "es-ES"))
    bare = etree.fromstring(style_xml("apa-no-ampersand", "es-ES", bare=True))
    ns = "{http://purl.org/net/xbiblio/csl}"
    assert len(list(official.iter(ns + "macro"))) == len(list(spanish.iter(ns + "macro"))) > 50
    assert not [label for label in spanish.iter(ns + "label") if label.get("text-case") == "title"]
    terms = {(t.get("name"), t.get("form")): t for t in spanish.iter(ns + "term")}
    assert terms[("no date", "short")].text == "s.f."
    assert [c.text for c in terms[("editortranslator", "short")]] == ["Ed. y Trad.", "Eds. y Trads."]
    always = [n for n in spanish.iter(ns + "name") if n.get("delimiter-precedes-last") == "always"]
    assert always and not [n for n in bare.iter(ns + "name") if n.get("delimiter-precedes-last") == "always"]
