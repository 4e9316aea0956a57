"""Getting the rows out of a damaged diary (issue 20, point 6): `doctor --recover OUT`, and the
backup of a damaged diary.

Like SQLite's own `.recover`, but with the standard library only: the table list is read from
`sqlite_master`, then each table row by row in rowid order. Where a page cannot be read, the
read resumes past it (probing further and further ahead, as a damaged leaf holds a run of
rowids) and the rowids skipped are reported as lost. Indexes are rebuilt from the saved rows,
never copied, so a damaged index loses nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from paintrack.errors import BadDatabase

ROWID_MAX = 2**63 - 1


@dataclass
class Salvage:
    """What a recovery saved: rows per table, and the rowid ranges it could not read."""

    saved: dict[str, int] = field(default_factory=dict)
    lost: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # tables, indexes that could not be made
    orphans: int = 0  # saved rows that point at a row that was lost (a dose of a lost log)

    @property
    def rows(self) -> int:
        return sum(self.saved.values())

    @property
    def complete(self) -> bool:
        return not self.lost and not self.failed

    def lost_text(self) -> str:
        """`daily_logs rows 45-60; index x (…)`: what could not be read, or '' when nothing."""
        parts = []
        for table, spans in self.lost.items():
            shown = ", ".join(
                str(a) if a == b else f"{a}-{b}" if b is not None else f"{a} on" for a, b in spans
            )
            parts.append(f"{table} rows {shown}")
        return "; ".join(parts + self.failed)


def copy_readable(src: sqlite3.Connection, dest: sqlite3.Connection) -> Salvage:
    """Copy every readable row of `src` into the empty database `dest`, with the same schema,
    user_version and application_id. Raises BadDatabase when not even the table list reads."""
    try:
        schema = src.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        version = src.execute("PRAGMA user_version").fetchone()[0]
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise BadDatabase(
            f"its list of tables cannot be read ({e}); nothing can be saved"
        ) from None
    found = Salvage()
    dest.execute("PRAGMA foreign_keys = OFF")
    dest.execute("BEGIN")
    tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
    for name, sql in tables:
        if name.startswith("sqlite_"):
            continue
        dest.execute(sql)
        _copy_table(src, dest, name, found)
    for kind, name, sql in schema:
        if kind != "table" and not name.startswith("sqlite_"):
            try:
                dest.execute(sql)
            except sqlite3.Error as e:
                found.failed.append(f"{kind} {name} ({e})")
    dest.execute(f"PRAGMA user_version = {int(version)}")
    dest.execute(f"PRAGMA application_id = {int(app_id)}")
    dest.execute("COMMIT")
    return found


def _columns(src: sqlite3.Connection, table: str) -> tuple[list[str], bool]:
    """The table's columns, and whether its first is an alias of the rowid (INTEGER PRIMARY KEY)."""
    info = src.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [r for r in info if r[5]]
    alias = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"
    cols = [r[1] for r in info if not (alias and r[5])]
    return cols, alias


def _copy_table(
    src: sqlite3.Connection, dest: sqlite3.Connection, table: str, found: Salvage
) -> None:
    cols, _ = _columns(src, table)
    names = "".join(f', "{c}"' for c in cols)
    select = f'SELECT rowid{names} FROM "{table}" WHERE rowid >= ? ORDER BY rowid'
    marks = ", ".join("?" * (len(cols) + 1))
    insert = f'INSERT INTO "{table}" (rowid{names}) VALUES ({marks})'
    found.saved[table] = 0
    start = -ROWID_MAX - 1
    while True:
        lost_from = start
        try:
            for row in src.execute(select, (start,)):
                dest.execute(insert, tuple(row))
                found.saved[table] += 1
                lost_from = row[0] + 1
            return
        except sqlite3.DatabaseError:
            resume = _next_readable(src, table, lost_from)
            end = None if resume is None else resume - 1
            found.lost.setdefault(table, []).append((max(lost_from, 1), end))
            if resume is None:
                return
            start = resume


def _next_readable(src: sqlite3.Connection, table: str, lost: int) -> int | None:
    """The first readable rowid past `lost` (the first one that could not be read), looking
    1, 2, 4, … rows ahead (a damaged page holds a run of rowids); None when nothing reads."""
    step = 1
    while lost + step <= ROWID_MAX:
        try:
            row = src.execute(
                f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1',
                (lost + step,),
            ).fetchone()
        except sqlite3.DatabaseError:
            row = False
        if row is None:
            return None
        if row:
            near = _first_readable_between(src, table, lost, lost + step)
            return near if near is not None else int(row[0])
        step *= 2
    return None


def _first_readable_between(src: sqlite3.Connection, table: str, lo: int, hi: int) -> int | None:
    """A rowid in (lo, hi) that reads when sought alone: only looked for in a short span."""
    if hi - lo > 64:
        return None
    for rowid in range(lo + 1, hi):
        try:
            if src.execute(f'SELECT 1 FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone():
                return rowid
        except sqlite3.DatabaseError:
            continue
    return None


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (the store's tables and sqlite-utils'), for checking a copy."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
