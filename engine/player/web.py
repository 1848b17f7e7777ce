"""Templates, error pages and the small helpers every page uses."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException

from engine.numbers import format_points
from engine.templating import TEMPLATES as CONTENT_TEMPLATES
from engine.templating import configure

PLAYER_TEMPLATES = Path(__file__).parent / "templates"


def init_app(app: Flask) -> None:
    # The content partials come from the engine, so the player and the exports share them.
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(PLAYER_TEMPLATES), FileSystemLoader(CONTENT_TEMPLATES)]
    )
    configure(app.jinja_env)
    app.jinja_env.filters["minutes"] = minutes
    app.jinja_env.filters["points"] = lambda value: format_points(value or 0, str(get_locale()))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.context_processor(_globals)
    app.url_defaults(_versioned_static)
    app.after_request(_cache_versioned_static)
    app.after_request(_personal_pages_not_stored)
    app.add_url_rule("/favicon.ico", "favicon", _favicon)
    if app.config["COMPRESS"]:
        _compress(app)


# Text compresses to a third or less: on a 400 kbit/s link a lesson then arrives in about
# a second instead of three. Small organisations run gunicorn without a proxy, so the app
# compresses itself; behind nginx or Caddy, LIANE_COMPRESS=false lets the proxy do it.
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "text/csv",
    "application/json",
]


def _compress(app: Flask) -> None:
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])  # gzip for old browsers
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
    app.after_request(_static_file_in_memory)  # runs before Compress's (reverse order)


def _static_file_in_memory(response: Response) -> Response:
    """Static files are sent as streams, which Flask-Compress would compress chunk by chunk
    without closing the file: read them (a few KB, and browsers keep them a year) so they
    are compressed whole and the file is closed at once."""
    if request.endpoint == "static" and response.is_streamed and response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
    return response


# Pages about a person (results, certificates, the dashboard and its CSV files, one's
# account) are never kept by the browser or a proxy: on a shared office PC the next person
# must not find them in the cache or the history.
PERSONAL_ENDPOINTS = (
    "admin.",
    "quiz.results",
    "certificates.download",
    "auth.account",
    "auth.invitation",  # a link's page names its account
    "auth.reset_password",
)


def _favicon() -> Response:
    """Pages link static/favicon.svg; browsers that ask /favicon.ico anyway get it too,
    instead of a 404 on every first visit."""
    return send_from_directory(
        str(current_app.static_folder),
        "favicon.svg",
        mimetype="image/svg+xml",
        max_age=7 * 24 * 3600,
    )


def _personal_pages_not_stored(response: Response) -> Response:
    if request.endpoint and request.endpoint.startswith(PERSONAL_ENDPOINTS):
        response.cache_control.no_store = True
    return response


# Pages link `/static/liane.css?v=<digest of the file>`: browsers keep such a file a year, so
# on a slow connection a page costs one request, not four; a changed file gets a new address.
STATIC_MAX_AGE = 365 * 24 * 3600


def _versioned_static(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        values["v"] = static_version(values["filename"])


def static_version(filename: str) -> str:
    path = os.path.join(str(current_app.static_folder), filename)
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return _digest(path, stat.st_mtime_ns, stat.st_size)  # a new digest when the file changes


@lru_cache(maxsize=64)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


def _cache_versioned_static(response: Response) -> Response:
    version = request.args.get("v")
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and version
        and version == static_version(str((request.view_args or {}).get("filename")))
    ):
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
        response.cache_control.no_cache = None
        response.cache_control.immutable = True
    return response


def minutes(seconds: int | float | None) -> str:
    total = int(seconds or 0) // 60
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def _globals() -> dict[str, Any]:
    from flask import current_app

    return {
        "languages": current_app.config["LANGUAGES"],
        "self_registration": current_app.config["SELF_REGISTRATION"],
        "get_locale": get_locale,
    }


def _http_error(error: HTTPException) -> tuple[str, int]:
    messages = {
        403: _("You cannot open this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many tries. Wait a minute, then try again."),
    }
    code = error.code or 500
    text = messages.get(code, _("Something went wrong. Try again in a moment."))
    return render_template("error.html", code=code, message=text), code


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    message = _(
        "The form expired. Go back, reload the page and send it again: "
        "what you typed is kept in the saved attempt if you had saved it."
    )
    return render_template("error.html", code=400, message=message, back=request.referrer), 400
