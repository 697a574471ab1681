"""The fast path (C parser, worker processes) gives exactly the findings of the plain path
(pure-Python parser, one process); without ruamel.yaml.clib, saveplan is slower, not wrong."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from saveplan import checker, loader
from saveplan.checker import check_files
from saveplan.workspace import load_config

from .builders import REPO
from .test_hostile import damage

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """240 plans: the examples and the rule cases, each damaged at random (seeded)."""
    sources = sorted(REPO.glob("plans/*.yaml")) + sorted((REPO / "tests" / "cases").rglob("*.yaml"))
    folder = tmp_path_factory.mktemp("fuzzed")
    paths = []
    for i in range(240):
        rng = random.Random(i)
        raw = sources[i % len(sources)].read_bytes()
        path = folder / f"p{i:03}.yaml"
        path.write_bytes(raw if i % 4 == 0 else damage(raw, rng))
        paths.append(path)
    return paths


def test_c_parser_and_pure_parser_agree(corpus: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Where both parsers read a file, the findings are identical; where either refuses it
    (libyaml and ruamel's pure scanner differ on rare syntax, e.g. a tab inside a plain
    scalar), both still fail the file: the verdict never depends on the C extension."""
    if loader._CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    config, _ = load_config(REPO / "saveplan.yaml")
    compared = 0
    for path in corpus:
        monkeypatch.setattr(loader, "PURE", False)
        fast = check_files([path], config, TODAY).findings
        monkeypatch.setattr(loader, "PURE", True)
        slow = check_files([path], config, TODAY).findings
        assert any(f.is_error for f in fast) == any(f.is_error for f in slow), path
        if not any(f.code == "SP100" for f in fast + slow):
            compared += 1
            assert fast == slow
    assert compared > 80  # not vacuous: most files are compared finding by finding


def test_workers_give_the_same_findings_in_the_same_order(corpus: list[Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = load_config(REPO / "saveplan.yaml")
    monkeypatch.setattr(checker, "PARALLEL_FROM", 10**9)
    one = check_files(corpus, config, TODAY)
    monkeypatch.setattr(checker, "CHUNK", 7)
    assert checker._workers(len(corpus), jobs=2) == 2
    many = check_files(corpus, config, TODAY, jobs=2)
    assert many.files == one.files == 240
    assert many.findings == one.findings


def test_without_the_c_extension_check_still_works(corpus: list[Path]) -> None:
    """A real process in which importing ruamel.yaml.clib fails."""
    blocker = ("import sys; sys.modules['_ruamel_yaml'] = None; sys.modules['_ruamel_yaml_clibz'] = None;"
               "from saveplan import loader; assert loader.PURE;"
               "from saveplan.cli import main; sys.exit(main(sys.argv[1:]))")
    args = ["check", "--format", "json", "--today", "2026-11-25", *map(str, corpus[:40])]
    pure = subprocess.run([sys.executable, "-c", blocker, *args], capture_output=True, text=True,
                          cwd=REPO, check=False)
    fast = subprocess.run([sys.executable, "-m", "saveplan", *args], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert pure.returncode == fast.returncode == 1, pure.stderr
    slow_body, fast_body = json.loads(pure.stdout), json.loads(fast.stdout)
    assert slow_body["files"] == fast_body["files"] == 40
    readable = {f["path"] for f in fast_body["findings"] + slow_body["findings"] if f["code"] == "SP100"}
    assert [f for f in slow_body["findings"] if f["path"] not in readable] == \
        [f for f in fast_body["findings"] if f["path"] not in readable]


def test_worker_count() -> None:
    assert checker._workers(10) == 1  # few files: one process
    assert checker._workers(10, jobs=4) == 1  # never more workers than chunks of files
    assert checker._workers(1000, jobs=1) == 1
    assert checker._workers(1000, jobs=3) == 3
