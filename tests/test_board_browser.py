"""The board in a real browser: headless Chromium builds the page's DOM and paints it.

Asserts on the DOM the browser built (the agenda in triage order, the movers, the chart's
SVG shapes, a hostile account name shown as text and never run) and that the screenshot
is not blank (PNG decoded here with zlib: no imaging library needed).

Chromium is Debian's `chromium` package (`.ci/install-chromium` installs it). Without it
the test skips on a developer's machine, and fails in CI (CI set): it must not skip there.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from saveplan.cli import main
from saveplan.commands.triage import triage

from .boardtools import commit_all
from .builders import copy_example

TODAY = "2026-11-25"
HOSTILE = "<script>alert(1)</script>"
BROWSERS = ("chromium", "chromium-browser")


def chromium() -> str:
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test: "
                        "run .ci/install-chromium")
        pytest.skip("chromium is not installed (apt-get install chromium, or .ci/install-chromium)")
    return found


def browse(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                           f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90, check=True,
                          stdin=subprocess.DEVNULL)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parents: list[str]
    text: list[str] = field(default_factory=list)

    def has(self, cls: str) -> bool:
        return cls in self.attrs.get("class", "").split()


class DOM(HTMLParser):
    """Every element of the dumped DOM with its attributes, its ancestors' tags and its text."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"})

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, [e.tag for e in self.stack])
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, [e.tag for e in self.stack]))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or e.has(cls))]


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytearray]]:
    """(width, height, bytes per pixel, rows) of an 8-bit RGB or RGBA PNG, not interlaced."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], b""
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        pos += size + 12
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


@dataclass
class Page:
    dom: DOM
    dumped: str
    png: bytes
    triaged: list[str]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """The example workspace with a week of git history and a hostile account, its board
    rendered, then dumped and photographed by Chromium."""
    browser = chromium()
    if shutil.which("git") is None:
        pytest.fail("git is needed for the movers")
    ws = copy_example(tmp_path_factory.mktemp("browser") / "ws")
    commit_all(ws, "last week", "2026-11-18")
    northwind = (ws / "plans" / "northwind-analytics.yaml").read_text(encoding="utf-8")
    (ws / "plans" / "hostile.yaml").write_text(
        northwind.replace("name: Northwind Analytics", f"name: '{HOSTILE}'"), encoding="utf-8")
    old = Path.cwd()
    os.chdir(ws)
    try:
        assert main(["record", "northwind-analytics", "1", "--on", "2026-11-24", "--today", TODAY]) == 0
        commit_all(ws, "this week", "2026-11-24")
        assert main(["board", "--since", "HEAD~1", "-o", "board.html", "--today", TODAY]) == 0
        buffer = io.StringIO()
        triage(fmt="json", today=TODAY, out=buffer)
        triaged = [row["path"] for row in json.loads(buffer.getvalue())]
    finally:
        os.chdir(old)
    url = (ws / "board.html").as_uri()
    profile = ws.parent / "profile"
    dumped = browse(browser, profile, "--dump-dom", url).stdout
    shot = ws.parent / "board.png"
    browse(browser, profile, "--window-size=1200,900", f"--screenshot={shot}", url)
    yield Page(DOM(dumped), dumped, shot.read_bytes(), triaged)


def test_the_browser_builds_the_agenda_in_triage_order(page: Page) -> None:
    rows = page.dom.find("tr", "plan")
    assert [r.attrs["data-path"] for r in rows] == page.triaged
    assert len(page.triaged) == 5 and "plans/hostile.yaml" in page.triaged
    lights = {r.attrs["data-path"]: r.attrs["data-light"] for r in rows}
    assert lights["plans/proseware.yaml"] == "green"
    # the light is a word as well as a colour, in every badge
    for badge in page.dom.find("span", "light"):
        assert "".join(badge.text).strip() == badge.attrs["data-light"]


def test_the_browser_shows_the_movers(page: Page) -> None:
    movers = {r.attrs["data-path"]: (r.attrs["data-kind"], " ".join("".join(r.text).split()))
              for r in page.dom.find("tr", "mover")}
    assert movers["plans/northwind-analytics.yaml"] == (
        "changed", "Northwind Analyticsplans/northwind-analytics.yaml indicator pending → behind yellow")
    assert movers["plans/hostile.yaml"][0] == "added"
    assert "plans/woodgrove-bank.yaml" not in movers  # closed and untouched


def test_the_chart_is_svg_the_browser_parsed(page: Page) -> None:
    marks = page.dom.find("g", "plan-mark")
    assert sorted(m.attrs["data-path"] for m in marks) == sorted(page.triaged)
    assert all("svg" in m.parents for m in marks)
    shapes = [e for e in page.dom.elements if e.has("mark")]
    assert sorted(e.tag for e in shapes) == ["circle", "circle", "polygon", "polygon", "polygon"]
    assert len(page.dom.find("line", "today")) == 1
    assert len(page.dom.find("polyline", "line")) == 1  # Proseware's two readings


def test_a_hostile_account_name_is_text_never_a_script(page: Page) -> None:
    assert page.dom.find("script") == []
    names = ["".join(e.text) for e in page.dom.find("span", "acct")]
    assert HOSTILE in names
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.dumped


def test_the_screenshot_is_not_blank(page: Page) -> None:
    width, height, bpp, rows = png_pixels(page.png)
    assert (width, height) == (1200, 900)
    seen: set[tuple[int, ...]] = set()
    total = total_sq = count = 0
    for y in range(0, height, 3):
        line = rows[y]
        for x in range(0, width * bpp, bpp * 3):
            pixel = tuple(line[x:x + 3])
            seen.add(pixel)
            lum = (299 * pixel[0] + 587 * pixel[1] + 114 * pixel[2]) // 1000
            total += lum
            total_sq += lum * lum
            count += 1
    variance = total_sq / count - (total / count) ** 2
    assert variance > 500, variance  # dark header, white page, text: far from one colour
    assert len(seen) > 200

    def near(colour: tuple[int, int, int]) -> bool:
        return any(all(abs(a - b) <= 8 for a, b in zip(p, colour, strict=True)) for p in seen)

    # the lights were painted: the yellow and green of the badges and the chart
    assert near((0xE6, 0xB0, 0x00)) and near((0x00, 0x9E, 0x73))
