"""`saveplan playbooks`: the library as a table, one playbook in full, both as JSON, and the
warning for a workspace playbook that cannot be used. The playbooks come from
saveplan.library."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from saveplan.words import bound, count

if TYPE_CHECKING:
    from rich.console import Console

    from saveplan.library import BrokenPlaybook, Library, LoadedPlaybook

USE_ONE = "Use one: saveplan new NAME --playbook ID --renewal DATE --arr N --owner ID"


def source_label(loaded: LoadedPlaybook, long: bool = False) -> str:
    """"built-in", "workspace", or a workspace one that replaces a built-in one."""
    if loaded.source == "built-in" or not loaded.overrides:
        return loaded.source
    return "workspace, replaces the built-in one" if long else "workspace*"


def summary_dict(loaded: LoadedPlaybook) -> dict[str, Any]:
    pb = loaded.playbook
    return {"id": pb.id, "title": pb.title, "scenario": pb.scenario, "root_cause": pb.root_cause,
            "signals": list(pb.trigger.signals), "source": loaded.source,
            "overrides_builtin": loaded.overrides, "path": loaded.location}


def full_dict(loaded: LoadedPlaybook) -> dict[str, Any]:
    body: dict[str, Any] = loaded.playbook.model_dump(mode="json")
    return {**body, "source": loaded.source, "overrides_builtin": loaded.overrides,
            "path": loaded.location}


def library_json(library: Library) -> str:
    rows = [summary_dict(p) for p in library.playbooks.values()]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def playbook_json(loaded: LoadedPlaybook) -> str:
    return json.dumps(full_dict(loaded), indent=2, ensure_ascii=False) + "\n"


def skipped_warning(bad: BrokenPlaybook) -> str:
    return (f"saveplan: warning: skipped the playbook {bad.location}: {bad.summary()}"
            f"\n  hint: run `saveplan check {bad.location}`\n")


def indicator_line(metric: str, direction: str, target: float | None, check: object) -> str:
    """"Logins: at least 3, checked day 14" ("?" for a target not set)."""
    goal = bound(direction, target) if target is not None else f"{bound(direction)} ?"
    return f"{metric}: {goal}, checked {check}"


def print_library(out: TextIO, library: Library) -> None:
    """The library as a table, one row a playbook, and what the sources mean."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from saveplan.console import make_console

    console = make_console(out)
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_edge=False)
    table.add_column("ID", style="bold", no_wrap=True)
    table.add_column("Title / root cause", min_width=12)
    table.add_column("Typical signals", no_wrap=True)
    table.add_column("Source", no_wrap=True)
    for n, loaded in enumerate(library.playbooks.values()):
        pb = loaded.playbook
        title = Text(pb.title)
        title.append(f"\n{pb.root_cause}", style="dim")
        table.add_row(pb.id, title, "\n".join(pb.trigger.signals), source_label(loaded),
                      end_section=n < len(library.playbooks) - 1)
    console.print(table)
    mine = sum(1 for p in library.playbooks.values() if p.source == "workspace")
    over = sum(1 for p in library.playbooks.values() if p.overrides)
    console.print(f"{count(len(library.playbooks), 'playbook')}, {mine} from the workspace's playbooks/ "
                  "folder" + (f" (*: {over} replace the built-in one of the same id)" if over else "") + ".")
    console.print(f"Show one: saveplan playbooks ID    {USE_ONE}", style="dim")


def print_playbook(out: TextIO, loaded: LoadedPlaybook) -> None:
    """One playbook in full, section by section."""
    from saveplan.console import make_console

    _Sections(make_console(out)).draw(loaded)


class _Sections:
    """The sections of a playbook shown in full, two spaces in under bold headings."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def heading(self, text: str) -> None:
        from rich.text import Text

        self.console.print()
        self.console.print(Text(text, style="bold underline"))

    def indented(self, renderable: Any) -> None:
        from rich.padding import Padding

        self.console.print(Padding(renderable, (0, 0, 0, 2), expand=False))

    def para(self, text: str) -> None:
        from rich.text import Text

        self.indented(Text(" ".join(text.split())))

    def grid(self, rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None, gap: int = 2) -> None:
        from rich.table import Table

        table = Table(show_header=header is not None, box=None, padding=(0, gap, 0, 0), pad_edge=False,
                      header_style="bold")
        for name in header or [""] * len(rows[0]):
            table.add_column(name)
        for row in rows:
            table.add_row(*(" ".join(cell.split()) for cell in row))
        self.indented(table)

    def bullets(self, items: list[str], numbered: bool = False) -> None:
        self.grid([(f"{n}." if numbered else "-", item) for n, item in enumerate(items, start=1)], gap=1)

    def draw(self, loaded: LoadedPlaybook) -> None:
        from rich.text import Text

        pb = loaded.playbook
        title = Text(pb.id, style="bold")
        title.append(f"  {pb.title}")
        title.append(f"  ({source_label(loaded, long=True)}: {loaded.location})", style="dim")
        self.console.print(title)
        self.grid([("Root cause", pb.root_cause), ("Signals", ", ".join(pb.trigger.signals))])
        self.heading("Scenario")
        self.para(pb.scenario)
        self.heading("When to use it")
        self.para(pb.trigger.description)
        self.heading("Investigate first")
        self.bullets(pb.investigate, numbered=True)
        self.heading("Who is involved (our side)")
        self.grid([(p.role, p.does) for p in pb.involved])
        self.heading("Customer stakeholders to map (role, KPI)")
        self.grid([(s.role, s.kpi) for s in pb.stakeholders])
        self.heading("Actions")
        self.grid([(str(a.due or ""), a.owner or "", a.do) for a in pb.actions],
                  header=("due", "owner", "do"))
        self.heading("Milestones")
        self.grid([(str(m.due), m.what) for m in pb.milestones])
        ind = pb.leading_indicator
        if ind is not None:
            self.heading("Leading indicator")
            self.para(indicator_line(ind.metric, ind.direction, ind.target, ind.check))
            if ind.alternatives:
                self.indented(Text("Alternatives:"))
                self.bullets([indicator_line(a.metric, a.direction, a.target, a.check)
                              for a in ind.alternatives])
        self.heading("Commercial path (first move first)")
        self.bullets([f"{m.kind}, when {m.when}: {m.offer}" for m in pb.commercial_path], numbered=True)
        self.heading("What success looks like")
        self.bullets(pb.success)
        self.heading("After the save")
        self.grid([("day 30", pb.follow_up.day_30), ("day 60", pb.follow_up.day_60),
                   ("day 90", pb.follow_up.day_90)])
        self.console.print()
        self.console.print(f'Use it: saveplan new "ACCOUNT" --playbook {pb.id} --renewal DATE --arr N '
                           "--owner ID", style="dim")
