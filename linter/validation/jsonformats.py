"""The JSON Schema ``format`` values, asserted as the specifications define them.

For a user's schema, ``format`` is checked as check-jsonschema does by default: every format
of the list below is asserted, by the RFC that defines it, and nothing else (an unknown
format is an annotation). The bundled article schema keeps its own stricter checks
(``linter.validation.formats``: web URLs only, RFC 3339 date-times with calendar reasons).

Only ASCII digits count as digits (``str.isdigit`` and ``int`` accept other scripts' digits),
and every pattern is anchored with ``\\Z``, never ``$`` (which also matches before a final
line break).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))\Z", re.ASCII)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_date(value: str) -> bool:
    """RFC 3339 ``full-date``: a real calendar day."""
    match = _DATE.match(value)
    if match is None:
        return False
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 1 <= day <= _DAYS[month - 1] + (1 if month == 2 and leap else 0)


def is_time(value: str) -> bool:
    """RFC 3339 ``full-time``; a leap second only where it is 23:59:60 in UTC."""
    match = _TIME.match(value)
    if match is None:
        return False
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    sign, offset_hours, offset_minutes = match[4], match[5], match[6]
    if hour > 23 or minute > 59 or second > 60:
        return False
    if sign is not None and (int(offset_hours) > 23 or int(offset_minutes) > 59):
        return False
    if second == 60:
        shift = 0 if sign is None else (int(offset_hours) * 60 + int(offset_minutes))
        utc = (hour * 60 + minute - (shift if sign == "+" else -shift)) % (24 * 60)
        return utc == 23 * 60 + 59
    return True


def is_date_time(value: str) -> bool:
    """RFC 3339 ``date-time``: ``T`` (or ``t``) between a full date and a full time."""
    date, separator, time = value[:10], value[10:11], value[11:]
    return separator in ("T", "t") and is_date(date) and is_time(time)


# RFC 3339 appendix A: a year is followed by nothing or a month, a month by nothing or a day;
# likewise hours, minutes, seconds. So P1Y2D and PT1H2S are not durations.
_DUR_DATE = r"(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)"
_DUR_TIME = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
_DURATION = re.compile(rf"P(?:{_DUR_DATE}(?:{_DUR_TIME})?|{_DUR_TIME}|\d+W)\Z", re.ASCII)


def is_duration(value: str) -> bool:
    """RFC 3339 appendix A ``duration``: ``P1Y2M``, ``PT36H``, ``P4W``..."""
    return _DURATION.match(value) is not None


_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z", re.ASCII)


def is_hostname(value: str) -> bool:
    """RFC 1123 host name; an ``xn--`` label must be a valid IDNA A-label."""
    if not value or len(value) > 253:
        return False
    for label in value.split("."):
        if not _LABEL.match(label):
            return False
        if label[2:4] == "--" and not label.lower().startswith("xn--"):
            return False  # RFC 5891 4.2.3.1: hyphens in places 3 and 4 only for A-labels
        if label.lower().startswith("xn--") and not _idna_ok(label):
            return False
    return True


def _idna_ok(label: str) -> bool:
    import idna  # IDNA 2008 (RFC 5890-5893): contextual rules no hand-written table covers

    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


def is_idn_hostname(value: str) -> bool:
    """RFC 5890 internationalised host name (IDNA 2008)."""
    import idna

    if not value or value.endswith((".", "\u3002", "\uff0e", "\uff61")):
        return False
    try:
        encoded = idna.encode(value, uts46=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return len(encoded) <= 253


def is_ipv4(value: str) -> bool:
    """Dotted-quad IPv4, no leading zeros (RFC 2673 section 3.2)."""
    parts = value.split(".")
    return len(parts) == 4 and all(
        part.isascii()
        and part.isdigit()
        and (part == "0" or not part.startswith("0"))
        and int(part) <= 255
        for part in parts
    )


_HEX = re.compile(r"[0-9A-Fa-f:.]+\Z", re.ASCII)


def is_ipv6(value: str) -> bool:
    """RFC 4291 IPv6 text form, without a zone (``%eth0``)."""
    if not _HEX.match(value):
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


# --- URIs and IRIs (RFC 3986 and RFC 3987) ---------------------------------------------------

_UCS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd"
    "\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"


@functools.cache
def _uri_patterns(iri: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The RFC 3986 (or, with ``iri``, RFC 3987) grammar: an absolute URI and a reference."""
    unreserved = r"A-Za-z0-9\-._~" + (_UCS if iri else "")
    pct = r"%[0-9A-Fa-f]{2}"
    sub_delims = r"!$&'()*+,;="
    pchar = rf"(?:[{unreserved}{sub_delims}:@]|{pct})"
    query = rf"(?:{pchar}|[/?{_PRIVATE if iri else ''}])*"
    fragment = rf"(?:{pchar}|[/?])*"
    dec = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    ipv4 = rf"{dec}\.{dec}\.{dec}\.{dec}"
    h16 = r"[0-9A-Fa-f]{1,4}"
    ls32 = rf"(?:{h16}:{h16}|{ipv4})"
    ipv6 = (
        rf"(?:(?:{h16}:){{6}}{ls32}|::(?:{h16}:){{5}}{ls32}|(?:{h16})?::(?:{h16}:){{4}}{ls32}"
        rf"|(?:(?:{h16}:){{0,1}}{h16})?::(?:{h16}:){{3}}{ls32}"
        rf"|(?:(?:{h16}:){{0,2}}{h16})?::(?:{h16}:){{2}}{ls32}"
        rf"|(?:(?:{h16}:){{0,3}}{h16})?::{h16}:{ls32}|(?:(?:{h16}:){{0,4}}{h16})?::{ls32}"
        rf"|(?:(?:{h16}:){{0,5}}{h16})?::{h16}|(?:(?:{h16}:){{0,6}}{h16})?::)"
    )
    ipvfuture = rf"[vV][0-9A-Fa-f]+\.[{unreserved}{sub_delims}:]+"
    host = rf"(?:\[(?:{ipv6}|{ipvfuture})\]|{ipv4}|(?:[{unreserved}{sub_delims}]|{pct})*)"
    userinfo = rf"(?:[{unreserved}{sub_delims}:]|{pct})*"
    authority = rf"(?:{userinfo}@)?{host}(?::[0-9]*)?"
    segment = rf"{pchar}*"
    segment_nz = rf"{pchar}+"
    segment_nz_nc = rf"(?:[{unreserved}{sub_delims}@]|{pct})+"
    path_abempty = rf"(?:/{segment})*"
    path_absolute = rf"/(?:{segment_nz}(?:/{segment})*)?"
    hier = rf"(?://{authority}{path_abempty}|{path_absolute}|{segment_nz}(?:/{segment})*|)"
    scheme = r"[A-Za-z][A-Za-z0-9+\-.]*"
    absolute = rf"{scheme}:{hier}(?:\?{query})?(?:#{fragment})?"
    relative_part = (
        rf"(?://{authority}{path_abempty}|{path_absolute}|{segment_nz_nc}(?:/{segment})*|)"
    )
    relative = rf"{relative_part}(?:\?{query})?(?:#{fragment})?"
    return re.compile(rf"(?:{absolute})\Z"), re.compile(rf"(?:{absolute}|{relative})\Z")


def is_uri(value: str) -> bool:
    return _uri_patterns(False)[0].match(value) is not None


def is_uri_reference(value: str) -> bool:
    return _uri_patterns(False)[1].match(value) is not None


def is_iri(value: str) -> bool:
    return _uri_patterns(True)[0].match(value) is not None


def is_iri_reference(value: str) -> bool:
    return _uri_patterns(True)[1].match(value) is not None


_URI_TEMPLATE = re.compile(
    r"(?:[^{}\x00-\x20\x7f\"<>\\^`|]|\{[+#./;?&=,!@|]?"
    r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*"
    r"(?::[1-9][0-9]{0,3}|\*)?"
    r"(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*"
    r"(?::[1-9][0-9]{0,3}|\*)?)*\})*\Z"
)


def is_uri_template(value: str) -> bool:
    """RFC 6570 URI template (level 4 syntax)."""
    return _URI_TEMPLATE.match(value) is not None


# --- e-mail (RFC 5321 section 4.1.2, RFC 6531 for idn-email) -----------------------------------

_ATEXT = r"A-Za-z0-9!#$%&'*+\-/=?^_`{|}~"
_QUOTED = r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"'


@functools.cache
def _local_part(idn: bool) -> re.Pattern[str]:
    atext = _ATEXT + (r"\u0080-\U0010ffff" if idn else "")
    # RFC 6531 3.3: UTF8-non-ascii is allowed in quoted local parts too.
    quoted = _QUOTED[:-3] + (r"|[\u0080-\U0010ffff]" if idn else "") + _QUOTED[-3:]
    return re.compile(rf"(?:[{atext}]+(?:\.[{atext}]+)*|{quoted})\Z")


def _is_email(value: str, idn: bool) -> bool:
    local, at, domain = value.rpartition("@")
    if not at or not local or not _local_part(idn).match(local):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal.lower().startswith("ipv6:"):
            return is_ipv6(literal[5:])
        return is_ipv4(literal)
    return is_idn_hostname(domain) if idn else is_hostname(domain)


def is_email(value: str) -> bool:
    return _is_email(value, idn=False)


def is_idn_email(value: str) -> bool:
    return _is_email(value, idn=True)


_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\Z")


def is_uuid(value: str) -> bool:
    return _UUID.match(value) is not None


def is_regex(value: str) -> bool:
    """A regular expression (ECMA-262, approximated by Python's ``re``: what it cannot compile,
    or ECMA-262's lone ``\\Z``-style escapes it would, is refused)."""
    if re.search(r"(?<!\\)(?:\\\\)*\\[aAzZ]", value):  # not ECMA-262 escapes
        return False
    try:
        re.compile(value)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


_POINTER = re.compile(r"(?:/(?:[^~/]|~[01])*)*\Z")
_RELATIVE_POINTER = re.compile(r"(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~[01])*)*)\Z", re.ASCII)


def is_json_pointer(value: str) -> bool:
    return _POINTER.match(value) is not None


def is_relative_json_pointer(value: str) -> bool:
    return _RELATIVE_POINTER.match(value) is not None


# Formats asserted for a user's schema; strings only: other types pass, as the spec says.
CHECKS: dict[str, Callable[[str], bool]] = {
    "date-time": is_date_time,
    "date": is_date,
    "time": is_time,
    "duration": is_duration,
    "email": is_email,
    "idn-email": is_idn_email,
    "hostname": is_hostname,
    "idn-hostname": is_idn_hostname,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "uri": is_uri,
    "uri-reference": is_uri_reference,
    "iri": is_iri,
    "iri-reference": is_iri_reference,
    "uri-template": is_uri_template,
    "uuid": is_uuid,
    "regex": is_regex,
    "json-pointer": is_json_pointer,
    "relative-json-pointer": is_relative_json_pointer,
}

# The rule that reports a failed format (``invalid-value`` for the others).
RULES = {
    "date-time": "invalid-date",
    "date": "invalid-date",
    "time": "invalid-date",
    "duration": "invalid-date",
    "uri": "invalid-url",
    "uri-reference": "invalid-url",
    "iri": "invalid-url",
    "iri-reference": "invalid-url",
    "hostname": "invalid-domain",
    "idn-hostname": "invalid-domain",
}
