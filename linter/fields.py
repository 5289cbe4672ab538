"""Where each kind of value lives in a document, as ``Document.each`` patterns.

The schema says it (``linter.validation.fieldmap`` reads it off any schema): the date rules
look at every string it gives ``format: date-time`` or ``date``, the URL rules at every
``format: uri``/``iri``/``uri-reference`` string, the image rules at every object with a URL
and integer ``width`` and ``height``, the text rules at every other plain string. The
configuration's ``[fields]`` table adds or removes patterns where a schema cannot say it.
``BUNDLED`` is what the bundled article schema says (a test derives it again and compares):
the bundled format's runs need no derivation.
"""

from __future__ import annotations

from typing import NamedTuple

# How sites write dates: linter.validation.dates reads each.
DIALECTS = ("rfc3339", "jekyll", "hugo", "javascript")


class Image(NamedTuple):
    """An image object's pattern (``/images/*``) and the key of its URL (``url``)."""

    pattern: str
    url: str


class FieldMap(NamedTuple):
    """Which rules look where, and how the site writes its dates."""

    dates: tuple[str, ...] = ()
    # The dates that say when something was published or changed: the future-date rule's
    # (an expiry or event date may lie ahead).
    publication_dates: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    texts: tuple[str, ...] = ()
    # Every field the schema types as a string (texts, and enums, tokens, dates, URLs too).
    strings: tuple[str, ...] = ()
    # How date strings are written: rfc3339, jekyll, hugo or javascript (linter.validation.dates).
    dialect: str = "rfc3339"
    # Every field the schema types as a boolean and nothing else (``draft``, ``published``):
    # where the site's YAML reader reads ``no`` as a string, the schema rejects it.
    booleans: tuple[str, ...] = ()
    # Read off the bundled schema (whatever [fields] and the dialect changed since): rules
    # whose defaults belong to the bundled format ask this, not whether the map is BUNDLED.
    bundled: bool = False


# Field names that say a date is when something was published or last changed; compared
# lowercase with "_" and "-" removed. Not publishDate: Hugo schedules posts with it.
PUBLICATION_NAMES = frozenset(
    {
        "date",
        "published",
        "publishedat",
        "publisheddate",
        "publisheddatetime",
        "pubdate",
        "datepublished",
        "created",
        "createdat",
        "datecreated",
        "lastmod",
        "lastmodified",
        "modified",
        "modifiedat",
        "datemodified",
        "updated",
        "updatedat",
        "updateddate",
        "lastupdated",
        "dateupdated",
        "modifieddate",
        "createddate",
        "publicationdate",
    }
)


def is_publication_date(pattern: str) -> bool:
    """Whether the field at ``pattern`` is named as a publication (or change) date."""
    name = pattern.rsplit("/", 1)[-1]
    return name.lower().replace("_", "").replace("-", "") in PUBLICATION_NAMES


BUNDLED = FieldMap(
    dates=("/publishedDateTime", "/related/*/publishedDateTime"),
    publication_dates=("/publishedDateTime", "/related/*/publishedDateTime"),
    urls=(
        "/originalUrl",
        "/webUrl",
        "/ampWebUrl",
        "/cdnAmpWebUrl",
        "/provider/images/*/url",
        "/images/*/url",
        "/related/*/webUrl",
        "/related/*/originalUrl",
        "/related/*/ampWebUrl",
        "/related/*/cdnAmpWebUrl",
        "/related/*/provider/images/*/url",
        "/related/*/images/*/url",
    ),
    images=(
        Image("/provider/images/*", "url"),
        Image("/images/*", "url"),
        Image("/related/*/provider/images/*", "url"),
        Image("/related/*/images/*", "url"),
    ),
    texts=(
        "/category",
        "/title",
        "/excerpt",
        "/provider/name",
        "/provider/images/*/title",
        "/topics/*",
        "/images/*/title",
        "/related/*/title",
        "/related/*/excerpt",
        "/related/*/provider/name",
        "/related/*/provider/images/*/title",
        "/related/*/images/*/title",
    ),
    strings=(
        "/category",
        "/title",
        "/excerpt",
        "/publishedDateTime",
        "/originalUrl",
        "/webUrl",
        "/ampWebUrl",
        "/cdnAmpWebUrl",
        "/type",
        "/featuredContent",
        "/provider/name",
        "/provider/domain",
        "/provider/images/*/url",
        "/provider/images/*/title",
        "/topics/*",
        "/images/*/url",
        "/images/*/title",
        "/related/*/title",
        "/related/*/excerpt",
        "/related/*/publishedDateTime",
        "/related/*/webUrl",
        "/related/*/originalUrl",
        "/related/*/ampWebUrl",
        "/related/*/cdnAmpWebUrl",
        "/related/*/type",
        "/related/*/provider/name",
        "/related/*/provider/domain",
        "/related/*/provider/images/*/url",
        "/related/*/provider/images/*/title",
        "/related/*/images/*/url",
        "/related/*/images/*/title",
        "/secured",
    ),
    booleans=(
        "/published",
        "/provider/images/*/isCached",
        "/images/*/isCached",
        "/related/*/provider/images/*/isCached",
        "/related/*/images/*/isCached",
    ),
    bundled=True,
)
