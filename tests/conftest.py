"""Every test gets its own real SQLite file in a temporary folder, through PAINTRACK_DB."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from paintrack.cli import app

# Typer builds the whole Click command tree from the functions' signatures on every invoke
# (about 23 of a log's 30 ms in-process); the tree is the same each time, so the suite builds it
# once per app. The real CLI (one command a process) is untouched.
_built: dict[int, tuple[object, typer.main.TyperGroup | typer.main.TyperCommand]] = {}


def _command_once(typer_app: typer.Typer):  # type: ignore[no-untyped-def]
    if id(typer_app) not in _built:
        _built[id(typer_app)] = (typer_app, typer.main.get_command(typer_app))
    return _built[id(typer_app)][1]


typer.testing._get_command = _command_once  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "paintrack.db"
    monkeypatch.setenv("PAINTRACK_DB", str(path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return path


class Run:
    """Invoke the real CLI; fail loudly (with stderr) on an unexpected exit code."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, input: str | None = None):  # type: ignore[no-untyped-def]
        """`code=None`: any exit code (the caller checks it)."""
        result = self.runner.invoke(app, list(args), input=input, prog_name="paintrack")
        assert code is None or result.exit_code == code, (
            f"exit {result.exit_code} != {code} for {args}\nstdout: {result.stdout}\n"
            f"stderr: {result.stderr}\nexception: {result.exception!r}"
        )
        return result


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def course(run: Run) -> Run:
    """An active course of 3 sessions, with ibuprofen, tramadol and walking listed."""
    run(
        "course",
        "start",
        "back",
        "--sessions",
        "3",
        "--start",
        "30 days ago",
        "--condition",
        "low back pain",
    )
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    run("med", "add", "tramadol", "--kind", "opioid", "--strength", "50", "--unit", "mg")
    run("activity", "add", "walking")
    return run


def dump(path: Path, *, registers: bool = False) -> list[str]:
    """Everything in the database, as SQL text: equal dumps mean nothing changed. The sync
    registers and clock are left out unless asked for: an `undo` puts the rows back exactly,
    and is itself a change other devices must hear of, so those move on (docs/devices.md)."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        lines = list(conn.iterdump())
    finally:
        conn.close()
    if registers:
        return lines
    bookkeeping = ('INSERT INTO "sync_fields"', 'INSERT INTO "sync_clock"')
    return [x for x in lines if not x.startswith(bookkeeping)]


@pytest.fixture
def snapshot_db(db_path: Path) -> Callable[[], list[str]]:
    return lambda: dump(db_path)
