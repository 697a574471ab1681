"""`saveplan new`: the plan it writes checks clean, the name can never write outside
plans/, an existing plan is never replaced without --force, what is missing is asked for
on a terminal and an error elsewhere."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import saveplan.commands.new as new_module
from saveplan.cli import main
from saveplan.commands.new import new
from saveplan.drafting import parse_arr
from saveplan.errors import EditRefused, UsageError

from ..builders import REPO, files_under, roster_yaml, write_tree
from ..conftest import Run

IDS = ["budget-economic", "champion-departure", "competitive-threat", "failed-onboarding",
       "product-issue", "service-relationship", "value-roi"]
ROSTER = roster_yaml("maria", "sam", "jordan", "alex")
CONTOSO = ["new", "Contoso Ltd", "--playbook", "champion-departure", "--renewal", "2027-04-01",
           "--arr", "60000", "--owner", "maria", "--start", "2026-11-25", "--no-input",
           "--today", "2026-11-25"]


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty workspace with a roster (the acceptance case's), as the cwd."""
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": ROSTER})
    monkeypatch.chdir(root)
    yield root


def check_json(run: Run, *paths: str) -> dict[str, Any]:
    result = run("check", "--format", "json", "--today", "2026-11-25", *paths)
    body: dict[str, Any] = json.loads(result.out)
    body["exit"] = result.code
    return body


# -- the plan checks clean ---------------------------------------------------------------

def test_the_contract_case_writes_a_plan_that_checks_with_no_finding(ws: Path, run: Run) -> None:
    result = run(*CONTOSO)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Wrote plans/contoso-ltd.yaml: a draft save plan for Contoso Ltd from the playbook "
        "champion-departure.\n"
        "  Renewal 2027-04-01 (127 days after the start 2026-11-25); 5 actions; indicator: Logins by "
        "the new champion in week two.\n"
        "Next:\n"
        "  1. Edit plans/contoso-ltd.yaml: confirm the root cause, put names in place of each "
        "<<placeholder>>,\n"
        "     and make the actions this account's own. The comments are the playbook's\n"
        "     guidance: delete them as you go.\n"
        "  2. saveplan check plans/contoso-ltd.yaml\n"
        "  3. Once the root cause is confirmed, set status: active.\n")
    assert files_under(ws) == ["plans/contoso-ltd.yaml", "saveplan.yaml"]
    assert check_json(run) == {"findings": [], "files": 1, "errors": 0, "warnings": 0, "exit": 0}


@pytest.mark.parametrize("roster", [True, False], ids=["roster", "no-roster"])
def test_every_builtin_playbook_makes_a_plan_that_checks_clean(ws: Path, run: Run, roster: bool) -> None:
    if not roster:
        (ws / "saveplan.yaml").unlink()
        (ws / "plans").mkdir()
    for n, pid in enumerate(IDS):
        renewal = ["2027-01-01", "2027-11-20", "2027-02-24", "2027-05-31"][n % 4]
        result = run("new", f"Account {pid}", "-p", pid, "-r", renewal, "--arr", "25k", "--owner", "maria",
                     "--start", "2026-11-25", "--no-input", "--today", "2026-11-25")
        assert result.code == 0, result.err
    body = check_json(run)
    assert (body["exit"], body["files"], body["findings"]) == (0, 7, [])


def test_a_renewal_inside_the_playbook_window_pulls_the_dates_in(ws: Path, run: Run) -> None:
    result = run("new", "Tight", "-p", "failed-onboarding", "-r", "2026-12-05", "--arr", "9000",
                 "--owner", "maria", "--start", "2026-11-25", "--no-input", "--today", "2026-11-25")
    assert result.code == 0
    assert "they were pulled in to fit" in result.out
    text = (ws / "plans" / "tight.yaml").read_text()
    assert re.findall(r"^ +(?:due|check): (day \d+)", text, re.M) == ["day 2", "day 4", "day 6", "day 9",
                                                                     "day 4"]
    assert check_json(run)["findings"] == []


def test_the_written_values_read_back_exactly(ws: Path, run: Run) -> None:
    assert run("new", "Café Zürich, S.A.", "-p", "budget-economic", "-r", "2027-03-01", "--arr", "1,250.50",
               "--owner", "maria", "--start", "2026-11-25", "-s", "budget-pressure", "--no-input",
               "--today", "2026-11-25").code == 0
    from saveplan.plans import load_plan

    plan = load_plan(ws / "plans" / "cafe-zurich-s-a.yaml").plan
    assert (plan.account.name, plan.account.arr, str(plan.account.renewal_date)) == (
        "Café Zürich, S.A.", 1250.5, "2027-03-01")
    assert (plan.owner, plan.status, plan.playbook, str(plan.started)) == (
        "maria", "draft", "budget-economic", "2026-11-25")
    assert [s.type for s in plan.signals] == ["budget_pressure"]
    assert plan.root_cause is not None and plan.root_cause.category == "circumstantial"
    assert [a.owner for a in plan.actions] == ["maria", "maria", "sam",
                                               "<<Economic buyer (name to confirm)>>", "maria"]
    assert [m.kind for m in plan.commercial_path] == ["payment_terms", "scope_reduction", "discount"]


# -- names and where the file goes -------------------------------------------------------

@pytest.mark.parametrize(("name", "file"), [
    ("../../etc/x", "etc-x.yaml"),
    ("/etc/passwd", "etc-passwd.yaml"),
    ("..\\..\\Windows\\system32", "windows-system32.yaml"),
    ("Contoso Ltd.", "contoso-ltd.yaml"),
    ("  ÅÉÎÕÜ  ñ ", "aeiou-n.yaml"),
    ("Ünïcödé GmbH & Co. KG", "unicode-gmbh-co-kg.yaml"),
    ("東京 Trading", "trading.yaml"),
    ("plans/../../../x", "plans-x.yaml"),
    ("a\nstatus: active", "a-status-active.yaml"),
])
def test_the_name_only_ever_writes_plans_slug_yaml(ws: Path, run: Run, name: str, file: str) -> None:
    result = run("new", name, "-p", "value-roi", "-r", "2027-02-01", "--arr", "100", "--owner", "maria",
                 "--no-input", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert files_under(ws.parent) == ["ws/plans/" + file, "ws/saveplan.yaml"]
    assert check_json(run)["findings"] == []


def test_a_name_is_kept_on_one_line(ws: Path, run: Run) -> None:
    assert run("new", "a\nstatus: active\u2028x", "-p", "value-roi", "-r", "2027-02-01", "--arr", "1",
               "--owner", "maria", "--no-input", "--today", "2026-11-25").code == 0
    text = (ws / "plans" / "a-status-active-x.yaml").read_text()
    assert "  name: \"a status: active x\"\n" in text and "\nstatus: draft" in text


@pytest.mark.parametrize(("name", "message"), [
    ("東京", "has no letter a-z or digit"),
    ("!!!", "has no letter a-z or digit"),
    ("   ", "the account name is empty"),
    ("x" * 200, "too long for a file name"),
])
def test_a_name_that_makes_no_file_name_is_refused(ws: Path, run: Run, name: str, message: str) -> None:
    result = run("new", name, "-p", "value-roi", "-r", "2027-02-01", "--arr", "100", "--owner", "maria",
                 "--no-input", "--today", "2026-11-25")
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert files_under(ws) == ["saveplan.yaml"]


# -- refusing ----------------------------------------------------------------------------

def test_an_existing_plan_is_never_replaced_without_force(ws: Path, run: Run) -> None:
    assert run(*CONTOSO).code == 0
    path = ws / "plans" / "contoso-ltd.yaml"
    path.write_text(path.read_text() + "# my notes\n")
    before = path.read_bytes()
    result = run(*CONTOSO)
    assert result.code == 2
    assert result.err == ("saveplan: plans/contoso-ltd.yaml exists; nothing was written\n"
                          "  hint: edit that plan, choose another name, or use --force to replace it\n")
    assert path.read_bytes() == before
    assert files_under(ws) == ["plans/contoso-ltd.yaml", "saveplan.yaml"]  # no temporary file left
    assert run(*CONTOSO, "--force").code == 0
    assert "# my notes" not in path.read_text()


def test_a_yml_plan_of_the_same_slug_counts_as_existing(ws: Path, run: Run) -> None:
    (ws / "plans").mkdir()
    (ws / "plans" / "contoso-ltd.yml").write_text("old\n")
    assert run(*CONTOSO).code == 2
    assert (ws / "plans" / "contoso-ltd.yml").read_text() == "old\n"
    assert files_under(ws) == ["plans/contoso-ltd.yml", "saveplan.yaml"]


def test_refusal_comes_before_any_question(ws: Path) -> None:
    (ws / "plans").mkdir()
    (ws / "plans" / "contoso-ltd.yaml").write_text("old\n")

    def ask(text: str, default: str | None) -> str:
        raise AssertionError(f"asked {text!r}")

    with pytest.raises(EditRefused):
        new("Contoso Ltd", interactive=True, ask=ask, today="2026-11-25")


@pytest.mark.parametrize(("args", "message"), [
    ([], "missing --playbook, --renewal, --arr, --owner (nothing was written)"),
    (["-p", "value-roi", "--arr", "5"], "missing --renewal, --owner (nothing was written)"),
    (["-p", "nope", "-r", "2027-02-01", "--arr", "5", "--owner", "maria"], "no playbook 'nope'"),
    (["-p", "value-roi", "-r", "someday", "--arr", "5", "--owner", "maria"],
     "--renewal 'someday' is not a date"),
    (["-p", "value-roi", "-r", "2027-02-01", "--arr", "lots", "--owner", "maria"],
     "--arr 'lots' is not a number"),
    (["-p", "value-roi", "-r", "2027-02-01", "--arr", "-5", "--owner", "maria"],
     "must be a number of 0 or more"),
    (["-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "bob"],
     "the owner 'bob' is not in the roster of saveplan.yaml"),
    (["-p", "value-roi", "-r", "2026-11-26", "--arr", "5", "--owner", "maria"],
     "must come at least 2 days after the start 2026-11-25"),
    (["-p", "value-roi", "-r", "2026-11-20", "--arr", "5", "--owner", "maria", "--start", "2026-11-01"],
     "the renewal date 2026-11-20 has passed (today is 2026-11-25)"),
    (["-r", "2027-02-01", "--arr", "5", "--owner", "maria", "-s", "negative_feedback"],
     "the signals match several playbooks equally: product-issue, service-relationship, value-roi"),
    (["-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "maria", "-s", "churn"],
     "--signal 'churn' is not a risk signal"),
])
def test_bad_or_missing_values_exit_2_and_write_nothing(ws: Path, run: Run, args: list[str],
                                                        message: str) -> None:
    result = run("new", "Contoso Ltd", *args, "--no-input", "--today", "2026-11-25")
    assert result.code == 2
    assert result.err.startswith("saveplan: ") and message in result.err, result.err
    assert files_under(ws) == ["saveplan.yaml"]


def test_the_owner_hint_names_the_id_of_a_full_name(ws: Path, run: Run) -> None:
    result = run("new", "X", "-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "Maria Lopez",
                 "--no-input", "--today", "2026-11-25")
    assert result.code == 2 and "hint: did you mean 'maria'? use the roster id" in result.err


def test_a_plan_started_long_ago_is_written_and_the_missed_check_is_news(ws: Path, run: Run) -> None:
    """The plan is sound as written; that its check date passed is what the CSM must hear,
    not a reason to refuse (a plan written today for work begun in October is normal)."""
    result = run("new", "Old", "-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "maria",
                 "--start", "2026-10-01", "--no-input", "--today", "2026-11-25")
    assert result.code == 0 and (ws / "plans" / "old.yaml").is_file()
    assert "  note: as of 2026-11-25, check fails: SP302" in result.out
    assert run("check", "plans/old.yaml", "--today", "2026-10-01").code == 0


def test_a_backdated_start_warns_about_overdue_actions(ws: Path, run: Run) -> None:
    result = run("new", "Late", "-p", "champion-departure", "-r", "2027-04-01", "--arr", "5",
                 "--owner", "maria", "--start", "2026-11-15", "--no-input", "--today", "2026-11-25")
    assert result.code == 0
    assert "  note: as of 2026-11-25, check warns: SP301 (line 74) action 1 was due 2026-11-22 (3 days ago)" \
        in result.out
    body = check_json(run)
    assert (body["exit"], [f["code"] for f in body["findings"]]) == (0, ["SP301"])


def test_signals_pick_the_playbook(ws: Path, run: Run) -> None:
    result = run("new", "Contoso", "-s", "champion_left", "-s", "engagement_decline", "-r", "2027-02-01",
                 "--arr", "5", "--owner", "maria", "--no-input", "--today", "2026-11-25")
    assert result.code == 0
    assert result.out.startswith("Using the playbook champion-departure: it matches --signal "
                                 "champion_left, engagement_decline best.\n")
    assert "playbook: champion-departure\n" in (ws / "plans" / "contoso.yaml").read_text()


def test_a_workspace_playbook_is_used_over_the_builtin_one(ws: Path, run: Run) -> None:
    (ws / "playbooks").mkdir()
    text = (REPO / "playbooks" / "value-roi.yaml").read_text()
    (ws / "playbooks" / "value-roi.yaml").write_text(text.replace("  target: 5\n", "  target: 7\n"))
    result = run("new", "X", "-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "maria",
                 "--no-input", "--today", "2026-11-25")
    assert result.code == 0 and "from the playbook value-roi (workspace)." in result.out
    assert "  target: 7\n" in (ws / "plans" / "x.yaml").read_text()


def test_a_broken_workspace_playbook_is_refused_with_its_line(ws: Path, run: Run) -> None:
    (ws / "playbooks").mkdir()
    text = (REPO / "playbooks" / "value-roi.yaml").read_text()
    (ws / "playbooks" / "value-roi.yaml").write_text(text.replace("    why: Untapped", "    wyh: Untapped"))
    result = run("new", "X", "-p", "value-roi", "-r", "2027-02-01", "--arr", "5", "--owner", "maria",
                 "--no-input", "--today", "2026-11-25")
    line = text.splitlines().index("    why: Untapped features are value the customer already pays for") + 1
    assert result.code == 2
    assert result.err == (
        f"saveplan: the playbook playbooks/value-roi.yaml has problems: playbooks/value-roi.yaml:{line}:5: "
        "SP103 unknown key 'wyh' in actions[2]; did you mean 'why'?\n"
        "  hint: run `saveplan check playbooks/value-roi.yaml` and fix it first\n")
    assert not (ws / "plans").exists()


def test_a_generated_plan_that_fails_its_check_is_a_bug_and_writes_nothing(
        ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import saveplan.authoring as playbook

    real = playbook.render_plan
    monkeypatch.setattr(playbook, "render_plan",
                        lambda req: real(req).replace("  - do:", "  - do: x\n    dd:", 1))
    result = run(*CONTOSO)
    assert result.code == 3  # a bug, not a refusal
    assert "internal error: RuntimeError: the plan made from the playbook champion-departure" in result.err
    assert "SP103" in result.err and "Nothing was written" in result.err
    assert files_under(ws) == ["saveplan.yaml"]


@pytest.mark.parametrize(("text", "value"), [("60000", 60000), ("60,000", 60000), ("60_000.5", 60000.5),
                                             ("60k", 60000), ("1.2M", 1200000), ("$800", 800), ("0", 0)])
def test_arr_reads_the_ways_people_write_it(text: str, value: float) -> None:
    assert parse_arr(text) == value


@pytest.mark.parametrize("text", ["", "k", "nan", "inf", "-1", "1e999", "12 apples"])
def test_arr_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(UsageError):
        parse_arr(text)


# -- asking on a terminal ----------------------------------------------------------------

class Answers:
    """A fake prompt: the answers in order; None takes the default. Records the questions."""

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str | None]] = []

    def __call__(self, text: str, default: str | None) -> str:
        self.asked.append((text, default))
        answer = self.answers.pop(0)
        return default or "" if answer is None else answer


def test_missing_values_are_asked_for_in_order(ws: Path) -> None:
    import io

    answers = Answers("Contoso Ltd", "2", "2027-04-01", "60000", "maria")
    out = io.StringIO()
    assert new(None, interactive=True, ask=answers, out=out, start="2026-11-25", today="2026-11-25") == 0
    assert answers.asked == [
        ("Account name", None), ("Playbook (number or id)", None), ("Renewal date (YYYY-MM-DD)", None),
        ("ARR (annual recurring revenue)", None), ("Owner (your roster id: maria, sam, jordan, alex)", None)]
    assert out.getvalue().startswith(
        "Playbooks:\n"
        "   1  budget-economic       Budget or economic pressure (budget_pressure, business_change, "
        "cancellation_request)\n"
        "   2  champion-departure    Champion departure (champion_left, stakeholder_change, "
        "engagement_decline)\n")
    assert "Wrote plans/contoso-ltd.yaml" in out.getvalue()
    assert "playbook: champion-departure\n" in (ws / "plans" / "contoso-ltd.yaml").read_text()


def test_only_what_is_missing_is_asked_and_signals_suggest_the_default(ws: Path) -> None:
    import io

    answers = Answers(None, "alex")
    out = io.StringIO()
    code = new("Contoso", signals=["competitive"], renewal="2027-02-01", arr="5", interactive=True,
               ask=answers, out=out, today="2026-11-25")
    assert code == 0
    assert answers.asked == [("Playbook (number or id)", "competitive-threat"),
                             ("Owner (your roster id: maria, sam, jordan, alex)", None)]
    assert "Suggested from your signals: competitive-threat\n" in out.getvalue()
    text = (ws / "plans" / "contoso.yaml").read_text()
    assert "playbook: competitive-threat\n" in text and "\nowner: alex\n" in text


def test_a_bad_answer_is_explained_and_asked_again(ws: Path) -> None:
    import io

    answers = Answers("Contoso", "value-roi", "2025-01-01", "2027-02-01", "lots", "5", "bob", "maria")
    out = io.StringIO()
    assert new(None, interactive=True, ask=answers, out=out, today="2026-11-25") == 0
    assert [q for q, _ in answers.asked].count("Renewal date (YYYY-MM-DD)") == 2
    assert "  the renewal date 2025-01-01 has passed (today is 2026-11-25)" in out.getvalue()
    assert "  --arr 'lots' is not a number\n  hint: the annual recurring revenue, e.g. 60000\n" \
        in out.getvalue()
    assert "  the owner 'bob' is not in the roster of saveplan.yaml" in out.getvalue()


def test_three_bad_answers_give_up(ws: Path) -> None:
    import io

    with pytest.raises(UsageError, match="is not a number"):
        new("X", playbook="value-roi", renewal="2027-02-01", owner="maria", interactive=True,
            ask=Answers("a", "b", "c"), out=io.StringIO(), today="2026-11-25")
    assert not (ws / "plans").exists()


def in_a_terminal(args: list[str], typed: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run `saveplan ARGS` as if on a terminal, typing `typed` (typer's real prompts)."""
    monkeypatch.setattr(new_module, "stdin_is_terminal", lambda: True)
    with CliRunner().isolation(input=typed) as streams:
        code = main(args)
        sys.stdout.flush()
        sys.stderr.flush()
        output = streams[0].getvalue().decode() + streams[1].getvalue().decode()
    return code, output


def test_typer_prompts_on_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = in_a_terminal(["new", "--today", "2026-11-25", "-s", "champion_left"],
                                 "Contoso Ltd\n\n2027-04-01\n60k\nmaria\n", monkeypatch)
    assert code == 0, output
    assert "Playbook (number or id) [champion-departure]: " in output
    assert "Owner (your roster id: maria, sam, jordan, alex): " in output
    text = (ws / "plans" / "contoso-ltd.yaml").read_text()
    assert "  arr: 60000\n" in text and "playbook: champion-departure\n" in text


def test_end_of_input_cancels_with_nothing_written(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = in_a_terminal(["new", "Contoso", "--today", "2026-11-25"], "", monkeypatch)
    assert code == 2 and "saveplan: cancelled; nothing was written" in output
    assert not (ws / "plans").exists()


def test_no_input_never_asks_even_on_a_terminal(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = in_a_terminal(["new", "Contoso", "--no-input", "--today", "2026-11-25"], "x\n" * 9,
                                 monkeypatch)
    assert code == 2 and "missing --playbook, --renewal, --arr, --owner" in output


def test_without_a_terminal_nothing_is_asked(ws: Path, run: Run) -> None:
    result = run("new", "Contoso", "--today", "2026-11-25")  # pytest's stdin is not a terminal
    assert result.code == 2 and "missing --playbook" in result.err


@pytest.mark.parametrize("force", [False, True])
def test_a_file_that_does_not_read_back_is_undone(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
                                                   force: bool) -> None:
    import saveplan.fileio as fileio

    (ws / "plans").mkdir()
    old = b"# an old plan, not even UTF-8: \xff\n"
    if force:
        (ws / "plans" / "contoso-ltd.yaml").write_bytes(old)
    real = fileio.atomic_write
    def corrupt(path: Path, text: str | bytes, overwrite: bool = True, inside: Path | None = None) -> None:
        # the plan is written wrong; putting the old bytes back (bytes) goes through as it is
        real(path, text + "junk: 1\n" if isinstance(text, str) else text, overwrite=overwrite, inside=inside)

    monkeypatch.setattr(fileio, "atomic_write", corrupt)
    result = run(*CONTOSO, *(["--force"] if force else []))
    assert result.code == 3 and "did not read back clean" in result.err
    if force:
        assert (ws / "plans" / "contoso-ltd.yaml").read_bytes() == old
        assert files_under(ws) == ["plans/contoso-ltd.yaml", "saveplan.yaml"]
    else:
        assert files_under(ws) == ["saveplan.yaml"]
