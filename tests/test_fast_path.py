"""The daily commands' fast path (paintrack.cli.fast) behaves exactly as the Typer app.

Every test of tests/test_cli_logging.py and tests/test_cli_bad_input.py runs again here, with a
`run` that sends each `log`, `session`, `peg` and `status` through both paths, from the same
database folder, at the same clock: the exit codes, stdout, stderr and the folder afterwards (the
database, dumped as SQL, and the files beside it) must be equal. Then whole processes: the
installed entry point against the Typer app alone, and what each loads.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paintrack.cli import common, fast
from tests import test_cli_bad_input, test_cli_logging
from tests.conftest import Run, dump

ROOT = Path(__file__).parent.parent
# What differs between two runs by design: the migrations' wall-clock stamps, random ids (and
# sync's: rows' uuids, the diary's and the device's ids).
STAMP = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00:00|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    r"|\b[0-9a-f]{32}\b|\b[0-9a-f]{16}\b"
)


def _folder(path: Path) -> dict[str, Any]:
    """What a command left in the database's folder: the database as SQL, other files' bytes."""
    out: dict[str, Any] = {}
    for f in sorted(path.parent.rglob("*")) if path.parent.exists() else []:
        if f == path:
            out[f.name] = [STAMP.sub("<stamp>", x) for x in dump(path)]
        elif f.is_file() and not f.name.endswith(("-journal", "-wal", "-shm")):
            out[str(f.relative_to(path.parent))] = f.read_bytes()
    return out


class Fast:
    """The fast path's answer in the shape of the runner's Result."""

    def __init__(self, code: int, stdout: bytes, stderr: bytes) -> None:
        self.exit_code = code
        self.stdout, self.stderr = stdout.decode(), stderr.decode()


class BothPaths(Run):
    """`run` that checks every daily command on both paths against each other."""

    def __init__(self, db_path: Path, scratch: Path) -> None:
        super().__init__()
        self.db_path, self.scratch = db_path, scratch

    def __call__(self, *args: str, code: int | None = 0, input: str | None = None):  # type: ignore[no-untyped-def]
        if not args or args[0] not in fast.COMMANDS:
            return super().__call__(*args, code=code, input=input)
        folder, saved = self.db_path.parent, self.scratch / "before"
        shutil.rmtree(saved, ignore_errors=True)
        if folder.exists():
            shutil.copytree(folder, saved)
        with common.freeze(common.clock()):
            typer_result = super().__call__(*args, code=code, input=input)
            typer_folder = _folder(self.db_path)
            shutil.rmtree(folder, ignore_errors=True)
            if saved.exists():
                shutil.copytree(saved, folder)
            with self.runner.isolation(input=input) as (out, err, _):
                taken = fast.main(list(args))
                sys.stdout.flush()
                sys.stderr.flush()
                fast_result = Fast(taken or 0, out.getvalue(), err.getvalue())
        if taken is None:  # the Typer app's to answer; put its folder back
            shutil.rmtree(folder, ignore_errors=True)
            super().__call__(*args, code=None, input=input)
            return typer_result
        seen = (fast_result.exit_code, fast_result.stdout, fast_result.stderr)
        assert seen == (typer_result.exit_code, typer_result.stdout, typer_result.stderr), args
        assert _folder(self.db_path) == typer_folder, args
        return typer_result


@pytest.fixture
def run(db_path: Path, tmp_path: Path) -> Run:
    return BothPaths(db_path, tmp_path)


# Every case of the logging and bad-input tests, collected here again with the `run` above.
# (The hypothesis test of random arguments calls the Typer runner directly: nothing to compare.)
SKIP = {"test_random_arguments_never_crash_and_failures_write_nothing"}
for _module in (test_cli_logging, test_cli_bad_input):
    for _name, _test in vars(_module).items():
        if _name.startswith("test_") and _name not in SKIP:
            globals()[_name] = _test


@pytest.mark.parametrize(
    ("args", "taken"),
    [
        (["log", "5"], True),
        (["log", "--pain=5", "--med", "a=1", "--med", "b=2"], True),
        (["status", "--json"], True),
        (["log", "--help"], False),
        (["log"], False),  # a prompt, or the missing-pain error: Typer's
        (["log", "--pain", "4", "--pain", "5"], False),
        (["log", "5", "6"], False),
        (["log", "--bogus"], False),
        (["log", "--pain"], False),
        (["--db", "x.db", "log", "5"], False),
        (["review"], False),
        (["status", "--json", "--json"], False),
    ],
)
def test_only_plain_arguments_take_the_fast_path(args: list[str], taken: bool) -> None:
    assert (fast.plan(args) is not None) is taken


PROBE = """
import sys
from datetime import datetime
sys.argv = ["paintrack", *sys.argv[1:]]
from paintrack.cli import common, {entry}
common._state["now"] = datetime(2026, 3, 2, 18, 30)  # one clock for both processes
try:
    {call}
except SystemExit as e:
    code = e.code
# dataclasses loads inspect (and ast, dis, tokenize): the daily path's classes are
# paintrack.frozen records instead; shutil loads bz2 and lzma.
heavy = {{m.split(".")[0] for m in sys.modules}} & {{"typer", "click", "rich", "plotext",
    "sqlite_utils", "pydantic", "dataclasses", "inspect", "shutil"}}
heavy |= {{m for m in sys.modules if m.startswith(("paintrack.export", "paintrack.render.charts",
    "paintrack.render.plot", "paintrack.cli.root", "paintrack.migrations"))}}
print("LOADED", " ".join(sorted(heavy)), "CODE", code, file=sys.stderr)
"""


CALLS = {
    "typer": ("root", "root.main()"),  # the Typer app (building only the command that runs)
    "whole": ("root", "root._named = root._listing = lambda argv: None; root.main()"),  # all built
    "main": ("main", "main()"),  # the entry point: the fast path first
}


def _process(data: Path, args: list[str], how: str) -> tuple[int, str, str]:
    entry, call = CALLS[how]
    env = {"PAINTRACK_DB": str(data / "p.db"), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    code = PROBE.format(entry=entry, call=call)
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    return r.returncode, r.stdout, r.stderr


def _agree(data: Path, args: list[str], how: str, against: str) -> str:
    """Run `args` both ways from the same folder; assert the same output and folder after;
    return what the first way loaded."""
    before = data.parent / "before"
    shutil.rmtree(before, ignore_errors=True)
    shutil.copytree(data, before)
    other = _process(data, args, against)
    after = _folder(data / "p.db")
    shutil.rmtree(data)
    shutil.copytree(before, data)
    mine = _process(data, args, how)
    assert mine[:2] == other[:2], args
    said, loaded = mine[2].splitlines()[:-1], mine[2].splitlines()[-1]
    assert said == other[2].splitlines()[:-1], args
    assert loaded.split(" CODE ")[1] == other[2].splitlines()[-1].split(" CODE ")[1], args
    assert _folder(data / "p.db") == after, args
    return loaded


def test_whole_processes_agree_and_the_fast_path_loads_nothing_heavy(tmp_path: Path) -> None:
    """The installed way in (`main`) against the Typer app alone, as processes: logs, the
    shorthand, a session, a PEG, a refusal, status; the fast path loads no Typer, click, rich,
    plotext, sqlite-utils, export or charts."""
    data = tmp_path / "data"
    data.mkdir()
    start = ["course", "start", "back", "--sessions", "2", "--start", "2026-02-20"]
    _process(data, start, "typer")
    for args in (
        ["log", "--pain", "4", "--sleep-hours", "7", "--date", "2026-03-01"],
        ["log", "5", "--note", "stiff\x1b[31m"],
        ["session", "--pain-before", "5", "--pain-after", "3"],
        ["peg", "--pain", "5", "--enjoyment", "4", "--general-activity", "6"],
        ["log", "--pain", "11"],
        ["status"],
        ["status", "--json"],
    ):
        loaded = _agree(data, args, "main", "typer")
        assert loaded.startswith("LOADED  CODE "), (args, loaded)


def test_building_only_the_command_that_runs_changes_nothing(tmp_path: Path) -> None:
    """cli.root builds the one command named (Typer's work for 40 is most of `review`'s
    start-up), and for the root's help each command's name and help alone; the output, errors
    and writes are those of the whole app."""
    data = tmp_path / "data"
    data.mkdir()
    _process(data, ["course", "start", "back", "--sessions", "2", "--start", "2026-02-20"], "typer")
    for args in (
        ["med", "add", "ibuprofen", "--kind", "nsaid"],
        ["--db", str(data / "p.db"), "review", "--json"],
        ["review", "--bogus"],
        ["chart", "pain", "--help"],
        ["revew"],
        ["course", "list"],
        ["--help"],
        ["-h"],
        [],
    ):
        _agree(data, args, "typer", "whole")
