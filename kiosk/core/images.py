"""Image files: kind and pixel size read from the header alone, never the pixels. No Qt."""

from __future__ import annotations

import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Image files the kiosk shows (Qt reads them; the loader and ``check`` read only the header).
IMAGE_KINDS = ("png", "jpeg", "gif")
#: Largest width or height of an image in pixels; bigger ones could exhaust memory when decoded.
MAX_IMAGE_SIDE = 4096
#: Largest image file in bytes.
MAX_IMAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ImageInfo:
    """What the header of an image file says."""

    kind: str  # one of IMAGE_KINDS
    width: int
    height: int


class ImageError(ValueError):
    """A file is not an image the kiosk can show; the message says why, in plain words."""


_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                       0xCF})
_JPEG_NO_LENGTH = frozenset({0x01, *range(0xD0, 0xD8)})


def _jpeg_size(f: BinaryIO) -> tuple[int, int]:
    """Width and height from the first SOF segment of a JPEG (file positioned after SOI)."""
    for _ in range(10_000):
        byte = f.read(1)
        if byte != b"\xff":
            raise ImageError("damaged JPEG image (no size found)")
        marker = f.read(1)
        while marker == b"\xff":  # fill bytes
            marker = f.read(1)
        if not marker:
            break
        code = marker[0]
        if code in _JPEG_NO_LENGTH:
            continue
        if code in (0xD9, 0xDA):  # end of image, or image data before any size
            break
        raw = f.read(2)
        if len(raw) < 2:
            break
        (length,) = struct.unpack(">H", raw)
        if length < 2:
            break
        if code in _JPEG_SOF:
            data = f.read(5)
            if len(data) < 5:
                break
            height, width = struct.unpack(">HH", data[1:5])
            return width, height
        f.seek(length - 2, os.SEEK_CUR)
    raise ImageError("damaged JPEG image (no size found)")


def read_image_info(path: Path) -> ImageInfo:
    """Read the kind and pixel size of a PNG, JPEG or GIF from its header (never the pixels).

    Raises:
        ImageError: the file cannot be read, is not one of those kinds, or its header is damaged.
    """
    try:
        with path.open("rb") as f:
            head = f.read(32)
            if head.startswith(b"\x89PNG\r\n\x1a\n"):
                if len(head) < 24 or head[12:16] != b"IHDR":
                    raise ImageError("damaged PNG image (no IHDR header)")
                width, height = struct.unpack(">II", head[16:24])
                return ImageInfo("png", width, height)
            if head[:6] in (b"GIF87a", b"GIF89a"):
                if len(head) < 10:
                    raise ImageError("damaged GIF image (header cut short)")
                width, height = struct.unpack("<HH", head[6:10])
                return ImageInfo("gif", width, height)
            if head.startswith(b"\xff\xd8"):
                f.seek(2)
                width, height = _jpeg_size(f)
                return ImageInfo("jpeg", width, height)
    except OSError as exc:
        raise ImageError(f"cannot read the file ({exc.strerror or exc})") from None
    raise ImageError("not a PNG, JPEG or GIF image")


def image_problem(path: Path, max_side: int = MAX_IMAGE_SIDE,
                  max_bytes: int = MAX_IMAGE_BYTES) -> str | None:
    """Why the kiosk must not show this image file, or ``None`` when it is a safe image."""
    try:
        st = path.stat()
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or exc})"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > max_bytes:
        return f"file is {st.st_size // 1024} KB, over the {max_bytes // 1024} KB limit"
    try:
        info = read_image_info(path)
    except ImageError as exc:
        return str(exc)
    if info.width == 0 or info.height == 0:
        return f"image has no pixels ({info.width} x {info.height})"
    if info.width > max_side or info.height > max_side:
        return (f"image is {info.width} x {info.height} pixels, over the limit of {max_side} "
                "on each side")
    return None
