"""Turn a file's bytes into a ``Document``: front matter -> YAML with positions -> data.

Every failure is a value: a ``Document`` whose ``found`` says what went wrong, so the run
goes on with the next file.
"""

from __future__ import annotations

from collections.abc import Callable

from linter.fields import BUNDLED, FieldMap
from linter.model import Document, Finding, Position
from linter.reading import frontmatter, yamlload

_KINDS = {
    list: "a list",
    str: "a single value",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


def read(path: str, data: bytes, fields: FieldMap = BUNDLED) -> Document:
    """Parse the front matter of ``data`` (the bytes of the file at ``path``); ``fields``:
    where its schema puts dates, URLs, images and texts."""
    found = frontmatter.split(data)
    if isinstance(found, frontmatter.Failure):
        return Document(path, None, found=((found.code, found.finding),), fields=fields)
    parsed = _PARSERS[found.syntax](found.text, found.first_line)
    found_here = list(parsed.findings)
    data = parsed.data
    fatal = any(code in _FATAL for code, _ in found_here)
    if data is None and not fatal and found.syntax == "yaml":
        # "---" twice, or comments alone: Jekyll and Hugo read no fields, not an error. The
        # schema judges it as the empty mapping it is (its required fields are missing).
        data = {}
    if not fatal and not isinstance(data, dict):
        found_here.append(("non-mapping-front-matter", _not_mapping(data)))
    return Document(
        path,
        data,
        parsed.nodes,
        tuple(found_here),
        found.text,
        parsed.index,
        fields,
        found.syntax,
        parsed.suspects,
    )


_FATAL = {"invalid-yaml", "invalid-toml", "invalid-json", "limit-exceeded"}


def _toml(text: str, first_line: int) -> yamlload.Parsed:
    from linter.reading import tomlmatter  # most sites write YAML: tomllib is imported when needed

    return tomlmatter.parse(text, first_line)


def _json(text: str, first_line: int) -> yamlload.Parsed:
    from linter.reading import jsonmatter

    return jsonmatter.parse(text, first_line)


_PARSERS: dict[str, Callable[[str, int], yamlload.Parsed]] = {
    "yaml": yamlload.parse,
    "toml": _toml,
    "json": _json,
}


def _not_mapping(data: object) -> Finding:
    if data is None:
        message = "front matter is empty; expected a mapping of article fields"
    else:
        message = f"front matter is {_KINDS.get(type(data), 'a value')}; expected a mapping of article fields"
    return Finding("", message, Position(1, 1))
