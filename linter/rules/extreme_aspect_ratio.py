"""Finds images whose width and height make an implausible shape.

What it does: reports an image whose longer side is more than `max-ratio` times its
shorter side.
Why it is bad: a 1200x5 "photo" is almost always a swapped or mistyped number, and
cards crop it to nothing.
Example: `width: 1200`, `height: 5` -> `image is 1200x5, an aspect ratio of 240.0:1;
expected at most 10:1`.
Options: max-ratio (10.0).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from linter.model import Document, Finding, Severity
from linter.rules import Rule, images


@dataclass(frozen=True)
class Options:
    max_ratio: float = 10.0

    def __post_init__(self) -> None:
        if self.max_ratio < 1:
            raise ValueError(f"max-ratio must be at least 1 (got {self.max_ratio})")


def check(doc: Document, options: Options) -> Iterator[Finding]:
    for pointer, image in images(doc):
        width, height = image.get("width"), image.get("height")
        if not (_positive(width) and _positive(height)):
            continue  # invalid-image-size reports these
        assert isinstance(width, int) and isinstance(height, int)
        ratio = max(width, height) / min(width, height)
        if ratio > options.max_ratio:
            message = (
                f"image is {width}x{height}, an aspect ratio of {ratio:.1f}:1; "
                f"expected at most {options.max_ratio:g}:1"
            )
            yield Finding(pointer, message)


def _positive(value: object) -> bool:
    return type(value) is int and value > 0  # exactly: True is an int to isinstance


RULE = Rule(
    id="extreme-aspect-ratio",
    severity=Severity.WARNING,
    check=check,
    options=Options,
    reads=("images",),
)
