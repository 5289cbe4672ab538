"""Reporters: turn problems into text for people or machines, picked by name from a table."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from linter import __version__
from linter.model import Problem, Severity
from linter.rules import registry

INFORMATION_URI = "https://github.com/article-lint/article-lint"


@dataclass(frozen=True)
class Summary:
    """What a reporter may say besides the problems: the files checked."""

    files: tuple[str, ...]
    quiet: bool = False


def text(problems: list[Problem], summary: Summary) -> str:
    lines = [
        f"{p.file}:{p.line}:{p.column}: {p.severity.value} [{p.code}] {p.message}" for p in problems
    ]
    if not summary.quiet:
        lines.append(summary_line(problems, len(summary.files)))
    return "\n".join(lines) + "\n" if lines else ""


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


def as_json(problems: list[Problem], summary: Summary) -> str:
    """A JSON array, one problem per line (readable in a diff, and fast to write)."""
    if not problems:
        return "[]\n"
    rows = ",\n".join("  " + json.dumps(p.as_dict(), ensure_ascii=False) for p in problems)
    return f"[\n{rows}\n]\n"


def github(problems: list[Problem], summary: Summary) -> str:
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


def sarif(problems: list[Problem], summary: Summary) -> str:
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


def junit(problems: list[Problem], summary: Summary) -> str:
    """JUnit XML: a test case per file, a failure per file with problems."""
    from xml.etree import ElementTree

    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    files = sorted(set(summary.files) | set(by_file))
    suite = ElementTree.Element(
        "testsuite",
        name="article-lint",
        tests=str(len(files)),
        failures=str(len(by_file)),
        errors="0",
    )
    for name in files:
        case = ElementTree.SubElement(suite, "testcase", classname="article-lint", name=name)
        found = by_file.get(name)
        if found:
            failure = ElementTree.SubElement(
                case, "failure", message=summary_line(found, 1), type=found[0].code
            )
            failure.text = "\n".join(
                f"{p.line}:{p.column}: {p.severity.value} [{p.code}] {p.message}" for p in found
            )
    root = ElementTree.Element("testsuites")
    root.append(suite)
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )


def markdown(problems: list[Problem], summary: Summary) -> str:
    """A summary table and the problems by file, for step summaries and PR comments."""
    lines = ["## article-lint", "", summary_line(problems, len(summary.files)), ""]
    if not problems:
        return "\n".join(lines)
    counts = Counter((p.code, p.severity.value) for p in problems)
    lines += ["| rule | severity | problems |", "| --- | --- | ---: |"]
    lines += [f"| `{code}` | {level} | {n} |" for (code, level), n in sorted(counts.items())]
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    for name, found in by_file.items():
        lines += ["", f"### `{name}`", ""]
        lines += [
            f"- line {p.line}, column {p.column}: **{p.severity.value}** `{p.code}` {_md(p.message)}"
            for p in found
        ]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def statistics(problems: list[Problem]) -> str:
    """Problems per rule, most frequent first."""
    counts = Counter((p.code, p.severity.value) for p in problems)
    return "".join(f"{n:6d}  {code:<26} {level}\n" for (code, level), n in counts.most_common())


Reporter = Callable[[list[Problem], Summary], str]

FORMATTERS: dict[str, Reporter] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
    "markdown": markdown,
}
