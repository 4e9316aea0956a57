"""`paintrack session`, `paintrack log`, `paintrack peg`: what a patient logs. The hot path.

Only the standard library, typer and paintrack's own plain-text renderer load here.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer

from paintrack import reference as ref
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import DateOpt, NoteOpt, clock, opened, out, when
from paintrack.domain.dates import describe
from paintrack.domain.parse import codes, number, pairs, whole
from paintrack.errors import InvalidValue, PaintrackError
from paintrack.models import ActivityRating, DailyLog, Dose, Peg, Session
from paintrack.render.text import log_summary, red_flag_panel, use_color, width

NRS = "0-10"
RED_FLAG_HELP = "; ".join(f"{f.code} = {f.label}" for f in ref.RED_FLAGS.values())
SIDE_EFFECT_HELP = ", ".join(ref.SIDE_EFFECTS)
TECHNIQUE_HELP = ", ".join(ref.TECHNIQUES)


def session(
    pain_before: Annotated[
        str, typer.Option(metavar=NRS, help="Pain right before needling (0 none, 10 worst).")
    ],
    pain_after: Annotated[
        str, typer.Option(metavar=NRS, help="Pain right after, before you leave.")
    ],
    date_text: DateOpt = None,
    minutes: Annotated[
        str | None, typer.Option(metavar="MIN", help="How long the session lasted.")
    ] = None,
    needles: Annotated[str | None, typer.Option(metavar="K", help="How many needles.")] = None,
    technique: Annotated[
        list[str] | None, typer.Option(metavar="T", help=f"Repeatable: {TECHNIQUE_HELP}.")
    ] = None,
    side_effect: Annotated[
        list[str] | None, typer.Option(metavar="S", help=f"Repeatable: {SIDE_EFFECT_HELP}.")
    ] = None,
    points: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Points used, as your practitioner says them."),
    ] = None,
    practitioner: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Who treated you (default: the course's).")
    ] = None,
    cost: Annotated[str | None, typer.Option(metavar="AMOUNT", help="What it cost.")] = None,
    note: NoteOpt = None,
) -> None:
    """Log a treatment session of the active course (pain before and after, side effects)."""
    now = clock()
    with opened() as conn:
        course = store.require_active_course(conn)
        assert course.id is not None
        day, time = when(date_text, now)
        if day < course.start:
            raise InvalidValue(
                "date", f"on or after the course start ({course.start})", day.isoformat()
            )
        s = Session(
            course_id=course.id,
            day=day,
            time=time,
            pain_before=whole("pain-before", pain_before, 0, 10),  # type: ignore[arg-type]
            pain_after=whole("pain-after", pain_after, 0, 10),  # type: ignore[arg-type]
            minutes=whole("minutes", minutes, 1, ref.SESSION_MINUTES_MAX),
            needles=whole("needles", needles, 0, ref.SESSION_NEEDLES_MAX),
            techniques=codes("technique", technique or [], list(ref.TECHNIQUES)),
            side_effects=codes("side-effect", side_effect or [], list(ref.SIDE_EFFECTS)),
            points=points,
            practitioner=practitioner or course.practitioner,
            cost=number("cost", cost, 0, 100_000),
            note=note,
        )
        with store.writing(conn, "session", now):
            sid = store.insert_session(conn, s, now)
            store.set_change_summary(conn, f"session S{sid} on {day}")
        done = len(store.session_days(conn, course.id))
        of = f" of {course.sessions_planned}" if course.sessions_planned else ""
        relief = s.immediate_relief
        change = (
            f"{relief} point{'s' if relief != 1 else ''} of immediate relief"
            if relief > 0
            else "no immediate change"
            if relief == 0
            else f"{-relief} point{'s' if relief != -1 else ''} worse right after"
        )
        text = (
            f"Logged session S{sid} ({done}{of}) for {describe(day, now.date())}: "
            f"pain {s.pain_before} → {s.pain_after}, {change}."
        )
        out(textwrap.fill(text, width(), subsequent_indent="  ", break_on_hyphens=False))
        if course.plan:  # the plan's yearly cap (domain.md §8)
            cap, in_year = ref.PLANS[course.plan].yearly_cap, store.sessions_in_year(conn, day)
            if in_year > cap:
                out(
                    f"Note: {in_year} sessions in the last 365 days; {course.plan} covers {cap} a year."
                )
        if s.side_effects:
            out(
                "Side effects: "
                + ", ".join(ref.SIDE_EFFECTS[c].lower() for c in s.side_effects)
                + ". Tell your practitioner at the next visit."
            )


def log(
    pain: Annotated[
        str | None,
        typer.Option(
            "--pain",
            "-p",
            metavar=NRS,
            help="Average pain over the last 24 h (0 none, 10 worst). Required.",
        ),
    ] = None,
    worst: Annotated[
        str | None, typer.Option(metavar=NRS, help="Worst pain in the last 24 h.")
    ] = None,
    least: Annotated[
        str | None, typer.Option(metavar=NRS, help="Least pain in the last 24 h.")
    ] = None,
    sleep_hours: Annotated[str | None, typer.Option(metavar="0-24", help="Hours slept.")] = None,
    sleep_interference: Annotated[
        str | None,
        typer.Option(metavar=NRS, help="How much pain interfered with sleep (0 not at all)."),
    ] = None,
    stress: Annotated[
        str | None, typer.Option(metavar=NRS, help="Stress (0 none, 10 worst imaginable).")
    ] = None,
    med: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=COUNT",
            help="Repeatable: units taken of a listed medication, e.g. ibuprofen=2.",
        ),
    ] = None,
    activity: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=N",
            help="Repeatable: how well you can do a chosen activity (0 unable, 10 as before), e.g. walking=6.",
        ),
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CODE", help=f"Repeatable: a red-flag symptom. Codes: {RED_FLAG_HELP}."
        ),
    ] = None,
    date_text: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Log how you are today. With no values on a terminal, asks for each one."""
    now = clock()
    with opened() as conn:
        given = [
            pain,
            worst,
            least,
            sleep_hours,
            sleep_interference,
            stress,
            med,
            activity,
            red_flag,
            note,
        ]
        if all(v is None for v in given) and common.interactive():
            a = _ask(conn)
            pain, worst, least, sleep_hours = a["pain"], a["worst"], a["least"], a["sleep_hours"]
            sleep_interference, stress, note = a["sleep_interference"], a["stress"], a["note"]
            med, activity, red_flag = a["med"], a["activity"], a["red_flag"]
        if pain is None:
            raise InvalidValue("pain", "given: your average pain over the last 24 h, 0 to 10")
        entry = _build_log(
            now,
            date_text,
            pain,
            worst,
            least,
            sleep_hours,
            sleep_interference,
            stress,
            med or [],
            activity or [],
            red_flag or [],
            note,
        )
        with store.writing(conn, "log", now):
            log_id = store.insert_log(conn, entry, now)
            store.set_change_summary(conn, f"log L{log_id} on {entry.day}")
        out(log_summary(entry, f"L{log_id}", now.date()))
        if entry.red_flags:
            from paintrack.models import RedFlagEvent

            flags = [RedFlagEvent(entry.day, c, log_id) for c in entry.red_flags]
            typer.echo(red_flag_panel(flags, color=use_color(sys.stderr), cols=width()), err=True)


def _build_log(
    now: datetime,
    date_text: str | None,
    pain: str,
    worst: str | None,
    least: str | None,
    sleep_hours: str | None,
    sleep_interference: str | None,
    stress: str | None,
    med: list[str],
    activity: list[str],
    red_flag: list[str],
    note: str | None,
) -> DailyLog:
    day, time = when(date_text, now)
    return DailyLog(
        day=day,
        time=time,
        pain=whole("pain", pain, 0, 10),  # type: ignore[arg-type]
        worst=whole("worst", worst, 0, 10),
        least=whole("least", least, 0, 10),
        sleep_hours=number("sleep-hours", sleep_hours, 0, ref.SLEEP_HOURS_MAX),
        sleep_interference=whole("sleep-interference", sleep_interference, 0, 10),
        stress=whole("stress", stress, 0, 10),
        doses=tuple(
            Dose(name, number("med", count, 0, ref.DOSE_COUNT_MAX, open_lo=True))  # type: ignore[arg-type]
            for name, count in pairs("med", med, "ibuprofen=2")
        ),
        ratings=tuple(
            ActivityRating(name, whole("activity", value, 0, 10))  # type: ignore[arg-type]
            for name, value in pairs("activity", activity, "walking=6")
        ),
        red_flags=codes("red-flag", red_flag, list(ref.RED_FLAGS)),
        note=note,
    )


def _ask(conn: store.Db) -> dict[str, Any]:
    """Ask for each value, offering the previous log's. Ctrl-C (or EOF) aborts: nothing is written."""
    prev = store.last_log(conn)
    typer.echo("How are you today? Enter keeps the [value], '-' leaves one out, Ctrl-C cancels.")

    def ask(
        label: str, option: str, check: Callable[[str, str], object], default: object | None
    ) -> str | None:
        while True:
            shown = (
                ""
                if default is None
                else (f"{default:g}" if isinstance(default, float) else str(default))
            )
            answer = str(typer.prompt(label, default=shown, show_default=bool(shown))).strip()
            if answer in ("", "-"):
                return None
            try:
                check(option, answer)
                return answer
            except PaintrackError as e:
                typer.echo(f"  {e}", err=True)

    def nrs(option: str, text: str) -> object:
        return whole(option, text, 0, 10)

    pain = None
    while pain is None:
        pain = ask(
            "Average pain over the last 24 h (0 none - 10 worst)",
            "pain",
            nrs,
            prev.pain if prev else None,
        )
    worst = ask("Worst pain (0-10)", "worst", nrs, prev.worst if prev else None)
    least = ask("Least pain (0-10)", "least", nrs, prev.least if prev else None)
    sleep_hours = ask(
        "Hours slept",
        "sleep-hours",
        lambda o, t: number(o, t, 0, 24),
        prev.sleep_hours if prev else None,
    )
    sleep_int = ask(
        "How much pain interfered with sleep (0-10)",
        "sleep-interference",
        nrs,
        prev.sleep_interference if prev else None,
    )
    stress = ask("Stress (0-10)", "stress", nrs, prev.stress if prev else None)
    meds: list[str] = []
    prev_doses = {d.medication.lower(): d.count for d in prev.doses} if prev else {}
    for m in store.medications(conn):
        count = ask(
            f"Units of {m.name} taken",
            "med",
            lambda o, t: number(o, t, 0, ref.DOSE_COUNT_MAX),
            prev_doses.get(m.name.lower()),
        )
        if count is not None and float(count) > 0:
            meds.append(f"{m.name}={count}")
    acts: list[str] = []
    prev_ratings = {r.activity.lower(): r.rating for r in prev.ratings} if prev else {}
    for a in store.activities(conn):
        rating = ask(
            f"{a.name}: how well can you do it (0 unable - 10 as before)",
            "activity",
            nrs,
            prev_ratings.get(a.name.lower()),
        )
        if rating is not None:
            acts.append(f"{a.name}={rating}")
    typer.echo(textwrap.fill("Red-flag symptom codes: " + ", ".join(ref.RED_FLAGS) + ".", width()))
    flags_text = ask(
        "Any red-flag symptom? Code(s), or Enter for none",
        "red-flag",
        lambda o, t: codes(o, [t], list(ref.RED_FLAGS)),
        None,
    )
    note = str(typer.prompt("Note", default="", show_default=False)).strip() or None
    return {
        "pain": pain,
        "worst": worst,
        "least": least,
        "sleep_hours": sleep_hours,
        "sleep_interference": sleep_int,
        "stress": stress,
        "med": meds,
        "activity": acts,
        "red_flag": [flags_text] if flags_text else [],
        "note": note,
    }


def peg(
    pain: Annotated[str, typer.Option(metavar=NRS, help="Your pain on average in the past week.")],
    enjoyment: Annotated[
        str, typer.Option(metavar=NRS, help="How pain interfered with your enjoyment of life.")
    ],
    general_activity: Annotated[
        str, typer.Option(metavar=NRS, help="How pain interfered with your general activity.")
    ],
    date_text: DateOpt = None,
) -> None:
    """Log the weekly PEG: pain, enjoyment of life, general activity, over the past week."""
    now = clock()
    with opened() as conn:
        day, time = when(date_text, now)
        p = Peg(
            day=day,
            time=time,
            pain=whole("pain", pain, 0, 10),  # type: ignore[arg-type]
            enjoyment=whole("enjoyment", enjoyment, 0, 10),  # type: ignore[arg-type]
            general_activity=whole("general-activity", general_activity, 0, 10),  # type: ignore[arg-type]
        )
        recent = store.last_peg_day(conn, day - timedelta(days=6), day)
        with store.writing(conn, "peg", now):
            pid = store.insert_peg(conn, p, now)
            store.set_change_summary(conn, f"PEG P{pid} on {day}")
        out(
            f"Logged PEG P{pid} for {describe(day, now.date())}: score {p.score:.1f} "
            f"(pain {p.pain}, enjoyment {p.enjoyment}, general activity {p.general_activity})."
        )
        if recent:
            out(
                f"Note: you also logged a PEG on {recent}. It asks about the past week, so once a week is enough."
            )
