"""Pages, styles, scripts and CSV files are compressed when the browser accepts it: on a
slow link a lesson arrives in a third of the time. Packages (zip) and PDFs are sent as
they are, and a proxy can take compression over."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import brotli
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.player import make_app, sign_in

GZIP = {"Accept-Encoding": "gzip"}


def test_a_lesson_page_is_sent_gzipped_to_a_browser_that_accepts_it(learner: FlaskClient) -> None:
    plain = learner.get("/learn/demo/intro.html")
    packed = learner.get("/learn/demo/intro.html", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    html = gzip.decompress(packed.data).decode()
    assert (
        html.split('name="csrf-token"')[0]
        == plain.get_data(as_text=True).split('name="csrf-token"')[0]
    )
    assert "<h1" in html
    assert len(packed.data) < len(plain.data) / 2


def test_old_browsers_get_gzip_and_recent_ones_brotli(learner: FlaskClient) -> None:
    both = learner.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert both.headers["Content-Encoding"] == "br"
    assert "<h1>Catalogue</h1>" in brotli.decompress(both.data).decode()


def test_styles_and_scripts_are_compressed_too(learner: FlaskClient) -> None:
    for name in ("liane.css", "player.css", "liane.js"):
        with learner.get(f"/static/{name}", headers={"Accept-Encoding": "br"}) as response:
            assert response.status_code == 200
            assert response.headers["Content-Encoding"] == "br", name
            with learner.get(f"/static/{name}") as plain:
                assert brotli.decompress(response.data) == plain.data


def test_csv_is_compressed_and_packages_are_not(app: Flask, facilitator: FlaskClient) -> None:
    csv = facilitator.get("/admin/report.csv", headers=GZIP)
    assert csv.status_code == 200
    assert csv.headers.get("Content-Encoding") in (None, "gzip")  # tiny files stay as is
    package = facilitator.get("/admin/courses/demo/scorm12.zip", headers=GZIP)
    assert package.status_code == 200
    assert "Content-Encoding" not in package.headers
    assert package.data[:2] == b"PK"


def test_a_proxy_can_take_compression_over(
    database_url: str, make_user: Callable[..., Any]
) -> None:
    app = make_app(database_url, COMPRESS=False)
    make_user()
    client = app.test_client()
    sign_in(client, "awa@example.org")
    assert "Content-Encoding" not in client.get("/learn/demo/intro.html", headers=GZIP).headers
