"""The program metrics as text (a compact table beside the method's benchmarks) and as
Markdown for the quarterly review. The figures come from saveplan.analysis.metrics."""

from __future__ import annotations

from typing import Any

from saveplan import words
from saveplan.analysis.metrics import highlights
from saveplan.render.text import md_escape

# figure -> (label, how to show it, the method's benchmark)
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("plans", "Plans in the period", "count", ""),
    ("attempts", "Save attempts", "count", "active, saved or churned"),
    ("attempt_rate", "Attempt rate", "percent", ""),
    ("saved", "Saved", "count", ""),
    ("churned", "Churned", "count", ""),
    ("exited", "Exited (let go)", "count", ""),
    ("open", "Open (draft, active)", "count", ""),
    ("save_rate", "Save rate", "percent", "50-60% is solid; above 70%: effort on sure renewals?"),
    ("arr_at_risk", "ARR at risk", "money", ""),
    ("arr_saved", "ARR saved", "money", ""),
    ("arr_saved_full", "ARR saved in full", "money", "a contraction is not a full save"),
    ("arr_lost", "ARR lost", "money", "churn plus contraction"),
    ("time_to_save_days", "Time to save (median)", "days", "30-90 days for a full-effort save"),
    ("response_days", "Response time (median)", "days", "within 2 days of the flag"),
    ("concession_cost", "Concession cost (year one)", "money", ""),
    ("save_cost", "Cost of the team's time", "money", ""),
    ("save_roi", "Save ROI", "ratio", "under 1: the save costs more than it keeps"),
    ("post_save_retention", "Retained at next renewal", "percent", "89% with a structured recovery"),
    ("win_backs", "Won back", "count", "win-back touches at 3, 6, 12 months"),
)


def show(value: Any, how: str) -> str:
    if value is None:
        return "n/a"
    if how == "percent":
        return f"{value:.0%}"
    if how == "money":
        return words.dollars(value)
    if how == "days":
        return words.days(float(value))  # as a float: `:g`, as the figure always was shown
    if how == "ratio":
        return f"{value:g}x"
    return str(value)


def _reasons(body: dict[str, Any]) -> str:
    reasons: dict[str, int] = body["reasons"]
    return ", ".join(f"{k}: {v}" for k, v in reasons.items()) or "none"


def _period(since: str | None, until: str | None) -> str:
    if since and until:
        return f"plans started {since} to {until}"
    if since:
        return f"plans started on or after {since}"
    if until:
        return f"plans started on or before {until}"
    return "every plan of the workspace"


def text(body: dict[str, Any], *, since: str | None = None, until: str | None = None,
         by: str | None = None) -> str:
    width = max(len(label) for _, label, _, _ in ROWS)
    lines = [f"Save program metrics: {_period(since, until)}", ""]
    for key, label, how, bench in ROWS:
        value = show(body[key], how)
        why = body["why_null"].get(key)
        aside = f"({why})" if why else bench
        lines.append(f"  {label:<{width}}  {value:>12}  {aside}".rstrip())
    lines.append(f"  {'Why accounts left':<{width}}  {_reasons(body)}")
    notes = highlights(body)
    lines += ["", *notes] if notes else ["", "Nothing stands out against the method's benchmarks."]
    if by:
        lines += ["", f"By {by.replace('_', ' ')}:"]
        head = f"  {'group':<18} {'plans':>5} {'saved':>5} {'churned':>7} {'save rate':>9} " \
               f"{'ARR saved':>12} {'ARR lost':>12}"
        lines.append(head)
        for g in body["groups"]:
            lines.append(f"  {str(g['group'])[:18]:<18} {g['plans']:>5} {g['saved']:>5} {g['churned']:>7} "
                         f"{show(g['save_rate'], 'percent'):>9} {words.dollars(g['arr_saved']):>12} "
                         f"{words.dollars(g['arr_lost']):>12}")
    return "\n".join(lines) + "\n"


def markdown(body: dict[str, Any], *, since: str | None = None, until: str | None = None,
             by: str | None = None) -> str:
    lines = ["# Save program metrics", "", f"_{md_escape(_period(since, until))}_", "",
             "| figure | value | benchmark |", "| --- | ---: | --- |"]
    for key, label, how, bench in ROWS:
        why = body["why_null"].get(key)
        lines.append(f"| {label} | {show(body[key], how)} | {md_escape(why or bench)} |")
    lines.append(f"| Why accounts left | {md_escape(_reasons(body))} | |")
    notes = highlights(body)
    if notes:
        lines += ["", "## What stands out", "", *[f"- {md_escape(n)}" for n in notes]]
    if by:
        lines += ["", f"## By {by.replace('_', ' ')}", "",
                  "| group | plans | saved | churned | save rate | ARR saved | ARR lost |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for g in body["groups"]:
            lines.append(f"| {md_escape(str(g['group']))} | {g['plans']} | {g['saved']} | {g['churned']} | "
                         f"{show(g['save_rate'], 'percent')} | {words.dollars(g['arr_saved'])} | "
                         f"{words.dollars(g['arr_lost'])} |")
    return "\n".join(lines) + "\n"


def as_json(body: dict[str, Any]) -> dict[str, Any]:
    """The contract's object: the figures and `groups`, without the text view's reasons."""
    clean = {k: v for k, v in body.items() if k != "why_null"}
    clean["groups"] = [{k: v for k, v in g.items() if k != "why_null"} for g in body["groups"]]
    return clean
