"""Live preview: rebuild when content, bibliography, templates or mkdocs.yml change; reload the browser.

The preview serves ``DIR/site`` on 127.0.0.1 and injects, only in served
responses (never in the built files), a small script that asks the preview
for its state every 250 ms: after a successful rebuild it reloads the page;
after a failed one it shows the build's ``path:line: message`` lines over
the page, which stays the last good site (the overlay goes away with the
next good build, which reloads the page).

Editors save in many ways, and the file system reports each differently:
writing in place (modified), writing a temporary file and renaming it over
the original (vim, ``sed -i``, Python's ``os.replace``, most IDEs: a move
whose *destination* is the source file), renaming the original to a backup
first (vim's ``backupcopy=no``: a move away, then a created file), moving a
file in from elsewhere (created), deleting one. Every event is judged by all
the paths it names, and a burst of events is one rebuild once the folder has
been quiet for ``QUIET`` seconds.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import build_project
from .errors import BuildError, ContentError
from .i18n import DEFAULT_LANGUAGE, available, catalog, primary
from .output.write import BUILD_DIR, SITE_DIR
from .source.corpus import CONTENT
from .source.models import IMAGE_TYPES
from .source.resources import default_templates, package_path

STATE_URL = "/__thesis_site_state"
POLL_MS = 250
QUIET = 0.12  # seconds without a new event before a burst of events (one save) is rebuilt
WATCHED_SUFFIXES = (".yml", ".yaml", ".bib", ".j2", ".css", ".js", ".html", ".xml", *(f".{t}" for t in IMAGE_TYPES))
IGNORED_EVENTS = ("opened", "closed_no_write")  # reading a file changes nothing


def client_script() -> bytes:
    """The script added to every served page (``preview.js``, package data)."""
    source = (package_path("generator") / "preview.js").read_text(encoding="utf-8")
    source = source.replace("__STATE_URL__", STATE_URL).replace("__POLL_MS__", str(POLL_MS))
    return f"<script>{source}</script>".encode()


@dataclass
class State:
    """What the watcher's builds produced, shared with the HTTP handler: a counter of good builds, the
    problems of the last build when it failed (empty after a good one) and the language to speak in."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        t = catalog(self.language)
        with self.lock:
            data = {"version": self.version, "errors": list(self.errors)}
        data.update(title=t("live_preview.failed", n=len(data["errors"])), note=t("live_preview.kept"))
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


def rebuild(root: Path, state: State) -> None:
    """Build once; report like the CLI does, and to the open pages through ``state``."""
    start = time.perf_counter()
    try:
        result = build_project(root, defer_search=True)
    except ContentError as exc:
        lines = [str(problem) for problem in exc.problems]
        fail(state, lines)
        return
    except BuildError as exc:
        fail(state, [f"build failed: {exc}"])
        return
    with state.lock:
        state.version += 1
        state.errors = []
        state.language = result.language
    print(
        f"rebuilt {result.pages} pages in {time.perf_counter() - start:.2f}s ({len(result.written)} files changed)",
        flush=True,
    )
    if result.pending_search is not None:  # the edited page is served already; the search index follows
        try:
            result.pending_search()
        except BuildError as exc:
            print(f"search index not updated: {exc}", file=sys.stderr, flush=True)


def fail(state: State, lines: list[str]) -> None:
    """A failed build: print its problems, show them in the open pages, keep serving the last good site."""
    for line in lines:
        print(line, file=sys.stderr)
    print("build failed; still serving the previous site", file=sys.stderr, flush=True)
    with state.lock:
        state.errors = lines


def project_language(root: Path) -> str:
    """The language ``content/thesis.yml`` asks for, read leniently (before any good build), else the default."""
    try:
        data = yaml.safe_load((root / CONTENT / "thesis.yml").read_text(encoding="utf-8"))
        language = primary(str(data.get("language", DEFAULT_LANGUAGE)))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return DEFAULT_LANGUAGE
    return language if language in available() else DEFAULT_LANGUAGE


def is_source(root: Path, path: Path, directory: bool = False) -> bool:
    """Whether a change to ``path`` can change the site (not the build output, whatever the project's own path).

    A folder counts (one moved in or out holds files that do); a file only with a suffix the build reads.
    """
    if not directory and not path.name.endswith(WATCHED_SUFFIXES):
        return False
    try:
        first = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return not directory  # the tool's own templates, watched outside the project (a file of them)
    return first not in (BUILD_DIR, SITE_DIR) and not first.startswith((f".{SITE_DIR}-old-", "."))


def event_paths(event: FileSystemEvent) -> list[Path]:
    """Every path an event names: a move names where the file was and where it is now."""
    paths = [Path(str(event.src_path))]
    if getattr(event, "dest_path", ""):
        paths.append(Path(str(event.dest_path)))
    return paths


class Watcher(FileSystemEventHandler):
    """Marks the project dirty on relevant changes; one worker thread rebuilds after a quiet spell, one at a time."""

    def __init__(self, root: Path, state: State):
        self.root = root
        self.state = state
        self.dirty = threading.Event()
        self.last_event = 0.0
        threading.Thread(target=self._work, daemon=True).start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS:
            return
        if any(is_source(self.root, path, event.is_directory) for path in event_paths(event)):
            self.last_event = time.monotonic()
            self.dirty.set()

    def _work(self) -> None:
        while True:
            self.dirty.wait()
            while time.monotonic() - self.last_event < QUIET:  # a save is often several events: wait for the last
                time.sleep(QUIET / 4)
            self.dirty.clear()
            rebuild(self.root, self.state)


def handler_class(site: Path, state: State) -> type[SimpleHTTPRequestHandler]:
    """A static file handler for ``site`` that adds the client script to HTML pages."""
    script = client_script()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

        def send_body(self, body: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == STATE_URL:
                self.send_body(state.as_json(), "application/json; charset=utf-8")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", script + b"</body>")
                self.send_body(body, "text/html; charset=utf-8")
                return
            if not site.is_dir():  # no good build yet: a page that shows why (and reloads after the first one)
                page = b"<!doctype html><html><head><meta charset='utf-8'></head><body>" + script + b"</body></html>"
                self.send_body(page, "text/html; charset=utf-8", 503)
                return
            super().do_GET()  # other files, and the redirect of a folder URL to its slash form

    return Handler


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build, then serve and rebuild on change until interrupted."""
    state = State(language=project_language(root))
    rebuild(root, state)
    observer = Observer()
    watcher = Watcher(root, state)
    for path in (root / "content", root / "site_templates", default_templates()):
        if path.is_dir():
            observer.schedule(watcher, str(path), recursive=True)
    observer.schedule(watcher, str(root), recursive=False)  # bibliography.bib, mkdocs.yml, a content/ moved in
    observer.start()
    server = ThreadingHTTPServer((host, port), functools.partial(handler_class(root / SITE_DIR, state)))
    print(f"serving {root / SITE_DIR} on http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join()
        server.server_close()
    return 0
