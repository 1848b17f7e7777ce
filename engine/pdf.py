"""HTML to PDF with WeasyPrint, for certificates and workshop kits.

WeasyPrint is imported on first use: it is heavy, and `liane check` never needs it. It is
given a URL fetcher that refuses anything but local files, so a printed page never calls
another host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class RemoteResourceRefused(Exception):
    pass


def _local_fetcher() -> Any:
    """WeasyPrint's own fetcher (since version 66 it must be a `URLFetcher`: a bare function
    breaks on the first image) limited to local files and data: URLs. A refused address is
    reported by WeasyPrint as a warning and the resource left out, as a missing file is."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(("file:", "data:")):
                raise RemoteResourceRefused(url)
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=("file", "data"))


def html_to_pdf(html: str, base: Path, stylesheets: list[Path] | None = None) -> bytes:
    """Render `html` (relative links resolved against the folder `base`) to PDF bytes.

    Every PDF is tagged (PDF/UA-1: headings, paragraphs and links in a structure tree) and
    carries the language and title of the page's `<html lang>` and `<title>`, so screen
    readers read it in the right voice.
    """
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(base.resolve()) + "/", url_fetcher=_local_fetcher())
    styles = [CSS(filename=str(path)) for path in stylesheets or []]
    return bytes(document.write_pdf(stylesheets=styles, pdf_variant="pdf/ua-1"))
