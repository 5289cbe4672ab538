"""Finds image sizes that cannot be real.

What it does: reports an image (every object of the schema with a URL and integer `width`
and `height`, or listed in `[fields] images`) whose `width` or `height` is not a positive
whole number: 0, negative numbers, fractions (`600.5`), exponent notation (`1e3`),
booleans, text (`"600px"`) and empty values; and a side larger than `max-pixels`.
Why it is bad: layouts reserve space from these numbers; 0 or 600.5 breaks them, and a
100000-pixel side is a typo for a smaller number.
Example: `width: 0` -> `image width must be a positive integer (got 0)`.
Options: max-pixels (20000): the largest believable side, in pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.model import Document, Finding, Severity
from linter.rules import Rule, images


@dataclass(frozen=True)
class Options:
    max_pixels: int = 20_000

    def __post_init__(self) -> None:
        if self.max_pixels < 1:
            raise ValueError(f"max-pixels must be a positive integer (got {self.max_pixels})")


def check(doc: Document, options: Options) -> Iterator[Finding]:
    # The bundled schema states the types and the lower bound, and the schema stage finds
    # them for this rule; a user's schema may say only "integer": the rule checks the rest.
    beyond_the_schema = not doc.fields.bundled
    for pointer, image in images(doc):
        for side in ("width", "height"):
            value: Any = image.get(side)
            kind = type(value)  # exactly: True is an int to isinstance, not a width
            if kind is int and beyond_the_schema and value < 1:
                yield Finding(
                    f"{pointer}/{side}", f"image {side} must be a positive integer (got {value})"
                )
            elif kind is float and value.is_integer():
                # JSON Schema counts 600.0 as an integer; a pixel count written so is a typo.
                message = f"image {side} must be a positive integer (got {value!r})"
                yield Finding(f"{pointer}/{side}", message)
            elif kind is int and value > options.max_pixels:
                message = f"image {side} is {value} pixels; expected at most {options.max_pixels}"
                yield Finding(f"{pointer}/{side}", message)


RULE = Rule(
    id="invalid-image-size",
    severity=Severity.ERROR,
    check=check,
    options=Options,
    found_by="schema",
    reads=("images",),
)
