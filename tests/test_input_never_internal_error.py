"""Input a user or a file can give never ends in `Internal error`: one line, exit 2, nothing
written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, dump


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--pain", "3", "--date", "9999-12-31T23:59-14:00"),
        ("log", "--pain", "3", "--date", "0001-01-01T00:00+14:00"),
        ("edit", "L1", "--date", "9999-12-31T23:59-14:00"),
        ("history", "--since", "9999-12-31T23:59-14:00"),
        ("chart", "pain", "--until", "9999-12-31T23:59-14:00"),
    ],
)
def test_a_date_past_the_calendar_edge_is_one_line(
    course: Run, db_path: Path, args: tuple[str, ...]
) -> None:
    course("log", "--pain", "4")
    before = dump(db_path)
    r = course(*args, code=2)
    assert "Internal error" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "9999-12-31T23:59-14:00" in r.stderr or "0001-01-01" in r.stderr
    assert dump(db_path) == before


def test_an_export_over_the_size_limit_is_refused_before_it_is_read(
    run: Run, tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.write(b'{"paintrack_export": 3, "daily_logs": [')
        f.truncate(13 * 1024 * 1024)  # sparse: nothing is written or read
    r = run("import", str(big), code=2)
    assert "at most 12 MB for a paintrack export" in r.stderr and "13,631,488 bytes" in r.stderr


def test_a_csv_line_over_1_mib_is_one_bad_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("date,pain,note\n2026-03-01,4,ok\n2026-03-02,5," + "x" * (1024 * 1024 + 5))
    r = run("import", str(path), code=2)
    assert "line 3: line must be at most 1,048,576 characters" in r.stderr, r.stderr


def test_a_json_of_millions_of_empty_rows_is_refused_row_by_row(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty-rows.json"
    path.write_text('{"paintrack_export": 3, "pegs": [' + ",".join(["{}"] * 200_000) + "]}")
    r = run("import", str(path), code=2)
    assert "200000 bad rows" in r.stderr and "pegs[0]: keys must be exactly" in r.stderr
    assert "… and 199980 more" in r.stderr


def test_a_long_line_in_another_apps_spreadsheet_is_one_bad_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("day,score\n2026-03-01,4\n2026-03-02," + "x" * (1024 * 1024 + 5))
    r = run("import", "--map", "date=day", "--map", "pain=score", str(path), code=2)
    assert "line 3: line must be at most 1,048,576 characters" in r.stderr, r.stderr
