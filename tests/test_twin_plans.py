"""Twin plans that differ in one fact only (renewal date, stakeholder names, indicator
reading) triage and check as SPEC "Triage" (1.1) says; twin plans for one account draw
SP207; SP205 suggests the id that was meant."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saveplan.checker import check_files
from saveplan.rules import Context
from saveplan.rules.actions import people_on_roster
from saveplan.rules.structure import executive_on_full_effort
from saveplan.triage import derive_probability, totals, triage, triage_plan

from .builders import parse_plan, roster

TODAY = date(2026, 11, 25)
ROSTER = roster("maria", "sam")


def plan_text(name: str = "Contoso Ltd", *, renewal: str = "2027-02-15", buyer: str = "Priya Shah",
              champion: str = "Lee Park", reading: str = "", status: str = "active",
              signals: str = "    - type: usage_decline\n", owner: str = "maria") -> str:
    return f"""\
account:
  name: {name}
  arr: 84000
  renewal_date: {renewal}
owner: {owner}
status: {status}
started: 2026-11-13
risk:
  signals:
{signals}  root_cause:
    category: service_experience
    summary: Failed onboarding.
stakeholders:
  - {{role: economic_buyer, name: "{buyer}"}}
  - {{role: champion, name: "{champion}"}}
actions:
  - {{do: Workflow session, owner: maria, due: day 5, done: 2026-11-18}}
  - {{do: Three reports, owner: "{champion}", due: day 10, done: 2026-11-22}}
  - {{do: Usage summary, owner: maria, due: day 20}}
leading_indicator:
  metric: Admin logins
  target: 3
  check: day 10
{reading}commercial_path:
  - {{when: value shown, kind: renewal, offer: Annual renewal}}
  - {{when: adoption low, kind: plan_swap, offer: Lighter tier}}
"""


ON_TRACK = "  readings:\n    - {on: 2026-11-23, value: 4}\n"
OFF_TRACK = "  readings:\n    - {on: 2026-11-23, value: 1}\n"


def test_twins_by_renewal_date_an_emergency_window_lowers_the_derived_probability() -> None:
    far = triage_plan("far.yaml", parse_plan(plan_text(renewal="2027-02-15", reading=ON_TRACK)), ROSTER,
                      TODAY)
    near = triage_plan("near.yaml", parse_plan(plan_text(renewal="2026-12-03", reading=ON_TRACK)), ROSTER,
                       TODAY)
    assert (far.window, far.probability, far.effort) == ("compressed", "high", "full")
    assert (near.window, near.probability, near.effort) == ("emergency", "medium", "full")
    assert near.derivation.score == far.derivation.score == 2
    assert near.derivation.adjustment == "emergency window: one level lower, high -> medium (low odds)"
    assert far.derivation.adjustment == ""
    assert (far.expected_value, near.expected_value) == (58800, 33600)


def test_the_emergency_window_does_not_lower_a_given_probability_nor_below_low() -> None:
    given = plan_text(renewal="2026-12-03").replace("    summary: Failed onboarding.\n",
                                                    "    summary: Failed onboarding.\n  probability: high\n")
    assert triage_plan("g.yaml", parse_plan(given), ROSTER, TODAY).probability == "high"
    low = parse_plan(plan_text(renewal="2026-12-03", signals="    - type: cancellation_request\n")
               .replace("service_experience", "product_fit"))
    d = derive_probability(low, "emergency")
    assert (d.level, d.adjustment) == ("low", "")


def test_twins_by_stakeholder_names_a_placeholder_is_not_engaged() -> None:
    named = triage_plan("n.yaml", parse_plan(plan_text()), ROSTER, TODAY)
    unnamed = triage_plan("p.yaml", parse_plan(plan_text(buyer="<<Economic buyer (name to confirm)>>",
                                                   champion="<<Champion (name to confirm)>>")),
                          ROSTER, TODAY)
    assert [(f.points, f.reason) for f in named.derivation.factors][1] == (
        1, "economic buyer and champion mapped: stakeholders engaged")
    assert [(f.points, f.reason) for f in unnamed.derivation.factors][1] == (
        -1, "the economic buyer is still a placeholder: not engaged")
    assert (named.probability, unnamed.probability) == ("high", "medium")
    half = triage_plan("h.yaml", parse_plan(plan_text(champion="<<Champion (name to confirm)>>")), ROSTER,
                       TODAY)
    assert half.derivation.factors[1].reason == "economic buyer mapped; the champion is still a placeholder"


def test_no_signal_earns_nothing() -> None:
    d = derive_probability(parse_plan(plan_text(signals="    []\n".replace("    []\n", ""))
                                .replace("  signals:\n", "  signals: []\n")))
    assert [(f.points, f.reason) for f in d.factors][-1] == (0, "no signal recorded: nothing known, "
                                                                "nothing earned")


def test_twins_by_indicator_reading_off_track_ranks_first_and_shows_its_light() -> None:
    plans = [("a-on.yaml", parse_plan(plan_text(reading=ON_TRACK))),
             ("b-off.yaml", parse_plan(plan_text("Fabrikam", reading=OFF_TRACK)))]
    ranked = triage(plans, ROSTER, TODAY)
    assert [(t.path, t.light, t.indicator, t.overdue) for t in ranked] == [
        ("b-off.yaml", "red", "off_track", 0), ("a-on.yaml", "green", "on_track", 0)]
    assert ranked[0].effort == ranked[1].effort == "full"
    row = ranked[0].as_json()
    assert (row["light"], row["indicator"], row["overdue"]) == ("red", "off_track", 0)
    late = triage_plan("late.yaml", parse_plan(plan_text(reading=ON_TRACK)), ROSTER, date(2026, 12, 5))
    assert (late.light, late.indicator, late.overdue) == ("yellow", "on_track", 1)


def test_light_indicator_and_overdue_are_the_status_ones() -> None:
    from saveplan.status import plan_status

    for reading in ("", ON_TRACK, OFF_TRACK):
        plan = parse_plan(plan_text(reading=reading))
        t, s = triage_plan("p.yaml", plan, ROSTER, TODAY), plan_status(plan, ROSTER, TODAY)
        assert (t.light, t.indicator, t.overdue) == (s.light, s.indicator, len(s.overdue))


def test_each_full_effort_plan_gets_its_own_question() -> None:
    on = triage_plan("a.yaml", parse_plan(plan_text(reading=ON_TRACK)), ROSTER, TODAY)
    off = triage_plan("b.yaml", parse_plan(plan_text(reading=OFF_TRACK)), ROSTER, TODAY)
    assert on.decide == ("Which executive sponsors the save? (none mapped) Is the first move (renewal: "
                         "Annual renewal) enough? 82 days to renewal.")
    assert off.decide == ("Which executive sponsors the save? (none mapped) The indicator is off track: "
                          "move to plan swap: Lighter tier (when adoption low), or a custom remedy? "
                          "82 days to renewal.")


def test_totals() -> None:
    plans = [("a.yaml", parse_plan(plan_text(reading=ON_TRACK))),
             ("b.yaml", parse_plan(plan_text(renewal="2026-12-03", reading=ON_TRACK)))]
    tot = totals(triage(plans, ROSTER, TODAY))
    assert (tot.plans, tot.arr_at_risk, tot.expected_saved) == (2, 168000, 92400)
    assert tot.per_window == {"emergency": 1, "compressed": 1, "comprehensive": 0}
    assert tot.per_effort == {"full": 2, "standard": 0, "light": 0, "none": 0}


def test_sp232_uses_the_triage_effort_of_the_day() -> None:
    """The same plan: full effort (SP232) far from the renewal; in an emergency window the
    placeholder-free twin still is full, a low-odds one is not."""
    ctx = Context(today=TODAY, config=ROSTER)
    far = parse_plan(plan_text())
    assert [f.code for f in executive_on_full_effort(far, ctx)] == ["SP232"]
    hard = parse_plan(plan_text(renewal="2026-12-03", buyer="<<Economic buyer (name to confirm)>>"))
    assert list(executive_on_full_effort(hard, ctx)) == []  # medium -> low in an emergency: light


@pytest.mark.parametrize(("owner", "hint"), [
    ("mariia", "did you mean 'maria'?"), ("Maria", "did you mean 'maria'?"),
    ("Maria Lopez", "did you mean 'maria'?"), ("sam reed", "did you mean 'sam'?")])
def test_sp205_suggests_the_roster_id(owner: str, hint: str) -> None:
    plan = parse_plan(plan_text(owner=owner))
    [finding] = people_on_roster(plan, Context(today=TODAY, config=ROSTER))
    assert finding.message.endswith(hint)


def test_sp205_suggests_a_stakeholder_name_for_an_action_owner() -> None:
    plan = parse_plan(plan_text().replace('owner: "Lee Park", due: day 10',
                                          'owner: "Lee Parks", due: day 10'))
    [finding] = people_on_roster(plan, Context(today=TODAY, config=ROSTER))
    assert finding.message == ("action 2 is owned by 'Lee Parks', who is neither a roster id nor a "
                               "stakeholder's name: did you mean 'Lee Park'?")


def test_sp205_without_a_near_miss_suggests_nothing() -> None:
    [finding] = people_on_roster(parse_plan(plan_text(owner="zed")), Context(today=TODAY, config=ROSTER))
    assert finding.message == "the plan owner 'zed' is not a roster id in saveplan.yaml"


def test_two_open_plans_for_one_account_draw_sp207_in_each(tmp_path: Path) -> None:
    a, b, c, d = (tmp_path / f"{n}.yaml" for n in "abcd")
    a.write_text(plan_text("Contoso Ltd", reading=ON_TRACK))
    b.write_text(plan_text("contoso  LTD", reading=ON_TRACK))
    c.write_text(plan_text("Fabrikam", reading=ON_TRACK))
    d.write_text(plan_text("Contoso Ltd", status="draft", reading=ON_TRACK).replace(
        "status: draft", "status: churned\noutcome: {on: 2026-11-20, arr: 0, reason: budget}"))
    found = [f for f in check_files([a, b, c, d], ROSTER, TODAY).findings if f.code == "SP207"]
    assert [(Path(f.path).name, f.line, f.column) for f in found] == [("a.yaml", 2, 3), ("b.yaml", 2, 3)]
    assert found[0].message == (f"the account 'Contoso Ltd' has another open plan: {found[1].path} (its "
                                "ARR counts twice in triage): keep one plan, close or merge the other")
    assert found[1].message.startswith(f"the account 'contoso  LTD' has another open plan: {found[0].path} ")
    assert found[0].severity == "warning"


def test_sp207_is_the_same_with_workers(tmp_path: Path) -> None:
    files = []
    for i in range(6):
        p = tmp_path / f"p{i}.yaml"
        p.write_text(plan_text("Twin" if i in (1, 4) else f"Account {i}", reading=ON_TRACK))
        files.append(p)
    one = check_files(files, ROSTER, TODAY, jobs=1).findings
    assert [f for f in one if f.code == "SP207"]
    import saveplan.checker as checker

    old = checker.CHUNK
    checker.CHUNK = 2
    try:
        many = check_files(files, ROSTER, TODAY, jobs=2).findings
    finally:
        checker.CHUNK = old
    assert many == one
