"""Whether the address printed under a survey's QR codes can be reached from a respondent's
phone: a loopback or intranet name (127.*, localhost, 10.*, 172.16–31.*, 192.168.*, *.local,
a name without a dot) cannot, and printing hundreds of cards that open nothing is the mistake
this catches before it is made."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOCAL_SUFFIXES = (".local", ".localhost", ".localdomain", ".lan", ".internal", ".intranet")


def unreachable_host(url: str) -> str | None:
    """The host of the URL when the public cannot reach it, else None."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
            return host
        return None
    if address.is_loopback or address.is_private or address.is_link_local:
        return host
    return None
