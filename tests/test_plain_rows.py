"""Many rows are drawn as plain rows (rich's table layout of thousands is slow); JSON lists
are written a row at a time, byte for byte what json.dumps gives."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.text import Text

from bench.generate import generate
from saveplan.cli import main
from saveplan.console import make_console, plain_table, write_json_list


def test_plain_table_aligns_columns_keeps_styles_and_strips_trailing_blanks() -> None:
    text = plain_table(["#", "Name", "Days"], [["1", Text("Ann", style="red"), "5"], ["10", "Bo\x07b", "12"]],
                       right={0, 2}, rule=True)
    assert text.plain == (" #  Name  Days\n"
                          "──────────────\n"
                          " 1  Ann      5\n"
                          "10  Bob     12")
    assert [(s.start, s.end, s.style) for s in text.spans] == [(34, 37, "red")]
    out = io.StringIO()
    make_console(out).print(text, soft_wrap=True)
    assert out.getvalue() == text.plain + "\n"  # not a terminal: no colour codes, no wrapping


@pytest.mark.parametrize("rows", [[], [{}], [[]], [{"a": [1, {"b": "x\ny é"}], "c": {}}, 3, None, [[], {}]]])
def test_json_lists_written_row_by_row_are_what_dumps_gives(rows: list[object]) -> None:
    out = io.StringIO()
    write_json_list(out, iter(rows))
    assert out.getvalue() == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def test_status_of_many_plans_is_one_plain_line_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("saveplan.console.PLAIN_FROM", 5)
    monkeypatch.setattr("saveplan.render.status.PLAIN_FROM", 5)
    generate(tmp_path, 30, seed=3)
    monkeypatch.setenv("COLUMNS", "160")  # wide enough for the next action in the table
    assert main(["status", "-w", str(tmp_path), "--today", "2026-11-25"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["Light", "Account", "Owner", "Renewal", "in", "Window", "Indicator",
                                "Overdue", "Next", "action"]
    assert set(lines[2]) == {"─"}
    start = lines.index(next(line for line in lines if line.startswith("After the outcome")))
    open_rows = lines[3:start]
    assert open_rows and all(line.startswith("● ") and line == line.rstrip() for line in open_rows)
    assert len({line.index(" d ") for line in open_rows if " d " in line}) == 1  # right-justified days


def test_plain_wrap_indents_wrapped_lines_as_rich_does() -> None:
    from saveplan.console import plain_wrap

    assert plain_wrap("one two three\nfour", 12, "    ") == ["    one two", "    three", "    four"]
    assert plain_wrap("a note", 20, "    - ", "      ") == ["    - a note"]
    assert plain_wrap("", 20, "  ") == [""]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("rows", [0, 1, 199, 200, 201, 450])
def test_a_plain_table_printed_in_parts_is_the_same_bytes(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from saveplan.console import PART_LINES, print_plain_table

    assert PART_LINES == 200
    monkeypatch.setenv("FORCE_COLOR", "1")  # colour codes too: a part ends at a line's end
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    body: list[list[str | Text]] = [
        [str(n), Text(f"row {n}", style="bold red" if n % 3 else "green"), "x" * (n % 7)]
        for n in range(rows)]
    whole, parts = _Terminal(), _Terminal()
    head = ["#", "Name", "Pad"]
    make_console(whole).print(plain_table(head, body, right={0}, rule=True, header_style="bold"),
                              soft_wrap=True)
    print_plain_table(make_console(parts), head, body, right={0}, rule=True, header_style="bold")
    assert "\x1b[" in whole.getvalue()
    assert parts.getvalue() == whole.getvalue()
    assert len(parts.getvalue().splitlines()) == rows + 2


def test_tidy_printing_strips_trailing_blanks_as_each_line_is_written() -> None:
    from saveplan.console import print_tidy

    class Writes(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.writes: list[str] = []

        def write(self, text: str) -> int:
            self.writes.append(text)
            return super().write(text)

    out = Writes()

    def draw(console: object) -> None:
        from rich.console import Console

        assert isinstance(console, Console)
        console.print("one   ")
        assert out.getvalue() == "one\n"  # written at once, not held to the end
        console.file.write("two \x1b[0m  \nthree")
        console.file.write("  \t")

    print_tidy(out, draw)
    assert out.getvalue() == "one\ntwo \x1b[0m\nthree"  # blanks before a code stay, as rich left them
