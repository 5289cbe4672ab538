"""Read an image's width and height from its first bytes: PNG, GIF, JPEG and WebP.

Only the header is needed, so the online check asks for the first bytes of an image, not the
image. A JPEG keeps its size in a frame header that may come after large metadata: ``size``
then answers ``NEED_MORE`` and the caller reads on, up to its cap.
"""

from __future__ import annotations

import struct
from typing import Final

NEED_MORE: Final = "need more"

# JPEG start-of-frame markers (baseline, progressive, lossless...): not DHT, JPG or DAC.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xDA)) | {0x01}


def kind(head: bytes) -> str | None:
    """The image format the bytes start with, or ``None``."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"\xff\xd8"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def size(head: bytes) -> tuple[int, int] | str | None:
    """``(width, height)``, ``NEED_MORE`` when more bytes are needed, or ``None`` (not readable)."""
    found = kind(head)
    if found is None:
        return NEED_MORE if len(head) < 12 else None
    return _READERS[found](head)


def _png(head: bytes) -> tuple[int, int] | str | None:
    if len(head) < 24:
        return NEED_MORE
    if head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _gif(head: bytes) -> tuple[int, int] | str | None:
    if len(head) < 10:
        return NEED_MORE
    width, height = struct.unpack("<HH", head[6:10])
    return width, height


def _jpeg(head: bytes) -> tuple[int, int] | str | None:
    at = 2
    while True:
        while at < len(head) and head[at] == 0xFF and at + 1 < len(head) and head[at + 1] == 0xFF:
            at += 1  # fill bytes
        if at + 4 > len(head):
            return NEED_MORE
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker in _STANDALONE:
            at += 2
            continue
        if marker == 0xD9:  # end of image before any frame
            return None
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _SOF:
            if at + 9 > len(head):
                return NEED_MORE
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length


def _webp(head: bytes) -> tuple[int, int] | str | None:
    if len(head) < 30:
        return NEED_MORE
    chunk = head[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    return None


_READERS = {"png": _png, "gif": _gif, "jpeg": _jpeg, "webp": _webp}
