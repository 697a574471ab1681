"""Locations are looked up through an index built once per mapping, so a plan with
20,000 unknown keys gets its 20,000 findings in one pass (docs/hardening.md)."""

from __future__ import annotations

from datetime import date

from saveplan.checker import check_document
from saveplan.loader import parse
from saveplan.models import WorkspaceConfig
from saveplan.workspace import place
from tests.builders import REFERENCE_PLAN

TODAY_DATE = date(2026, 11, 25)


def test_every_unknown_key_is_placed_at_its_own_line_through_one_index() -> None:
    base = REFERENCE_PLAN.read_text(encoding="utf-8")
    first = base.count("\n") + 1
    doc = parse(base + "".join(f"unknown_key_{i}: {i}\n" for i in range(20_000)))
    _, found = check_document(doc, WorkspaceConfig(), TODAY_DATE)
    placed = place([f for f in found if f.code == "SP103"], "big.yaml", doc)
    assert len(placed) == 20_000
    assert [(f.line, f.column) for f in placed[:2]] == [(first, 1), (first + 1, 1)]
    assert placed[-1].line == first + 19_999
    assert placed[-1].message == "unknown key 'unknown_key_19999'"  # no fuzzy search past 100
    assert placed[0].message.startswith("unknown key 'unknown_key_0'")
    assert len(doc._index) == 1  # the top-level mapping, indexed once
