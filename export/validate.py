"""Validating an imsmanifest.xml against the official SCORM XSDs, offline.

The XSDs are vendored unchanged in export/schemas/ (see SOURCES.md). A small wrapper schema
imports every namespace a manifest uses, so the extensions (adlcp, imsss, LOM...) are checked
too, not skipped as foreign elements. Two published SCORM 1.2 files are refused by libxml2
as they are; they are patched in memory only, as SOURCES.md explains.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"

IMPORTS = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "scorm12/imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "scorm12/adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "scorm12/imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "scorm2004/imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "scorm2004/adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "scorm2004/adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "scorm2004/adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "scorm2004/imsss_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/LOM": "scorm2004/lom.xsd",
    },
}


class _Resolver(etree.Resolver):
    """Serve schemas from export/schemas: no network, and the 1.2 fixes in memory."""

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        name = url.rsplit("/", 1)[-1]
        if url == "http://www.w3.org/2001/xml.xsd" or url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "scorm2004" / "xml.xsd"), context)
        if name == "ims_xml.xsd":
            text = (SCHEMAS / "scorm12" / "ims_xml.xsd").read_text(encoding="utf-8")
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
            return self.resolve_string(text, context)
        if name == "imsmd_rootv1p2p1.xsd":
            text = (SCHEMAS / "scorm12" / name).read_text(encoding="utf-8")
            return self.resolve_string(
                text.replace('namespace="##any"', 'namespace="##other"'), context
            )
        return None


@lru_cache(maxsize=2)
def schema(standard: str) -> etree.XMLSchema:
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / path).as_uri()}"/>'
        for ns, path in IMPORTS[standard].items()
    )
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'elementFormDefault="qualified">{imports}</xs:schema>'
    )
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Resolver())
    return etree.XMLSchema(
        etree.fromstring(wrapper.encode(), parser, base_url=(SCHEMAS / "wrapper.xsd").as_uri())
    )


def manifest_errors(xml: bytes, standard: str) -> list[str]:
    """Every way the manifest breaks the standard's XSDs (empty when valid)."""
    validator = schema(standard)
    document = etree.fromstring(xml, etree.XMLParser(no_network=True))
    if validator.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]
