from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from saveplan.errors import EditRefused
from saveplan.fileio import atomic_write


def test_replaces_and_keeps_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_refuses_an_existing_file_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("keep me\n")
    with pytest.raises(EditRefused, match="exists; nothing was written"):
        atomic_write(target, "new\n", overwrite=False)
    assert target.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


def test_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    target.chmod(0o600)
    atomic_write(target, "new\n")
    assert target.stat().st_mode & 0o777 == 0o600


def test_does_not_create_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "no" / "such" / "folder.ics", "x\n")
    assert not (tmp_path / "no").exists()


def test_writes_pieces_as_they_come_and_keeps_the_old_file_when_they_fail(tmp_path: Path) -> None:
    target = tmp_path / "board.html"
    target.write_text("old\n")
    atomic_write(target, iter(["<p>", "é", "</p>\n"]))
    assert target.read_bytes() == "<p>é</p>\n".encode()

    def broken() -> Iterator[str]:
        yield "half a page"
        raise RuntimeError("the template failed")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken())
    assert target.read_bytes() == "<p>é</p>\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["board.html"]  # no temporary file left
