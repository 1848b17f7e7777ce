"""The certificate ends with the organisation that issues it (LIANE_ORGANISATION_NAME and a
logo file of the instance folder, embedded), never with "Liane", and states the course's
planned duration beside the active time. Read back from the PDF with pdftotext."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from tests.helpers.player import make_app, post_form, sign_in
from tests.helpers.quiz import complete_demo


def poppler(tool: str, data: bytes, tmp_path: Path, *options: str) -> str:
    """The output of a poppler-utils tool (pdftotext, pdfimages, pdfinfo) on the PDF."""
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    command = [tool, *options, str(pdf)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def lines_of(data: bytes, tmp_path: Path) -> list[str]:
    """The PDF's lines of text in reading order, empty ones left out."""
    text = poppler("pdftotext", data, tmp_path)
    return [line for line in text.splitlines() if line.strip() and line != "\f"]


def images_of(data: bytes, tmp_path: Path) -> list[str]:
    """pdfimages -list rows: one per image drawn in the PDF."""
    return poppler("pdfimages", data, tmp_path, "-list").splitlines()[2:]


def figures(data: bytes) -> list[str]:
    """The alternative text of each figure of the PDF's structure tree (its images)."""
    import io

    from pypdf import PdfReader

    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return found


def learner_in(database_url: str, language: str, **config: Any) -> tuple[Flask, FlaskClient]:
    app = make_app(database_url, **config)
    client = app.test_client()
    sign_in(client, "awa@example.org")
    post_form(client, "/language", {"language": language, "next": "/"}, page="/")
    return app, client


@pytest.mark.parametrize(
    ("language", "active", "planned", "logo"),
    [
        ("fr", "Temps actif en formation", "Durée prévue", "Logo de Lianes coopération"),
        ("en", "Active time spent", "Planned duration", "Logo of Lianes coopération"),
    ],
)
def test_the_certificate_ends_with_the_organisation_and_its_logo(
    app: Flask,
    make_user: Callable[..., Any],
    database_url: str,
    tmp_path: Path,
    language: str,
    active: str,
    planned: str,
    logo: str,
) -> None:
    make_user()
    Image.new("RGB", (120, 40), "#7a2e5c").save(tmp_path / "logo.png")
    served, client = learner_in(database_url, language, ORGANISATION_NAME="Lianes coopération")
    served.instance_path = str(tmp_path)  # so instance/logo.png is tmp_path/logo.png
    complete_demo(client)
    data = client.get("/certificates/demo.pdf").data
    lines = lines_of(data, tmp_path)
    assert lines[-1] == "Lianes coopération"
    assert not any("Liane" in line for line in lines[:-1])
    # The facts, labels then values: the planned duration beside the active time.
    date = lines.index("Date")
    assert lines[date : date + 4] == ["Date", active, planned, "Score"]
    assert lines[date + 5 : date + 8] == ["0 min", "20 min", "100 %"]  # demo's `duration: 20`
    assert len(images_of(data, tmp_path)) == 1  # the logo, embedded
    assert figures(data) == [logo]  # with its text for screen readers (PDF/UA)
    info = poppler("pdfinfo", data, tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)  # still one page
    assert re.search(r"^Author:\s+Lianes coopération$", info, re.MULTILINE)


def test_a_logo_named_in_the_configuration(
    app: Flask,
    make_user: Callable[..., Any],
    database_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_user()
    logo = tmp_path / "marque.svg"
    # An SVG that names another host: drawn without it (engine.pdf fetches nothing remote).
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
        '<rect width="60" height="20" fill="#7a2e5c"/>'
        '<image href="https://example.org/tracker.png" width="1" height="1"/></svg>',
        encoding="utf-8",
    )
    _served, client = learner_in(database_url, "en", ORGANISATION_LOGO=str(logo))
    complete_demo(client)
    data = client.get("/certificates/demo.pdf").data
    lines = lines_of(data, tmp_path)
    assert lines[-2] == "Certificate code"  # no name configured: the code ends it
    assert figures(data) == ["Logo"]  # drawn, with its text for screen readers (PDF/UA)
    assert "RemoteResourceRefused: https://example.org/tracker.png" in caplog.text


def test_without_configuration_no_issuer_and_no_liane(learner: FlaskClient, tmp_path: Path) -> None:
    complete_demo(learner)
    data = learner.get("/certificates/demo.pdf").data
    lines = lines_of(data, tmp_path)
    assert lines[-2] == "Code du certificat"  # its code ends it
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", lines[-1])
    assert not any("Liane" in line for line in lines)
    assert images_of(data, tmp_path) == []
