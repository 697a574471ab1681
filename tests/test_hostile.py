"""Hostile input: whatever the bytes, check reports findings with lines inside the file,
never a traceback."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saveplan.checker import check_file
from saveplan.cli import main
from saveplan.models import WorkspaceConfig

from .builders import REFERENCE_PLAN

REFERENCE = REFERENCE_PLAN.read_bytes()
TODAY = date(2026, 11, 25)
JUNK = [b":", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!python/object:os.system ", b"\t",
        b"\xff", b"\x00", b"'", b'"', b"#", b"  ", b"\n", b"---\n", b"? ", b"|", b">", b"%YAML 1.1\n",
        b"<<: *a\n", b"-1e999", b"nan", b"2027-02-30", b"day -3", b"week 99999"]


def damage(raw: bytes, rng: random.Random) -> bytes:
    """The plan with a few random edits: junk inserted, lines dropped, duplicated, swapped
    or re-indented, bytes flipped, the file cut short."""
    lines = raw.split(b"\n")
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        op = rng.choice(["insert", "drop", "dup", "swap", "indent", "flip", "truncate"])
        if op == "insert":
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(JUNK) + lines[i][at:]
        elif op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = b" " * rng.randint(0, 7) + lines[i].lstrip()
        elif op == "flip" and lines[i]:
            at = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:at] + bytes([rng.randrange(256)]) + lines[i][at + 1:]
        elif op == "truncate":
            lines = lines[: i + 1]
    return b"\n".join(lines)


def assert_well_placed(found: list[Any], raw: bytes) -> None:
    n_lines = max(1, len(raw.decode("utf-8", "replace").splitlines()))
    for f in found:
        assert 1 <= f.line <= n_lines, (f, n_lines)
        assert f.column >= 1 and f.code.startswith("SP") and f.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rng=st.randoms(use_true_random=False))
def test_damaged_plans_give_placed_findings(tmp_path: Path, rng: random.Random) -> None:
    raw = damage(REFERENCE, rng)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    assert_well_placed(check_file(path, WorkspaceConfig(), TODAY), raw)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_arbitrary_bytes_never_crash(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    assert_well_placed(check_file(path, WorkspaceConfig(), TODAY), raw)


def test_a_folder_of_400_damaged_plans_gives_valid_json(tmp_path: Path, capsys: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    sizes = {}
    for i in range(400):
        raw = damage(REFERENCE, random.Random(i))
        (plans / f"p{i:03}.yaml").write_bytes(raw)
        sizes[f"plans/p{i:03}.yaml"] = max(1, len(raw.decode("utf-8", "replace").splitlines()))
    monkeypatch.chdir(tmp_path)  # restored after the test: later tests run where they expect
    code = main(["check", "--format", "json", "--today", "2026-11-25"])
    body = json.loads(capsys.readouterr().out)
    assert code == 1 and body["files"] == 400  # 1: damaged plans fail the check; never 3
    for f in body["findings"]:
        assert 1 <= f["line"] <= sizes[f["path"]]
