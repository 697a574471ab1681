"""Writing files safely: atomic replace (a crash leaves the old file or the new one,
never half), never overwriting what exists unless asked, never through a link that
leads out of the workspace, never over a read-only file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from saveplan.errors import EditRefused

TMP_SUFFIX = ".tmp"  # temporary files are `.<name>.<random>.tmp` beside the target
STALE_AFTER = 3600.0  # seconds: a temporary file this old was left by a killed run


def real_target(path: Path, inside: Path | None = None) -> Path:
    """The file a write to `path` would change: the target of a link, with every folder
    resolved. With `inside` (a workspace root), a target outside it is refused: a link
    committed to a shared plans repository must never make saveplan write elsewhere
    (docs/hardening.md)."""
    real = path.resolve() if path.is_symlink() else path.parent.resolve() / path.name
    if inside is not None:
        root = inside.resolve()
        if real != root and root not in real.parents:
            link = " (a symbolic link)" if path.is_symlink() else ""
            raise EditRefused(f"{path}{link} leads to {real}, outside the workspace {root}; "
                              "saveplan never writes outside the workspace, nothing was written",
                              hint="replace the link with the plan file itself")
    return real


def refuse_read_only(path: Path, shown: str | None = None) -> None:
    """A plan this process may not write (mode 0444 for its owner, someone else's file) is
    refused with a clear message before anything is read or locked. Permission is what the
    operating system grants (os.access): root may write a 0444 file, as `sed -i` and editors
    do, and the contract's own cases run as root on read-only copies; the file keeps its
    mode either way (docs/hardening.md)."""
    if path.exists() and not os.access(path, os.W_OK):
        mode = path.stat().st_mode & 0o777
        raise EditRefused(f"{shown or path} is read-only for you (mode {mode:04o}); nothing was written",
                          hint=f"make it writable first: chmod u+w {shown or path}")


def atomic_write(path: Path, text: str | bytes | Iterable[str | bytes], *, overwrite: bool = True,
                 inside: Path | None = None) -> None:
    """Write `text` (or its pieces, as they come: a page is never held whole) to `path`
    through a temporary file in the same folder, fsync'd, then
    renamed over the target. With overwrite=False an existing file is refused (EditRefused)
    and the check and the rename are one step (os.link), so two writers cannot both win.

    A link is written through to the file it points to (the link stays a link), but with
    `inside` never to a file outside that folder. A read-only file is refused. The file
    keeps its mode and, where the process may set it, its owner."""
    path = real_target(path, inside)
    # the folder must exist: callers create the folders they own (plans/, a new workspace),
    # and a typo in an output path is an error, not a new directory tree
    if overwrite:
        refuse_read_only(path)
    try:
        st: os.stat_result | None = path.stat()
    except FileNotFoundError:
        st = None
    mode = st.st_mode & 0o777 if st else 0o644
    remove_stale_temps(path.parent, path.name)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(text, str | bytes):
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            else:
                for piece in text:
                    handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if st is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, st.st_uid, st.st_gid)
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


def remove_stale_temps(folder: Path, name: str) -> None:
    """Remove temporary files of `name` left by a run that was killed mid-write (older
    than STALE_AFTER: a live writer's file is seconds old)."""
    import time

    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(f".{name}.") and entry.name.endswith(TMP_SUFFIX):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                    os.unlink(entry.path)


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
