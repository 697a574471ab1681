"""`saveplan playbooks [ID]`: the playbook library (built-in and the workspace's), or one
playbook in full."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from saveplan.commands.options import ListFormat, WorkspaceDir, format_option
from saveplan.completion import playbook_ids

if TYPE_CHECKING:
    from rich.console import Console

    from saveplan.library import Library, LoadedPlaybook


def _source(loaded: LoadedPlaybook, long: bool = False) -> str:
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


def playbooks(playbook_id: str | None = None, *, fmt: str = "text", workspace: Path | None = None,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    """List the playbooks, or show one. 0 shown; 2 unknown id."""
    import json

    from saveplan.library import load_library
    from saveplan.workspace import open_workspace

    stream = out or sys.stdout
    ws = open_workspace(workspace)
    library = load_library(ws)
    for bad in library.broken:
        (err or sys.stderr).write(f"saveplan: warning: skipped the playbook {bad.location}: {bad.summary()}"
                                  f"\n  hint: run `saveplan check {bad.location}`\n")
    if playbook_id is not None:
        loaded = library.get(playbook_id)
        if fmt == "json":
            stream.write(json.dumps(full_dict(loaded), indent=2, ensure_ascii=False) + "\n")
        else:
            _show(loaded, _console(stream))
        return 0
    if fmt == "json":
        rows = [summary_dict(p) for p in library.playbooks.values()]
        stream.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        _table(library, _console(stream))
    return 0


def _console(out: TextIO) -> Console:
    from saveplan.console import make_console

    return make_console(out)


def _table(library: Library, console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_edge=False)
    table.add_column("ID", style="bold", no_wrap=True)
    table.add_column("Title / root cause", min_width=12)
    table.add_column("Typical signals", no_wrap=True)
    table.add_column("Source", no_wrap=True)
    for n, loaded in enumerate(library.playbooks.values()):
        pb = loaded.playbook
        title = Text(pb.title)
        title.append(f"\n{pb.root_cause}", style="dim")
        table.add_row(pb.id, title, "\n".join(pb.trigger.signals), _source(loaded),
                      end_section=n < len(library.playbooks) - 1)
    console.print(table)
    mine = sum(1 for p in library.playbooks.values() if p.source == "workspace")
    over = sum(1 for p in library.playbooks.values() if p.overrides)
    console.print(f"{len(library.playbooks)} playbooks, {mine} from the workspace's playbooks/ folder"
                  + (f" (*: {over} replace the built-in one of the same id)" if over else "") + ".")
    console.print("Show one: saveplan playbooks ID    Use one: saveplan new NAME --playbook ID "
                  "--renewal DATE --arr N --owner ID", style="dim")


def _show(loaded: LoadedPlaybook, console: Console) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    pb = loaded.playbook

    def heading(text: str) -> None:
        console.print()
        console.print(Text(text, style="bold underline"))

    def indented(renderable: Any) -> None:
        console.print(Padding(renderable, (0, 0, 0, 2), expand=False))

    def para(text: str) -> None:
        indented(Text(" ".join(text.split())))

    def grid(rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None, gap: int = 2) -> None:
        table = Table(show_header=header is not None, box=None, padding=(0, gap, 0, 0), pad_edge=False,
                      header_style="bold")
        for name in header or [""] * len(rows[0]):
            table.add_column(name)
        for row in rows:
            table.add_row(*(" ".join(cell.split()) for cell in row))
        indented(table)

    def bullets(items: list[str], numbered: bool = False) -> None:
        grid([(f"{n}." if numbered else "-", item) for n, item in enumerate(items, start=1)], gap=1)

    title = Text(pb.id, style="bold")
    title.append(f"  {pb.title}")
    title.append(f"  ({_source(loaded, long=True)}: {loaded.location})", style="dim")
    console.print(title)
    grid([("Root cause", pb.root_cause), ("Signals", ", ".join(pb.trigger.signals))])
    heading("Scenario")
    para(pb.scenario)
    heading("When to use it")
    para(pb.trigger.description)
    heading("Investigate first")
    bullets(pb.investigate, numbered=True)
    heading("Who is involved (our side)")
    grid([(p.role, p.does) for p in pb.involved])
    heading("Customer stakeholders to map (role, KPI)")
    grid([(s.role, s.kpi) for s in pb.stakeholders])
    heading("Actions")
    grid([(str(a.due or ""), a.owner or "", a.do) for a in pb.actions], header=("due", "owner", "do"))
    heading("Milestones")
    grid([(str(m.due), m.what) for m in pb.milestones])
    ind = pb.leading_indicator
    if ind is not None:
        heading("Leading indicator")
        word = "at least" if ind.direction == "at_least" else "at most"
        target = f"{ind.target:g}" if ind.target is not None else "?"
        para(f"{ind.metric}: {word} {target}, checked {ind.check}")
        if ind.alternatives:
            indented(Text("Alternatives:"))
            bullets([f"{a.metric}: {'at least' if a.direction == 'at_least' else 'at most'} "
                     f"{a.target:g}, checked {a.check}" for a in ind.alternatives])
    heading("Commercial path (first move first)")
    bullets([f"{m.kind}, when {m.when}: {m.offer}" for m in pb.commercial_path], numbered=True)
    heading("What success looks like")
    bullets(pb.success)
    heading("After the save")
    grid([("day 30", pb.follow_up.day_30), ("day 60", pb.follow_up.day_60),
          ("day 90", pb.follow_up.day_90)])
    console.print()
    console.print(f'Use it: saveplan new "ACCOUNT" --playbook {pb.id} --renewal DATE --arr N --owner ID',
                  style="dim")


def register(app: typer.Typer) -> None:
    @app.command("playbooks")
    def playbooks_command(
        playbook_id: Annotated[str | None, typer.Argument(
            metavar="ID", autocompletion=playbook_ids,
            help="A playbook to show in full (default: list them all).",
            show_default=False)] = None,
        fmt: Annotated[ListFormat, format_option()] = ListFormat.text,
        workspace: WorkspaceDir = None,
    ) -> int:
        """List the playbooks (built-in, and the workspace's playbooks/ folder), or show one.

        A playbook is a template for one risk scenario: the investigation to do first,
        timed actions with owners, a leading indicator, the commercial path. A workspace
        playbook with the id of a built-in one replaces it.

        Examples:

          saveplan playbooks                        # the library, one line each

          saveplan playbooks champion-departure     # one playbook in full

          saveplan playbooks --format json
        """
        return playbooks(playbook_id, fmt=fmt.value, workspace=workspace)
