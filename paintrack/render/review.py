"""The review on screen: one 80-column screen a tired patient understands in ten seconds.

Red flags first, then the verdict in one sentence, the table (baseline → now → change → what it
means), the caveats, and "discuss this with your practitioner". Returns rich renderables. Every
number and every word of a measure comes from `domain.measures.present`, as in `review --json`
and the clinician summary; below 72 columns the table becomes a list.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.domain import numbers as num
from paintrack.domain.measures import Measure, present
from paintrack.domain.medication import DrugUse
from paintrack.domain.review import Review
from paintrack.models import Decision
from paintrack.render import safe

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

VERDICT_STYLE = {
    "improving": "bold green",
    "not-improving": "bold yellow",
    "worse": "bold red",
    "insufficient-data": "bold",
}
# Sources of the thresholds (domain.md §1.2, §2, §3.1, §5); docs/review.md explains each.
FOOTNOTE = (
    "Thresholds: pain −10/30/50 % minimal/moderate/substantial (IMMPACT); function +2 points "
    "on the mean, +3 on one activity (PSFS); PEG −30 % (CDC 2022); sleep interference −1 point "
    "(IMMPACT). See docs/review.md."
)
NARROW = 72  # below this many columns the table becomes a list


def _span(start: date, end: date) -> str:
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b}–{end.day} {end:%b}"


def _style(m: Measure) -> str:
    if m.category in ("moderate", "substantial"):
        return "green"
    return "red" if m.category == "worse" else ""


def _label(m: Measure) -> str:
    """An activity sits under the function mean, indented."""
    shown = present(m).label
    return f"  {shown}" if m.activity is not None else shown


def _measures(r: Review, width: int) -> list[RenderableType]:
    from rich import box
    from rich.table import Table

    if width < NARROW:  # a phone: one measure per line pair, so no column is dropped
        out: list[RenderableType] = []
        for m in r.rows:
            s = present(m)
            line = safe.rich(f"{_label(m)}: ", style="bold")
            line.append(f"{s.baseline_text} → {s.current_text}, {s.change_text}")
            indent = "    " if m.activity is not None else "  "
            line.append(f"\n{indent}{s.words}", style=_style(m))
            out.append(line)
        return out
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column("Measure", no_wrap=True)
    table.add_column("Before", justify="right", no_wrap=True)
    table.add_column("Now", justify="right")
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("What it means")
    for m in r.rows:
        s = present(m)
        cells = (_label(m), s.baseline_text, s.current_text, s.change_text, s.words)
        table.add_row(*(safe.rich(c) for c in cells), style=_style(m) or None)  # no markup
    return [table]


def _facts(r: Review, decision: Decision | None) -> list[Text]:
    """Windows, medication, sessions, flags, impression and decision, one line each."""
    from rich.text import Text

    c, bw, cw = r.course, r.baseline_window, r.current_window
    before = (
        "the week before your first session; "
        if c.first_session
        else "the last 7 days (no session yet); "
    )
    out = [
        Text(
            f"Before = {_span(bw.start, bw.end)}, {before}now = the last 7 days, "
            f"{_span(cw.start, cw.end)}.",
            style="dim",
        )
    ]
    med = r.medication
    b, n = med.baseline, med.current
    if b.dose_days or n.dose_days or med.flags or med.by_drug:
        out.append(
            Text(
                f"Medication: opioids {num.mean_text(b.mme_per_day)} → "
                f"{num.mean_text(n.mme_per_day)} MME/day; days with any dose {b.dose_days} → "
                f"{n.dose_days}. MME is an estimate to discuss with your prescriber."
            )
        )
    out += drug_lines(med.by_drug)
    s = r.sessions
    if s.count:
        relief = (
            f", mean immediate relief {num.mean_text(s.mean_immediate_relief)} points"
            if s.mean_immediate_relief is not None
            else ""
        )
        effects = ", ".join(
            f"{ref.SIDE_EFFECTS.get(k, k).lower()} ×{n}" for k, n in s.side_effects.items()
        )
        tail = f"; side effects: {effects}" if effects else "; no side effects"
        out.append(Text(f"Sessions: {s.count}{relief}{tail}."))
    for flag in med.flags:
        out.append(safe.rich(f"Medication {flag.date}: {flag.message}", style="yellow"))
    if r.impression is not None:
        label = ref.PGIC_LABELS[r.impression]
        out.append(Text(f"Your impression of change: {r.impression} = {label}."))
    if decision is not None and decision.choice:
        out.append(Text(f"Decision recorded on {decision.date}: {decision.choice}."))
    return out


def how_sure_lines(r: Review) -> list[Text]:
    """ "How sure is the change?" in a patient's words (domain.md §12, docs/review.md)."""
    from rich.text import Text

    if r.single_case is None:
        return []
    out = [Text("How sure is the change?", style="bold")]
    out += [safe.rich(line) for line in r.single_case.words]
    return out


def drug_text(d: DrugUse) -> str:
    """One drug before and now, as the screen and the summary say it: units a day, days used,
    each ingredient's mg a day (and an opioid's MME), the day it was started or stopped."""
    b, c = num.mean_text(d.baseline_units_per_day), num.mean_text(d.current_units_per_day)
    label = f" ({safe.line(d.ingredients)})" if d.ingredients else ""
    one = d.per_ingredient[0] if len(d.per_ingredient) == 1 else None
    if one is not None and one.substance.lower() in d.name.lower():
        label = f" {float(one.strength):g} {one.unit}"  # `ibuprofen 200 mg`, said once
    parts = [f"{b} → {c} a day, on {d.baseline_days_used} → {d.current_days_used} days"]
    amounts = []
    for i in d.per_ingredient:
        if i.not_counted is not None and i.baseline_mme_per_day is None:
            continue
        mg = (
            f"{num.mean_text(i.baseline_mg_per_day)} → {num.mean_text(i.current_mg_per_day)} mg"
            if i.not_counted is None
            else ""
        )
        mme = (
            f"{num.mean_text(i.baseline_mme_per_day)} → {num.mean_text(i.current_mme_per_day)} MME"
            if i.kind == "opioid"
            else ""
        )
        both = f"{mg} ({mme})" if mg and mme else mg or mme
        amounts.append(f"{safe.line(i.substance)} {both}" if len(d.per_ingredient) > 1 else both)
    if amounts:
        parts.append(", ".join(amounts) + " a day")
    if d.not_counted:
        parts.append(f"{d.not_counted}: mg not counted")
    if d.started:
        parts.append(f"started {d.started}")
    if d.stopped:
        parts.append(f"stopped {d.stopped}")
    return f"{safe.line(d.name)}{label}: " + "; ".join(parts)


def drug_lines(drugs: tuple[DrugUse, ...]) -> list[Text]:
    """Each drug's line under the medication line of the review (issue 11)."""
    from rich.text import Text

    return [Text(f"  {drug_text(d)}.") for d in drugs]


def review_view(r: Review, decision: Decision | None = None, width: int = 80) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if r.red_flags:
        lines = [f"{f.date}  {ref.RED_FLAGS[f.code].label}" for f in r.red_flags]
        lines.append(
            "Red flags need a clinician, whatever the numbers below say (see docs/red-flags.md)."
        )
        title = "RED FLAGS logged during this course"
        parts.append(Panel(Text("\n".join(lines)), title=title, style="bold red"))
    c = r.course
    planned = f" of {c.sessions_planned}" if c.sessions_planned else ""
    due = (
        "re-evaluate point reached"
        if c.reevaluate_due or c.reached_on
        else "before the re-evaluate point"
    )
    intro = f"Review of '{c.name}' on {r.today}: {c.sessions_done}{planned} sessions, {due}."
    parts.append(safe.rich(intro, style="dim"))
    parts.append(safe.rich(r.headline, style=VERDICT_STYLE.get(r.verdict, "bold")))
    parts += _measures(r, width)
    parts += _facts(r, decision)
    parts += how_sure_lines(r)
    parts.append(Text(FOOTNOTE, style="dim"))
    if r.caveats:
        parts.append(Text("Read with care:", style="bold"))
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(width=3, justify="right")
        bullets.add_column()
        for caveat in r.caveats:
            bullets.add_row("•", safe.rich(caveat))
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
