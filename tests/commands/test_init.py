"""`saveplan init [DIR]`: the files of a new workspace, never replacing one that exists;
a fresh workspace plus one `new` plan checks clean. Also the hook this project offers."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from saveplan.init_workspace import PLAYBOOK_HEADER
from saveplan.library import builtin_files
from saveplan.loader import parse, read_document
from saveplan.models import WorkspaceConfig
from saveplan.validation import validate

from ..builders import REPO, files_under

Run = Callable[..., Any]
FILES = [".github/workflows/saveplan.yml", ".gitignore", ".pre-commit-config.yaml", ".vscode/settings.json",
         ".yamllint",
         "plans/.gitkeep", *[f"playbooks/{name}" for name, _ in builtin_files()],
         "saveplan.playbook.schema.json", "saveplan.schema.json", "saveplan.yaml"]


def test_init_writes_the_workspace_files(tmp_path: Path, run: Run) -> None:
    result = run("init", "cs", cwd=tmp_path)
    assert result.code == 0 and result.err == ""
    root = tmp_path / "cs"
    assert files_under(root) == FILES
    assert result.out == (
        "  created  cs/saveplan.yaml\n"
        "  created  cs/plans/\n"
        + "".join(f"  created  cs/playbooks/{name}\n" for name, _ in builtin_files())
        + "  created  cs/.pre-commit-config.yaml\n"
        "  created  cs/.github/workflows/saveplan.yml\n"
        "  created  cs/saveplan.schema.json\n"
        "  created  cs/saveplan.playbook.schema.json\n"
        "  created  cs/.vscode/settings.json\n"
        "  created  cs/.yamllint\n"
        "  created  cs/.gitignore\n"
        "  created  cs/.git/ (git init: a new repository)\n"
        "Workspace ready in cs.\n"
        "Next:\n"
        "  1. cd cs\n"
        "  2. Put your team in people: in saveplan.yaml (ids, names, roles): owners and approvers "
        "are checked against it.\n"
        "  3. saveplan playbooks         # the playbooks, one per risk scenario\n"
        '  4. saveplan new "Contoso Ltd" --playbook champion-departure --renewal 2027-04-01 --arr 60000 '
        "--owner YOUR-ID\n"
        "  5. saveplan check\n"
        "  6. git add . && pre-commit install   # the hook runs saveplan check on each commit\n")


def test_saveplan_yaml_is_the_default_config_with_a_commented_roster(tmp_path: Path, run: Run) -> None:
    run("init", cwd=tmp_path)
    doc = read_document(tmp_path / "saveplan.yaml")
    config, problems = validate(WorkspaceConfig, doc.data)
    assert problems == [] and config == WorkspaceConfig()
    text = (tmp_path / "saveplan.yaml").read_text()
    assert "people:\n  # maria: {name: Maria Lopez, role: csm}\n" in text
    # uncommenting the example roster gives a valid roster
    roster = re.sub(r"^  # (\w+: \{name)", r"  \1", text, flags=re.M)
    config, problems = validate(WorkspaceConfig, parse(roster).data)
    assert problems == [] and config is not None and list(config.people) == ["maria", "sam", "jordan", "alex"]


def test_the_playbooks_are_editable_copies_of_the_builtin_ones(tmp_path: Path, run: Run) -> None:
    run("init", cwd=tmp_path)
    for name, text in builtin_files():
        assert (tmp_path / "playbooks" / name).read_text() == PLAYBOOK_HEADER + text
    result = run("check", "playbooks", "--format", "json", cwd=tmp_path)
    assert result.code == 0 and json.loads(result.out)["findings"] == []
    listing = json.loads(run("playbooks", "--format", "json", cwd=tmp_path).out)
    assert {(row["source"], row["overrides_builtin"]) for row in listing} == {("workspace", True)}


def test_the_precommit_config_and_the_workflow(tmp_path: Path, run: Run) -> None:
    run("init", cwd=tmp_path)
    hooks = parse((tmp_path / ".pre-commit-config.yaml").read_text()).data
    assert hooks == {"repos": [{"repo": "local", "hooks": [{
        "id": "saveplan-check", "name": "saveplan check", "entry": "saveplan check",
        "language": "system", "files": r"^(plans/.*\.ya?ml|playbooks/[^/]*\.ya?ml|saveplan\.yaml)$"}]}]}
    # the same files as the hook this project offers
    offered = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert f"files: {hooks['repos'][0]['hooks'][0]['files']}\n" in offered
    workflow = parse((tmp_path / ".github" / "workflows" / "saveplan.yml").read_text()).data
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run") for s in steps if "run" in s]
    assert runs[1:] == ["saveplan check --format github", "saveplan check --format github playbooks"]
    # installed from where the team says once (a repository variable), never an unpublished version
    install = steps[2]
    assert install["env"] == {"SAVEPLAN_FROM": "${{ vars.SAVEPLAN_FROM }}"}
    assert install["run"].rstrip().endswith('pip install "$SAVEPLAN_FROM"')
    assert "saveplan==" not in (tmp_path / ".github" / "workflows" / "saveplan.yml").read_text()
    assert set(workflow["on"]) == {"push", "pull_request", "schedule", "workflow_dispatch"}


def test_init_then_new_then_check_is_clean(tmp_path: Path, run: Run) -> None:
    assert run("init", cwd=tmp_path).code == 0
    assert run("new", "Contoso Ltd", "--playbook", "champion-departure", "--renewal", "2027-04-01",
               "--arr", "60000", "--owner", "maria", "--no-input", "--today", "2026-11-25").code == 0
    result = run("check", "--format", "json", "--today", "2026-11-25")
    assert json.loads(result.out) == {"findings": [], "files": 1, "errors": 0, "warnings": 0}
    assert run("check", "plans", "playbooks", "--strict", "--today", "2026-11-25").code == 0


def test_init_never_replaces_a_file(tmp_path: Path, run: Run) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "value-roi.yaml").write_text("# ours\n")
    (tmp_path / "saveplan.yaml").write_text("version: 1\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text("mine\n")
    result = run("init", cwd=tmp_path)
    assert result.code == 0
    assert "  skipped  saveplan.yaml (exists; left as it was)\n" in result.out
    assert "  skipped  plans/ (exists; left as it was)\n" in result.out
    assert "  skipped  playbooks/value-roi.yaml (exists; left as it was)\n" in result.out
    assert "  created  playbooks/failed-onboarding.yaml\n" in result.out
    assert (tmp_path / "playbooks" / "value-roi.yaml").read_text() == "# ours\n"
    assert (tmp_path / "saveplan.yaml").read_text() == "version: 1\n"
    assert not (tmp_path / "plans" / ".gitkeep").exists()

    before = {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)}
    again = run("init", cwd=tmp_path)
    assert again.code == 0 and "created" not in again.out
    assert again.out.endswith(" is already set up.\n") and "Nothing to do: the workspace in" in again.out
    assert {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)} == before


def test_init_on_a_file_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    (tmp_path / "f").write_text("x")
    result = run("init", "f", cwd=tmp_path)
    assert result.code == 2 and result.err.startswith("saveplan: f is a file, not a folder")


def test_the_hook_this_project_offers() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    [hook] = parse(text.replace("\n- id:", "\nhooks:\n- id:", 1)).data["hooks"]  # a top-level list
    assert hook["id"] == "saveplan-check" and hook["entry"] == "saveplan check"
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path, matched in [("plans/northwind.yaml", True), ("playbooks/x.yml", True), ("saveplan.yaml", True),
                          ("cs/saveplan.yaml", False), ("playbooks/old/x.yaml", False),
                          ("docs/plans/x.yaml", False), ("plans/README.md", False)]:
        assert bool(files.search(path)) is matched, path


@pytest.mark.parametrize("name", ["init", "new", "playbooks"])
def test_help_teaches_with_an_example(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0 and "Examples:" in result.out and f"saveplan {name}" in result.out


def test_init_makes_a_git_repository_or_uses_the_one_it_is_in(tmp_path: Path, run: Run) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    inside = run("init", "repo/cs", cwd=tmp_path)
    assert "git init" not in inside.out and "  6. git add . && pre-commit install" in inside.out
    assert not (tmp_path / "repo" / "cs" / ".git").exists()
    if shutil.which("git"):
        fresh = run("init", "new", cwd=tmp_path)
        assert "  created  new/.git/ (git init: a new repository)\n" in fresh.out
        assert (tmp_path / "new" / ".git" / "HEAD").is_file()


def test_init_without_git_says_to_run_git_init(tmp_path: Path, run: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("init", "cs", cwd=tmp_path)
    assert result.code == 0 and not (tmp_path / "cs" / ".git").exists()
    assert "  6. git init && git add . && pre-commit install   # not a git repository yet\n" in result.out


def test_init_writes_the_editor_files(tmp_path: Path, run: Run) -> None:
    from saveplan.commands.schema import playbook_json_schema
    from saveplan.schema import plan_json_schema

    run("init", cwd=tmp_path)
    assert json.loads((tmp_path / "saveplan.schema.json").read_text()) == plan_json_schema()
    assert json.loads((tmp_path / "saveplan.playbook.schema.json").read_text()) == playbook_json_schema()
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings == {"yaml.schemas": {
        "./saveplan.schema.json": ["plans/*.yaml", "plans/*.yml"],
        "./saveplan.playbook.schema.json": ["playbooks/*.yaml", "playbooks/*.yml"]}}
    # new's modeline names the schema init wrote, relative to plans/
    run("new", "Contoso Ltd", "--playbook", "value-roi", "--renewal", "2027-04-01", "--arr", "60000",
        "--owner", "maria", "--no-input", "--today", "2026-11-25")
    first = (tmp_path / "plans" / "contoso-ltd.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../saveplan.schema.json"
    assert (tmp_path / "plans" / first.split("=", 1)[1]).resolve() == (tmp_path / "saveplan.schema.json")


def test_every_schema_property_has_its_key_as_title() -> None:
    from saveplan.commands.schema import playbook_json_schema
    from saveplan.schema import plan_json_schema

    for body in (plan_json_schema(), playbook_json_schema()):
        tables = [body["properties"], *(d.get("properties", {}) for d in body["definitions"].values())]
        assert all(prop.get("title") == key for table in tables for key, prop in table.items())
    account = plan_json_schema()["definitions"]["Account"]["properties"]
    assert account["renewal_date"]["title"] == "renewal_date"


def test_the_yamllint_config_accepts_the_plan_style(tmp_path: Path, run: Run) -> None:
    pytest.importorskip("yamllint")
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    from saveplan.init_workspace import YAMLLINT

    run("init", cwd=tmp_path)
    run("new", "Contoso Ltd", "--playbook", "champion-departure", "--renewal", "2027-04-01",
        "--arr", "60000", "--owner", "maria", "--no-input", "--today", "2026-11-25")
    config = YamlLintConfig((tmp_path / ".yamllint").read_text())
    files = [*sorted((REPO / "plans").glob("*.yaml")), REPO / "saveplan.yaml",
             *sorted((tmp_path / "playbooks").glob("*.yaml")), tmp_path / "plans" / "contoso-ltd.yaml",
             tmp_path / "saveplan.yaml", tmp_path / ".pre-commit-config.yaml",
             tmp_path / ".github" / "workflows" / "saveplan.yml"]
    problems = [f"{f.name}:{p.line}: {p.rule} {p.desc}" for f in files
                for p in linter.run(f.read_text(), config)]
    assert problems == []
    # and the config is what makes it pass: yamllint's default refuses the plan style
    default = YamlLintConfig("extends: default")
    assert {p.rule for p in linter.run((REPO / "saveplan.yaml").read_text(), default)} >= {"colons"}
    assert YAMLLINT.startswith("# yamllint")
