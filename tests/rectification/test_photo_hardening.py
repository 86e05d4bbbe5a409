"""Problem and visit photos are checked by what they are (issue 13 §4): a pixel bomb is refused
before it is decoded, a damaged image is refused, and what is stored is the picture re-encoded
without its metadata (EXIF with the phone's GPS position)."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from junheng.rectification import services
from junheng.rectification.choices import Source
from rectification.builders import photo_upload, png_bytes


def pixel_bomb(width: int = 20000, height: int = 20000) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def record(world, photos):
    return services.problem_create(
        actor=world.county_admin,
        county=world.county,
        source=Source.COUNTY,
        description="音乐教室被挪作仓库",
        school=world.school,
        photos=photos,
    )


def test_a_pixel_bomb_is_refused_at_once(world):
    data = pixel_bomb()
    assert len(data) < 150_000

    started = time.perf_counter()
    with pytest.raises(services.InvalidPhoto) as refused:
        record(world, [photo_upload("现场.png", data)])

    assert time.perf_counter() - started < 1.0
    assert "现场.png" in refused.value.zh and "百万像素" in refused.value.zh


def test_an_image_that_only_starts_like_one_is_refused(world):
    with pytest.raises(services.InvalidPhoto) as refused:
        record(world, [photo_upload("现场.png", png_bytes()[:30])])
    assert "损坏" in refused.value.zh


def test_a_photo_is_stored_without_its_gps_position(world):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 1.0, 2.0), 3: "E", 4: (114.0, 5.0, 6.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (90, 140, 60)).save(buffer, "JPEG", exif=exif.tobytes())

    problem = record(world, [photo_upload("现场.jpg", buffer.getvalue())])

    photo = problem.photos.get()
    with photo.file.open("rb") as handle:
        stored = handle.read()
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == "JPEG" and picture.size == (16, 12)
    assert dict(picture.getexif()) == {}
    assert photo.size == len(stored)
