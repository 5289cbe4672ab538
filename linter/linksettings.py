"""The online checks' settings: defined once, here, with their limits and help.

The configuration's ``[online]`` table, the command line's flags and the README's table are
all read off these fields, so a default is written in one place. This module imports nothing
heavy: the command line builds its flags from it without loading aiohttp.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class NetworkDown(Exception):
    """No host of an online run answered: this machine's network, not the links, failed.

    Here, not beside the checker: the command line catches it without importing aiohttp.
    """


class Settings(NamedTuple):
    """How hard and how politely to check, and how long to remember."""

    # A named tuple, not a dataclass: the command line imports this module on every run,
    # and building a dataclass costs more than the rest of it.
    timeout: float = 10.0
    concurrency: int = 128
    per_host: int = 4
    host_delay: float = 0.1
    retries: int = 2
    max_retry_after: float = 30.0
    host_failures: int = 3
    budget: float = 600.0
    ttl_days: float = 7.0
    backoff: float = 0.5
    image_bytes: int = 512 * 1024  # read at most this much of an image to find its size
    allowed: tuple[str, ...] = ()  # from the command line and the environment only


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
    Setting("per_host", 1, "requests in flight per host", "--per-host"),
    Setting("host_delay", 0.0, "seconds between two requests to one host", "--host-delay"),
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


def build(chosen: Mapping[str, float], allowed: tuple[str, ...] = ()) -> Settings:
    """Settings from checked ``[online]`` keys and values; the rest stay at their defaults."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.key in chosen:
            value = chosen[setting.key]
            values[setting.name] = int(value) if isinstance(setting.default, int) else value
    return Settings(**values, allowed=allowed)


def readme_table() -> str:
    """The README's table of ``[online]`` settings (a test keeps the README in step)."""
    rows = ["| setting | flag | default | what it sets |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        flag = f"`{setting.flag}`" if setting.flag else ""
        rows.append(f"| `{setting.key}` | {flag} | {setting.default:g} | {setting.help} |")
    return "\n".join(rows) + "\n"
