"""`paintrack course start|list|show|end`."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from paintrack import fields as F
from paintrack import store
from paintrack.cli import common, shell
from paintrack.cli.common import clock, emit_json, opened, out
from paintrack.cli.options import JsonOpt, Opt, Spec, fields, repeated, typed
from paintrack.domain.dates import describe
from paintrack.domain.start_draw import booking_lines, parse_window
from paintrack.errors import InvalidValue
from paintrack.fields import COURSE
from paintrack.render import records, safe
from paintrack.usecases import courses

app = typer.Typer(help="Start, list, show, edit and end courses.", no_args_is_help=True)

START = (
    COURSE["name"],
    *(COURSE[n] for n in ("sessions_planned", "days_planned", "start", "condition")),
    *(COURSE[n] for n in ("therapy", "practitioner", "plan", "goals")),
)


RANDOMISE = inspect.Parameter(
    "randomise_start",
    inspect.Parameter.KEYWORD_ONLY,
    annotation=Annotated[
        str | None,
        typer.Option(
            "--randomise-start",
            metavar="A-B",
            help="Draw your first session's day at random from days A-B of the course (day 1 "
            "= its start; e.g. 8-27), agreed with your practitioner, so the review can test "
            "the change (docs/review.md). Drawn once, now, before anything is logged.",
        ),
    ],
    default=None,
)


@app.command("start")
@fields(*START, RANDOMISE)
def start(**given: Any) -> None:
    """Start a course and agree its re-evaluate point (default: after 6 sessions)."""
    now = clock()
    window = given.pop("randomise_start", None)
    with opened() as conn:
        randomise = None if window is None else parse_window(window)
        values = typed(COURSE, {**given, "name": given["name"].strip()}, now)
        courses.none_active(conn)
        last = courses.last_practitioner(conn)
        if "practitioner" not in values and last and common.interactive():
            from paintrack.cli.prompts import ask_value

            f = COURSE["practitioner"]
            found = ask_value("Practitioner ('-' for none)", last, lambda t: _checked(f, t))
            if found is not None:
                values["practitioner"] = found
        started = courses.start(conn, values, now, randomise)
        c = started.course
        point = f"after {c.sessions_planned} sessions" if c.sessions_planned else ""
        if c.days_planned:
            point += (" or " if point else "") + f"{c.days_planned} days after the first session"
            point += ", whichever comes first" if c.sessions_planned else ""
        out(f"Started course '{c.name}' ({c.therapy}) on {describe(c.start, now.date())}.")
        out(f"Re-evaluate point: {point}.")
        if started.default_point and started.draw is None:  # a draw is never undone
            out(
                f"No --sessions, --days or --plan given: you will re-evaluate after "
                f"{c.sessions_planned} sessions (a usual course is 6–12). To change it: "
                "`paintrack undo`, then start again."
            )
        for line in booking_lines(started.draw, c.start) if started.draw else ():
            out(line)
        out("Next: log every day of the week before your first session (your baseline):")
        out("  paintrack log --pain N")


def _checked(f: F.Field, text: str) -> str:
    f.check(text)
    return text


EDIT: tuple[Spec, ...] = (
    inspect.Parameter(
        "name",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[
            str | None,
            typer.Argument(
                metavar="[NAME]",
                help="Which course. Default: the active one.",
                autocompletion=shell.names("courses"),
            ),
        ],
        default=None,
    ),
    *(Opt(COURSE[n], required=False) for n in courses.EDITABLE),
    Opt(
        COURSE["goals"],
        help="Repeatable: add a goal of yours, e.g. 'walk the dog for 30 minutes' "
        "(with --clear goal: replace them).",
    ),
    repeated(
        "clear",
        "FIELD",
        "Repeatable: empty one of: goal, condition, practitioner, sessions, days.",
        shell.choices(("goal", "condition", "practitioner", "sessions", "days")),
    ),
)
CLEAR_NAMES = {
    "goal": "goals",
    "goals": "goals",
    "condition": "condition",
    "practitioner": "practitioner",
    "sessions": "sessions_planned",
    "days": "days_planned",
}


@app.command("edit")
@fields(*EDIT)
def edit(name: str | None, clear: list[str] | None, **given: Any) -> None:
    """Correct a course: its sessions, days, start, condition, practitioner, therapy, goals.
    The rules hold as when it started; `paintrack undo` reverts it."""
    now = clock()
    with opened() as conn:
        values = typed(COURSE, given, now)
        cleared = []
        for item in clear or []:
            key = CLEAR_NAMES.get(item.strip().lower())
            if key is None:
                raise InvalidValue(
                    "clear", "one of " + ", ".join(sorted(set(CLEAR_NAMES) - {"goals"})), item
                )
            cleared.append(key)
        result = courses.edit(conn, name, values, cleared, now)
        if not result.changed:
            out(f"Course '{safe.line(result.old.name)}' already has those values; nothing changed.")
            return
        out(f"Edited course '{safe.line(result.old.name)}':")
        for key in result.changed:
            f = COURSE[key]
            out(
                f"  {f.label}: {_shown(getattr(result.old, key))} → {_shown(getattr(result.new, key))}"
            )
        if result.ended_draw:
            out(f"The randomised start is ended: {result.ended_draw}. No p-value at review.")
        out("Changed your mind? paintrack undo")


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, tuple):
        return "; ".join(safe.line(v) for v in value)
    return safe.line(str(value))


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
    name: str | None = typer.Argument(
        None, help="Course name. Default: the active course.", autocompletion=shell.names("courses")
    ),
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
        from paintrack.render.text import width

        print_renderable(course_view(c, sessions, width()))


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
