"""saveplan.init_workspace.scaffold: writes what is missing, skips what exists, says which."""

from __future__ import annotations

from pathlib import Path

import pytest

from saveplan.errors import UsageError
from saveplan.init_workspace import CONFIG, scaffold


def test_a_new_folder_gets_every_file_and_the_schemas_given(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # inside a repository: no git init
    done = scaffold(Path("ws"), "PLAN SCHEMA", "PLAYBOOK SCHEMA")
    assert (done.root, done.elsewhere, done.repo, done.skipped) == ("ws", True, "inside", [])
    assert done.created[:2] == ["ws/saveplan.yaml", "ws/plans/"]
    assert done.created[-2:] == ["ws/.yamllint", "ws/.gitignore"]
    assert (tmp_path / "ws" / "saveplan.yaml").read_text() == CONFIG
    assert (tmp_path / "ws" / "saveplan.schema.json").read_text() == "PLAN SCHEMA"
    assert (tmp_path / "ws" / "saveplan.playbook.schema.json").read_text() == "PLAYBOOK SCHEMA"


def test_what_exists_is_skipped_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "saveplan.yaml").write_text("version: 1\n")
    done = scaffold(Path("."), "{}", "{}")
    assert done.skipped == ["saveplan.yaml", "plans/"] and not done.elsewhere
    assert "saveplan.yaml" not in done.created and ".gitignore" in done.created
    assert (tmp_path / "saveplan.yaml").read_text() == "version: 1\n"
    assert scaffold(Path("."), "{}", "{}").created == []


def test_a_file_is_no_folder_for_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(UsageError, match="is a file, not a folder"):
        scaffold(tmp_path / "f", "{}", "{}")
