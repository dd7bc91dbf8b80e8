"""Every prose field of every kind: its citations are checked at its own line, listed under "cited in", rendered.

The fixture ``tests/fixtures/every_prose`` (over ``minimal``) sets every field the models mark as prose
(``models.PROSE``, ``models.CITE_KEY``) and cites ``ZZKEY`` in each. The tests put a key of their own in the
place of each ``ZZKEY`` and expect, from the fixture's text alone (not from the code under test): with
unknown keys, one ``path:line`` error per key at the line that holds it, exit 2, no traceback, the previous
site kept; with known keys, every key listed under "cited in" on pages that do cite it. A spy on the renderer
checks that the templates pass to ``prose()`` the texts ``prose.texts`` gives, and only those.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import Problems
from generator.index.link import index_ids, text_fields
from generator.source.corpus import load_corpus
from generator.source.prose import prose_fields
from generator.website.render import Renderer
from tests.conftest import FIXTURES, make_project, tree_digest

TOKEN = "ZZKEY"


def put_keys(project: Path, key_of: Callable[[int], str]) -> dict[str, tuple[str, int]]:
    """Write the fixture's content into ``project`` with the n-th ZZKEY replaced by ``key_of(n)``:
    key -> (file, line) holding it."""
    places: dict[str, tuple[str, int]] = {}
    source = FIXTURES / "every_prose"
    for path in sorted((source / "content").rglob("*.yml")):
        rel = path.relative_to(source).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines, start=1):
            while TOKEN in line:
                key = key_of(len(places))
                line = line.replace(TOKEN, key, 1)
                places[key] = (rel, number)
            lines[number - 1] = line
        (project / rel).write_text("".join(lines), encoding="utf-8")
    return places


def known(n: int) -> str:
    return f"clave{n}"


@pytest.fixture(scope="session")
def cited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, int]], list[str]]:
    """The fixture with a known key in every prose field, built once with a spy on ``Renderer.prose``."""
    from generator.build import build_project

    project = make_project(tmp_path_factory.mktemp("prose") / "p", "every_prose")
    places = put_keys(project, known)
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        for n, key in enumerate(places):
            bib.write(
                f"\n@book{{{key},\n  author = {{Autora{n}, Ana}},\n  year = {{{1900 + n}}},\n  title = {{Obra {n}}},\n}}\n"
            )
    seen: list[str] = []
    real = Renderer.prose

    def spy(self: Renderer, text: str, *args: object, **kwargs: object) -> object:
        seen.append(text)
        return real(self, text, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Renderer, "prose", spy)
        build_project(project)
    return project, places, seen


def test_the_fixture_sets_every_prose_field_of_every_kind(cited) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = cited
    corpus = load_corpus(project, Problems())
    found = {(type(tf.record).__name__, tf.field.split(".")[0]) for tf in text_fields(corpus, index_ids(corpus).urls)}
    marked = {(model.__name__, name) for model, names in prose_fields().items() for name in names}
    assert marked - found == set()
    assert {("Informant", "description"), ("Thesis", "question"), ("Antecedent", "cite"), ("Table", "rows")} <= marked


def test_an_unknown_key_in_any_prose_field_is_an_error_at_its_line(cited, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """One field at a time (the others cite known keys, so nothing hides a crash in a later stage): exit 2, one
    ``path:line`` error at the line holding the key, no traceback, the previous site kept."""
    good, places, _ = cited
    bad = tmp_path / "bad"
    shutil.copytree(good, bad, ignore=shutil.ignore_patterns(".thesis-site"))
    before = tree_digest(bad / "site")
    unexpected = []
    for n in range(len(places)):
        where = put_keys(bad, lambda i, n=n: f"nadie{i}" if i == n else known(i))
        path, line = where[f"nadie{n}"]
        run = cli("build", str(bad))
        errors = [e for e in run.err.splitlines() if re.match(r"\S+:\d+: ", e)]
        if run.code != 2 or "Traceback" in run.err or "previous site/ was kept" not in run.err:
            unexpected.append(f"{path}:{line}: exit {run.code}: {run.err[-300:]}")
        elif len(errors) != 1 or not errors[0].startswith(f"{path}:{line}: unknown citation key 'nadie{n}' ("):
            unexpected.append(f"{path}:{line}: {errors}")
    assert unexpected == []
    assert tree_digest(bad / "site") == before


def test_unknown_keys_in_every_prose_field_are_reported_at_once(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    bad = make_project(tmp_path / "bad", "every_prose")
    places = put_keys(bad, lambda n: f"nadie{n}")
    run = cli("check", str(bad))
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if re.match(r"\S+:\d+: ", line)]
    expected = [f"{path}:{line}: unknown citation key '{key}' " for key, (path, line) in places.items()]
    assert [e for e in expected if not any(line.startswith(e) for line in errors)] == []
    assert len(errors) == len(places)


def test_every_cited_key_is_listed_where_it_is_cited(cited) -> None:  # type: ignore[no-untyped-def]
    """Each key is listed under "cited in", and each page listed holds a citation of it ("cited in" links to
    the first: its anchor, or the record's own anchor). A finding's summary is listed on its finding's page,
    which prints the statement the summary is a sentence of, not the summary (the home page's answer does)."""
    project, places, _ = cited
    site = project / "site"
    refs = {
        item["id"]: item["custom"]["cited_in"] for item in json.loads((site / "datos/referencias.json").read_text())
    }
    missing, wrong = [], []
    for key, (path, line) in places.items():
        if not refs[key]:
            missing.append(key)
        summary = (project / path).read_text(encoding="utf-8").splitlines()[line - 1].lstrip().startswith("summary:")
        for url in refs[key]:
            page, _, anchor = url.partition("#")
            html = (site / page / "index.html").read_text(encoding="utf-8")
            cite = re.search(rf'<a class="cite"( id="ref-{key}")? href="[^"]*referencias/#{key}"', html)
            if summary:
                assert page == "hallazgos/motivacion-1/", url
            elif cite is None or not (cite[1] or f'id="{anchor}"' in html):
                wrong.append(f"{key} listed in {url}, which holds no citation of it to link to")
    assert missing == []
    assert wrong == []


def test_the_templates_pass_to_prose_exactly_the_registered_texts(cited) -> None:  # type: ignore[no-untyped-def]
    project, _, seen = cited
    corpus = load_corpus(project, Problems())
    registered = {tf.text for tf in text_fields(corpus, index_ids(corpus).urls)}
    paragraphs = {para for text in registered for para in text.split("\n\n")}  # multi-paragraph texts, one by one
    unregistered = sorted(set(seen) - registered - paragraphs)
    assert unregistered == []  # a template prints as prose a field the models do not mark
    shown = set(seen)
    ours = [t for t in registered if "clave" in t]  # the fixture's texts (the minimal project's are not all shown)
    never = sorted(t for t in ours if t not in shown and not set(t.split("\n\n")) <= shown)
    assert never == []  # a marked field no template prints as prose
