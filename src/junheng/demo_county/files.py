"""Small real files for the demo's evidence and photos, made in code: a one-page PDF and PNG
pictures (Pillow). They pass the upload checks as any bureau's scans would."""

from __future__ import annotations

import io
import zlib

from PIL import Image, ImageDraw


def evidence_pdf(title: str) -> bytes:
    """A valid one-page A4 PDF whose page shows `title` (ASCII; other characters become '?')
    under a ruled header, as a scanned document's cover would."""
    text = title.encode("ascii", "replace").decode("ascii")
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = zlib.compress(
        (
            "0.2 0.3 0.6 RG 2 w 56 760 m 539 760 l S\n"
            f"BT /F1 18 Tf 56 780 Td (Junheng demo evidence) Tj ET\n"
            f"BT /F1 12 Tf 56 730 Td ({text}) Tj ET\n"
        ).encode("ascii")
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# Colours of the demo's pictures: a classroom, a playground, a building site, a document.
PALETTE = ((70, 110, 160), (80, 150, 90), (180, 120, 60), (150, 150, 150))


def photo_png(seed: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """A small PNG picture (a sky, a building with windows, the ground), varied by `seed`."""
    width, height = size
    sky = (200, 220, 240)
    wall = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(120, 160, 90))
    left, top = width // 6 + (seed * 7) % 30, height // 4
    right, bottom = width * 5 // 6, height * 2 // 3 + 10
    draw.rectangle((left, top, right, bottom), fill=wall, outline=(40, 40, 40))
    for row in range(2):
        for column in range(5):
            x = left + 12 + column * (right - left - 24) // 5
            y = top + 14 + row * 40
            draw.rectangle((x, y, x + 18, y + 22), fill=(230, 240, 250))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
