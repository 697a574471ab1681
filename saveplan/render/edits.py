"""What the writing commands say once they have written: the changed line of an edit
(`path:line: what was done`) and what comes next (`record`, `done`, `close`, `touch`,
`report --sent`), and the note of a file written (`calendar -o`, `board -o`). Plain text,
from the edit and the plan's status or lifecycle after it; decides nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from saveplan.render.lifecycle import schedule_lines, stage_words, touch_command, when_words
from saveplan.words import bound, count, money

if TYPE_CHECKING:
    from saveplan.analysis.board import Board
    from saveplan.changes import After
    from saveplan.edit import Edit
    from saveplan.status import PlanStatus


def edit_line(shown: str, edit: Edit, tail: str = "") -> str:
    """`plans/x.yaml:12: recorded 2 on 2026-12-03`, the one line every edit prints."""
    return f"{shown}:{edit.line}: {edit.message}{tail}\n"


def recorded(shown: str, edit: Edit, status: PlanStatus | None) -> str:
    """`record`: the reading's line with the metric and target, the indicator and light
    after it, and the first piece of advice."""
    detail = ""
    if status is not None and status.plan.leading_indicator is not None:
        ind = status.plan.leading_indicator
        target = f", target {bound(ind.direction, ind.target)}" if ind.target is not None else ""
        detail = f" ({ind.metric}{target})"
    text = edit_line(shown, edit, detail)
    if status is not None:
        from saveplan.status import STATE_WORDS, advice

        text += f"Indicator: {STATE_WORDS[status.indicator]}; light: {status.light}\n"
        text += "".join(f"Next: {line}\n" for line in advice(status)[:1])
    return text


def marked_done(shown: str, edit: Edit, status: PlanStatus | None, today: date, *,
                dated: bool) -> str:
    """`done`: the action's line (`dated`: --on was given), then the next open action."""
    tail = "" if edit.changed else "; nothing written" + (
        "" if dated else " (use --on DATE to change the date)")
    text = edit_line(shown, edit, tail)
    if status is None:
        return text
    nxt = status.next_action
    if nxt is None:
        return text + "Every action is done.\n"
    late = " (overdue)" if nxt.is_overdue(today) else ""
    return text + (f"Next: action {nxt.label}, due {nxt.due}{late}: {nxt.action.do} "
                   f"({nxt.action.owner})\n")


def closed(shown: str, edit: Edit, when: date, after: After | None, slug: str) -> str:
    """`close`: the outcome's line (with the ARR kept of a save), then the follow-ups or
    win-back touches, the recovery period and the debrief."""
    detail = ""
    plan = after.plan if after is not None else None
    if (plan is not None and plan.status == "saved" and plan.outcome is not None
            and plan.outcome.arr is not None):
        detail = f" (ARR kept {money(plan.outcome.arr)} of {money(plan.account.arr)})"
    text = edit_line(shown, edit, f" on {when}{detail}")
    lines = schedule_lines(after.life, slug) if after is not None else []
    if lines:
        text += "What comes next:\n" + "".join(line + "\n" for line in lines)
    return text


def touched(shown: str, edit: Edit, after: After | None, today: date, slug: str) -> str:
    """`touch`: the touch's line, then the next scheduled touch, the recovery period, or
    the stage."""
    text = f"{shown}:{edit.line}: recorded the {edit.message}\n"
    if after is None:
        return text
    life = after.life
    nxt = life.next_touch
    if nxt is not None:
        text += (f"Next: the {nxt.label} on {nxt.on} ({when_words(nxt.on, today)}): "
                 f"{touch_command(slug, nxt)}\n")
    elif life.stage == "closed":
        text += "Every scheduled touch is recorded: the plan is closed.\n"
    by = life.recovery_touch_by
    if by is not None:
        text += f"In recovery until {life.recovery_until}: the next touch by {by}.\n"
    if life.stage != "closed" and nxt is None:
        text += f"Stage: {stage_words(life)}.\n"
    return text


def sent(shown: str, edit: Edit) -> str:
    """`report --sent`: the update's line."""
    return edit_line(shown, edit, "" if edit.changed else "; nothing written")


def calendar_written(shown: str, events: int, plans: int) -> str:
    """`calendar -o FILE`: how many events from how many plans."""
    return f"{shown}: {events} events from {count(plans, 'plan')}\n"


def calendar_skipped(shown: str) -> str:
    """`calendar`: a plan that does not load is left out of the file."""
    return f"saveplan: skipped {shown}: it does not load (run `saveplan check {shown}`)\n"


def board_written(shown: str, board: Board) -> str:
    """`board -o FILE`: the open plans on it, and the movers with --since."""
    moved = "" if board.movers is None else f", {len(board.movers)} moved since {board.since_ref}"
    return f"{shown}: the board of {count(board.open_plans, 'open plan')}{moved}\n"
