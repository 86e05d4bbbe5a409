"""What is stored of a one-time token: its digest. Used by the services that issue and consume
tokens and by the selector that finds the form a token opens, so it belongs to neither."""

from __future__ import annotations

import hashlib


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token has 144 random bits, so a fast hash
    suffices — nobody can search that space)."""
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()
