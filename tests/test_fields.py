"""One declaration per field (issue 9, point 1): the schema, the options and the docs agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paintrack import fields as F
from paintrack import store
from paintrack.migrations_sync import SYNCED
from tests.conftest import Run

# Bookkeeping tables, not a concept's: the undo journal, sqlite-utils' migrations, and `meta`
# (key/value facts about the database itself, such as its FHIR id namespace; migration m003).
JOURNAL = {"changes", "change_steps", "_sqlite_migrations", "meta"}
JOURNAL |= {"sync_fields", "sync_clock", "sync_files", "sync_peers"}  # sync (docs/schema.md)


def test_every_stored_column_is_declared_and_every_declared_column_is_stored(
    db_path: Path,
) -> None:
    store.open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    tables = {
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith("sqlite_")
    }
    declared = {c.table: set(c.columns) for c in F.CONCEPTS}
    assert tables - JOURNAL == set(declared)
    for table, columns in declared.items():
        stored = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert stored - {"uuid"} == columns, table  # uuid: sync's row id (docs/schema.md)
        assert ("uuid" in stored) == (table in SYNCED), table


def test_every_declared_field_has_a_label_help_and_a_known_kind() -> None:
    for concept in F.CONCEPTS:
        for f in concept:
            assert f.label and f.help and (f.doc or f.help), (concept.table, f.name)
            assert f.kind in F.KINDS or f.kind in F.BOOKKEEPING


@pytest.mark.parametrize(
    ("command", "concept"),
    [
        (["log"], F.DAILY_LOG),
        (["session"], F.SESSION),
        (["peg"], F.PEG),
        (["med", "add"], F.MEDICATION),
        (["edit"], F.DAILY_LOG),
        (["edit"], F.SESSION),
        (["edit"], F.PEG),
    ],
)
def test_every_option_of_a_concept_is_in_its_commands_help(
    run: Run, command: list[str], concept: F.Concept
) -> None:
    help_text = run(*command, "--help").stdout
    for f in concept.options:
        if f.option and not f.option.isupper():
            assert f.option in help_text, (command, f.option)


def test_every_edit_option_has_help(run: Run) -> None:
    lines = run("edit", "--help").stdout.splitlines()
    options = [line.strip() for line in lines if line.strip().startswith("--")]
    assert len(options) > 15
    for line in options:
        words = line.split()
        assert len(words) >= 3, f"no help for {line!r}"
