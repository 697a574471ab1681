"""render/playbooks.py: the words of the playbook listing, with exact strings."""

from __future__ import annotations

import io
import json

from saveplan.findings import Finding
from saveplan.library import BrokenPlaybook, Library, LoadedPlaybook, builtin_playbooks
from saveplan.render.playbooks import (
    indicator_line,
    library_json,
    print_playbook,
    skipped_warning,
    source_label,
)


def test_indicator_lines_say_the_bound_in_words() -> None:
    assert indicator_line("Logins", "at_least", 3, "day 14") == "Logins: at least 3, checked day 14"
    assert indicator_line("Tickets", "at_most", 2.5, "day 30") == "Tickets: at most 2.5, checked day 30"
    assert indicator_line("NPS", "at_least", None, "day 7") == "NPS: at least ?, checked day 7"


def test_source_labels() -> None:
    loaded = builtin_playbooks()["value-roi"]
    assert source_label(loaded) == "built-in"
    mine = LoadedPlaybook(loaded.playbook, "workspace", "playbooks/value-roi.yaml", "", overrides=True)
    assert source_label(mine) == "workspace*"
    assert source_label(mine, long=True) == "workspace, replaces the built-in one"
    plain = LoadedPlaybook(loaded.playbook, "workspace", "playbooks/x.yaml", "")
    assert source_label(plain, long=True) == "workspace"


def test_a_skipped_playbook_is_a_warning_with_a_hint() -> None:
    first = Finding("SP100", "not YAML", (), "playbooks/x.yaml", 3, 1)
    bad = BrokenPlaybook("playbooks/x.yaml", "x", [first, first])
    assert skipped_warning(bad) == (
        "saveplan: warning: skipped the playbook playbooks/x.yaml: playbooks/x.yaml:3:1: SP100 not YAML "
        "(and 1 more)\n  hint: run `saveplan check playbooks/x.yaml`\n")


def test_the_library_json_is_one_summary_a_playbook() -> None:
    rows = json.loads(library_json(Library(playbooks=builtin_playbooks())))
    assert [r["id"] for r in rows][:2] == ["budget-economic", "champion-departure"]
    assert list(rows[0]) == ["id", "title", "scenario", "root_cause", "signals", "source",
                             "overrides_builtin", "path"]


def test_one_playbook_in_full_shows_its_indicator_in_words() -> None:
    out = io.StringIO()
    print_playbook(out, builtin_playbooks()["champion-departure"])
    lines = [line.rstrip() for line in out.getvalue().splitlines()]  # rich pads table rows
    at = lines.index("Leading indicator")
    assert lines[at + 1:at + 5] == [
        "  Logins by the new champion in week two: at least 3, checked day 14",
        "  Alternatives:",
        "  - Customer stakeholders met since the departure: at least 3, checked day 14",
        "  - Weekly active users (% of the level before the departure): at least 80, checked day 21"]
    assert lines[-1] == ('Use it: saveplan new "ACCOUNT" --playbook champion-departure --renewal DATE '
                         "--arr N --owner ID")
