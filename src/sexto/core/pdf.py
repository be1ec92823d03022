"""PDF rendering with WeasyPrint, for every document Sexto prints (packet, attestation).

Documents embed everything they show: any URL is refused, never fetched. WeasyPrint is imported
on first use, so start-up does not pay for it.
"""

from __future__ import annotations

from typing import Any


def pdf_from_html(html: str, *, document: str) -> bytes:
    """`html` as PDF bytes (no base URL, no network); `document` names it in refusals."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetchingError

    class NoNetwork(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise URLFetchingError(f"external resources are not allowed in the {document}: {url}")

    pdf = HTML(string=html, base_url=None, url_fetcher=NoNetwork()).write_pdf()
    assert pdf is not None
    return bytes(pdf)
