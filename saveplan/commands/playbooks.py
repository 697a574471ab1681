"""`saveplan playbooks [ID]`: the playbook library (built-in and the workspace's), or one
playbook in full (the library: saveplan/library.py; the output: saveplan/render/playbooks.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from saveplan.commands.options import ListFormat, WorkspaceDir, format_option
from saveplan.completion import playbook_ids


def playbooks(playbook_id: str | None = None, *, fmt: str = "text", workspace: Path | None = None,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    """List the playbooks, or show one. 0 shown; 2 unknown id."""
    from saveplan.library import load_library
    from saveplan.render import playbooks as show
    from saveplan.workspace import open_workspace

    stream = out or sys.stdout
    library = load_library(open_workspace(workspace))
    for bad in library.broken:
        (err or sys.stderr).write(show.skipped_warning(bad))
    if playbook_id is not None:
        loaded = library.get(playbook_id)
        if fmt == "json":
            stream.write(show.playbook_json(loaded))
        else:
            show.print_playbook(stream, loaded)
    elif fmt == "json":
        stream.write(show.library_json(library))
    else:
        show.print_library(stream, library)
    return 0


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
