"""One HTTP server in a thread for the browser tests: the player (a Flask app) or a folder
of static files (the exported packages and the LMS harness), on 127.0.0.1 at a free port.

    with serve(app) as server:            # or: server = serve_folder(root).start() ... close()
        page.goto(server.url + "/login")
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.exceptions import NotFound
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class LiveServer:
    """A WSGI application served from a thread (werkzeug's server, one thread per request);
    `url` is its address, `root` the folder it serves (for serve_folder). start() or `with`
    starts it; close() (or leaving the `with`) stops it and frees the socket."""

    def __init__(self, app: WSGIApplication, root: Path | None = None) -> None:
        self.app = app
        self.root = root
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(app: WSGIApplication) -> LiveServer:
    """The player (or any WSGI app), to start with `with serve(app) as server:`."""
    return LiveServer(app)


def serve_folder(root: Path) -> LiveServer:
    """The files under `root` at the same paths (404 for anything else), without caching
    headers, as a plain static web server; to start with `with` or start()."""
    files = SharedDataMiddleware(NotFound(), {"/": str(root)}, cache=False)
    return LiveServer(files, root)
