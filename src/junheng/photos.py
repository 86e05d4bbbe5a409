"""Photos checked by what they are, and re-encoded before anyone sees them.

An uploaded image is measured before it is decoded: its width × height comes from its header
(Pillow reads no pixels to tell it), and a picture beyond `MAX_PIXELS` — a "pixel bomb", a
116 KB PNG of 20000 × 20000 that takes gigabytes to show — is refused. A picture within it is
decoded and written anew in its own format: what is stored and shown is pixels only, without
the original's metadata (EXIF with the phone's GPS position, comments, embedded profiles) or
anything a crafted file carried beside its pixels. The camera's orientation is applied first,
so the photo still stands the right way up. Used by the evidence uploads and the problem and
visit photos. No Django here.
"""

from __future__ import annotations

import io
import warnings

MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone's photo
FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


class PhotoRejected(ValueError):
    """The image is refused; `zh` and `en` say why (without the file's name)."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.reason, self.zh, self.en = reason, zh, en


def measure(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) read from the header, or PhotoRejected; refuses pixel bombs."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = (image.format or "").lower(), image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(0, 0) from None
    except Exception:  # Pillow raises many kinds for what is not an image it knows
        raise PhotoRejected(
            "image_damaged", "图片已损坏或无法识别", "the image is damaged or not recognised"
        ) from None
    if width <= 0 or height <= 0:
        raise PhotoRejected("image_damaged", "图片尺寸无效", "the image has no size")
    if width * height > MAX_PIXELS:
        raise _too_large(width, height)
    return ("jpeg" if kind == "mpo" else kind), width, height


def reencoded(data: bytes) -> bytes:
    """The picture written anew in its own format, its metadata left behind; PhotoRejected for
    a pixel bomb, a damaged image or a format other than JPEG, PNG, GIF and WebP."""
    from PIL import Image, ImageOps

    kind, _width, _height = measure(data)
    if kind not in FORMATS:
        raise PhotoRejected(
            "image_kind",
            "只接受 JPG、PNG、GIF、WebP 图片",
            "only JPG, PNG, GIF and WebP images are accepted",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > 1 and kind in ("gif", "webp"):
                return _animation(image, kind)
            image.load()
            picture = ImageOps.exif_transpose(image) or image
            return _save(picture, kind)
    except PhotoRejected:
        raise
    except Exception:
        raise PhotoRejected(
            "image_damaged", "图片已损坏，无法读取", "the image is damaged and cannot be read"
        ) from None


def _save(picture, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "jpeg":
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=90, optimize=True)
    elif kind == "png":
        if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            picture = picture.convert("RGBA")
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, FORMATS[kind])
    return out.getvalue()


def _animation(image, kind: str) -> bytes:
    from PIL import ImageSequence

    frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    out = io.BytesIO()
    frames[0].save(
        out,
        FORMATS[kind],
        save_all=True,
        append_images=frames[1:],
        duration=image.info.get("duration", 100),
        loop=image.info.get("loop", 0),
    )
    return out.getvalue()


def _too_large(width: int, height: int) -> PhotoRejected:
    size_zh = f"（{width} × {height}）" if width else ""
    size_en = f" ({width} × {height})" if width else ""
    return PhotoRejected(
        "pixel_bomb",
        f"图片尺寸过大{size_zh}，超过 {MAX_PIXELS // 1_000_000:,} 百万像素，不允许上传",
        f"the image is too large{size_en}: more than {MAX_PIXELS // 1_000_000} megapixels",
    )
