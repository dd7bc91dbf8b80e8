"""Search that costs nothing until used: a Pagefind index built while MkDocs renders the pages.

Pagefind (a static search library whose index is split into chunks, on PyPI as
``pagefind[extended]`` with its binary) writes ``site/pagefind/``. A query
fetches the small entry file, the WebAssembly search core, the index chunks
holding its words and one fragment per result shown, so what a search costs
stays flat as the site grows. Nothing is fetched before the reader focuses the
search box (``assets/search.js`` imports ``pagefind.js`` then). The index is
built in the thesis's language (``thesis.language``): Spanish or English
stemming, accents folded by Pagefind.

What is indexed: the page body marked ``data-pagefind-body`` by the theme
override ``main.html``; blocks marked ``data-pagefind-ignore`` (editorial marks
and notes, field labels, breadcrumbs: an excerpt shows the thesis's words) and
the selectors in ``IGNORED`` stay out. Findings and sections carry their heading
as the meta field ``topic``, quotes as ``quote`` (with a result title that
names the quote); ``RANKING`` weighs them (assets/search.js passes it to
Pagefind). Phrases, a result's passage and the highlighted words on the page it
opens are the search box's work (assets/search.js, docs/quality.md).

How it is built (``BackgroundIndex``): Pagefind reads only what is inside
``data-pagefind-body``, and that part of every page is known as soon as MkDocs
has read the pages, before it renders Material's templates around them. So the
in-process plugin hands over each page's body (``mkdocs_plugin.on_env``), the
bodies are written as small HTML files under ``.thesis-site/search/input/``,
and the Pagefind CLI indexes them on the second core while MkDocs renders the
templates on the first. The bundle is the same, byte for byte, as Pagefind
run on the finished site (``tests/build/test_incremental.py``). When no body
changed since the last build (same digest), the previous bundle is reused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from ..errors import BuildError

BUNDLE = "pagefind"
# Heading permalinks ("¶") would show in every title and excerpt; a quote page's citation formats and its
# previous/next links repeat on every quote page and would bury the quote itself.
IGNORED = [".headerlink", ".ts-cite", ".ts-prevnext"]
# Files of Pagefind's bundle the site never loads (its ready-made UIs, the index for pages of an unknown
# language): removed so the site carries only what a search fetches. ``pagefind-highlight.js`` stays: a page
# opened from a result loads it to highlight the searched words (assets/search.js).
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "wasm.unknown.")
# Ranking (Pagefind's ``ranking`` option, handed to assets/search.js): a match in a page's title counts for
# less than Pagefind's default (5), a match in the heading of a finding or a section (meta field ``topic``,
# pages/finding.md.j2, section.md.j2) or of a quote (``quote``, pages/quote.md.j2) for more, so those pages come
# before pages that merely mention the words or name them in passing ("Capacitador" for "capacitación").
RANKING = {"metaWeights": {"title": 2.0, "topic": 8.0, "quote": 5.0}}


def index_language(language: str) -> str:
    """The language Pagefind indexes in (and names its core after, ``wasm.<language>.pagefind``)."""
    return language.split("-")[0].lower()


def _command(site: Path, output: Path, language: str) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
            "--force-language", index_language(language), "--exclude-selectors", ",".join(IGNORED),
            "--silent"]  # fmt: skip


def _failure(proc: subprocess.CompletedProcess[str] | None, detail: str = "") -> BuildError:
    if proc is not None:
        detail = (proc.stderr or proc.stdout or "").strip() or f"exit status {proc.returncode}"
    hint = " (is the package 'pagefind[extended]' installed? `make site` installs it)" if "No module" in detail else ""
    return BuildError(f"the search index could not be built{hint}: {detail}")


def _check_and_prune(done: subprocess.CompletedProcess[str], bundle: Path) -> None:
    """Raise BuildError unless Pagefind wrote ``bundle``; then drop the files the site never loads."""
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise _failure(done)
    for path in sorted(bundle.iterdir()):
        if path.is_file() and path.name.startswith(UNUSED):
            path.unlink()


def index_site(site: Path, language: str) -> None:
    """Write ``site/pagefind/`` from the built HTML of ``site`` (raises BuildError when Pagefind fails)."""
    try:
        proc = subprocess.run(_command(site, site / BUNDLE, language), capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failure(None, str(exc)) from exc
    _check_and_prune(proc, site / BUNDLE)


def search_document(body: str) -> str:
    """The smallest HTML page Pagefind indexes as it would index the built page holding ``body``."""
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n<div data-pagefind-body>\n{body}\n</div>\n</body></html>\n'


def _copy(source: Path, target: Path) -> None:
    """Copy a bundle, hard-linking its files when the file system allows (it is never modified in place)."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


class BackgroundIndex:
    """Pagefind on the pages' bodies in a background process (see the module docstring).

    ``start(bodies)`` with ``(output path, body HTML)`` pairs launches it (or
    finds the cached bundle for the same bodies); ``finish(site)`` waits and
    puts the bundle into ``site/pagefind``. ``folder`` is
    ``.thesis-site/search``: ``input/`` (the bodies, while Pagefind reads
    them), ``bundle/`` (the last bundle) and ``bundle.key`` (the digest it was
    built from).
    """

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.language = language
        self.proc: subprocess.Popen[str] | None = None
        self.key = ""
        self.started = False

    @property
    def bundle(self) -> Path:
        return self.folder / "bundle"

    def start(self, bodies: Iterable[tuple[str, str]]) -> None:
        documents = sorted((path, search_document(body)) for path, body in bodies)
        digest = hashlib.sha256(f"{self.language}\0{IGNORED}\0{UNUSED}\0{_pagefind_version()}".encode())
        for path, html in documents:
            digest.update(f"\0{path}\0{html}".encode())
        self.key = digest.hexdigest()
        self.started = True
        key_file = self.folder / "bundle.key"
        if key_file.is_file() and key_file.read_text() == self.key and (self.bundle / "pagefind.js").is_file():
            return  # the same bodies as last time: the bundle stands
        source = self.folder / "input"
        shutil.rmtree(source, ignore_errors=True)
        key_file.unlink(missing_ok=True)
        for path, html in documents:
            target = source / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        fresh = self.folder / "bundle.new"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter running the pinned pagefind package
                _command(source, fresh, self.language), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except OSError as exc:
            raise _failure(None, str(exc)) from exc

    def wait(self) -> None:
        """Wait for Pagefind and keep its bundle in the cache (raises BuildError when it failed)."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            stdout, stderr = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired as exc:
            proc.kill()
            raise _failure(None, "Pagefind took more than 10 minutes") from exc
        fresh = self.folder / "bundle.new"
        _check_and_prune(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), fresh)
        shutil.rmtree(self.bundle, ignore_errors=True)
        fresh.rename(self.bundle)
        (self.folder / "bundle.key").write_text(self.key)
        shutil.rmtree(self.folder / "input", ignore_errors=True)  # read; the digest is what remains of it

    def finish(self, site: Path) -> None:
        """Wait for the index and copy it into ``site/pagefind``."""
        if not self.started:
            raise BuildError("the search index was not started (no page reached MkDocs' template stage)")
        self.wait()
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        _copy(self.bundle, site / BUNDLE)

    def cancel(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def _pagefind_version() -> str:
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # noqa: BLE001 - not installed: Pagefind itself will say so
        return "?"
