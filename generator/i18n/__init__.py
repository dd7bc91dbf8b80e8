"""UI messages: one YAML catalog per language (``es.yml``, ``en.yml``) inside the package.

``thesis.language`` (its primary subtag: ``es-PE`` → ``es``) picks the catalog;
the catalog's ``meta`` also gives the CSL locale, Material's ``theme.language``
and the search language, so one setting drives every language decision.

Messages are plain text, escaped wherever they are printed; only keys ending in
``_html`` hold trusted markup written in the catalog (their parameters are
escaped). A message with ``one``/``other`` forms is chosen by the parameter ``n``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from markupsafe import Markup, escape

from ..source.resources import package_path

DEFAULT_LANGUAGE = "es"


@cache
def available() -> list[str]:
    """Languages that have a catalog."""
    return sorted(p.stem for p in (package_path("generator") / "i18n").glob("*.yml"))


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys; a mapping of only one/other stays one (plural) message."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) != {"one", "other"}:
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


class Catalog:
    """The messages of one language; call it with a key and parameters."""

    def __init__(self, language: str, messages: dict[str, Any]):
        self.language = language
        self.messages = messages

    def __call__(self, key: str, /, **params: Any) -> str:
        message = self.messages[key]  # KeyError: a key missing from the catalog is a bug, caught by the tests
        if isinstance(message, dict):
            message = message["one"] if params.get("n") == 1 else message["other"]
        if key.endswith("_html"):
            return Markup(message).format(**{k: escape(v) for k, v in params.items()})
        return str(message).format(**params) if params else str(message)

    @property
    def csl_locale(self) -> str:
        """Locale of the citation processor (es-ES, en-US)."""
        return str(self.messages["meta.csl_locale"])

    @property
    def theme_language(self) -> str:
        """Material's ``theme.language``."""
        return str(self.messages["meta.theme_language"])

    @property
    def search_language(self) -> str:
        """Language of the search index."""
        return str(self.messages["meta.search_language"])


def primary(language: str) -> str:
    """The primary subtag of a BCP 47 tag, lowercased ('es-PE' → 'es')."""
    return language.split("-")[0].lower()


@cache
def catalog(language: str = DEFAULT_LANGUAGE) -> Catalog:
    """The catalog of ``language`` (a BCP 47 tag); KeyError when there is none."""
    code = primary(language)
    if code not in available():
        raise KeyError(code)
    path = package_path("generator") / "i18n" / f"{code}.yml"
    return Catalog(code, flatten(yaml.safe_load(path.read_text(encoding="utf-8"))))
