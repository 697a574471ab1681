"""Reading CRM exports (saveplan.importing, docs/import.md): headers, delimiters, BOM,
quoted newlines, owners by id, name, email or CRM id, and rows refused with line and why."""

from __future__ import annotations

import pytest

from saveplan.importing import Export, ExportError, decode_export, read_export
from saveplan.models import WorkspaceConfig

CONFIG = WorkspaceConfig.model_validate({"people": {
    "maria": {"name": "Maria Lopez", "role": "csm", "email": "maria@example.com",
              "crm_id": "0051x00000AbCdE"},
    "sam": {"name": "Sam Reed", "role": "manager", "crm_id": "31415"}}})
PLAYBOOKS = ["champion-departure", "value-roi"]


def read(text: str, mapping: dict[str, str] | None = None, date_format: str | None = None) -> Export:
    return read_export(text, CONFIG, playbook="value-roi", playbooks=PLAYBOOKS, mapping=mapping or {},
                       date_format=date_format)


def test_salesforce_report_with_a_bom_and_api_names() -> None:
    raw = "\ufeffName,Amount,CloseDate,OwnerId\nContoso Ltd,\"60,000.00\",2027-04-01,0051x00000AbCdE\n"
    export = read(decode_export(raw.encode("utf-8")))
    assert [(r.line, r.name, r.arr, str(r.renewal), r.owner) for r in export.rows] == [
        (2, "Contoso Ltd", 60000.0, "2027-04-01", "maria")]
    assert export.columns == {"name": "Name", "arr": "Amount", "renewal_date": "CloseDate",
                              "owner": "OwnerId"}


def test_hubspot_export_with_semicolons_and_a_quoted_newline() -> None:
    text = ("Company name;amount;closedate;hubspot_owner_id;Health Score;Risk Signals\n"
            "\"Fabrikam\nInc\";25000;2027-03-15;31415;42;\"budget_pressure; champion left\"\n"
            "Tailspin;1000;2027-05-01;maria@example.com;80;\n")
    export = read(text)
    rows = export.rows
    assert [(r.line, r.name, r.owner, r.signals) for r in rows] == [
        (2, "Fabrikam Inc", "sam", ("budget_pressure", "champion_left", "health_drop")),
        (4, "Tailspin", "maria", ())]


def test_every_bad_row_is_named_with_its_line_and_column() -> None:
    text = ("Account Name,ARR,Renewal Date,Account Owner,Risk Signals\n"
            "Good,10000,2027-05-01,Maria Lopez,\n"
            "Bad,lots,01/05/2027,mariia,usage_declin\n"
            "Good,5,2027-05-01,maria,\n")
    export = read(text)
    assert [str(e) for e in export.errors] == [
        "line 3, column 'ARR': 'lots' is not an amount (e.g. 60000)",
        "line 3, column 'Renewal Date': '01/05/2027' is not an ISO date (YYYY-MM-DD): give --date-format, "
        "e.g. %d/%m/%Y; saveplan never guesses 01/05/2027",
        "line 3, column 'Account Owner': the owner 'mariia' matches nobody on the roster (id, name, email "
        "or crm_id); did you mean 'maria'?",
        "line 3, column 'Risk Signals': 'usage_declin' is not a risk signal; did you mean 'usage_decline'?",
        "line 4, column 'Account Name': 'Good' is also on line 2: one row an account"]


def test_a_date_format_reads_other_dates_and_a_map_names_other_columns() -> None:
    text = "Customer,Contract Value,Ends,CSM\nContoso,100,01/05/2027,sam\n"
    export = read(text, mapping={"name": "Customer", "arr": "Contract Value", "renewal_date": "Ends"},
                  date_format="%d/%m/%Y")
    assert [(r.name, str(r.renewal), r.owner) for r in export.rows] == [("Contoso", "2027-05-01", "sam")]


def test_the_playbook_can_come_from_a_risk_reason() -> None:
    config = WorkspaceConfig.model_validate(
        {"import": {"playbooks": {"Champion left": "champion-departure"}}})
    text = ("Account Name,ARR,Renewal Date,Account Owner,Risk Reason\n"
            "A,1,2027-05-01,x,champion LEFT\nB,1,2027-05-01,x,Price\n")
    export = read_export(text, config, playbook=None, playbooks=PLAYBOOKS)
    assert [r.playbook for r in export.rows] == ["champion-departure"]
    assert [e.why for e in export.errors] == [
        "no playbook for the risk reason 'Price': map it in import.playbooks of saveplan.yaml, "
        "or give --playbook"]


def test_an_export_without_the_needed_columns_is_refused_whole() -> None:
    with pytest.raises(ExportError, match="no column for arr, renewal_date"):
        read("Account Name,Owner\nA,maria\n")
    with pytest.raises(ExportError, match="not UTF-8"):
        decode_export(b"Name,ARR\n\xff\n")


def test_a_crm_id_written_without_quotes_still_matches() -> None:
    config = WorkspaceConfig.model_validate({"people": {"sam": {"role": "manager", "crm_id": 31415926}}})
    text = "Company name;amount;closedate;hubspot_owner_id\nTailspin;18000;2027-02-01;31415926\n"
    rows = read_export(text, config, playbook="value-roi", playbooks=PLAYBOOKS).rows
    assert [(r.name, r.owner) for r in rows] == [("Tailspin", "sam")]
