"""Small view models: the grouping and counting pages need, done once in Python (templates only format)."""

from __future__ import annotations

from dataclasses import dataclass

from ..index.link import Graph
from ..source.corpus import Corpus
from ..source.models import Antecedent, Finding, FindingFamily, Informant, Quote, Term


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


@dataclass(frozen=True)
class InformantView:
    """One informant's page: the quotes grouped by the findings they support, then the rest."""

    informant: Informant
    quotes: list[Quote]
    by_finding: list[tuple[Finding, list[Quote]]]
    rest: list[Quote]


def informant_view(graph: Graph, informant: Informant) -> InformantView:
    """Group an informant's quotes by finding (in findings order); quotes no finding uses come last."""
    quotes = graph.quotes_of(informant.id)
    by_finding = graph.findings_of(informant.id)
    used = {q.id for _, group in by_finding for q in group}
    return InformantView(informant, quotes, by_finding, [q for q in quotes if q.id not in used])


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
