"""`LineConsole` prints `check`'s text report exactly as rich does, without rich where rich
would print plain text (a pipe, a file, pre-commit's capture)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from saveplan.console import LineConsole, LineText, make_console

PIECES = [
    [("plans/a.yaml", "bold underline")],
    [("  ", None), ("12:5", "dim"), ("  ", None), ("warning", "yellow"), (" SP301  ", "bold"),
     ("action 1 (kick-off) was due 2026-11-28: do it", None)],
    [("bell\x07 back\x08space vt\x0b ff\x0c cr\r\n end", None)],  # rich drops these five
    [("[bold]not markup[/bold] :smile: not an emoji, \x1b[31m kept", "bold red")],
    [("wide 日本語 and 🙂 " + "x" * 130 + "   ", None), ("  trailing  ", "dim")],  # past 120
    [("two\nlines\n", "yellow"), ("", "bold"), ("\n", None)],
    [("", None)],
]


def _print(pieces: list[tuple[str, str | None]], console: Console | LineConsole,
           text: type[Text] | type[LineText], *, blank: bool = False) -> None:
    shown = text(pieces[0][0], style=pieces[0][1] or "")
    for piece, style in pieces[1:]:
        shown.append(piece, style=style)
    console.print(shown)  # type: ignore[arg-type]
    if blank:
        console.print()


def _rich(pieces: list[tuple[str, str | None]], out: io.StringIO, *, blank: bool = False) -> None:
    _print(pieces, make_console(out, soft_wrap=True), Text, blank=blank)


def _lines(pieces: list[tuple[str, str | None]], out: io.StringIO, *, blank: bool = False) -> LineConsole:
    console = LineConsole(out, soft_wrap=True)
    _print(pieces, console, LineText, blank=blank)
    return console


@pytest.mark.parametrize("pieces", PIECES)
def test_plain_lines_are_what_rich_prints(pieces: list[tuple[str, str | None]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    plain, rich = io.StringIO(), io.StringIO()
    console = _lines(pieces, plain, blank=True)
    _rich(pieces, rich, blank=True)
    assert console.rich is None  # printed without rich
    assert plain.getvalue() == rich.getvalue()


def test_a_tab_is_left_to_rich_which_expands_it_by_cell_width() -> None:
    pieces: list[tuple[str, str | None]] = [("日本\tx", None), ("\ty", "dim")]
    plain, rich = io.StringIO(), io.StringIO()
    console = _lines(pieces, plain)
    _rich(pieces, rich)
    assert console.rich is not None
    assert plain.getvalue() == rich.getvalue() == "日本    x       y\n"


@pytest.mark.parametrize(("name", "value"), [("FORCE_COLOR", "1"), ("TTY_COMPATIBLE", "1")])
def test_forced_colour_goes_through_rich(name: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain, rich = io.StringIO(), io.StringIO()
    console = _lines(PIECES[1], plain)
    _rich(PIECES[1], rich)
    assert console.rich is not None
    assert plain.getvalue() == rich.getvalue()
    assert "\x1b[33mwarning\x1b[0m" in plain.getvalue()


def test_a_console_that_is_not_soft_wrapping_is_rich_s() -> None:
    assert LineConsole(io.StringIO()).rich is not None
