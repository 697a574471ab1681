"""`saveplan concessions`: the listing, its JSON, the matrix, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from saveplan.commands.concessions import concessions

from ..builders import plan_head, roster_yaml, write_tree
from ..conftest import Run

ROSTER = roster_yaml("maria", "sam", "jordan")

ALPHA = plan_head("Alpha") + """\
concessions:
  - kind: payment_terms
    approved_by: maria
  - kind: discount
    percent: 20
    approved_by: sam
    tied_to: Two-year commitment
    sunset: Standard pricing from year two
"""

BETA = plan_head("Beta") + """\
concessions:
  - kind: discount
    percent: 12.5
    approved_by: sam
  - kind: enhanced_support
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path / "ws", {"saveplan.yaml": ROSTER, "plans/beta.yaml": BETA,
                                        "plans/alpha.yaml": ALPHA, "plans/none.yaml": plan_head("Gamma")})
    monkeypatch.chdir(root)
    return root


def test_json_one_object_per_concession_in_file_order(ws: Path, run: Run) -> None:
    result = run("concessions", "--format", "json")
    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    keys = ("path", "account", "kind", "percent", "approved_by", "approver_role", "required_role",
            "tied_to", "sunset", "within_authority", "line")
    assert [{k: r[k] for k in keys} for r in data] == [
        {"path": "plans/alpha.yaml", "account": "Alpha", "kind": "payment_terms", "percent": None,
         "approved_by": "maria", "approver_role": "csm", "required_role": "csm", "tied_to": None,
         "sunset": None, "within_authority": True, "line": 6},
        {"path": "plans/alpha.yaml", "account": "Alpha", "kind": "discount", "percent": 20,
         "approved_by": "sam", "approver_role": "manager", "required_role": "director",
         "tied_to": "Two-year commitment", "sunset": "Standard pricing from year two",
         "within_authority": False, "line": 8},
        {"path": "plans/beta.yaml", "account": "Beta", "kind": "discount", "percent": 12.5,
         "approved_by": "sam", "approver_role": "manager", "required_role": "manager", "tied_to": None,
         "sunset": None, "within_authority": True, "line": 6},
        {"path": "plans/beta.yaml", "account": "Beta", "kind": "enhanced_support", "percent": None,
         "approved_by": None, "approver_role": None, "required_role": "manager", "tied_to": None,
         "sunset": None, "within_authority": False, "line": 9},
    ]
    assert [r["problem"] for r in data] == [
        None, "beyond a manager's authority: needs a director", None, "no approver"]


def test_text_beyond_authority_first(ws: Path, run: Run) -> None:
    result = run("concessions")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "4 concessions in 2 plans, 2 not within an approver's authority (listed first)"
    assert [line.split() for line in lines[2:7]] == [
        ["OK", "Account", "Kind", "Size", "Approver", "Role", "Needs", "Tied", "Sunset", "Where"],
        ["NO", "Alpha", "discount", "20%", "sam", "manager", "director", "yes", "yes", "plans/alpha.yaml:8"],
        ["NO", "Beta", "enhanced_support", "-", "-", "manager", "no", "no", "plans/beta.yaml:9"],
        ["yes", "Alpha", "payment_terms", "maria", "csm", "csm", "no", "no", "plans/alpha.yaml:6"],
        ["yes", "Beta", "discount", "12.5%", "sam", "manager", "manager", "no", "no", "plans/beta.yaml:6"],
    ]
    assert ("Not within authority (never promise what you cannot approve):\n"
            "  plans/alpha.yaml:8: Alpha, discount 20%: beyond a manager's authority: needs a director\n"
            "  plans/beta.yaml:9: Beta, enhanced_support: no approver\n") in result.out


def test_text_on_a_narrow_terminal(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run("concessions").out
    assert ("NO  Alpha: discount 20%, approved by sam (manager), needs a director\n"
            "    tied to a commitment: yes, sunset: yes; plans/alpha.yaml:8\n") in out
    assert "NO  Beta: enhanced_support, no approver, needs a manager\n" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_no_concessions(ws: Path, run: Run) -> None:
    (ws / "plans" / "alpha.yaml").unlink()
    (ws / "plans" / "beta.yaml").unlink()
    assert run("concessions").out == "No concessions in any plan.\n"
    assert run("concessions", "-f", "json").out == "[]\n"


def test_a_broken_plan_is_listed_not_a_crash(ws: Path, run: Run) -> None:
    (ws / "plans" / "bad.yaml").write_text("account: [\n")
    result = run("concessions")
    assert result.code == 0
    assert "Not listed: 1 plan did not load; fix with `saveplan check`:\n  plans/bad.yaml:" in result.out
    as_json = run("concessions", "-f", "json")
    assert as_json.code == 0 and len(json.loads(as_json.out)) == 4
    assert as_json.err.startswith("saveplan: plans/bad.yaml not listed: SP100")


def test_matrix_from_saveplan_yaml(ws: Path, run: Run) -> None:
    (ws / "saveplan.yaml").write_text(ROSTER + "approval:\n  manager: {discount_max: 10}\n")
    result = run("concessions", "--matrix")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Approval matrix in force, from saveplan.yaml"
    assert [line.split() for line in lines[2:7]] == [
        ["Role", "Discount", "up", "to", "May", "also", "approve", "People"],
        ["csm", "5%", "payment_terms", "maria"],
        ["manager", "10%", "payment_terms,", "enhanced_support", "sam"],
        ["director", "25%", "payment_terms,", "enhanced_support,", "contract_terms", "jordan"],
        ["vp", "100%", "payment_terms,", "enhanced_support,", "contract_terms,", "custom", "-"],
    ]
    assert json.loads(run("concessions", "--matrix", "-f", "json").out)[1] == {
        "role": "manager", "discount_max": 10, "may": ["payment_terms", "enhanced_support"],
        "people": ["sam"]}
    # the listing follows the same matrix: 12.5% now needs a director
    beta = json.loads(run("concessions", "-f", "json").out)[2]
    assert (beta["required_role"], beta["within_authority"]) == ("director", False)


def test_built_in_matrix_without_a_roster(tmp_path: Path, run: Run) -> None:
    result = run("concessions", "--matrix", cwd=tmp_path)
    assert result.code == 0
    assert result.out.startswith("Approval matrix in force, built-in (docs/method.md)\n")
    assert "No roster: `approved_by` names a role directly (e.g. approved_by: director)." in result.out


def test_no_plans_folder_exits_2(tmp_path: Path, run: Run) -> None:
    result = run("concessions", cwd=tmp_path)
    assert result.code == 2
    assert "no plans/ folder" in result.err


def test_bad_format_exits_2(ws: Path, run: Run) -> None:
    assert run("concessions", "--format", "markdown").code == 2


def test_callable_without_the_cli(ws: Path) -> None:
    out = io.StringIO()
    assert concessions(fmt="json", out=out) == 0
    assert [r["kind"] for r in json.loads(out.getvalue())] == [
        "payment_terms", "discount", "discount", "enhanced_support"]


def test_help_teaches(run: Run) -> None:
    result = run("concessions", "--help")
    assert result.code == 0
    assert "saveplan concessions --matrix" in result.out


def test_names_are_printed_as_written_not_as_markup(ws: Path, run: Run) -> None:
    (ws / "plans" / "alpha.yaml").write_text(ALPHA.replace("name: Alpha", "name: '[b]Alpha[/b]'"))
    assert "[b]Alpha[/b]" in run("concessions").out


def test_through_workers_as_in_one_process(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """From 200 plans the rows are made in check's workers: the same bytes as one process,
    and the JSON is every concession of the loaded plans, in file order, at its line."""
    from bench.generate import generate
    from saveplan import checker
    from saveplan.approvals import concession_rows
    from saveplan.plans import load_all
    from saveplan.workspace import open_workspace

    generate(tmp_path, 250, seed=5)
    (tmp_path / "plans" / "zz-broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ws = open_workspace(tmp_path)
    good, _ = load_all(ws)
    expected = [{**r.as_json(), "line": g.doc.locate(("concessions", r.index))[0]}
                for g in good for r in concession_rows([(g.shown, g.plan)], ws.config)]
    many = {fmt: run("concessions", "-f", fmt) for fmt in ("text", "json")}
    assert checker._workers(251) == 2  # the command above went through workers
    monkeypatch.setattr(checker, "PARALLEL_FROM", 10**9)
    one = {fmt: run("concessions", "-f", fmt) for fmt in ("text", "json")}
    assert many == one
    assert json.loads(many["json"].out) == expected and len(expected) > 100
    assert many["json"].err.splitlines()[-1].startswith("saveplan: plans/zz-broken.yaml not listed: SP100")
    assert f"{len(expected)} concessions in " in many["text"].out
    assert "Not listed: 2 plans did not load" in many["text"].out  # one generated broken, and ours
