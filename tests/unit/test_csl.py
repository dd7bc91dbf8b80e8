"""APA 7 in Spanish, produced by citeproc-py (we only configure the style)."""

from pathlib import Path

from generator.bibliography import load_bibliography
from generator.csl import CitationFormatter
from generator.errors import Problems

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
    assert entries["perez2020"] == "Pérez, A., Gómez, L., y Ruiz, E. (2020). <i>Gobierno digital</i>."
    assert entries["pcm2013"] == "PCM. (2013). <i>Política Nacional</i>."


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
    from generator.csl import RenderCache

    path = tmp_path / "cache.json"
    first = RenderCache(path)
    assert first.get("a", lambda: "A") == "A" and first.get("b", lambda: "B") == "B"
    first.save()
    second = RenderCache(path)
    assert second.get("a", lambda: "not recomputed") == "A"
    second.save()
    assert RenderCache(path).data == {"a": "A"}
