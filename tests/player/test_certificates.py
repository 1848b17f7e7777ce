"""Certificates: issued on completion, as a PDF stating the active time, checkable publicly."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.quiz import complete_demo


def test_no_certificate_before_completion(learner: FlaskClient) -> None:
    assert learner.get("/certificates/demo.pdf").status_code == 404


def test_certificate_pdf_and_public_check(app: Flask, learner: FlaskClient, tmp_path: Path) -> None:
    complete_demo(learner)
    outline = learner.get("/learn/demo/").get_data(as_text=True)
    assert 'href="/certificates/demo.pdf"' in outline
    response = learner.get("/certificates/demo.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)  # one landscape page
    assert "Awa Diallo" in text
    assert "Cours de démonstration" in text
    assert "100 %" in text
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    assert code is not None
    # Downloading again gives the same certificate, with the same code.
    pdf.write_bytes(learner.get("/certificates/demo.pdf").data)
    assert (
        code.group(0)
        in subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    # Anyone can check the code, signed in or not.
    anonymous = app.test_client()
    page = anonymous.get(f"/verify?code={code.group(0).lower()}").get_data(as_text=True)
    assert "Awa Diallo" in page and "Cours de démonstration (2.0)" in page
    page = anonymous.get("/verify?code=ABCD-EFGH-JKLM").get_data(as_text=True)
    assert "Awa Diallo" not in page


def test_the_certificate_is_a_tagged_pdf_in_the_learners_language_with_a_link(
    database_url: str, make_user: Any, tmp_path: Path
) -> None:
    """Screen readers need the structure tree and the language; the verification address
    is a link; the title reads as words (no letter-spacing splitting it)."""
    import io

    from pypdf import PdfReader

    from tests.helpers.player import make_app, sign_in

    app = make_app(database_url, BASE_URL="https://formation.example.org")
    make_user()
    client = app.test_client()
    sign_in(client, "awa@example.org")
    complete_demo(client)
    data = client.get("/certificates/demo.pdf").data
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata is not None and reader.metadata.title == "Certificat"
    links = [
        annotation.get_object()["/A"]["/URI"] for annotation in reader.pages[0].get("/Annots", [])
    ]
    assert len(links) == 1
    assert re.fullmatch(r"https://formation\.example\.org/verify\?code=[A-Z2-9-]{14}", links[0])
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.startswith("CERTIFICAT DE FORMATION\n")
