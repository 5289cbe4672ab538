"""Reporters: turn problems into text for people or machines, picked by name from a table."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from linter.model import Problem, Severity
from linter.rules import registry
from linter.version import __version__

INFORMATION_URI = "https://github.com/article-lint/article-lint"


@dataclass(frozen=True)
class Summary:
    """What a reporter may say besides the problems: the files checked."""

    files: tuple[str, ...]
    quiet: bool = False
    strict: bool = False  # warnings fail the run (and a JUnit test case) too
    # The files were checked against the bundled schema (no schema configured): a report
    # full of missing fields usually means the site has a format of its own.
    bundled: bool = False


def neutral(text: str) -> str:
    """``text`` with nothing a terminal, a CI log or a document reader would act on.

    File names, keys and values come from the tree under review. Each control character
    (C0, DEL, C1: line breaks, ESC sequences, ``\\x01``), line and paragraph separator and
    bidirectional override is written as its escape (``\\n``, ``\\x1b``, ``\\u202e``), a byte
    of a name that is not UTF-8 as ``\\xff``, and a leading ``::`` (a GitHub Actions
    workflow command when a line starts with it) as ``\\x3a:``.
    """
    if _UNSAFE.search(text) is not None:
        text = _UNSAFE.sub(_escape, text)
    if text.lstrip().startswith("::"):
        at = text.index(":")
        text = f"{text[:at]}\\x3a{text[at + 1 :]}"
    return text


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _neutral_problem(problem: Problem) -> Problem:
    fields = (problem.file, problem.code, problem.message, problem.pointer)
    if _clean(fields):  # the usual problem: one search, no copy
        return problem
    file, code, message, pointer = map(neutral, fields)
    return replace(problem, file=file, code=code, message=message, pointer=pointer)


def _clean(texts: tuple[str, ...]) -> bool:
    """Whether ``neutral`` leaves every one of ``texts`` as it is."""
    joined = " ".join(texts)  # a space: neither unsafe nor part of a "::"
    return "::" not in joined and _UNSAFE.search(joined) is None


def _neutralised(reporter: Callable[[list[Problem], Summary], str]) -> Reporter:
    """``reporter`` fed only neutral text: the one place every format goes through."""

    @functools.wraps(reporter)
    def safe(problems: list[Problem], summary: Summary) -> str:
        if not _clean(summary.files):
            summary = replace(summary, files=tuple(map(neutral, summary.files)))
        return reporter(list(map(_neutral_problem, problems)), summary)

    return safe


def _text(problems: list[Problem], summary: Summary) -> str:
    lines = [
        f"{p.file}:{p.line}:{p.column}: {p.severity.value} [{p.code}] {p.message}" for p in problems
    ]
    if not summary.quiet:
        lines.append(summary_line(problems, len(summary.files)))
        if summary.bundled and any(p.severity is Severity.ERROR for p in problems):
            lines.append(BUNDLED_NOTE)
    return "\n".join(lines) + "\n" if lines else ""


BUNDLED_NOTE = (
    "note: checked against the bundled schema, everyday.cc's article format; for your own "
    "format, run 'article-lint init' (it drafts a schema from your articles) or set "
    'schema = "your.schema.json" in .article-lint.toml'
)


def summary_line(problems: list[Problem], files: int) -> str:
    """``3 problems (2 errors, 1 warning) in 2 of 10 files``, or that all is clean."""
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not problems:
        return f"no problems in {checked}"
    counts = Counter(p.severity for p in problems)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    affected = len({p.file for p in problems})
    total = len(problems)
    return f"{total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {affected} of {checked}"


def _as_json(problems: list[Problem], summary: Summary) -> str:
    """A JSON array, one problem per line (readable in a diff, and fast to write)."""
    if not problems:
        return "[]\n"
    rows = ",\n".join("  " + json.dumps(p.as_dict(), ensure_ascii=False) for p in problems)
    return f"[\n{rows}\n]\n"


def _github(problems: list[Problem], summary: Summary) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    return "".join(
        f"::{_GITHUB_LEVELS[p.severity]} file={_property(p.file)},line={p.line},col={p.column},"
        f"title={_property(p.code)}::{_data(p.message)}\n"
        for p in problems
    )


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # Escaping of workflow command values, as in @actions/core's command.ts.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif(problems: list[Problem], summary: Summary) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers."""
    from urllib.parse import quote

    rules = list(registry().values())
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": "article-lint",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [
            {
                "id": rule.id,
                "shortDescription": {"text": rule.summary},
                "help": {"text": rule.doc.strip() or rule.summary},
                "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            }
            for rule in rules
        ],
    }
    results = [
        {
            "ruleId": p.code,
            "ruleIndex": index[p.code],
            "level": _SARIF_LEVELS[p.severity],
            "message": {"text": p.message},
            # Stable across edits that move lines: code scanning follows a result by these.
            "partialFingerprints": {"articleLintField/v1": _fingerprint(p)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(p.file.replace("\\", "/"))},
                        "region": {"startLine": p.line, "startColumn": p.column},
                    }
                }
            ],
        }
        for p in problems
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _fingerprint(problem: Problem) -> str:
    import hashlib

    key = f"{problem.file}\0{problem.code}\0{problem.pointer}\0{problem.message}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _junit(problems: list[Problem], summary: Summary) -> str:
    """JUnit XML: a test case per file; it fails when the run would fail on it (errors, and
    warnings with ``--strict``); the other problems are its output."""
    from xml.etree import ElementTree

    failing = {Severity.ERROR, Severity.WARNING} if summary.strict else {Severity.ERROR}
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    files = sorted(set(summary.files) | set(by_file))
    failed = [name for name in files if any(p.severity in failing for p in by_file.get(name, ()))]
    suite = ElementTree.Element(
        "testsuite",
        name="article-lint",
        tests=str(len(files)),
        failures=str(len(failed)),
        errors="0",
    )
    for name in files:
        case = ElementTree.SubElement(suite, "testcase", classname="article-lint", name=name)
        found = by_file.get(name)
        if not found:
            continue
        listing = "\n".join(
            f"{p.line}:{p.column}: {p.severity.value} [{p.code}] {p.message}" for p in found
        )
        if name in failed:
            first = next(p for p in found if p.severity in failing)
            failure = ElementTree.SubElement(
                case, "failure", message=summary_line(found, 1), type=first.code
            )
            failure.text = listing
        else:
            ElementTree.SubElement(case, "system-out").text = listing
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )


# GitHub's step summary takes 1 MiB; the report stays under it, with room for the last line.
MARKDOWN_LIMIT = 1_000_000


def _markdown(problems: list[Problem], summary: Summary) -> str:
    """A summary table and the problems by file, for step summaries and PR comments.

    Every message is escaped, so GitHub shows it as written (``&ldquo;`` stays ``&ldquo;``,
    ``*`` is no emphasis), and the report stays under ``MARKDOWN_LIMIT`` bytes: what does not
    fit is counted in a last line.
    """
    lines = ["## article-lint", "", summary_line(problems, len(summary.files)), ""]
    if not problems:
        return "\n".join(lines)
    counts = Counter((p.code, p.severity.value) for p in problems)
    lines += ["| rule | severity | problems |", "| --- | --- | ---: |"]
    lines += [f"| `{code}` | {level} | {n} |" for (code, level), n in sorted(counts.items())]
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    size = sum(len(line.encode()) + 1 for line in lines)
    shown = 0
    for name, found in by_file.items():
        section = ["", f"### `{name.replace('`', '')}`", ""] + [
            f"- line {p.line}, column {p.column}: **{p.severity.value}** `{p.code}` {_md(p.message)}"
            for p in found
        ]
        cost = sum(len(line.encode()) + 1 for line in section)
        if size + cost > MARKDOWN_LIMIT - 400:
            break
        lines += section
        size += cost
        shown += len(found)
    if shown < len(problems):
        files_left = len(by_file) - sum(1 for line in lines if line.startswith("### "))
        lines += [
            "",
            f"_{len(problems) - shown} more problems in {files_left} more files are not shown: "
            f"this report stops at {MARKDOWN_LIMIT} bytes; the full list is in the JSON, SARIF "
            "or text report._",
        ]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = str.maketrans(
    {c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|~"}
    | {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " "}
)


def _md(text: str) -> str:
    """``text`` as GitHub-flavoured Markdown shows literally."""
    return text.translate(_MARKDOWN_SPECIAL)


def statistics(problems: list[Problem]) -> str:
    """Problems per rule, most frequent first."""
    counts = Counter((p.code, p.severity.value) for p in problems)
    return "".join(f"{n:6d}  {code:<26} {level}\n" for (code, level), n in counts.most_common())


Reporter = Callable[[list[Problem], Summary], str]

# Every format is reached through ``_neutralised``, so none can forget a file name.
text = _neutralised(_text)
as_json = _neutralised(_as_json)
github = _neutralised(_github)
sarif = _neutralised(_sarif)
junit = _neutralised(_junit)
markdown = _neutralised(_markdown)

FORMATTERS: dict[str, Reporter] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
    "markdown": markdown,
}
