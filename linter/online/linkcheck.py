"""Check URLs on the network: alive, dead or unverifiable, and the real size of images.

One aiohttp session on one event loop checks every distinct URL once. It is polite and safe:

- a global limit of connections in flight and, per host, a limit and a pause between
  requests; a 429 answer slows that host down (``Retry-After`` is honoured, capped);
- redirects are followed here, hop by hop, at most ``MAX_HOPS``, so that every hop goes
  through the address check (``linter.guard.netguard``) and loops are seen;
- HEAD first for pages, GET when a server refuses HEAD; images are read with a ranged GET of
  their first bytes, never whole;
- timeouts, resets and 5xx answers are retried with backoff; what still fails is
  *unverifiable* (a warning), not *broken*, so a flaky site does not fail a build.

It is bounded, whatever the links and the servers do: a host that fails ``host_failures``
requests in a row (timeouts, resets) is given up for the run, a ``Retry-After`` longer than
``max_retry_after`` is not waited for, and the whole check ends after ``budget`` seconds
with what it has (the rest unverifiable). A URL that cannot be parsed, in an article or in
a ``Location`` header, is a problem on that URL, never the end of the run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from linter.config.linksettings import NetworkDown, Settings
from linter.guard.netguard import Policy
from linter.online import imagesize
from linter.online.linkresult import LinkResult
from linter.online.pacing import Pace

MAX_HOPS = 10
USER_AGENT = "article-lint (link checker; +https://github.com/article-lint/article-lint)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_FIRST_BYTES = 16 * 1024
_RATE_LIMIT_RETRIES = 4


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
        self._paces: dict[str, Pace] = {}
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

        results: dict[tuple[str, bool], LinkResult] = {}

        async def one(target: tuple[str, bool]) -> None:
            try:
                results[target] = await self.check(*target)
            except Exception as error:  # noqa: BLE001 - one URL must not end the run
                results[target] = LinkResult("unverifiable", f"check failed: {_brief(error)}")
            if progress is not None:
                progress()

        tasks = [asyncio.ensure_future(one(t)) for t in targets]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=self.settings.budget)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        ran_out = LinkResult(
            "unverifiable", f"not checked: the online budget of {self.settings.budget:g}s ran out"
        )
        final = {target: results.get(target, ran_out) for target in targets}
        _check_the_network(final)
        return final

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
                # A failure after a redirect: the first host did answer.
                return answer if current == url else dataclasses.replace(answer, answered=True)
            location = answer.headers.get("Location")
            accepted = answer.status in self.settings.controls.accept
            if answer.status in _REDIRECTS and location and not accepted:
                permanent = permanent or answer.status in _PERMANENT
                try:
                    current = str(URL(current).join(URL(location)))
                except ValueError as error:
                    return LinkResult(
                        "broken",
                        f"redirects to a malformed address {location[:80]!r}: {_brief(error)}",
                    )
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
        if status in self.settings.controls.accept:
            return LinkResult("ok", f"{status}, accepted by the configuration", accepted=True)
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
        try:
            host = URL(url).host or ""
        except ValueError as error:
            return LinkResult("broken", f"not a valid url: {_brief(error)}")
        refusal = self.policy.literal_refusal(host)
        if refusal is not None:
            return LinkResult("refused", refusal)
        method = "GET" if image else "HEAD"
        attempt, waited = 0, 0.0
        while True:
            try:
                answer = await self._request(method, url, host, image)
            except _Retry as retry:
                attempt += 1
                # A rate limit is the server asking for patience, not failing: wait longer,
                # but never more than max_retry_after in all.
                tries = self.settings.retries + (
                    _RATE_LIMIT_RETRIES if retry.pause is not None else 0
                )
                pause = (
                    retry.pause
                    if retry.pause is not None
                    else self.settings.backoff * 2 ** (attempt - 1)
                )
                if retry.pause is not None and waited + pause > self.settings.max_retry_after:
                    return LinkResult(
                        "unverifiable",
                        f"{retry.reason}: asked to wait {pause:g}s more; "
                        f"expected at most {self.settings.max_retry_after:g}s in all",
                    )
                if attempt > tries:
                    return LinkResult("unverifiable", retry.reason, answered=not retry.unreachable)
                waited += pause
                await asyncio.sleep(pause)
                continue
            except _Final as final:
                return final.result
            if method == "HEAD" and answer.status in (405, 501):
                method = "GET"  # some servers refuse HEAD; GET works
                continue
            return answer

    async def _request(self, method: str, url: str, host: str, image: bool) -> _Answer:
        assert self._session is not None
        headers = self._headers(host)
        if image:
            headers["Range"] = f"bytes=0-{_FIRST_BYTES - 1}"
        pace = self._pace(host)
        # The host's turn first, then a place among all requests: a request waiting for its
        # host must not hold a place that another host could use.
        async with pace.turn(), self._global:
            # Checked in the host's queue, not before it: others may have failed meanwhile.
            if pace.unanswered >= self.settings.host_failures:
                given_up = (
                    f"{host} did not answer {pace.unanswered} requests in a row; "
                    "given up for this run"
                )
                raise _Final(LinkResult("unverifiable", given_up, answered=False))
            try:
                async with self._session.request(
                    method, url, headers=headers, allow_redirects=False
                ) as response:
                    return await self._read(response, pace, image)
            except TimeoutError:
                pace.unanswered_request()
                raise _Retry(
                    f"timed out after {self.settings.timeout:g}s", unreachable=True
                ) from None
            except aiohttp.ClientConnectorError as error:
                failure = _connection_error(error)
                if isinstance(failure, _Retry):
                    pace.unanswered_request()
                raise failure from None
            except (
                aiohttp.ServerDisconnectedError,
                aiohttp.ClientOSError,
                aiohttp.ClientPayloadError,
            ) as error:
                pace.unanswered_request()
                raise _Retry(f"connection failed: {_brief(error)}", unreachable=True) from None
            except aiohttp.ClientError as error:
                raise _Final(
                    LinkResult("unverifiable", f"request failed: {_brief(error)}")
                ) from None

    def _pace(self, host: str) -> Pace:
        pace = self._paces.get(host)
        if pace is None:
            pace = self._paces[host] = Pace(self.settings.per_host, self.settings.host_delay)
        return pace

    def _headers(self, host: str) -> dict[str, str]:
        # Per hop, by that hop's host: a token for one host never follows a redirect elsewhere.
        return {"Accept-Encoding": "identity", **self.settings.controls.headers_for(host)}

    async def _read(self, response: aiohttp.ClientResponse, pace: Pace, image: bool) -> _Answer:
        status = response.status
        accepted = status in self.settings.controls.accept
        retry_after = response.headers.get("Retry-After")
        if status in (429, 503) and not accepted:
            # The server asks for less: this host slows down now, for every URL of it.
            pause = _retry_after(retry_after) if status == 429 or retry_after else None
            pace.strained(
                pause=min(pause or 0.0, self.settings.max_retry_after),
                rate_limited=status == 429 or retry_after is not None,
            )
            reason = "429 too many requests" if status == 429 else "503 from the server"
            raise _Retry(reason, pause)
        if status >= 500 and not accepted:
            pace.reached()
            raise _Retry(f"{status} from the server")
        pace.answered()
        body = b""
        if image and status < 300:
            body = await self._image_head(response, b"")
            if status == 206 and imagesize.size(body) == imagesize.NEED_MORE:
                body = await self._more_of_image(str(response.url), pace, body)
        return _Answer(status, response.headers, body)

    async def _more_of_image(self, url: str, pace: Pace, body: bytes) -> bytes:
        """A JPEG whose size comes after large metadata: the next range, up to the cap."""
        assert self._session is not None
        headers = self._headers(URL(url).host or "")
        headers["Range"] = f"bytes={len(body)}-{self.settings.image_bytes - 1}"
        await pace.space()
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
    """Worth another try: after ``pause`` (a rate limit), or after a backoff.

    ``unreachable``: the host did not answer at all (a timeout, a failed connection).
    """

    def __init__(self, reason: str, pause: float | None = None, *, unreachable: bool = False):
        super().__init__(reason)
        self.reason, self.pause, self.unreachable = reason, pause, unreachable


class _Final(Exception):
    def __init__(self, result: LinkResult) -> None:
        super().__init__(result.detail)
        self.result = result


# "Temporary failure in name resolution" and kin: asked again, as any transient failure is.
_TRANSIENT_RESOLVER_ERRORS = frozenset(
    getattr(socket, name) for name in ("EAI_AGAIN", "EAI_FAIL") if hasattr(socket, name)
)


def _connection_error(error: aiohttp.ClientConnectorError) -> Exception:
    cause = error.os_error
    if isinstance(cause, _Refused):
        return _Final(LinkResult("refused", str(cause)))
    if isinstance(error, getattr(aiohttp, "ClientConnectorDNSError", ())) or isinstance(
        cause, socket.gaierror
    ):
        if getattr(cause, "errno", None) in _TRANSIENT_RESOLVER_ERRORS:
            return _Retry(f"cannot resolve {error.host}: {_brief(cause)}", unreachable=True)
        return _Final(LinkResult("broken", f"unknown host {error.host}", answered=False))
    if isinstance(cause, ConnectionRefusedError):
        message = f"connection refused by {error.host}:{error.port}"
        return _Final(LinkResult("broken", message, answered=False))
    return _Retry(f"cannot connect to {error.host}: {_brief(cause)}", unreachable=True)


def _check_the_network(results: dict[tuple[str, bool], LinkResult]) -> None:
    """Raise ``NetworkDown`` when no host of the run answered anything.

    One host that does not exist, among hosts that answer, is a dead link; every host failing
    to resolve or to connect is this machine's network (a CI runner's DNS outage), and
    reporting each link as dead would be false.
    """
    reached: dict[str, bool] = {}
    for (url, _), result in results.items():
        if result.outcome == "refused":
            continue  # never asked: the address policy said no
        try:
            host = URL(url).host or ""
        except ValueError:
            continue
        reached[host] = reached.get(host, False) or result.answered
    if reached and not any(reached.values()):
        raise NetworkDown(
            f"no host answered: name resolution or connection failed for all {len(reached)} "
            "hosts of this run, so no link is reported as dead; is this machine offline?"
        )


def _retry_after(value: str | None) -> float:
    """Seconds to wait, from a ``Retry-After`` header (seconds or an HTTP date)."""
    if value is None:
        return 1.0
    try:
        seconds = float(value)
        return max(0.0, seconds) if math.isfinite(seconds) else math.inf  # "inf", "nan"
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
