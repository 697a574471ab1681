"""What the authoring commands say: `saveplan init`'s list of files and next steps, and
`saveplan new`'s playbook menu, prompts, notes and report of the plan it wrote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from saveplan.words import count, days

if TYPE_CHECKING:
    from saveplan.authoring import PlanRequest
    from saveplan.errors import UsageError
    from saveplan.findings import Finding
    from saveplan.init_workspace import Scaffold
    from saveplan.library import Library, LoadedPlaybook

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


# -- saveplan new --------------------------------------------------------------------------


def retry_note(refused: UsageError) -> str:
    """Why a typed answer was refused, before the question comes again."""
    return f"  {refused}\n"


def owner_question(people: Mapping[str, object]) -> str:
    return f"Owner (your roster id: {', '.join(people)})" if people else "Owner (the CSM's id)"


def using_playbook(playbook_id: str, signals: Sequence[str]) -> str:
    return f"Using the playbook {playbook_id}: it matches --signal {', '.join(signals)} best.\n"


def playbook_menu(library: Library, suggested: str | None) -> str:
    """The playbooks, numbered, each with its typical signals; the one the signals suggest."""
    width = max(len(pid) for pid in library.ids())
    lines = ["Playbooks:"]
    for n, (pid, loaded) in enumerate(library.playbooks.items(), start=1):
        signals = ", ".join(loaded.playbook.trigger.signals)
        lines.append(f"  {n:>2}  {pid:<{width}}  {loaded.playbook.title} ({signals})")
    if suggested:
        lines.append(f"Suggested from your signals: {suggested}")
    return "\n".join([*lines, ""])


def plan_written(request: PlanRequest, shown: str, source: LoadedPlaybook, findings: Sequence[Finding],
                 today: date, pulled_in: bool) -> str:
    """What `new` wrote, what check says of it today, and the next steps."""
    from saveplan.authoring import describe

    where = " (workspace)" if source.source == "workspace" else ""
    check = request.playbook.leading_indicator
    lines = [f"Wrote {shown}: a draft save plan for {request.name} from the playbook {source.id}{where}.",
             f"  Renewal {request.renewal} ({days(request.days)} after the start {request.started}); "
             f"{count(len(request.playbook.actions), 'action')}"
             + (f"; indicator: {check.metric}" if check else "") + "."]
    if pulled_in:
        lines.append("  The renewal comes before the playbook's last dates: they were pulled in to fit.")
    for f in findings:
        verdict = "fails" if f.is_error else "warns"
        lines.append(f"  note: as of {today}, check {verdict}: {describe(f)}")
    lines += ["Next:",
              f"  1. Edit {shown}: confirm the root cause, put names in place of each <<placeholder>>,",
              "     and make the actions this account's own. The comments are the playbook's",
              "     guidance: delete them as you go.",
              f"  2. saveplan check {shown}",
              "  3. Once the root cause is confirmed, set status: active.",
              ""]
    return "\n".join(lines)
