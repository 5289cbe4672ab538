"""The online checks' settings: defined once, here, with their limits and help.

The configuration's ``[online]`` table, the command line's flags and the README's table are
all read off these fields, so a default is written in one place. This module imports nothing
heavy: the command line builds its flags from it without loading aiohttp.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _setting(default: float, minimum: float, help: str, flag: str | None = None) -> Any:
    """A field settable as ``[online] name-with-dashes`` (and ``flag``, when given)."""
    return field(default=default, metadata={"minimum": minimum, "help": help, "flag": flag})


@dataclass(frozen=True)
class Settings:
    """How hard and how politely to check, and how long to remember."""

    timeout: float = _setting(10.0, 0.001, "seconds per request", "--timeout")
    concurrency: int = _setting(128, 1, "requests in flight", "--concurrency")
    per_host: int = _setting(4, 1, "requests in flight per host", "--per-host")
    host_delay: float = _setting(
        0.1, 0.0, "seconds between two requests to one host", "--host-delay"
    )
    retries: int = _setting(2, 0, "retries of a request that timed out, was reset or got a 5xx")
    max_retry_after: float = _setting(
        30.0, 0.0, "seconds one URL may wait for rate limits (Retry-After), in all"
    )
    host_failures: int = _setting(
        3, 1, "requests in a row a host may leave unanswered before it is given up"
    )
    budget: float = _setting(
        600.0,
        1.0,
        "seconds for the whole online check; the rest is unverifiable",
        "--online-budget",
    )
    ttl_days: float = _setting(7.0, 0.0, "days a link found alive is not asked again")
    backoff: float = 0.5
    image_bytes: int = 512 * 1024  # read at most this much of an image to find its size
    allowed: tuple[str, ...] = ()  # from the command line and the environment only


def configurable() -> list[dataclasses.Field[Any]]:
    """The fields a user can set, in declaration order."""
    return [f for f in dataclasses.fields(Settings) if "help" in f.metadata]


def key(setting: dataclasses.Field[Any]) -> str:
    """The ``[online]`` key of a field: ``per_host`` -> ``per-host``."""
    return setting.name.replace("_", "-")


def check(name: str, value: Any) -> float:
    """``value`` for the setting ``name`` (a key), checked; raises ``ValueError`` saying why."""
    by_key = {key(f): f for f in configurable()}
    setting = by_key.get(name)
    if setting is None:
        raise ValueError(f"unknown setting {name!r}; expected one of {', '.join(by_key)}")
    whole = isinstance(setting.default, int)
    good_type = isinstance(value, int | float) and not isinstance(value, bool)
    minimum = setting.metadata["minimum"]
    if not good_type or (whole and not isinstance(value, int)) or value < minimum:
        kind = "an integer" if whole else "a number"
        raise ValueError(f"{name} must be {kind} >= {minimum:g} (got {value!r})")
    return float(value)


def build(chosen: Mapping[str, float], allowed: tuple[str, ...] = ()) -> Settings:
    """Settings from checked ``[online]`` keys and values; the rest stay at their defaults."""
    values: dict[str, Any] = {}
    for setting in configurable():
        if key(setting) in chosen:
            value = chosen[key(setting)]
            values[setting.name] = int(value) if isinstance(setting.default, int) else value
    return Settings(**values, allowed=allowed)


def readme_table() -> str:
    """The README's table of ``[online]`` settings (a test keeps the README in step)."""
    rows = ["| setting | flag | default | what it sets |", "| --- | --- | --- | --- |"]
    for setting in configurable():
        flag = setting.metadata["flag"]
        rows.append(
            f"| `{key(setting)}` | {f'`{flag}`' if flag else ''} | {setting.default:g} "
            f"| {setting.metadata['help']} |"
        )
    return "\n".join(rows) + "\n"
