"""Playbooks: the shipped library validates, the playbook rules say exactly what is wrong
and where, the library merges the workspace over the built-in playbooks, and the plan
writer produces plans that check clean for every playbook, roster and renewal window."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from saveplan.authoring import PlanRequest, clean_text, render_plan, scale_for, verify_plan
from saveplan.checker import check_file
from saveplan.errors import UsageError, WorkspaceError
from saveplan.findings import CODES
from saveplan.library import builtin_files, builtin_playbooks, load_library, suggest
from saveplan.loader import parse
from saveplan.models import WorkspaceConfig
from saveplan.rules.playbook import check_playbook_document
from saveplan.workspace import open_workspace, place

from .builders import REPO, roster

SPEC_IDS = ["budget-economic", "champion-departure", "competitive-threat", "failed-onboarding",
            "product-issue", "service-relationship", "value-roi"]
TODAY = date(2026, 11, 25)
NO_ROSTER = WorkspaceConfig()
ROSTER = WorkspaceConfig.model_validate({"people": {
    "maria": {"name": "Maria Lopez", "role": "csm"}, "tomas": {"role": "csm"},
    "sam": {"role": "manager"}, "rachel": {"role": "manager"},
    "jordan": {"role": "director"}, "alex": {"role": "vp"}}})
CSM_ONLY = roster("maria", names=False)


def doc_example() -> str:
    """The minimal example of docs/playbook-format.md: the base of the rule tests."""
    text = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    block = text.split("## A minimal example", 1)[1]
    return block.split("```yaml\n", 1)[1].split("```", 1)[0]


BASE = doc_example()


def findings_of(text: str) -> list[tuple[str, int]]:
    doc = parse(text)
    return [(f.code, f.line) for f in place(check_playbook_document(doc), "p.yaml", doc)]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth]


# -- the shipped library ---------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((REPO / "playbooks").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_playbook_checks_with_no_finding(path: Path) -> None:
    assert check_file(path, WorkspaceConfig(), TODAY) == []


def test_the_library_has_the_spec_ids_each_in_its_own_file() -> None:
    assert sorted(builtin_playbooks()) == SPEC_IDS
    assert [name for name, _ in builtin_files()] == [f"{pid}.yaml" for pid in SPEC_IDS]
    for pid, loaded in builtin_playbooks().items():
        assert loaded.source == "built-in" and loaded.location == f"saveplan.playbooks/{pid}.yaml"
        assert loaded.text == (REPO / "playbooks" / f"{pid}.yaml").read_text(encoding="utf-8")


def test_the_docs_example_is_a_valid_playbook() -> None:
    assert findings_of(BASE) == []


def test_pb_codes_are_registered_as_errors() -> None:
    for code in ("PB101", "PB201", "PB202", "PB211", "PB231"):
        assert CODES[code].severity == "error"


def test_only_budget_economic_has_a_discount_and_last() -> None:
    for pid, loaded in builtin_playbooks().items():
        kinds = [m.kind for m in loaded.playbook.commercial_path]
        assert kinds[0] != "discount"
        assert ("discount" in kinds) == (pid == "budget-economic")
        if "discount" in kinds:
            assert kinds[-1] == "discount" and loaded.playbook.root_cause == "circumstantial"


# -- check on a playbook file ----------------------------------------------------------

def test_a_typo_in_a_playbook_is_sp103_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    text = (REPO / "playbooks" / "failed-onboarding.yaml").read_text(encoding="utf-8")
    broken = text.replace("    why: Proves the admin", "    wyh: Proves the admin")
    path = folder / "failed-onboarding.yaml"
    path.write_text(broken, encoding="utf-8")
    [finding] = check_file(path, WorkspaceConfig(), TODAY)
    assert (finding.code, finding.line, finding.column) == ("SP103", line_of(broken, "wyh:"), 5)
    assert finding.message == "unknown key 'wyh' in actions[2]; did you mean 'why'?"


def test_a_top_level_typo_names_the_key_and_the_missing_one(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    path = folder / "x.yaml"
    text = BASE.replace("success:", "sucess:")
    path.write_text(text, encoding="utf-8")
    got = [(f.code, f.line, f.message) for f in check_file(path, WorkspaceConfig(), TODAY)]
    assert got == [("SP101", 2, "missing required key 'success'"),
                   ("SP103", line_of(text, "sucess:"), "unknown key 'sucess'; did you mean 'success'?")]


CASES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    # (name, old, new, [(code, the text on the expected line)])
    ("two actions", "  - do: Admin completes three reports independently\n"
     "    owner: champion\n    due: day 10\n", "", [("SP201", "actions:")]),
    ("action without owner", "    owner: champion\n", "", [("SP202", "- do: Admin completes")]),
    ("action without due", "    due: day 10\n", "", [("SP202", "- do: Admin completes")]),
    ("owner is not a role", "    owner: champion\n", "    owner: champoin\n", [("PB201", "owner: champoin")]),
    ("customer owner not listed", "    owner: champion\n", "    owner: daily_user\n",
     [("PB201", "owner: daily_user")]),
    ("no action for the csm", "    owner: csm\n", "    owner: manager\n", [("PB201", "actions:")]),
    ("calendar due date", "    due: day 10\n", "    due: 2026-12-01\n", [("PB202", "due: 2026-12-01")]),
    ("due past day 30", "    due: day 14\n", "    due: week 5\n", [("PB202", "due: week 5")]),
    ("due day 0", "    due: day 5\n", "    due: day 0\n", [("PB202", "due: day 0")]),
    ("milestones out of order", "{due: day 3, what", "{due: day 40, what",
     [("PB202", "{due: day 40")]),
    ("milestones on one day are in order", "  - {due: day 3, what: Root cause",
     "  - {due: day 1, what: Root cause", []),
    ("check too early", "  check: day 10", "  check: day 3", [("PB211", "check: day 3")]),
    ("check after the last action", "  check: day 10", "  check: day 14", [("PB211", "check: day 14")]),
    ("check as a calendar date", "  check: day 10", "  check: 2026-12-01", [("PB211", "check: 2026")]),
    ("too few investigation steps", "  - Who trained them, if anyone\n", "", [("PB101", "investigate:")]),
    ("one move", "  - {when: adoption still low, kind: plan_swap, offer: Swap to the lighter tier}\n", "",
     [("PB101", "commercial_path:")]),
    ("role listed twice", "  - {role: champion, kpi: Reports shipped per week}\n",
     "  - {role: champion, kpi: Reports shipped per week}\n  - {role: champion, kpi: Other}\n",
     [("PB231", "kpi: Other")]),
    ("no economic buyer", "  - {role: economic_buyer, kpi: Cost per report}\n",
     "  - {role: daily_user, kpi: Cost per report}\n", [("SP231", "stakeholders:")]),
    ("discount first", "  - {when: value demonstrated, kind: renewal,",
     "  - {when: value demonstrated, kind: discount,",
     [("SP221", "kind: discount"), ("SP222", "kind: discount")]),
    ("no indicator target", "  target: 3\n", "", [("SP210", "leading_indicator:")]),
    ("indicator target not a number", "  target: 3\n", "  target: three\n", [("SP210", "target: three")]),
    ("bad id", "id: new-admin", "id: New_Admin", [("SP102", "id: New_Admin")]),
    ("unknown signal", "signals: [stakeholder_change,", "signals: [stakeholder_gone,",
     [("SP102", "signals: [stakeholder_gone")]),
    ("unknown vendor role", "{role: support, does", "{role: finance, does", [("SP102", "role: finance")]),
    ("follow-up day missing", "  day_60: Usage review with the champion\n", "", [("SP101", "follow_up:")]),
    ("alternative with its own alternatives",
     "  check: day 10\n", "  check: day 10\n  alternatives:\n    - {metric: m, target: 1, "
     "direction: at_least, check: day 8, alternatives: []}\n", [("SP103", "alternatives: []}")]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_playbook_rules_report_code_and_line(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert old in BASE
    text = BASE.replace(old, new)
    want = [(code, line_of(text, needle)) for code, needle in expected]
    assert sorted(findings_of(text)) == sorted(want)


def test_messages_say_what_to_change() -> None:
    doc = parse(BASE.replace("    owner: champion\n", "    owner: champoin\n")
                .replace("  check: day 10", "  check: week 3"))
    messages = [f.message for f in check_playbook_document(doc)]
    assert messages == [
        "action 2 is owned by 'champoin', which is not a role: use csm, manager, director, vp, "
        "economic_buyer, champion (did you mean 'champion'?)",
        "the indicator check is week 3 (day 21), not before the last action (day 14): read it while "
        "there is still time to act",
    ]


# -- the library -------------------------------------------------------------------------

def write_playbook(ws: Path, name: str, text: str) -> Path:
    (ws / "playbooks").mkdir(exist_ok=True)
    path = ws / "playbooks" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_workspace_playbook_overrides_a_builtin_one_and_adds_its_own(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    builtin = (REPO / "playbooks" / "value-roi.yaml").read_text(encoding="utf-8")
    write_playbook(tmp_path, "value-roi.yaml", builtin.replace("title: Value or ROI concern",
                                                               "title: Our ROI play"))
    write_playbook(tmp_path, "new-admin.yaml", BASE)
    library = load_library(open_workspace(tmp_path))
    assert library.ids() == sorted([*SPEC_IDS, "new-admin"])
    assert library.get("value-roi").playbook.title == "Our ROI play"
    assert (library.get("value-roi").source, library.get("value-roi").overrides) == ("workspace", True)
    assert (library.get("new-admin").source, library.get("new-admin").overrides) == ("workspace", False)
    assert library.get("failed-onboarding").source == "built-in"
    assert library.broken == []


def test_a_broken_workspace_playbook_is_set_aside_and_refused_by_id(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    write_playbook(tmp_path, "value-roi.yaml", "id: value-roi\ntitle: [unclosed\n")
    write_playbook(tmp_path, "new-admin.yaml", BASE.replace("    owner: csm\n", "    owner: cms\n", 1))
    library = load_library(open_workspace(tmp_path))
    assert [(b.stem, b.findings[0].code) for b in library.broken] == [("new-admin", "PB201"),
                                                                      ("value-roi", "SP100")]
    assert library.ids() == SPEC_IDS  # the built-in value-roi is still listed
    with pytest.raises(WorkspaceError, match=r"playbooks/value-roi.yaml has problems: .*SP100"):
        library.get("value-roi")


def test_two_workspace_playbooks_with_one_id(tmp_path: Path) -> None:
    write_playbook(tmp_path, "a.yaml", BASE)
    write_playbook(tmp_path, "b.yaml", BASE)
    library = load_library(open_workspace(tmp_path))
    [bad] = library.broken
    assert bad.stem == "b" and bad.findings[0].code == "SP102" and "also the id of" in bad.summary()
    assert library.get("new-admin").location.endswith("a.yaml")


def test_an_unknown_id_suggests_the_closest() -> None:
    library = load_library(None)
    with pytest.raises(UsageError, match="no playbook 'champion'") as info:
        library.get("champion")
    assert info.value.hint is not None and info.value.hint.startswith("did you mean champion-departure?")


@pytest.mark.parametrize(("signals", "best"), [
    (["champion_left"], [("champion-departure", 3)]),
    (["competitive"], [("competitive-threat", 3)]),
    (["budget_pressure", "business_change"], [("budget-economic", 5), ("value-roi", 1)]),
    (["usage_decline", "health_drop"], [("failed-onboarding", 4), ("product-issue", 3),
                                        ("competitive-threat", 2), ("service-relationship", 1)]),
])
def test_suggest_ranks_playbooks_by_their_trigger_signals(signals: list[str],
                                                          best: list[tuple[str, int]]) -> None:
    assert suggest(load_library(None), signals) == best


# -- the plan writer ---------------------------------------------------------------------

def request(pid: str, days: int, config: WorkspaceConfig = ROSTER, **kw: object) -> PlanRequest:
    fields: dict[str, object] = {
        "name": "Contoso Ltd", "playbook": builtin_playbooks()[pid].playbook,
        "renewal": TODAY + timedelta(days=days), "arr": 60000.0, "owner": "maria", "started": TODAY,
        "config": config, "slug": "contoso-ltd", **kw}
    return PlanRequest(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("pid", SPEC_IDS)
def test_every_playbook_makes_a_plan_with_no_finding(pid: str) -> None:
    """Any roster (none, full, a CSM only), renewals from 35 days to 12 months, and as
    of the start day and a month before it."""
    for config in (NO_ROSTER, ROSTER, CSM_ONLY):
        for days in (35, 45, 46, 60, 89, 90, 120, 180, 270, 365):
            req = request(pid, days, config)
            text = render_plan(req)
            for today in (TODAY, TODAY - timedelta(days=30)):
                assert verify_plan(text, req, today) == ([[]], []), (pid, days)


@pytest.mark.parametrize("pid", SPEC_IDS)
def test_a_close_renewal_pulls_the_dates_in(pid: str) -> None:
    for days in (2, 3, 7, 10, 14, 20, 21, 22, 29, 30, 31):
        req = request(pid, days)
        text = render_plan(req)
        assert verify_plan(text, req, TODAY) == ([[]], []), (pid, days)
        plan_days = [int(d) for d in re.findall(r"^ +(?:due|check): day (\d+)", text, re.M)]
        assert plan_days and all(1 <= d < days for d in plan_days)


def test_dates_that_fit_are_kept_as_written() -> None:
    req = request("failed-onboarding", 22)
    assert scale_for(req) is None
    text = render_plan(req)
    assert re.findall(r"^ +(?:due|check): (day \d+)", text, re.M) == [
        "day 5", "day 10", "day 14", "day 21", "day 10"]


def test_scaling_keeps_order_and_says_so() -> None:
    req = request("failed-onboarding", 10)
    assert scale_for(req) == pytest.approx(9 / 21)
    text = render_plan(req)
    assert re.findall(r"^ +(?:due|check): (day \d+)", text, re.M) == [
        "day 2", "day 4", "day 6", "day 9", "day 4"]
    assert "    due: day 9  # Fri 2026-12-04; day 21 in the playbook, pulled in before the renewal\n" in text


def test_owners_map_to_the_roster_and_the_stakeholders() -> None:
    text = render_plan(request("champion-departure", 120))
    owners = re.findall(r"^    owner: (.*)$", text, re.M)
    assert owners == ["maria", "maria", "sam  # the playbook's manager: the first manager in saveplan.yaml",
                      "<<Champion (name to confirm)>>", "maria"]
    names = re.findall(r"^    name: (.*)$", text, re.M)
    assert names == ["<<Economic buyer (name to confirm)>>", "<<Champion (name to confirm)>>",
                     "<<Daily user (name to confirm)>>", "<<Executive sponsor (name to confirm)>>"]


def test_a_manager_who_owns_the_plan_keeps_the_manager_actions() -> None:
    text = render_plan(request("champion-departure", 120, owner="rachel"))
    owners = re.findall(r"^    owner: (\S+)", text, re.M)
    assert owners == ["rachel", "rachel", "rachel", "<<Champion", "rachel"]


def test_without_a_manager_the_owner_stands_in_with_a_comment() -> None:
    for config, why in ((CSM_ONLY, "no manager in saveplan.yaml yet, so you for now"),
                        (NO_ROSTER, "put your manager here (saveplan.yaml has no roster)")):
        text = render_plan(request("champion-departure", 120, config))
        assert f"    owner: maria  # the playbook's manager: {why}\n" in text


def test_signals_given_are_written_and_otherwise_suggested_in_comments() -> None:
    with_signals = render_plan(request("champion-departure", 120, signals=("champion_left", "health_drop")))
    assert "  signals:\n    - type: champion_left\n" in with_signals
    assert verify_plan(with_signals, request("champion-departure", 120,
                                             signals=("champion_left", "health_drop")), TODAY) == ([[]], [])
    without = render_plan(request("champion-departure", 120))
    assert "\n  signals:" not in without and "  # signals:\n  #   - type: champion_left\n" in without


def test_the_guidance_is_carried_as_comments() -> None:
    pb = builtin_playbooks()["competitive-threat"].playbook
    text = render_plan(request("competitive-threat", 120))
    comments = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines()
                        if line.strip().startswith("#"))
    for piece in [pb.scenario, *pb.investigate, *[m.what for m in pb.milestones], *pb.success,
                  pb.follow_up.day_30, pb.follow_up.day_60, pb.follow_up.day_90,
                  *[a.metric for a in pb.leading_indicator.alternatives],  # type: ignore[union-attr]
                  *[a.why for a in pb.actions if a.why], *[p.does for p in pb.involved]]:
        assert clean_text(piece) in comments, piece


def test_hostile_playbook_text_cannot_break_out_of_a_comment_or_a_value() -> None:
    pb = builtin_playbooks()["failed-onboarding"].playbook
    evil = pb.model_copy(update={
        "scenario": "line one\u2028status: active\nplaybook: evil\r\n# x",
        "actions": [a.model_copy(update={"why": "a\x85owner: x\x07", "do": a.do + "\u2029: b #c"})
                    for a in pb.actions]})
    req = request("failed-onboarding", 60, playbook=evil)
    text = render_plan(req)
    assert verify_plan(text, req, TODAY) == ([[]], [])
    assert "\u2028" not in text and "\x85" not in text and "\x07" not in text


FAILED_ONBOARDING_PLAN = """\
# yaml-language-server: $schema=../saveplan.schema.json
# Save plan: Contoso Ltd (a draft written by saveplan new)
# Playbook: failed-onboarding (Failed onboarding)
# The comments are the playbook's guidance: read them, make the plan this account's own,
# and delete them as you go. Check it with `saveplan check`.
#
# Scenario: The customer went live but the core workflow never took hold; often a new
#   admin inherited the product without training. Usage is far below what was sold, so
#   at renewal the buyer sees a cost with no output. Left alone, this becomes a value
#   problem that no discount fixes.
#
# The renewal is 60 days after the start, a compressed window: critical issues and quick
# wins only.
version: 1
account:
  name: Contoso Ltd
  arr: 60000
  renewal_date: 2027-01-24
  # strategic: [logo, reference, case_study, growth]   # any that apply raise the value tier
owner: maria
status: draft  # set active once the root cause is confirmed
started: 2026-11-25  # day 0: 'day N' below counts from here
playbook: failed-onboarding

# Diagnose first: confirm the root cause before acting. Investigate:
#   - Compare weekly active users and seats activated since go-live with the kickoff
#     targets
#   - List the core workflows never used (no reports built, integrations not connected)
#   - Review onboarding tickets and handover notes for implementation gaps still open
#   - Confirm who the admin is today, when they took over and whether they were ever
#     trained
#   - Five whys on "we don't use it" (no time, no training, or the workflow set up
#     wrong?)
risk:
  signals:
    - type: usage_decline
      # note: what you saw, with numbers
  root_cause:
    category: service_experience  # the playbook's usual root cause: confirm it
    # summary: the root cause in one sentence, once confirmed
    # evidence: [usage, stakeholders, support]
  # probability: medium   # high | medium | low; triage derives it when absent

# Never rely on one contact: speak to each person in their own KPI.
# Replace each <<placeholder>> here and in the actions the person owns (search for <<):
# an active plan must hold none (SP233).
stakeholders:
  - role: economic_buyer
    name: <<Economic buyer (name to confirm)>>
    kpi: Cost per report
  - role: champion
    name: <<Champion (name to confirm)>>
    kpi: Reports shipped per week
  - role: executive_sponsor
    name: <<Executive sponsor (name to confirm)>>
    kpi: Analytics adoption across teams

# Who is involved on our side:
#   - csm: Owns coordination and the plan; runs the workflow session; sends the weekly
#     update
#   - support: Closes the open implementation tickets that block the core workflow
#   - manager: Reviews the plan on high-value accounts and joins the day-30 review

# 3 to 5 actions, each with an owner and a date; 'day N' counts from `started`.
# When one is done: saveplan done contoso-ltd N
actions:
  - do: Run a 45-minute workflow session with the new admin on their own data
    owner: maria
    due: day 5  # Mon 2026-11-30
    # why: One live session on the customer's own data unblocks more than any guide
  - do: Admin completes three reports independently (tracked in the product)
    owner: <<Champion (name to confirm)>>
    due: day 10  # Sat 2026-12-05
    # why: Proves the admin can run the workflow without us
  - do: Share a before/after usage summary with the VP
    owner: maria
    due: day 14  # Wed 2026-12-09
    # why: The VP judges the renewal on output, not on effort
  - do: "Agree a narrower success plan with the admin (two workflows, named users, dates)"
    owner: maria
    due: day 21  # Wed 2026-12-16

# Milestones:
#   day 1 (Thu 2026-11-26): Risk flag acknowledged; usage and ticket review started
#   day 3 (Sat 2026-11-28): Root cause confirmed with evidence; plan written with owners
#   week 1 (Wed 2026-12-02): Workflow session delivered to the new admin
#   week 4 (Wed 2026-12-23): Admin builds reports unaided; usage back on the kickoff
#     target
#   day 30 (Fri 2026-12-25): Follow-up review with the economic buyer; commercial path
#     chosen

# One leading indicator, read mid-plan, not at the renewal call.
# Record the reading with: saveplan record contoso-ltd VALUE
leading_indicator:
  metric: Admin logins in week two
  target: 3
  direction: at_least
  check: day 10  # Sat 2026-12-05
  # Alternatives you may use instead:
  #   - Reports created by the admin: at least 3, checked day 14
  #   - Licensed seats active in the last 7 days (%): at least 50, checked day 14

# Decided before the renewal call, first move first; a discount is never the first move.
commercial_path:
  - when: value demonstrated
    kind: renewal
    offer: Annual renewal at the current rate
  - when: adoption still low
    kind: plan_swap
    offer: Swap to the lighter tier rather than a discount
  - when: adoption rising but not yet proven at the renewal date
    kind: extension
    offer: Three-month extension at the current rate to finish the success plan

# What a successful save looks like:
#   - The admin logs in at least three times a week without prompting
#   - The customer's team builds three or more reports a week on its own
#   - The VP has seen the before/after usage summary and supports the renewal
# After the save (then weekly health checks for 6 to 12 months):
#   day 30: Check-in with the admin; logins and reports against the kickoff targets
#   day 60: Usage review with the champion; pick the next workflow to adopt
#   day 90: Business review with the economic buyer and the VP; weekly health checks
#     continue for six months

# When it ends: saveplan close contoso-ltd saved|churned|exited (writes status and outcome).
# Within 14 days, write what the team learned under the outcome (SP502):
#   debrief:
#     worked: what worked, and which action or move did it
#     missed: the signals that were missed, and for how long
#     change: what the team will do differently next time
"""


def test_the_reference_playbook_makes_exactly_this_plan() -> None:
    req = request("failed-onboarding", 60, NO_ROSTER, signals=("usage_decline",))
    assert render_plan(req) == FAILED_ONBOARDING_PLAN
