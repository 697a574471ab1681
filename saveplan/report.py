"""The weekly update of one save plan, in Markdown for email or chat: addressed to every
stakeholder by name and role, with an executive summary (the indicator and the days to
renewal in one sentence), what was done this week, the next steps with owners and dates,
the challenges, and the commercial path.

Pure and deterministic: the week is the Monday-to-Sunday week holding `week_of`, and the
plan is reported as it stood at the end of that week, or today if that comes first.
"""

from __future__ import annotations

from datetime import date, timedelta

from saveplan.models import Plan, WorkspaceConfig
from saveplan.status import (
    STATE_WORDS,
    PlanStatus,
    fallback_move,
    open_actions,
    person_name,
    plan_status,
)


def week_bounds(week_of: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding `week_of`."""
    monday = week_of - timedelta(days=week_of.weekday())
    return monday, monday + timedelta(days=6)


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _target(plan: Plan) -> str:
    ind = plan.leading_indicator
    if ind is None or ind.target is None:
        return ""
    return f"{'at least' if ind.direction == 'at_least' else 'at most'} {ind.target:g}"


def _greeting(plan: Plan) -> str:
    people = [f"{s.name} ({s.role.replace('_', ' ')})" for s in plan.stakeholders]
    return f"Hi {_and(people)}," if people else "Hi all,"


def summary_sentence(st: PlanStatus) -> str:
    """The indicator state and the days to renewal, in one sentence."""
    plan = st.plan
    ind = plan.leading_indicator
    renewal = plan.account.renewal_date
    days = st.days_to_renewal
    deadline = (f"with {_days(days)} to the renewal on {renewal}" if days >= 0
                else f"and the renewal date {renewal} passed {_days(-days)} ago")
    if plan.is_closed:
        when = f" on {plan.outcome.on}" if plan.outcome else ""
        return f"The plan is closed: the account was {plan.status}{when}."
    if ind is None or st.indicator == "none":
        return f"The plan has no leading indicator yet, {deadline}."
    metric = ind.metric[:1].upper() + ind.metric[1:]
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


def _done_this_week(st: PlanStatus, config: WorkspaceConfig, start: date, end: date) -> list[str]:
    plan = st.plan
    items: list[tuple[date, int, str]] = []
    for i, action in enumerate(plan.actions):
        if action.done is not None and start <= action.done <= end:
            items.append((action.done, i, f"{action.do} ({person_name(action.owner, config)}, "
                                          f"{action.done})"))
    ind = plan.leading_indicator
    if ind is not None:
        for j, r in enumerate(ind.readings):
            if start <= r.on <= end:
                verdict = ""
                if ind.target is not None:
                    verdict = (f", missing the target of {_target(plan)}" if plan.misses_target(r.value)
                               else f", meeting the target of {_target(plan)}")
                items.append((r.on, 100 + j, f"Read {ind.metric[:1].lower() + ind.metric[1:]}: "
                                             f"{r.value:g} on {r.on}{verdict}"))
    return [text for _, _, text in sorted(items)]


def _next_steps(st: PlanStatus, config: WorkspaceConfig) -> list[str]:
    plan, day = st.plan, st.today
    steps: list[tuple[date, int, str]] = []
    ind = plan.leading_indicator
    owner = person_name(plan.owner, config)
    if ind is not None and st.check_date is not None and st.indicator in ("pending", "missed"):
        when = "now" if st.indicator == "missed" else f"on {st.check_date}"
        steps.append((st.check_date if st.indicator == "pending" else day, 0,
                      f"Read {ind.metric[:1].lower() + ind.metric[1:]} {when}: {owner}"))
    if st.indicator in ("behind", "off_track"):
        nxt = next((a for a in open_actions(plan) if a.due is not None and a.due > day), None)
        before = f"before {nxt.due}" if nxt is not None and nxt.due else "this week"
        champion = next((s for s in plan.stakeholders if s.role == "champion"), None)
        with_whom = f" with {champion.name}" if champion else ""
        steps.append((day, 1, f"A short unblock call{with_whom} {before}, to find what holds the "
                              f"indicator back: {owner}"))
    for a in open_actions(plan):
        who = person_name(a.action.owner, config)
        if a.due is None:
            steps.append((date.max, 2 + a.number, f"{a.action.do}: {who}, no date yet"))
        elif a.is_overdue(day):
            steps.append((a.due, 2 + a.number, f"{a.action.do}: {who}, was due {a.due} (overdue)"))
        else:
            steps.append((a.due, 2 + a.number, f"{a.action.do}: {who}, by {a.due}"))
    return [text for _, _, text in sorted(steps)]


def _challenges(st: PlanStatus, config: WorkspaceConfig) -> list[str]:
    plan, day = st.plan, st.today
    out = []
    for a in st.overdue:
        assert a.due is not None
        late = (day - a.due).days
        out.append(f"Overdue: {a.action.do} ({person_name(a.action.owner, config)}) was due {a.due}, "
                   f"{_days(late)} ago.")
    ind = plan.leading_indicator
    if ind is not None and st.latest is not None and st.indicator in ("behind", "off_track"):
        out.append(f"{ind.metric} is {STATE_WORDS[st.indicator]}: {st.latest.value:g} against a "
                   f"target of {_target(plan)}.")
    elif st.indicator == "missed":
        out.append(f"{ind.metric if ind else 'The indicator'} was not read by {st.check_date}.")
    elif st.indicator == "none":
        out.append("The plan has no leading indicator: we cannot yet tell whether it is working.")
    if st.days_to_renewal < 0:
        out.append(f"The renewal date {plan.account.renewal_date} has passed.")
    elif st.window == "emergency":
        out.append(f"{_days(st.days_to_renewal)} to the renewal: only the critical issues can be "
                   "fixed in time.")
    return out


def _commercial(st: PlanStatus) -> list[str]:
    plan = st.plan
    if not plan.commercial_path:
        return ["No commercial path is decided yet."]
    lines = ["Decided in advance, first move first:", ""]
    for i, move in enumerate(plan.commercial_path, start=1):
        kind = move.kind.replace("_", " ")
        lines.append(f"{i}. **{kind[:1].upper() + kind[1:]}** (when {move.when}): {move.offer}")
    lines.append("")
    first = plan.commercial_path[0].kind.replace("_", " ")
    fallback = fallback_move(plan)
    if plan.is_closed:
        lines.append(f"Status: closed ({plan.status}).")
    elif st.indicator == "on_track":
        lines.append(f"Status: on course for the first move ({first}).")
    elif st.indicator == "pending":
        lines.append(f"Status: the first move ({first}) stands until the indicator is read on "
                     f"{st.check_date}.")
    elif st.indicator == "behind":
        lines.append(f"Status: the first move ({first}) is at risk until the indicator recovers.")
    elif fallback:
        lines.append(f"Status: if the indicator does not recover, we move to the next step, {fallback}.")
    else:
        lines.append(f"Status: the first move ({first}) is at risk.")
    return lines


def weekly_report(plan: Plan, config: WorkspaceConfig, today: date, *, week_of: date | None = None,
                  slug: str = "") -> str:
    """The Markdown update for the week holding `week_of` (default: today's week)."""
    start, end = week_bounds(week_of or today)
    as_of = min(today, end)
    st = plan_status(plan, config, as_of, slug=slug)
    owner = person_name(plan.owner, config)

    def bullets(items: list[str], empty: str) -> list[str]:
        return [f"- {item}" for item in items] or [f"- {empty}"]

    lines = [
        f"# {plan.account.name}: weekly update, week of {start}",
        "",
        _greeting(plan),
        "",
        f"here is where our plan for {plan.account.name} stands on {as_of}.",
        "",
        "## Summary",
        "",
        summary_sentence(st),
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
        "## Commercial path",
        "",
        *_commercial(st),
        "",
        "Thanks,",
        owner,
    ]
    return "\n".join(lines) + "\n"
