"""`paintrack course start|list|show|end`."""

from __future__ import annotations

from typing import Any

import typer

from paintrack import store
from paintrack.cli.common import JsonOpt, clock, emit_json, opened, out
from paintrack.cli.options import Opt, fields, typed
from paintrack.domain.dates import describe
from paintrack.fields import COURSE
from paintrack.render import records
from paintrack.usecases import courses

app = typer.Typer(help="Start, list, show and end courses.", no_args_is_help=True)

START = (
    COURSE["name"],
    *(COURSE[n] for n in ("sessions_planned", "days_planned", "start", "condition")),
    *(COURSE[n] for n in ("therapy", "practitioner", "plan", "goals")),
)


@app.command("start")
@fields(*START)
def start(**given: Any) -> None:
    """Start a course and agree its re-evaluate point (default: after 6 sessions)."""
    now = clock()
    with opened() as conn:
        values = typed(COURSE, {**given, "name": given["name"].strip()}, now)
        started = courses.start(conn, values, now)
        c = started.course
        point = f"after {c.sessions_planned} sessions" if c.sessions_planned else ""
        if c.days_planned:
            point += (" or " if point else "") + f"{c.days_planned} days after the first session"
            point += ", whichever comes first" if c.sessions_planned else ""
        out(f"Started course '{c.name}' ({c.therapy}) on {describe(c.start, now.date())}.")
        out(f"Re-evaluate point: {point}.")
        if started.default_point:
            out(
                f"No --sessions, --days or --plan given: you will re-evaluate after "
                f"{c.sessions_planned} sessions (a usual course is 6–12). To change it: "
                "`paintrack undo`, then start again."
            )
        out("Next: log every day of the week before your first session (your baseline):")
        out("  paintrack log --pain N")


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List your courses, the active one marked."""
    with opened() as conn:
        rows = store.courses(conn)
        if as_json:
            emit_json([records.course_json(c, n) for c, n in rows])
        elif not rows:
            out("No courses yet. Start one: paintrack course start NAME --sessions N")
        else:
            out(records.course_lines(rows))


@app.command("show")
def show(
    name: str | None = typer.Argument(None, help="Course name. Default: the active course."),
    as_json: JsonOpt = False,
) -> None:
    """Show one course in full, with its sessions."""
    with opened() as conn:
        c = courses.named(conn, name)
        sessions = store.sessions(conn, c.id or 0)
        if as_json:
            emit_json(
                {
                    **records.course_json(c, len(sessions)),
                    "sessions": [records.entry_dict(s) for s in sessions],
                }
            )
            return
        from paintrack.render.tables import course_view, print_renderable

        print_renderable(course_view(c, sessions))


@app.command("end")
@fields(Opt(COURSE["outcome"]), Opt(COURSE["ended"]))
def end(**given: Any) -> None:
    """End the active course, with an outcome in your words."""
    now = clock()
    with opened() as conn:
        values = typed(COURSE, given, now)
        ended = courses.end(conn, values.get("ended", now.date()), values.get("outcome"), now)
        c = ended.course
        out(
            f"Ended course '{c.name}' on {describe(c.ended or now.date(), now.date())}"
            + (f": {c.outcome}." if c.outcome else ".")
        )
