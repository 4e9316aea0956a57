"""Plain-text rendering for the hot paths (log, session, status): no rich, no third party.

Functions return strings; only the CLI prints. Colour is a choice the caller passes in
(`use_color(stream)`): never when piped or when NO_COLOR is set.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, TextIO

from paintrack import reference as ref
from paintrack.domain.course import Status, past_plan
from paintrack.domain.dates import describe
from paintrack.models import DailyLog, Medication, RedFlagEvent
from paintrack.render import safe
from paintrack.render.cells import cell_wrapped, cells

if TYPE_CHECKING:
    from paintrack.domain.doses import MedicationFlag
    from paintrack.render.logged import PegLogged, SessionLogged


_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "green": "32", "cyan": "36"}


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    codes = ";".join(_CODES[s] for s in styles)
    return f"\x1b[{codes}m{text}\x1b[0m"


def width() -> int:
    """The terminal's width in columns (COLUMNS, else the terminal's; 80 off one), at least 40:
    every line paintrack prints fits it, charts and tables use all of it."""
    return max(40, _columns())


def _columns() -> int:
    """shutil.get_terminal_size((80, 24)).columns, without importing shutil on the daily path
    (it loads bz2, lzma and zlib): COLUMNS when set, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


_ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def _wrapped(text: str, cols: int, indent: str) -> list[str]:
    """Greedy wrapping at the last space that fits, keeping the spaces inside a line (fast:
    history folds 100,000 entries); a word longer than the line (a path) is broken after its
    last '/' that fits, else cut."""
    lines: list[str] = []
    rest, prefix, lead = text, "", len(text) - len(text.lstrip(" "))
    while len(prefix) + len(rest) > cols:
        room = max(cols - len(prefix), 1)
        cut = rest.rfind(" ", lead, room + 1)
        word = rest[cut:].lstrip(" ").split(" ", 1)[0] if cut > lead else ""
        if len(word) > cols - len(indent) and rest.rfind("/", cut, room) > cut + 1:
            cut = lead  # a path that must break anyway: break it here, filling this line
        if cut > lead:
            line, rest = rest[:cut].rstrip(" "), rest[cut:].lstrip(" ")
        else:
            slash = rest.rfind("/", lead, room)
            at = slash + 1 if slash > lead else room
            line, rest = rest[:at], rest[at:]
        lines.append(prefix + line)
        prefix, lead = indent, 0
    if rest or not lines:
        lines.append(prefix + rest)
    return lines


def fold(text: str, cols: int, indent: str | None = None) -> str:
    """Each line of `text` that is wider than `cols` wrapped between words (a path breaks after
    a '/'), continuing under its own indentation plus two spaces (or `indent`); lines that fit
    are left exactly as they are."""
    out = []
    for line in text.split("\n"):
        plain = _ESCAPES.sub("", line) if "\x1b" in line else line
        if cells(plain) <= cols:
            out.append(line)
            continue
        plain = plain.replace("\t", " ")
        lead = " " * (len(plain) - len(plain.lstrip(" ")))
        wrap = _wrapped if plain.isascii() else cell_wrapped
        out += wrap(plain, cols, lead + "  " if indent is None else indent)
    return "\n".join(out)


def panel(
    title: str,
    lines: Sequence[str],
    *,
    color: bool,
    cols: int,
    style: tuple[str, ...] = ("bold", "red"),
) -> str:
    """A box that stands out without colour too: ┏━ title ━┓ … ┗━━┛."""
    inner = cols - 4
    body: list[str] = []
    for line in lines:
        body.extend(textwrap.wrap(line, inner, break_on_hyphens=False) or [""])
    top = f"┏━ {title} " + "━" * max(0, inner - len(title) - 1) + "┓"
    out = [paint(top, *style, color=color)]
    edge = paint("┃", *style, color=color)
    out += [f"{edge} {line.ljust(inner)} {edge}" for line in body]
    out.append(paint("┗" + "━" * (inner + 2) + "┛", *style, color=color))
    return "\n".join(out)


def red_flag_panel(flags: Sequence[RedFlagEvent], *, color: bool, cols: int) -> str:
    """What to do about red-flag symptoms (domain.md §10.1). Shown by log and status."""
    emergency = any(ref.RED_FLAGS[f.code].emergency for f in flags)
    lines = [f"{f.date}  {ref.RED_FLAGS[f.code].label}" for f in flags]
    lines.append("")
    if emergency:
        lines.append(
            "This can be serious. Call your local emergency number or go to an emergency "
            "department now, and tell your clinician."
        )
    else:
        lines.append(
            "This needs a clinician: contact your doctor or clinician today. If it gets worse "
            "or you feel very unwell, call your local emergency number."
        )
    lines.append("Do not wait for your next acupuncture session.")
    return panel("RED FLAG: seek care", lines, color=color, cols=cols)


def log_summary(log: DailyLog, ref_id: str, today: date) -> str:
    from paintrack.render.parts import log_parts

    parts = [p for p in log_parts(log) if not p.startswith("RED FLAG")]
    text = f"Logged {ref_id} for {describe(log.date, today)}: " + ", ".join(parts) + "."
    return textwrap.fill(text, width(), subsequent_indent="  ", break_on_hyphens=False)


def medication_line(m: Medication) -> str:
    """`ibuprofen 200 mg (nsaid)`; `percocet: oxycodone 5 mg + acetaminophen 325 mg (opioid,
    MME factor 1.5 for oxycodone (CDC 2022))`; a stop date, and a missing strength, said."""
    name = safe.line(m.name)
    ings = m.ingredients
    factors = []
    for i in ings:
        if i.mme_factor is None:
            continue
        cdc = ref.MME_FACTORS.get(i.known or "")
        source = "CDC 2022" if cdc == i.mme_factor else "your factor, not from CDC 2022"
        whose = f" for {safe.line(i.substance)}" if len(ings) > 1 else ""
        factors.append(f", MME factor {i.mme_factor:g}{whose} ({source})")
    label = " + ".join(f"{safe.line(i.substance)} {i.strength:g} {i.unit}" for i in ings)
    if len(ings) == 1 and _named_by(m):
        text = f"{name} {ings[0].strength:g} {ings[0].unit}"
    elif ings:
        text = f"{name}: {label}"
    else:
        text = name
    missing = "" if ings else "; no strength: not counted in mg"
    stopped = f", stopped {m.stopped}" if m.stopped else ""
    return f"{text} ({m.kind}{''.join(factors)}{missing}){stopped}"


def _named_by(m: Medication) -> bool:
    """Whether the one ingredient is what the name says (`ibuprofen`, `Oxycodone ER`)."""
    i = m.ingredients[0]
    return i.substance.lower() == m.name.lower() or (i.known or "") in ref.substances_in(m.name)


def medication_panel(
    flags: Sequence[MedicationFlag], today: date, *, color: bool, cols: int
) -> str:
    """The word at the moment it matters (domain.md §6.5): each day's total over a line, the
    line and its source, what it was counted from; facts only, never a dosing instruction."""
    from paintrack.domain.doses import total_text  # only when there is something to say
    from paintrack.render import safe

    lines: list[str] = []
    for f in flags:
        line = f.line
        what = "acetaminophen from all products" if line.total == "acetaminophen" else "opioids"
        unit = "mg" if line.total == "acetaminophen" else "MME"
        lines.append(f"{describe(f.date, today)}: {what}, {total_text(f.value)} {unit}.")
        lines.append(f"That is {line.says}.")
        lines.append(f"Source: {line.source}.")
        if f.products:
            parts = [
                f"{safe.line(n)} ×{float(u):g} = {total_text(a)} {unit}" for n, u, a in f.products
            ]
            lines.append("Counted from: " + "; ".join(parts) + ".")
        lines.append("")
    lines.append(
        f"{ref.CONTACT} These are facts from your log, not dosing advice; "
        "what you logged is kept as you logged it."
    )
    return panel(
        "MEDICATION: a daily total to check",
        lines,
        color=color,
        cols=cols,
        style=("bold", "yellow"),
    )


def _fill(text: str, cols: int) -> str:
    return textwrap.fill(text, cols, subsequent_indent="  ", break_on_hyphens=False)


def session_logged(r: SessionLogged, today: date, *, cols: int) -> str:
    s, course = r.session, r.course
    of = f" of {course.sessions_planned}" if course.sessions_planned else ""
    relief = s.immediate_relief
    points = f"{abs(relief)} point{'s' if abs(relief) != 1 else ''}"
    change = (
        f"{points} of immediate relief"
        if relief > 0
        else "no immediate change"
        if relief == 0
        else f"{points} worse right after"
    )
    lines = [
        _fill(
            f"Logged session S{s.id} ({r.sessions_done}{of}) for {describe(s.date, today)}: "
            f"pain {s.pain_before} → {s.pain_after}, {change}.",
            cols,
        )
    ]
    if r.yearly_cap is not None and r.in_year > r.yearly_cap:  # the plan's cap (domain.md §8)
        lines.append(
            _fill(
                f"Note: {r.in_year} sessions in the last 365 days; {course.plan} covers "
                f"{r.yearly_cap} a year.",
                cols,
            )
        )
    if s.side_effects:
        effects = ", ".join(ref.SIDE_EFFECTS[c].lower() for c in s.side_effects)
        lines.append(
            _fill(f"Side effects: {effects}. Tell your practitioner at the next visit.", cols)
        )
    return "\n".join(lines)


def second_session(r: SessionLogged) -> str:
    """Said on stderr when a script logs a second session on one date (a terminal asks)."""
    s = r.session
    return fold(
        f"Note: {s.date} already had a session ({', '.join(r.same_day)}); S{s.id} is a second "
        f"one that day. If it was a mistake: paintrack delete S{s.id}",
        width(),
    )


def second_log(day: Sequence[DailyLog]) -> str:
    """Said on stderr after a second log for one day: the review averages the day's logs."""
    from fractions import Fraction

    from paintrack.domain.numbers import shown_mean

    pains = [x.pain for x in day]
    mean = shown_mean(Fraction(sum(pains), len(pains)))
    return fold(
        f"Note: {len(day)} logs on {day[0].date}; the review uses that day's mean "
        f"(pain {', '.join(str(p) for p in pains)} → {mean:g}), not each log.",
        width(),
    )


def peg_logged(r: PegLogged, today: date) -> str:
    from paintrack.domain.daily import peg_score
    from paintrack.domain.numbers import shown_mean as shown

    p = r.peg
    text = (
        f"Logged PEG P{p.id} for {describe(p.date, today)}: score {shown(peg_score(p)):.1f} "
        f"(pain {p.pain}, enjoyment {p.enjoyment}, general activity {p.general_activity})."
    )
    if r.also_on:
        text += (
            f"\nNote: you also logged a PEG on {r.also_on}. It asks about the past week, "
            "so once a week is enough."
        )
    return text


def status_text(s: Status, *, color: bool, cols: int) -> str:
    c = s.course
    out: list[str] = []
    if s.red_flags:
        out += [red_flag_panel(s.red_flags, color=color, cols=cols), ""]
    if s.medication_flags:
        out += [medication_panel(s.medication_flags, s.today, color=color, cols=cols), ""]
    title = safe.line(f"{c.name}: {c.therapy}" + (f" for {c.condition}" if c.condition else ""))
    out += [paint(x, "bold", color=color) for x in fold(title, cols).split("\n")]
    rows = _status_rows(s)
    label_width = max(len(k) for k, _, _ in rows)
    indent = " " * (label_width + 4)
    for k, v, style in rows:
        lines = fold(f"  {k.ljust(label_width)}  {v}", cols, indent).split("\n")
        out += [paint(x, *style, color=color) for x in lines] if style else lines
    return "\n".join(out)


def _status_rows(s: Status) -> list[tuple[str, str, tuple[str, ...]]]:
    """(label, value, style) of each line of status."""
    c, p = s.course, s.point
    planned = p.sessions_planned
    sessions = f"{p.sessions_done} of {planned}" if planned else f"{p.sessions_done}"
    if c.plan:
        sessions += f" ({ref.PLANS[c.plan].summary})"
    elapsed = s.days_elapsed
    started = "today" if elapsed == 0 else f"{elapsed} day{'s' if elapsed != 1 else ''} ago"
    rows = [("Sessions", sessions), ("Started", f"{c.start} ({started})")]
    if p.first_session is not None:
        days_since = (s.today - p.first_session).days
        limit = f" of {c.days_planned}" if c.days_planned else ""
        since = (
            "today"
            if days_since == 0
            else f"{days_since}{limit} day{'s' if days_since != 1 or limit else ''} ago"
        )
        rows.append(("First session", f"{p.first_session} ({since})"))
    return [(k, v, ()) for k, v in rows] + _later_rows(s)


def _later_rows(s: Status) -> list[tuple[str, str, tuple[str, ...]]]:
    p = s.point
    rows: list[tuple[str, str]] = []
    b = s.baseline
    quality = {
        "good": "enough to compare against",
        "thin": f"thin: fewer than {ref.BASELINE_MIN_DAYS} days, the review will say so",
        "collecting": "collecting until your first session: log every day",
    }[s.baseline_quality]
    rows.append(
        (
            "Baseline",
            f"{s.baseline_days_logged} of {b.days} days logged, {b.start} to {b.end} ({quality})",
        )
    )
    if s.last_log_date is None:
        rows.append(("Last log", "none yet: `paintrack log --pain N`"))
    else:
        ago = s.days_since_last_log
        rows.append(
            (
                "Last log",
                f"{describe(s.last_log_date, s.today)}"
                + (f", {ago} days ago" if ago and ago > 1 else ""),
            )
        )
    if s.draw_state:
        rows.append(("Randomised start", s.draw_state))
    out: list[tuple[str, str, tuple[str, ...]]] = [(k, v, ()) for k, v in rows]
    if p.reevaluate_due:
        due = f"{past_plan(p) or f'reached ({p.due_reason})'}: run `paintrack review`"
        out.append(("Re-evaluate", due, ("bold", "yellow")))
    elif p.reached_on is not None:
        out.append(("Re-evaluate", f"reached on {p.reached_on}; decision recorded", ()))
    else:
        out.append(("Re-evaluate", _point_text(s), ()))
    return out


def _point_text(s: Status) -> str:
    p, c = s.point, s.course
    parts = []
    if p.sessions_planned:
        left = p.sessions_planned - p.sessions_done
        parts.append(f"after {left} more session{'s' if left != 1 else ''}")
    if c.days_planned:
        if p.first_session is None:
            parts.append(f"{c.days_planned} days after the first session")
        else:
            parts.append(f"on {p.first_session + timedelta(days=c.days_planned)}")
    return " or ".join(parts) + (", whichever comes first" if len(parts) > 1 else "")
