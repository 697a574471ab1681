"""`saveplan import`: all or nothing, plans that check clean, idempotent, --update in place."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import roster_yaml, write_tree
from tests.conftest import Run

EXPORT = ("Account Name,ARR,Renewal Date,Account Owner,Risk Signals\n"
          "Contoso Ltd,60000,2027-04-01,maria,champion_left;usage_decline\n"
          "Fabrikam Inc,25000,2027-03-15,Sam Reed,budget_pressure\n")
ARGS = ("--playbook", "champion-departure", "--today", "2026-11-25")


def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "ws", {"saveplan.yaml": roster_yaml("maria", "sam"), "accounts.csv": EXPORT})


def test_import_writes_drafts_that_check_clean_and_a_rerun_changes_nothing(tmp_path: Path, run: Run) -> None:
    ws = workspace(tmp_path)
    result = run("import", "accounts.csv", *ARGS, cwd=ws)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-2] == "Wrote 2 draft plans; 0 skipped."
    fabrikam = (ws / "plans" / "fabrikam-inc.yaml").read_text()
    assert "owner: sam" in fabrikam and "arr: 25000" in fabrikam and "renewal_date: 2027-03-15" in fabrikam
    check = run("check", "--format", "json", "--today", "2026-11-25")
    assert check.code == 0 and json.loads(check.out)["files"] == 2
    before = {p.name: p.read_bytes() for p in (ws / "plans").iterdir()}
    again = run("import", "accounts.csv", *ARGS)
    assert again.code == 0 and "Wrote 0 draft plans; 2 skipped." in again.out
    assert {p.name: p.read_bytes() for p in (ws / "plans").iterdir()} == before


def test_one_bad_row_and_nothing_is_written(tmp_path: Path, run: Run) -> None:
    ws = workspace(tmp_path)
    (ws / "accounts.csv").write_text(EXPORT + "Bad Co,lots,2027-05-01,maria,\n")
    result = run("import", "accounts.csv", *ARGS, cwd=ws)
    assert result.code == 2
    assert "accounts.csv: line 4, column 'ARR': 'lots' is not an amount (e.g. 60000)" in result.err
    assert "1 row problem; nothing was written" in result.err
    assert not (ws / "plans").exists() or not list((ws / "plans").iterdir())


def test_update_brings_arr_and_renewal_up_to_date_keeping_every_other_byte(tmp_path: Path, run: Run) -> None:
    ws = workspace(tmp_path)
    assert run("import", "accounts.csv", *ARGS, cwd=ws).code == 0
    plan = ws / "plans" / "contoso-ltd.yaml"
    old = plan.read_text()
    (ws / "accounts.csv").write_text(EXPORT.replace("60000,2027-04-01", "72000,2027-05-01"))
    result = run("import", "accounts.csv", *ARGS, "--update")
    assert result.code == 0, result.err
    assert ("  updated   plans/contoso-ltd.yaml: account.arr 60000 -> 72000; account.renewal_date "
            "2027-04-01 -> 2027-05-01\n") in result.out
    expected = old.replace("  arr: 60000", "  arr: 72000", 1).replace(
        "  renewal_date: 2027-04-01", "  renewal_date: 2027-05-01", 1)
    assert plan.read_text() == expected


def test_dry_run_and_within_write_nothing_and_leave_out_far_renewals(tmp_path: Path, run: Run) -> None:
    ws = workspace(tmp_path)
    result = run("import", "accounts.csv", *ARGS, "--dry-run", "--within", "120", cwd=ws)
    assert result.code == 0
    assert "  left out  Contoso Ltd: renewal 2027-04-01 is not within 120 days\n" in result.out
    assert "  would write plans/fabrikam-inc.yaml" in result.out
    assert not (ws / "plans").exists()


def test_the_first_import_into_an_empty_plans_folder(tmp_path: Path, run: Run) -> None:
    ws = workspace(tmp_path)
    (ws / "plans").mkdir()
    (ws / "plans" / ".gitkeep").write_text("")  # what `saveplan init` leaves
    result = run("import", "accounts.csv", *ARGS, cwd=ws)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (ws / "plans").glob("*.yaml")) == ["contoso-ltd.yaml", "fabrikam-inc.yaml"]


def test_the_accounts_of_a_large_workspace_are_read_through_the_workers(tmp_path: Path) -> None:
    from bench.generate import generate
    from saveplan.importing import existing_plans
    from saveplan.plans import load_all
    from saveplan.workspace import open_workspace

    generate(tmp_path, 230, seed=5)  # from 200 files the plans load in check's workers
    ws = open_workspace(tmp_path)
    good, bad = load_all(ws)
    known = existing_plans(ws)
    assert known == {g.plan.account.name.strip().lower(): g.path for g in good}
    assert len(known) == len(good) > 200 and bad  # a plan that does not load is not known
