"""saveplan.drafting: what `saveplan new` is given, read and checked (no CLI in the way)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saveplan.drafting import Inputs, pick_playbook, refuse_existing, require
from saveplan.drafting import parse_renewal as renewal
from saveplan.errors import EditRefused, UsageError
from saveplan.library import Library, builtin_playbooks

TODAY = date(2026, 11, 25)
LIBRARY = Library(playbooks=builtin_playbooks())


def test_the_renewal_must_be_ahead_and_two_days_after_the_start() -> None:
    assert renewal("2026-11-27", TODAY, TODAY) == date(2026, 11, 27)
    with pytest.raises(UsageError) as raised:
        renewal("2026-11-26", TODAY, TODAY)
    assert raised.value.message == ("the renewal date 2026-11-26 must come at least 2 days after the "
                                    "start 2026-11-25")
    with pytest.raises(UsageError) as raised:
        renewal("2026-11-24", TODAY, TODAY)
    assert raised.value.message == ("the renewal date 2026-11-24 has passed (today is 2026-11-25): there "
                                    "is no renewal left to save")


def test_a_given_playbook_is_used_by_id_or_menu_number() -> None:
    assert pick_playbook("value-roi", [], LIBRARY, interactive=False).id == "value-roi"
    assert pick_playbook("2", [], LIBRARY, interactive=True) == pick_playbook("champion-departure", [],
                                                                             LIBRARY, False)


def test_signals_choose_the_best_playbook_where_nobody_can_be_asked() -> None:
    pick = pick_playbook(None, ["champion_left"], LIBRARY, interactive=False)
    assert (pick.id, pick.guessed, pick.ask) == ("champion-departure", True, False)
    assert pick_playbook(None, [], LIBRARY, interactive=False).id is None


def test_a_tie_is_refused_where_nobody_can_be_asked_and_asked_on_a_terminal() -> None:
    with pytest.raises(UsageError) as raised:
        pick_playbook(None, ["negative_feedback"], LIBRARY, interactive=False)
    assert raised.value.message == ("the signals match several playbooks equally: product-issue, "
                                    "service-relationship, value-roi")
    pick = pick_playbook(None, ["negative_feedback"], LIBRARY, interactive=True)
    assert (pick.id, pick.guessed, pick.ask) == (None, False, True)


def test_a_terminal_is_asked_with_the_best_as_default() -> None:
    pick = pick_playbook(None, ["champion_left"], LIBRARY, interactive=True)
    assert (pick.id, pick.guessed, pick.ask) == ("champion-departure", False, True)


def test_what_is_missing_is_named_in_order() -> None:
    require((("NAME", "x"), ("--arr", "1")))
    with pytest.raises(UsageError) as raised:
        require((("NAME", None), ("--arr", "1"), ("--owner", None)))
    assert raised.value.message == "missing NAME, --owner (nothing was written)"


def test_inputs_ask_three_times_and_say_why_between() -> None:
    asked: list[tuple[str, str | None]] = []
    answers = iter(["x", "y", "42"])
    heard: list[str] = []

    def ask(question: str, default: str | None) -> str:
        asked.append((question, default))
        return next(answers)

    inputs = Inputs(True, ask, lambda exc: heard.append(exc.message))
    assert inputs.get(None, "N", _number, default="7") == 42
    assert asked == [("N", "7")] * 3 and heard == ["'x' is no number", "'y' is no number"]
    assert inputs.get("5", "N", _number) == 5 and len(asked) == 3  # given: never asked
    with pytest.raises(UsageError, match="'z' is no number"):
        Inputs(True, lambda q, d: "z", heard.append).get(None, "N", _number)


def _number(text: str) -> int:
    if not text.isdigit():
        raise UsageError(f"{text!r} is no number")
    return int(text)


def test_an_existing_plan_is_replaced_only_with_force(tmp_path: Path) -> None:
    plan = tmp_path / "contoso.yaml"
    refuse_existing(plan, force=False)
    plan.write_text("x")
    refuse_existing(plan, force=True)
    with pytest.raises(EditRefused, match="exists; nothing was written"):
        refuse_existing(plan, force=False)
