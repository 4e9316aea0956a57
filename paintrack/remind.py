"""A daily reminder through the system's own scheduler: no daemon of paintrack's.

- Linux with systemd: a user timer (`~/.config/systemd/user/paintrack-remind.timer`, with
  `Persistent=true`, so a reminder missed while the computer was off runs when it is back) and
  its one-shot service;
- macOS: a launchd agent (`~/Library/LaunchAgents/org.paintrack.remind.plist`);
- elsewhere with cron: one crontab line, marked `# paintrack-remind`, that carries the
  `DBUS_SESSION_BUS_ADDRESS` desktop notifications need (cron gives jobs almost no environment);
- Android (Termux): a persisted `termux-job-scheduler` job every hour that reminds after the
  chosen time (Android runs jobs when it likes, not at a minute).

Each runs `paintrack --db FILE remind check`, which notifies only when nothing was logged that
day. `plan_install` and `plan_remove` return what would be written and run, as data: the CLI
prints it, and `apply` does it only when asked (`--yes`). Standard library only.
A path no scheduler file can hold (a newline, a control character) is refused before anything
is written; every other is quoted for its format (cron `%`, systemd, XML, sh). Folders are made
0700 whatever the umask, and removed again with the files when an install fails.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from paintrack.errors import InvalidValue, PaintrackError

SCHEDULERS = ("systemd", "launchd", "cron", "termux")
NAME = "paintrack-remind"
LABEL = "org.paintrack.remind"
MARK = "# " + NAME
TERMUX_JOB_ID = "27182"
TERMUX_PERIOD_MS = "3600000"  # hourly; Android's minimum is 15 minutes


@dataclass(frozen=True, slots=True)
class Env:
    """What the plans depend on, read once from the machine (tests build their own)."""

    home: Path
    config: Path  # XDG_CONFIG_HOME
    uid: int
    platform: str
    termux: bool
    systemd: bool  # systemd runs this machine (so a user manager can run timers)
    dbus: str  # the session bus address for notifications from cron
    prefix: str  # Termux's $PREFIX

    @classmethod
    def here(cls) -> Env:
        home = Path(os.environ.get("HOME") or Path.home())
        uid = os.getuid() if hasattr(os, "getuid") else 0
        prefix = os.environ.get("PREFIX", "")
        return cls(
            home=home,
            config=Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config"),
            uid=uid,
            platform=sys.platform,
            termux=bool(os.environ.get("TERMUX_VERSION")) or "com.termux" in prefix,
            systemd=Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None,
            dbus=os.environ.get("DBUS_SESSION_BUS_ADDRESS") or f"unix:path=/run/user/{uid}/bus",
            prefix=prefix or "/data/data/com.termux/files/usr",
        )

    def paths(self) -> dict[str, Path]:
        unit = self.config / "systemd" / "user"
        return {
            "service": unit / f"{NAME}.service",
            "timer": unit / f"{NAME}.timer",
            "plist": self.home / "Library" / "LaunchAgents" / f"{LABEL}.plist",
            "script": self.home / ".termux" / f"{NAME}.sh",
        }


@dataclass(frozen=True, slots=True)
class File:
    path: Path
    content: str
    mode: int = 0o644


@dataclass(frozen=True, slots=True)
class Step:
    """A command to run; `check=False` for one that may fail harmlessly (nothing to stop)."""

    argv: tuple[str, ...]
    check: bool = True
    stdin: str | None = None

    def shown(self) -> str:
        text = shlex.join(self.argv)
        return text + " < (the crontab above)" if self.stdin is not None else text


@dataclass(frozen=True, slots=True)
class Plan:
    scheduler: str
    at: str | None
    write: tuple[File, ...] = ()
    delete: tuple[Path, ...] = ()
    run: tuple[Step, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.write or self.delete or self.run)


def detect(env: Env) -> str:
    """The scheduler of this machine: Termux, launchd, a systemd user timer, else cron."""
    if env.termux:
        return "termux"
    if env.platform == "darwin":
        return "launchd"
    if env.systemd:
        return "systemd"
    if shutil.which("crontab"):
        return "cron"
    raise PaintrackError(
        "No scheduler found here (no systemd, launchd, Termux or cron). Install cron, or choose "
        "one with --scheduler " + "|".join(SCHEDULERS) + "."
    )


def check_time(at: str) -> str:
    """'20:30' or '8:05' → 'HH:MM'."""
    hh, sep, mm = at.strip().partition(":")
    digits = sep and hh.isascii() and hh.isdigit() and mm.isascii() and mm.isdigit()
    if not digits or len(mm) != 2 or int(hh) > 23 or int(mm) > 59:
        raise InvalidValue("at", "a time of day HH:MM from 00:00 to 23:59", at)
    return f"{int(hh):02d}:{mm}"


# What no scheduler file can hold as text: C0 and C1 controls, DEL, the Unicode line and
# paragraph separators, and lone surrogates (bytes of a file name that are not UTF-8).
_UNWRITABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def writable(name: str, text: str) -> str:
    """`text` (a path, an address) if a scheduler file can hold it; else one refusal naming it."""
    if not _UNWRITABLE.search(text):
        return text
    safely = "no crontab line, unit file, plist or script can hold it safely"
    raise InvalidValue(name, f"a path without newlines or control characters ({safely})", text)


def check_argv(program: Sequence[str], db: Path, after: str | None = None) -> list[str]:
    """The quiet check the scheduler runs, with the database pinned (it has no PAINTRACK_DB)."""
    extra = ["--after", after] if after else []
    return [*program, "--db", str(db), "remind", "check", *extra]


def _systemd_quote(arg: str) -> str:
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def systemd_units(argv: Sequence[str], at: str) -> tuple[str, str]:
    """(service, timer) unit files for a daily run at `at`."""
    service = (
        "[Unit]\n"
        "Description=paintrack: a reminder to log today, if nothing is logged yet\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(_systemd_quote(a) for a in argv)}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=paintrack: daily reminder at {at}\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {at}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


def launchd_plist(argv: Sequence[str], at: str) -> str:
    hour, minute = (int(x) for x in at.split(":"))
    doc = {
        "Label": LABEL,
        "ProgramArguments": list(argv),
        "StartCalendarInterval": {"Hour": hour, "Minute": minute},
        "RunAtLoad": False,
    }
    return plistlib.dumps(doc).decode("utf-8")


def cron_text(text: str) -> str:
    """Text as cron reads it back: cron turns `%` into a newline (the rest is the job's input)
    and `\\%` into `%`, `\\\\` into `\\`."""
    return text.replace("\\", "\\\\").replace("%", "\\%")


def cron_line(argv: Sequence[str], at: str, dbus: str) -> str:
    hour, minute = (int(x) for x in at.split(":"))
    command = cron_text(" ".join(shlex.quote(a) for a in argv))
    bus = "DBUS_SESSION_BUS_ADDRESS=" + cron_text(shlex.quote(dbus))  # quoted whole, no setting
    return f"{minute} {hour} * * * {bus} {command} {MARK}"


def termux_script(argv: Sequence[str], prefix: str) -> str:
    return (
        f"#!{prefix}/bin/sh\n"
        f"{MARK}: written by `paintrack remind install`; `paintrack remind remove` deletes it.\n"
        f"exec {' '.join(shlex.quote(a) for a in argv)}\n"
    )


def read_crontab() -> str:
    """The current user's crontab ('' when there is none)."""
    if shutil.which("crontab") is None:
        return ""
    r = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ""


def without_mark(crontab: str) -> str:
    kept = [line for line in crontab.splitlines() if not line.rstrip().endswith(MARK)]
    return "".join(line + "\n" for line in kept)


def plan_install(scheduler: str, at: str, program: Sequence[str], db: Path, env: Env) -> Plan:
    """What installing a reminder at `at` with `scheduler` writes and runs. A reminder already
    there (of any scheduler) is removed first, so installing again moves the time."""
    for part in program:
        writable("program", part)
    writable("db", str(db))
    writable("DBUS_SESSION_BUS_ADDRESS", env.dbus)
    made = _made(scheduler, at, program, db, env)
    old = plan_remove(env)
    written = {f.path for f in made.write}
    before = tuple(s for s in old.run if not (scheduler == "cron" and s.argv[0] == "crontab"))
    return Plan(
        scheduler,
        at,
        write=made.write,
        delete=tuple(d for d in old.delete if d not in written),
        run=before + made.run,
        notes=made.notes,
    )


def _made(scheduler: str, at: str, program: Sequence[str], db: Path, env: Env) -> Plan:
    p = env.paths()
    if scheduler == "systemd":
        service, timer = systemd_units(check_argv(program, db), at)
        return Plan(
            scheduler,
            at,
            write=(File(p["service"], service), File(p["timer"], timer)),
            run=(
                Step(("systemctl", "--user", "daemon-reload")),
                Step(("systemctl", "--user", "enable", "--now", f"{NAME}.timer")),
            ),
        )
    if scheduler == "launchd":
        plist = launchd_plist(check_argv(program, db), at)
        step = Step(("launchctl", "bootstrap", f"gui/{env.uid}", str(p["plist"])))
        return Plan(scheduler, at, write=(File(p["plist"], plist),), run=(step,))
    if scheduler == "cron":
        crontab = without_mark(read_crontab()) + cron_line(check_argv(program, db), at, env.dbus)
        return Plan(scheduler, at, run=(Step(("crontab", "-"), stdin=crontab + "\n"),))
    if scheduler == "termux":
        script = termux_script(check_argv(program, db, after=at), env.prefix)
        job = ("termux-job-scheduler", "--job-id", TERMUX_JOB_ID, "--script", str(p["script"]))
        every = ("--period-ms", TERMUX_PERIOD_MS, "--persisted", "true")
        return Plan(
            scheduler,
            at,
            write=(File(p["script"], script, 0o700),),
            run=(Step((*job, *every)),),
            notes=("It needs the Termux:API app and `pkg install termux-api`.",),
        )
    raise InvalidValue("scheduler", "one of " + ", ".join(SCHEDULERS), scheduler)


def installed(env: Env) -> list[tuple[str, str]]:
    """(scheduler, what) of each reminder found: files, or the marked crontab line."""
    found = []
    p = env.paths()
    for key, scheduler in (("timer", "systemd"), ("plist", "launchd"), ("script", "termux")):
        if p[key].exists():
            found.append((scheduler, str(p[key])))
    for line in read_crontab().splitlines():
        if line.rstrip().endswith(MARK):
            found.append(("cron", line))
    return found


def plan_remove(env: Env) -> Plan:
    """What removing every reminder found deletes and runs."""
    p = env.paths()
    delete: list[Path] = []
    run: list[Step] = []
    if p["timer"].exists() or p["service"].exists():
        run.append(Step(("systemctl", "--user", "disable", "--now", f"{NAME}.timer"), False))
        delete += [x for x in (p["timer"], p["service"]) if x.exists()]
    if p["plist"].exists():
        run.append(Step(("launchctl", "bootout", f"gui/{env.uid}/{LABEL}"), False))
        delete.append(p["plist"])
    if p["script"].exists():
        run.append(Step(("termux-job-scheduler", "--cancel", "--job-id", TERMUX_JOB_ID), False))
        delete.append(p["script"])
    crontab = read_crontab()
    if any(line.rstrip().endswith(MARK) for line in crontab.splitlines()):
        rest = without_mark(crontab)
        run.append(Step(("crontab", "-"), stdin=rest) if rest.strip() else Step(("crontab", "-r")))
    if delete and any("systemd" in str(x) for x in delete):
        run.append(Step(("systemctl", "--user", "daemon-reload"), False))
    return Plan("all", None, delete=tuple(delete), run=tuple(run))


def apply(plan: Plan) -> None:
    """Delete, write the plan's files (private folders, then the file's mode), run its steps.
    A required step that fails stops with its message, and the files and folders written are
    removed again: the home is left as it was."""
    made: list[Path] = []  # files and folders created, in order
    for path in plan.delete:
        path.unlink(missing_ok=True)
    try:
        for f in plan.write:
            private_folders(f.path.parent, made)
            _write(f)
            made.append(f.path)
        for step in plan.run:
            _run(step)
    except (PaintrackError, OSError):
        for path in reversed(made):
            with contextlib.suppress(OSError):  # a folder another file went into since stays
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        raise


def private_folders(folder: Path, made: list[Path]) -> None:
    """Make `folder` and the parents it lacks, each 0700 whatever the umask, into `made`."""
    missing = list(itertools.takewhile(lambda p: not p.exists(), (folder, *folder.parents)))
    for p in reversed(missing):
        os.mkdir(p, 0o700)
        made.append(p)
        os.chmod(p, 0o700)  # mkdir's mode passes through the umask; this does not


def _write(f: File) -> None:
    """The file whole or not at all, with its mode from the start (never wider first)."""
    tmp = f.path.with_name(f.path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, f.mode)
    try:
        os.fchmod(fd, f.mode)
        os.write(fd, f.content.encode("utf-8"))
    finally:
        os.close(fd)
    os.replace(tmp, f.path)


def _run(step: Step) -> None:
    if shutil.which(step.argv[0]) is None:
        if not step.check:
            return
        raise PaintrackError(f"`{step.argv[0]}` is not installed here, so this cannot be set up.")
    r = subprocess.run(list(step.argv), input=step.stdin, capture_output=True, text=True)
    if r.returncode != 0 and step.check:
        why = (r.stderr or r.stdout).strip().splitlines()
        raise PaintrackError(
            f"`{step.shown()}` failed: {why[-1] if why else f'exit {r.returncode}'}. "
            "Nothing was installed."
        )


def notify(title: str, message: str, env: Env) -> str | None:
    """A desktop (or phone) notification where the system has a way; the tool used, or None."""
    if env.termux and shutil.which("termux-notification"):
        argv = ["termux-notification", "--id", NAME, "--title", title, "--content", message]
    elif env.platform == "darwin" and shutil.which("osascript"):
        script = f"display notification {_applescript(message)} with title {_applescript(title)}"
        argv = ["osascript", "-e", script]
    elif shutil.which("notify-send"):
        argv = ["notify-send", "--app-name=paintrack", title, message]
    else:
        return None
    subprocess.run(argv, capture_output=True, timeout=30)
    return argv[0]


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
