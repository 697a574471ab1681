"""The agenda (saveplan/analysis/agenda.py) as plain text, JSON or Markdown. Plan text is
stripped of control characters for the terminal and escaped for Markdown."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TextIO

from saveplan import words
from saveplan.analysis.agenda import AgendaItem
from saveplan.console import write_json_list
from saveplan.models import WorkspaceConfig
from saveplan.render.text import md_escape, strip_controls
from saveplan.status import person_name

KIND_WORDS = {"action": "action", "check": "check", "update": "update", "follow_up": "follow-up",
              "win_back": "win-back"}


def _when(item: AgendaItem) -> str:
    if item.overdue:
        return f"{words.days(-item.days)} late"
    return "today" if item.days == 0 else f"in {words.days(item.days)}"


def _head(items: list[AgendaItem], today: date, days: int, owner: str | None) -> str:
    late = sum(i.overdue for i in items)
    whose = f" for {owner}" if owner else ""
    return (f"Agenda{whose}, {today} to {today + timedelta(days=days)}: {words.count(len(items), 'item')}"
            + (f", {late} overdue" if late else ""))


def agenda_text(items: list[AgendaItem], config: WorkspaceConfig, today: date, days: int,
                owner: str | None = None) -> str:
    def clean(text: str) -> str:
        return strip_controls(text, keep_newlines=False)

    lines = [clean(_head(items, today, days, owner))]
    if not items:
        return lines[0] + ": nothing due.\n"
    section = ""
    for item in items:
        title = "Overdue" if item.overdue else f"{item.on:%a} {item.on}"
        if title != section:
            lines += ["", title]
            section = title
        who = clean(person_name(item.owner, config))
        lines.append(f"  {item.on}  {KIND_WORDS[item.kind]:<9} {clean(item.account)}: {clean(item.what)} "
                     f"({who}, {_when(item)})")
    return "\n".join(lines) + "\n"


def agenda_json(items: list[AgendaItem]) -> str:
    return json.dumps([i.as_json() for i in items], indent=2, ensure_ascii=False) + "\n"


def write_agenda(fmt: str, items: list[AgendaItem], config: WorkspaceConfig, today: date, days: int,
                 owner: str | None, out: TextIO) -> None:
    """`agenda_output` written to `out`, the JSON an item at a time (`write_json_list`): at
    10,000 plans a month's agenda is some 17,000 items, and `json.dumps` of them all held
    every piece of the text at once (about 35 MB)."""
    if fmt == "json":
        write_json_list(out, (i.as_json() for i in items))
    else:
        out.write(agenda_output(fmt, items, config, today, days, owner))


def agenda_markdown(items: list[AgendaItem], config: WorkspaceConfig, today: date, days: int,
                    owner: str | None = None) -> str:
    out = [f"# {md_escape(_head(items, today, days, owner))}", ""]
    if not items:
        return "\n".join([*out, "Nothing due.", ""])
    section = ""
    for item in items:
        title = "Overdue" if item.overdue else f"{item.on:%A} {item.on}"
        if title != section:
            if section:
                out.append("")
            out += [f"## {title}", ""]
            section = title
        who = md_escape(person_name(item.owner, config))
        out.append(f"- [ ] {item.on} **{KIND_WORDS[item.kind]}** {md_escape(item.account)}: "
                   f"{md_escape(item.what)} ({who}, {_when(item)})")
    return "\n".join([*out, ""])


def agenda_output(fmt: str, items: list[AgendaItem], config: WorkspaceConfig, today: date, days: int,
                  owner: str | None = None) -> str:
    """The agenda in the format asked for: `json`, `markdown`, else text."""
    if fmt == "json":
        return agenda_json(items)
    if fmt == "markdown":
        return agenda_markdown(items, config, today, days, owner)
    return agenda_text(items, config, today, days, owner)
