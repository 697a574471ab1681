"""What a one-plan `saveplan check` (the pre-commit case) imports: start-up is most of its
time, so what it does not need stays out (issue 18). Fails when someone puts one back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NEVER = ("typer", "click", "rich", "jinja2", "multiprocessing", "saveplan.commands", "saveplan.render",
         "saveplan.models.playbook", "saveplan.library", "saveplan.importing", "saveplan.edit")
# the plain check command and its reporters: the pre-commit path itself
PATH = ("saveplan.commands", "saveplan.commands.check", "saveplan.render", "saveplan.render.reporters")
# imported only by the rule that needs them (SP232: an active plan without an executive sponsor)
TRIAGE = ("saveplan.triage", "saveplan.status")


def _imported(workspace: Path, *words: str) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """The modules of NEVER and TRIAGE (or inside them) that `saveplan check WORDS` imported,
    run as pre-commit runs it: its own process, output to a pipe."""
    watched = (*NEVER, *TRIAGE)
    code = ("import sys; from saveplan.cli import main; code = main(sys.argv[1:]); "
            f"print(' '.join(sorted(m for m in sys.modules if any(m == w or m.startswith(w + '.') "
            f"for w in {watched!r}) and m not in {PATH!r})), file=sys.stderr); sys.exit(code)")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run([sys.executable, "-c", code, "check", *words], cwd=workspace, env=env,
                          capture_output=True, text=True, check=False)
    return done.stderr.splitlines()[-1].split(), done


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_one_plan_check_imports_no_cli_framework_terminal_library_or_triage(
        workspace: Path, fmt: str) -> None:
    found, done = _imported(workspace, "plans/northwind-analytics.yaml", "--today", "2026-11-25", "-f", fmt)
    assert found == []
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, {
        "text": "1 file checked: no problems.", "json": "}", "github": "1 file checked: no problems."}[fmt])


def test_triage_comes_in_only_for_the_rule_that_asks_for_it(workspace: Path) -> None:
    plan = workspace / "plans" / "northwind-analytics.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("executive_sponsor", "other"),
                    encoding="utf-8")
    found, done = _imported(workspace, "plans/northwind-analytics.yaml", "--today", "2026-11-25")
    assert " SP232 " in done.stdout  # the rule that needs triage ran, and needed it
    assert found == sorted(TRIAGE)
