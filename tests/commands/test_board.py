"""`saveplan board`: the page of the example workspace, escaping, output, and the movers
of `--since` read from a real git history."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ..boardtools import agenda, commit_all, git, movers
from ..conftest import Run

TODAY = "2026-11-25"
HOSTILE = "<script>alert(1)</script>"


def board_html(run: Run, ws: Path, *args: str) -> str:
    result = run("board", "-o", "board.html", "--today", TODAY, *args, cwd=ws)
    assert result.code == 0, result.err
    return (ws / "board.html").read_text(encoding="utf-8")


def test_the_board_of_the_example_workspace(run: Run, workspace: Path) -> None:
    result = run("board", "-o", "board.html", "--today", TODAY, cwd=workspace)
    assert (result.code, result.out, result.err) == (0, "", "board.html: the board of 4 open plans\n")
    html = (workspace / "board.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    # the agenda is triage's order, each row with status's light
    triaged = json.loads(run("triage", "--format", "json", "--today", TODAY).out)
    lights = {r["path"]: r["light"] for r in json.loads(run("status", "--format", "json", "--today",
                                                            TODAY).out)}
    assert agenda(html) == [(t["path"], lights[t["path"]]) for t in triaged]
    assert agenda(html) == [("plans/northwind-analytics.yaml", "yellow"), ("plans/proseware.yaml", "green"),
                            ("plans/tailspin-toys.yaml", "green"),
                            ("plans/wide-world-importers.yaml", "yellow")]
    # tiles: 4 open plans; ARR 84,000 + 126,000 + 58,000 + 36,000; expected 33,600 + 50,400 + 23,200 + 6,300
    assert '<div class="figure" data-figure="open-plans">4</div>' in html
    assert '<div class="figure" data-figure="arr-at-risk">304k</div>' in html
    assert "304,000 on open plans" in html
    assert '<div class="figure" data-figure="expected-saved">114k</div>' in html
    assert "113,500: ARR × save probability" in html
    counts = re.findall(r'data-light-count="(\w+)"><span class="n">(\d+)</span>', html)
    assert counts == [("red", "0"), ("yellow", "2"), ("green", "2")]
    # one chart mark per open plan, a today line, lanes named by word
    assert re.findall(r'<g class="plan-mark" data-path="([^"]+)" data-light="(\w+)">', html) == [
        ("plans/proseware.yaml", "green"), ("plans/northwind-analytics.yaml", "yellow"),
        ("plans/tailspin-toys.yaml", "green"), ("plans/wide-world-importers.yaml", "yellow")]  # by ARR
    assert html.count('class="today"') == 1
    assert re.findall(r'<text class="lane-label"[^>]*>(\w+)</text>', html) == ["red", "yellow", "green"]
    # deadlines of the next 14 days, from status's timeline
    deadlines = re.findall(r'<tr class="deadline" data-kind="(\w+)" data-path="([^"]+)">', html)
    assert deadlines[:3] == [("due", "plans/northwind-analytics.yaml"),
                             ("due", "plans/northwind-analytics.yaml"),
                             ("check", "plans/northwind-analytics.yaml")]
    assert "action 1: Run a 45-minute workflow session with the new admin (Maria Lopez): due in 3 days" \
        in html
    # each plan with an indicator has its reading chart; Proseware's two readings make a line
    assert re.findall(r'<div class="spark" data-path="([^"]+)">', html) == [p for p, _ in agenda(html)]
    assert html.count('<polyline class="line"') == 1
    assert html.count('class="reading meets"') == 2 and html.count('class="reading misses"') == 1
    assert "<section id=\"movers\">" not in html  # no --since: no movers


def test_the_page_loads_nothing_and_runs_nothing(run: Run, workspace: Path) -> None:
    html = board_html(run, workspace)
    assert re.search(r"\b(src|href|action)\s*=", html) is None
    assert "url(" not in html and "@import" not in html and "http" not in html.replace(
        'http-equiv="Content-Security-Policy"', "")
    assert "<script" not in html.lower()
    assert ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">") in html
    assert "@media print" in html


def test_plan_text_is_escaped_never_markup(run: Run, workspace: Path) -> None:
    plan = workspace / "plans" / "northwind-analytics.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("name: Northwind Analytics", f"name: '{HOSTILE}'")
    text = text.replace("metric: Admin logins in week two", 'metric: "Logins\\" onload=\\"x \\u202Eevil"')
    text = text.replace("do: Run a 45-minute workflow session with the new admin",
                        "do: '<img src=x onerror=alert(2)> & more'")
    plan.write_text(text, encoding="utf-8")
    html = board_html(run, workspace)
    assert "<script" not in html.lower() and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # agenda, chart, deadlines, readings
    assert "&lt;img src=x onerror=alert(2)&gt; &amp; more" in html
    assert 'aria-label="Readings of Logins&#34; onload=&#34;x evil"' in html  # quotes escaped, bidi gone
    assert "\u202e" not in html


def test_stdout_with_a_dash_and_board_html_by_default(run: Run, workspace: Path) -> None:
    result = run("board", "-o", "-", "--today", TODAY, cwd=workspace)
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("<!DOCTYPE html>") and result.out.endswith("</html>\n")
    assert not (workspace / "board.html").exists()
    result = run("board", "--today", TODAY, cwd=workspace)
    assert result.code == 0
    assert (workspace / "board.html").read_text(encoding="utf-8") == run(
        "board", "-o", "-", "--today", TODAY).out


def test_an_output_folder_that_does_not_exist_is_a_usage_error(run: Run, workspace: Path) -> None:
    result = run("board", "-o", "nowhere/board.html", "--today", TODAY, cwd=workspace)
    assert result.code == 2
    assert result.err.startswith("saveplan: -o nowhere/board.html: cannot write it")


def test_a_plan_that_does_not_load_is_listed_not_guessed(run: Run, workspace: Path) -> None:
    (workspace / "plans" / "broken.yaml").write_text("version: 1\naccount: [\n", encoding="utf-8")
    html = board_html(run, workspace)
    assert re.findall(r'<tr class="unloaded"><td>([^<]+)</td><td>(\w+ \d+: SP\d+)', html) == [
        ("plans/broken.yaml", "line 2: SP100")]
    assert len(agenda(html)) == 4


# -- --since: movers from git ---------------------------------------------------------------

def test_since_outside_a_git_repository_is_a_usage_error(run: Run, workspace: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    result = run("board", "--since", "HEAD~1", "--today", TODAY, cwd=workspace)
    assert result.code == 2
    assert "--since reads the git history, but" in result.err and "is not in a git repository" in result.err
    assert not (workspace / "board.html").exists()


@pytest.fixture
def history(workspace: Path, run: Run) -> Path:
    """The example workspace committed on 2026-11-18, then a week of work committed on 2026-11-24:
    a reading, a draft made active, a new plan, a closed plan removed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    commit_all(workspace, "the plans of last week", "2026-11-18")
    wwi = workspace / "plans" / "wide-world-importers.yaml"
    wwi.write_text(wwi.read_text(encoding="utf-8").replace("status: draft", "status: active"),
                   encoding="utf-8")
    assert run("record", "northwind-analytics", "1", "--on", "2026-11-24", "--today", TODAY).code == 0
    northwind = (workspace / "plans" / "northwind-analytics.yaml").read_text(encoding="utf-8")
    (workspace / "plans" / "contoso-ltd.yaml").write_text(
        northwind.replace("name: Northwind Analytics", "name: Contoso Ltd"), encoding="utf-8")
    (workspace / "plans" / "woodgrove-bank.yaml").unlink()
    commit_all(workspace, "this week", "2026-11-24")
    return workspace


EXPECTED_MOVERS = [
    ("plans/northwind-analytics.yaml", "changed", ["indicator pending → behind"]),
    ("plans/proseware.yaml", "changed", ["light yellow → green", "indicator behind → on track"]),
    ("plans/tailspin-toys.yaml", "changed", ["light yellow → green", "indicator pending → on track"]),
    ("plans/wide-world-importers.yaml", "changed", ["status draft → active"]),
    ("plans/contoso-ltd.yaml", "added", []),
    ("plans/woodgrove-bank.yaml", "removed", []),
]


def test_since_a_revision_lists_the_movers(run: Run, history: Path) -> None:
    first = git(history, "rev-parse", "HEAD~1")
    result = run("board", "--since", "HEAD~1", "-o", "board.html", "--today", TODAY, cwd=history)
    assert result.code == 0
    assert result.err == "board.html: the board of 5 open plans, 6 moved since HEAD~1\n"
    html = (history / "board.html").read_text(encoding="utf-8")
    # judged as of the commit's day (2026-11-18): readings dated later had not been taken
    assert movers(html) == EXPECTED_MOVERS
    assert f"What moved since HEAD~1 (commit {first[:10]} of 2026-11-18)" in html
    assert '<div class="figure" data-figure="movers">6</div>' in html


def test_since_a_date_is_the_last_commit_before_it(run: Run, history: Path) -> None:
    first = git(history, "rev-parse", "HEAD~1")
    html = board_html(run, history, "--since", "2026-11-20")
    # the files of the 2026-11-18 commit judged on 2026-11-20: Tailspin's reading of the 20th counts
    assert movers(html) == [m for m in EXPECTED_MOVERS if m[0] != "plans/tailspin-toys.yaml"]
    assert f"2026-11-20 (the last commit before it, {first[:10]} of 2026-11-18)" in html
    # the day of the second commit, from midnight: the first commit is still the last before it,
    # judged on the 24th (Proseware's reading of the 23rd counts too)
    assert movers(board_html(run, history, "--since", "2026-11-24")) == [
        m for m in EXPECTED_MOVERS if m[0] not in ("plans/tailspin-toys.yaml", "plans/proseware.yaml")]
    # after the second commit: the files are those of today, judged today
    html = board_html(run, history, "--since", "2026-11-25")
    assert movers(html) == []
    assert "No plan changed light, indicator or status since 2026-11-25" in html


def test_since_head_shows_what_is_not_committed_yet(run: Run, history: Path) -> None:
    proseware = history / "plans" / "proseware.yaml"
    proseware.write_text(proseware.read_text(encoding="utf-8").replace("status: active", "status: saved")
                         .replace("commercial_path:", "outcome: {on: 2026-11-25, arr: 126000}\n"
                                  "commercial_path:"), encoding="utf-8")
    assert movers(board_html(run, history, "--since", "HEAD")) == [
        ("plans/proseware.yaml", "changed", ["status active → saved", "light green → closed",
                                             "indicator on track → closed"])]


def test_since_a_workspace_in_a_subfolder_of_the_repository(run: Run, history: Path,
                                                            tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "teams").mkdir(parents=True)
    shutil.move(str(history / ".git"), repo / ".git")
    shutil.move(str(history), repo / "teams" / "emea")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "move the workspace", day="2026-11-24")
    # at HEAD~1 the plans were at the top of the repository: under teams/emea/, every plan is new
    result = run("board", "--since", "HEAD~1", "-o", "-", "--today", TODAY, cwd=repo / "teams" / "emea")
    assert result.code == 0
    assert [(p, k) for p, k, _ in movers(result.out)] == [
        ("plans/contoso-ltd.yaml", "added"), ("plans/northwind-analytics.yaml", "added"),
        ("plans/proseware.yaml", "added"), ("plans/tailspin-toys.yaml", "added"),
        ("plans/wide-world-importers.yaml", "added")]
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing", day="2026-11-24")
    again = run("board", "--since", "HEAD~1", "-o", "-", "--today", TODAY, cwd=repo / "teams" / "emea")
    assert movers(again.out) == []


@pytest.mark.parametrize(("ref", "message"), [
    ("no-such-branch", "saveplan: --since 'no-such-branch' is not a revision of this repository"),
    ("2026-11-01", "saveplan: --since 2026-11-01: no commit before that date"),
    ("2026-02-30", "saveplan: --since '2026-02-30' is not a date"),
    ("--all", "saveplan: --since '--all' is neither a git revision nor a date"),
])
def test_since_what_git_cannot_find_is_a_usage_error(run: Run, history: Path, ref: str,
                                                     message: str) -> None:
    result = run("board", f"--since={ref}", "--today", TODAY, cwd=history)
    assert result.code == 2
    assert result.err.splitlines()[0] == message
    assert not (history / "board.html").exists()


def test_an_old_plan_that_did_not_load_moves_from_invalid(run: Run, history: Path) -> None:
    tailspin = history / "plans" / "tailspin-toys.yaml"
    good = tailspin.read_text(encoding="utf-8")
    tailspin.write_text(good.replace("owner: nadia", "owner: [nadia"), encoding="utf-8")
    commit_all(history, "broken", "2026-11-25")
    tailspin.write_text(good, encoding="utf-8")
    assert movers(board_html(run, history, "--since", "HEAD")) == [
        ("plans/tailspin-toys.yaml", "changed", ["status invalid → active", "light closed → green",
                                                 "indicator closed → on track"])]


# -- the lifecycle and the metrics, from their one definition ------------------------------

def test_follow_up_and_metrics_sections_come_from_the_lifecycle_and_the_metrics(run: Run,
                                                                                workspace: Path) -> None:
    html = board_html(run, workspace)
    assert re.findall(r'<tr class="follow-up" data-path="([^"]+)" data-stage="(\w+)">', html) == [
        ("plans/woodgrove-bank.yaml", "recovery")]
    assert "<td>saved on 2026-11-20</td>" in html and "<td>30-day check-in, 2026-12-20</td>" in html
    figures = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', html))
    assert (figures["plans"], figures["save rate (saved / decided; 50-60% is solid)"],
            figures["ARR saved"], figures["response (median days from flagged to started)"]) == (
        "5", "100%", "210,000", "n/a")
