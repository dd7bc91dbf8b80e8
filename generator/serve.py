"""Live preview: rebuild when content, bibliography, templates or mkdocs.yml change; reload the browser.

The preview serves ``DIR/site`` on 127.0.0.1 and injects, only in served
responses (never in the built files), a tiny script that reloads the page
after each successful rebuild. A failed rebuild prints its errors and keeps
serving the previous site.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import build_project
from .errors import BuildError, ContentError
from .models import IMAGE_TYPES
from .resources import default_templates
from .write import BUILD_DIR, SITE_DIR

RELOAD_SCRIPT = (
    b"<script>(function(){var v=null;setInterval(function(){fetch('/__thesis_site_version')"
    b".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t})"
    b".catch(function(){})},300)})();</script>"
)
DEBOUNCE = 0.1
WATCHED_SUFFIXES = (".yml", ".yaml", ".bib", ".j2", ".css", ".js", ".html", ".xml", *(f".{t}" for t in IMAGE_TYPES))


class State:
    """Build counter shared by the watcher and the HTTP handler."""

    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()


def rebuild(root: Path, state: State) -> None:
    """Build once and report like the CLI does."""
    start = time.perf_counter()
    try:
        result = build_project(root, defer_search=True)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("build failed; still serving the previous site", file=sys.stderr, flush=True)
        return
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return
    with state.lock:
        state.version += 1
    print(
        f"rebuilt {result.pages} pages in {time.perf_counter() - start:.2f}s ({len(result.written)} files changed)",
        flush=True,
    )
    if result.pending_search is not None:  # the edited page is served already; the search index follows
        try:
            result.pending_search()
        except BuildError as exc:
            print(f"search index not updated: {exc}", file=sys.stderr, flush=True)


def is_source(root: Path, path: Path) -> bool:
    """Whether a change to ``path`` can change the site (not the build output, whatever the project's own path)."""
    if not path.name.endswith(WATCHED_SUFFIXES):
        return False
    try:
        first = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return True  # the tool's own templates, watched outside the project
    return first not in (BUILD_DIR, SITE_DIR) and not first.startswith(f".{SITE_DIR}-old-")


class Watcher(FileSystemEventHandler):
    """Marks the project dirty on relevant changes; one worker thread rebuilds, one build at a time."""

    def __init__(self, root: Path, state: State):
        self.root = root
        self.state = state
        self.dirty = threading.Event()
        threading.Thread(target=self._work, daemon=True).start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("opened", "closed_no_write") and is_source(self.root, Path(str(event.src_path))):
            self.dirty.set()

    def _work(self) -> None:
        while True:
            self.dirty.wait()
            time.sleep(DEBOUNCE)  # an editor's save is often several events
            self.dirty.clear()
            rebuild(self.root, self.state)


def handler_class(site: Path, state: State) -> type[SimpleHTTPRequestHandler]:
    """A static file handler for ``site`` that adds the reload script to HTML pages."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

        def send_body(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/__thesis_site_version":
                self.send_body(str(state.version).encode(), "text/plain")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                self.send_body(body, "text/html; charset=utf-8")
                return
            super().do_GET()  # other files, and the redirect of a folder URL to its slash form

    return Handler


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build, then serve and rebuild on change until interrupted."""
    state = State()
    rebuild(root, state)
    observer = Observer()
    watcher = Watcher(root, state)
    for path in (root / "content", root / "site_templates", default_templates()):
        if path.is_dir():
            observer.schedule(watcher, str(path), recursive=True)
    observer.schedule(watcher, str(root), recursive=False)
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
