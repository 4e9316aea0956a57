"""A reminder cannot be hijacked through the diary's path: a path no scheduler file can hold is
refused before anything is written; any other is quoted for its format and comes back as the
same arguments (systemd-analyze verify, sh running the crontab command and the Termux script,
plistlib); folders are made 0700 under umask 000 and removed again when an install fails."""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from paintrack import remind
from tests.conftest import Run
from tests.test_daily_remind import calls, home  # noqa: F401 (the fixture)

SCHEDULERS = ("systemd", "launchd", "cron", "termux")
# Every character a shell, cron, systemd or XML gives a meaning to, in one file name.
PAINTRACK = str(Path(sys.executable).parent / "paintrack")
AWKWARD = "/tmp/diary a'b\"c%d$e\\f;g&h`i`(j)*k<l>m é%%n$$o %i.db"


@pytest.mark.parametrize("bad", ["a\nb", "a\x1b[2Jb", "a\x7fb", "a\u2028b", "a\x85b"])
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_a_path_no_scheduler_file_can_hold_is_one_line_and_nothing_is_written(
    run: Run,
    home: Path,  # noqa: F811
    tmp_path: Path,
    scheduler: str,
    bad: str,
) -> None:
    db = tmp_path / f"diary{bad}.db"
    for yes in ([], ["--yes"]):
        r = run("--db", str(db), "remind", "install", "--scheduler", scheduler, *yes, code=2)
        assert r.stderr.startswith("Error: --db must be a path without newlines") and r.stdout == ""
        assert r.stderr.count("\n") == 1 and "\x1b" not in r.stderr and "\x7f" not in r.stderr
    assert list(home.rglob("*")) == [] and calls(home) == []


def _args_printer(tmp_path: Path) -> Path:
    """A stand-in for paintrack that prints its arguments, one per NUL."""
    prog = tmp_path / "bin dir" / "print args"
    prog.parent.mkdir()
    prog.write_text(
        "#!/bin/sh\nprintf '%s\\0' \"$@\"\nprintf 'BUS=%s\\0' \"$DBUS_SESSION_BUS_ADDRESS\"\n"
    )
    prog.chmod(0o755)
    return prog


def test_the_crontab_command_runs_with_exactly_the_paths_arguments(tmp_path: Path) -> None:
    prog = _args_printer(tmp_path)
    argv = remind.check_argv([str(prog)], Path(AWKWARD))
    bus = "unix:path=/run/user/1000/bus,guid=a%b\\c"
    line = remind.cron_line(argv, "20:30", bus)
    assert "\n" not in line and line.endswith(remind.MARK)
    command = line.split(" ", 5)[5][: -len(remind.MARK) - 1]
    # What cron does with the command (Debian's cron, do_command): `\%` is `%`, `\\` is `\`,
    # a bare `%` ends the command. Then /bin/sh runs it.
    run_as, escaped, i = "", False, 0
    while i < len(command):
        c = command[i]
        i += 1
        if escaped:
            run_as += c if c in "%\\" else "\\" + c
            escaped = False
        elif c == "\\":
            escaped = True
        else:
            assert c != "%", f"a bare % would cut the command: {command!r}"
            run_as += c
    out = subprocess.run(["/bin/sh", "-c", run_as], capture_output=True, check=True).stdout
    assert out.decode().split("\0")[:-1] == [*argv[1:], f"BUS={bus}"]


def test_the_termux_script_runs_with_exactly_the_paths_arguments(tmp_path: Path) -> None:
    prog = _args_printer(tmp_path)
    argv = remind.check_argv([str(prog)], Path(AWKWARD), after="20:30")
    script = tmp_path / "job.sh"
    script.write_text(remind.termux_script(argv, "/usr"))
    out = subprocess.run(["/bin/sh", str(script)], capture_output=True, check=True).stdout
    assert out.decode().split("\0")[:-2] == argv[1:]


def test_the_launchd_plist_holds_exactly_the_arguments() -> None:
    argv = remind.check_argv(["/usr/local/bin/paintrack"], Path(AWKWARD + "<&>]]>"))
    doc = plistlib.loads(remind.launchd_plist(argv, "20:30").encode())
    assert doc["ProgramArguments"] == argv


def test_systemd_analyze_verifies_the_unit_of_an_awkward_path(
    run: Run,
    home: Path,  # noqa: F811
) -> None:
    verify = shutil.which("systemd-analyze")
    if verify is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    run("--db", AWKWARD, "remind", "install", "--scheduler", "systemd", "--yes")
    unit = home / ".config" / "systemd" / "user" / "paintrack-remind.service"
    r = subprocess.run(
        [verify, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0 and "quot" not in r.stderr.lower(), r.stderr
    exec_start = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    assert "%%d$$e" in exec_start and "%%%%n$$$$o %%i.db" in exec_start  # specifiers escaped


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _install(home: Path, scheduler: str) -> subprocess.CompletedProcess[str]:  # noqa: F811
    return subprocess.run(
        [PAINTRACK, "remind", "install", "--yes", "--scheduler", scheduler],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0),
        timeout=60,
    )


@pytest.mark.parametrize(
    ("scheduler", "folders"),
    [
        ("systemd", (".config", ".config/systemd", ".config/systemd/user")),
        ("launchd", ("Library", "Library/LaunchAgents")),
    ],
)
def test_folders_are_private_under_umask_000_and_gone_when_the_install_fails(
    home: Path,  # noqa: F811
    scheduler: str,
    folders: tuple[str, ...],
) -> None:
    r = _install(home, scheduler)
    assert r.returncode == 0, r.stderr
    assert [_mode(home / f) for f in folders] == [0o700] * len(folders)
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written and all(_mode(p) == 0o644 for p in written)
    subprocess.run(["rm", "-rf", str(home / folders[0])], check=True)
    tool = "systemctl" if scheduler == "systemd" else "launchctl"
    fake = Path(shutil.which(tool) or "")
    fake.write_text("#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n")
    r = _install(home, scheduler)
    assert r.returncode == 1 and "Nothing was installed" in r.stderr, r.stderr
    assert list(home.iterdir()) == []  # the folders it made are gone again


def test_the_dry_run_shows_the_escaped_text(run: Run, home: Path) -> None:  # noqa: F811
    r = run("--db", AWKWARD, "remind", "install", "--scheduler", "systemd")
    assert "ExecStart=" in r.stdout and r"a'b\"c%%d$$e\\f;g" in r.stdout
    assert (
        shlex.quote(AWKWARD)
        in run("--db", AWKWARD, "remind", "install", "--scheduler", "termux").stdout
    )
