"""Sign-in, CSRF, rate limits, secure headers and the interface language."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from engine.i18n import LOCALE_DIR

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
babel = Babel()

# No inline script, nothing from another host: every page is self-contained.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; "
       "base-uri 'none'; object-src 'none'")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to open this page.")
    login_manager.login_message_category = "info"
    babel.init_app(app, locale_selector=select_language, default_domain="liane",
                   default_translation_directories=str(LOCALE_DIR))
    app.after_request(_secure_headers)

    @login_manager.user_loader
    def load_user(user_id: str) -> object | None:
        from engine.player.db import session
        from engine.player.models import User

        user = session().get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None


def select_language() -> str | None:
    """The learner's choice, else the browser's preference among the interface languages."""
    from flask import current_app, session

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return str(current_user.language)
    return request.accept_languages.best_match(languages) or languages[0]


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response
