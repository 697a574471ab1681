"""The one place rich consoles are made, so every command prints alike.

On a terminal rich fits its width. Piped or redirected (a log, `| less`, a file) it has
no width to read, and rich's 80 columns would squeeze tables into ellipses: then 120
columns are used, unless COLUMNS says otherwise. Colour follows rich's rules: none when
not on a terminal, none with NO_COLOR.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

    from rich.console import Console, RenderableType
    from rich.text import Text

PIPED_WIDTH = 120

if TYPE_CHECKING:
    from saveplan.plans import BrokenPlan


def make_console(out: TextIO, *, soft_wrap: bool = False) -> Console:
    from rich.console import Console

    try:
        on_terminal = out.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    width = None if on_terminal or os.environ.get("COLUMNS") else PIPED_WIDTH
    # markup off: plan text is printed as it is written ("[link=...]" in an action is text)
    console = Console(file=out, highlight=False, markup=False, soft_wrap=soft_wrap, width=width)
    console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
    return console


def _reader_gone() -> None:
    """rich exits 1 when the reader of a pipe goes away (`status | head -1`); that is no
    failure: cli.main turns BrokenPipeError into exit 0."""
    raise BrokenPipeError


class LineText:
    """Pieces of text, each with a rich style, as `rich.text.Text(text, style=...)` and its
    `append` hold them: the part of rich's Text a report of lines uses (`check`'s text format).
    A `LineConsole` prints it plain, or hands it to rich as the Text it stands for."""

    __slots__ = ("pieces", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.pieces: list[tuple[str, str | None]] = [(text, None)]

    def append(self, text: str, style: str | None = None) -> LineText:
        self.pieces.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def as_rich(self) -> Text:
        from rich.text import Text

        made = Text(self.pieces[0][0], style=self.style)
        for text, style in self.pieces[1:]:
            made.append(text, style=style)
        return made


# what rich drops from any text it is given (rich.control.STRIP_CONTROL_CODES: BEL, BS, VT, FF, CR)
_RICH_DROPS = dict.fromkeys((7, 8, 11, 12, 13))
_RICH_ENCODING_HINT = "\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"  # rich's


def prints_plain(out: TextIO) -> bool:
    """Whether rich would print to `out` without colour or any control code: not a terminal,
    and neither FORCE_COLOR nor TTY_COMPATIBLE=1 says otherwise (nor Jupyter: rich's call)."""
    if "IPython" in sys.modules or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return False
    try:
        return not out.isatty()
    except (AttributeError, ValueError):
        return True


class LineConsole:
    """Prints `LineText` lines byte for byte as a soft-wrapping rich console does: where rich
    would print plain text (`prints_plain`), without importing rich (20-40 ms of a one-plan
    `check`, the pre-commit case), else through rich. A line with a tab goes to rich, which
    expands tabs by cell width."""

    def __init__(self, out: TextIO, *, soft_wrap: bool = False) -> None:
        self.out = out
        self.soft_wrap = soft_wrap
        self.rich: Console | None = None if soft_wrap and prints_plain(out) else make_console(
            out, soft_wrap=soft_wrap)

    def print(self, line: LineText | None = None) -> None:
        text = "" if line is None else line.plain
        if self.rich is None and "\t" in text:
            self.rich = make_console(self.out, soft_wrap=self.soft_wrap)
        if self.rich is not None:
            self.rich.print(*(() if line is None else (line.as_rich(),)))
            return
        try:  # as rich writes: one write and a flush a print
            self.out.write(text.translate(_RICH_DROPS) + "\n")
        except UnicodeEncodeError as error:
            error.reason = f"{error.reason}{_RICH_ENCODING_HINT}"
            raise
        self.out.flush()


def print_tidy(out: TextIO, draw: Callable[[Console], None]) -> None:
    """Draw with rich on a console for `out`, without the trailing blanks rich pads wrapped
    lines with (colour codes, when `out` is a terminal, are kept). Written as it is drawn:
    a long listing is never held whole (rich's segments of 10,000 rows are ~50 MB)."""
    console = make_console(out)
    tidy = _Tidy(out)
    console.file = tidy  # type: ignore[assignment]
    draw(console)
    tidy.close()


class _Tidy:
    """A text stream that writes each whole line to `out` without its trailing blanks (the
    colour codes after them are kept). Everything rich asks of its file is `out`'s."""

    def __init__(self, out: TextIO) -> None:
        import re

        self.out = out
        self.pending = ""
        self.blanks = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", flags=re.MULTILINE)

    def write(self, text: str) -> int:
        whole, _, self.pending = (self.pending + text).rpartition("\n")
        if whole or _:
            self.out.write(self.blanks.sub(r"\1", whole) + "\n")
        return len(text)

    def close(self) -> None:
        if self.pending:
            self.out.write(self.blanks.sub(r"\1", self.pending))
            self.pending = ""
        self.out.flush()

    def flush(self) -> None:
        self.out.flush()

    def __getattr__(self, name: str) -> object:  # isatty, encoding, fileno: those of `out`
        return getattr(self.out, name)


def indent(body: RenderableType, spaces: int) -> RenderableType:
    """Indented, wrapped lines indented too, no trailing padding."""
    from rich.padding import Padding
    from rich.text import Text

    return Padding(Text(body) if isinstance(body, str) else body, (0, 0, 0, spaces), expand=False)


def print_unloaded(console: Console, bad: list[BrokenPlan], what: str) -> None:
    """The plans a listing had to leave out, each with its first problem and where it is."""
    from rich.text import Text

    from saveplan.findings import not_loaded

    if not bad:
        return
    console.print()
    console.print(Text(not_loaded(what, len(bad)), style="bold red"))
    for b in bad:
        console.print(f"  {b.findings[0].one_line()}", markup=False)


def json_text(row: object) -> str:
    """One row of a JSON list as `write_json_texts` writes it."""
    import json

    return json.dumps(row, indent=2, ensure_ascii=False)


def write_json_list(out: TextIO, rows: Iterable[object]) -> None:
    """`json.dumps(list(rows), indent=2, ensure_ascii=False) + "\\n"`, byte for byte, written a
    row at a time: the whole text of thousands of rows is never held at once."""
    write_json_texts(out, (json_text(row) for row in rows))


def write_json_texts(out: TextIO, texts: Iterable[str]) -> None:
    """The same list from its rows already written out by `json_text` (a view's workers
    write them where the plans are)."""
    first = True
    for text in texts:
        out.write(("[\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


PLAIN_FROM = 500  # rows from which a listing is drawn as plain rows: rich's layout of thousands is slow


def plain_table(header: Sequence[str], rows: Iterable[Sequence[str | Text]], *, right: Collection[int] = (),
                rule: bool = False, header_style: str = "") -> Text:
    """A table of many rows as rich would lay it out on a wide enough console (columns two
    spaces apart, none cut or wrapped, `right` ones justified right; `rule`: a line under the
    header), built as one Text (print it with soft_wrap=True): cell styles are kept,
    trailing blanks are not."""
    return next(_plain_parts(header, rows, right, rule, header_style, size=None))


PART_LINES = 200  # lines a print: rich holds the segments of a whole print (~5 KB a line)


def print_plain_table(console: Console, header: Sequence[str], rows: Iterable[Sequence[str | Text]], *,
                      right: Collection[int] = (), rule: bool = False, header_style: str = "") -> None:
    """Print `plain_table(...)`, the same bytes, `PART_LINES` lines at a time."""
    for part in _plain_parts(header, rows, right, rule, header_style, size=PART_LINES):
        console.print(part, soft_wrap=True)


def print_lines(console: Console, lines: Sequence[str], *, wrap: bool = False) -> None:
    """Lines printed as they are (no markup; `wrap`: each wrapped at the console's width
    as its own print would wrap it, else nothing wrapped again), `PART_LINES` at a time."""
    from rich.text import Text

    for at in range(0, len(lines), PART_LINES):
        console.print(Text("\n".join(lines[at:at + PART_LINES])), soft_wrap=not wrap)


def _plain_parts(header: Sequence[str], rows: Iterable[Sequence[str | Text]], right: Collection[int],
                 rule: bool, header_style: str, size: int | None) -> Iterator[Text]:
    """`plain_table`'s lines as Texts of `size` lines (None: one Text)."""
    from rich.cells import cell_len
    from rich.control import strip_control_codes
    from rich.text import Span, Text

    none: tuple[Span, ...] = ()  # one empty tuple for every plain cell: thousands of rows

    def part(cell: str | Text) -> tuple[str, int, Sequence[Span]]:
        if isinstance(cell, Text):
            spans = list(cell.spans)
            if cell.style:
                spans.insert(0, Span(0, len(cell.plain), cell.style))
            return cell.plain, cell.cell_len, spans
        plain = strip_control_codes(cell)
        return plain, cell_len(plain), none

    body = [[part(cell) for cell in row] for row in rows]
    head = [(name, cell_len(name), [Span(0, len(name), header_style)] if header_style else [])
            for name in header]
    widths = [width for _, width, _ in head]
    for row in body:
        for i, (_, width, _) in enumerate(row):
            if width > widths[i]:
                widths[i] = width
    chunks: list[str] = []
    spans: list[Span] = []
    at = 0

    def line(cells: Sequence[tuple[str, int, Sequence[Span]]]) -> None:
        nonlocal at
        pieces: list[str] = []
        for i, (plain, width, marks) in enumerate(cells):
            gap = " " * (widths[i] - width)
            if i:
                pieces.append("  ")
            if i in right:
                pieces.append(gap)
            start = at + sum(len(p) for p in pieces)
            spans.extend(Span(start + m.start, start + m.end, m.style) for m in marks)
            pieces.append(plain)
            if i not in right:
                pieces.append(gap)
        text = "".join(pieces).rstrip() + "\n"
        chunks.append(text)
        at += len(text)

    def done() -> Text:
        nonlocal chunks, spans, at
        out = Text("".join(chunks)[:-1], no_wrap=True, overflow="ignore")  # print ends the last line
        out.spans = spans
        chunks, spans, at = [], [], 0
        return out

    line(head)
    if rule:
        text = "─" * (sum(widths) + 2 * (len(widths) - 1)) + "\n"
        chunks.append(text)
        at += len(text)
    for row in body:
        line(row)
        if size is not None and len(chunks) >= size:
            yield done()
    if chunks:
        yield done()


def plain_wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """`text` wrapped at `width` columns as plain lines, each line of it on its own: the first
    line after `first`, the others after `rest` (default: as many spaces as `first` is wide).
    What rich's indented, wrapped text looks like, without laying it out with rich."""
    import textwrap

    after = " " * len(first) if rest is None else rest
    out: list[str] = []
    for paragraph in text.split("\n"):
        lead = first if not out else after
        if len(lead) + len(paragraph) <= width and paragraph.isprintable() and paragraph == paragraph.strip():
            out.append(lead + paragraph)  # fits: what textwrap would give, without it
            continue
        out += textwrap.wrap(paragraph, width, initial_indent=first if not out else after,
                             subsequent_indent=after, break_on_hyphens=False) or [first if not out else after]
    return [line.rstrip() for line in out]
