"""Image headers: kind and size read without decoding; damaged or huge images refused."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from kiosk.core.images import ImageError, image_problem, read_image_info


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xff" + sof0 + b"\xff\xda\x00\x02\xff\xd9"



@pytest.mark.parametrize(("data", "kind", "size"), [
    (_png(640, 480), "png", (640, 480)),
    (b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 8, "gif", (320, 200)),
    (b"GIF87a" + struct.pack("<HH", 1, 2) + b"\x00" * 8, "gif", (1, 2)),
    (_jpeg(1024, 768), "jpeg", (1024, 768)),
])
def test_image_headers_are_read_without_decoding(tmp_path: Path, data: bytes, kind: str,
                                                 size: tuple[int, int]) -> None:
    """PNG, GIF and JPEG sizes come from the header alone (no Pillow)."""
    path = tmp_path / "image"
    path.write_bytes(data)
    info = read_image_info(path)
    assert (info.kind, (info.width, info.height)) == (kind, size)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not a PNG, JPEG or GIF image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG, JPEG or GIF image"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "damaged PNG image"),
    (b"GIF89a\x01", "damaged GIF image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "damaged JPEG image"),
    (b"\xff\xd8\xff\xda\x00\x02", "damaged JPEG image"),
    (b"\xff\xd8" + b"\xff\xe0\x00\x02" * 20_000, "damaged JPEG image"),
])
def test_damaged_image_headers_raise_image_error(tmp_path: Path, data: bytes,
                                                 message: str) -> None:
    """Truncated or fake images give a plain ImageError, never another exception."""
    path = tmp_path / "image"
    path.write_bytes(data)
    with pytest.raises(ImageError, match=message):
        read_image_info(path)


def test_image_problem_limits(tmp_path: Path) -> None:
    """Images must have pixels, at most MAX_IMAGE_SIDE a side, and be a regular small file."""
    path = tmp_path / "a.png"
    path.write_bytes(_png(0, 10))
    assert image_problem(path) == "image has no pixels (0 x 10)"
    path.write_bytes(_png(5000, 10))
    assert "5000 x 10 pixels, over the limit of 4096" in (image_problem(path) or "")
    path.write_bytes(_png(10, 10))
    assert image_problem(path) is None
    assert "over the 0 KB limit" in (image_problem(path, max_bytes=10) or "")
    assert image_problem(tmp_path) == "is not a regular file"
    assert "cannot read" in (image_problem(tmp_path / "nope.png") or "")
