"""`paintrack remind install|remove|status|check`: a daily reminder through the OS scheduler.

`install` prints exactly what it would write and run, and does it only with --yes. The
scheduler then runs the quiet `remind check`, which notifies only when nothing is logged today.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, opened, out, user_errors
from paintrack.cli.daily import first_time_today
from paintrack.cli.shell import choices

app = typer.Typer(
    help="A daily reminder to log, through your system's own scheduler (no daemon).",
    no_args_is_help=True,
)
SCHEDULERS = ("systemd", "launchd", "cron", "termux")  # = paintrack.remind.SCHEDULERS
WHY = {
    "systemd": "a systemd user timer (Persistent=true: a missed reminder runs at the next start)",
    "launchd": "a launchd agent",
    "cron": "a crontab line (no systemd, launchd or Termux here)",
    "termux": "a Termux job (hourly, reminding after the time you chose)",
}


def _program() -> list[str]:
    """How the scheduler starts this paintrack: the installed script, else `python -m`."""
    exe = Path(sys.executable).parent / "paintrack"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "paintrack"]


def _db() -> Path:
    path, _ = store.resolve_db_path(common.db_option())
    return path.absolute()


@app.command("install")
def install(
    at: Annotated[str, typer.Option("--at", metavar="HH:MM", help="When, every day.")] = "20:30",
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Install it (without: show what it would do).")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="The scheduler: " + ", ".join(SCHEDULERS) + ". Default: this system's.",
            autocompletion=choices(SCHEDULERS),
        ),
    ] = None,
) -> None:
    """Install a daily reminder, shown only on days with nothing logged. Without --yes it
    prints exactly what it would write and run, and writes nothing."""
    from paintrack import remind

    with user_errors():
        env = remind.Env.here()
        when = remind.check_time(at)
        chosen = (scheduler or remind.detect(env)).strip().lower()
        plan = remind.plan_install(chosen, when, _program(), _db(), env)
    out(f"A daily reminder at {when} with {WHY.get(chosen, chosen)}.")
    out("It runs `paintrack remind check`, which notifies you only if nothing is logged that day.")
    _show(plan)
    if not yes:
        out(f"Nothing was written. To install it: paintrack remind install --at {when} --yes")
        return
    with user_errors():
        remind.apply(plan)
    out("Installed. `paintrack remind status` shows it; `paintrack remind remove` undoes it.")


def _show(plan: object) -> None:
    """The plan, file contents as written (not folded to the screen's width); anything a
    terminal would act on shown as a visible escape (render.safe)."""
    from paintrack.remind import Plan
    from paintrack.render.safe import terminal

    assert isinstance(plan, Plan)
    for path in plan.delete:
        out(terminal(f"Delete {path}"))
    for f in plan.write:
        out(terminal(f"Write {f.path} (mode {f.mode:o}):"))
        sys.stdout.write(terminal(f.content if f.content.endswith("\n") else f.content + "\n"))
    crontab = [s.stdin for s in plan.run if s.stdin is not None]
    if crontab:
        out("Your crontab becomes:")
        sys.stdout.write(terminal(crontab[0]))
    if plan.run:
        out("Run:")
        for step in plan.run:
            out(terminal("  " + step.shown()))
    for note in plan.notes:
        out(note)


@app.command("remove")
def remove() -> None:
    """Remove the reminder completely: its files, its timer or job, its crontab line."""
    from paintrack import remind

    with user_errors():
        env = remind.Env.here()
        plan = remind.plan_remove(env)
        if plan.empty:
            out("No reminder is installed; nothing to remove.")
            return
        _show(plan)
        remind.apply(plan)
    out("Removed. `paintrack remind install` sets one up again.")


@app.command("status")
def status() -> None:
    """Show the reminder installed, if any, and the database it checks."""
    from paintrack import remind

    with user_errors():
        found = remind.installed(remind.Env.here())
    if not found:
        out("No reminder installed. To add one: paintrack remind install --at 20:30")
        return
    for scheduler, what in found:
        out(f"{scheduler}: {what}")
    out(f"It checks {_db()}. `paintrack remind remove` removes it.")


@app.command("check")
def check(
    after: Annotated[
        str | None,
        typer.Option(metavar="HH:MM", help="Remind only from this time of day on (Termux)."),
    ] = None,
) -> None:
    """Notify (desktop or phone) if nothing is logged today during a course; otherwise, and
    off a terminal always, quiet: what the scheduler runs."""
    from paintrack import remind

    now = clock()
    with user_errors():
        if after is not None and now.strftime("%H:%M") < remind.check_time(after):
            return
    with opened() as conn:
        course = store.active_course(conn)
        logged = store.days_logged(conn, now.date(), now.date()) > 0
        due = course is not None and not logged
        if due and not first_time_today(conn, "reminded", now.date()):
            due = False
    sent = None
    if due:
        message = "Nothing logged today. How is your pain? paintrack log N"
        sent = remind.notify("paintrack", message, remind.Env.here())
    if sys.stdout.isatty():  # a person ran it: say what happened
        out(_said(course is not None, logged, due, sent))


def _said(active: bool, logged: bool, due: bool, sent: str | None) -> str:
    if not active:
        return "Nothing to remind: no active course."
    if logged:
        return "Nothing to remind: today is logged."
    if not due:
        return "Already reminded today."
    if sent:
        return f"Reminder sent ({sent})."
    return (
        "Nothing logged today; no way to notify here (notify-send, osascript, termux-notification)."
    )
