"""The online stage (``--online``): every URL field of every linted file, checked on the network.

Runs after the offline pass: it reads the files again for their URLs (with the field pointer
and position of each), checks each distinct URL once (``linter.online.linkcheck``), answers alive
links from the link cache, and turns the outcomes into problems of the online rules, with
the same configuration, severities and suppression comments as every other rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from linter.config import Config
from linter.config.linksettings import Settings
from linter.engine import discovery, runner
from linter.guard import fsguard
from linter.model import Document, Finding, Position, Problem, Replacement, display_path
from linter.online import localsite
from linter.online.linkresult import LinkResult

# What each outcome is reported as; "ok" is reported only for a permanent redirect.
_RULES = {
    "broken": "dead-link",
    "unverifiable": "unverifiable-link",
    "refused": "unchecked-link",
    "loop": "redirect-loop",
    "not-image": "not-an-image",
}


_NOWHERE = Position(1, 1)


@dataclass(frozen=True)
class Link:
    """One URL field of one file."""

    file: str
    pointer: str
    url: str
    position: Position
    image: bool
    # For an image: its pointer, where it was written and its declared width and height.
    image_pointer: str = ""
    image_position: Position = _NOWHERE
    declared: tuple[object, object] = (None, None)


def links_of(doc: Document) -> Iterator[Link]:
    """The http(s) URLs of a document, images marked as such."""
    image_urls = {}
    for image_field in doc.fields.images:
        for pointer, image in doc.each(image_field.pattern):
            if isinstance(image, dict):
                key = image_field.url or next((k for k in _URL_KEYS if k in image), "url")
                image_urls[f"{pointer}/{key}"] = (pointer, image)
    urls = list(doc.each(*doc.fields.urls))
    known = {pointer for pointer, _ in urls}
    urls += [(pointer, doc.get(pointer)) for pointer in image_urls if pointer not in known]
    for pointer, value in urls:
        if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
            continue
        found = image_urls.get(pointer)
        if found is None:
            yield Link(doc.path, pointer, value, doc.locate(pointer), image=False)
            continue
        image_pointer, image = found
        yield Link(
            doc.path,
            pointer,
            value,
            doc.locate(pointer),
            image=True,
            image_pointer=image_pointer,
            image_position=doc.locate(image_pointer),
            declared=(image.get("width"), image.get("height")),
        )


# An image object's URL key, when the configuration names the image but not its key.
_URL_KEYS = ("url", "src", "href", "path", "image")


def run(
    found: list[discovery.Found],
    config: Config,
    settings: Settings,
    *,
    cache_dir: Path | None,
    progress: Callable[[int], Callable[[], None] | None] | None = None,
) -> list[Problem]:
    """Check the links of ``found``; the problems the network showed."""
    controls = settings.controls
    links: list[Link] = []
    # Each file's front matter, for its suppression comments when its findings are judged.
    front_matter: dict[str, str] = {}
    for item in found:
        try:
            doc = runner.read(item.name, discovery.read(item), config)
        except fsguard.NotReadable:
            continue  # reported offline as unreadable-file
        links += [link for link in links_of(doc) if not controls.excluded(link.url)]
        front_matter[item.name] = doc.front_matter
    targets = list(dict.fromkeys((link.url, link.image) for link in links))
    # An http link's https twin is checked too: --fix upgrades the link when it answers the same.
    targets += [
        (twin, image)
        for url, image in list(targets)
        if (twin := https_twin(url)) is not None and not controls.excluded(twin)
    ]
    targets = list(dict.fromkeys(targets))
    # Remapped: asked at another address, or answered by the site's local build.
    asked: dict[tuple[str, bool], tuple[str, bool]] = {}
    results: dict[tuple[str, bool], LinkResult] = {}
    for url, image in targets:
        remap = controls.remapped(url)
        if remap is None:
            asked[(url, image)] = (url, image)
        elif remap.folder is not None:
            results[(url, image)] = localsite.check(remap, url, image, settings.image_bytes)
        else:
            asked[(url, image)] = (remap.target + url[len(remap.prefix) :], image)
    fetched = _fetch(list(dict.fromkeys(asked.values())), settings, cache_dir, progress)
    for target, address in asked.items():
        result = fetched[address]
        if address != target and result.final_url is not None:
            # A redirect of the remapped address says nothing about the URL as written.
            result = dataclasses.replace(result, final_url=None)
        results[target] = result
    findings: dict[str, list[tuple[str, Finding]]] = {}
    for link in links:
        findings.setdefault(link.file, []).extend(_findings(link, results))
    return [
        problem
        for path, found_here in findings.items()
        for problem in runner.judge(
            Document(path, None, found=tuple(found_here), front_matter=front_matter[path]), config
        )
    ]


def _fetch(
    targets: list[tuple[str, bool]],
    settings: Settings,
    cache_dir: Path | None,
    progress: Callable[[int], Callable[[], None] | None] | None,
) -> dict[tuple[str, bool], LinkResult]:
    """The network's answers for ``targets``: from the link cache, or asked."""
    from linter.online import linkcheck
    from linter.online.linkcache import LinkCache

    cache = LinkCache(cache_dir, settings.ttl_days) if cache_dir is not None else None
    try:
        results = cache.get(targets) if cache is not None else {}
        todo = [t for t in targets if t not in results]
        if todo:
            checked = linkcheck.check_urls(
                todo, settings, progress(len(todo)) if progress else None
            )
            results.update(checked)
            if cache is not None:
                cache.put(checked)
    finally:
        if cache is not None:
            cache.close()
    return results


def https_twin(url: str) -> str | None:
    """The https:// address of an http:// URL on the default port, else ``None``."""
    if not url.lower().startswith("http://"):
        return None
    authority = url[7:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in authority.rpartition("@")[2].rpartition("]")[2]:
        return None  # an explicit port: the https service would be elsewhere
    return "https://" + url[7:]


def _findings(
    link: Link, results: dict[tuple[str, bool], LinkResult]
) -> Iterator[tuple[str, Finding]]:
    """What the network said about one link, as findings named after their rules."""
    result = results[(link.url, link.image)]
    where = f'"{display_path(link.pointer)}"'
    twin = https_twin(link.url)
    twin_result = results.get((twin, link.image)) if twin else None
    if (
        twin
        and twin_result
        and twin_result.alive
        and result.alive
        and twin_result.size == result.size
    ):
        message = f"{where} uses http; expected https ({twin} answers the same)"
        upgrade = (Replacement(link.pointer, twin),)
        yield "insecure-url", Finding(link.pointer, message, link.position, upgrade)
    if result.outcome in _RULES:
        message = _message(where, link.url, result)
        yield _RULES[result.outcome], Finding(link.pointer, message, link.position)
    if result.final_url:
        message = f"{where} permanently redirects to {result.final_url}; expected the final url"
        final = (Replacement(link.pointer, result.final_url),)
        yield "permanent-redirect", Finding(link.pointer, message, link.position, final)
    if result.size is not None and link.image and tuple(link.declared) != result.size:
        width, height = link.declared
        real_width, real_height = result.size
        message = (
            f"image is {real_width}x{real_height} pixels but the front matter says "
            f"{width}x{height} ({link.url})"
        )
        resize = (
            Replacement(f"{link.image_pointer}/width", real_width),
            Replacement(f"{link.image_pointer}/height", real_height),
        )
        finding = Finding(link.image_pointer, message, link.image_position, resize)
        yield "image-size-mismatch", finding


def _message(where: str, url: str, result: LinkResult) -> str:
    texts = {
        "broken": f"{where} is a dead link: {result.detail} ({url})",
        "unverifiable": f"{where} could not be verified: {result.detail} ({url})",
        "refused": f"{where} was not checked: {result.detail} ({url})",
        "loop": f"{where} never arrives: {result.detail} ({url})",
        "not-image": f"{where} is not an image: {result.detail} ({url})",
    }
    return texts[result.outcome]
