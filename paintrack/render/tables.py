"""rich renderables for the read-only views (course show; history is plain text, streamed,
in render.records). Never prints by itself
except through `print_renderable`, which the CLI calls. rich loads only when these run."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.models import Course, Session
from paintrack.render import safe

if TYPE_CHECKING:
    from rich.console import RenderableType


def print_renderable(renderable: RenderableType) -> None:
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))  # no colour and no bold/italic either
    Console(highlight=False, color_system=None if plain else "auto").print(renderable)


def fits(renderable: RenderableType, cols: int) -> bool:
    """Whether `renderable` (a table) shows every cell whole in `cols` display cells."""
    from rich.console import Console

    console = Console(width=100_000, color_system=None)
    return console.measure(renderable).maximum <= cols


def rendered(renderable: RenderableType, cols: int) -> str:
    """`renderable` as plain text `cols` wide (for `out`, which folds and escapes)."""
    from rich.console import Console

    console = Console(width=cols, color_system=None, highlight=False, record=True)
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


def course_view(c: Course, sessions: Sequence[Session], cols: int = 80) -> RenderableType:
    """The course's facts and its sessions: a table where it fits `cols`, else one short
    block of lines per session (never a cell cut to `2…`)."""
    from rich.console import Group
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    planned = (
        f"{len(sessions)} of {c.sessions_planned}" if c.sessions_planned else str(len(sessions))
    )
    for label, value in (
        ("Course", c.name),
        ("Therapy", c.therapy),
        ("Condition", c.condition),
        ("Practitioner", c.practitioner),
        ("Started", c.start.isoformat()),
        ("Sessions", planned),
        (
            "Days",
            f"re-evaluate {c.days_planned} days after the first session"
            if c.days_planned
            else None,
        ),
        ("Plan", ref.PLANS[c.plan].summary if c.plan else None),
        ("Goals", "\n".join(c.goals) if c.goals else None),
        ("Ended", f"{c.ended}" + (f": {c.outcome}" if c.outcome else "") if c.ended else None),
    ):
        if value:
            facts.add_row(label, safe.rich(value))  # the patient's words, never markup
    table = Table(header_style="bold", show_edge=False)
    for col in ("#", "id", "date", "before", "after", "relief", "min", "needles", "side effects"):
        table.add_column(
            col,
            justify="right"
            if col in ("#", "before", "after", "relief", "min", "needles")
            else "left",
        )
    for n, s in enumerate(sessions, start=1):
        cells = (
            str(n),
            f"S{s.id}",
            s.date.isoformat(),
            str(s.pain_before),
            str(s.pain_after),
            f"{s.immediate_relief:+d}",
            str(s.minutes or ""),
            str(s.needles or ""),
            ", ".join(s.side_effects),
        )
        table.add_row(*(safe.rich(c) for c in cells))
    if not sessions:
        return Group(facts, "", "No sessions yet: paintrack session --pain-before N --pain-after N")
    if fits(table, cols):
        return Group(facts, "", table)
    return Group(facts, "", safe.rich("\n".join(_session_lines(sessions))))


def _session_lines(sessions: Sequence[Session]) -> list[str]:
    """The sessions table as lines: `#1 S3 2026-11-02: pain 6 → 4 (+2)`, then its details."""
    out = []
    for n, s in enumerate(sessions, start=1):
        out.append(
            f"#{n} S{s.id} {s.date}: pain {s.pain_before} → {s.pain_after} ({s.immediate_relief:+d})"
        )
        details = [
            f"{s.minutes} min" if s.minutes else "",
            f"{s.needles} needles" if s.needles else "",
        ]
        details.append("side effects: " + ", ".join(s.side_effects) if s.side_effects else "")
        if any(details):
            out.append("   " + ", ".join(d for d in details if d))
    return out
