"""The playbook library: the built-in playbooks (the package `saveplan.playbooks`, read
with importlib.resources) with the workspace's `playbooks/*.yaml` over them. A workspace
playbook with the id of a built-in one replaces it, any other adds to them; a broken one
is reported with its findings (saveplan.rules.playbook)."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from saveplan.documents import Broken, load, load_text, place
from saveplan.errors import UnknownPlaybook, WorkspaceError
from saveplan.findings import Finding
from saveplan.loader import Document
from saveplan.models.playbook import Playbook
from saveplan.rules.playbook import check_playbook_document
from saveplan.validation import validate
from saveplan.workspace import YAML_SUFFIXES, Workspace, display_path

# -- the library ---------------------------------------------------------------------------

Source = Literal["built-in", "workspace"]
BUILTIN_PACKAGE = "saveplan.playbooks"


@dataclass(frozen=True)
class LoadedPlaybook:
    playbook: Playbook
    source: Source
    location: str  # where it was read: a path, or saveplan.playbooks/<file> for a built-in one
    text: str
    overrides: bool = False  # a workspace playbook with the id of a built-in one

    @property
    def id(self) -> str:
        return self.playbook.id


@dataclass(frozen=True)
class BrokenPlaybook:
    """A workspace playbook file that cannot be used: the findings say why (with lines)."""

    location: str
    stem: str
    findings: list[Finding]

    def summary(self) -> str:
        errors = [f for f in self.findings if f.is_error] or self.findings
        first = errors[0]
        more = len(errors) - 1
        return (first.one_line()
                + (f" (and {more} more)" if more else ""))


@dataclass
class Library:
    playbooks: dict[str, LoadedPlaybook] = field(default_factory=dict)
    broken: list[BrokenPlaybook] = field(default_factory=list)

    def ids(self) -> list[str]:
        return list(self.playbooks)

    def get(self, playbook_id: str) -> LoadedPlaybook:
        """The playbook with this id, or UnknownPlaybook saying which ids exist."""
        wanted = playbook_id.strip()
        bad = next((b for b in self.broken if b.stem == wanted), None)
        if bad is not None:
            raise WorkspaceError(f"the playbook {bad.location} has problems: {bad.summary()}",
                                 hint=f"run `saveplan check {bad.location}` and fix it first")
        found = self.playbooks.get(wanted) or self.playbooks.get(wanted.lower())
        if found is not None:
            return found
        close = difflib.get_close_matches(wanted.lower(), self.ids(), n=1, cutoff=0.5)
        raise UnknownPlaybook(f"no playbook '{playbook_id}'",
                         hint=(f"did you mean {close[0]}? " if close else "")
                         + f"known playbooks: {', '.join(self.ids())} (see `saveplan playbooks`)")


def builtin_files() -> list[tuple[str, str]]:
    """(file name, text) of each built-in playbook, sorted by name. The package is
    `saveplan.playbooks` in an installed wheel; in an editable install of a source
    checkout it cannot be imported (setuptools maps it from the top-level `playbooks/`
    folder, which the editable finder does not serve), so the folder is read directly."""
    from importlib.resources import files

    try:
        root = files(BUILTIN_PACKAGE)
        entries = [(p.name, p.read_text(encoding="utf-8")) for p in root.iterdir()
                   if p.name.endswith(YAML_SUFFIXES) and p.is_file()]
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / "playbooks"
        if not folder.is_dir():
            raise RuntimeError("the built-in playbooks are missing from this installation of "
                               "saveplan; reinstall it") from None
        entries = [(p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir()
                   if p.suffix in YAML_SUFFIXES and p.is_file()]
    return sorted(entries)


@functools.cache
def builtin_playbooks() -> dict[str, LoadedPlaybook]:
    """The built-in library, by id. A built-in playbook that does not pass its own check
    is a bug of saveplan (the tests check every one)."""
    found: dict[str, LoadedPlaybook] = {}
    for name, text in builtin_files():
        location = f"{BUILTIN_PACKAGE}/{name}"
        loaded = load_text(text, Playbook, location, as_checked_playbook)
        if isinstance(loaded, Broken):
            first = ([f for f in loaded.findings if f.is_error] or loaded.findings)[0]
            raise RuntimeError(f"built-in playbook {location} is invalid: {first.one_line()}")
        found[loaded.model.id] = LoadedPlaybook(loaded.model, "built-in", location, text)
    return found


def as_checked_playbook(model: type[Playbook], doc: Document) -> tuple[Playbook | None, list[Finding]]:
    """The one document loader's judge for playbooks (the library's, and check's for files in
    playbooks/): the playbook check's findings (schema and playbook rules), and the
    playbook where none of them is an error."""
    findings = check_playbook_document(doc)
    if any(f.is_error for f in findings):
        return None, findings
    pb, _ = validate(model, doc.data)
    return pb, findings


def _workspace_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def load_library(ws: Workspace | None) -> Library:
    """The built-in playbooks, then the workspace's over them (same id: the workspace wins)."""
    builtin = builtin_playbooks()
    library = Library(playbooks=dict(builtin))
    seen: dict[str, str] = {}
    for path in _workspace_files(ws.playbooks_dir) if ws is not None else []:
        shown = display_path(path)
        loaded = load(path, Playbook, shown, as_checked_playbook)
        if isinstance(loaded, Broken):
            library.broken.append(BrokenPlaybook(shown, path.stem, loaded.findings))
            continue
        pb = loaded.model
        if pb.id in seen:
            library.broken.append(BrokenPlaybook(shown, path.stem, place([Finding(
                "SP102", f"the id {pb.id} is also the id of {seen[pb.id]}: give each playbook its own id",
                ("id",))], shown, loaded.doc)))
            continue
        seen[pb.id] = shown
        text = path.read_text(encoding="utf-8-sig")
        library.playbooks[pb.id] = LoadedPlaybook(pb, "workspace", shown, text, overrides=pb.id in builtin)
    library.playbooks = dict(sorted(library.playbooks.items()))
    return library


def suggest(library: Library, signals: list[str]) -> list[tuple[str, int]]:
    """Playbooks ranked by how well their trigger signals match the signals seen: a signal
    scores more the earlier the playbook lists it (its first trigger is its main one).
    Best first; playbooks that match nothing are left out."""
    ranked = []
    for pid, loaded in library.playbooks.items():
        trigger: list[str] = list(loaded.playbook.trigger.signals)
        score = sum(len(trigger) - trigger.index(s) for s in dict.fromkeys(signals) if s in trigger)
        if score:
            ranked.append((pid, score))
    return sorted(ranked, key=lambda item: (-item[1], item[0]))


