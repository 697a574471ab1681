"""The lifecycle after the outcome, in words: what `close` prints as "what comes next",
and the follow-up section of `status PLAN`. Takes a `Lifecycle` (analysis/lifecycle.py)
and returns plain lines; decides nothing about the plan."""

from __future__ import annotations

from datetime import date

from saveplan.analysis.lifecycle import LATE_AFTER, Lifecycle, ScheduledTouch
from saveplan.words import days


def when_words(day: date, today: date) -> str:
    """`today`, `in 3 days`, `5 days ago`."""
    left = (day - today).days
    if left == 0:
        return "today"
    return f"in {days(left)}" if left > 0 else f"{days(-left)} ago"


def touch_state(touch: ScheduledTouch, today: date) -> str:
    """`done 2027-03-15`, `late by 8 days`, `due today`, `in 22 days`."""
    if touch.recorded is not None:
        return f"done {touch.recorded.on}"
    past = touch.days_past(today)
    if past > LATE_AFTER:
        return f"late by {days(past)}"
    if past > 0:
        return f"due {days(past)} ago"
    return "due today" if past == 0 else f"in {days(-past)}"


def touch_command(slug: str, touch: ScheduledTouch) -> str:
    extra = " [--result won_back]" if touch.kind == "win_back" else ""
    return f"saveplan touch {slug} {touch.kind}{extra}"


def schedule_lines(life: Lifecycle, slug: str, *, indent: str = "  ") -> list[str]:
    """One line per scheduled touch (date, what, state, the command for an open one), then
    the recovery period and the debrief."""
    today = life.today
    out: list[str] = []
    width = max((len(t.label) for t in life.schedule), default=0)
    for t in life.schedule:
        line = f"{indent}{t.on}  {t.label:<{width}}  {touch_state(t, today)}"
        if not t.done:
            line += f": {touch_command(slug, t)}"
        out.append(line)
    if life.recovery_until is not None:
        line = (f"{indent}Recovery until {life.recovery_until}: a touch at least every "
                f"{days(life.touch_every)}")
        by = life.recovery_touch_by
        if life.in_recovery and by is not None and life.last_contact is not None:
            late = " (late)" if life.recovery_touch_late else ""
            line += f"; last contact {life.last_contact}, next by {by}{late}"
        out.append(line + f" (saveplan touch {slug} health_check)")
    by = life.debrief_by
    if by is not None:
        if life.has_debrief:
            out.append(f"{indent}Debrief: written")
        else:
            late = " (late)" if life.debrief_late else f" ({when_words(by, today)})"
            out.append(f"{indent}Debrief by {by}{late}: add outcome.debrief with worked, missed "
                       "and change to the plan")
    return out


STAGE_WORDS = {"recovery": "in recovery", "win_back": "in win-back", "closed": "closed",
               "draft": "draft", "active": "active"}


def stage_words(life: Lifecycle) -> str:
    """The stage, in words, for a title line."""
    return STAGE_WORDS[life.stage]
