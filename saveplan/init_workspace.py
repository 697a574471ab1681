"""What `saveplan init` writes: the text of each file of a new workspace (saveplan.yaml,
plans/, copies of the built-in playbooks, the pre-commit config, the CI workflow, the JSON
Schemas, editor and lint settings), and `scaffold`, which writes those that do not exist
yet. An existing file is never replaced: it is skipped, and the result says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from saveplan import __version__

# Where the pre-commit hook and the package come from (.pre-commit-hooks.yaml at its root).
HOOK_ID = "saveplan-check"

CONFIG = """\
# saveplan workspace: at-risk renewals
#
# This file makes the folder a saveplan workspace. It holds:
#   - people:      the roster. Plan owners and action owners are ids from here (or,
#                  for customer-side work, a stakeholder's name in the plan itself),
#                  and every concession's `approved_by` is an id from here.
#   - approval:    who may approve which concession (the approval matrix).
#   - value_tiers: the ARR thresholds `saveplan triage` uses to rank accounts.
#
# One plan per at-risk account lives in plans/<account-slug>.yaml: write one with
# `saveplan new`. The playbooks (a template per risk scenario) are in playbooks/.
# Run `saveplan check` before you commit; the pre-commit hook and CI run it too.
version: 1

# The roster: id -> name and role. Roles, lowest to highest: csm < manager <
# director < vp. Uncomment these lines and put your team in. While the roster is
# empty, any owner is accepted and `approved_by` names a role (approved_by:
# manager); once it has people, owners and approvers are checked against it.
people:
  # maria: {name: Maria Lopez, role: csm}
  # sam: {name: Sam Reed, role: manager}
  # jordan: {name: Jordan Kim, role: director}
  # alex: {name: Alex Chen, role: vp}

# Approval matrix: the largest discount (percent) each role may approve, and the
# other concession kinds it may grant. A higher role may do everything a lower one
# may. This is the built-in default, written out so the whole team can see it.
# Never promise a customer what you cannot approve.
approval:
  csm:      {discount_max: 5,  may: [payment_terms]}
  manager:  {discount_max: 15, may: [payment_terms, enhanced_support]}
  director: {discount_max: 25, may: [payment_terms, enhanced_support, contract_terms]}
  vp:       {discount_max: 100, may: [payment_terms, enhanced_support, contract_terms, custom]}

# Value tiers for triage: ARR at or above `high` is high value, at or above
# `medium` is medium, anything below is low. A strategic flag on the account
# (logo, reference, case_study, growth) raises it one tier.
value_tiers: {high: 50000, medium: 10000}

# Also yours to change (these are the defaults): the days to renewal at or above
# which a save is comprehensive or compressed (below that: emergency), and the save
# probability each level stands for in triage's expected value.
# windows: {comprehensive: 90, compressed: 30}
# probability_midpoints: {high: 0.7, medium: 0.4, low: 0.175}
"""

PRE_COMMIT = f"""\
# pre-commit (https://pre-commit.com) runs `saveplan check` on the plans and
# playbooks you commit, so a plan that breaks the method never lands.
# Set it up once per clone:  pip install pre-commit && pre-commit install
# This local hook uses the saveplan installed where you commit (pip install saveplan).
repos:
  - repo: local
    hooks:
      - id: {HOOK_ID}
        name: saveplan check
        entry: saveplan check
        language: system
        files: ^(plans/.*\\.ya?ml|playbooks/[^/]*\\.ya?ml|saveplan\\.yaml)$
        # saveplan.yaml too: a roster or approval change is checked against every plan

# Or let pre-commit install saveplan itself from the repository that hosts it
# (its .pre-commit-hooks.yaml offers the hook {HOOK_ID}); rev is a commit sha or a
# tag of that repository (see its README, "pre-commit"):
#  - repo: <the saveplan repository URL>
#    rev: <commit sha or tag>
#    hooks:
#      - id: {HOOK_ID}
"""

WORKFLOW = """\
# saveplan in CI: `saveplan check` on every push and pull request that touches the
# plans, and every weekday morning, so an overdue action or a missed indicator check
# shows up even on a day nobody commits. Findings are annotations on the file and line.
name: saveplan

on:
  push:
    paths: ["plans/**", "playbooks/**", "saveplan.yaml", ".github/workflows/saveplan.yml"]
  pull_request:
    paths: ["plans/**", "playbooks/**", "saveplan.yaml", ".github/workflows/saveplan.yml"]
  schedule:
    - cron: "0 7 * * 1-5"
  workflow_dispatch:

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install saveplan
        # From the repository that hosts saveplan, set once for this repository:
        # Settings > Secrets and variables > Actions > Variables > New repository
        # variable SAVEPLAN_FROM, e.g. git+https://github.com/your-org/saveplan@<commit sha>
        # (or a package name and version, where your package index has saveplan).
        env:
          SAVEPLAN_FROM: ${{ vars.SAVEPLAN_FROM }}
        run: |
          if [ -z "$SAVEPLAN_FROM" ]; then
            echo "::error::Set the repository variable SAVEPLAN_FROM (see this step's comment)"
            exit 1
          fi
          pip install "$SAVEPLAN_FROM"
      - name: Check the plans
        if: hashFiles('plans/**/*.yaml', 'plans/**/*.yml') != ''
        run: saveplan check --format github
      - name: Check the playbooks
        if: hashFiles('playbooks/*.yaml', 'playbooks/*.yml') != ''
        run: saveplan check --format github playbooks
"""

GITIGNORE = """\
# saveplan writes every file through a temporary `.<name>.<random>.tmp` beside it; a run
# killed mid-write may leave one (the next write removes it)
.*.tmp
# the board and calendar are made from the plans: publish them, do not commit them
board.html
*.ics
"""

YAMLLINT = """\
# yamllint (https://yamllint.readthedocs.io) tuned to the style of the plan files:
#   yamllint plans playbooks saveplan.yaml
extends: default
rules:
  document-start: disable
  line-length: {max: 160, allow-non-breakable-words: true}
  truthy: {check-keys: false}        # `on:` keys (readings, touches, the CI workflow)
  colons: {max-spaces-after: -1}     # aligned flow maps: `csm:      {discount_max: 5, ...}`
  commas: {max-spaces-after: -1}     # `{discount_max: 5,  may: [...]}`
  braces: {max-spaces-inside: 1}
  comments: {min-spaces-from-content: 1}
  comments-indentation: disable
"""


def vscode_settings() -> str:
    import json

    return json.dumps({"yaml.schemas": {
        "./saveplan.schema.json": ["plans/*.yaml", "plans/*.yml"],
        "./saveplan.playbook.schema.json": ["playbooks/*.yaml", "playbooks/*.yml"],
    }}, indent=2) + "\n"


PLAYBOOK_HEADER = f"""\
# A copy of the built-in playbook of saveplan {__version__}. This copy replaces the
# built-in one (same id): edit it to fit your team, or delete it to use the built-in
# one again. The format: docs/playbook-format.md in the saveplan project.
"""


def workspace_files(root: Path, plan_schema: str, playbook_schema: str) -> list[tuple[Path, str]]:
    """Every file `init` writes, with its text (the folders come with them); the two JSON
    Schemas are given (`saveplan schema` makes them)."""
    from saveplan.library import builtin_files

    files = [
        (root / "saveplan.yaml", CONFIG),
        (root / "plans" / ".gitkeep", ""),
        *[(root / "playbooks" / name, PLAYBOOK_HEADER + text) for name, text in builtin_files()],
        (root / ".pre-commit-config.yaml", PRE_COMMIT),
        (root / ".github" / "workflows" / "saveplan.yml", WORKFLOW),
        (root / "saveplan.schema.json", plan_schema),
        (root / "saveplan.playbook.schema.json", playbook_schema),
        (root / ".vscode" / "settings.json", vscode_settings()),
        (root / ".yamllint", YAMLLINT),
        (root / ".gitignore", GITIGNORE),
    ]
    return files


def git_repository(root: Path) -> str:
    """"inside" when `root` is in a git repository, "created" when `git init` made one
    (pre-commit and the CI need one), "" when git is not installed or failed."""
    import shutil
    import subprocess

    from saveplan.checker import repository_root

    here = root.resolve()
    if any((folder / ".git").exists() for folder in (here, *here.parents)):
        return "inside"
    git = shutil.which("git")
    if git is None:
        return ""
    done = subprocess.run([git, "init", "-q", str(here)], capture_output=True, check=False)
    return "created" if done.returncode == 0 and repository_root(here) is not None else ""


@dataclass
class Scaffold:
    """What `scaffold` did, each path as shown to the user."""

    root: str  # the folder as given
    where: str  # the folder, resolved
    elsewhere: bool  # the folder is not the current one
    repo: str  # git_repository's answer
    git_dir: str  # root/.git
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def scaffold(root: Path, plan_schema: str, playbook_schema: str) -> Scaffold:
    """Write the workspace files that do not exist yet in `root` (created if missing), then
    make sure it is in a git repository. UsageError when `root` is a file; WorkspaceError
    when a file cannot be written."""
    from saveplan.errors import EditRefused, UsageError, WorkspaceError
    from saveplan.fileio import atomic_write
    from saveplan.workspace import display_path

    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder", hint="name a folder for the workspace")
    created: list[str] = []
    skipped: list[str] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        plans = root / "plans"
        for path, text in workspace_files(root, plan_schema, playbook_schema):
            shown = display_path(path)
            if path.name == ".gitkeep":
                if plans.is_dir():
                    skipped.append(display_path(plans) + "/")
                    continue
                shown = display_path(plans) + "/"
            if path.exists() or path.is_symlink():
                skipped.append(shown)
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, text, overwrite=False)
            except EditRefused:  # created meanwhile by someone else: theirs stays
                skipped.append(shown)
                continue
            created.append(shown)
    except OSError as exc:
        raise WorkspaceError(f"cannot write the workspace in {display_path(root)}: "
                             f"{exc.strerror or exc}") from None
    return Scaffold(root=display_path(root), where=display_path(root.resolve()),
                    elsewhere=root.resolve() != Path.cwd().resolve(), repo=git_repository(root),
                    git_dir=display_path(root / ".git"), created=created, skipped=skipped)
