"""Reporters: take a CheckResult and print it. Adding a format is one small class and
one entry in REPORTERS."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import ClassVar, Protocol, TextIO

from saveplan import words
from saveplan.checker import CheckResult
from saveplan.findings import Finding


class Reporter(Protocol):
    def report(self, result: CheckResult, out: TextIO) -> None: ...


def finding_dict(f: Finding) -> dict[str, object]:
    return {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
            "severity": f.severity.value, "message": f.message}


class JsonReporter:
    """the contract: one JSON object with findings, files, errors, warnings."""

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


def _summary(result: CheckResult) -> str:
    if not result.findings:
        return f"{words.count(result.files, 'file')} checked: no problems."
    return (f"{words.count(result.errors, 'error')}, {words.count(result.warnings, 'warning')} "
            f"in {words.count(result.files, 'file')} checked.")


class TextReporter:
    """For people: findings grouped by file, `line:col  severity  code  message`."""

    STYLES: ClassVar[dict[str, str]] = {"error": "bold red", "warning": "yellow"}

    def report(self, result: CheckResult, out: TextIO) -> None:
        from saveplan.console import LineConsole as make_console  # rich only where it colours
        from saveplan.console import LineText as Text

        console = make_console(out, soft_wrap=True)
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in result.findings:
            by_file[f.path].append(f)
        for path, found in by_file.items():
            console.print(Text(path, style="bold underline"))
            for f in found:
                row = Text("  ")
                row.append(f.where, style="dim")
                row.append("  ")
                row.append(f"{f.severity.value:<7}", style=self.STYLES[f.severity.value])
                row.append(f" {f.code}  ", style="bold")
                row.append(f.message)
                console.print(row)
            console.print()
        style = "bold red" if result.errors else ("yellow" if result.warnings else "bold green")
        console.print(Text(_summary(result), style=style))


# --- CI formats: JUnit XML, SARIF 2.1.0, GitLab Code Quality ---------------------------

def _every_path(result: CheckResult) -> list[str]:
    """Files in the order checked, then any other file a finding names (saveplan.yaml)."""
    return list(dict.fromkeys([*result.paths, *(f.path for f in result.findings)]))


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold (most control characters) become U+FFFD."""
    import re

    return re.sub(r"[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]", "\uFFFD", text)


class JunitReporter:
    """JUnit XML (GitLab, Jenkins, Azure DevOps, CircleCI): one testcase a file, one
    failure an error finding; warnings are listed in the testcase's system-out."""

    def report(self, result: CheckResult, out: TextIO) -> None:
        import xml.etree.ElementTree as ET

        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in result.findings:
            by_file[f.path].append(f)
        paths = _every_path(result)
        failures = result.errors
        counts = {"tests": str(len(paths)), "failures": str(failures), "errors": "0", "skipped": "0"}
        suites = ET.Element("testsuites", {"name": "saveplan", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "saveplan check", **counts})
        for path in paths:
            case = ET.SubElement(suite, "testcase", {"classname": "saveplan check", "name": path,
                                                     "file": path})
            warnings = []
            for f in by_file.get(path, []):
                where = f.where
                if f.is_error:
                    failure = ET.SubElement(case, "failure", {
                        "type": f.code, "message": _xml_text(f"{f.code} line {f.line}: {f.message}")})
                    failure.text = _xml_text(f"{where}  {f.code}  {f.message}")
                else:
                    warnings.append(_xml_text(f"{where}  warning  {f.code}  {f.message}"))
            if warnings:
                ET.SubElement(case, "system-out").text = "\n".join(warnings)
        ET.indent(suites)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(suites, encoding="unicode") + "\n")


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


class SarifReporter:
    """SARIF 2.1.0 (GitHub code scanning and others): one rule a code, one result a finding."""

    def report(self, result: CheckResult, out: TextIO) -> None:
        from urllib.parse import quote

        from saveplan import __version__
        from saveplan.findings import CODES

        codes = sorted({f.code for f in result.findings})
        index = {code: n for n, code in enumerate(codes)}
        rules = [{"id": code, "name": code,
                  "shortDescription": {"text": CODES[code].summary},
                  "help": {"text": f"{CODES[code].summary}. Run `saveplan rules {code}` for "
                                   "what it checks and how to fix it."},
                  "defaultConfiguration": {"level": CODES[code].severity.value}}
                 for code in codes]
        results = []
        for f in result.findings:
            location: dict[str, object] = {"artifactLocation": {"uri": quote(f.path)}}
            if f.line >= 1:
                region: dict[str, int] = {"startLine": f.line}
                if f.column >= 1:
                    region["startColumn"] = f.column
                location["region"] = region
            results.append({"ruleId": f.code, "ruleIndex": index[f.code],
                            "level": f.severity.value, "message": {"text": f.message},
                            "locations": [{"physicalLocation": location}]})
        body = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "saveplan", "version": __version__, "rules": rules}},
            "artifacts": [{"location": {"uri": quote(p)}} for p in _every_path(result)],
            "results": results}]}
        out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


class GitlabReporter:
    """GitLab Code Quality JSON: a list of issues, each with a fingerprint that stays the
    same while the finding does (code, file, message; not the line, which moves)."""

    SEVERITY: ClassVar[dict[str, str]] = {"error": "major", "warning": "minor"}

    def report(self, result: CheckResult, out: TextIO) -> None:
        import hashlib

        seen: dict[tuple[str, str, str], int] = defaultdict(int)
        issues = []
        for f in result.findings:
            key = (f.path, f.code, f.message)
            seen[key] += 1  # the same finding twice in a file still gets two fingerprints
            digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()
            issues.append({"description": f"{f.code} {f.message}", "check_name": f.code,
                           "fingerprint": digest, "severity": self.SEVERITY[f.severity.value],
                           "location": {"path": f.path, "lines": {"begin": max(f.line, 1)}}})
        out.write(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
    "sarif": SarifReporter,
    "gitlab": GitlabReporter,
}
