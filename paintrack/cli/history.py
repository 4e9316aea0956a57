"""`paintrack history`, `edit ID`, `delete ID`, `undo`: what was logged, and corrections.

Every edit and delete is journaled, so `undo` brings back exactly what was there before. The
options of `edit` are the fields of sessions, daily logs and PEGs (paintrack.fields).
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Annotated, Any

import typer

from paintrack import fields as F
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, opened, out, when
from paintrack.cli.entries import confirmer
from paintrack.cli.options import Opt, fields, flag, repeated, text, typed
from paintrack.cli.shell import choices
from paintrack.errors import InvalidValue
from paintrack.render.records import entry_id, summary
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


KINDS = ("log", "session", "peg")


@fields(
    text("since", "--since", "From this date on.", "DATE"),
    text("until", "--until", "Up to this date.", "DATE"),
    repeated("kind", "log|session|peg", "Repeatable: only these kinds of entry.", choices(KINDS)),
    inspect.Parameter(
        "limit",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[
            str | None,
            typer.Option("--limit", "-n", metavar="N", help="Only the last N entries."),
        ],
        default=None,
    ),
    flag("as_json", "--json", "Print JSON (stable keys) instead of text."),
    flag("as_jsonl", "--jsonl", "Print one JSON object per line (JSON Lines)."),
    flag("as_csv", "--csv", "Print CSV (one row per entry)."),
)
def history(
    since: str | None,
    until: str | None,
    kind: list[str] | None,
    limit: str | None,
    as_json: bool,
    as_jsonl: bool,
    as_csv: bool,
) -> None:
    """List what you logged: sessions (S), daily logs (L), PEGs (P), by id. On a terminal the
    text goes through your pager (PAGER, default `less -FRX`)."""
    now = clock()
    with opened() as conn:
        if as_json + as_jsonl + as_csv > 1:
            raise InvalidValue("--json/--jsonl/--csv", "used one at a time")
        lo = when(since, now, "since")[0] if since else None
        hi = when(until, now, "until")[0] if until else None
        kinds = [_kind(k) for k in kind or []] or list(KINDS)
        found = store.entries(conn, lo, hi, kinds=kinds, limit=_limit(limit))
        shown = _write(
            found, "json" if as_json else "jsonl" if as_jsonl else "csv" if as_csv else ""
        )
        if not shown and not (as_json or as_jsonl or as_csv):
            words = {"log": "daily logs", "session": "sessions", "peg": "PEGs"}
            what = (
                "Nothing logged"
                if kinds == list(KINDS)
                else "No " + " or ".join(words[k] for k in kinds)
            )
            out(f"{what}{f' since {lo}' if lo else ''}{f' up to {hi}' if hi else ''}.")
            out("Log today: paintrack log N")


def _kind(text: str) -> str:
    k = text.strip().lower()
    if k not in KINDS:
        raise InvalidValue("kind", "one of " + ", ".join(KINDS), text)
    return k


def _limit(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.strip()
    if not (t.isascii() and t.isdigit()) or not 1 <= int(t) <= 10**9:
        raise InvalidValue("limit", "a whole number of at least 1", text)
    return int(t)


def _write(found: Iterator[Any], how: str) -> int:
    """Write the entries as they come (through the pager for text on a terminal); how many."""
    from paintrack.render.records import history_block, write_csv
    from paintrack.render.text import use_color, width

    n = 0

    def counted() -> Iterator[Any]:
        nonlocal n
        for e in found:
            n += 1
            yield e

    try:
        if how == "csv":
            write_csv(counted(), sys.stdout)
        elif how in ("json", "jsonl"):
            _write_json(counted(), how == "jsonl")
        else:
            first = next(found, None)
            if first is None:
                return 0
            cols, color = width(), use_color(sys.stdout)
            with pager() as stream:
                batch: list[str] = []
                for e in itertools.chain([first], counted()):
                    batch.append(history_block(e, cols, color=color))
                    if len(batch) >= 500:
                        stream.write("\n".join(batch) + "\n")
                        batch.clear()
                if batch:
                    stream.write("\n".join(batch) + "\n")
                n += 1
        sys.stdout.flush()
    except BrokenPipeError:  # `paintrack history | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return n


def _write_json(found: Iterator[Any], lines: bool) -> None:
    """One JSON document (a list, as json.dumps(indent=2) writes it), or one object a line."""
    from paintrack.render import safe
    from paintrack.render.records import entry_dict

    write = sys.stdout.write
    if lines:
        for e in found:
            write(
                safe.json_document(json.dumps(entry_dict(e), sort_keys=True, ensure_ascii=False))
                + "\n"
            )
        return
    first = True
    for e in found:
        text = safe.json_document(
            json.dumps(entry_dict(e), indent=2, sort_keys=True, ensure_ascii=False)
        )
        write(("[\n" if first else ",\n") + "\n".join("  " + x for x in text.split("\n")))
        first = False
    write("[]\n" if first else "\n]\n")


@contextmanager
def pager() -> Iterator[IO[str]]:
    """stdout, through PAGER (default `less -FRX`) when it is a terminal; never when piped.
    An empty PAGER, or `cat`, means no pager."""
    command = os.environ.get("PAGER", "less -FRX").strip()
    if not sys.stdout.isatty() or command in ("", "cat") or not _found(command):
        yield sys.stdout
        return
    env = {**os.environ}
    env.setdefault("LESS", "FRX")  # as git does: quit if it fits, keep colour, keep the screen
    sys.stdout.flush()
    proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env, text=True)
    assert proc.stdin is not None
    saved = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pager's
    try:
        yield proc.stdin
    except BrokenPipeError:
        pass  # the pager was quit
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        proc.wait()
        signal.signal(signal.SIGINT, saved)


def _found(command: str) -> bool:
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    return bool(words) and shutil.which(words[0]) is not None


@fields(
    _id_arg(),
    Opt(F.DAILY_LOG["date"], help="Move it to: " + F.DATE_HELP + "."),
    *_edit_specs(),
    repeated(
        "clear",
        "FIELD",
        "Repeatable: empty an optional field, e.g. --clear worst. Fields: "
        + ", ".join(sorted(SHOWN))
        + ".",
    ),
)
def edit(entry_ref: str, clear: list[str] | None, **given: Any) -> None:
    """Correct an entry. Only the values you give change; `paintrack undo` reverts the edit."""
    now = clock()
    with opened() as conn:
        old = entries.find(conn, entry_ref)
        concept = entries.CONCEPTS[type(old)]
        # A flag left off (False) was not given; `is` so that a 0 rating still counts.
        asked = {k: v for k, v in given.items() if v is not None and v != [] and v is not False}
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
        result = common.confirming(
            lambda ok: entries.edit(
                conn, entry_ref, values, cleared, now, confirmer(), confirmed=ok
            )
        )
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
