"""saveplan/documents.py: the one document loader (read -> SP100 -> judge -> place), and the
one rule of "does this plan load" that the commands' plans and the edits' safety check share."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from saveplan.checker import as_checked
from saveplan.console import make_console, print_unloaded
from saveplan.documents import Broken, Loaded, load, load_text, refusal, spotless
from saveplan.edit import apply_edit, mark_done
from saveplan.errors import InvalidPlan
from saveplan.findings import Finding, not_loaded
from saveplan.library import as_checked_playbook, builtin_files
from saveplan.models import Plan, WorkspaceConfig
from saveplan.models.playbook import Playbook
from saveplan.plans import BrokenPlan, LoadedPlan, load_plan, try_load
from saveplan.workspace import load_config

PLAN = """version: 1
account: {name: Contoso Ltd, arr: 84000, renewal_date: 2027-02-15}
owner: maria
status: active
started: 2026-11-23
risk:
  signals: [{type: usage_decline}]
  root_cause: {category: service_experience, summary: Failed onboarding}
stakeholders:
  - {role: economic_buyer, name: Priya Shah}
  - {role: champion, name: Lee Park}
actions:
  - {do: Workflow session, owner: maria, due: day 5}
  - {do: Three reports, owner: maria, due: day 10}
  - {do: Usage summary, owner: maria, due: day 14}
leading_indicator: {metric: Admin logins, target: 3, check: day 10}
commercial_path:
  - {when: value shown, kind: renewal, offer: Annual renewal}
"""
TYPO = PLAN.replace("status: active", "stauts: active\nstatus: active")  # an unknown key, line 4
STAUTS = Finding("SP103", "unknown key 'stauts'; did you mean 'status'?", ("stauts",), "plans/p.yaml", 4, 1)
TAB = PLAN.replace("owner: maria\n", "owner:\tmaria\n")
SP100_TAB = Finding("SP100", "a tab at line 3: indent with spaces (a tab inside a quoted text can be "
                    "written \\t)", (), "plans/p.yaml", 3, 7)
KNOWN = ("known keys here: account, actions, commercial_path, concessions, leading_indicator, outcome, "
         "owner, playbook, risk, stakeholders, started, status, touches, updates, version")
TODAY = date(2026, 12, 1)


def _write(folder: Path, text: str, name: str = "p.yaml") -> Path:
    (folder / "plans").mkdir(exist_ok=True)
    path = folder / "plans" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_plan_loads_with_no_findings(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, PLAN), Plan, "plans/p.yaml")
    assert isinstance(loaded, Loaded)
    assert loaded.model.account.name == "Contoso Ltd"
    assert loaded.findings == []
    assert loaded.doc.locate(("owner",)) == (3, 1)


def test_an_unknown_key_does_not_stop_a_plan_loading_and_is_kept_placed() -> None:
    loaded = load_text(TYPO, Plan, "plans/p.yaml")
    assert isinstance(loaded, Loaded)
    assert loaded.findings == [STAUTS]


def test_a_broken_plan_has_every_finding_placed_in_file_order() -> None:
    text = (PLAN.replace("stakeholders:", "notes: x\nstakeholders:").replace("arr: 84000", "arr: lots")
            .replace("due: day 10", "due: someday"))
    broken = load_text(text, Plan, "plans/p.yaml")
    assert isinstance(broken, Broken)
    assert broken.doc is not None  # it was read; the schema refused it
    assert broken.findings == [
        Finding("SP102", "account.arr must be a number, not 'lots'", ("account", "arr"), "plans/p.yaml",
                2, 30),
        Finding("SP103", f"unknown key 'notes'; {KNOWN}", ("notes",), "plans/p.yaml", 9, 1),
        Finding("SP102", "actions[2].due: write an ISO date (2027-02-15) or a day counted from `started` "
                "('day 5', 'week 2')", ("actions", 1, "due"), "plans/p.yaml", 15, 39),
    ]


def test_a_file_that_cannot_be_read_is_sp100_at_its_line_and_column(tmp_path: Path) -> None:
    from_file = load(_write(tmp_path, TAB), Plan, "plans/p.yaml")
    from_text = load_text(TAB, Plan, "plans/p.yaml")
    assert from_file == from_text == Broken([SP100_TAB])
    missing = load(tmp_path / "nowhere.yaml", Plan, "nowhere.yaml")
    assert missing == Broken([Finding("SP100", "cannot read the file: no such file", (), "nowhere.yaml",
                                      1, 1)])


def test_the_workspace_file_loads_only_spotless(tmp_path: Path) -> None:
    text = "version: 1\npeeple: {}\n"
    peeple = Finding("SP103", "unknown key 'peeple'; did you mean 'people'?", ("peeple",), "saveplan.yaml",
                     2, 1)
    broken = load_text(text, WorkspaceConfig, "saveplan.yaml", spotless)
    assert isinstance(broken, Broken)
    assert broken.findings == [peeple]
    assert isinstance(load_text(text, WorkspaceConfig, "saveplan.yaml"), Loaded)  # as_used would take it
    (tmp_path / "saveplan.yaml").write_text(text, encoding="utf-8")
    config, findings = load_config(tmp_path / "saveplan.yaml")
    assert config == WorkspaceConfig()
    assert [(f.code, f.line, f.column) for f in findings] == [("SP103", 2, 1)]


def test_checks_judge_keeps_a_plan_with_errors_and_every_finding() -> None:
    loaded = load_text(PLAN.replace("due: day 10", "due: someday"), Plan, "plans/p.yaml",
                       as_checked(WorkspaceConfig(), TODAY))
    assert isinstance(loaded, Loaded)  # check runs the rules on the parts that validated
    assert [(f.code, f.line, f.column) for f in loaded.findings] == [
        ("SP305", 5, 1), ("SP232", 9, 1), ("SP301", 13, 5), ("SP102", 14, 39)]


def test_the_playbook_judge_refuses_a_playbook_with_an_error() -> None:
    name, text = builtin_files()[0]
    assert isinstance(load_text(text, Playbook, f"playbooks/{name}", as_checked_playbook), Loaded)
    broken = load_text(text.replace("\ntitle:", "\ntitel:"), Playbook, "playbooks/x.yaml",
                       as_checked_playbook)
    assert isinstance(broken, Broken)
    line = text[: text.index("\ntitle:")].count("\n") + 2
    assert text.splitlines()[line - 2].startswith("id: ")  # a missing key is placed at the first key
    assert [(f.code, f.message, f.line, f.column) for f in broken.findings] == [
        ("SP101", "missing required key 'title'", line - 1, 1),
        ("SP103", "unknown key 'titel'; did you mean 'title'?", line, 1)]


def test_refusal_names_the_first_finding_that_stops_the_plan_loading() -> None:
    broken = load_text(TYPO.replace("started: 2026-11-23", "started: nope"), Plan, "plans/p.yaml")
    assert isinstance(broken, Broken)
    assert [f.code for f in broken.findings] == ["SP103", "SP102"]  # the unknown key comes first
    error = refusal(broken.findings, "plans/p.yaml")
    assert str(error) == ("plans/p.yaml:6:1: SP102 started must be a date written YYYY-MM-DD, not 'nope'\n"
                          "  hint: run `saveplan check plans/p.yaml` and fix it first")


@pytest.mark.parametrize("text", [TYPO.replace("started: 2026-11-23", "started: nope"),
                                  PLAN.replace("arr: 84000", "arr: lots")])
def test_edits_and_the_commands_refuse_a_plan_by_the_same_rule_and_words(
        text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, text)
    before = path.read_bytes()
    assert isinstance(try_load(path), BrokenPlan)
    with pytest.raises(InvalidPlan) as by_command:
        load_plan(path)
    with pytest.raises(InvalidPlan) as by_edit:
        apply_edit(path, lambda t: mark_done(t, "1", TODAY), WorkspaceConfig(), TODAY)
    assert str(by_edit.value) == str(by_command.value)
    assert str(by_edit.value).startswith("plans/p.yaml:")
    assert path.read_bytes() == before


def test_a_plan_with_only_an_unknown_key_loads_for_the_commands_and_the_edits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, TYPO)
    assert isinstance(try_load(path), LoadedPlan)
    edit = apply_edit(path, lambda t: mark_done(t, "1", TODAY), WorkspaceConfig(), TODAY)
    assert edit.changed
    assert "done: 2026-12-01" in path.read_text(encoding="utf-8")


def test_an_edit_of_unreadable_yaml_keeps_its_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, TAB)
    with pytest.raises(InvalidPlan) as refused:
        apply_edit(path, lambda t: mark_done(t, "1", TODAY), WorkspaceConfig(), TODAY)
    assert str(refused.value) == ("line 3: a tab at line 3: indent with spaces (a tab inside a quoted text "
                                  "can be written \\t)\n  hint: run `saveplan check` on it and fix it first")


def test_one_wording_of_plans_left_out_of_a_listing() -> None:
    assert not_loaded("Not triaged", 1) == "Not triaged: 1 plan did not load; fix with `saveplan check`:"
    assert not_loaded("Not listed", 2) == "Not listed: 2 plans did not load; fix with `saveplan check`:"
    out = io.StringIO()
    bad = BrokenPlan(Path("plans/p.yaml"), [SP100_TAB])
    print_unloaded(make_console(out), [bad, bad], "Not triaged")
    line = ("  plans/p.yaml:3:7: SP100 a tab at line 3: indent with spaces (a tab inside a quoted text "
            "can be written \\t)\n")
    assert out.getvalue() == f"\nNot triaged: 2 plans did not load; fix with `saveplan check`:\n{line}{line}"
