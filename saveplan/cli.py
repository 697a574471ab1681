"""The `saveplan` command: builds the typer app and maps every outcome to an exit code
in one place (0 ok, 1 check failed, 2 usage problem or refusal, 3 internal error: a bug
in saveplan). No traceback ever reaches the user."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from saveplan import __version__

HELP = """Write, check and run save plans for accounts at risk of not renewing.

A save plan works when it has a deadline (the renewal date), clear owners, one leading
indicator checked mid-plan, and a commercial path decided before the renewal call.

First five minutes:

  saveplan init                      # a workspace: saveplan.yaml, plans/, playbooks/

  saveplan playbooks                 # the playbooks, one per risk scenario

  saveplan new "Contoso Ltd" --playbook champion-departure \
      --renewal 2027-04-01 --arr 60000 --owner maria

  saveplan check                     # the method's rules, with file and line

  saveplan status                    # every plan's indicator and traffic light
"""


def build_app() -> object:
    import typer

    from saveplan.commands import COMMAND_MODULES

    def exit_with(code: object, **_: object) -> None:
        """Commands return their exit code; this makes it the process's."""
        raise typer.Exit(code if isinstance(code, int) else 0)

    from saveplan.commands.options import WORKSPACE_ENV
    from saveplan.dates import TODAY_ENV

    _plain_metavars()
    app = typer.Typer(name="saveplan", help=HELP, no_args_is_help=True, add_completion=True,
                      pretty_exceptions_enable=False, result_callback=exit_with,
                      context_settings={"help_option_names": ["-h", "--help"]})

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", "-V", help="Print the version and exit."),
        workspace: Path | None = typer.Option(  # noqa: B008 (typer's way)
            None, "--workspace", "-w", metavar="DIR", show_default=False,
            help="The workspace folder, for the command that follows."),
        today: str | None = typer.Option(
            None, "--today", metavar="YYYY-MM-DD", show_default=False,
            help="The date to work with, for the command that follows."),
    ) -> None:
        """Options given before the command reach it as its own defaults (through the
        environment the command's options read); an option after the command wins."""
        if version:
            print(f"saveplan {__version__}")
            raise typer.Exit(0)
        if workspace is not None:
            os.environ[WORKSPACE_ENV] = str(workspace)
        if today is not None:
            os.environ[TODAY_ENV] = today

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import problem inside the module
                raise
            continue
        module.register(app)
    return app


def _plain_metavars() -> None:
    """Help shows words people read (`N`, `DIR`, `text|json`), never Python types such as
    `<bool>` or `<list[Path]>`: a flag shows nothing, an argument its name, an option its
    metavar (or its choices)."""
    from typer import core

    if getattr(core.TyperOption, "_saveplan_plain", False):
        return
    shown = core.TyperOption.display_type_rich

    def option_type(self: core.TyperOption, ctx: object) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        label = shown(self, ctx)  # type: ignore[arg-type]
        return label if label is None or "|" in label else "VALUE"

    def argument_type(self: core.TyperArgument, ctx: object) -> str | None:
        return None

    core.TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = argument_type  # type: ignore[method-assign,assignment]
    core.TyperOption._saveplan_plain = True  # type: ignore[attr-defined]


INTERNAL_ERROR = 3  # a bug, never a refusal: refusals and usage problems exit 2


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run saveplan; return the exit code (tests call this with a list of words)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):  # fast path: no typer, no pydantic
        print(f"saveplan {__version__}")
        return 0
    os.environ.setdefault(PLUGINS_ENV, "__all__")  # before pydantic is imported: no entry-point scan
    if argv is None:  # a process of its own: the modules load without the collector (`_loaded`)
        gc.disable()
    from saveplan.dates import TODAY_ENV

    saved = {name: os.environ.get(name) for name in (WORKSPACE_ENV, TODAY_ENV)}
    try:
        return _run(args)
    finally:  # options before the command last for this run only (tests call main often)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(args: list[str]) -> int:
    from saveplan import dates

    dates.READ_AS.clear()
    try:
        return _dispatch(args)
    finally:  # say how every date not in ISO form was read (never guessed: docs/hardening.md)
        for note in dict.fromkeys(dates.READ_AS):
            _err(f"saveplan: note: {note}")


def _loaded() -> None:
    """The modules are in: the collector comes back (where `main` turned it off), and what
    they made is frozen out of its scans for good. Importing pydantic and building the
    models makes about 200,000 objects; the collector's passes over them while they were
    made cost about a tenth of a one-plan check."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _quiet_stdout() -> None:
    """The reader went away (`saveplan status | head -1`): send what is left to /dev/null,
    so the interpreter's last flush does not fail too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


WORKSPACE_ENV = "SAVEPLAN_WORKSPACE"  # as saveplan.commands.options spells it (that module imports typer)
PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"  # saveplan uses no pydantic plugin; finding them costs 20 ms

CHECK_FORMATS = ("text", "json", "github", "junit", "sarif", "gitlab")  # CheckFormat's values
_CHECK_VALUED = {"--format": "fmt", "-f": "fmt", "--today": "today", "--workspace": "workspace",
                 "-w": "workspace", "--jobs": "jobs", "-j": "jobs"}


def check_words(words: list[str]) -> dict[str, Any] | None:
    """The arguments of `saveplan check WORDS` as `commands.check.check` takes them, when they are the
    plain forms (paths, --format/-f, --strict, --select, --ignore, --today, --workspace/-w,
    --jobs/-j, each once but --select and --ignore, and the options' environment variables
    as typer reads them); None for anything else (--help, `--x=y`, a bad value, ...), which
    typer then handles with its own messages and exit codes."""
    from saveplan.dates import TODAY_ENV

    if os.environ.get("SAVEPLAN_JOBS") or os.environ.get("_SAVEPLAN_COMPLETE"):
        return None
    got: dict[str, Any] = {"paths": [], "strict": False, "select": [], "ignore": []}
    rest = iter(words)
    for word in rest:
        if word == "--strict":
            got["strict"] = True
        elif word in ("--select", "--ignore"):
            value = next(rest, None)
            if value is None:
                return None
            got[word[2:]].append(value)
        elif word in _CHECK_VALUED:
            name, value = _CHECK_VALUED[word], next(rest, None)
            if value is None or name in got:
                return None
            got[name] = value
        elif word.startswith("-") or not word:
            return None
        else:
            got["paths"].append(Path(word))
    fmt = str(got.get("fmt", "text")).lower()
    if fmt not in CHECK_FORMATS:
        return None
    got["fmt"] = fmt
    if "jobs" in got:
        if not got["jobs"].strip().isdigit() or int(got["jobs"]) < 1:
            return None
        got["jobs"] = int(got["jobs"])
    if "today" not in got and os.environ.get(TODAY_ENV):
        got["today"] = os.environ[TODAY_ENV]
    if "workspace" in got:
        got["workspace"] = Path(got["workspace"])
    elif os.environ.get(WORKSPACE_ENV):
        got["workspace"] = Path(os.environ[WORKSPACE_ENV])
    got["select"] = got["select"] or None
    got["ignore"] = got["ignore"] or None
    return got


def _dispatch(args: list[str]) -> int:
    from saveplan.errors import SaveplanError

    try:
        fast = check_words(args[1:]) if args[:1] == ["check"] else None
        if fast is not None:  # the pre-commit case: no typer, no rich
            import saveplan.checker
            import saveplan.render.reporters  # noqa: F401 (what check() imports, loaded here)
            from saveplan.commands.check import check

            _loaded()
            return check(**fast)
        app = build_app()
        _loaded()
        app(args, prog_name="saveplan")  # type: ignore[operator]
    except SystemExit as exc:  # typer's own exits: usage errors (2), --help (0), our codes
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except SaveplanError as exc:
        _err(f"saveplan: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _err("saveplan: interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except Exception as exc:  # the last line of defence: a bug, said plainly
        _err(f"saveplan: internal error: {type(exc).__name__}: {exc}\n"
             "  This is a bug in saveplan; please report it with the command you ran.")
        return INTERNAL_ERROR
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
