"""render/concessions.py and the helpers it relies on in saveplan.approvals, with exact
strings."""

from __future__ import annotations

import io

from saveplan.approvals import ConcessionRow, concession_locs, custom_matrix, matrix
from saveplan.models import Plan, WorkspaceConfig
from saveplan.render.concessions import headline, matrix_json, print_matrix, yes


def row(path: str, within: bool = True, **fields: object) -> ConcessionRow:
    base: dict[str, object] = dict(
        path=path, account="Contoso", status="active", index=0, kind="discount", percent=10.0,
        approved_by="sam", approver_role="manager", required_role="manager", within_authority=within,
        problem=None if within else "beyond a csm's authority: needs a manager", tied_to="renewal",
        sunset=None)
    base.update(fields)
    return ConcessionRow(**base)  # type: ignore[arg-type]


def test_the_headline_counts_concessions_plans_and_those_beyond_authority() -> None:
    assert headline([row("a.yaml")]) == "1 concession in 1 plan"
    assert headline([row("a.yaml"), row("a.yaml", index=1), row("b.yaml", within=False)]) == (
        "3 concessions in 2 plans, 1 not within an approver's authority (listed first)")


def test_yes_or_no() -> None:
    assert (yes("the 3-year term"), yes(None), yes("")) == ("yes", "no", "no")


def test_the_json_numbers_are_whole_where_they_can_be() -> None:
    assert row("a.yaml").as_json()["percent"] == 10 and isinstance(row("a.yaml").as_json()["percent"], int)
    assert row("a.yaml", percent=7.5).as_json()["percent"] == 7.5
    assert row("a.yaml", percent=None).as_json()["percent"] is None


def test_the_lines_to_read_are_each_concessions() -> None:
    plan = Plan.model_validate({
        "account": {"name": "N", "arr": 1, "renewal_date": "2027-02-15"}, "owner": "maria",
        "started": "2026-11-23", "concessions": [
            {"kind": "payment_terms", "approved_by": "csm"}, {"kind": "custom", "approved_by": "vp"}]})
    assert concession_locs(plan) == [("concessions", 0), ("concessions", 1)]


def test_the_matrix_is_built_in_until_saveplan_yaml_sets_one() -> None:
    assert not custom_matrix(WorkspaceConfig())
    assert custom_matrix(WorkspaceConfig.model_validate({"approval": {"csm": {"discount_max": 3}}}))


def test_the_matrix_json_and_its_source() -> None:
    rows = matrix(WorkspaceConfig())
    assert matrix_json(rows).startswith('[\n  {\n    "role": "csm",\n    "discount_max": 5,\n')
    out = io.StringIO()
    print_matrix(out, rows, None, has_roster=False)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Approval matrix in force, built-in (docs/method.md)"
    assert lines[-1] == "No roster: `approved_by` names a role directly (e.g. approved_by: director)."
    out = io.StringIO()
    print_matrix(out, rows, "saveplan.yaml", has_roster=True)
    assert out.getvalue().splitlines()[0] == "Approval matrix in force, from saveplan.yaml"
    assert "No roster" not in out.getvalue()


def test_a_long_table_has_the_cells_of_rich_texts_as_plain_strings() -> None:
    """From PLAIN_FROM rows the table's cells go as strings (no Text a cell): the same bytes as
    Text cells, names with markup or control codes in them printed as written."""
    from rich.text import Text

    from saveplan.console import PLAIN_FROM, print_plain_table, print_tidy
    from saveplan.render.concessions import NAMES, print_concessions

    names = ["[b]Contoso[/b]", "Tail\x07spin", "Fabrikam 株式会社", "Contoso"]
    rows = [row(f"plans/p{i:04}.yaml", within=i % 7 != 0, index=i % 3, account=names[i % 4], line=i + 5,
                percent=None if i % 5 == 0 else 7.5, approved_by=None if i % 11 == 0 else "sam")
            for i in range(PLAIN_FROM)]
    out = io.StringIO()
    print_concessions(out, rows, [])
    ordered = sorted(rows, key=lambda r: r.within_authority)
    cells = [[Text("yes", style="green") if r.within_authority else Text("NO ", style="bold red"),
              *(Text(c) for c in (r.account, r.kind, r.size, r.approved_by or "-", r.approver_role or "-",
                                  r.required_role or "-", yes(r.tied_to), yes(r.sunset),
                                  f"{r.path}:{r.line}"))] for r in ordered]
    table = io.StringIO()
    print_tidy(table, lambda c: print_plain_table(c, NAMES, cells, right={3}, header_style="bold"))
    assert out.getvalue().split("\n\n")[1] + "\n" == table.getvalue()
    assert "NO   [b]Contoso[/b]" in table.getvalue() and "Tailspin" in table.getvalue()
    assert "plans/p0007.yaml:12" in out.getvalue().split("\n\n")[2]  # beyond authority, at its line
