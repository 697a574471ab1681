"""The official YAML test suite (../shared/yaml-test-suite, MIT licence inside): every
invalid document draws SP100, the C and the pure parser give the same verdict on every
document, and the valid mapping documents a plan file refuses are the ones docs/yaml.md
lists (docs/yaml.md says why: a plan is written in a plain subset of YAML)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saveplan import loader
from saveplan.loader import LoadError, parse
from tests.builders import REPO

SUITE = REPO.parent / "shared" / "yaml-test-suite"
CASES = sorted(p.parent for p in SUITE.rglob("in.yaml")) if SUITE.is_dir() else []
NOT_A_MAPPING = ("the top level is", "expected a single document", "the file is empty",
                 "did not find expected <document start>")
pytestmark = pytest.mark.skipif(not CASES, reason="the YAML test suite is not beside the repository")


def _verdict(text: str, pure: bool, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """None when the document loads, else the SP100 message."""
    monkeypatch.setattr(loader, "PURE", pure)
    try:
        parse(text)
    except LoadError as exc:
        return exc.message
    return None


def _text(case: Path) -> str | None:
    try:
        return (case / "in.yaml").read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None  # not UTF-8: SP100 before any parser (tests/test_loader.py)


def test_both_parsers_agree_and_every_invalid_document_is_sp100(monkeypatch: pytest.MonkeyPatch) -> None:
    if loader._CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed: only the pure parser is here")
    disagree, passed = [], []
    for case in CASES:
        text = _text(case)
        if text is None:
            continue
        c, pure = _verdict(text, False, monkeypatch), _verdict(text, True, monkeypatch)
        if (c is None) != (pure is None):
            disagree.append(f"{case.relative_to(SUITE)}: C {c!r}, pure {pure!r}")
        if (case / "error").exists() and (c is None or pure is None):
            passed.append(str(case.relative_to(SUITE)))
    assert disagree == [] and passed == []


def test_the_valid_mappings_refused_are_the_ones_the_docs_list(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = (REPO / "docs" / "yaml.md").read_text()
    listed = set(re.findall(r"^\| `([0-9A-Z]{4}(?:/[0-9]+)?)` \|", docs, re.M))
    refused = set()
    for case in CASES:
        text = _text(case)
        if text is None or (case / "error").exists():
            continue
        why = _verdict(text, True, monkeypatch)
        if why is not None and not why.startswith(NOT_A_MAPPING) and not any(w in why for w in NOT_A_MAPPING):
            refused.add(str(case.relative_to(SUITE)))
    assert refused == listed
