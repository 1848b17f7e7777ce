"""The packages' imsmanifest.xml carries the course's licence, authors and duration as LOM
metadata (what an LMS's catalogue shows), valid against the SCORM 1.2 and 2004 XSDs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from engine.model import Course
from export.scorm import ScormOptions, export_scorm
from export.validate import manifest_errors
from tests.helpers.courses import bundled_course

LOM = {
    "scorm12": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    "scorm2004": "http://ltsc.ieee.org/xsd/LOM",
}


def manifest(course: Course, standard: str) -> bytes:
    package = export_scorm(course, ScormOptions(standard=standard))
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("imsmanifest.xml")


def texts(xml: bytes, standard: str, path: str) -> list[str]:
    """The text of every element at `path` (m: is the standard's LOM namespace)."""
    found = etree.fromstring(xml).xpath(path, namespaces={"m": LOM[standard]})
    return [str(element.text) for element in found]


def test_licence_authors_and_duration_in_scorm12() -> None:
    course = replace(bundled_course("genre-bases"), authors=("Lianes coopération", "Awa, Diallo"))
    xml = manifest(course, "scorm12")
    assert manifest_errors(xml, "scorm12") == []
    rights = "//m:lom/m:rights"
    assert texts(
        xml, "scorm12", f"{rights}/m:copyrightandotherrestrictions/m:source/m:langstring"
    ) == ["LOMv1.0"]
    assert texts(
        xml, "scorm12", f"{rights}/m:copyrightandotherrestrictions/m:value/m:langstring"
    ) == ["yes"]
    assert texts(xml, "scorm12", f"{rights}/m:description/m:langstring[@xml:lang='fr']") == [
        "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    ]
    contribute = "//m:lom/m:lifecycle/m:contribute"
    assert texts(xml, "scorm12", f"{contribute}/m:role/m:value/m:langstring") == ["Author"]
    assert texts(xml, "scorm12", f"{contribute}/m:centity/m:vcard") == [
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lianes coopération\nN:Lianes coopération;;;;\nEND:VCARD",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Awa\\, Diallo\nN:Awa\\, Diallo;;;;\nEND:VCARD",
    ]
    assert texts(xml, "scorm12", "//m:lom/m:educational/m:typicallearningtime/m:datetime") == [
        "PT3H"
    ]


def test_licence_authors_and_duration_in_scorm2004() -> None:
    course = replace(bundled_course("genre-bases"), duration=90)
    xml = manifest(course, "scorm2004")
    assert manifest_errors(xml, "scorm2004") == []
    rights = "//m:lom/m:rights"
    assert texts(xml, "scorm2004", f"{rights}/m:copyrightAndOtherRestrictions/m:value") == ["yes"]
    assert texts(xml, "scorm2004", f"{rights}/m:description/m:string[@language='fr']") == [
        "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    ]
    contribute = "//m:lom/m:lifeCycle/m:contribute"
    assert texts(xml, "scorm2004", f"{contribute}/m:role/m:source") == ["LOMv1.0"]
    assert texts(xml, "scorm2004", f"{contribute}/m:role/m:value") == ["author"]
    assert texts(xml, "scorm2004", f"{contribute}/m:entity") == [
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lianes coopération\nN:Lianes coopération;;;;\nEND:VCARD"
    ]
    assert texts(xml, "scorm2004", "//m:lom/m:educational/m:typicalLearningTime/m:duration") == [
        "PT1H30M"
    ]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_no_empty_metadata_when_the_author_wrote_none(standard: str) -> None:
    course = replace(bundled_course("genre-bases"), authors=(), license="", duration=None)
    xml = manifest(course, standard)
    assert manifest_errors(xml, standard) == []
    for tag in ("rights", "contribute", "educational"):
        assert texts(xml, standard, f"//m:{tag}") == []


def test_another_licence_is_written_as_the_author_wrote_it() -> None:
    course = replace(bundled_course("genre-bases"), license="Tous droits réservés")
    xml = manifest(course, "scorm2004")
    assert texts(xml, "scorm2004", "//m:rights/m:description/m:string") == ["Tous droits réservés"]
