"""Reminders without a daemon (issue 12, point 5): systemd timer, launchd, cron, Termux; nothing
written without --yes; status and remove undo it completely; the check notifies only when
nothing is logged today. Real unit files are checked by `systemd-analyze verify`, and the real
`crontab` round-trips (the user's own crontab is saved first and put back after)."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run

FAKES = ("systemctl", "launchctl", "termux-job-scheduler", "notify-send")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME, and stand-ins for the schedulers' tools that record each call."""
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    for name in FAKES:
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/calls"\n')
        tool.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin")
    for var in ("XDG_CONFIG_HOME", "TERMUX_VERSION", "PREFIX"):
        monkeypatch.delenv(var, raising=False)
    return home


def calls(home: Path) -> list[str]:
    path = home.parent / "calls"
    return path.read_text().splitlines() if path.exists() else []


def _files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


@pytest.mark.parametrize("scheduler", ["systemd", "launchd", "termux", "cron"])
def test_without_yes_it_prints_the_plan_and_writes_nothing(
    run: Run, home: Path, scheduler: str, crontab: str
) -> None:
    r = run("remind", "install", "--scheduler", scheduler, "--at", "21:15")
    assert "Nothing was written" in r.stdout and "--yes" in r.stdout
    assert _files(home) == [] and calls(home) == []
    assert _crontab() == crontab


def test_systemd_timer_is_real_persistent_and_removed_completely(
    run: Run, home: Path, db_path: Path
) -> None:
    shown = run("remind", "install", "--scheduler", "systemd", "--at", "20:30").stdout
    run("remind", "install", "--scheduler", "systemd", "--at", "20:30", "--yes")
    unit = home / ".config" / "systemd" / "user"
    timer, service = unit / "paintrack-remind.timer", unit / "paintrack-remind.service"
    assert timer.read_text() in shown and service.read_text() in shown  # exactly what it said
    assert (
        "Persistent=true" in timer.read_text() and "OnCalendar=*-*-* 20:30:00" in timer.read_text()
    )
    assert f'"--db" "{db_path}" "remind" "check"' in service.read_text()
    assert calls(home)[-1] == "systemctl --user enable --now paintrack-remind.timer"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    r = subprocess.run(
        [analyze, "verify", str(timer), str(service)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert "systemd" in run("remind", "status").stdout
    run("remind", "remove")
    assert _files(home) == []
    assert "systemctl --user disable --now paintrack-remind.timer" in calls(home)
    assert "No reminder installed" in run("remind", "status").stdout


def test_a_bad_unit_file_is_what_systemd_analyze_refuses(tmp_path: Path) -> None:
    """The check above can fail: a misspelt key and an impossible time are refused."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    bad = tmp_path / "bad.timer"
    bad.write_text("[Timer]\nOnCalendar=*-*-* 25:30:00\nPersistnt=true\n")
    assert subprocess.run([analyze, "verify", str(bad)], capture_output=True).returncode != 0


def test_launchd_agent_is_a_valid_plist_at_the_time(run: Run, home: Path, db_path: Path) -> None:
    run("remind", "install", "--scheduler", "launchd", "--at", "07:45", "--yes")
    plist = home / "Library" / "LaunchAgents" / "org.paintrack.remind.plist"
    doc = plistlib.loads(plist.read_bytes())
    assert doc["StartCalendarInterval"] == {"Hour": 7, "Minute": 45}
    assert doc["ProgramArguments"][-4:] == ["--db", str(db_path), "remind", "check"]
    assert calls(home)[-1].startswith("launchctl bootstrap gui/")
    run("remind", "remove")
    assert _files(home) == [] and calls(home)[-1].startswith("launchctl bootout gui/")


def test_termux_job_is_a_private_script_checking_after_the_time(run: Run, home: Path) -> None:
    run("remind", "install", "--scheduler", "termux", "--at", "20:00", "--yes")
    script = home / ".termux" / "paintrack-remind.sh"
    assert script.stat().st_mode & 0o777 == 0o700
    assert "remind check --after 20:00" in script.read_text()
    assert "--persisted true" in calls(home)[-1]
    run("remind", "remove")
    assert _files(home) == [] and "--cancel" in calls(home)[-1]


def _crontab() -> str:
    if shutil.which("crontab") is None:
        return ""
    r = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ""


@pytest.fixture
def crontab() -> Iterator[str]:
    """The user's crontab as it was; put back exactly afterwards, whatever the test did."""
    before = _crontab()
    yield before
    if shutil.which("crontab") is None:
        return
    if before:
        subprocess.run(["crontab", "-"], input=before, text=True, check=True)
    else:
        subprocess.run(["crontab", "-r"], capture_output=True)


def test_crontab_line_round_trips_and_keeps_the_other_lines(
    run: Run, home: Path, crontab: str, db_path: Path
) -> None:
    if shutil.which("crontab") is None:
        pytest.skip("crontab is not installed (apt-get install cron)")
    mine = "17 3 * * 1 echo 'a line of my own' # not paintrack's\n"
    subprocess.run(["crontab", "-"], input=mine, text=True, check=True)
    run("remind", "install", "--scheduler", "cron", "--at", "20:30", "--yes")
    run("remind", "install", "--scheduler", "cron", "--at", "21:05", "--yes")  # moves it
    lines = _crontab().splitlines()
    ours = [line for line in lines if line.endswith("# paintrack-remind")]
    assert len(ours) == 1 and ours[0].startswith("5 21 * * * DBUS_SESSION_BUS_ADDRESS=")
    assert f"--db {db_path} remind check" in ours[0]
    assert lines[0] == mine.strip()
    assert "cron" in run("remind", "status").stdout
    run("remind", "remove")
    assert _crontab() == mine
    subprocess.run(["crontab", "-r"], check=True)
    run("remind", "install", "--scheduler", "cron", "--yes")
    run("remind", "remove")
    assert _crontab() == ""  # no crontab before, none after


def test_check_notifies_once_only_when_nothing_is_logged_today(course: Run, home: Path) -> None:
    course("remind", "check")
    assert [c for c in calls(home) if c.startswith("notify-send")] != []
    course("remind", "check")  # not twice a day
    assert len([c for c in calls(home) if c.startswith("notify-send")]) == 1


def test_check_is_quiet_once_today_is_logged_or_without_a_course(
    run: Run, course: Run, home: Path
) -> None:
    course("log", "4")
    r = course("remind", "check")
    assert r.stdout == "" and r.stderr == "" and calls(home) == []


def test_check_after_a_time_waits_for_it(course: Run, home: Path) -> None:
    from datetime import datetime

    from paintrack.cli import common

    with common.freeze(datetime.now().replace(hour=19, minute=0)):
        course("remind", "check", "--after", "20:30")
    assert calls(home) == []


def test_a_bad_time_is_named(run: Run, home: Path) -> None:
    r = run("remind", "install", "--at", "25:00", code=2)
    assert r.stderr.startswith("Error: --at must be a time of day")
