"""The online checks' settings: defined once, here, with their limits and help.

The configuration's ``[online]`` table, the command line's flags and the README's table are
all read off these fields, so a default is written in one place. This module imports nothing
heavy: the command line builds its flags from it without loading aiohttp.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple


class NetworkDown(Exception):
    """No host of an online run answered: this machine's network, not the links, failed.

    Here, not beside the checker: the command line catches it without importing aiohttp.
    """


class Header(NamedTuple):
    """A request header sent to the hosts matching ``pattern`` (``*.example.com``)."""

    pattern: str
    name: str
    value: str

    def __repr__(self) -> str:
        # A value may hold a token read from the environment: never shown, never logged.
        return f"Header({self.pattern!r}, {self.name!r}, ...)"


class Remap(NamedTuple):
    """Check URLs starting with ``prefix`` at ``target``: another URL prefix, or a folder."""

    prefix: str
    target: str
    folder: Path | None = None  # set when the target is a local folder (a site's build)


class LinkControls(NamedTuple):
    """Which links to ask about, what counts as alive, and how to ask."""

    exclude: tuple[str, ...] = ()  # URL regexes: matching links are never requested
    accept: frozenset[int] = frozenset()  # status codes counted as alive
    headers: tuple[Header, ...] = ()
    remap: tuple[Remap, ...] = ()

    def excluded(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.exclude)

    def remapped(self, url: str) -> Remap | None:
        """The first remap whose prefix starts ``url``."""
        return next((remap for remap in self.remap if url.startswith(remap.prefix)), None)

    def headers_for(self, host: str) -> dict[str, str]:
        import fnmatch

        host = host.lower()
        return {
            header.name: header.value
            for header in self.headers
            if fnmatch.fnmatchcase(host, header.pattern.lower())
        }

    def joined(self, other: LinkControls) -> LinkControls:
        """These controls and ``other``'s (the command line's come first)."""
        return LinkControls(
            self.exclude + other.exclude,
            self.accept | other.accept,
            self.headers + other.headers,
            self.remap + other.remap,
        )


NO_CONTROLS = LinkControls()


class Settings(NamedTuple):
    """How hard and how politely to check, and how long to remember."""

    # A named tuple, not a dataclass: the command line imports this module on every run,
    # and building a dataclass costs more than the rest of it.
    timeout: float = 10.0
    concurrency: int = 128
    per_host: int = 16
    host_delay: float = 0.0
    retries: int = 2
    max_retry_after: float = 30.0
    host_failures: int = 3
    budget: float = 600.0
    ttl_days: float = 7.0
    backoff: float = 0.5
    image_bytes: int = 512 * 1024  # read at most this much of an image to find its size
    allowed: tuple[str, ...] = ()  # from the command line and the environment only
    controls: LinkControls = NO_CONTROLS


class Setting(NamedTuple):
    """What a user may set: a field of ``Settings``, its limit, its help and its flag."""

    name: str
    minimum: float
    help: str
    flag: str | None = None

    @property
    def key(self) -> str:
        """The ``[online]`` key: ``per_host`` -> ``per-host``."""
        return self.name.replace("_", "-")

    @property
    def default(self) -> Any:
        return Settings._field_defaults[self.name]


SETTINGS = (
    Setting("timeout", 0.001, "seconds per request", "--timeout"),
    Setting("concurrency", 1, "requests in flight", "--concurrency"),
    Setting(
        "per_host",
        1,
        "most requests in flight to one host; it starts at 2 and grows while the host answers well",
        "--per-host",
    ),
    Setting(
        "host_delay",
        0.0,
        "least seconds between two requests to one host (rate limits add more)",
        "--host-delay",
    ),
    Setting("retries", 0, "retries of a request that timed out, was reset or got a 5xx"),
    Setting(
        "max_retry_after", 0.0, "seconds one URL may wait for rate limits (Retry-After), in all"
    ),
    Setting(
        "host_failures", 1, "requests in a row a host may leave unanswered before it is given up"
    ),
    Setting(
        "budget",
        1.0,
        "seconds for the whole online check; the rest is unverifiable",
        "--online-budget",
    ),
    Setting("ttl_days", 0.0, "days a link found alive is not asked again"),
)


def check(name: str, value: Any) -> float:
    """``value`` for the setting ``name`` (a key), checked; raises ``ValueError`` saying why."""
    by_key = {setting.key: setting for setting in SETTINGS}
    setting = by_key.get(name)
    if setting is None:
        raise ValueError(f"unknown setting {name!r}; expected one of {', '.join(by_key)}")
    whole = isinstance(setting.default, int)
    good_type = isinstance(value, int | float) and not isinstance(value, bool)
    if not good_type or (whole and not isinstance(value, int)) or value < setting.minimum:
        kind = "an integer" if whole else "a number"
        raise ValueError(f"{name} must be {kind} >= {setting.minimum:g} (got {value!r})")
    return float(value)


def build(
    chosen: Mapping[str, float],
    allowed: tuple[str, ...] = (),
    controls: LinkControls = NO_CONTROLS,
) -> Settings:
    """Settings from checked ``[online]`` keys and values; the rest stay at their defaults."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.key in chosen:
            value = chosen[setting.key]
            values[setting.name] = int(value) if isinstance(setting.default, int) else value
    return Settings(**values, allowed=allowed, controls=controls)


CONTROL_KEYS = ("exclude", "accept", "headers", "remap")
_STATUS_RANGE = re.compile(r"([1-5][0-9][0-9])(?:\.\.([1-5][0-9][0-9]))?")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def exclude_patterns(value: Any) -> tuple[str, ...]:
    """URL regexes, each compiled once to say which is wrong."""
    patterns = _strings(value, "exclude")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(
                f"exclude: {pattern!r} is not a regular expression ({error})"
            ) from None
    return patterns


def status_codes(value: Any) -> frozenset[int]:
    """``[403, "200..299"]`` -> the codes; a comma-separated string works too."""
    items = [part for part in value.split(",") if part.strip()] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"accept must be a list of status codes (got {value!r})")
    codes: set[int] = set()
    for item in items:
        text = str(item).strip() if not isinstance(item, bool) else ""
        match = _STATUS_RANGE.fullmatch(text)
        if match is None:
            raise ValueError(
                f"accept: expected a status code from 100 to 599 or a range such as "
                f"'200..299' (got {item!r})"
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise ValueError(f"accept: the range {text!r} ends before it starts")
        codes.update(range(first, last + 1))
    return frozenset(codes)


def header_table(value: Any) -> tuple[Header, ...]:
    """``{"api.example.com" = {Authorization = "Bearer ${TOKEN}"}}`` -> headers, unexpanded."""
    if not isinstance(value, dict):
        raise ValueError("headers must be a table of host pattern = { header = value }")
    headers = []
    for pattern, table in value.items():
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise ValueError(f"headers: {pattern!r} must be a table of header name = text")
        for name, text in table.items():
            headers.append(header(pattern, name, text))
    return tuple(headers)


def header(pattern: str, name: str, value: str) -> Header:
    """One header, its name and value checked as HTTP wants them (no line breaks)."""
    if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
        raise ValueError(f"headers: {name!r} is not a header name")
    if any(ch in value for ch in "\r\n\0") or any(ch in pattern for ch in "\r\n\0"):
        raise ValueError(f"headers: the value of {name!r} holds a line break")
    return Header(pattern, name, value)


def expand(headers: tuple[Header, ...], *, trusted: bool, where: str) -> tuple[Header, ...]:
    """Headers with ``${NAME}`` replaced from the environment.

    Only ``trusted`` headers (the run's command line, a configuration outside the tree under
    review) may read the environment: a pull request could otherwise send the job's secrets
    to a host of its choosing.
    """
    expanded = []
    for item in headers:
        names = _REFERENCE.findall(item.value)
        if names and not trusted:
            raise ValueError(
                f"{where}: the header {item.name!r} reads ${{{names[0]}}} from the environment, "
                "but this configuration is part of the tree under review, which could send it "
                "to any host; give the header with --header on the command line, or keep the "
                "configuration outside the tree (--config PATH)"
            )
        missing = [name for name in names if name not in os.environ]
        if missing:
            raise ValueError(
                f"{where}: the header {item.name!r} needs ${missing[0]}, which is not set"
            )
        value = _REFERENCE.sub(lambda match: os.environ[match[1]], item.value)
        expanded.append(header(item.pattern, item.name, value))
    return tuple(expanded)


def remap_table(value: Any, base: Path, *, confine: bool) -> tuple[Remap, ...]:
    """``{"https://everyday.cc/" = "_site/"}`` -> remaps; a folder is taken from ``base``.

    ``confine``: the folder must lie inside ``base`` (a configuration file's folder: the tree
    under review must not make the checker look at files outside it).
    """
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = [_remap_pair(item) for item in _strings(value, "remap")]
    remaps = []
    for prefix, target in pairs:
        if not isinstance(target, str) or not target:
            raise ValueError(f"remap: {prefix!r} must map to a URL prefix or a folder")
        if not prefix.lower().startswith(("http://", "https://")):
            raise ValueError(f"remap: {prefix!r} must be an http(s) URL prefix")
        if target.lower().startswith(("http://", "https://")):
            remaps.append(Remap(prefix, target))
            continue
        folder = (base / target).resolve()
        if confine and not folder.is_relative_to(base.resolve()):
            raise ValueError(
                f"remap: {target!r} is outside {base}; a configuration file may only remap to "
                "folders inside its own"
            )
        remaps.append(Remap(prefix, target, folder))
    return tuple(remaps)


def _remap_pair(text: str) -> tuple[str, str]:
    parts = text.split()
    if len(parts) != 2:
        raise ValueError(f"remap: expected 'URL-PREFIX TARGET' (got {text!r})")
    return parts[0], parts[1]


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{where} must be a list of strings (got {value!r})")
    return tuple(value)


def readme_table() -> str:
    """The README's table of ``[online]`` settings (a test keeps the README in step)."""
    rows = ["| setting | flag | default | what it sets |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        flag = f"`{setting.flag}`" if setting.flag else ""
        rows.append(f"| `{setting.key}` | {flag} | {setting.default:g} | {setting.help} |")
    return "\n".join(rows) + "\n"
