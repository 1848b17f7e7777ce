"""The learning player: a Flask application over the engine's course model.

    gunicorn "engine.player:create_app()"

Configuration comes from defaults, then `instance/config.py`, then `LIANE_*` environment
variables (e.g. LIANE_DATABASE_URL, LIANE_SECRET_KEY, LIANE_COURSES_DIR).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from engine.paths import STATIC
from engine.player import (
    admin,
    auth,
    catalog,
    certificates,
    db,
    group_pages,
    learn,
    live_pages,
    live_reports,
    live_screen,
    quiz,
    security,
    web,
)
from engine.player.config import defaults
from engine.player.courses import load_courses


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # The instance folder (instance/config.py, the SQLite database, the logo) is Flask's
    # choice unless LIANE_INSTANCE_PATH names one: installed from a wheel, Flask's is inside
    # the virtualenv (<venv>/var/engine.player-instance).
    instance = os.environ.get("LIANE_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance) if instance else None,
        instance_relative_config=True,
        static_folder=str(STATIC),
        static_url_path="/static",
    )
    # The default SQLite database lies there: SQLite creates the file, not its folder.
    with contextlib.suppress(OSError):
        os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("LIANE")
    else:
        app.config.from_mapping(test_config)

    if app.config["PROXY_COUNT"]:
        # Behind nginx or a load balancer: the learner's address, not the proxy's, for the
        # sign-in limits and HTTPS for secure cookies.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
    db.init_app(app)
    web.init_app(app)  # templates first: Babel then installs its gettext into them
    security.init_app(app)
    load_courses(app)
    for blueprint in (
        auth.bp,
        catalog.bp,
        learn.bp,
        quiz.bp,
        certificates.bp,
        admin.bp,
        group_pages.bp,
        group_pages.join_bp,
        live_pages.bp,
        live_reports.bp,
        live_screen.bp,
    ):
        app.register_blueprint(blueprint)
    return app
