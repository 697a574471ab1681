"""render/authoring.py: what `saveplan init` and `saveplan new` say, with exact strings."""

from __future__ import annotations

from datetime import date

from saveplan.authoring import PlanRequest
from saveplan.errors import UsageError
from saveplan.findings import Finding
from saveplan.init_workspace import Scaffold
from saveplan.library import Library, builtin_playbooks
from saveplan.models import WorkspaceConfig
from saveplan.render.authoring import (
    init_report,
    owner_question,
    plan_written,
    playbook_menu,
    retry_note,
    using_playbook,
)

NEXT = ["  2. Put your team in people: in saveplan.yaml (ids, names, roles): owners and approvers are "
        "checked against it.",
        "  3. saveplan playbooks         # the playbooks, one per risk scenario",
        '  4. saveplan new "Contoso Ltd" --playbook champion-departure --renewal 2027-04-01 --arr 60000 '
        "--owner YOUR-ID",
        "  5. saveplan check"]


def scaffold(**fields: object) -> Scaffold:
    base: dict[str, object] = dict(root="ws", where="/tmp/ws", elsewhere=True, repo="inside",
                                   git_dir="ws/.git", created=["ws/saveplan.yaml", "ws/plans/"],
                                   skipped=["ws/.gitignore"])
    base.update(fields)
    return Scaffold(**base)  # type: ignore[arg-type]


def test_init_lists_created_then_skipped_then_the_next_steps() -> None:
    assert init_report(scaffold()).splitlines() == [
        "  created  ws/saveplan.yaml", "  created  ws/plans/",
        "  skipped  ws/.gitignore (exists; left as it was)",
        "Workspace ready in /tmp/ws.", "Next:", "  1. cd ws", *NEXT,
        "  6. git add . && pre-commit install   # the hook runs saveplan check on each commit"]


def test_init_here_in_a_new_repository() -> None:
    lines = init_report(scaffold(elsewhere=False, repo="created", skipped=[])).splitlines()
    assert lines[2:5] == ["  created  ws/.git/ (git init: a new repository)", "Workspace ready in /tmp/ws.",
                          "Next:"]
    assert lines[5].startswith("  1. Put your team in people:")


def test_init_without_git_says_to_make_a_repository() -> None:
    last = init_report(scaffold(repo="")).splitlines()[-1]
    assert last == "  6. git init && git add . && pre-commit install   # not a git repository yet"


def test_init_with_nothing_to_do() -> None:
    assert init_report(scaffold(created=[], skipped=["ws/saveplan.yaml"])) == (
        "  skipped  ws/saveplan.yaml (exists; left as it was)\n"
        "Nothing to do: the workspace in /tmp/ws is already set up.\n")


def test_the_words_around_the_questions() -> None:
    assert retry_note(UsageError("the owner is empty", hint="e.g. maria")) == (
        "  the owner is empty\n  hint: e.g. maria\n")
    assert owner_question({}) == "Owner (the CSM's id)"
    assert owner_question({"maria": 1, "sam": 2}) == "Owner (your roster id: maria, sam)"
    assert using_playbook("value-roi", ["negative_feedback", "budget_pressure"]) == (
        "Using the playbook value-roi: it matches --signal negative_feedback, budget_pressure best.\n")


def test_the_menu_numbers_the_playbooks_ids_aligned() -> None:
    menu = playbook_menu(Library(playbooks=builtin_playbooks()), "value-roi").splitlines()
    assert menu[0] == "Playbooks:"
    assert menu[1] == ("   1  budget-economic       Budget or economic pressure (budget_pressure, "
                       "business_change, cancellation_request)")
    assert menu[-1] == "Suggested from your signals: value-roi"
    unsuggested = playbook_menu(Library(playbooks=builtin_playbooks()), None).splitlines()
    assert len(unsuggested) == 8 and unsuggested[-1].startswith("   7  value-roi             Value or ROI")


def test_the_report_of_a_written_plan() -> None:
    loaded = builtin_playbooks()["champion-departure"]
    request = PlanRequest(name="Contoso", playbook=loaded.playbook, renewal=date(2027, 4, 1), arr=6e4,
                          owner="maria", started=date(2026, 11, 25), config=WorkspaceConfig())
    late = Finding("SP302", "the check is due", ("leading_indicator",), "", 40, 3)
    soon = Finding("SP301", "an action is due soon", ("actions", 0), "")
    text = plan_written(request, "plans/contoso.yaml", loaded, [late, soon], date(2027, 1, 2),
                        pulled_in=True)
    assert text.splitlines()[:5] == [
        "Wrote plans/contoso.yaml: a draft save plan for Contoso from the playbook champion-departure.",
        "  Renewal 2027-04-01 (127 days after the start 2026-11-25); 5 actions; indicator: Logins by the "
        "new champion in week two.",
        "  The renewal comes before the playbook's last dates: they were pulled in to fit.",
        "  note: as of 2027-01-02, check fails: SP302 (line 40) the check is due",
        "  note: as of 2027-01-02, check warns: SP301 (actions[1]) an action is due soon"]
    assert text.endswith("  2. saveplan check plans/contoso.yaml\n"
                         "  3. Once the root cause is confirmed, set status: active.\n")
