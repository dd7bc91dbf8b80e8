"""The message catalogs: same keys in every language, every key used exists, plurals, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.i18n import available, catalog

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
USED = re.compile(r"""(?<![.\w])t\(\s*["']([a-z_.]*[a-z_])["']\s*[,)]""")  # literal keys; not Material's lang.t()
USED_PY = re.compile(r"""(?<!\w)t\(\s*["']([a-z_.]*[a-z_])["']\s*[,)]""")  # Python also calls corpus.t("...")


def test_every_language_has_the_same_keys() -> None:
    assert available() == ["en", "es"]
    assert set(catalog("es").messages) == set(catalog("en").messages)


def test_every_key_used_in_code_and_templates_exists() -> None:
    templates = [*TEMPLATES.rglob("*.j2"), *TEMPLATES.rglob("*.html")]
    used = {key for f in templates for key in USED.findall(f.read_text(encoding="utf-8"))}
    used |= {key for f in GENERATOR.rglob("*.py") for key in USED_PY.findall(f.read_text(encoding="utf-8"))}
    assert used, "no message is used"
    assert sorted(used - set(catalog("es").messages)) == []


def test_language_tags_pick_the_catalog_and_its_locales() -> None:
    assert catalog("es-PE").csl_locale == "es-ES"
    assert catalog("en").csl_locale == "en-US"
    assert catalog("en").theme_language == "en"
    with pytest.raises(KeyError):
        catalog("xx")


def test_plurals_and_parameters() -> None:
    t = catalog("en")
    assert t("common.quotes", n=1) == "1 quote"
    assert t("common.quotes", n=2) == "2 quotes"
    assert catalog("es")("common.quotes", n=0) == "0 citas"


def test_only_html_keys_are_markup_and_their_parameters_are_escaped() -> None:
    t = catalog("en")
    assert not isinstance(t("quote.title", id="<b>"), Markup)
    html = t("downloads.references_json_html", n="<script>")
    assert isinstance(html, Markup) and "&lt;script&gt;" in html and "<code>" in html


def test_no_catalog_repeats_a_key() -> None:
    """YAML keeps the last of two equal keys without a word: a section written twice would lose messages."""
    from generator.errors import Problems
    from generator.source.load import parse_yaml

    for language in available():
        path = GENERATOR / "i18n" / f"{language}.yml"
        problems = Problems()
        parse_yaml(path.read_text(encoding="utf-8"), path.name, problems)
        assert [str(p) for p in problems.errors] == []
