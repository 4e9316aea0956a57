"""`paintrack history`, `edit ID`, `delete ID`, `undo`: what was logged, and corrections.

Every edit and delete is journaled, so `undo` brings back exactly what was there before. The
options of `edit` are the fields of sessions, daily logs and PEGs (paintrack.fields).
"""

from __future__ import annotations

import inspect
import sys
from typing import Annotated, Any

import typer

from paintrack import fields as F
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, emit_json, opened, out, when
from paintrack.cli.entries import confirmer
from paintrack.cli.options import Opt, fields, flag, text, typed
from paintrack.errors import InvalidValue
from paintrack.render.records import entries_csv, entry_dict, entry_id, summary
from paintrack.usecases import entries

EDITED = (F.DAILY_LOG, F.SESSION, F.PEG)
KIND_WORD = {"daily log": "Daily log", "session": "Session", "PEG": "PEG"}


def _edit_specs() -> list[Opt]:
    """One option per option name across the edited concepts; a shared option (--pain of a log
    and of a PEG) says what it means for each."""
    by_option: dict[str, list[tuple[F.Concept, F.Field]]] = {}
    for concept in EDITED:
        for f in concept.options:
            if f.name != "date":
                by_option.setdefault(f.option or "", []).append((concept, f))
    specs = []
    for pairs in by_option.values():
        f = pairs[0][1]
        helps = {c.name: g.help for c, g in pairs}
        if len(set(helps.values())) > 1:
            help = " ".join(f"{KIND_WORD[c]}: {h}" for c, h in helps.items())
        else:
            help = f.help
        if f.kind == "codes":
            help = f"Repeatable; replaces what the entry had. One of: {', '.join(f.codes)}."
        elif f.repeatable:
            help += " Replaces what the entry had."
        specs.append(Opt(f, required=False, help=help.replace(" Required.", "")))
    return specs


def _clearable() -> dict[str, str]:
    """What `--clear` accepts (field names, option names) → the field name."""
    out: dict[str, str] = {}
    for concept in EDITED:
        for f in concept:
            if f.clearable:
                shown = (f.option or "--" + f.name).lstrip("-")  # as the option is spelled
                for alias in (shown, f.name, f.name.replace("_", "-")):
                    out.setdefault(alias, f.name)
                SHOWN.add(shown)
    return out


SHOWN: set[str] = set()  # the names `--clear` lists in its help


CLEAR = _clearable()
ID_HELP = "An id from `paintrack history`: L12, S3, P2."


def _id_arg() -> inspect.Parameter:
    return inspect.Parameter(
        "entry_ref",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[str, typer.Argument(metavar="ID", help=ID_HELP)],
    )


@fields(
    text("since", "--since", "From this date on.", "DATE"),
    text("until", "--until", "Up to this date.", "DATE"),
    flag("as_json", "--json", "Print JSON (stable keys) instead of text."),
    flag("as_csv", "--csv", "Print CSV (one row per entry)."),
)
def history(since: str | None, until: str | None, as_json: bool, as_csv: bool) -> None:
    """List what you logged: sessions (S), daily logs (L), PEGs (P), by id."""
    now = clock()
    with opened() as conn:
        if as_json and as_csv:
            raise InvalidValue("--json/--csv", "used one at a time")
        lo = when(since, now, "since")[0] if since else None
        hi = when(until, now, "until")[0] if until else None
        found = list(store.entries(conn, lo, hi))
        if as_json:
            emit_json([entry_dict(e) for e in found])
        elif as_csv:
            sys.stdout.write(entries_csv(found))
        elif not found:
            since_text = f" since {lo}" if lo else ""
            out(f"Nothing logged{since_text}. Log today: paintrack log --pain N")
        else:
            from paintrack.render.tables import history_table, print_renderable

            print_renderable(history_table(found))


@fields(
    _id_arg(),
    Opt(F.DAILY_LOG["date"], help="Move it to: " + F.DATE_HELP + "."),
    *_edit_specs(),
    inspect.Parameter(
        "clear",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                metavar="FIELD",
                help="Repeatable: empty an optional field, e.g. --clear worst. Fields: "
                + ", ".join(sorted(SHOWN))
                + ".",
            ),
        ],
        default=None,
    ),
)
def edit(entry_ref: str, clear: list[str] | None, **given: Any) -> None:
    """Correct an entry. Only the values you give change; `paintrack undo` reverts the edit."""
    now = clock()
    with opened() as conn:
        old = entries.find(conn, entry_ref)
        concept = entries.CONCEPTS[type(old)]
        asked = {k: v for k, v in given.items() if v not in (None, [])}
        for name in asked:
            if name not in concept.by_name:
                option = next(c[name].cli for c in EDITED if name in c.by_name)
                raise InvalidValue(
                    option, f"left out when editing a {concept.name} ({entry_id(old)})"
                )
        values = typed(concept, asked, now)
        cleared = []
        for name in clear or []:
            key = CLEAR.get(name.strip().lower())
            if key is None:
                raise InvalidValue(
                    "clear", "one of " + ", ".join(sorted(set(CLEAR.values()))), name
                )
            cleared.append(key)
        result = entries.edit(conn, entry_ref, values, cleared, now, confirmer())
        if not result.changed:
            out(f"{entry_id(old)} already has those values; nothing changed.")
            return
        new = result.new
        out(f"Edited {entry_id(old)} ({old.date}).")
        out(f"  was: {summary(old)}")
        out(f"  now: {summary(new)}" + (f" on {new.date}" if new.date != old.date else ""))
        out("Changed your mind? paintrack undo")


@fields(_id_arg(), flag("yes", "--yes", "Do not ask (needed when not on a terminal).", "-y"))
def delete(entry_ref: str, yes: bool) -> None:
    """Delete an entry, after asking. `paintrack undo` brings it back."""
    now = clock()
    with opened() as conn:
        old = entries.find(conn, entry_ref)
        label = f"{entry_id(old)} on {old.date}: {summary(old)}"
        if not yes:
            if not common.interactive():
                raise InvalidValue("yes", "given to delete without a terminal to confirm on", None)
            typer.confirm(f"Delete {label}?", abort=True)
        entries.delete(conn, entry_ref, now)
        out(f"Deleted {label}. Changed your mind? paintrack undo")


def undo() -> None:
    """Revert the last change to this database exactly (repeat to step further back)."""
    with opened() as conn:
        done = entries.undo(conn)
        out(f"Undid: {done.what}.")
        if done.before:
            at, what = done.before
            out(f"The change before it: {what} ({at.replace('T', ' ')}).")
