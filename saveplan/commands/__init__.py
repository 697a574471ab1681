"""The commands. Each module has a plain function that does the work and returns an exit
code (callable from tests with no CLI in the way) and a `register(app)` that adds its thin
typer wrapper. Heavy imports stay inside the functions, so `saveplan --help` is quick."""

COMMAND_MODULES = (
    "saveplan.commands.init",
    "saveplan.commands.new",
    "saveplan.commands.check",
    "saveplan.commands.status",
    "saveplan.commands.record",
    "saveplan.commands.report",
    "saveplan.commands.calendar",
    "saveplan.commands.triage",
    "saveplan.commands.concessions",
    "saveplan.commands.playbooks",
    "saveplan.commands.schema",
    # contract 1.1
    "saveplan.commands.close",
    "saveplan.commands.touch",
    "saveplan.commands.agenda",
    "saveplan.commands.metrics",
    "saveplan.commands.imports",
    "saveplan.commands.board",
    "saveplan.commands.rules",
)
