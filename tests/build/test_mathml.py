"""TeX to MathML through pandoc (generator/website/mathml.py): Word's equations, errors with a reason, nothing but MathML."""

from __future__ import annotations

import pytest
from lxml import etree

from generator.cite.csl import RenderCache
from generator.source import pandoc
from generator.website import mathml

# As pandoc's docx reader writes Word equations (OMML) in TeX: a cases block and an aligned pair.
CASES = "f(x) = \\left\\{ \\begin{matrix}\nx^{2} & \\text{si }x \\geq 0 \\\\\n - x & \\text{si }x < 0\n\\end{matrix} \\right.\\ "
ALIGNED = "\\begin{aligned}\ny & = mx + b \\\\\n & = 2x + 3\n\\end{aligned}"


def test_word_equations_become_mathml_and_bad_tex_says_why() -> None:
    made, failed = mathml.convert(
        [(CASES, True), (ALIGNED, True), ("x_{i}", False), ("\\frac{a", False), ("\\foo{x}", True)]
    )
    assert set(made) == {(CASES, True), (ALIGNED, True), ("x_{i}", False)}
    for (tex, display), markup in made.items():
        math = etree.fromstring(markup)
        assert math.tag == f"{{{mathml.MATHML_NS}}}math" and math.get("display") == ("block" if display else "inline")
        assert math.findtext(f".//{{{mathml.MATHML_NS}}}annotation") == tex
    assert etree.fromstring(made[(ALIGNED, True)]).find(f".//{{{mathml.MATHML_NS}}}mtable") is not None
    assert failed == {("\\frac{a", False): "unexpected eof", ("\\foo{x}", True): "unexpected control sequence \\foo"}


def test_tex_is_data() -> None:
    made, failed = mathml.convert(
        [("\\text{<script>alert(1)</script>}", False), ("\\href{javascript:alert(1)}{x}", False)]
    )
    (markup,) = made.values()
    assert "<script" not in markup and "&lt;script&gt;" in markup
    assert list(failed) == [("\\href{javascript:alert(1)}{x}", False)]
    assert not mathml._only_mathml(
        etree.fromstring(f'<math xmlns="{mathml.MATHML_NS}"><mi href="javascript:x">x</mi></math>')
    )
    assert not mathml._only_mathml(etree.fromstring(f'<math xmlns="{mathml.MATHML_NS}"><mi onclick="x">x</mi></math>'))
    assert not mathml._only_mathml(etree.fromstring(f'<math xmlns="{mathml.MATHML_NS}"><b xmlns="">x</b></math>'))


def test_the_cache_spares_pandoc(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    cache = RenderCache(tmp_path / "math.json")
    first, _ = mathml.convert([("a^{2}", False)], cache)
    cache.save()
    monkeypatch.setattr(pandoc, "run_logged", lambda *a: pytest.fail("pandoc ran for a cached formula"))
    again, _ = mathml.convert([("a^{2}", False)], RenderCache(tmp_path / "math.json"))
    assert again == first
