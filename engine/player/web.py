"""Templates, error pages and the small helpers every page uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException

from engine.templating import TEMPLATES as CONTENT_TEMPLATES
from engine.templating import configure

PLAYER_TEMPLATES = Path(__file__).parent / "templates"


def init_app(app: Flask) -> None:
    # The content partials come from the engine, so the player and the exports share them.
    app.jinja_loader = ChoiceLoader([FileSystemLoader(PLAYER_TEMPLATES),
                                     FileSystemLoader(CONTENT_TEMPLATES)])
    configure(app.jinja_env)
    app.jinja_env.filters["minutes"] = minutes
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.context_processor(_globals)


def minutes(seconds: int | float | None) -> str:
    total = int(seconds or 0) // 60
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def _globals() -> dict[str, Any]:
    from flask import current_app

    return {"languages": current_app.config["LANGUAGES"],
            "self_registration": current_app.config["SELF_REGISTRATION"],
            "get_locale": get_locale}


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
    message = _("The form expired. Go back, reload the page and send it again: "
                "what you typed is kept in the saved attempt if you had saved it.")
    return render_template("error.html", code=400, message=message,
                           back=request.referrer), 400
