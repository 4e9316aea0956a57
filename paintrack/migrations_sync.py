"""The schema of `paintrack sync` that migrations build (issue 23): which tables sync, and the
triggers that record each change of their rows as field registers with this device's clock.
Kept apart from `migrations.py` so a later migration that adds a column to a synced table can
call `sync_triggers` again for it."""

from __future__ import annotations

from typing import Any

Database = Any  # sqlite_utils.Database, or anything with execute()

#: The synced tables, parents before children, and each one's references to a parent row.
SYNCED: dict[str, dict[str, str]] = {
    "courses": {},
    "medications": {},
    "activities": {},
    "daily_logs": {},
    "pegs": {},
    "sessions": {"course_id": "courses"},
    "decisions": {"course_id": "courses"},
    "ingredients": {"medication_id": "medications"},
    "doses": {"daily_log_id": "daily_logs", "medication_id": "medications"},
    "activity_ratings": {"daily_log_id": "daily_logs", "activity_id": "activities"},
    "red_flags": {"daily_log_id": "daily_logs"},
}
# A hybrid logical clock (Kulkarni et al. 2014) as 16 hex digits: 12 of wall-clock
# milliseconds, 4 of a counter, so text order is clock order. One tick per changed row.
NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_TICK = (
    f"UPDATE sync_clock SET ms = CASE WHEN {NOW_MS} > ms THEN {NOW_MS} "
    "WHEN n >= 65535 THEN ms + 1 ELSE ms END, "
    f"n = CASE WHEN {NOW_MS} > ms OR n >= 65535 THEN 0 ELSE n + 1 END;"
)
_HLC = "printf('%012x%04x', k.ms, k.n)"
_WHEN = "WHEN (SELECT merging FROM sync_clock) = 0"


def synced_columns(db: Database, table: str) -> list[str]:
    rows = db.execute(f"PRAGMA table_info({table})").fetchall()
    return [r[1] for r in rows if r[1] not in ("id", "uuid")]


def field_value(table: str, column: str, row: str) -> str:
    """The SQL of a column's value as the change records hold it: a parent by its uuid."""
    parent = SYNCED[table].get(column)
    if parent is None:  # unary + drops the column's affinity: an int stays an int in the union
        return f"+{row}.{column}"
    return f"+(SELECT uuid FROM {parent} WHERE id = {row}.{column})"


def sync_triggers(db: Database, table: str) -> None:
    """(Re)create the triggers that record each change of `table` with the device's clock.

    A later migration that adds a column to a synced table calls this again for it."""
    for kind in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS {table}_sync_{kind}")
    cols = synced_columns(db, table)
    own = f"(SELECT uuid FROM {table} WHERE id = NEW.id)"
    put = "INSERT OR REPLACE INTO sync_fields (tbl, uuid, field, value, hlc, device) "
    pick = f"SELECT '{table}', {own}, f.field, f.value, {_HLC}, k.device FROM sync_clock k, "
    inserted = " UNION ALL ".join(
        f"SELECT '{c}' AS field, {field_value(table, c, 'NEW')} AS value" for c in cols
    )
    db.execute(
        f"CREATE TRIGGER {table}_sync_insert AFTER INSERT ON {table} {_WHEN} BEGIN "
        f"UPDATE {table} SET uuid = lower(hex(randomblob(16))) "
        "WHERE id = NEW.id AND NEW.uuid IS NULL; "
        f"{_TICK} {put}{pick}({inserted}) f; END"
    )
    changed = " UNION ALL ".join(
        f"SELECT '{c}' AS field, {field_value(table, c, 'NEW')} AS value, "
        f"OLD.{c} IS NOT NEW.{c} AS changed"
        for c in cols
    )
    db.execute(
        f"CREATE TRIGGER {table}_sync_update AFTER UPDATE OF {', '.join(cols)} ON {table} "
        f"{_WHEN} BEGIN {_TICK} {put}{pick}({changed}) f WHERE f.changed; END"
    )
    db.execute(
        f"CREATE TRIGGER {table}_sync_delete AFTER DELETE ON {table} {_WHEN} BEGIN {_TICK} "
        f"{put}SELECT '{table}', OLD.uuid, '~deleted', 1, {_HLC}, k.device "
        "FROM sync_clock k; END"
    )


def add_sync(db: Database, device: str, diary: str) -> None:
    """What migration m010 does (once shipped, never change it; a later migration adds its own)."""
    # Issue 23: `paintrack sync` merges the diaries of the patient's devices as a state-based
    # CRDT. Every row gets a random uuid; every field a last-writer-wins register in
    # `sync_fields` (its value, the hybrid logical clock and the device that wrote it), kept by
    # triggers so the daily commands are unchanged; a deleted row keeps a `~deleted` register
    # (its tombstone). Existing rows get their registers now, at this device's clock.
    # Ingredient positions may collide when two devices edit one medication, so that index
    # becomes an ordinary one (the order is position, then uuid).
    db.execute(
        "CREATE TABLE sync_clock (device TEXT NOT NULL, ms INTEGER NOT NULL, "
        "n INTEGER NOT NULL, merging INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute("INSERT INTO sync_clock (device, ms, n) VALUES (?, 0, 0)", [device])
    db.execute(f"UPDATE sync_clock SET ms = {NOW_MS}")
    db.execute(
        "CREATE TABLE sync_fields (tbl TEXT NOT NULL, uuid TEXT NOT NULL, field TEXT NOT NULL, "
        "value, hlc TEXT NOT NULL, device TEXT NOT NULL, PRIMARY KEY (tbl, uuid, field)) "
        "WITHOUT ROWID"
    )
    db.execute("CREATE INDEX sync_fields_written ON sync_fields(device, hlc)")
    db.execute(
        "CREATE TABLE sync_files (device TEXT NOT NULL, name TEXT NOT NULL, "
        "records INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (device, name))"
    )
    db.execute(
        "CREATE TABLE sync_peers (device TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "last_write TEXT, brought TEXT)"
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('diary_id', ?)", [diary])
    db.execute("DROP INDEX IF EXISTS ingredients_position")
    db.execute("CREATE INDEX ingredients_position ON ingredients(medication_id, position)")
    hlc = "(SELECT printf('%012x%04x', ms, n) FROM sync_clock)"
    for table in SYNCED:
        db.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        db.execute(f"UPDATE {table} SET uuid = lower(hex(randomblob(16)))")
        db.execute(f"CREATE UNIQUE INDEX {table}_uuid ON {table}(uuid)")
    for table in SYNCED:
        for c in synced_columns(db, table):
            db.execute(
                "INSERT INTO sync_fields (tbl, uuid, field, value, hlc, device) "
                f"SELECT '{table}', t.uuid, '{c}', {field_value(table, c, 't')}, {hlc}, ? "
                f"FROM {table} t",
                [device],
            )
        sync_triggers(db, table)
