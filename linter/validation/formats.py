"""Explain why a date-time, URL or host name is not acceptable.

Each ``diagnose_*`` function returns ``None`` for a good value, or the rule id and the reason
for a bad one. The schema's ``format`` checks call them (so jsonschema's verdict and ours are
the same function), and the schema stage calls them again to name and explain the failure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple


@dataclass(frozen=True)
class Diagnosis:
    """Why a value fails its format: the rule id to report and the reason, lowercase."""

    code: str
    reason: str


EXAMPLE_DATE = "2023-11-09T01:31:00Z"
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_ZONE = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_SPACE_SEPARATED = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@functools.lru_cache(maxsize=256)
def parse_datetime(value: str) -> datetime | None:
    """The instant an RFC 3339 date-time names, or ``None`` when it is not one."""
    if diagnose_datetime(value) is not None:
        return None
    match = _RFC3339.fullmatch(value)
    assert match is not None  # diagnose_datetime accepted it
    year, month, day, hour, minute, second = map(int, match.group(1, 2, 3, 4, 5, 6))
    offset = timedelta(0)
    if match.group(9):
        sign = 1 if match.group(9) == "+" else -1
        offset = sign * timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
    # A leap second (:60) is valid RFC 3339 but not a datetime; it is the next second.
    leap = second == 60
    moment = datetime(year, month, day, hour, minute, 59 if leap else second, tzinfo=UTC)
    try:
        return moment - offset + timedelta(seconds=1 if leap else 0)
    except OverflowError:  # an offset past an end of the calendar (9999-12-31T23:59:59-23:59)
        edge = datetime.max if offset < timedelta(0) else datetime.min
        return edge.replace(tzinfo=UTC)


def diagnose_datetime(value: object) -> Diagnosis | None:
    """Check an RFC 3339 date-time with a timezone, calendar included."""
    if not isinstance(value, str):
        return None  # the schema's type check reports it
    return _diagnose_datetime(value)


@functools.lru_cache(maxsize=256)
def _diagnose_datetime(value: str) -> Diagnosis | None:
    match = _RFC3339.fullmatch(value)
    if match is None:
        return Diagnosis("invalid-date", _shape_reason(value))
    if _surely_real(match):
        return None
    year, month, day, hour, minute, second = map(int, match.group(1, 2, 3, 4, 5, 6))
    problem = calendar_problem(year, month, day) or clock_problem(hour, minute, second)
    if match.group(9) and problem is None:
        problem = offset_problem(int(match.group(10)), int(match.group(11)))
    if problem is not None:
        return Diagnosis("invalid-date", f"is not a real date-time: {problem}")
    return None


def _surely_real(match: re.Match[str]) -> bool:
    """Whether an ``_RFC3339`` match names a real instant, told without reading a number
    (most do): digits of one width compare as text as they do as numbers, and every month
    has a 28th."""
    year, month, day, hour, minute, second = match.group(1, 2, 3, 4, 5, 6)
    return (
        year != "0000"
        and "01" <= month <= "12"
        and "01" <= day <= "28"
        and hour <= "23"
        and minute <= "59"
        and second <= "60"
        and (not match.group(9) or (match.group(10) <= "23" and match.group(11) <= "59"))
    )


def _shape_reason(value: str) -> str:
    expected = f"expected an RFC 3339 date-time such as {EXAMPLE_DATE}"
    stripped = value.strip()
    if stripped != value and _RFC3339.fullmatch(stripped):
        return f"has whitespace around it; {expected}"
    if _DATE_ONLY.fullmatch(value):
        return f"has no time or timezone; {expected}"
    if _SPACE_SEPARATED.match(value) and not _RFC3339.fullmatch(value.replace(" ", "T", 1)):
        return f"separates date and time with a space and has no timezone; {expected}"
    if _NO_ZONE.fullmatch(value):
        return f"has no timezone; {expected}"
    return f"is not an RFC 3339 date-time; {expected}"


def calendar_problem(year: int, month: int, day: int) -> str | None:
    if year == 0:
        return "year 0000 does not exist (the calendar starts at 0001)"
    if not 1 <= month <= 12:
        return f"month {month:02d} does not exist"
    last = _DAYS[month - 1] + (month == 2 and _is_leap(year))
    if not 1 <= day <= last:
        return f"{_MONTHS[month - 1]} {year} has no day {day:02d}"
    return None


# The calendar module costs more to import than these two lines do to write.
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def clock_problem(hour: int, minute: int, second: int) -> str | None:
    if hour <= 23 and minute <= 59 and second <= 60:
        return None  # the usual answer, without building the limits
    limits = (("hour", hour, 23), ("minute", minute, 59), ("second", second, 60))
    for name, number, highest in limits:
        if number > highest:
            return f"{name} {number:02d} does not exist (highest is {highest})"
    return None


def offset_problem(hours: int, minutes: int) -> str | None:
    if hours > 23 or minutes > 59:
        return f"timezone offset {hours:02d}:{minutes:02d} does not exist"
    return None


# --- URLs -----------------------------------------------------------------------------------

WEB_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_MISSING_COLON = re.compile(r"(https?)//", re.IGNORECASE)
_BAD_CHARACTERS = re.compile(r"[\s<>\"\\^`{}\x00-\x1f\x7f]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?")
_CHARACTER_NAMES = {
    " ": "a space",
    "\t": "a tab",
    "\n": "a line break",
    "\u00a0": "a no-break space",
}


class Url(NamedTuple):
    """The parts of an absolute http(s) URL that rules look at."""

    # A named tuple: one is made for every URL of every file.
    scheme: str
    host: str  # lowercase, in ASCII (IDNA) form, without brackets
    port: int | None
    path: str


def diagnose_url(value: object) -> Diagnosis | None:
    """Check an absolute http(s) URL: scheme, host, port and characters."""
    if not isinstance(value, str):
        return None
    result = split_url(value)
    return result if isinstance(result, Diagnosis) else None


def parse_url(value: str) -> Url | None:
    """The parts of a good absolute http(s) URL, or ``None`` when it has a problem."""
    result = split_url(value)
    return result if isinstance(result, Url) else None


@functools.lru_cache(maxsize=256)
def split_url(value: str) -> Url | Diagnosis:
    """``parse_url`` and ``diagnose_url`` in one: the URL's parts, or what is wrong with it."""
    # Cached: the schema, several rules and the duplicate index all look at the same URLs,
    # one document's right after another's. Most URLs and dates are a single document's, so
    # these caches are small: more entries kept other documents' values in memory for no
    # hit (8,192 of them made a run over 10,000 files 3% slower).
    return _split_plain_url(value) or _split_any_url(value)


# The usual shape: lowercase host, no port, user or percent sign; anything else goes the long way.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9][a-z0-9.\-]*)([/?#][^\s<>\"\\^`{}\x00-\x1f\x7f%@]*)?")


def _split_plain_url(value: str) -> Url | Diagnosis | None:
    """What ``_split_any_url`` says of a URL of the usual shape, sooner; ``None`` for others."""
    plain = _PLAIN_URL.fullmatch(value)
    if plain is None:
        return None
    scheme, host, path = plain.groups()
    problem = _diagnose_host(host)
    if problem is not None:
        return problem
    # Lowercase ASCII already (``_PLAIN_URL``): ``to_ascii_host`` would only drop a final dot.
    return Url(scheme, host.rstrip("."), None, path or "")  # positional: a third faster


def _split_any_url(value: str) -> Url | Diagnosis:
    if not value.strip():
        return Diagnosis("invalid-url", "is empty; expected an absolute https:// url")
    bad = _BAD_CHARACTERS.search(value)
    if bad is not None:
        what = _CHARACTER_NAMES.get(bad.group(), f"the character {bad.group()!r}")
        return Diagnosis("invalid-url", f"contains {what}; expected a percent-encoded url")
    scheme_match = _SCHEME.match(value)
    if scheme_match is None:
        return _schemeless(value)
    scheme = scheme_match.group(1).lower()
    if scheme not in WEB_SCHEMES:
        return _foreign_scheme(scheme)
    rest = value[scheme_match.end() :]
    if not rest.startswith("//"):
        return Diagnosis("invalid-url", f"has no '//' after '{scheme}:'; expected {scheme}://host/")
    authority, path = _split_authority(rest[2:])
    host = _parse_authority(authority)
    if isinstance(host, Diagnosis):
        return host
    if _BAD_PERCENT.search(path):
        return Diagnosis("invalid-url", "has a '%' that is not followed by two hex digits")
    return Url(scheme=scheme, host=host[0], port=host[1], path=path)


def _schemeless(value: str) -> Diagnosis:
    if _MISSING_COLON.match(value):
        scheme = value[: value.index("/")].lower()
        return Diagnosis(
            "invalid-url", f"is missing the ':' after '{scheme}'; expected {scheme}://"
        )
    if value.startswith("//"):
        return Diagnosis("relative-url", "is protocol-relative; expected an absolute https:// url")
    if value.startswith(("/", "./", "../", "?", "#")):
        return Diagnosis("relative-url", "is a relative path; expected an absolute https:// url")
    if "." in value.split("/", 1)[0]:
        return Diagnosis("relative-url", "has no scheme; expected it to start with https://")
    return Diagnosis("invalid-url", "is not a url; expected an absolute https:// url")


# Schemes that are real but never a web page; anything near "http(s)" is a typo instead.
_KNOWN_SCHEMES = frozenset(
    {
        "ftp",
        "ftps",
        "sftp",
        "mailto",
        "file",
        "data",
        "javascript",
        "vbscript",
        "tel",
        "sms",
        "news",
        "nntp",
        "irc",
        "ws",
        "wss",
        "gopher",
        "ldap",
        "ssh",
        "git",
        "blob",
        "about",
    }
)


def _foreign_scheme(scheme: str) -> Diagnosis:
    if scheme not in _KNOWN_SCHEMES:
        nearest = min(WEB_SCHEMES, key=lambda web: edit_distance(scheme, web))
        if edit_distance(scheme, nearest) <= 2:
            return Diagnosis(
                "invalid-url", f"has a misspelled scheme '{scheme}:'; expected '{nearest}:'"
            )
    return Diagnosis(
        "unsupported-url-scheme", f"uses the '{scheme}:' scheme; expected http or https"
    )


def _split_authority(rest: str) -> tuple[str, str]:
    end = len(rest)
    for separator in "/?#":
        index = rest.find(separator)
        if index != -1:
            end = min(end, index)
    return rest[:end], rest[end:]


def _parse_authority(authority: str) -> tuple[str, int | None] | Diagnosis:
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        if close == -1:
            return Diagnosis("invalid-url", "has an IPv6 address without its closing ']'")
        host, port_text = hostport[1:close], hostport[close + 1 :]
        try:
            import ipaddress  # here: few URLs carry an IP address

            ipaddress.IPv6Address(host)
        except ValueError:
            return Diagnosis("invalid-url", f"has an invalid IPv6 address [{host}]")
        host = host.lower()
    else:
        host, _, port_text = hostport.partition(":")
        port_text = ":" + port_text if _ else ""
        checked = diagnose_host(host)
        if checked is not None:
            return checked
        host = to_ascii_host(host) or host
    if not port_text:
        return host, None
    digits = port_text[1:]
    if not port_text.startswith(":") or not digits.isdigit() or not 0 < int(digits) < 65536:
        return Diagnosis("invalid-url", f"has an invalid port {digits!r}; expected 1-65535")
    return host, int(digits)


def to_ascii_host(host: str) -> str | None:
    """A host name in lowercase ASCII (IDNA) form, or ``None`` when it cannot be encoded."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def diagnose_host(host: object) -> Diagnosis | None:
    """Check a DNS host name (internationalised names allowed) or an IPv4 address."""
    if not isinstance(host, str):
        return None
    return _diagnose_host(host)


@functools.lru_cache(maxsize=8192)
def _diagnose_host(host: str) -> Diagnosis | None:
    if not host:
        return Diagnosis("invalid-url", "has no host; expected https://host/")
    ascii_host = to_ascii_host(host)
    if ascii_host is None:
        return Diagnosis("invalid-url", f"has a host {host!r} that is not a valid domain name")
    labels = ascii_host.split(".")
    if all(label.isdigit() for label in labels):
        try:
            import ipaddress

            ipaddress.IPv4Address(ascii_host)
        except ValueError:
            return Diagnosis("invalid-url", f"has an invalid IPv4 address {host!r}")
        return None
    for label in labels:
        if not label:
            return Diagnosis("invalid-url", f"has an empty label in host {host!r}")
        if not _LABEL.fullmatch(label):
            return Diagnosis("invalid-url", f"has an invalid label {label!r} in host {host!r}")
    if len(ascii_host) > 253:
        return Diagnosis("invalid-url", "has a host longer than 253 characters")
    if len(labels) < 2:
        return Diagnosis("invalid-url", f"has a host {host!r} without a top-level domain")
    return None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, for "did you mean" hints."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


# The format checks the schema stage installs, by JSON Schema format name.
DIAGNOSERS: dict[str, Callable[[object], Diagnosis | None]] = {
    "date-time": diagnose_datetime,
    "uri": diagnose_url,
    "hostname": lambda value: _as_domain(diagnose_host(value)),
}


# The same verdicts as plain predicates, for the validators' format checks (called for every
# date and URL of every file, so one call each, straight to the cached work).
def is_datetime(value: object) -> bool:
    return not isinstance(value, str) or _diagnose_datetime(value) is None


def is_url(value: object) -> bool:
    return not isinstance(value, str) or isinstance(split_url(value), Url)


def is_host(value: object) -> bool:
    return not isinstance(value, str) or _diagnose_host(value) is None


CHECKS: dict[str, Callable[[object], bool]] = {
    "date-time": is_datetime,
    "uri": is_url,
    "hostname": is_host,
}


def _as_domain(diagnosis: Diagnosis | None) -> Diagnosis | None:
    if diagnosis is None:
        return None
    return Diagnosis("invalid-domain", diagnosis.reason.replace("has a host", "is a host"))
