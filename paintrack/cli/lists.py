"""`paintrack med add|list` and `paintrack activity add|list`."""

from __future__ import annotations

from typing import Any

import typer

from paintrack import fields as F
from paintrack import store
from paintrack.cli.common import JsonOpt, clock, emit_json, opened, out
from paintrack.cli.options import fields, typed
from paintrack.render import records
from paintrack.render.text import medication_line
from paintrack.usecases import lists

med_app = typer.Typer(
    help="The medication you take (opioids get their CDC 2022 MME factor).", no_args_is_help=True
)
activity_app = typer.Typer(
    help="Up to 5 activities you rate for function (PSFS).", no_args_is_help=True
)
M = F.MEDICATION


@med_app.command("add")
@fields(*(M[n] for n in ("name", "kind", "strength", "unit", "mme_factor")))
def med_add(**given: Any) -> None:
    """Add a medication to your list, so `log --med NAME=COUNT` can count it."""
    now = clock()
    with opened() as conn:
        values = typed(M, {**given, "name": given["name"].strip()}, now)
        added = lists.add_medication(conn, values, now)
        med, known = added.medication, added.known
        out(f"Added {medication_line(med)}.")
        if known is not None and med.mme_factor != known[1]:
            out(
                f"Note: the CDC 2022 factor for {known[0]} is {known[1]:g}; you gave {med.mme_factor:g}."
            )
        if known and known[0] == "fentanyl":
            out("Log one patch as --med NAME=1 on each day it is worn.")


@med_app.command("list")
def med_list(as_json: JsonOpt = False) -> None:
    """List your medications."""
    with opened() as conn:
        meds = store.medications(conn)
        if as_json:
            emit_json([records.named_json(M, m) for m in meds])
        elif not meds:
            out(
                "No medications listed. Add one: paintrack med add ibuprofen --kind nsaid --strength 200 --unit mg"
            )
        else:
            out("\n".join(medication_line(m) for m in meds))


@activity_app.command("add")
@fields(F.ACTIVITY["name"])
def activity_add(name: str) -> None:
    """Choose an activity to rate 0-10 in your daily log (at most 5)."""
    now = clock()
    with opened() as conn:
        a = lists.add_activity(conn, name.strip(), now)
        out(
            f"Added activity '{a.name}'. Rate it when you log: paintrack log --pain N --activity '{a.name}=6'"
        )


@activity_app.command("list")
def activity_list(as_json: JsonOpt = False) -> None:
    """List your chosen activities."""
    with opened() as conn:
        acts = store.activities(conn)
        if as_json:
            emit_json([a.name for a in acts])
        elif not acts:
            out("No activities chosen. Add up to 5: paintrack activity add walking")
        else:
            out("\n".join(a.name for a in acts))
