"""Where the article format keeps each kind of value, as ``Document.each`` patterns.

The rules share these so that a new place for a URL or an image is added once.
"""

from __future__ import annotations

DATES = ("/publishedDateTime", "/related/*/publishedDateTime")

# Every URL field, nested ones included.
URLS = (
    "/originalUrl",
    "/webUrl",
    "/ampWebUrl",
    "/cdnAmpWebUrl",
    "/images/*/url",
    "/provider/images/*/url",
    "/related/*/originalUrl",
    "/related/*/webUrl",
    "/related/*/ampWebUrl",
    "/related/*/cdnAmpWebUrl",
    "/related/*/images/*/url",
    "/related/*/provider/images/*/url",
)

IMAGES = ("/images/*", "/provider/images/*", "/related/*/images/*", "/related/*/provider/images/*")

# Free text that readers see.
TEXTS = (
    "/category",
    "/title",
    "/excerpt",
    "/provider/name",
    "/topics/*",
    "/images/*/title",
    "/related/*/title",
    "/related/*/excerpt",
    "/related/*/provider/name",
)

# The article itself and each related item: (pointer prefix, its object).
ARTICLES = ("", "/related/*")
