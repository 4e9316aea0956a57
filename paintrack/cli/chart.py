"""`paintrack chart`: trends in the terminal. plotext loads only here."""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from typing import Annotated, Any

import typer

from paintrack import store
from paintrack.cli.common import clock, opened, out, when
from paintrack.domain.course import Window, baseline_window
from paintrack.errors import InvalidValue
from paintrack.render.text import use_color

CHARTS = ("pain", "function", "sleep", "stress", "meds", "sessions")


def _kind(what: str) -> str:
    """The chart asked for, or a refusal suggesting the close one (`pian`: pain)."""
    choice = what.strip().lower()
    kinds = (*CHARTS, "all")
    if choice not in kinds:
        from paintrack.domain.values import did_you_mean

        raise InvalidValue("CHART", "one of " + ", ".join(kinds) + did_you_mean(what, kinds), what)
    return choice


def chart(
    what: Annotated[
        str,
        typer.Argument(
            metavar="[pain|function|sleep|stress|meds|sessions|all]", help="Which chart."
        ),
    ] = "pain",
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="From this date (default: the course's baseline week)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="Up to this date (default: today).")
    ] = None,
    weekly: Annotated[
        bool,
        typer.Option(
            "--weekly", help="A table of weekly means against baseline instead of charts."
        ),
    ] = False,
) -> None:
    """Draw your trends: pain, function, sleep, stress, medication or sessions (or all)."""
    now = clock()
    today = now.date()
    with opened() as conn:
        choice = _kind(what)
        course = store.active_course(conn)
        days = store.session_dates(conn, course.id) if course and course.id else []
        baseline = baseline_window(days[0] if days else None, today)
        end = when(until, now, "until")[0] if until else today
        if since:
            start = when(since, now, "since")[0]
        else:
            first_log = store.first_log_date(conn)
            start = baseline.start if course else (first_log or today - timedelta(days=27))
        if start > end:
            raise InvalidValue("since", f"on or before --until ({end})", start.isoformat())
        window = Window(start, end)
        cols = max(40, shutil.get_terminal_size((80, 24)).columns)
        color = use_color(sys.stdout)
        selected = CHARTS if choice == "all" else (choice,)
        if weekly:
            _weekly(conn, window, baseline)
            return
        texts = [
            _one(
                conn,
                name,
                window,
                baseline,
                course.id if course else None,
                cols,
                color,
                titled=choice == "all",
            )
            for name in selected
        ]
        out("\n\n".join(texts))


def _one(
    conn: store.Db,
    name: str,
    window: Window,
    baseline: Window,
    course_id: int | None,
    cols: int,
    color: bool,
    *,
    titled: bool,
) -> str:
    from paintrack.domain import aggregate as agg
    from paintrack.render import charts

    size: dict[str, Any] = {"width": cols, "height": 18 if cols < 100 else 22, "color": color}
    if name == "pain":
        return _pain(conn, window, baseline, course_id, size)
    if name == "sessions":
        sessions = store.sessions(conn, course_id) if course_id else []
        return charts.sessions_chart(agg.session_points(sessions, window), window, **size)
    logs = store.logs_between(conn, window.start, window.end)
    if name == "function":
        activities = agg.activity_series(logs, window)
        return charts.function_chart(activities, agg.psfs_series(logs, window), window, **size)
    if name == "sleep":
        hours = agg.daily_series(logs, "sleep_hours", window)
        interference = agg.daily_series(logs, "sleep_interference", window)
        return charts.sleep_chart(hours, interference, window, **size)
    if name == "stress":
        return charts.stress_chart(agg.daily_series(logs, "stress", window), window, **size)
    meds = {m.name.lower(): m for m in store.medications(conn)}
    data = agg.medication_series(logs, meds, window)
    return charts.meds_chart(data.mme, data.kinds, window, uncounted=data.uncounted, **size)


def _pain(
    conn: store.Db,
    window: Window,
    baseline: Window,
    course_id: int | None,
    size: dict[str, Any],
) -> str:
    """Days from SQL sums, the baseline as the review has it (domain.daily, domain.md §1.3)."""
    from paintrack.domain import aggregate as agg
    from paintrack.domain.daily import from_sums, window_mean
    from paintrack.render import charts

    daily = from_sums(store.daily_pain(conn, window.start, window.end))
    base = window_mean(from_sums(store.daily_pain(conn, baseline.start, baseline.end)), baseline)
    sessions = store.sessions(conn, course_id) if course_id else []
    return charts.pain_chart(
        agg.series("pain", daily, window),
        window,
        baseline=base,
        session_dates=agg.session_dates(sessions, window),
        **size,
    )


def _weekly(conn: store.Db, window: Window, baseline: Window) -> None:
    from paintrack.domain.weekly import weekly_table
    from paintrack.render.charts import weekly_table_view
    from paintrack.render.tables import print_renderable

    whole = Window(min(window.start, baseline.start), window.end)
    logs = store.logs_between(conn, whole.start, whole.end)
    pegs = store.pegs_between(conn, whole.start, whole.end)
    meds = {m.name.lower(): m for m in store.medications(conn)}
    print_renderable(weekly_table_view(weekly_table(logs, pegs, meds, baseline, window)))
