"""`paintrack med add|list` and `paintrack activity add|list`."""

from __future__ import annotations

from typing import Annotated

import typer

from paintrack import reference as ref
from paintrack import store
from paintrack.cli.common import JsonOpt, clock, emit_json, opened, out
from paintrack.domain.parse import number
from paintrack.models import Activity, Medication

med_app = typer.Typer(
    help="The medication you take (opioids get their CDC 2022 MME factor).", no_args_is_help=True
)
activity_app = typer.Typer(
    help="Up to 5 activities you rate for function (PSFS).", no_args_is_help=True
)

KNOWN = ", ".join(f"{k} {v:g}" for k, v in ref.MME_FACTORS.items())


@med_app.command("add")
def med_add(
    name: Annotated[str, typer.Argument(help="The name you will log it by, e.g. ibuprofen.")],
    kind: Annotated[
        str, typer.Option(metavar="KIND", help="One of: " + ", ".join(ref.MED_KINDS) + ".")
    ],
    strength: Annotated[
        str | None, typer.Option(metavar="X", help="Strength of one unit, e.g. 200.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option(metavar="UNIT", help="One of: " + ", ".join(ref.MED_UNITS) + ".")
    ] = None,
    mme_factor: Annotated[
        str | None,
        typer.Option(
            metavar="F", help=f"Opioids only; known by name from the CDC 2022 table: {KNOWN}."
        ),
    ] = None,
) -> None:
    """Add a medication to your list, so `log --med NAME=COUNT` can count it."""
    now = clock()
    with opened() as conn:
        kind_ = kind.strip().lower()
        factor = number("mme-factor", mme_factor, 0, 100, open_lo=True)
        known = ref.known_mme_factor(name) if kind_ == "opioid" else None
        if factor is None and known is not None:
            factor = known[1]  # CDC 2022 MME conversion factor (domain.md §6.1)
        med = Medication(
            name=name.strip(),
            kind=kind_,
            strength=number("strength", strength, 0, 100_000, open_lo=True),
            unit=unit.strip() if unit else None,
            mme_factor=factor,
        )
        with store.writing(conn, f"med add {med.name}", now):
            store.insert_medication(conn, med, now)
            store.set_change_summary(conn, f"med add {med.name}")
        out(f"Added {_describe(med)}.")
        if known is not None and factor != known[1]:
            out(f"Note: the CDC 2022 factor for {known[0]} is {known[1]:g}; you gave {factor:g}.")
        if known and known[0] == "fentanyl":
            out("Log one patch as --med NAME=1 on each day it is worn.")


def _describe(m: Medication) -> str:
    strength = f" {m.strength:g} {m.unit}" if m.strength is not None else ""
    known = ref.known_mme_factor(m.name)
    source = "CDC 2022" if known and known[1] == m.mme_factor else "your factor, not from CDC 2022"
    mme = f", MME factor {m.mme_factor:g} ({source})" if m.mme_factor is not None else ""
    return f"{m.name}{strength} ({m.kind}{mme})"


@med_app.command("list")
def med_list(as_json: JsonOpt = False) -> None:
    """List your medications."""
    with opened() as conn:
        meds = store.medications(conn)
        if as_json:
            emit_json(
                [
                    {
                        "name": m.name,
                        "kind": m.kind,
                        "strength": m.strength,
                        "unit": m.unit,
                        "mme_factor": m.mme_factor,
                    }
                    for m in meds
                ]
            )
        elif not meds:
            out(
                "No medications listed. Add one: paintrack med add ibuprofen --kind nsaid --strength 200 --unit mg"
            )
        else:
            for m in meds:
                out(_describe(m))


@activity_app.command("add")
def activity_add(
    name: Annotated[str, typer.Argument(help="An activity pain makes hard, e.g. walking.")],
) -> None:
    """Choose an activity to rate 0-10 in your daily log (at most 5)."""
    now = clock()
    with opened() as conn:
        a = Activity(name=name.strip())
        with store.writing(conn, f"activity add {a.name}", now):
            store.insert_activity(conn, a, now)
            store.set_change_summary(conn, f"activity add {a.name}")
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
            for a in acts:
                out(a.name)
