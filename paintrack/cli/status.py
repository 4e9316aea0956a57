"""`paintrack status`: where the active course stands. A hot path: plain text, no rich."""

from __future__ import annotations

import sys

from paintrack import store
from paintrack.cli.common import JsonOpt, clock, emit_json, opened, out
from paintrack.domain.course import Status, baseline_window, red_flag_since
from paintrack.render.text import status_text, use_color, width


def status(as_json: JsonOpt = False) -> None:
    """Where the active course stands: sessions, baseline, last log, the re-evaluate point."""
    today = clock().date()
    with opened() as conn:
        course = store.require_active_course(conn)
        point = store.course_point(conn, course, today)
        window = baseline_window(point.first_session, today)
        s = Status(
            course=course,
            point=point,
            today=today,
            baseline=window,
            baseline_days_logged=store.days_logged(conn, window.start, window.end),
            last_log_day=store.last_log_day(conn),
            red_flags=tuple(
                store.red_flags_since(conn, red_flag_since(course, point.first_session))
            ),
        )
        if as_json:
            emit_json(s.as_json())
        else:
            out(status_text(s, color=use_color(sys.stdout), cols=width()))
