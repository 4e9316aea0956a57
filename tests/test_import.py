"""Import: exact round trips, idempotence, plain spreadsheets, and every bad row reported."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paintrack import store
from paintrack.export import importer, tabular
from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Dose,
    Medication,
    Peg,
    Session,
)
from paintrack.usecases import transfer
from tests.conftest import dump
from tests.export_fixtures import demo_db, no_network

__all__ = ["demo_db", "no_network"]
NOW = datetime(2026, 3, 2, 20, 0)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")) | st.just("\n"), max_size=12)
NRS = st.integers(0, 10)


@st.composite
def logs(draw: st.DrawFn) -> DailyLog:
    pain = draw(NRS)
    return DailyLog(
        date=date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60))),
        pain=pain,
        time=draw(st.none() | st.sampled_from(["08:00", "21:30"])),
        worst=draw(st.none() | st.integers(pain, 10)),
        least=draw(st.none() | st.integers(0, pain)),
        sleep_hours=draw(st.none() | st.floats(0, 24, allow_nan=False)),
        stress=draw(st.none() | NRS),
        note=draw(st.none() | TEXT),
        doses=tuple(
            Dose(m, c)
            for m, c in draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["Ibu", "tramadol"]), st.floats(0.25, 50, allow_nan=False)
                    ),
                    max_size=2,
                    unique_by=lambda t: t[0],
                )
            )
        ),
        activity_ratings=tuple(
            ActivityRating("walking", r) for r in draw(st.lists(NRS, max_size=1))
        ),
        red_flags=tuple(
            draw(st.lists(st.sampled_from(["fever", "injury"]), max_size=2, unique=True))
        ),
    )


def _fill(
    conn: store.Db,
    items: list[DailyLog],
    pegs: list[Peg],
    sessions: list[tuple[int, int, str | None]],
) -> None:
    with store.writing(conn, "test", NOW):
        cid = store.insert_course(
            conn, Course("back", date(2026, 1, 1), condition='lbp ; "x"'), NOW
        )
        store.insert_medication(conn, Medication("Ibu", "nsaid", 200, "mg"), NOW)
        store.insert_medication(
            conn, Medication("tramadol", "opioid", 50, "mg", mme_factor=0.2), NOW
        )
        store.insert_activity(conn, Activity("walking"), NOW)
        for log in items:
            store.insert_log(conn, log, NOW)
        for p in pegs:
            store.insert_peg(conn, p, NOW)
        for b, a, note in sessions:
            store.insert_session(
                conn, Session(cid, date(2026, 1, 9), b, a, side_effects=("bruise",), note=note), NOW
            )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(logs(), max_size=6),
    pegs=st.lists(st.builds(Peg, st.just(date(2026, 1, 5)), NRS, NRS, NRS), max_size=2),
    sessions=st.lists(st.tuples(NRS, NRS, st.none() | TEXT), max_size=2),
    fmt=st.sampled_from(["json", "csv"]),
)
def test_export_import_export_is_identical_and_import_is_idempotent(
    items, pegs, sessions, fmt
) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        a = store.open_db(Path(tmp) / "a.db", now=NOW)
        _fill(a, items, pegs, sessions)
        render = tabular.to_json if fmt == "json" else tabular.to_csv
        first = render(store.diary(a))
        (Path(tmp) / f"x.{fmt}").write_text(first, newline="")
        parsed = importer.read(Path(tmp) / f"x.{fmt}", date(2026, 3, 2))
        b = store.open_db(Path(tmp) / "b.db", now=NOW)
        for attempt in range(2):
            before = dump(Path(tmp) / "b.db")
            added = transfer.import_diary(b, parsed.diary, NOW, "x", parsed.where_of)
            assert render(store.diary(b)) == first
            if attempt:
                assert sum(added.values()) == 0 and dump(Path(tmp) / "b.db") == before
        a.close()
        b.close()


def test_round_trip_of_the_demo_through_the_cli(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("json", "csv"):
        exported = tmp_path / f"all.{fmt}"
        run("export", "-o", str(exported))
        other = str(tmp_path / f"{fmt}.db")
        assert "Imported" in run("--db", other, "import", str(exported)).stdout
        assert "Nothing new" in run("--db", other, "import", str(exported)).stdout
        again = tmp_path / f"again.{fmt}"
        run("--db", other, "export", "-o", str(again))
        assert again.read_bytes() == exported.read_bytes()
        run("--db", other, "undo")  # an import is one change
        assert "Imported" in run("--db", other, "import", str(exported)).stdout


def test_plain_spreadsheet_imports_as_daily_logs(run, tmp_path, snapshot_db) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "diary.csv"
    sheet.write_text(
        "Date,Pain,Worst,Sleep hours,note\n2026-01-05,5,7,6.5,ok\n2026-01-06T21:00,4,,,\n\n"
    )
    assert "Imported 2 daily logs" in run("import", str(sheet)).stdout
    assert "Nothing new" in run("import", str(sheet)).stdout
    out = run("history", "--json").stdout
    assert '"sleep_hours": 6.5' in out and '"time": "21:00"' in out


def test_every_bad_row_is_listed_and_nothing_is_imported(run, tmp_path, snapshot_db) -> None:  # type: ignore[no-untyped-def]
    run("log", "--pain", "3")
    before = snapshot_db()
    rows = (
        ["date,pain,stress"]
        + ["2026-01-01,5,2"] * 3
        + ["2026-01-02,11,2"] * 25
        + ["bad,4,1", "2026-01-03,4,x"]
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\n".join(rows) + "\n")
    r = run("import", str(sheet), code=2)
    assert r.stderr.startswith("Error: 27 bad rows in") and "nothing was imported" in r.stderr
    assert "line 5: pain must be a whole number from 0 to 10 (got '11')" in r.stderr
    assert "… and 7 more" in r.stderr and r.stderr.count("  line ") == 20
    assert snapshot_db() == before


def test_unknown_columns_and_broken_exports_are_refused(run, tmp_path, snapshot_db) -> None:  # type: ignore[no-untyped-def]
    run("log", "--pain", "3")
    before = snapshot_db()
    for name, text, needle in (
        ("a.csv", "date,pain,mood\n2026-01-01,4,3\n", "column must be one of date, pain"),
        ("b.csv", "day,score\n", "a header with 'date' and 'pain'"),
        ("c.json", '{"paintrack_export": 99}', "paintrack_export"),
        ("d.json", '{"paintrack_export": 1, "daily_logs": [{"id": 1}]}', "daily_logs[0]: keys"),
        ("e.json", "{nope", "valid JSON"),
    ):
        (tmp_path / name).write_text(text)
        r = run("import", str(tmp_path / name), code=2)
        assert needle in r.stderr, r.stderr
    assert snapshot_db() == before


def test_conflicting_course_is_a_bad_row(run, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exported = tmp_path / "all.json"
    run("export", "-o", str(exported))
    doc = json.loads(exported.read_text())
    doc["courses"][0]["sessions_planned"] = 9
    exported.write_text(json.dumps(doc))  # the same diary's course, changed since: merged
    assert "Nothing new" in run("import", str(exported)).stdout
    doc["courses"][0]["created_at"] = "2020-01-01T00:00:00"  # another diary's course
    exported.write_text(json.dumps(doc))
    r = run("import", str(exported), code=2)
    assert "courses[0]: sessions_planned" in r.stderr
