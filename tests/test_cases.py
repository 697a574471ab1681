"""Data-driven rule tests: every tests/cases/**/*.yaml is one case whose header says
exactly which findings `check` must report (see docs/conventions.md for the lines).

    # today: 2026-11-25          (optional, default 2026-11-25)
    # expect: SP203@37:5 SP301@29:5  (code@line:column, or `nothing`; `SP100@?` = any line)
    # roster: none               (optional: check without a roster)

Where the header cannot live in the file (an empty file, bad UTF-8), it sits in a
sibling `NAME.yaml.expect`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from saveplan.checker import check_file
from saveplan.models import WorkspaceConfig
from saveplan.workspace import load_config

from .builders import CASES

FILES = sorted(p for p in CASES.rglob("*.yaml") if p.name != "saveplan.yaml")
ROSTER, _ = load_config(CASES / "saveplan.yaml")


def _header(path: Path) -> str:
    sidecar = path.with_name(path.name + ".expect")
    return (sidecar if sidecar.exists() else path).read_bytes().decode("utf-8", "replace")


def _expectations(path: Path) -> tuple[date, list[str], bool]:
    head = _header(path)
    today = re.search(r"^# today: (\S+)", head, re.M)
    expect = re.search(r"^# expect: (.+)$", head, re.M)
    roster = re.search(r"^# roster: none", head, re.M) is None
    assert expect, f"{path}: no '# expect:' header"
    words = [] if expect.group(1).strip() == "nothing" else expect.group(1).split()
    return date.fromisoformat(today.group(1)) if today else date(2026, 11, 25), words, roster


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CASES)) for p in FILES])
def test_case(path: Path) -> None:
    today, words, with_roster = _expectations(path)
    config = ROSTER if with_roster else WorkspaceConfig()
    found = check_file(path, config, today)
    exact = Counter(w for w in words if not w.endswith("@?"))
    anyline = Counter(w.split("@")[0] for w in words if w.endswith("@?"))
    unplaced = [w for w in exact if not w.endswith("@?") and ":" not in w]
    assert not unplaced, f"give the column too (CODE@LINE:COLUMN): {unplaced}"
    got = Counter(f"{f.code}@{f.line}:{f.column}" for f in found)
    for word, n in anyline.items():
        hits = [k for k in got if k.startswith(word + "@")]
        assert sum(got[k] for k in hits) == n, f"{word}: got {dict(got)}"
        for k in hits:
            del got[k]
    assert got == exact, "\n".join(f"{f.code}@{f.line}:{f.column} {f.message}" for f in found)


# contract 1.1 codes whose rules are being built; this set shrinks to empty as they land
NOT_BUILT_YET: set[str] = set()
# codes that compare files, so a one-file case cannot show them (tested in tests/test_twin_plans.py)
ACROSS_FILES = {"SP207"}


def test_corpus_covers_every_code() -> None:
    from saveplan.findings import CODES

    seen = {w.split("@")[0] for p in FILES for w in _expectations(p)[1]}
    plan_codes = {code for code in CODES if code.startswith("SP")} - NOT_BUILT_YET - ACROSS_FILES
    assert plan_codes <= seen, f"codes without a case: {sorted(plan_codes - seen)}"
