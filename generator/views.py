"""Small view models: the grouping and counting pages need, done once in Python (templates only format)."""

from __future__ import annotations

from dataclasses import dataclass

from .corpus import Corpus
from .models import Antecedent, Finding, FindingFamily, Term


@dataclass(frozen=True)
class FamilyView:
    """One finding family with its findings, in file order."""

    family: FindingFamily
    findings: list[Finding]


@dataclass(frozen=True)
class ScopeView:
    """One antecedent scope with its studies, in file order."""

    scope: Term
    studies: list[Antecedent]

    @property
    def count_label(self) -> str:
        """'12 internacionales'."""
        return f"{len(self.studies)} {self.scope.plural or self.scope.shown}"


def join_and(parts: list[str], and_word: str) -> str:
    """'a, b y c' with the catalog's word for 'and'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {and_word} {parts[-1]}" if parts else ""


def families(corpus: Corpus) -> list[FamilyView]:
    """Finding families in vocabulary order, each with its findings (empty families kept: templates skip them)."""
    vocab = corpus.vocabulary
    assert vocab is not None
    return [FamilyView(f, [x for x in corpus.findings if x.kind == f.id]) for f in vocab.finding_families]


def scopes(corpus: Corpus) -> list[ScopeView]:
    """Antecedent scopes in vocabulary order, each with its studies."""
    vocab = corpus.vocabulary
    assert vocab is not None
    return [ScopeView(s, [a for a in corpus.antecedents if a.scope == s.id]) for s in vocab.antecedent_scopes]
