"""The player on a folder of courses a test wrote, with a learner signed in: for tests of what
a course's own files show (its metadata, its lessons' titles, its progress)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.player import PASSWORD, make_app, post_form, sign_in


def learner_on(
    courses: Path, database_url: str, language: str = "fr", **config: Any
) -> tuple[Flask, FlaskClient]:
    """The player on `courses` (its COURSES_DIR), migrated, with Awa Diallo signed in and
    her interface language chosen (`fr` or `en`)."""
    from engine.player.accounts import create_user
    from engine.player.db import upgrade

    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses), **config)
    with app.app_context():
        create_user("awa@example.org", "Awa Diallo", PASSWORD, "learner")
    client = app.test_client()
    sign_in(client, "awa@example.org")
    post_form(client, "/language", {"language": language, "next": "/"}, page="/")
    return app, client
