"""A static server on 127.0.0.1 that gzips text responses, as any real static host does.

Lighthouse measures transfer sizes; Python's http.server never compresses, which
would measure the server rather than the site. Usage: serve_gzip.py SITE_DIR PORT
"""

from __future__ import annotations

import functools
import gzip
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".bib")


class GzipHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # redirect to the slash URL
                return
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in TEXT or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    site, port = sys.argv[1], int(sys.argv[2])
    ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=site)).serve_forever()
