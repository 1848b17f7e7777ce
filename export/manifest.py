"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th Edition, built with lxml.

The two standards differ through one small `Standard` record (namespaces, schema files,
versions); the building code is shared. Rules from real LMSs (shared/lms-quirks.md): always
<schema>ADL SCORM</schema> and <schemaversion>, the SCO's resource first, relative paths
only, every file listed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from engine.course_facts import iso_duration, licence_name, licence_url
from engine.model import Course, Quiz

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Standard:
    name: str  # scorm12 | scorm2004
    version: str  # <schemaversion>
    cp: str  # content packaging namespace
    adlcp: str
    schema_files: dict[str, str]  # namespace -> schema file at the package root
    lom: str  # metadata namespace
    scorm_type_attr: str  # scormtype (1.2) / scormType (2004)


SCORM12 = Standard(
    name="scorm12",
    version="1.2",
    cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    schema_files={
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    },
    lom="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    scorm_type_attr="scormtype",
)
SCORM2004 = Standard(
    name="scorm2004",
    version="2004 4th Edition",
    cp="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp="http://www.adlnet.org/xsd/adlcp_v1p3",
    schema_files={
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/LOM": "lom.xsd",
    },
    lom="http://ltsc.ieee.org/xsd/LOM",
    scorm_type_attr="scormType",
)
STANDARDS = {"scorm12": SCORM12, "scorm2004": SCORM2004}
IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"


@dataclass(frozen=True)
class Sco:
    """One SCO of the package: its launch page, title, files and pass threshold."""

    identifier: str
    title: str
    href: str
    files: tuple[str, ...]
    mastery: float | None  # share 0..1 the learner needs, from the quizzes' pass marks


def mastery_of(quizzes: tuple[Quiz, ...] | list[Quiz]) -> float | None:
    """The lowest pass mark of the graded quizzes: a learner who passes every quiz has at
    least that course score, so the LMS's own check never contradicts ours."""
    marks = [q.pass_mark for q in quizzes if q.graded]
    return min(marks) if marks else None


def build_manifest(
    course: Course, standard: Standard, scos: list[Sco], shared_files: tuple[str, ...]
) -> bytes:
    ns = {None: standard.cp, "adlcp": standard.adlcp, "xsi": XSI}
    if standard is SCORM12:
        ns["imsmd"] = standard.lom
    else:
        ns.update({"adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS})
    root = etree.Element(
        _q(standard.cp, "manifest"),
        nsmap=ns,
        identifier=f"liane-{course.id}-{course.version}",
        version=course.version,
    )
    root.set(
        _q(XSI, "schemaLocation"),
        " ".join(f"{ns_} {file}" for ns_, file in standard.schema_files.items()),
    )
    _metadata(root, course, standard)
    organizations = etree.SubElement(root, _q(standard.cp, "organizations"), default="org")
    organization = etree.SubElement(
        organizations, _q(standard.cp, "organization"), identifier="org"
    )
    if standard is SCORM2004:
        organization.set(_q(ADLSEQ, "objectivesGlobalToSystem"), "false")
    _text(organization, standard.cp, "title", course.title)
    for sco in scos:
        _item(organization, standard, sco)
    if standard is SCORM2004 and len(scos) > 1:
        # Simple flow: the LMS menu lets learners pick any module and go on to the next.
        sequencing = etree.SubElement(organization, _q(IMSSS, "sequencing"))
        etree.SubElement(sequencing, _q(IMSSS, "controlMode"), choice="true", flow="true")
    resources = etree.SubElement(root, _q(standard.cp, "resources"))
    # Each SCO's resource first: some LMSs launch the first resource with an href.
    for sco in scos:
        resource = etree.SubElement(
            resources,
            _q(standard.cp, "resource"),
            identifier=f"res-{sco.identifier}",
            type="webcontent",
            href=sco.href,
        )
        resource.set(_q(standard.adlcp, standard.scorm_type_attr), "sco")
        for path in sorted({sco.href, *sco.files}):
            etree.SubElement(resource, _q(standard.cp, "file"), href=_safe(path))
        etree.SubElement(resource, _q(standard.cp, "dependency"), identifierref="res-shared")
    shared = etree.SubElement(
        resources, _q(standard.cp, "resource"), identifier="res-shared", type="webcontent"
    )
    shared.set(_q(standard.adlcp, standard.scorm_type_attr), "asset")
    for path in sorted(shared_files):
        etree.SubElement(shared, _q(standard.cp, "file"), href=_safe(path))
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml


def _item(organization: etree._Element, standard: Standard, sco: Sco) -> None:
    item = etree.SubElement(
        organization,
        _q(standard.cp, "item"),
        identifier=f"item-{sco.identifier}",
        identifierref=f"res-{sco.identifier}",
        isvisible="true",
    )
    _text(item, standard.cp, "title", sco.title)
    if standard is SCORM12:
        if sco.mastery is not None:
            # Rounded down: a passed course's score is never below it (0.746 gives 74).
            _text(item, standard.adlcp, "masteryscore", str(math.floor(sco.mastery * 100 + 1e-9)))
        return
    etree.SubElement(
        item,
        _q(standard.adlcp, "completionThreshold"),
        completedByMeasure="false",
        minProgressMeasure="1.0",
    )
    if sco.mastery is not None:
        sequencing = etree.SubElement(item, _q(IMSSS, "sequencing"))
        objectives = etree.SubElement(sequencing, _q(IMSSS, "objectives"))
        primary = etree.SubElement(
            objectives,
            _q(IMSSS, "primaryObjective"),
            objectiveID="course-passed",
            satisfiedByMeasure="true",
        )
        _text(primary, IMSSS, "minNormalizedMeasure", f"{sco.mastery:g}")


def _metadata(root: etree._Element, course: Course, standard: Standard) -> None:
    metadata = etree.SubElement(root, _q(standard.cp, "metadata"))
    _text(metadata, standard.cp, "schema", "ADL SCORM")
    _text(metadata, standard.cp, "schemaversion", standard.version)
    # LOM inline: IMS MD 1.2.1 for SCORM 1.2 (prefixed), IEEE LOM for 2004 (default ns).
    nsmap = {None: standard.lom} if standard is SCORM2004 else None
    lom = etree.SubElement(metadata, _q(standard.lom, "lom"), nsmap=nsmap)
    general = etree.SubElement(lom, _q(standard.lom, "general"))
    _langstring(general, standard, "title", course.title, course.language)
    _text(general, standard.lom, "language", course.language)
    description = _plain(course.description)
    if description:
        _langstring(general, standard, "description", description, course.language)
    for tag in course.tags:
        _langstring(general, standard, "keyword", tag, course.language)
    lifecycle_tag = "lifecycle" if standard is SCORM12 else "lifeCycle"
    lifecycle = etree.SubElement(lom, _q(standard.lom, lifecycle_tag))
    _langstring(lifecycle, standard, "version", course.version, course.language)
    if course.authors:
        _authors(lifecycle, standard, course.authors)
    if course.duration:
        # An LMS's catalogue shows it as the course's typical learning time.
        educational = etree.SubElement(lom, _q(standard.lom, "educational"))
        tag, child = (
            ("typicallearningtime", "datetime")
            if standard is SCORM12
            else ("typicalLearningTime", "duration")
        )
        time = etree.SubElement(educational, _q(standard.lom, tag))
        _text(time, standard.lom, child, iso_duration(course.duration))
    if course.license:
        _rights(lom, standard, course.license, course.language)


def _authors(lifecycle: etree._Element, standard: Standard, authors: tuple[str, ...]) -> None:
    """The course's authors as LOM contributors with the role "author", each one a vCard
    (the format LOM prescribes) holding their name."""
    contribute = etree.SubElement(lifecycle, _q(standard.lom, "contribute"))
    _vocabulary(contribute, standard, "role", "Author" if standard is SCORM12 else "author")
    for author in authors:
        name = re.sub(r"([\\,;])", r"\\\1", " ".join(author.split()))
        card = f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nN:{name};;;;\nEND:VCARD"
        if standard is SCORM12:
            entity = etree.SubElement(contribute, _q(standard.lom, "centity"))
            _text(entity, standard.lom, "vcard", card)
        else:
            _text(contribute, standard.lom, "entity", card)


def _rights(lom: etree._Element, standard: Standard, licence: str, language: str) -> None:
    """The licence, as LOM's rights: restrictions apply ("yes": even a free licence sets
    conditions, such as attribution), described by the licence's name and page."""
    rights = etree.SubElement(lom, _q(standard.lom, "rights"))
    tag = (
        "copyrightandotherrestrictions" if standard is SCORM12 else "copyrightAndOtherRestrictions"
    )
    _vocabulary(rights, standard, tag, "yes")
    url = licence_url(licence)
    text = f"{licence_name(licence)} ({url})" if url else licence_name(licence)
    _langstring(rights, standard, "description", text, language)


def _vocabulary(parent: etree._Element, standard: Standard, tag: str, value: str) -> None:
    """A LOM vocabulary element: its source (LOMv1.0) and value; IMS MD 1.2 writes both as
    language strings of no language (x-none)."""
    element = etree.SubElement(parent, _q(standard.lom, tag))
    for child, text in (("source", "LOMv1.0"), ("value", value)):
        if standard is SCORM12:
            _langstring(element, standard, child, text, "x-none")
        else:
            _text(element, standard.lom, child, text)


def _langstring(
    parent: etree._Element, standard: Standard, tag: str, text: str, language: str
) -> None:
    element = etree.SubElement(parent, _q(standard.lom, tag))
    child = "langstring" if standard is SCORM12 else "string"
    string = etree.SubElement(element, _q(standard.lom, child))
    string.set(_q(XML_NS, "lang") if standard is SCORM12 else "language", language)
    string.text = text


def _text(parent: etree._Element, namespace: str, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _q(namespace, tag))
    element.text = text
    return element


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _plain(html: str) -> str:
    """The text of rendered HTML, on one line: metadata holds no markup."""
    if not html:
        return ""
    return " ".join(str(etree.HTML(f"<div>{html}</div>").xpath("string()")).split())


def _safe(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise ValueError(f"unsafe path in package: {path}")
    return path
