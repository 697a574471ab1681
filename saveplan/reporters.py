"""Reporters: take a CheckResult and print it. Adding a format is one small class and
one entry in REPORTERS."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import ClassVar, Protocol, TextIO

from saveplan.checker import CheckResult
from saveplan.findings import Finding


class Reporter(Protocol):
    def report(self, result: CheckResult, out: TextIO) -> None: ...


def finding_dict(f: Finding) -> dict[str, object]:
    return {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
            "severity": f.severity.value, "message": f.message}


class JsonReporter:
    """SPEC: one JSON object with findings, files, errors, warnings."""

    def report(self, result: CheckResult, out: TextIO) -> None:
        body = {"findings": [finding_dict(f) for f in result.findings], "files": result.files,
                "errors": result.errors, "warnings": result.warnings}
        out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands: one annotation a finding, on the file and line."""

    def report(self, result: CheckResult, out: TextIO) -> None:
        for f in result.findings:
            props = (f"file={_escape_property(f.path)},line={f.line},col={f.column},"
                     f"title={_escape_property(f.code)}")
            out.write(f"::{f.severity.value} {props}::{_escape_data(f.message)}\n")
        out.write(_summary(result) + "\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(result: CheckResult) -> str:
    if not result.findings:
        return f"{_plural(result.files, 'file')} checked: no problems."
    return (f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')} "
            f"in {_plural(result.files, 'file')} checked.")


class TextReporter:
    """For people: findings grouped by file, `line:col  severity  code  message`."""

    STYLES: ClassVar[dict[str, str]] = {"error": "bold red", "warning": "yellow"}

    def report(self, result: CheckResult, out: TextIO) -> None:
        from rich.text import Text

        from saveplan.console import make_console

        console = make_console(out, soft_wrap=True)
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in result.findings:
            by_file[f.path].append(f)
        for path, found in by_file.items():
            console.print(Text(path, style="bold underline"))
            for f in found:
                row = Text("  ")
                row.append(f"{path}:{f.line}:{f.column}", style="dim")
                row.append("  ")
                row.append(f"{f.severity.value:<7}", style=self.STYLES[f.severity.value])
                row.append(f" {f.code}  ", style="bold")
                row.append(f.message)
                console.print(row)
            console.print()
        style = "bold red" if result.errors else ("yellow" if result.warnings else "bold green")
        console.print(Text(_summary(result), style=style))


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
}
