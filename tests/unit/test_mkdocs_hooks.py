"""Configuration text is escaped once for HTML by the hooks the generated mkdocs.yml names."""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml
from mkdocs.config import load_config

from generator.output import mkdocs_hooks
from generator.output.write import mkdocs_config
from generator.website.render import md_inline

TEXT = 'Tecnología & sociedad: x < y "z" {{ 7*7 }}'
ESCAPED = "Tecnología &amp; sociedad: x &lt; y &#34;z&#34; {{ 7*7 }}"


def loaded(tmp_path: Path, author: dict) -> object:  # type: ignore[type-arg]
    """The configuration MkDocs loads from what ``mkdocs_config`` writes for ``author``'s mkdocs.yml."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "theme").mkdir()
    config = mkdocs_config(author, nav=[])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def test_every_configuration_text_is_escaped_once_and_the_rest_left_alone(tmp_path: Path) -> None:
    author = {
        "site_name": TEXT,
        "site_description": TEXT,
        "site_author": TEXT,
        "copyright": TEXT,
        "repo_url": "https://example.org/r?a=1&b=2",
        "repo_name": TEXT,
        "theme": {"name": "material", "palette": [{"scheme": "default", "toggle": {"icon": "x", "name": TEXT}}]},
        "extra": {"social": [{"icon": "y", "link": "https://example.org/?a&b", "name": TEXT}], "status": {"new": TEXT}},
    }
    config = mkdocs_hooks.on_config(loaded(tmp_path, author))
    for key in ("site_name", "site_description", "site_author", "copyright", "repo_name"):
        assert config[key] == ESCAPED, key
    assert config["theme"]["palette"][0]["toggle"]["name"] == ESCAPED
    assert config["extra"]["social"][0]["name"] == ESCAPED and config["extra"]["status"]["new"] == ESCAPED
    assert config["extra"]["thesis_site_404"]["title"] == "Página no encontrada"
    assert config["repo_url"] == "https://example.org/r?a=1&b=2"  # a URL is not text: MkDocs validated it
    assert config["extra"]["social"][0]["link"] == "https://example.org/?a&b"
    assert mkdocs_hooks.on_config(config)["site_name"] == ESCAPED  # a second run changes nothing
    # the way Material prints it: raw in the header, through `| e` in the logo's title; the same text both ways
    shown = jinja2.Environment().from_string('{{ config.site_name }}|<a title="{{ config.site_name | e }}">')
    assert shown.render(config=config) == f'{ESCAPED}|<a title="{ESCAPED}">'


def test_md_inline_keeps_character_references_whole() -> None:
    assert md_inline('it\'s "x" > y # 1') == "it&#39;s &#34;x&#34; &gt; y \\# 1"
