"""The review on screen: one 80-column screen a tired patient understands in ten seconds.

Red flags first, then the verdict in one sentence, the table (baseline → now → change → what it
means), the caveats, and "discuss this with your practitioner". Returns rich renderables.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.domain.review import Measure, Review
from paintrack.models import Decision

if TYPE_CHECKING:
    from rich.console import RenderableType

VERDICT_STYLE = {
    "improving": "bold green",
    "not-improving": "bold yellow",
    "worse": "bold red",
    "insufficient-data": "bold",
}


def _num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _change(m: Measure) -> str:
    if m.change is None:
        return "–"
    text = f"{m.change:+.1f}"
    if m.change_pct is not None and m.higher_is_better is not None:
        text += f" ({m.change_pct:+.0f} %)"
    return text


SHORT = {
    "substantial": "substantial improvement",
    "moderate": "moderate improvement",
    "minimal": "small improvement",
    "none": "no meaningful change",
    "worse": "worse",
}


def short_meaning(m: Measure) -> str:
    """A few words per row; the thresholds and their sources are in the footnote."""
    if m.baseline is None or m.current is None:
        return "too few days logged"  # the caveats say how many
    if m.category is None:
        return "no validated threshold" if m.threshold is None else m.meaning
    if m.key in ("function", "peg") and m.category == "moderate":
        return "meaningful improvement"  # meets the one threshold (domain.md §2, §3.1)
    if m.key == "sleep" and m.category == "minimal":
        return "improved (≥1 point)"  # the only threshold is the 1-point MID (domain.md §5)
    return SHORT.get(m.category, m.category)


LABELS = {
    "pain": "Pain (average)",
    "worst_pain": "Worst pain",
    "function": "Function (PSFS)",
    "peg": "PEG score",
    "sleep": "Sleep interference",
    "sleep_hours": "Sleep hours",
    "stress": "Stress",
}
# Sources of the thresholds (domain.md §1.2, §2, §3.1, §5); docs/review.md explains each.
FOOTNOTE = (
    "Thresholds: pain −10/30/50 % small/moderate/substantial (IMMPACT); function +2 points "
    "(PSFS); PEG −30 % (CDC 2022); sleep interference −1 point (IMMPACT). See docs/review.md."
)


def _span(start: date, end: date) -> str:
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b}–{end.day} {end:%b}"


NARROW = 72  # below this many columns the table becomes a list


def _style(m: Measure) -> str | None:
    if m.category in ("moderate", "substantial"):
        return "green"
    return "red" if m.category == "worse" else None


def review_view(r: Review, decision: Decision | None = None, width: int = 80) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if r.red_flags:
        lines = [f"{f.day}  {ref.RED_FLAGS[f.code].label}" for f in r.red_flags]
        lines.append(
            "Red flags need a clinician, whatever the numbers below say (see docs/red-flags.md)."
        )
        parts.append(
            Panel("\n".join(lines), title="RED FLAGS logged during this course", style="bold red")
        )
    c = r.course
    planned = f" of {c.sessions_planned}" if c.sessions_planned else ""
    due = (
        "re-evaluate point reached"
        if c.reevaluate_due or c.reached_on
        else "before the re-evaluate point"
    )
    parts.append(
        Text(
            f"Review of '{c.name}' on {r.today}: {c.sessions_done}{planned} sessions, {due}.",
            style="dim",
        )
    )
    parts.append(Text(r.headline, style=VERDICT_STYLE.get(r.verdict, "bold")))
    bw = r.baseline_window
    measures = [
        m
        for m in (r.pain, r.worst_pain, r.function, r.peg, r.sleep, r.sleep_hours, r.stress)
        if m.baseline_days or m.current_days
    ]
    if width >= NARROW:
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
        table.add_column("Measure", no_wrap=True)
        table.add_column("Before", justify="right", no_wrap=True)
        table.add_column("Now", justify="right")
        table.add_column("Change", justify="right", no_wrap=True)
        table.add_column("What it means")
        for m in measures:
            table.add_row(
                LABELS.get(m.key, m.label),
                _num(m.baseline),
                _num(m.current),
                _change(m),
                short_meaning(m),
                style=_style(m),
            )
        parts.append(table)
    else:  # a phone: one measure per line pair, so no column is dropped
        for m in measures:
            line = Text(f"{LABELS.get(m.key, m.label)}: ", style="bold")
            line.append(f"{_num(m.baseline)} → {_num(m.current)}, {_change(m)}")
            line.append(f"\n  {short_meaning(m)}", style=_style(m) or "")
            parts.append(line)
    cw = r.current_window
    parts.append(
        Text(
            f"Before = {_span(bw.start, bw.end)}, "
            + (
                "the week before your first session; "
                if c.first_session
                else "the last 7 days (no session yet); "
            )
            + f"now = the last 7 days, {_span(cw.start, cw.end)}.",
            style="dim",
        )
    )
    med = r.medication
    if med.baseline_dose_days or med.current_dose_days or med.flags:
        parts.append(
            Text(
                f"Medication: opioids {_num(med.baseline_mme_per_day)} → {_num(med.current_mme_per_day)} "
                f"MME/day; days with any dose {med.baseline_dose_days} → {med.current_dose_days}. "
                "MME is an estimate to discuss with your prescriber."
            )
        )
    s = r.sessions
    if s.count:
        relief = (
            f", mean immediate relief {s.mean_immediate_relief:.1f} points"
            if s.mean_immediate_relief is not None
            else ""
        )
        effects = ", ".join(
            f"{ref.SIDE_EFFECTS.get(k, k).lower()} ×{n}" for k, n in s.side_effects.items()
        )
        parts.append(
            Text(
                f"Sessions: {s.count}{relief}"
                + (f"; side effects: {effects}" if effects else "; no side effects")
                + "."
            )
        )
    for flag in med.flags:
        parts.append(Text(f"Medication {flag.day}: {flag.message}", style="yellow"))
    if r.impression is not None:
        parts.append(
            Text(f"Your impression of change: {r.impression} = {ref.PGIC_LABELS[r.impression]}.")
        )
    if decision is not None and decision.decision:
        parts.append(Text(f"Decision recorded on {decision.day}: {decision.decision}."))
    parts.append(Text(FOOTNOTE, style="dim"))
    if r.caveats:
        parts.append(Text("Read with care:", style="bold"))
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(width=3, justify="right")
        bullets.add_column()
        for caveat in r.caveats:
            bullets.add_row("•", caveat)
        parts.append(bullets)
    parts.append(
        Text(
            "This is a summary of what you logged, not medical advice. Discuss it with your "
            "practitioner before you decide to continue, change or stop.",
            style="italic",
        )
    )
    return Group(*parts)


PGIC_PROMPT = (
    "Since the start of this course, how would you describe the change in your pain condition?"
)


def pgic_choices() -> str:
    return "\n".join(f"  {k}  {v}" for k, v in ref.PGIC_LABELS.items())
