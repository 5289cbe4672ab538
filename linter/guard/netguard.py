"""Which network addresses the online checks may connect to (SSRF protection).

Only public unicast addresses are allowed by default. Refused: loopback, private (RFC 1918,
fc00::/7), link-local (169.254/16, fe80::/10), shared (100.64/10), unspecified, multicast,
reserved and documentation ranges, and IPv4-mapped or -translated IPv6 spellings of those.
``ipaddress.ip_address("::ffff:127.0.0.1").is_loopback`` is False, so mapped addresses are
unwrapped first; 100.64/10 is not ``is_private``, so it is listed.

Host names are checked on every address the resolver returns (the connection is only ever
made to a checked address, on every redirect hop); IP literals are checked before the
request, because aiohttp does not call the resolver for them. IPv4 literals are read the way
``inet_aton`` reads them, so ``2130706433``, ``0x7f000001``, ``127.1`` and ``0177.0.0.1`` are
all 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_SHARED = ipaddress.ip_network("100.64.0.0/10")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def why_not_public(address: Address) -> str | None:
    """Why ``address`` is not a public unicast address, or ``None`` when it is one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = (
            address.ipv4_mapped
            or address.sixtofour
            or (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None)
        )
        if embedded is not None:
            reason = why_not_public(embedded)
            return f"{reason} (as {address})" if reason else None
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (
            isinstance(address, ipaddress.IPv4Address) and address in _SHARED,
            "a shared (carrier-grade NAT) address",
        ),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    return None


def ip_literal(host: str) -> Address | None:
    """The address a host written as an IP literal names, in any spelling; else ``None``."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not all(c.isalnum() or c == "." for c in host) or not host[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))  # 127.1, 0x7f000001, 0177.0.0.1
    except OSError:
        return None


@dataclass(frozen=True)
class Policy:
    """Addresses are refused unless public, or allowed by name or network (``--allow-host``)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def from_allowed(cls, allowed: Iterable[str]) -> Policy:
        """``allowed`` holds host names, addresses and CIDR networks."""
        hosts: set[str] = set()
        networks: list[Network] = []
        for item in allowed:
            try:
                networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                hosts.add(item.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def refusal(self, host: str, address: Address) -> str | None:
        """Why connecting to ``address`` (resolved from ``host``) is refused, or ``None``."""
        if host.lower().rstrip(".") in self.hosts or any(address in net for net in self.networks):
            return None
        reason = why_not_public(address)
        if reason is None:
            return None
        shown = host if host.strip("[]") == str(address) else f"{host} ({address})"
        return f"{shown} is {reason}; pass --allow-host to check it"

    def literal_refusal(self, host: str) -> str | None:
        """For a host written as an IP literal: why it is refused (checked before any request)."""
        address = ip_literal(host)
        return None if address is None else self.refusal(host, address)


_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?")


def parse_allowed(items: Iterable[str]) -> list[str]:
    """Check ``--allow-host`` values: host names, IP addresses or CIDR networks."""
    checked = []
    for item in items:
        text = item.strip()
        try:
            ipaddress.ip_network(text.strip("[]"), strict=False)
        except ValueError:
            if "/" in text or not _HOST_NAME.fullmatch(text):
                raise ValueError(
                    f"invalid allowed host {item!r}; expected a host name, an address or a CIDR network"
                ) from None
        checked.append(text)
    return checked
