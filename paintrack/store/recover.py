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


CHUNK = 256  # rows read at a time; a chunk that meets damage is read again row by row


class _Reader:
    """One table of the damaged diary, read in rowid order, copied into `dest`."""

    def __init__(self, src: sqlite3.Connection, dest: sqlite3.Connection, table: str) -> None:
        cols, _ = _columns(src, table)
        names = "".join(f', "{c}"' for c in cols)
        base = f'SELECT rowid{names} FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT '
        self.chunk, self.one = base + str(CHUNK), base + "1"
        marks = ", ".join("?" * (len(cols) + 1))
        self.insert = f'INSERT INTO "{table}" (rowid{names}) VALUES ({marks})'
        self.src, self.dest, self.saved = src, dest, 0
        self.lost: list[tuple[int, int | None]] = []

    def copy(self) -> None:
        start: int | None = -ROWID_MAX - 1
        while start is not None:
            try:
                rows = self.src.execute(self.chunk, (start,)).fetchall()
            except sqlite3.DatabaseError:
                start = self._row_by_row(start)
                continue
            for row in rows:
                self._keep(row)
            start = rows[-1][0] + 1 if len(rows) == CHUNK else None

    def _keep(self, row: tuple[object, ...]) -> None:
        self.dest.execute(self.insert, tuple(row))
        self.saved += 1

    def _seek(self, rowid: int) -> tuple[bool, tuple[object, ...] | None]:
        """(readable, the first row at or after `rowid`): a seek reads only the pages on its way."""
        try:
            return True, self.src.execute(self.one, (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            return False, None

    def _row_by_row(self, start: int) -> int | None:
        """Copy rows one seek at a time up to the damage, step over it; where to go on from."""
        x = start
        while True:
            ok, row = self._seek(x)
            if not ok:
                break
            if row is None:
                return None
            self._keep(row)
            x = int(row[0]) + 1  # type: ignore[call-overload]
        past = self._past_damage(x)
        row = self._seek(past)[1] if past is not None else None
        self.lost.append((max(x, 1), None if row is None else int(row[0]) - 1))  # type: ignore[call-overload]
        return None if row is None else int(row[0])  # type: ignore[call-overload]

    def _past_damage(self, bad: int) -> int | None:
        """The smallest rowid after `bad` that seeks without error: 1, 2, 4, … ahead (a damaged
        page holds a run of rowids), then halving back to the edge of the damage."""
        step = 1
        while bad + step <= ROWID_MAX and not self._seek(bad + step)[0]:
            step *= 2
        if bad + step > ROWID_MAX:
            return None
        lo, hi = bad + step // 2, bad + step  # lo fails (or is `bad`), hi reads
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if self._seek(mid)[0] else (mid, hi)
        return hi


def _copy_table(
    src: sqlite3.Connection, dest: sqlite3.Connection, table: str, found: Salvage
) -> None:
    reader = _Reader(src, dest, table)
    reader.copy()
    found.saved[table] = reader.saved
    if reader.lost:
        found.lost[table] = reader.lost


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
