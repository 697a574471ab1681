"""What the authoring commands say: `saveplan init`'s list of files and next steps, and
`saveplan new`'s playbook menu, prompts, notes and report of the plan it wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saveplan.init_workspace import Scaffold

# -- saveplan init -------------------------------------------------------------------------


def init_report(done: Scaffold) -> str:
    """Each file created or skipped, then what to do next (nothing, when all existed)."""
    lines = [f"  created  {shown}" for shown in done.created]
    lines += [f"  skipped  {shown} (exists; left as it was)" for shown in done.skipped]
    if not done.created:
        return "\n".join([*lines, f"Nothing to do: the workspace in {done.where} is already set up.", ""])
    steps = [f"cd {done.root}"] if done.elsewhere else []
    steps += ["Put your team in people: in saveplan.yaml (ids, names, roles): owners and "
              "approvers are checked against it.",
              "saveplan playbooks         # the playbooks, one per risk scenario",
              'saveplan new "Contoso Ltd" --playbook champion-departure --renewal 2027-04-01 '
              "--arr 60000 --owner YOUR-ID",
              "saveplan check",
              "git add . && pre-commit install   # the hook runs saveplan check on each commit"
              if done.repo else "git init && git add . && pre-commit install   # not a git repository yet"]
    if done.repo == "created":
        lines.append(f"  created  {done.git_dir}/ (git init: a new repository)")
    lines += [f"Workspace ready in {done.where}.", "Next:"]
    lines += [f"  {n}. {step}" for n, step in enumerate(steps, start=1)]
    return "\n".join([*lines, ""])
