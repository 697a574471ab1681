"""The README's examples are what the commands print: a newcomer copies them."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.builders import REPO
from tests.conftest import Run


def test_the_check_example_is_real_output(run: Run) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n\$ (saveplan check [^\n]+)\n(.*?)```", readme, re.S)
    assert block, "the README's `saveplan check` example"
    words = shlex.split(block.group(1))[1:]
    result = run(*words, cwd=REPO)
    assert result.out == block.group(2)


def test_the_metrics_example_is_real_output(run: Run) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(Save program metrics: every plan of the workspace\n.*?)```", readme, re.S)
    assert block, "the README's `saveplan metrics` example"
    case = REPO.parent / "shared" / "acceptance" / "cases" / "program-metrics" / "workspace"
    if not case.is_dir():
        pytest.skip("the contract's cases are not beside the repository")
    assert run("metrics", "--today", "2027-06-01", cwd=case).out == block.group(1)
