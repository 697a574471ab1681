"""The weekly update of one save plan, in Markdown for email or chat (docs/weekly-update.md).

Two audiences:

- `customer` (the default) is safe to send to every stakeholder, from the daily user to
  the economic buyer: an executive summary, what was done this week, the next steps with
  owners and dates, the challenges and what we need from them, in their own terms (each
  stakeholder's `kpi`). It never shows the commercial path, a concession, the save
  probability, triage or an internal state word (on/off track, behind, missed, light,
  window). A plan whose customer-facing text still holds a placeholder is not ready to
  send: `placeholders_shown` lists them and the command refuses.
- `team` is the internal view: the same sections, then the indicator state and light,
  the commercial path and its next move, the concessions and their approvals, and the
  update cadence.

Every text from the plan or the roster is escaped for Markdown and stripped of control
characters (`md_escape`): a `<script>` in a note is shown, never run.

Pure and deterministic: the week is the Monday-to-Sunday week holding `week_of`, and the
plan is reported as it stood at the end of that week, or today if that comes first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from saveplan import words
from saveplan.approvals import judge
from saveplan.models import Plan, WorkspaceConfig
from saveplan.placeholders import is_placeholder
from saveplan.render.text import md_escape
from saveplan.rules.updates import last_customer_update, update_due
from saveplan.status import (
    STATE_WORDS,
    PlanStatus,
    open_actions,
    person_name,
    plan_status,
    stakeholder_named,
)

Audience = Literal["customer", "team"]
AUDIENCES: tuple[Audience, ...] = ("customer", "team")


def week_bounds(week_of: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding `week_of`."""
    monday = week_of - timedelta(days=week_of.weekday())
    return monday, monday + timedelta(days=6)


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """The first letter lower-cased to run on in a sentence; an acronym (`NPS score`) stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _target(plan: Plan) -> str:
    ind = plan.leading_indicator
    if ind is None or ind.target is None:
        return ""
    return words.bound(ind.direction, ind.target)


def _role(role: str) -> str:
    return role.replace("_", " ")


def placeholders_shown(plan: Plan) -> list[str]:
    """Where the customer's update would show a placeholder (`saveplan new` left it to fill
    in): the stakeholders it is addressed to and their KPIs, the action owners and actions,
    the indicator's metric. Empty when the update is ready to send."""
    found: list[str] = []
    for i, s in enumerate(plan.stakeholders, start=1):
        if is_placeholder(s.name):
            found.append(f"stakeholder {i} ({_role(s.role)}) is named {s.name!r}")
        elif is_placeholder(s.kpi):
            found.append(f"stakeholder {i} ({s.name}) has the KPI {s.kpi!r}")
    for i, a in enumerate(plan.actions, start=1):
        if is_placeholder(a.owner):
            found.append(f"action {i} is owned by {a.owner!r}")
        elif is_placeholder(a.do):
            found.append(f"action {i} reads {a.do!r}")
    ind = plan.leading_indicator
    if ind is not None and is_placeholder(ind.metric):
        found.append(f"the leading indicator's metric is {ind.metric!r}")
    return found


# -- the sections both audiences share ----------------------------------------------------

def customer_summary(st: PlanStatus) -> str:
    """Where the plan stands, in the customer's words: the measure, the latest value and the
    goal, with no internal state word."""
    plan = st.plan
    ind = plan.leading_indicator
    if plan.is_closed:
        return _closed_summary(st)
    if ind is None or st.indicator == "none":
        return "We are agreeing with you how we will measure progress; the next steps are below."
    metric, goal = md_escape(ind.metric), _target(plan)
    latest = st.latest
    if st.indicator == "pending":
        return f"We will measure {_lower(metric)} on {st.check_date}; our goal is {goal}."
    if st.indicator == "missed":
        return (f"We are measuring {_lower(metric)} this week (it was planned for {st.check_date}); "
                f"our goal is {goal}.")
    assert latest is not None
    if st.indicator == "on_track":
        return f"{_upper(metric)}: {latest.value:g} on {latest.on}, meeting our goal of {goal}."
    return (f"{_upper(metric)}: {latest.value:g} on {latest.on}, short of our goal of {goal}; "
            "the next steps below are how we close the gap.")


def _in_their_terms(plan: Plan) -> str | None:
    """One sentence naming what each stakeholder measures (their KPI), or None."""
    terms = [f"{md_escape(_lower(s.kpi))} ({md_escape(s.name)})" for s in plan.stakeholders
             if s.kpi and s.kpi.strip()]
    if not terms:
        return None
    return f"What we are working towards, in your terms: {words.series(terms)}."


def _done_this_week(st: PlanStatus, config: WorkspaceConfig, start: date, end: date) -> list[str]:
    plan = st.plan
    items: list[tuple[date, int, str]] = []
    for i, action in enumerate(plan.actions):
        if action.done is not None and start <= action.done <= end:
            who = md_escape(person_name(action.owner, config))
            items.append((action.done, i, f"{md_escape(action.do)} ({who}, {action.done})"))
    ind = plan.leading_indicator
    if ind is not None:
        for j, r in enumerate(ind.readings):
            if start <= r.on <= end:
                verdict = ""
                if ind.target is not None:
                    verdict = (f", short of our goal of {_target(plan)}" if plan.misses_target(r.value)
                               else f", meeting our goal of {_target(plan)}")
                items.append((r.on, 100 + j, f"Measured {_lower(md_escape(ind.metric))}: "
                                             f"{r.value:g} on {r.on}{verdict}"))
    return [text for _, _, text in sorted(items)]


def _closed_summary(st: PlanStatus) -> str:
    """A closed plan's update speaks of what comes after the outcome: the recovery of a
    saved account (docs/lifecycle.md), or, after a loss, thanks and the door left open."""
    plan, life = st.plan, st.life
    when = f" on {plan.outcome.on}" if plan.outcome and plan.outcome.on else ""
    if plan.status == "saved":
        if life is not None and life.stage == "recovery":
            until = f" until {life.recovery_until}" if life.recovery_until else ""
            return (f"We renewed together{when}. We stay in close touch{until}, to make sure every "
                    "commitment we made is delivered; the next check-ins are below.")
        return f"We renewed together{when}: thank you for the work we did together."
    return f"Our work together came to a close{when}: thank you for your time and your candour."


def _closed_next_steps(st: PlanStatus, config: WorkspaceConfig) -> list[str]:
    """The scheduled follow-ups of a saved plan still to come, as dates with the CSM.
    (Win-back touches after a loss are the team's own plan: not in the customer's update.)"""
    if st.life is None or st.plan.status != "saved":
        return []
    owner = md_escape(person_name(st.plan.owner, config))
    return [f"Our {t.label}: {owner}, on {t.on}" for t in st.life.schedule if not t.done]


def _next_steps(st: PlanStatus, config: WorkspaceConfig) -> list[str]:
    plan, day = st.plan, st.today
    if plan.is_closed:
        return _closed_next_steps(st, config)
    steps: list[tuple[date, int, str]] = []
    ind = plan.leading_indicator
    owner = md_escape(person_name(plan.owner, config))
    if ind is not None and st.check_date is not None and st.indicator in ("pending", "missed"):
        when = "this week" if st.indicator == "missed" else f"on {st.check_date}"
        steps.append((st.check_date if st.indicator == "pending" else day, 0,
                      f"Measure {_lower(md_escape(ind.metric))} {when}: {owner}"))
    if st.indicator in ("behind", "off_track"):
        nxt = next((a for a in open_actions(plan) if a.due is not None and a.due > day), None)
        before = f"before {nxt.due}" if nxt is not None and nxt.due else "this week"
        champion = next((s for s in plan.stakeholders if s.role == "champion"), None)
        with_whom = f" with {md_escape(champion.name)}" if champion else ""
        steps.append((day, 1, f"A short working session{with_whom} {before}, to clear what stands "
                              f"in the way: {owner}"))
    for a in open_actions(plan):
        who = md_escape(person_name(a.action.owner, config))
        do = md_escape(a.action.do)
        if a.due is None:
            steps.append((date.max, 2 + a.number, f"{do}: {who}, date to agree"))
        elif a.is_overdue(day):
            steps.append((a.due, 2 + a.number, f"{do}: {who}, planned for {a.due}, still open"))
        else:
            steps.append((a.due, 2 + a.number, f"{do}: {who}, by {a.due}"))
    return [text for _, _, text in sorted(steps)]


def _challenges(st: PlanStatus, config: WorkspaceConfig) -> list[str]:
    plan = st.plan
    out = []
    for a in st.overdue:
        out.append(f"{md_escape(a.action.do)} ({md_escape(person_name(a.action.owner, config))}), "
                   f"planned for {a.due}, is still open.")
    ind = plan.leading_indicator
    if ind is not None and st.latest is not None and st.indicator in ("behind", "off_track"):
        out.append(f"{_upper(md_escape(ind.metric))}: {st.latest.value:g} so far, against our goal "
                   f"of {_target(plan)}.")
    elif ind is not None and st.indicator == "missed":
        out.append(f"{_upper(md_escape(ind.metric))} was not measured on {st.check_date} as planned.")
    return out


def _needed_from_them(st: PlanStatus) -> list[str]:
    """The open actions owned on the customer's side (by a stakeholder's name)."""
    out = []
    for a in open_actions(st.plan):
        person = stakeholder_named(st.plan, a.action.owner)
        if person is None:
            continue
        when = "date to agree" if a.due is None else (
            f"planned for {a.due}" if a.is_overdue(st.today) else f"by {a.due}")
        out.append(f"{md_escape(person.name)}: {md_escape(a.action.do)}, {when}")
    return out


# -- the team's sections ------------------------------------------------------------------

def summary_sentence(st: PlanStatus) -> str:
    """For the team: the indicator state and the days to renewal, in one sentence."""
    plan = st.plan
    ind = plan.leading_indicator
    renewal = plan.account.renewal_date
    days = st.days_to_renewal
    deadline = (f"with {words.days(days)} to the renewal on {renewal}" if days >= 0
                else f"and the renewal date {renewal} passed {words.days(-days)} ago")
    if plan.is_closed:
        when = f" on {plan.outcome.on}" if plan.outcome else ""
        return f"The plan is closed: the account was {plan.status}{when}."
    if ind is None or st.indicator == "none":
        return f"The plan has no leading indicator yet, {deadline}."
    metric = _upper(md_escape(ind.metric))
    latest = st.latest
    read = f"{latest.value:g} on {latest.on} against a target of {_target(plan)}" if latest else ""
    state = f"**{STATE_WORDS[st.indicator]}**"
    if st.indicator == "pending":
        what = f"{metric} is {state}: we read it on {st.check_date} (target {_target(plan)})"
    elif st.indicator == "missed":
        what = f"{metric} was {state}: it was due to be read on {st.check_date}"
    elif st.indicator == "off_track":
        what = f"{metric} is {state}: {read}, past the check date {st.check_date}"
    else:
        what = f"{metric} is {state}: {read}"
    return f"{what}, {deadline}."


def _team_state(st: PlanStatus) -> list[str]:
    lines = [summary_sentence(st), ""]
    if not st.plan.is_closed:
        lines.append(f"Light: **{st.light}** ({'; '.join(st.reasons)}); {st.window} window.")
    if st.days_to_renewal < 0 and not st.plan.is_closed:
        lines.append(f"The renewal date {st.plan.account.renewal_date} has passed: close the plan.")
    elif st.window == "emergency" and not st.plan.is_closed:
        lines.append(f"{words.days(st.days_to_renewal)} to the renewal: only the critical issues can be "
                     "fixed in time.")
    return lines


def _commercial(st: PlanStatus) -> list[str]:
    plan = st.plan
    if not plan.commercial_path:
        return ["No commercial path is decided yet."]
    lines = ["Decided in advance, first move first:", ""]
    for i, move in enumerate(plan.commercial_path, start=1):
        kind = _upper(_role(move.kind))
        lines.append(f"{i}. **{kind}** (when {md_escape(move.when)}): {md_escape(move.offer)}")
    lines.append("")
    first = _role(plan.commercial_path[0].kind)
    second = plan.commercial_path[1] if len(plan.commercial_path) > 1 else None
    if plan.is_closed:
        lines.append(f"Next move: none, the plan is closed ({plan.status}).")
    elif st.indicator == "on_track":
        lines.append(f"Next move: on course for the first move ({first}).")
    elif st.indicator == "pending":
        lines.append(f"Next move: the first move ({first}) stands until the indicator is read on "
                     f"{st.check_date}.")
    elif st.indicator == "behind":
        lines.append(f"Next move: the first move ({first}) is at risk until the indicator recovers.")
    elif second is not None:
        lines.append(f"Next move: if the indicator does not recover, we move to the next step, "
                     f"{_role(second.kind)}: {md_escape(second.offer)} (when {md_escape(second.when)}).")
    else:
        lines.append(f"Next move: the first move ({first}) is at risk.")
    return lines


def _concessions(plan: Plan, config: WorkspaceConfig) -> list[str]:
    out = []
    for c in plan.concessions:
        role, needed, problem = judge(c, config)
        what = _upper(_role(c.kind)) + (f" {c.percent:g}%" if c.percent is not None else "")
        if c.approved_by:
            who = md_escape(person_name(c.approved_by, config))
            approval = f"approved by {who}" + (f" ({role})" if role else "")
        else:
            approval = "no approver"
        needs = f"; needs a {needed}" if needed else ""
        verdict = f"; **{md_escape(problem)}**" if problem else ""
        terms = "".join(f"; {label} {md_escape(text)}" for label, text in
                        (("tied to", c.tied_to), ("sunset:", c.sunset)) if text and text.strip())
        out.append(f"{what}: {approval}{needs}{verdict}{terms}")
    return out


def _cadence(st: PlanStatus, config: WorkspaceConfig) -> str:
    plan = st.plan
    last = last_customer_update(plan, st.today)
    due = update_due(plan, config.update_every, st.today)
    sent = f"last sent to the customer on {last[1]}" if last else "none sent to the customer yet"
    if plan.is_closed:
        return f"Updates: {sent}."
    late = " (late)" if due <= st.today and plan.status == "active" else ""
    return f"Updates: {sent}; the next is due {due}{late}."


# -- the whole update ---------------------------------------------------------------------

def weekly_report(plan: Plan, config: WorkspaceConfig, today: date, *, week_of: date | None = None,
                  slug: str = "", audience: Audience = "customer") -> str:
    """The Markdown update for the week holding `week_of` (default: today's week), for the
    customer (safe to send) or the team (the internal view)."""
    start, end = week_bounds(week_of or today)
    as_of = min(today, end)
    st = plan_status(plan, config, as_of, slug=slug)
    account = md_escape(plan.account.name)
    team = audience == "team"

    def bullets(items: list[str], empty: str) -> list[str]:
        return [f"- {item}" for item in items] or [f"- {empty}"]

    names = [md_escape(s.name) for s in plan.stakeholders]
    if team:
        people = [f"{md_escape(s.name)} ({_role(s.role)})" for s in plan.stakeholders]
        head = [f"# {account}: weekly update (team view), week of {start}", "",
                "Internal: for the team only, never for the customer. The customer's update is "
                f"`saveplan report {slug or 'PLAN'}`.", ""]
        missing = placeholders_shown(plan)
        if missing:
            head += [f"Not ready to send to the customer: {md_escape('; '.join(missing))}.", ""]
        head += [f"For {words.series(people)}." if people else "No stakeholder is mapped yet.", ""]
    else:
        head = [f"# {account}: weekly update, week of {start}", "",
                f"Hi {words.series(names)}," if names else "Hi all,", "",
                f"here is where our plan for {account} stands on {as_of}.", ""]
    summary = [customer_summary(st)]
    terms = _in_their_terms(plan)
    if terms:
        summary += ["", terms]
    lines = [
        *head,
        "## Summary",
        "",
        *summary,
        "",
        f"## Done this week ({start} to {end})",
        "",
        *bullets(_done_this_week(st, config, start, as_of), "Nothing was completed this week."),
        "",
        "## Next steps",
        "",
        *bullets(_next_steps(st, config), "Every action is done."),
        "",
        "## Challenges",
        "",
        *bullets(_challenges(st, config), "None this week."),
        "",
        "## What we need from you" if not team else "## What we need from them",
        "",
        *bullets(_needed_from_them(st), "Nothing new this week: thank you for your time on the "
                                        "steps above."),
        "",
    ]
    if team:
        def section(title: str, body: list[str]) -> list[str]:
            return [f"## {title}", "", *body, ""]

        lines += section("Indicator (team only)", _team_state(st))
        lines += section("Commercial path (team only)", _commercial(st))
        lines += section("Concessions (team only)", bullets(_concessions(plan, config), "None."))
        lines += [_cadence(st, config)]
    else:
        lines += ["Thanks,", md_escape(person_name(plan.owner, config))]
    return "\n".join(lines) + "\n"
