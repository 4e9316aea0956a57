"""`paintrack history`, `edit ID`, `delete ID`, `undo`: what was logged, and corrections.

Every edit and delete is journaled, so `undo` brings back exactly what was there before.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated

import typer

from paintrack import reference as ref
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import (
    JsonOpt,
    NoteOpt,
    clock,
    emit_json,
    opened,
    out,
    user_errors,
    when,
)
from paintrack.domain.dates import ALLOWED as DATE_HELP
from paintrack.domain.parse import codes, number, pairs, whole
from paintrack.errors import InvalidValue
from paintrack.models import ActivityRating, DailyLog, Dose, Session
from paintrack.render.records import entries_csv, entry_dict, entry_id, entry_kind, summary

NRS = "0-10"


def history(
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this date on.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to this date.")] = None,
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (one row per entry).")] = False,
) -> None:
    """List what you logged: sessions (S), daily logs (L), PEGs (P), by id."""
    now = clock()
    with opened() as conn:
        if as_json and as_csv:
            raise InvalidValue("--json/--csv", "used one at a time")
        lo = when(since, now, "since")[0] if since else None
        hi = when(until, now, "until")[0] if until else None
        found = store.entries(conn, lo, hi)
        if as_json:
            emit_json([entry_dict(e) for e in found])
        elif as_csv:
            sys.stdout.write(entries_csv(found))
        elif not found:
            out(
                "Nothing logged"
                + (f" since {lo}" if lo else "")
                + ". Log today: paintrack log --pain N"
            )
        else:
            from paintrack.render.tables import history_table, print_renderable

            print_renderable(history_table(found))


LOG_FIELDS = {
    "day",
    "time",
    "pain",
    "worst",
    "least",
    "sleep_hours",
    "sleep_interference",
    "stress",
    "doses",
    "ratings",
    "red_flags",
    "note",
}
SESSION_FIELDS = {
    "day",
    "time",
    "pain_before",
    "pain_after",
    "minutes",
    "needles",
    "techniques",
    "side_effects",
    "points",
    "cost",
    "note",
}
PEG_FIELDS = {"day", "time", "pain", "enjoyment", "general_activity"}
CLEARABLE = (
    "worst",
    "least",
    "sleep_hours",
    "sleep_interference",
    "stress",
    "note",
    "minutes",
    "needles",
    "points",
    "cost",
    "time",
    "med",
    "activity",
    "red_flag",
    "technique",
    "side_effect",
)
LIST_FIELD = {
    "med": "doses",
    "activity": "ratings",
    "red_flag": "red_flags",
    "technique": "techniques",
    "side_effect": "side_effects",
}


def edit(
    entry_id_text: Annotated[
        str, typer.Argument(metavar="ID", help="An id from `paintrack history`: L12, S3, P2.")
    ],
    date_text: Annotated[
        str | None, typer.Option("--date", "-d", metavar="DATE", help=f"Move it to: {DATE_HELP}.")
    ] = None,
    pain: Annotated[
        str | None, typer.Option("--pain", "-p", metavar=NRS, help="Daily log or PEG pain.")
    ] = None,
    worst: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    least: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    sleep_hours: Annotated[str | None, typer.Option(metavar="0-24")] = None,
    sleep_interference: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    stress: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    med: Annotated[
        list[str] | None, typer.Option(metavar="NAME=COUNT", help="Replaces the log's doses.")
    ] = None,
    activity: Annotated[
        list[str] | None, typer.Option(metavar="NAME=N", help="Replaces the log's ratings.")
    ] = None,
    red_flag: Annotated[
        list[str] | None, typer.Option(metavar="CODE", help="Replaces the log's red flags.")
    ] = None,
    pain_before: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    pain_after: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    minutes: Annotated[str | None, typer.Option(metavar="MIN")] = None,
    needles: Annotated[str | None, typer.Option(metavar="K")] = None,
    technique: Annotated[
        list[str] | None, typer.Option(metavar="T", help="Replaces the session's techniques.")
    ] = None,
    side_effect: Annotated[
        list[str] | None, typer.Option(metavar="S", help="Replaces the session's side effects.")
    ] = None,
    enjoyment: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    general_activity: Annotated[str | None, typer.Option(metavar=NRS)] = None,
    note: NoteOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FIELD", help="Repeatable: empty an optional field, e.g. --clear worst."
        ),
    ] = None,
) -> None:
    """Correct an entry. Only the values you give change; `paintrack undo` reverts the edit."""
    now = clock()
    with opened() as conn:
        old = store.entry(conn, entry_id_text)
        changes: dict[str, object] = {}
        if date_text is not None:
            changes["day"], changes["time"] = when(date_text, now)
        scalar = {
            "pain": whole("pain", pain, 0, 10),
            "worst": whole("worst", worst, 0, 10),
            "least": whole("least", least, 0, 10),
            "sleep_hours": number("sleep-hours", sleep_hours, 0, ref.SLEEP_HOURS_MAX),
            "sleep_interference": whole("sleep-interference", sleep_interference, 0, 10),
            "stress": whole("stress", stress, 0, 10),
            "pain_before": whole("pain-before", pain_before, 0, 10),
            "pain_after": whole("pain-after", pain_after, 0, 10),
            "minutes": whole("minutes", minutes, 1, ref.SESSION_MINUTES_MAX),
            "needles": whole("needles", needles, 0, ref.SESSION_NEEDLES_MAX),
            "enjoyment": whole("enjoyment", enjoyment, 0, 10),
            "general_activity": whole("general-activity", general_activity, 0, 10),
            "note": note,
        }
        changes.update({k: v for k, v in scalar.items() if v is not None})
        if med:
            changes["doses"] = tuple(
                Dose(n, number("med", c, 0, ref.DOSE_COUNT_MAX, open_lo=True))  # type: ignore[arg-type]
                for n, c in pairs("med", med, "ibuprofen=2")
            )
        if activity:
            changes["ratings"] = tuple(
                ActivityRating(n, whole("activity", v, 0, 10))  # type: ignore[arg-type]
                for n, v in pairs("activity", activity, "walking=6")
            )
        if red_flag:
            changes["red_flags"] = codes("red-flag", red_flag, list(ref.RED_FLAGS))
        if technique:
            changes["techniques"] = codes("technique", technique, list(ref.TECHNIQUES))
        if side_effect:
            changes["side_effects"] = codes("side-effect", side_effect, list(ref.SIDE_EFFECTS))
        for name in clear or []:
            key = name.strip().lower().replace("-", "_")
            if key not in CLEARABLE:
                raise InvalidValue("clear", "one of " + ", ".join(CLEARABLE), name)
            key = LIST_FIELD.get(key, key)
            changes[key] = () if key in LIST_FIELD.values() else None
        allowed = (
            SESSION_FIELDS
            if isinstance(old, Session)
            else LOG_FIELDS
            if isinstance(old, DailyLog)
            else PEG_FIELDS
        )
        for key in changes:
            if key not in allowed:
                option = "--" + next((k for k, v in LIST_FIELD.items() if v == key), key).replace(
                    "_", "-"
                )
                raise InvalidValue(
                    option, f"left out when editing a {entry_kind(old)} ({entry_id(old)})"
                )
        if not changes:
            raise InvalidValue(
                "ID",
                "followed by at least one value to change (see `paintrack edit --help`)",
                entry_id_text,
            )
        new = dataclasses.replace(old, **changes)  # type: ignore[arg-type]
        if isinstance(new, Session) and new.day != old.day:
            start = store.course_by_id(conn, new.course_id).start
            if new.day < start:
                raise InvalidValue(
                    "date", f"on or after the course start ({start})", new.day.isoformat()
                )
        if new == old:
            out(f"{entry_id(old)} already has those values; nothing changed.")
            return
        with store.writing(conn, f"edit {entry_id(old)}", now):
            store.update_entry(conn, old, new)
            store.set_change_summary(conn, f"edit {entry_id(old)}")
        out(f"Edited {entry_id(old)} ({old.day}).")
        out(f"  was: {summary(old)}")
        out(f"  now: {summary(new)}" + (f" on {new.day}" if new.day != old.day else ""))
        out("Changed your mind? paintrack undo")


def delete(
    entry_id_text: Annotated[
        str, typer.Argument(metavar="ID", help="An id from `paintrack history`: L12, S3, P2.")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (needed when not on a terminal).")
    ] = False,
) -> None:
    """Delete an entry, after asking. `paintrack undo` brings it back."""
    now = clock()
    with opened() as conn:
        old = store.entry(conn, entry_id_text)
        label = f"{entry_id(old)} on {old.day}: {summary(old)}"
        if not yes:
            if not common.interactive():
                raise InvalidValue("yes", "given to delete without a terminal to confirm on", None)
            typer.confirm(f"Delete {label}?", abort=True)
        with store.writing(conn, f"delete {entry_id(old)}", now):
            store.delete_entry(conn, old)
            store.set_change_summary(conn, f"delete {entry_id(old)}")
        out(f"Deleted {label}. Changed your mind? paintrack undo")


def undo() -> None:
    """Revert the last change to this database exactly (repeat to step further back)."""
    with opened() as conn, user_errors():
        what = store.undo(conn)
        out(f"Undid: {what}.")
        last = store.last_change(conn)
        if last:
            out(f"The change before it: {last[1]} ({last[0].replace('T', ' ')}).")
