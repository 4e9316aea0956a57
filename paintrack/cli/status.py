"""`paintrack status`: where the active course stands. A hot path: plain text, no rich."""

from __future__ import annotations

import sys

from paintrack.cli.common import clock, emit_json, err, opened, out
from paintrack.cli.specs import JSON, Spec
from paintrack.render.text import status_text, use_color, width
from paintrack.usecases.courses import status as course_status

OPTIONS: tuple[Spec, ...] = (JSON,)


def status(as_json: bool = False) -> None:
    """Where the active course stands: sessions, baseline, last log, the re-evaluate point."""
    today = clock().date()
    with opened(daily=True, reevaluate=False) as conn:  # the text shows the point itself
        s = course_status(conn, today)
        if as_json:
            emit_json(s.as_json())
        else:
            out(status_text(s, color=use_color(sys.stdout), cols=width()))
            from paintrack.usecases.sync_notice import notices  # a line at most, when it applies

            for line in notices(conn, clock()):
                err(line)
