"""What the network (or a site's local build) said about one URL.

Its own module, free of aiohttp: the link cache and the online stage's reporting use it
without loading the HTTP client.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkResult:
    """What the network said about one URL."""

    outcome: str  # ok, broken, unverifiable, refused, loop, not-image
    detail: str = ""
    final_url: str | None = None  # where a permanent redirect leads
    size: tuple[int, int] | None = None  # an image's real width and height
    bytes_read: int = 0
    # False when no server answered at all (the name did not resolve, no connection, no
    # reply): if that is so for every host of a run, the network is down, not the links.
    answered: bool = True
    # Alive only because the configuration accepts its status: not remembered in the cache,
    # where it would outlive a change of that configuration.
    accepted: bool = False

    @property
    def alive(self) -> bool:
        return self.outcome == "ok"
