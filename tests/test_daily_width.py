"""Phone width (issue 12, point 1): every command's output, stdout and stderr, at 40, 80 and 200
columns, for the demo and for a heavy day (5 medications, 5 activities, a long note): no line
over the width, and every value present at every width. Plus the small things of the issue."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paintrack.render.text import fold
from tests.conftest import Run

WIDTHS = (40, 80, 200)
MEDS = ("ibuprofen", "naproxen", "acetaminophen", "tramadol", "gabapentin")
ACTIVITIES = ("walking", "sitting at a desk", "lifting", "gardening", "climbing stairs")
NOTE = (
    "Woke at four with a deep ache in the lower back that spread into the left hip; a warm "
    "shower helped a little, the walk to the shop was slow, and sitting through the afternoon "
    "meeting was the hardest part of the day, worse than last Tuesday."
)
# What every command may print for a person to read. Machine output is not folded: --json and
# --csv, `export -o -`, and the files `remind install` and `completion` print byte for byte (a
# unit file, a crontab, a shell script); `remind install`'s own words are checked below.
COMMANDS = (
    ["status"],
    ["review"],
    ["chart"],
    ["chart", "all"],
    ["chart", "--weekly"],
    ["history"],
    ["history", "-n", "3", "--kind", "log"],
    ["course", "list"],
    ["course", "show"],
    ["med", "list"],
    ["activity", "list"],
    ["paths"],
    ["doctor"],
    ["remind", "status"],
    ["help"],
    ["help", "log"],
    ["help", "course", "edit"],
    ["help", "history"],
    ["export", "-o", "{tmp}/summary.md", "--force"],
    ["backup", "{tmp}/copy.db"],
)


def _too_wide(text: str, cols: int) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [line for line in plain.splitlines() if len(line) > cols]


def _squeezed(text: str) -> str:
    """The text without its whitespace: what folding may change (and only that)."""
    return "".join(text.split())


@pytest.fixture
def demo(run: Run, db_path: Path) -> Run:
    run("demo", "--db", str(db_path))
    return run


@pytest.fixture
def heavy(course: Run) -> Run:
    for name in ("naproxen", "acetaminophen", "gabapentin"):  # besides ibuprofen, tramadol
        course("med", "add", name, "--kind", "other")
    for name in ACTIVITIES[1:]:
        course("activity", "add", name)
    return course


@pytest.mark.parametrize("cols", WIDTHS)
def test_every_command_of_the_demo_fits_the_width(
    demo: Run, monkeypatch: pytest.MonkeyPatch, cols: int, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    for args in COMMANDS:
        r = demo(*[a.replace("{tmp}", str(tmp_path)) for a in args])
        (tmp_path / "copy.db").unlink(missing_ok=True)
        for stream in (r.stdout, r.stderr):
            assert _too_wide(stream, cols) == [], (args, cols)


@pytest.mark.parametrize(
    "args",
    [["status"], ["history"], ["course", "list"], ["med", "list"], ["paths"], ["remind", "status"]],
)
def test_folding_keeps_every_character_of_the_demo(
    demo: Run, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    shown = {}
    for cols in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(cols))
        shown[cols] = _squeezed(demo(*args).stdout)
    assert shown[40] == shown[80] == shown[200], args


@pytest.mark.parametrize("cols", (40, 200))
def test_the_review_shows_the_same_numbers_at_every_width(
    demo: Run, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    numbers = re.compile(r"[−+]?\d+(?:\.\d+)?(?: %)?")
    at_80 = sorted(set(numbers.findall(demo("review").stdout)))
    monkeypatch.setenv("COLUMNS", str(cols))
    out = demo("review").stdout
    assert _too_wide(out, cols) == []
    assert sorted(set(numbers.findall(out))) == at_80


def _heavy_log(run: Run) -> object:
    args = ["log", "6", "--worst", "8", "--least", "3", "--sleep-hours", "5.5"]
    args += ["--sleep-interference", "6", "--stress", "7", "--note", NOTE]
    for i, m in enumerate(MEDS):
        args += ["--med", f"{m}={i + 1}"]
    for i, a in enumerate(ACTIVITIES):
        args += ["--activity", f"{a}={i + 3}"]
    return run(*args)


@pytest.mark.parametrize("cols", WIDTHS)
def test_a_heavy_day_fits_and_keeps_every_value(
    heavy: Run, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    logged = _heavy_log(heavy)
    r = heavy("history")
    for out in (logged.stdout, logged.stderr, r.stdout, r.stderr):  # type: ignore[attr-defined]
        assert _too_wide(out, cols) == []
    flat = " ".join(r.stdout.split())
    for i, m in enumerate(MEDS):
        assert f"{m} ×{i + 1}" in flat
        assert f"{m} ×{i + 1}" in " ".join(logged.stdout.split())  # type: ignore[attr-defined]
    for i, a in enumerate(ACTIVITIES):
        assert f"{a} {i + 3}" in flat
    assert " ".join(NOTE.split()) in flat.replace("note: ", "")
    for value in (
        "pain 6",
        "worst 8",
        "least 3",
        "slept 5.5 h",
        "sleep interference 6",
        "stress 7",
    ):
        assert value in flat
    for args in (["status"], ["chart", "all"], ["chart", "function"], ["chart", "meds"]):
        out = heavy(*args)
        assert _too_wide(out.stdout + out.stderr, cols) == [], args


@given(st.text(alphabet=" ab/c-é\n", max_size=300), st.integers(10, 120))
def test_fold_never_exceeds_the_width_and_only_moves_whitespace(text: str, cols: int) -> None:
    out = fold(text, cols)
    assert all(len(line) <= cols for line in out.split("\n"))
    assert _squeezed(out) == _squeezed(text)


# --- The small things ----------------------------------------------------------------------------
def test_status_says_started_today_not_zero_days_ago(run: Run) -> None:
    run("course", "start", "c")
    out = run("status").stdout
    assert "(today)" in out and "0 days ago" not in out
    run("course", "edit", "--start", "1 day ago")
    assert "(1 day ago)" in run("status").stdout


def test_status_shows_the_reevaluate_point_once(course: Run) -> None:
    for n in range(3):
        course("session", "--pain-before", "6", "--pain-after", "4", "--date", f"{3 - n} days ago")
    r = course("status")
    assert (r.stdout + r.stderr).count("run `paintrack review`") == 1


def test_a_change_that_rounds_to_zero_is_never_minus_zero(run: Run) -> None:
    from fractions import Fraction

    from paintrack.domain import numbers as num

    for base, now in ((Fraction(666, 100), Fraction(670, 100)), (Fraction(5), Fraction(499, 100))):
        assert num.change_text(num.row_change(base, now)) == "0.0"
        assert num.pct_text(num.percent_change(base, now)) == "0 %"


def test_imported_counts_are_singular_for_one(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("date,pain\n2026-01-05,4\n")
    out = run("import", str(path)).stdout
    assert "Imported 1 daily log " in out and "1 daily logs" not in out


def test_paths_never_wrap_mid_word_at_80_columns(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    long = tmp_path / "my health records" / "pain-diary-for-the-clinic" / "paintrack.db"
    monkeypatch.setenv("PAINTRACK_DB", str(long))
    monkeypatch.setenv("COLUMNS", "200")
    words = set(run("paths").stdout.split())
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("paths").stdout.splitlines()
    assert _too_wide("\n".join(lines), 80) == []
    for before, line in itertools.pairwise(lines):
        if line.startswith(" "):  # a continuation: after a '/' of a path, or a whole word
            assert before.endswith("/") or line.split()[0] in words, (before, line)


def test_the_40_column_chart_marks_all_eight_demo_sessions(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cols in (40, 80):
        monkeypatch.setenv("COLUMNS", str(cols))
        out = demo("chart").stdout
        plot = [line for line in out.splitlines() if "┤" in line or "│" in line]
        bottom = plot[-1]  # the row at pain 0 holds the session marks
        marks = bottom.count("▲") + sum(int(c) for c in bottom if c in "23456789")
        assert marks == 8, (cols, bottom)


def test_remind_install_words_fit_while_its_files_stay_exact(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "40")
    out = run("remind", "install", "--scheduler", "systemd").stdout
    words, _, _ = out.partition("Write ")
    assert _too_wide(words, 40) == [] and "Persistent=true" in out
    assert "ExecStart=" in out and " --yes" in out.split("[Install]")[1]


def test_prompts_fit_40_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    from tests.test_interactive import _answer, _cli, _read_until, _spawn

    _cli(tmp_path, "course", "start", "back")
    _cli(tmp_path, "med", "add", "acetaminophen-with-codeine", "--kind", "other")
    _cli(tmp_path, "activity", "add", "climbing the stairs at work")
    monkeypatch.setenv("COLUMNS", "40")
    proc, fd = _spawn(tmp_path, "log")
    answers = [("Average pain", "5"), ("Worst", ""), ("Least", ""), ("Hours slept", "")]
    answers += [("interfered", ""), ("Stress", ""), ("acetaminophen-with-codeine", "1")]
    seen = _answer(fd, answers)
    seen += _read_until(fd, "before): ")
    os.write(fd, b"6\r")
    seen += _answer(fd, [("Enter for none", ""), ("Note", "")])
    assert proc.wait(timeout=30) == 0
    # each line, and each prompt (a typed answer's echo may arrive after the next prompt)
    lines = re.split(r"\n|(?<=\]: )|(?<=[a-z)]: )", seen.replace("\r", ""))
    assert [line for line in lines if len(line) > 40] == []


def test_ctrl_c_at_a_prompt_starts_its_message_on_its_own_line(tmp_path: Path) -> None:
    import os
    import signal

    from tests.test_interactive import _cli, _read_until, _spawn

    _cli(tmp_path, "course", "start", "back")
    proc, fd = _spawn(tmp_path, "log")
    _read_until(fd, "Average pain")
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal shows "^C" after the prompt
    seen = _read_until(fd, "Cancelled")
    assert proc.wait(timeout=30) in (1, 130)  # at the prompt, or just before it waited
    assert "\nCancelled" in seen.replace("\r", "")
