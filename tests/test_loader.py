from __future__ import annotations

from pathlib import Path

import pytest

from saveplan import loader
from saveplan.loader import LoadError, decode, parse, read_document, yaml_scalar

from .builders import REFERENCE_PLAN as REFERENCE


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every loader test runs with the C parser and the pure-Python one."""
    if request.param == "c" and loader._CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    monkeypatch.setattr(loader, "PURE", request.param == "pure")
    return str(request.param)


def test_locate_keys_items_and_fallbacks(parser: str) -> None:
    doc = read_document(REFERENCE)
    text = REFERENCE.read_text().splitlines()
    line, col = doc.locate(("actions", 2, "due"))
    assert text[line - 1].strip() == "due: day 14" and col == 5
    line, _ = doc.locate(("actions", 1))
    assert text[line - 1].strip() == "- do: Admin completes three reports independently"
    # a missing key resolves to its deepest existing ancestor
    assert doc.locate(("actions", 1, "done")) == doc.locate(("actions", 1))
    assert doc.locate(("leading_indicator", "readings", 0)) == doc.locate(("leading_indicator",))
    # the empty path is the first key, after the header comment
    assert doc.locate(()) == (text.index("version: 1") + 1, 1)


def test_yaml_12_words_stay_strings(parser: str) -> None:
    doc = parse("on: yes\nno: off\nwhen: 2027-02-15\n")
    assert doc.data == {"on": "yes", "no": "off", "when": __import__("datetime").date(2027, 2, 15)}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("# only a comment\n", 1, "empty"),
        ("- a\n- b\n", 1, "list"),
        ("just text\n", 1, "single value"),
        ("a: 1\nb: [1\n", 2, "flow sequence"),  # the end of the text, clamped to its last line
        ("a: 1\na: 2\n", 2, "duplicate key"),
        ("a: !!python/object/apply:os.system ['echo hacked']\n", 1, "tags are not allowed"),
        ("a: !custom x\n", 1, "tags are not allowed"),
        ("a: 1\n---\nb: 2\n", 2, "single document"),
        ("a: &x [*x]\n", 1, "refers to itself"),
    ],
)
def test_unreadable_documents(parser: str, text: str, line: int, words: str) -> None:
    with pytest.raises(LoadError) as info:
        parse(text)
    assert words in info.value.message
    assert info.value.line == line


def test_alias_bomb_is_refused_not_expanded(parser: str) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        ref = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([ref] * 10)}]")
    with pytest.raises(LoadError, match="more than 20000 values"):
        parse("\n".join(lines) + "\n")


def test_deep_nesting_is_an_error_not_a_crash(parser: str) -> None:
    with pytest.raises(LoadError, match="deep"):
        parse("a: " + "[" * 3000 + "]" * 3000 + "\n")


def test_decode_reports_the_line_of_the_bad_byte() -> None:
    with pytest.raises(LoadError) as info:
        decode(b"a: 1\nb: caf\xe9\n")
    assert info.value.line == 2 and "not UTF-8" in info.value.message
    assert decode("\ufeffa: 1\n".encode()) == "a: 1\n"  # a BOM is fine


def test_read_document_refuses_huge_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (loader.MAX_BYTES + 1) + b"\n")
    with pytest.raises(LoadError, match="at most 4 MB"):
        read_document(big)
    with pytest.raises(LoadError, match="cannot read"):
        read_document(tmp_path / "missing.yaml")


def test_c_and_pure_parsers_agree_on_the_reference_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    if loader._CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    text = REFERENCE.read_text()
    fast = parse(text)
    monkeypatch.setattr(loader, "PURE", True)
    slow = parse(text)
    assert fast.data == slow.data
    for loc in [(), ("account", "arr"), ("actions", 2, "due"), ("commercial_path", 1)]:
        assert fast.locate(loc) == slow.locate(loc)


@pytest.mark.parametrize(
    ("value", "written"),
    [("Lee Park", "Lee Park"), ("on", '"on"'), ("a: b", '"a: b"'), ("x # y", '"x # y"'),
     ("2027-01-01", '"2027-01-01"'), ("12", '"12"'), ("", '""'), (3, "3"), (2.5, "2.5"),
     (3.0, "3"), (None, "null"), ("multi\nline", '"multi\\nline"')],
)
def test_yaml_scalar_reads_back_as_the_value(value: object, written: str) -> None:
    assert yaml_scalar(value) == written
    assert parse(f"k: {written}\n").data["k"] == value


ODD_FORMS = [
    "a: 0x10\nb: 012\nc: 1_000\nd: .inf\ne: -.5\nf: 1e3\ng: 2027-02-30\nh: 2027-02-15 10:00\n",
    "i: !!str 12\nk: ~\nl: True\nm: [1, {x: y}]\nn: -0\no: +5\np: 0.\n",
    "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n",
    "1: x\n2.5: y\nnull: z\ntrue: w\n",
    "a: 1\na: 2\n",
    "? [a]\n: 1\n",
]


@pytest.mark.parametrize("text", [*ODD_FORMS, *(p.read_text(encoding="utf-8", errors="replace")
                                                for p in sorted(REFERENCE.parent.glob("*.yaml")))])
def test_fast_build_gives_ruamels_data(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast builder and ruamel's safe constructor read every form alike, errors included."""
    def read() -> object:
        try:
            return parse(text).data
        except LoadError as exc:
            return ("error", exc.message, exc.line)

    fast = read()
    monkeypatch.setattr(loader, "FAST_BUILD", False)
    assert read() == fast


def test_an_impossible_date_is_text_for_the_schema_to_flag() -> None:
    assert parse("due: 2027-02-30\n").data == {"due": "2027-02-30"}
