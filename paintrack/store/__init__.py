"""The one place that reads and writes the database (the package `paintrack.store`).

- `db`: where the file lives, opening it (schema version, migrations, backups), and `writing()`:
  one transaction per command, journaled so `undo` can replay it backwards.
- `rows`: models ↔ rows, built from the field declarations (paintrack.fields).
- `diary`: courses, sessions, decisions, medications and activities as models.
- `logs`: daily logs and PEGs as models, and entries by their id.
- `data`: the whole diary in and out (export), and the doctor's checks.

SQL never leaves this package, and nothing here decides what may be written: the rules live in
`paintrack.usecases`, the only caller that writes. Callers use `from paintrack import store`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paintrack.store.backup import Backup, backup_to, recover_to
    from paintrack.store.compact import Compacted, compact, journal_size, older_copies
from paintrack.store.data import Check, diary, fhir_namespace, integrity, names
from paintrack.store.db import (
    APP_NAME,
    SCHEMA_VERSION,
    Db,
    data_dir,
    last_change,
    names_in,
    open_db,
    resolve_db_path,
    set_change_summary,
    undo,
    writing,
)
from paintrack.store.diary import (
    active_course,
    activities,
    course_by_id,
    course_named,
    courses,
    created_at,
    decision_dates,
    decisions,
    delete_activity,
    delete_medication,
    dose_spans,
    insert_activity,
    insert_course,
    insert_decision,
    insert_medication,
    insert_session,
    last_course_end,
    latest_decision,
    latest_impression,
    medications,
    replace_activity,
    replace_medication,
    row_exists,
    session_dates,
    sessions,
    sessions_in_year,
    update_course,
    uses,
)
from paintrack.store.draws import end_draw, every_draw, insert_draw, start_draw, start_draws
from paintrack.store.files import (
    SQLITE_HEADER,
    cannot_write,
    check_undamaged,
    damaged,
    is_damage,
    make_private_dirs,
)
from paintrack.store.logs import (
    FLAGGED_OR_COUNTED,
    WITH_NOTE,
    daily_pain,
    days_logged,
    delete_entry,
    entries,
    entry,
    first_log_date,
    insert_log,
    insert_peg,
    last_child_values,
    last_log,
    last_log_date,
    last_peg_date,
    last_values,
    logs_between,
    pegs_between,
    red_flags_since,
    update_entry,
)

__all__ = [
    "APP_NAME",
    "FLAGGED_OR_COUNTED",
    "SCHEMA_VERSION",
    "SQLITE_HEADER",
    "WITH_NOTE",
    "Backup",
    "Check",
    "Compacted",
    "Db",
    "active_course",
    "activities",
    "backup_to",
    "cannot_write",
    "check_undamaged",
    "compact",
    "course_by_id",
    "course_named",
    "courses",
    "created_at",
    "daily_pain",
    "damaged",
    "data_dir",
    "days_logged",
    "decision_dates",
    "decisions",
    "delete_activity",
    "delete_entry",
    "delete_medication",
    "diary",
    "dose_spans",
    "end_draw",
    "entries",
    "entry",
    "every_draw",
    "fhir_namespace",
    "first_log_date",
    "insert_activity",
    "insert_course",
    "insert_decision",
    "insert_draw",
    "insert_log",
    "insert_medication",
    "insert_peg",
    "insert_session",
    "integrity",
    "is_damage",
    "journal_size",
    "last_change",
    "last_child_values",
    "last_course_end",
    "last_log",
    "last_log_date",
    "last_peg_date",
    "last_values",
    "latest_decision",
    "latest_impression",
    "logs_between",
    "make_private_dirs",
    "medications",
    "names",
    "names_in",
    "older_copies",
    "open_db",
    "pegs_between",
    "recover_to",
    "red_flags_since",
    "replace_activity",
    "replace_medication",
    "resolve_db_path",
    "row_exists",
    "session_dates",
    "sessions",
    "sessions_in_year",
    "set_change_summary",
    "start_draw",
    "start_draws",
    "undo",
    "update_course",
    "update_entry",
    "uses",
    "writing",
]


_LAZY = {
    "backup": ("Backup", "backup_to", "recover_to"),
    "compact": ("Compacted", "compact", "journal_size", "older_copies"),
}


def __getattr__(name: str) -> Any:
    """The backup and compact functions, loaded on first use: those modules (and the
    dataclasses they load) are not on the daily path (`paintrack log`, issue 25)."""
    import importlib

    for module, lazy in _LAZY.items():
        if name in lazy:
            loaded = importlib.import_module(f"paintrack.store.{module}")
            # The import set `compact` to the module: the package's names are its functions.
            globals().update({n: getattr(loaded, n) for n in lazy})
            return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
