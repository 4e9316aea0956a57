"""The store: real SQLite files, recorded migrations, privacy, concurrency, exact undo."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paintrack import frozen, migrations, store
from paintrack.errors import BadDatabase
from paintrack.models import Course, DailyLog, Dose, Medication, Peg, Session
from paintrack.usecases import entries as usecase
from tests.conftest import dump

NOW = datetime(2026, 11, 25, 20, 0)


def test_schema_version_matches_the_recorded_migrations(tmp_path: Path) -> None:
    assert store.SCHEMA_VERSION == migrations.LATEST
    conn = store.open_db(tmp_path / "p.db", now=NOW)
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [m.name for m in migrations.migrations._migrations]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION


def test_new_database_is_private_in_a_private_folder_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "p.db"
    conn = store.open_db(path, now=NOW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_twice_migrates_once(tmp_path: Path) -> None:
    store.open_db(tmp_path / "p.db", now=NOW).close()
    conn = store.open_db(tmp_path / "p.db", now=NOW)
    assert (
        conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == migrations.LATEST
    )


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my private notes\n")
    with pytest.raises(BadDatabase, match="is not an SQLite database"):
        store.open_db(path, now=NOW)
    assert path.read_text() == "my private notes\n"


def test_a_database_from_a_newer_paintrack_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store.open_db(path, now=NOW).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    raw.close()
    before = dump(path)
    with pytest.raises(BadDatabase, match="newer paintrack"):
        store.open_db(path, now=NOW)
    assert dump(path) == before


def test_migrating_a_database_that_holds_data_writes_a_backup_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.db"
    conn = store.open_db(path, now=NOW)
    with store.writing(conn, "test", NOW):
        store.insert_log(conn, DailyLog(date=date(2026, 11, 1), pain=4), NOW)
    conn.close()

    def m999_add_daily_logs_mood(db: object) -> None:
        db["daily_logs"].add_column("mood", int)  # type: ignore[index]

    extra = migrations.migrations._Migration("m999_add_daily_logs_mood", m999_add_daily_logs_mood)
    monkeypatch.setattr(
        migrations.migrations, "_migrations", [*migrations.migrations._migrations, extra]
    )
    monkeypatch.setattr(store.db, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    conn = store.open_db(path, now=NOW)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(daily_logs)")]
    assert "mood" in columns
    assert [tuple(r) for r in conn.execute("SELECT pain FROM daily_logs")] == [(4,)]
    recorded = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert recorded[-1] == "m999_add_daily_logs_mood"
    backups = list(tmp_path.glob(f"p.db.bak-schema{store.SCHEMA_VERSION}-*"))
    assert len(backups) == 1 and stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT pain FROM daily_logs").fetchall() == [(4,)]
    assert "mood" not in [r[1] for r in old.execute("PRAGMA table_info(daily_logs)")]


def test_empty_database_is_not_backed_up(tmp_path: Path) -> None:
    store.open_db(tmp_path / "p.db", now=NOW).close()
    assert not list(tmp_path.glob("*.bak-*"))


def _seed(conn: store.Db) -> int:
    with store.writing(conn, "seed", NOW):
        cid = store.insert_course(conn, Course("c", date(2026, 10, 1)), NOW)
        store.insert_medication(conn, Medication("ibuprofen", "nsaid", 200, "mg"), NOW)
    return cid


def test_models_round_trip_through_sqlite(tmp_path: Path) -> None:
    conn = store.open_db(tmp_path / "p.db", now=NOW)
    cid = _seed(conn)
    log = DailyLog(
        date=date(2026, 11, 2),
        time="21:00",
        pain=5,
        worst=7,
        least=3,
        sleep_hours=6.5,
        sleep_interference=4,
        stress=6,
        note="ok",
        doses=(Dose("ibuprofen", 1.5),),
        red_flags=("fever",),
    )
    s = Session(
        course_id=cid,
        date=date(2026, 11, 3),
        time="10:00",
        pain_before=6,
        pain_after=3,
        minutes=40,
        needles=12,
        techniques=("manual", "electro"),
        side_effects=("bruise",),
        points="LI4",
        cost=60.0,
        note="n",
    )
    with store.writing(conn, "t", NOW):
        lid = store.insert_log(conn, log, NOW)
        sid = store.insert_session(conn, s, NOW)
        pid = store.insert_peg(conn, Peg(date(2026, 11, 4), 5, 4, 6), NOW)
    stamp = NOW.isoformat(timespec="seconds")
    assert usecase.find(conn, f"L{lid}") == DailyLog(
        **{**_fields(log), "id": lid, "created_at": stamp}
    )
    assert usecase.find(conn, f"S{sid}") == Session(
        **{**_fields(s), "id": sid, "created_at": stamp}
    )
    assert usecase.find(conn, f"P{pid}") == Peg(
        date(2026, 11, 4), 5, 4, 6, id=pid, created_at=stamp
    )


def _fields(obj: object) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in frozen.fields(obj)}


logs = st.builds(
    DailyLog,
    date=st.dates(date(2026, 1, 1), date(2026, 11, 25)),
    pain=st.integers(3, 7),
    worst=st.one_of(st.none(), st.integers(7, 10)),
    sleep_hours=st.one_of(st.none(), st.floats(0, 24)),
    stress=st.one_of(st.none(), st.integers(0, 10)),
    note=st.one_of(
        st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=20)
    ),
    doses=st.lists(st.builds(Dose, st.just("ibuprofen"), st.floats(0.5, 4)), max_size=1).map(tuple),
    red_flags=st.lists(st.sampled_from(["fever", "injury"]), max_size=2, unique=True).map(tuple),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(logs, min_size=1, max_size=4), st.data())
def test_undo_restores_the_database_exactly_after_insert_edit_or_delete(
    tmp_path: Path, entries: list[DailyLog], data: st.DataObject
) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "p.db"  # fresh for every example
    conn = store.open_db(path, now=NOW)
    _seed(conn)
    with store.writing(conn, "logs", NOW):
        ids = [store.insert_log(conn, e, NOW) for e in entries]
    before = dump(path)
    target = usecase.find(conn, f"L{ids[data.draw(st.integers(0, len(ids) - 1))]}")
    assert isinstance(target, DailyLog)
    op = data.draw(st.sampled_from(["insert", "edit", "delete"]))
    with store.writing(conn, op, NOW):
        if op == "insert":
            store.insert_log(conn, data.draw(logs), NOW)
        elif op == "edit":
            store.update_entry(conn, target, data.draw(logs))
        else:
            store.delete_entry(conn, target)
    store.undo(conn)
    assert dump(path) == before
    conn.close()


def test_a_failed_command_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    conn = store.open_db(path, now=NOW)
    _seed(conn)
    before = dump(path)
    with pytest.raises(Exception, match="unknown"), store.writing(conn, "log", NOW):
        store.insert_log(
            conn, DailyLog(date=date(2026, 11, 1), pain=4, doses=(Dose("unknown", 1),)), NOW
        )
    assert dump(path) == before


def test_two_terminals_logging_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store.open_db(path, now=NOW).close()
    script = (
        "import sys; from datetime import date, datetime; from paintrack import store; "
        "from paintrack.models import DailyLog\n"
        "for i in range(40):\n"
        "    c = store.open_db(sys.argv[1])\n"
        "    with store.writing(c, 'log', datetime.now()):\n"
        "        store.insert_log(c, DailyLog(date=date(2026, 11, 1), pain=i % 11), datetime.now())\n"
        "    c.close()\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path)]) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert sqlite3.connect(path).execute("SELECT count(*) FROM daily_logs").fetchone()[0] == 80


def test_every_column_is_documented_in_schema_md(tmp_path: Path) -> None:
    doc = (Path(__file__).parent.parent / "docs" / "schema.md").read_text()
    sections = {}
    for part in doc.split("\n## ")[1:]:
        header, _, body = part.partition("\n")
        for name in header.replace(",", " ").split():
            sections[name] = body
    conn = store.open_db(tmp_path / "p.db", now=NOW)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert len(tables) == 21  # 13, `ingredients` (11), `meta` (10), `imported_entries` (26),
    # `start_draws` (27), 4 of sync (23)
    for table in tables:
        assert table in sections, f"docs/schema.md has no section for {table}"
        for (column,) in conn.execute(f"SELECT name FROM pragma_table_info('{table}')"):
            body = sections[table]
            assert f"`{column}`" in body or f"`{table}.{column}`" in body, (table, column)
