"""Check URLs on the network: alive, dead or unverifiable, and the real size of images.

One aiohttp session on one event loop checks every distinct URL once. It is polite and safe:

- a global limit of connections in flight and, per host, a limit and a pause between
  requests; a 429 answer slows that host down (``Retry-After`` is honoured, capped);
- redirects are followed here, hop by hop, at most ``MAX_HOPS``, so that every hop goes
  through the address check (``linter.netguard``) and loops are seen;
- HEAD first for pages, GET when a server refuses HEAD; images are read with a ranged GET of
  their first bytes, never whole;
- timeouts, resets and 5xx answers are retried with backoff; what still fails is
  *unverifiable* (a warning), not *broken*, so a flaky site does not fail a build.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from linter import imagesize
from linter.netguard import Policy

MAX_HOPS = 10
USER_AGENT = "article-lint (link checker; +https://github.com/article-lint/article-lint)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_FIRST_BYTES = 16 * 1024
_RATE_LIMIT_RETRIES = 4


@dataclass(frozen=True)
class Settings:
    """How hard and how politely to check."""

    timeout: float = 10.0
    concurrency: int = 128
    per_host: int = 4
    host_delay: float = 0.1  # seconds between two requests to one host: 10 a second at most
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: float = 30.0
    image_bytes: int = 512 * 1024  # read at most this much of an image to find its size
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkResult:
    """What the network said about one URL."""

    outcome: str  # ok, broken, unverifiable, refused, loop, not-image
    detail: str = ""
    final_url: str | None = None  # where a permanent redirect leads
    size: tuple[int, int] | None = None  # an image's real width and height
    bytes_read: int = 0

    @property
    def alive(self) -> bool:
        return self.outcome == "ok"


class _Refused(OSError):
    """The resolver found only addresses the policy refuses."""


class _GuardedResolver(AbstractResolver):
    """Resolves host names, then keeps only the addresses the policy allows."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        import ipaddress

        resolved = await self._inner.resolve(host, port, family)
        allowed, reasons = [], []
        for entry in resolved:
            reason = self._policy.refusal(host, ipaddress.ip_address(entry["host"]))
            if reason is None:
                allowed.append(entry)
            else:
                reasons.append(reason)
        if not allowed:
            raise _Refused(reasons[0] if reasons else f"{host} has no address")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


@dataclass
class _Hosts:
    """Per-host politeness: a concurrency limit and a pause between requests."""

    settings: Settings
    gates: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    next_start: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    delay: dict[str, float] = field(default_factory=dict)

    async def wait_turn(self, host: str) -> None:
        while True:
            now = time.monotonic()
            start = self.next_start[host]
            if now >= start:
                self.next_start[host] = now + self.delay.get(host, self.settings.host_delay)
                return
            await asyncio.sleep(start - now)

    def gate(self, host: str) -> asyncio.Semaphore:
        if host not in self.gates:
            self.gates[host] = asyncio.Semaphore(self.settings.per_host)
        return self.gates[host]

    def slow_down(self, host: str, pause: float) -> None:
        """A 429: pause this host, and space its requests further apart from now on."""
        self.delay[host] = min(max(self.delay.get(host, self.settings.host_delay) * 2, 0.2), 5.0)
        self.next_start[host] = max(self.next_start[host], time.monotonic() + pause)


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Any
    body: bytes = b""


class Checker:
    """Checks URLs with one session; use as ``async with Checker(settings) as checker``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.policy = Policy.from_allowed(settings.allowed)
        self._hosts = _Hosts(settings)
        self._global = asyncio.Semaphore(settings.concurrency)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Checker:
        connector = aiohttp.TCPConnector(
            limit=self.settings.concurrency,
            resolver=_GuardedResolver(self.policy),
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": USER_AGENT},
            timeout=aiohttp.ClientTimeout(total=self.settings.timeout),
            auto_decompress=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def check_all(
        self, urls: Iterable[tuple[str, bool]], progress: Callable[[], None] | None = None
    ) -> dict[tuple[str, bool], LinkResult]:
        """Check every ``(url, is_image)`` once."""
        targets = list(dict.fromkeys(urls))

        async def one(target: tuple[str, bool]) -> tuple[tuple[str, bool], LinkResult]:
            async with self._global:
                result = await self.check(*target)
            if progress is not None:
                progress()
            return target, result

        return dict(await asyncio.gather(*(one(t) for t in targets)))

    async def check(self, url: str, image: bool) -> LinkResult:
        """Follow ``url`` to its end and judge what is there."""
        seen: set[str] = set()
        current, permanent = url, False
        for _ in range(MAX_HOPS + 1):
            if current in seen:
                return LinkResult("loop", f"redirect loop back to {current}")
            seen.add(current)
            answer = await self._fetch(current, image)
            if isinstance(answer, LinkResult):
                return answer
            location = answer.headers.get("Location")
            if answer.status in _REDIRECTS and location:
                permanent = permanent or answer.status in _PERMANENT
                current = str(URL(current).join(URL(location)))
                continue
            result = self._judge(answer, image)
            if permanent and result.alive and current != url:
                return LinkResult(
                    "ok",
                    result.detail,
                    final_url=current,
                    size=result.size,
                    bytes_read=result.bytes_read,
                )
            return result
        return LinkResult("loop", f"more than {MAX_HOPS} redirects")

    def _judge(self, answer: _Answer, image: bool) -> LinkResult:
        status = answer.status
        if status in (404, 410):
            return LinkResult("broken", f"{status} {'not found' if status == 404 else 'gone'}")
        if status == 999 or (status == 403 and "cf-mitigated" in answer.headers):
            return LinkResult("unverifiable", f"{status}: the site blocks automated checks")
        if status in (401, 403, 429) or status >= 500:
            return LinkResult("unverifiable", f"{status} from the server")
        if status >= 400:
            return LinkResult("broken", f"{status} from the server")
        if not image:
            return LinkResult("ok", str(status))
        return self._image(answer)

    def _image(self, answer: _Answer) -> LinkResult:
        body, read = answer.body, len(answer.body)
        found = imagesize.size(body)
        content_type = answer.headers.get("Content-Type", "")
        if isinstance(found, tuple):
            return LinkResult("ok", "image", size=found, bytes_read=read)
        if imagesize.kind(body) is None and not content_type.startswith("image/"):
            shown = content_type.split(";")[0] or "no content type"
            return LinkResult(
                "not-image", f"the server sent {shown}, not an image", bytes_read=read
            )
        if content_type.startswith("image/svg"):
            return LinkResult("ok", "svg image", bytes_read=read)
        return LinkResult(
            "unverifiable",
            f"could not read the image size in its first {read} bytes",
            bytes_read=read,
        )

    async def _fetch(self, url: str, image: bool) -> _Answer | LinkResult:
        """One hop: the answer, retried as the settings say, or why there is none."""
        parsed = URL(url)
        host = parsed.host or ""
        refusal = self.policy.literal_refusal(host)
        if refusal is not None:
            return LinkResult("refused", refusal)
        method = "GET" if image else "HEAD"
        attempt = 0
        while True:
            try:
                answer = await self._request(method, url, host, image)
            except _Retry as retry:
                attempt += 1
                # A rate limit is the server asking for patience, not failing: wait longer.
                budget = self.settings.retries + (
                    _RATE_LIMIT_RETRIES if retry.pause is not None else 0
                )
                if attempt > budget:
                    return LinkResult("unverifiable", retry.reason)
                await asyncio.sleep(
                    retry.pause
                    if retry.pause is not None
                    else self.settings.backoff * 2 ** (attempt - 1)
                )
                continue
            except _Final as final:
                return final.result
            if method == "HEAD" and answer.status in (405, 501):
                method = "GET"  # some servers refuse HEAD; GET works
                continue
            return answer

    async def _request(self, method: str, url: str, host: str, image: bool) -> _Answer:
        assert self._session is not None
        headers = {"Accept-Encoding": "identity"}
        if image:
            headers["Range"] = f"bytes=0-{_FIRST_BYTES - 1}"
        async with self._hosts.gate(host):
            await self._hosts.wait_turn(host)
            try:
                async with self._session.request(
                    method, url, headers=headers, allow_redirects=False
                ) as response:
                    return await self._read(response, host, image)
            except TimeoutError:
                raise _Retry(f"timed out after {self.settings.timeout:g}s") from None
            except aiohttp.ClientConnectorError as error:
                raise _connection_error(error) from None
            except (
                aiohttp.ServerDisconnectedError,
                aiohttp.ClientOSError,
                aiohttp.ClientPayloadError,
            ) as error:
                raise _Retry(f"connection failed: {_brief(error)}") from None
            except aiohttp.ClientError as error:
                raise _Final(
                    LinkResult("unverifiable", f"request failed: {_brief(error)}")
                ) from None

    async def _read(self, response: aiohttp.ClientResponse, host: str, image: bool) -> _Answer:
        status = response.status
        if status == 429:
            pause = min(
                _retry_after(response.headers.get("Retry-After")), self.settings.max_retry_after
            )
            self._hosts.slow_down(host, pause)
            raise _Retry("429 too many requests", pause)
        if status >= 500:
            raise _Retry(f"{status} from the server")
        body = b""
        if image and status < 300:
            body = await self._image_head(response, b"")
            if status == 206 and imagesize.size(body) == imagesize.NEED_MORE:
                body = await self._more_of_image(str(response.url), host, body)
        return _Answer(status, response.headers, body)

    async def _more_of_image(self, url: str, host: str, body: bytes) -> bytes:
        """A JPEG whose size comes after large metadata: the next range, up to the cap."""
        assert self._session is not None
        headers = {
            "Accept-Encoding": "identity",
            "Range": f"bytes={len(body)}-{self.settings.image_bytes - 1}",
        }
        await self._hosts.wait_turn(host)
        async with self._session.get(url, headers=headers, allow_redirects=False) as response:
            return await self._image_head(response, body) if response.status == 206 else body

    async def _image_head(self, response: aiohttp.ClientResponse, body: bytes) -> bytes:
        """The image's first bytes: enough for its size, never more than the cap."""
        while len(body) < self.settings.image_bytes:
            chunk = await response.content.read(
                min(_FIRST_BYTES, self.settings.image_bytes - len(body))
            )
            if not chunk:
                break
            body += chunk
            if imagesize.size(body) != imagesize.NEED_MORE:
                break
        response.close()  # whatever is left of a large image is never downloaded
        return body


class _Retry(Exception):
    def __init__(self, reason: str, pause: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.pause = reason, pause


class _Final(Exception):
    def __init__(self, result: LinkResult) -> None:
        super().__init__(result.detail)
        self.result = result


def _connection_error(error: aiohttp.ClientConnectorError) -> Exception:
    cause = error.os_error
    if isinstance(cause, _Refused):
        return _Final(LinkResult("refused", str(cause)))
    if isinstance(error, getattr(aiohttp, "ClientConnectorDNSError", ())) or isinstance(
        cause, socket.gaierror
    ):
        return _Final(LinkResult("broken", f"unknown host {error.host}"))
    if isinstance(cause, ConnectionRefusedError):
        return _Final(LinkResult("broken", f"connection refused by {error.host}:{error.port}"))
    return _Retry(f"cannot connect to {error.host}: {_brief(cause)}")


def _retry_after(value: str | None) -> float:
    if value is None:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 1.0


def _brief(error: BaseException) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:120].lower()


def check_urls(
    urls: Iterable[tuple[str, bool]], settings: Settings, progress: Callable[[], None] | None = None
) -> dict[tuple[str, bool], LinkResult]:
    """Check ``(url, is_image)`` pairs on one event loop; the synchronous entry point."""

    async def run() -> dict[tuple[str, bool], LinkResult]:
        async with Checker(settings) as checker:
            return await checker.check_all(urls, progress)

    return asyncio.run(run())
