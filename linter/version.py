"""The program's version: part of every cache key and of the machine-readable reports."""

from __future__ import annotations

import functools
import os
import re
import sys

__version__ = "0.1.0"

# The installed distributions whose behaviour a result depends on: the two validators, what
# they resolve references with and the metaschemas they check with, the YAML reader of the
# libyaml path, and the IDNA tables of internationalised host names.
_ENGINES = (
    "jsonschema",
    "jsonschema_rs",
    "referencing",
    "jsonschema_specifications",
    "pyyaml",
    "idna",
)


@functools.cache
def fingerprint() -> str:
    """This version, Python's, and the installed versions of the libraries a result depends
    on: what cache keys hold, so that upgrading any of them makes every cached answer a miss.

    Read off the ``*.dist-info`` folder names on ``sys.path`` (as ``importlib.metadata``
    finds distributions, without its import, which costs a warm run 30 ms)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            match = _DIST_INFO.fullmatch(name) if name.endswith("-info") else None
            if match is not None:
                distribution = _normal(match.group(1))
                if distribution in _ENGINES:
                    found.setdefault(distribution, match.group(2))
    engines = [f"{name} {found.get(name, 'not found')}" for name in _ENGINES]
    return "\0".join([__version__, sys.version, *engines])


# name-version.dist-info, name-version.egg-info, name-version-py3.12.egg-info: names and
# versions hold no "-" (both are escaped to "_" in these folder names).
_DIST_INFO = re.compile(r"([A-Za-z0-9_.]+)-([^-]+?)(?:-py\d[\w.]*)?\.(?:dist|egg)-info")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
