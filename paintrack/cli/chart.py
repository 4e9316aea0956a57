"""`paintrack chart`: trends in the terminal. plotext loads only here (and not for --table)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Annotated, Any

import typer

from paintrack import store
from paintrack.cli.common import clock, opened, out, when
from paintrack.cli.shell import choices
from paintrack.domain import daily as dl
from paintrack.domain.course import Window, baseline_window
from paintrack.errors import InvalidValue
from paintrack.models import Course
from paintrack.render.text import use_color, width

CHARTS = ("pain", "function", "sleep", "stress", "peg", "meds", "sessions")
KINDS = "|".join((*CHARTS, "all"))


def _kind(what: str) -> str:
    """The chart asked for, or a refusal suggesting the close one (`pian`: pain)."""
    choice = what.strip().lower()
    kinds = (*CHARTS, "all")
    if choice not in kinds:
        from paintrack.domain.values import did_you_mean

        raise InvalidValue("CHART", "one of " + ", ".join(kinds) + did_you_mean(what, kinds), what)
    return choice


@dataclass(frozen=True, slots=True)
class Frame:
    """What a chart shows: the window, the baseline week and the course they belong to."""

    window: Window
    baseline: Window
    course: Course | None


def _frame(conn: store.Db, name: str | None, since: str | None, until: str | None) -> Frame:
    """The active course's windows, or with --course an ended course's own: its baseline
    (the 7 days before its first session, domain.md §1.3) up to the day it ended."""
    from paintrack.usecases.courses import named

    now: datetime = clock()
    today = now.date()
    course = named(conn, name) if name is not None else store.active_course(conn)
    last = course.ended if course is not None and course.ended is not None else today
    days = store.session_dates(conn, course.id) if course and course.id else []
    baseline = baseline_window(days[0] if days else None, last)
    end = when(until, now, "until")[0] if until else last
    if since:
        start = when(since, now, "since")[0]
    elif course is not None:
        start = baseline.start
    else:
        start = store.first_log_date(conn) or today - timedelta(days=27)
    if start > end:
        raise InvalidValue("since", f"on or before --until ({end})", start.isoformat())
    return Frame(Window(start, end), baseline, course)


def chart(
    what: Annotated[
        str | None,
        typer.Argument(
            metavar=f"[{KINDS}]",
            help="Which chart. Default: pain; for --weekly and --table, all.",
            show_default=False,
            autocompletion=choices((*CHARTS, "all")),
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="From this date (default: the course's baseline week)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Up to this date (default: today, or the day the course ended)."
        ),
    ] = None,
    weekly: Annotated[
        bool,
        typer.Option(
            "--weekly", help="A table of weekly means against baseline instead of charts."
        ),
    ] = False,
    table: Annotated[
        bool,
        typer.Option(
            "--table",
            help="The values as plain text, one line per day (per week with --weekly): for a "
            "screen reader, or to copy.",
        ),
    ] = False,
    course_name: Annotated[
        str | None,
        typer.Option(
            "--course",
            metavar="NAME",
            help="An ended course's own windows (its baseline, up to the day it ended).",
        ),
    ] = None,
) -> None:
    """Draw your trends: pain, function, sleep, stress, PEG, meds or sessions (or all)."""
    with opened() as conn:
        choice = _kind(what or ("all" if table or weekly else "pain"))
        frame = _frame(conn, course_name, since, until)
        selected = CHARTS if choice == "all" else (choice,)
        if table or weekly:
            out(_text_table(conn, selected, frame, weekly=weekly, table=table))
            return
        cols, color = width(), use_color(sys.stdout)
        texts = [_one(conn, name, frame, cols, color) for name in selected]
        out("\n\n".join(texts))


def _one(conn: store.Db, name: str, frame: Frame, cols: int, color: bool) -> str:
    from paintrack.domain import aggregate as agg
    from paintrack.render import charts, panels

    window = frame.window
    size: dict[str, Any] = {"width": cols, "height": 18 if cols < 100 else 22, "color": color}
    if name == "pain":
        return _pain(conn, frame, size)
    if name == "sessions":
        course_id = frame.course.id if frame.course else None
        sessions = store.sessions(conn, course_id) if course_id else []
        return charts.sessions_chart(agg.session_points(sessions, window), window, **size)
    if name == "peg":
        pegs = store.pegs_between(conn, min(window.start, frame.baseline.start), window.end)
        peg_base = dl.window_mean(dl.peg_daily(pegs), frame.baseline, 1)  # one is enough (§2)
        return panels.peg_chart(agg.peg_series(pegs, window), window, baseline=peg_base, **size)
    whole = Window(min(window.start, frame.baseline.start), window.end)
    logs = store.logs_between(conn, whole.start, whole.end)
    if name == "function":
        activities = agg.activity_series(logs, window)
        base = _bases(dl.activity_daily(logs), frame.baseline)
        base["psfs"] = dl.window_mean(dl.psfs_daily(logs), frame.baseline)
        psfs = agg.psfs_series(logs, window)
        return panels.function_chart(activities, psfs, window, baselines=base, **size)
    if name in ("sleep", "stress"):
        fields = ("sleep_hours", "sleep_interference") if name == "sleep" else ("stress",)
        base = _bases({f: dl.log_daily(logs, f) for f in fields}, frame.baseline)
        series = [agg.daily_series(logs, f, window) for f in fields]
        if name == "stress":
            return panels.stress_chart(series[0], window, baseline=base["stress"], **size)
        return panels.sleep_chart(series[0], series[1], window, baselines=base, **size)
    meds = {m.name.lower(): m for m in store.medications(conn)}
    data = agg.medication_series(logs, meds, window)
    return charts.meds_chart(data.mme, data.kinds, window, uncounted=data.uncounted, **size)


def _bases(daily: dict[str, dl.Daily], baseline: Window) -> dict[str, Fraction | None]:
    """Each measure's baseline mean (≥4 of 7 days, domain.md §1.3)."""
    return {name: dl.window_mean(days, baseline) for name, days in daily.items()}


def _pain(conn: store.Db, frame: Frame, size: dict[str, Any]) -> str:
    """Days from SQL sums, the baseline as the review has it (domain.daily, domain.md §1.3)."""
    from paintrack.domain import aggregate as agg
    from paintrack.domain.daily import from_sums, window_mean
    from paintrack.render import charts

    window, baseline = frame.window, frame.baseline
    daily = from_sums(store.daily_pain(conn, window.start, window.end))
    base = window_mean(from_sums(store.daily_pain(conn, baseline.start, baseline.end)), baseline)
    course_id = frame.course.id if frame.course else None
    sessions = store.sessions(conn, course_id) if course_id else []
    return charts.pain_chart(
        agg.series("pain", daily, window),
        window,
        baseline=base,
        session_dates=agg.session_dates(sessions, window),
        **size,
    )


def _text_table(
    conn: store.Db, selected: tuple[str, ...], frame: Frame, *, weekly: bool, table: bool
) -> str:
    """--table: plain lines day by day (or week by week); --weekly alone: the weekly table,
    or its lines when the table would not fit the terminal."""
    from paintrack.render import daytable

    window, baseline = frame.window, frame.baseline
    whole = Window(min(window.start, baseline.start), window.end)
    columns = _columns(conn, selected, whole)
    if weekly and not table:
        wide = _weekly_table(conn, whole, frame)
        if wide is not None:
            return wide
    lines: list[str] = []
    if columns and weekly:
        lines = daytable.weekly_lines(columns, window, baseline)
    elif columns:
        lines = daytable.daily_lines([_clipped(c, window) for c in columns], window)
    if "sessions" in selected:
        lines += _session_lines(conn, frame)
    return "\n".join(lines)


def _clipped(c: Any, window: Window) -> Any:
    from dataclasses import replace

    return replace(c, daily={d: v for d, v in c.daily.items() if d in window})


def _columns(conn: store.Db, selected: tuple[str, ...], whole: Window) -> list[Any]:
    """The measures of the chosen charts, each as its daily values over `whole`."""
    from paintrack.domain.weekly import table_daily
    from paintrack.render.daytable import Column

    logs = store.logs_between(conn, whole.start, whole.end)
    pegs = store.pegs_between(conn, whole.start, whole.end)
    meds = {m.name.lower(): m for m in store.medications(conn)}
    daily, _ = table_daily(logs, pegs, meds, whole)
    out: list[Column] = []
    for kind in selected:
        if kind == "pain":
            out.append(Column("pain", daily["pain"]))
        elif kind == "function":
            acts = dl.activity_daily(logs, whole)
            out += [Column(name, days) for name, days in acts.items()]
            out.append(Column("PSFS mean", daily["psfs"]))
        elif kind == "sleep":
            out.append(Column("slept", daily["sleep_hours"], " h"))
            out.append(Column("sleep interference", daily["sleep_interference"]))
        elif kind == "stress":
            out.append(Column("stress", daily["stress"]))
        elif kind == "peg":
            out.append(Column("PEG", daily["peg"], weekly_baseline=True))
        elif kind == "meds":
            out.append(Column("MME", daily["mme"], "/day"))
    return out


def _session_lines(conn: store.Db, frame: Frame) -> list[str]:
    course_id = frame.course.id if frame.course else None
    sessions = store.sessions(conn, course_id) if course_id else []
    shown = [s for s in sessions if s.date in frame.window]
    if not shown:
        return [f"No sessions between {frame.window.start} and {frame.window.end}."]
    return [
        f"Session S{s.id} {s.date}: pain {s.pain_before} → {s.pain_after} "
        f"(immediate relief {s.immediate_relief:+d})"
        for s in shown
    ]


def _weekly_table(conn: store.Db, whole: Window, frame: Frame) -> str | None:
    """The weekly rich table as text at the terminal's width; None when it would not fit."""
    from paintrack.domain.weekly import weekly_table
    from paintrack.render.charts import weekly_table_view
    from paintrack.render.tables import fits, rendered

    logs = store.logs_between(conn, whole.start, whole.end)
    pegs = store.pegs_between(conn, whole.start, whole.end)
    meds = {m.name.lower(): m for m in store.medications(conn)}
    view = weekly_table_view(weekly_table(logs, pegs, meds, frame.baseline, frame.window))
    cols = width()
    return rendered(view, cols) if fits(view, cols) else None
