"""Helpers for the board's tests: a git history of a workspace, and the board's rows."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path


def git(root: Path, *args: str, day: str | None = None) -> str:
    """Run git in `root` as a fixed author; `day` (YYYY-MM-DD) dates the commit."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00"
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(root: Path, message: str, day: str) -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, day=day)
    return git(root, "rev-parse", "HEAD")


AGENDA_ROW = re.compile(r'<tr class="plan row-\w+" data-path="([^"]+)" data-light="(\w+)">')
MOVER_ROW = re.compile(r'<tr class="mover[^"]*" data-path="([^"]+)" data-kind="(\w+)">(.*?)</tr>', re.S)
CHANGE = re.compile(r'<div class="change" data-field="\w+">([^<]*)</div>')


def agenda(html: str) -> list[tuple[str, str]]:
    """(path, light) of each agenda row, in order."""
    return AGENDA_ROW.findall(html)


def movers(html: str) -> list[tuple[str, str, list[str]]]:
    """(path, kind, [the words of each change]) of each mover row, in order."""
    return [(path, kind, CHANGE.findall(body)) for path, kind, body in MOVER_ROW.findall(html)]
