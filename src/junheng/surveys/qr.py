"""QR codes of the survey links, as SVG data URIs for <img> (the CSP allows data: images)."""

from __future__ import annotations

import segno


def qr_data_uri(url: str, scale: int = 3) -> str:
    """The link as a QR code (error correction M: a printed sheet survives a crease)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=scale, border=2)
