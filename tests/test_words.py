"""saveplan.words: the shared words, exactly."""

import pytest

from saveplan import words


@pytest.mark.parametrize(("n", "word", "many", "said"), [
    (0, "plan", None, "0 plans"), (1, "plan", None, "1 plan"), (2, "plan", None, "2 plans"),
    (1.5, "day", None, "1.5 days"), (1.0, "day", None, "1 day"), (3, "entry", "entries", "3 entries"),
])
def test_count(n: float, word: str, many: str | None, said: str) -> None:
    assert words.count(n, word, many) == said


def test_days_money_number_bound_series() -> None:
    assert (words.days(1), words.days(12)) == ("1 day", "12 days")
    assert (words.money(84000), words.money(1234.6)) == ("84,000", "1,235")
    assert words.dollars(1_200_000) == "$1,200,000"
    assert (words.number(84000.0), words.number(33600.5)) == (84000, 33600.5)
    assert type(words.number(84000.0)) is int
    assert (words.number(33600.456, places=2), words.number(2.5, places=0), words.number(7.0, places=2)) == (
        33600.46, 2.0, 7)
    assert type(words.number(7.0, places=2)) is int
    assert (words.bound("at_least"), words.bound("at_most", 3.0), words.bound("at_least", 0.5)) == (
        "at least", "at most 3", "at least 0.5")
    lists: list[list[str]] = [[], ["a"], ["a", "b"], ["a", "b", "c"]]
    assert [words.series(x) for x in lists] == ["", "a", "a and b", "a, b and c"]
    assert words.series(["x", "y"], "or") == "x or y"
