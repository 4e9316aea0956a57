"""Real output of the demo course for the docs, as of a fixed date so cog --check stays stable.

Used by the cog blocks in docs/*.md: the text comes from paintrack's own code, never typed.
"""

from __future__ import annotations

import io
import tempfile
from datetime import datetime
from pathlib import Path

from rich.console import Console

from paintrack import store
from paintrack.cli.chart import Frame, _columns, _one
from paintrack.demo import build
from paintrack.domain.course import Window, baseline_window
from paintrack.domain.review import review
from paintrack.domain.weekly import weekly_table
from paintrack.render.charts import weekly_table_view
from paintrack.render.review import review_view
from paintrack.usecases import transfer
from paintrack.usecases.courses import require_active
from paintrack.usecases.review import review_input

NOW = datetime(2026, 3, 20, 21, 30)  # the demo's "today" in the docs


def demo_text(part: str, width: int = 80) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        conn = store.open_db(Path(tmp) / "demo.db", now=NOW)
        transfer.demo(conn, build(NOW), NOW)
        course = require_active(conn)
        assert course.id is not None
        today = NOW.date()
        days = store.session_dates(conn, course.id)
        baseline = baseline_window(days[0], today)
        window = Window(baseline.start, today)
        if part in ("pain", "sessions", "function", "sleep", "stress", "peg", "meds"):
            text = _one(conn, part, Frame(window, baseline, course), width, False)
        elif part in ("table", "weekly-table"):
            from paintrack.render import daytable
            from paintrack.render.text import fold

            columns = _columns(conn, ("pain", "sleep"), window)
            if part == "table":
                last = Window(today.replace(day=14), today)
                lines = daytable.daily_lines(columns, last)
            else:
                lines = daytable.weekly_lines(columns[:1], window, baseline)
            text = fold("\n".join(lines), width)
        else:
            buf = io.StringIO()
            console = Console(file=buf, width=width, color_system=None, highlight=False)
            if part == "weekly":
                logs = store.logs_between(conn, baseline.start, today)
                pegs = store.pegs_between(conn, baseline.start, today)
                meds = {m.name.lower(): m for m in store.medications(conn)}
                console.print(weekly_table_view(weekly_table(logs, pegs, meds, baseline, window)))
            elif part == "review":
                result = review(review_input(conn, course, today))
                console.print(review_view(result, store.latest_decision(conn, course.id)))
            else:
                raise ValueError(part)
            text = buf.getvalue()
        conn.close()
    return "\n".join(line.rstrip() for line in text.splitlines())


def block(part: str, width: int = 80) -> str:
    return "```\n" + demo_text(part, width) + "\n```"
