"""Any field of an export set to null, [], {}, a huge number or the wrong type: `import` says
one line per bad row naming the row and the field, exits 2 and writes nothing; never an
internal error (a hypothesis property over every table and column of the export format)."""

from __future__ import annotations

import copy
import csv
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, dump

#: A changed name or reference is said at the row that names it (a dose naming a medication
#: not in the file is the log's); an opioid's missing MME factor at its medication.
NAMED_ELSEWHERE = {
    ("courses", "name"),
    ("medications", "name"),
    ("activities", "name"),
    ("doses", "medication"),
    ("activity_ratings", "activity"),
    ("ingredients", "mme_factor"),
    ("ingredients", "medication"),
}
BAD_VALUES: list[Any] = [
    None,
    [],
    {},
    10**30,
    -(10**30),
    2**63,
    1e308,
    "x",
    True,
    1.5,
    [1],
    {"a": 1},
]


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An export with a row in every table (a combination product, a decision, …)."""
    import os

    folder = tmp_path_factory.mktemp("export")
    old = os.environ.get("PAINTRACK_DB")
    os.environ["PAINTRACK_DB"] = str(folder / "a.db")
    run = Run()
    try:
        run("course", "start", "back", "--start", "10 days ago", "--goal", "walk 1 km")
        run(
            "med",
            "add",
            "percocet",
            "--ingredient",
            "oxycodone=5mg",
            "--ingredient",
            "acetaminophen=325mg",
        )
        run("activity", "add", "walking")
        run(
            "session",
            "--pain-before",
            "6",
            "--pain-after",
            "3",
            "--date",
            "2 days ago",
            "--technique",
            "manual",
            "--side-effect",
            "bruise",
        )
        run(
            "log",
            "4",
            "--worst",
            "6",
            "--least",
            "2",
            "--sleep-hours",
            "6.5",
            "--med",
            "percocet=2",
            "--activity",
            "walking=5",
            "--red-flag",
            "fever",
            "--note",
            "hi",
            code=None,
        )
        run("peg", "--pain", "5", "--enjoyment", "4", "--general-activity", "6")
        run("review", "--impression", "3", "--decide", "continue", code=None)
        run("export", "-o", str(folder / "x.json"))
        run("export", "-o", str(folder / "x.csv"))
    finally:
        if old is None:
            del os.environ["PAINTRACK_DB"]
        else:
            os.environ["PAINTRACK_DB"] = old
    doc: dict[str, Any] = json.loads((folder / "x.json").read_text())
    core = ("courses", "medications", "ingredients", "activities", "sessions", "daily_logs")
    core += ("doses", "activity_ratings", "red_flags", "pegs", "decisions")
    assert all(doc[t] for t in core), doc
    return doc


@pytest.fixture(scope="module")
def small_csv(
    small_export: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> list[list[str]]:
    folder = next(tmp_path_factory.getbasetemp().glob("export*"))
    with (folder / "x.csv").open(newline="") as f:
        return list(csv.reader(f))


def _fields(doc: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (table, i, key)
        for table, rows in doc.items()
        if isinstance(rows, list)
        for i, row in enumerate(rows)
        for key in row
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_json_field_set_to_a_wrong_value_is_one_line_or_imports(
    run: Run, tmp_path: Path, small_export: dict[str, Any], data: st.DataObject
) -> None:
    table, i, key = data.draw(st.sampled_from(_fields(small_export)), label="field")
    value = data.draw(st.sampled_from(BAD_VALUES), label="value")
    doc = copy.deepcopy(small_export)
    doc[table][i][key] = value
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    db = tmp_path / f"{uuid.uuid4().hex}.db"  # hypothesis runs every example in one tmp_path
    run("--db", str(db), "med", "add", "aspirin", "--strength", "300", "--unit", "mg")
    before = dump(db)
    r = run("--db", str(db), "import", str(path), code=None)
    assert "Internal error" not in r.stderr, r.stderr
    assert r.exit_code in (0, 2), (r.exit_code, r.stderr)
    if r.exit_code == 2:
        assert dump(db) == before
        head, *lines = r.stderr.splitlines()
        assert "nothing was imported" in head and lines, r.stderr
        assert all(re.fullmatch(r"  [a-z_]+\[\d+\]: \S.*", line) for line in lines), r.stderr
        if (table, key) not in NAMED_ELSEWHERE:
            assert f"{table}[{i}]: " in r.stderr, r.stderr


CSV_COLUMNS_NAMED_ELSEWHERE = {"name", "medication", "activity", "mme_factor", "course"}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_csv_cell_set_to_a_wrong_value_is_one_line_or_imports(
    run: Run, tmp_path: Path, small_csv: list[list[str]], data: st.DataObject
) -> None:
    cells = [(r, c) for r in range(2, len(small_csv)) for c in range(1, len(small_csv[r]))]
    r, c = data.draw(st.sampled_from([(r, c) for r, c in cells if small_csv[r][c]]), label="cell")
    value = data.draw(st.sampled_from(["", "x", "1e999", "[]", "{}", "null", str(10**30), "-1"]))
    rows = [list(row) for row in small_csv]
    rows[r][c] = value
    path = tmp_path / "in.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    db = tmp_path / f"{uuid.uuid4().hex}.db"
    run("--db", str(db), "med", "add", "aspirin", "--strength", "300", "--unit", "mg")
    before = dump(db)
    got = run("--db", str(db), "import", str(path), code=None)
    assert "Internal error" not in got.stderr and got.exit_code in (0, 2), got.stderr
    if got.exit_code == 2:
        assert dump(db) == before
        head, *lines = got.stderr.splitlines()
        assert "nothing was imported" in head and lines, got.stderr
        assert all(re.fullmatch(r"  line \d+: \S.*", line) for line in lines), got.stderr
        if small_csv[0][c] not in CSV_COLUMNS_NAMED_ELSEWHERE:
            assert f"line {r + 1}: " in got.stderr, got.stderr


def test_the_listed_cases_are_one_line_each(
    run: Run, db_path: Path, tmp_path: Path, small_export: dict[str, Any]
) -> None:
    for table, key, value in [
        ("doses", "count", None),
        ("ingredients", "substance", None),
        ("activity_ratings", "daily_log_id", []),
        ("red_flags", "daily_log_id", {}),
        ("daily_logs", "id", 10**30),
    ]:
        doc = copy.deepcopy(small_export)
        doc[table][0][key] = value
        path = tmp_path / "in.json"
        path.write_text(json.dumps(doc))
        r = run("import", str(path), code=2)
        assert f"{table}[0]" in r.stderr and key in r.stderr, r.stderr
        assert "Internal error" not in r.stderr


def test_an_empty_csv_count_is_one_line(
    run: Run, tmp_path: Path, small_csv: list[list[str]]
) -> None:
    rows = [list(row) for row in small_csv]
    line = next(i for i, row in enumerate(rows) if row[0] == "dose")
    rows[line][rows[0].index("count")] = ""
    path = tmp_path / "in.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    r = run("import", str(path), code=2)
    assert r.stderr.splitlines()[1].startswith(f"  line {line + 1}: count must be given"), r.stderr
