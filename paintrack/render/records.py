"""Entries and courses as plain dicts, CSV and one-line summaries (history, course list/show),
built from the field declarations: a field added there appears here with its label and key."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from paintrack import fields as F
from paintrack.models import Course, DailyLog, Entry, Peg, Session
from paintrack.render import safe
from paintrack.render.parts import HIDDEN, log_parts, shown_fields

CONCEPTS: dict[type, F.Concept] = {Session: F.SESSION, DailyLog: F.DAILY_LOG, Peg: F.PEG}
KIND = {Session: "session", DailyLog: "log", Peg: "peg"}
LETTER = {Session: "S", DailyLog: "L", Peg: "P"}


def entry_id(e: Entry) -> str:
    return f"{LETTER[type(e)]}{e.id}"


def entry_kind(e: Entry) -> str:
    return KIND[type(e)]


def entry_dict(e: Entry) -> dict[str, object]:
    out: dict[str, object] = {"id": entry_id(e), "kind": entry_kind(e)}
    for f in shown_fields(CONCEPTS[type(e)]):
        out[f.key] = f.json(getattr(e, f.name))
    if isinstance(e, Peg):
        from paintrack.domain.daily import peg_score
        from paintrack.domain.numbers import shown_mean as shown

        out["peg_score"] = shown(peg_score(e))
    return out


def csv_columns() -> list[str]:
    """`id`, `kind`, then every shown field of sessions, logs and PEGs (each key once)."""
    columns = ["id", "kind"]
    for concept in CONCEPTS.values():
        columns += [f.key for f in shown_fields(concept) if f.key not in columns]
    return [*columns, "peg_score"]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v:g}" for k, v in value.items())
    return safe.csv_cell(value)  # meant for a spreadsheet: no formula runs


def write_csv(entries: Iterable[Entry], stream: TextIO) -> None:
    """One CSV row per entry, written as the entries come (`history --csv`)."""
    import csv  # here, not on `paintrack log`'s path (issue 25)

    w = csv.DictWriter(stream, fieldnames=csv_columns(), lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow({k: safe.spreadsheet(_cell(v)) for k, v in entry_dict(e).items()})


def entries_csv(entries: Iterable[Entry]) -> str:
    """The entries as a CSV for a spreadsheet: a cell that would run as a formula (`=`, `+`,
    `-`, `@`, tab, CR) starts with `'`, and controls are shown as visible escapes."""
    buf = io.StringIO()
    write_csv(entries, buf)
    return buf.getvalue()


# --- History as text: one block per entry, every value in it ---------------------------------------
WIDE = 72  # from here an entry's values follow its id and date on the same line


def entry_parts(e: Entry) -> list[str]:
    """Every value the entry holds, a few words each, user text shown literally (safe.line)."""
    if isinstance(e, DailyLog):
        return [safe.line(p) for p in log_parts(e)]
    if isinstance(e, Peg):
        return [summary(e)]
    relief = e.immediate_relief
    parts = [f"session: pain {e.pain_before} → {e.pain_after} ({relief:+d})".replace("-", "−")]
    parts += [f"{e.minutes} min"] if e.minutes is not None else []
    parts += [f"{e.needles} needles"] if e.needles is not None else []
    parts += ["technique " + ", ".join(e.techniques)] if e.techniques else []
    parts += ["side effects " + ", ".join(e.side_effects)] if e.side_effects else []
    for label, value in (("points", e.points), ("practitioner", e.practitioner)):
        parts += [f"{label} {safe.line(value)}"] if value else []
    parts += [f"cost {e.cost:g}"] if e.cost is not None else []
    return parts


def history_block(e: Entry, cols: int, *, color: bool = False) -> str:
    """One entry: `L12  2026-03-02 18:30` and its values, wrapped to `cols` (below WIDE, the
    values go under the id, and entries are separated by a blank line); then its note."""
    from paintrack.render.text import fold, paint

    plain = f"{entry_id(e):<5} {e.date.isoformat()} {e.time or '     '}"
    head = paint(plain, "bold", "red", color=color) if getattr(e, "red_flags", ()) else plain
    body = ", ".join(entry_parts(e))
    note = getattr(e, "note", None)
    if cols >= WIDE:
        pad = " " * (len(plain) + 2)
        first = fold(f"{plain}  {body}", cols, pad)
        lines = [head + first[len(plain) :]]
    else:
        lines, pad = [head, fold("  " + body, cols, "  ")], "  "
    if note:
        for i, text in enumerate(safe.terminal(note).split("\n")):
            lines.append(fold(pad + ("note: " if i == 0 else "      ") + text, cols, pad + "  "))
    return "\n".join(lines) + ("" if cols >= WIDE else "\n")


def summary(e: Entry) -> str:
    """One line of what the entry holds: `log: average pain 5, worst pain 7, ibuprofen ×2`."""
    if isinstance(e, Session):
        extra = f", {', '.join(e.side_effects)}" if e.side_effects else ""
        return f"session: pain {e.pain_before} → {e.pain_after}{extra}"
    if isinstance(e, Peg):
        from paintrack.domain.daily import peg_score
        from paintrack.domain.numbers import shown_mean as shown

        return f"PEG: {shown(peg_score(e)):.1f} (P{e.pain} E{e.enjoyment} G{e.general_activity})"
    return "log: " + ", ".join(log_parts(e))


def named_json(concept: F.Concept, model: object) -> dict[str, object]:
    """A medication (or any listed thing) as JSON: its fields but id and created_at."""
    return {f.key: f.json(getattr(model, f.name)) for f in concept if f.name not in HIDDEN}


# --- Courses ---------------------------------------------------------------------------------------
def course_json(c: Course, sessions_done: int) -> dict[str, object]:
    out: dict[str, object] = {
        f.key: f.json(getattr(c, f.name)) for f in F.COURSE if f.name not in HIDDEN
    }
    return {**out, "sessions_done": sessions_done, "active": c.ended is None}


def course_lines(rows: Sequence[tuple[Course, int]]) -> str:
    """One line per course (`course list`); the patient's words made safe to print."""
    line = safe.line
    name_width = max(len(line(c.name)) for c, _ in rows)
    lines = []
    for c, n in rows:
        planned = f"/{c.sessions_planned}" if c.sessions_planned else ""
        state = (
            "active"
            if c.ended is None
            else f"ended {c.ended}" + (f": {line(c.outcome)}" if c.outcome else "")
        )
        cond = f" for {line(c.condition)}" if c.condition else ""
        mark = "*" if c.ended is None else " "
        lines.append(
            f"{mark} {line(c.name).ljust(name_width)}  {line(c.therapy)}{cond}, from {c.start}, "
            f"{n}{planned} sessions, {state}"
        )
    return "\n".join(lines)
