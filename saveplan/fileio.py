"""Writing files safely: atomic replace (a crash leaves the old file or the new one,
never half), and never overwriting what exists unless asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from saveplan.errors import EditRefused


def atomic_write(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write `text` to `path` through a temporary file in the same folder, fsync'd, then
    renamed over the target. With overwrite=False an existing file is refused (EditRefused)
    and the check and the rename are one step (os.link), so two writers cannot both win."""
    if path.is_symlink():  # edit the file the link points to; the link stays a link
        path = path.resolve()
    # the folder must exist: callers create the folders they own (plans/, a new workspace),
    # and a typo in an output path is an error, not a new directory tree
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise EditRefused(f"{path} exists; nothing was written",
                                  hint="use --force to replace it") from None
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
