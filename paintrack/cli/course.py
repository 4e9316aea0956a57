"""`paintrack course start|list|show|end`."""

from __future__ import annotations

from typing import Annotated

import typer

from paintrack import reference as ref
from paintrack import store
from paintrack.cli.common import DateOpt, JsonOpt, clock, emit_json, opened, out, when
from paintrack.domain.dates import describe
from paintrack.domain.parse import whole
from paintrack.errors import InvalidValue
from paintrack.models import Course

app = typer.Typer(help="Start, list, show and end courses.", no_args_is_help=True)

PLAN_HELP = "; ".join(f"{p.name} = {p.summary}" for p in ref.PLANS.values())


@app.command("start")
def start(
    name: Annotated[str, typer.Argument(help="A short name, e.g. 'back-2026'.")],
    sessions: Annotated[
        str | None,
        typer.Option(metavar=f"1-{ref.MAX_SESSIONS}", help="Re-evaluate after this many sessions."),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(
            metavar=f"1-{ref.MAX_DAYS}", help="...or this many days after the first session."
        ),
    ] = None,
    start_date: Annotated[
        str | None,
        typer.Option("--start", metavar="DATE", help="When the course starts. Default: today."),
    ] = None,
    condition: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What is treated, e.g. 'low back pain'.")
    ] = None,
    therapy: Annotated[str, typer.Option(metavar="TEXT", help="The therapy.")] = "acupuncture",
    practitioner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Who treats you.")
    ] = None,
    plan: Annotated[
        str | None, typer.Option(metavar="PLAN", help=f"A coverage plan: {PLAN_HELP}.")
    ] = None,
    goals: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What success means to you, in your words.")
    ] = None,
) -> None:
    """Start a course and agree its re-evaluate point (default: after 6 sessions)."""
    now = clock()
    with opened() as conn:
        n = whole("sessions", sessions, 1, ref.MAX_SESSIONS)
        d = whole("days", days, 1, ref.MAX_DAYS)
        note = None
        if plan is not None:
            if plan not in ref.PLANS:
                raise InvalidValue("plan", "one of " + ", ".join(ref.PLANS), plan)
            if n is not None or d is not None:
                raise InvalidValue(
                    "plan", "used without --sessions/--days (the plan sets them)", plan
                )
            n, d = ref.PLANS[plan].sessions, ref.PLANS[plan].days  # domain.md §8
        elif n is None and d is None:
            n = ref.DEFAULT_SESSIONS  # a usual course is 6–12 sessions (domain.md §9)
            note = (
                f"No --sessions, --days or --plan given: you will re-evaluate after {n} sessions "
                "(a usual course is 6–12). To change it: `paintrack undo`, then start again."
            )
        day, _ = when(start_date, now, "start")
        course = Course(
            name=name.strip(),
            start=day,
            sessions_planned=n,
            days_planned=d,
            therapy=therapy,
            condition=condition,
            practitioner=practitioner,
            plan=plan,
            goals=goals,
        )
        with store.writing(conn, f"course start {course.name}", now):
            store.insert_course(conn, course, now)
            store.set_change_summary(conn, f"course start '{course.name}'")
        point = f"after {n} sessions" if n else ""
        if d:
            point += (" or " if point else "") + f"{d} days after the first session"
            point += ", whichever comes first" if n else ""
        out(f"Started course '{course.name}' ({course.therapy}) on {describe(day, now.date())}.")
        out(f"Re-evaluate point: {point}.")
        if note:
            out(note)
        out("Next: log every day of the week before your first session (your baseline):")
        out("  paintrack log --pain N")


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List your courses, the active one marked."""
    with opened() as conn:
        rows = store.courses(conn)
        if as_json:
            emit_json([_course_json(c, n) for c, n in rows])
            return
        if not rows:
            out("No courses yet. Start one: paintrack course start NAME --sessions N")
            return
        name_width = max(len(c.name) for c, _ in rows)
        for c, n in rows:
            planned = f"/{c.sessions_planned}" if c.sessions_planned else ""
            state = (
                "active"
                if c.ended is None
                else f"ended {c.ended}" + (f": {c.outcome}" if c.outcome else "")
            )
            cond = f" for {c.condition}" if c.condition else ""
            out(
                f"{'*' if c.ended is None else ' '} {c.name.ljust(name_width)}  {c.therapy}{cond}, "
                f"from {c.start}, "
                f"{n}{planned} sessions, {state}"
            )


def _course_json(c: Course, sessions_done: int) -> dict[str, object]:
    return {
        "name": c.name,
        "therapy": c.therapy,
        "condition": c.condition,
        "practitioner": c.practitioner,
        "start": c.start.isoformat(),
        "sessions_planned": c.sessions_planned,
        "days_planned": c.days_planned,
        "plan": c.plan,
        "goals": c.goals,
        "sessions_done": sessions_done,
        "ended": c.ended.isoformat() if c.ended else None,
        "outcome": c.outcome,
        "active": c.ended is None,
    }


@app.command("show")
def show(
    name: Annotated[
        str | None, typer.Argument(help="Course name. Default: the active course.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one course in full, with its sessions."""
    with opened() as conn:
        c = store.course_named(conn, name)
        assert c.id is not None
        sessions = store.sessions(conn, c.id)
        if as_json:
            data = _course_json(c, len(sessions))
            data["sessions"] = [
                {
                    "id": f"S{s.id}",
                    "date": s.day.isoformat(),
                    "time": s.time,
                    "pain_before": s.pain_before,
                    "pain_after": s.pain_after,
                    "minutes": s.minutes,
                    "needles": s.needles,
                    "techniques": list(s.techniques),
                    "side_effects": list(s.side_effects),
                    "note": s.note,
                }
                for s in sessions
            ]
            emit_json(data)
            return
        from paintrack.render.tables import course_view, print_renderable

        print_renderable(course_view(c, sessions))


@app.command("end")
def end(
    outcome: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="How it ended, e.g. 'helped, continuing monthly'."),
    ] = None,
    date_text: DateOpt = None,
) -> None:
    """End the active course, with an outcome in your words."""
    now = clock()
    with opened() as conn:
        course = store.require_active_course(conn)
        day, _ = when(date_text, now)
        with store.writing(conn, f"course end {course.name}", now):
            store.end_course(conn, course, day, outcome)
            store.set_change_summary(conn, f"course end '{course.name}'")
        out(
            f"Ended course '{course.name}' on {describe(day, now.date())}"
            + (f": {outcome}." if outcome else ".")
        )
