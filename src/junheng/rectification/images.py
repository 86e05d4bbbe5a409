"""Uploaded photos: recognised by their content (magic bytes), never by name or the browser's
word, and stored under MEDIA_ROOT with a random name; they are served only through views that
check the user's access (MEDIA_URL is not served). Before it is stored a photo is measured
(pixel bombs refused) and re-encoded without its metadata (`junheng.photos`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# the photos' checks, re-exported for the services that check uploads through this module
from junheng.photos import PhotoRejected as PhotoRejected
from junheng.photos import reencoded as reencoded

# The raster formats a phone or camera produces. SVG is refused on purpose: it can carry script.
SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "png", "image/png"),
    (b"GIF87a", 0, "gif", "image/gif"),
    (b"GIF89a", 0, "gif", "image/gif"),
    (b"WEBP", 8, "webp", "image/webp"),
)
MAX_BYTES = 10 * 1024 * 1024
MAX_PER_UPLOAD = 10


@dataclass(frozen=True)
class ImageKind:
    extension: str
    content_type: str


def image_kind(data: bytes) -> ImageKind | None:
    """The image format of the bytes, or None when they are not a JPEG, PNG, GIF or WebP."""
    for magic, offset, extension, content_type in SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            if extension == "webp" and data[:4] != b"RIFF":
                continue
            return ImageKind(extension, content_type)
    return None


def random_name(folder: str, extension: str) -> str:
    """Where a photo is stored: the user's file name is kept in the row, never on disk."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"
