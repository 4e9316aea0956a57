"""History that scales (issue 12, point 6): filters, a limit, JSON Lines, one block per entry with
every value, and the pager on a terminal only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_interactive import _read_until, _spawn


@pytest.fixture
def diary(course: Run) -> Run:
    course("session", "--pain-before", "6", "--pain-after", "3", "--date", "5 days ago", "--minutes", "40", "--needles", "12", "--technique", "electro", "--side-effect", "bruise", "--points", "LI4, ST36", "--practitioner", "Dr Lee", "--cost", "60", "--note", "warm")  # fmt: skip
    course("log", "6", "--date", "4 days ago", "--med", "ibuprofen=2", "--activity", "walking=5")
    course("peg", "--pain", "6", "--enjoyment", "5", "--general-activity", "4", "--date", "3 days ago")  # fmt: skip
    course("log", "5", "--date", "2 days ago", "--worst", "7", "--note", "first line\nsecond line")
    course("log", "4", "--date", "yesterday", "--red-flag", "fever")
    return course


def _ids(run: Run, *args: str) -> list[str]:
    return [e["id"] for e in json.loads(run("history", "--json", *args).stdout)]


def test_kind_until_and_limit_filter_in_date_order(diary: Run) -> None:
    assert _ids(diary) == ["S1", "L1", "P1", "L2", "L3"]
    assert _ids(diary, "--kind", "log") == ["L1", "L2", "L3"]
    assert _ids(diary, "--kind", "session", "--kind", "peg") == ["S1", "P1"]
    assert _ids(diary, "--until", "3 days ago") == ["S1", "L1", "P1"]
    assert _ids(diary, "-n", "2") == ["L2", "L3"]  # the last two, oldest first
    assert _ids(diary, "--limit", "2", "--kind", "log", "--until", "2 days ago") == ["L1", "L2"]


def test_jsonl_is_one_object_a_line_equal_to_the_json(diary: Run) -> None:
    lines = diary("history", "--jsonl").stdout.splitlines()
    assert [json.loads(x) for x in lines] == json.loads(diary("history", "--json").stdout)


def test_the_streamed_json_is_what_json_dumps_writes(diary: Run) -> None:
    out = diary("history", "--json").stdout
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert diary("history", "--json", "--kind", "peg", "--until", "6 days ago").stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "option"),
    [(["--kind", "dose"], "--kind"), (["-n", "0"], "--limit"), (["-n", "x"], "--limit"), (["--json", "--jsonl"], "--json/--jsonl/--csv")],
)  # fmt: skip
def test_bad_filters_are_named(diary: Run, args: list[str], option: str) -> None:
    r = diary("history", *args, code=2)
    assert r.stderr.startswith(f"Error: {option}")


@pytest.mark.parametrize("cols", [40, 80, 200])
def test_text_is_one_block_per_entry_with_every_value_at_any_width(
    diary: Run, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    out = diary("history").stdout
    assert max(len(line) for line in out.splitlines()) <= cols
    flat = " ".join(out.split())
    for value in ("S1", "pain 6 → 3", "40 min", "12 needles", "electro", "bruise", "LI4, ST36", "Dr Lee", "cost 60", "note: warm", "ibuprofen ×2", "walking 5", "PEG: 5.0 (P6 E5 G4)", "worst 7", "note: first line", "second line", "RED FLAG fever"):  # fmt: skip
        assert value in flat, (cols, value)
    for entry in ("S1", "L1", "P1", "L2", "L3"):
        assert sum(line.startswith(entry + " ") for line in out.splitlines()) == 1


def test_nothing_found_says_which_filter(diary: Run) -> None:
    assert "No PEGs since" in diary("history", "--kind", "peg", "--since", "today").stdout


def test_piped_history_never_starts_the_pager(diary: Run, tmp_path: Path, db_path: Path) -> None:
    marker = tmp_path / "paged"
    env = {**os.environ, "PAINTRACK_DB": str(db_path), "PAGER": f"touch {marker}; cat"}
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "history"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0 and "S1" in r.stdout and not marker.exists()


def test_on_a_terminal_history_goes_through_the_pager(
    diary: Run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = tmp_path / "shown"
    (tmp_path / "p.db").write_bytes(db_path.read_bytes())  # where _spawn points PAINTRACK_DB
    monkeypatch.setenv("PAGER", f"cat > {shown}; echo PAGER-DONE")
    proc, fd = _spawn(tmp_path, "history")
    _read_until(fd, "PAGER-DONE")
    assert proc.wait(timeout=30) == 0
    text = shown.read_text()
    assert "S1" in text and "RED FLAG fever" in text


def test_history_piped_into_a_reader_that_stops_early_is_not_an_error(
    diary: Run, db_path: Path
) -> None:
    env = {**os.environ, "PAINTRACK_DB": str(db_path)}
    r = subprocess.run(
        f"{sys.executable} -m paintrack history | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0 and "Internal error" not in r.stderr and r.stdout.startswith("S1")
