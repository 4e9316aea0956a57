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
