"""TeX formulas as MathML, at build time and offline: pandoc's texmath, every formula of a build in one call.

Why pandoc (docs/content-format.md, "Equations"): Word's equations reach the
content as the TeX that pandoc's docx reader (texmath) writes from OMML, and
texmath reads back all of it; on 32 formulas made that way (bench/mathml.py)
pandoc gave correct MathML for all 32, latex2mathml 3.81 for 30 (``\\arg``
printed as text, ``aligned`` left as '&'). It is already pinned
(pypandoc-binary): no new dependency. It costs one process per build that has
formulas (about 0.1 s), none when the cache (``.thesis-site/cache/math.json``)
holds them all.

A formula pandoc cannot read is an error naming it (``check`` reports it with
its file and line); the MathML is pandoc's own, taken element by element from
its output and refused if it holds anything but MathML elements and
presentation attributes (never a link or a script).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from ..cite.csl import RenderCache, digest
from ..errors import Problems
from ..index.link import text_fields
from ..source import pandoc
from ..source.archive import xml_parser
from ..source.corpus import Corpus
from ..source.inline import formulas
from ..source.models import Record

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
FORBIDDEN_ATTRIBUTES = ("href", "src", "action", "xlink:href")  # and any on… handler

Formula = tuple[str, bool]  # (TeX, display)


def corpus_formulas(corpus: Corpus, urls: dict[str, str]) -> Iterator[tuple[Formula, Record, str]]:
    """Every formula of the corpus (``math:`` blocks, ``$…$`` in any prose) with the record and field holding it."""
    for sec, _, _ in corpus.all_sections():
        for block in sec.blocks:
            if block.math is not None:
                yield (block.math.strip(), True), block, "math"
    for tf in text_fields(corpus, urls):
        for found in formulas(tf.text):
            yield (found.tex, found.display), tf.record, tf.field


def check_formulas(
    corpus: Corpus, problems: Problems, urls: dict[str, str], cache_file: Path | None
) -> dict[Formula, str]:
    """MathML of every formula of the corpus; each one pandoc cannot read is an error at its place."""
    places = list(corpus_formulas(corpus, urls))
    if not places:
        return {}
    cache = RenderCache(cache_file)
    converted, failed = convert([formula for formula, _, _ in places if _valid(formula[0])], cache)
    cache.save()
    for formula, record, name in places:
        path, line = record.where_field(name)
        if not formula[0].strip():
            problems.error(path, line, "empty equation")
        elif not _valid(formula[0]):
            problems.error(path, line, f"equation '{short(formula[0])}' holds a blank line (TeX math cannot)")
        elif formula in failed:
            problems.error(path, line, f"equation '{short(formula[0])}' is not TeX pandoc can read: {failed[formula]}")
    return converted


def _valid(tex: str) -> bool:
    """Not empty and no blank line (a paragraph break, which TeX math does not allow)."""
    return bool(tex.strip()) and not any(not line.strip() for line in tex.strip().splitlines())


def short(tex: str, width: int = 60) -> str:
    """A formula on one line, cut to ``width`` characters."""
    flat = " ".join(tex.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def convert(
    wanted: Iterable[Formula], cache: RenderCache | None = None
) -> tuple[dict[Formula, str], dict[Formula, str]]:
    """(MathML of each formula, message of each formula pandoc could not read); one pandoc call for the new ones."""
    cache = cache or RenderCache()
    done: dict[Formula, str] = {}
    todo: list[Formula] = []
    for formula in dict.fromkeys(wanted):
        key = digest("mathml", *formula)
        if cache.has(key):
            done[formula] = cache.get(key, str)
        elif formula[0].strip():
            todo.append(formula)
    failed: dict[Formula, str] = {}
    if todo:
        made, failed = _run_pandoc(todo)
        for formula, mathml in made.items():
            cache.put(digest("mathml", *formula), mathml)
        done.update(made)
    return done, failed


def _run_pandoc(todo: list[Formula]) -> tuple[dict[Formula, str], dict[Formula, str]]:
    blocks = [
        {"t": "Div", "c": [[f"m{i}", [], []], [{"t": "Plain", "c": [_math_inline(tex, display)]}]]}
        for i, (tex, display) in enumerate(todo)
    ]
    document = {"pandoc-api-version": pandoc.api_version(), "meta": {}, "blocks": blocks}
    out, log = pandoc.run_logged(["-f", "json", "-t", "html", "--mathml", "in.json"], {"in.json": json.dumps(document)})
    messages = {
        m.get("contents"): _reason(str(m.get("message", ""))) for m in log if m.get("type") == "CouldNotConvertTeXMath"
    }
    root = etree.fromstring(f"<root>{out}</root>".encode(), xml_parser())
    made: dict[Formula, str] = {}
    failed: dict[Formula, str] = {}
    for i, formula in enumerate(todo):
        div = root.find(f"div[@id='m{i}']")
        math = div.find(f"{{{MATHML_NS}}}math") if div is not None else None
        if math is None:
            failed[formula] = messages.get(formula[0], "pandoc could not convert it")
        elif not _only_mathml(math):
            failed[formula] = "its MathML holds links or non-MathML elements"
        else:
            made[formula] = etree.tostring(math, encoding="unicode", with_tail=False)
    return made, failed


def _math_inline(tex: str, display: bool) -> dict[str, object]:
    return {"t": "Math", "c": [{"t": "DisplayMath" if display else "InlineMath"}, tex]}


def _reason(message: str) -> str:
    """What pandoc's parser says is wrong ('unexpected control sequence \\foo'), without its long 'expecting' list."""
    lines = [line.strip() for line in message.splitlines()]
    found = [line for line in lines if line.startswith("unexpected")]
    return found[0] if found else (lines[-1] if lines else "pandoc could not convert it")


def _only_mathml(math: etree._Element) -> bool:
    """Whether every element is MathML and no attribute is a link, a source or an event handler."""
    for element in math.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{MATHML_NS}}}"):
            return False
        for name in element.attrib:
            local = etree.QName(name).localname.lower()
            if local in FORBIDDEN_ATTRIBUTES or local.startswith("on"):
                return False
    return True
