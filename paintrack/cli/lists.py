"""`paintrack med …` and `paintrack activity …`: the lists, and correcting them.

add, list, and for both lists stop, resume, rename and remove (one definition each, for either
list); `med edit` corrects what a medication is made of. All through `usecases.lists`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from paintrack import fields as F
from paintrack import reference as ref
from paintrack import store
from paintrack.cli.common import clock, emit_json, err, opened, out, when
from paintrack.cli.options import JsonOpt, Opt, fields, text, typed
from paintrack.domain.defaults import still_taken
from paintrack.models import Activity, Medication
from paintrack.render.text import medication_line

med_app = typer.Typer(
    help="The medication you take: one line per product, with its ingredients from the label.",
    no_args_is_help=True,
)
activity_app = typer.Typer(
    help="Up to 5 activities you rate for function (PSFS).", no_args_is_help=True
)
M, ING = F.MEDICATION, F.INGREDIENT
# The use-cases and the escaping load inside each command: `paintrack log` builds these commands
# (Typer builds every one) but never runs them, and must start fast (benchmarks/startup.py).
LABEL = tuple(Opt(ING[n], required=False) for n in ("strength", "unit", "mme_factor"))


def _typed(given: dict[str, Any], now: Any) -> dict[str, Any]:
    """The typed values of `med add`/`med edit`: the medication's and its one ingredient's."""
    own = {k: v for k, v in given.items() if k in M.by_name}
    label = {k: v for k, v in given.items() if k in ING.by_name}
    return {**typed(M, own, now), **typed(ING, label, now)}


@med_app.command("add")
@fields(M["name"], Opt(M["kind"], required=False), *LABEL, Opt(M["ingredients"], required=False))
def med_add(**given: Any) -> None:
    """Add a medication to your list, so `log --med NAME=COUNT` counts it.

    One substance: `med add ibuprofen --strength 200 --unit mg`. A combination product, from its
    label: `med add percocet --ingredient oxycodone=5mg --ingredient acetaminophen=325mg`.
    """
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        values = _from_box(_typed({**given, "name": given["name"].strip()}, now))
        added = lists.add_medication(conn, values, now)
        out(f"Added {medication_line(added.medication)}.")
        for note in added.notes:
            err(note)


def _from_box(values: dict[str, Any]) -> dict[str, Any]:
    """A brand paintrack knows (`med add "tylenol extra strength"`, reference.BRANDS): what its
    label holds, offered and confirmed on a terminal; in a script, refused with the command to
    type from the box (a strength is never guessed, domain.md §6.4). With --strength given, the
    brand's one substance is the ingredient."""
    from paintrack.models import Ingredient

    found = ref.brand(values["name"])
    if found is None or values.get("kind") or values.get("ingredients"):
        return values
    key, choices = found
    if values.get("strength") is not None:
        subs = {c[0][0] for c in choices if len(c) == 1}
        if len(subs) != 1 or any(len(c) > 1 for c in choices):
            return values
        rest = {k: v for k, v in values.items() if k not in ("strength", "unit")}
        unit = values.get("unit") or choices[0][0][2]
        return {**rest, "ingredients": (Ingredient(subs.pop(), values["strength"], unit),)}
    if values.get("unit") is not None or values.get("mme_factor") is not None:
        return values
    pick = _pick(values["name"], key, choices)
    return {**values, "ingredients": tuple(Ingredient(s, g, u) for s, g, u in choices[pick])}


def _pick(name: str, key: str, choices: tuple[ref.BrandStrength, ...]) -> int:
    """Which of a brand's labels is on the patient's box (asked); refused off a terminal."""
    from paintrack.cli.common import interactive
    from paintrack.domain.values import command

    texts = [" + ".join(f"{s} {g:g} {u}" for s, g, u in c) for c in choices]
    if not interactive():
        flags = [w for s, g, u in choices[0] for w in ("--ingredient", f"{s}={g:g}{u}")]
        example = command("med", "add", name, *flags)
        raise M["ingredients"].error(
            f"given from your box: '{key}' is sold in the US as {' or '.join(texts)}, e.g. "
            f"`{example}`"
        )
    typer.echo(f"{name}: paintrack knows this brand. One tablet, as its US label says:")
    if len(texts) == 1:
        typer.confirm(f"  {texts[0]}. Is that what your box says?", default=True, abort=True)
        return 0
    for i, t in enumerate(texts, start=1):
        typer.echo(f"  {i}  {t}")
    while True:
        answer = str(typer.prompt(f"Which one is on your box (1-{len(texts)})")).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(texts):
            return int(answer) - 1
        typer.echo(f"  Type a number from 1 to {len(texts)} (Ctrl-C: nothing saved).", err=True)


@med_app.command("edit")
@fields(
    Opt(M["name"], help="The medication to correct."),
    Opt(M["kind"], required=False),
    *LABEL,
    Opt(
        M["ingredients"], required=False, help=M["ingredients"].help + " Replaces its ingredients."
    ),
)
def med_edit(**given: Any) -> None:
    """Correct what a medication is made of (a strength or ingredient mistyped from the label).

    Its doses follow: every day is counted again with the corrected label. `paintrack undo`
    reverts it.
    """
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        name = given.pop("name").strip()
        old, new = lists.edit_medication(conn, name, _typed(given, now), now)
        if old == new:
            out(f"{safe.line(old.name)} already has that label; nothing changed.")
            return
        out(f"Corrected {safe.line(old.name)}.")
        out(f"  was: {medication_line(old)}")
        out(f"  now: {medication_line(new)}")
        out("Every dose of it is counted with the new label. Changed your mind? paintrack undo")


def medication_json(m: Medication) -> dict[str, object]:
    """A medication as `med list --json` shows it: its ingredients, with RxNorm codes only
    where paintrack knows them (reference.RXNORM)."""
    return {
        "name": m.name,
        "kind": m.kind,
        "strength": m.strength,
        "unit": m.unit,
        "mme_factor": m.mme_factor,
        "ingredients": [
            {
                "substance": i.substance,
                "strength": i.strength,
                "unit": i.unit,
                "mme_factor": i.mme_factor,
                "rxnorm": ref.RXNORM.get(i.known or ""),
            }
            for i in m.ingredients
        ],
        "stopped": m.stopped.isoformat() if m.stopped else None,
        "active": still_taken(m),
    }


@med_app.command("list")
def med_list(as_json: JsonOpt = False) -> None:
    """List your medications: those you take, then those you stopped."""
    with opened() as conn:
        meds = store.medications(conn)
        if as_json:
            emit_json([medication_json(m) for m in meds])
        elif not meds:
            out(
                "No medications listed. Add one: paintrack med add ibuprofen --strength 200 --unit mg"
            )
        else:
            out(_two_groups([medication_line(m) for m in meds], [still_taken(m) for m in meds]))


def _two_groups(lines: list[str], active: list[bool]) -> str:
    taken = [line for line, a in zip(lines, active, strict=True) if a]
    stopped = [line for line, a in zip(lines, active, strict=True) if not a]
    return "\n".join(taken + (["Stopped (kept in your history):"] if stopped else []) + stopped)


@activity_app.command("add")
@fields(F.ACTIVITY["name"])
def activity_add(name: str) -> None:
    """Choose an activity to rate 0-10 in your daily log (at most 5 at a time)."""
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        a = lists.add_activity(conn, name.strip(), now)
        from paintrack.domain.values import command

        rate = safe.line(command("log", "--pain", "N", "--activity", f"{a.name}=6"))
        out(f"Added activity '{safe.line(a.name)}'. Rate it when you log: {rate}")


@activity_app.command("list")
def activity_list(as_json: JsonOpt = False) -> None:
    """List your chosen activities: those you rate, then those you stopped."""
    from paintrack.render import safe

    with opened() as conn:
        acts = store.activities(conn)
        if as_json:
            emit_json([_activity_json(a) for a in acts])
        elif not acts:
            out("No activities chosen. Add up to 5: paintrack activity add walking")
        else:
            lines = [
                safe.line(a.name) + (f", stopped {a.stopped}" if a.stopped else "") for a in acts
            ]
            out(_two_groups(lines, [still_taken(a) for a in acts]))


def _activity_json(a: Activity) -> dict[str, object]:
    return {
        "name": a.name,
        "stopped": a.stopped.isoformat() if a.stopped else None,
        "active": still_taken(a),
    }


# --- stop, resume, rename, remove: the same for both lists ---------------------------------------
def _arg(name: str, help: str, metavar: str = "NAME") -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[str, typer.Argument(metavar=metavar, help=help)],
    )


def _logged(what: str) -> str:
    return "doses" if what == "medication" else "ratings"


def _stop(what: str, cmd: str, name: str, date: str | None) -> None:
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        day = when(date, now)[0] if date else None
        done = lists.stop(conn, what, name, day, now)
        shown = safe.line(done.item.name)
        if done.was and done.was == done.item.stopped:
            out(f"{shown} was already stopped on {done.was}; --date moves the day.")
            return
        if done.was:
            out(f"Moved the stop date of {shown} from {done.was} to {done.item.stopped}.")
        else:
            out(
                f"Stopped {shown} on {done.item.stopped}: no longer offered when you log; "
                f"its {_logged(what)} stay in your history and totals."
            )
        from paintrack.domain.values import command

        again = safe.line(command(cmd, "resume", done.item.name))
        out(f"Taking it up again? {again}. Changed your mind? paintrack undo")


def _resume(what: str, cmd: str, name: str) -> None:
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        item = lists.resume(conn, what, name, now)
        out(f"{safe.line(item.name)} is offered again when you log.")


def _rename(what: str, cmd: str, name: str, new_name: str) -> None:
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        done = lists.rename(conn, what, name, new_name, now)
        old, new = safe.line(done.old.name), safe.line(done.new.name)
        out(
            f"Renamed '{old}' to '{new}' ({done.uses} {_logged(what)} follow). "
            "Changed your mind? paintrack undo"
        )
        old_ings = done.old.ingredients if isinstance(done.old, Medication) else ()
        if isinstance(done.new, Medication) and done.new.ingredients != old_ings:
            out(f"It now counts as {medication_line(done.new)}.")


def _remove(what: str, cmd: str, name: str) -> None:
    from paintrack.render import safe
    from paintrack.usecases import lists

    now = clock()
    with opened() as conn:
        item = lists.remove(conn, what, name, now)
        out(f"Removed {safe.line(item.name)} from your list. Changed your mind? paintrack undo")


def _corrections(app: typer.Typer, what: str, cmd: str) -> None:
    """Register stop, resume, rename and remove on `app`, for medications or activities."""
    name = _arg("name", f"The {what}'s name on your list.")
    date = text("date", "--date", f"The day you stopped: {F.DATE_HELP}. Default: today.", "DATE")
    specs: list[tuple[str, Callable[..., None], str, list[inspect.Parameter]]] = [
        (
            "stop",
            _stop,
            f"Stop a {what}: no longer offered when you log; kept in history and totals.",
            [name, date],
        ),
        ("resume", _resume, f"Take up a stopped {what} again.", [name]),
        (
            "rename",
            _rename,
            f"Rename a {what} (a misspelling); its {_logged(what)} follow. "
            "`paintrack undo` reverts it.",
            [_arg("name", "Its name now.", "OLD"), _arg("new_name", "Its new name.", "NEW")],
        ),
        (
            "remove",
            _remove,
            f"Remove a {what} never logged (one that was logged can only be stopped).",
            [name],
        ),
    ]
    for verb, impl, doc, params in specs:

        def command(_impl: Callable[..., None] = impl, **given: Any) -> None:
            _impl(what, cmd, **given)

        command.__doc__ = doc
        command.__name__ = f"{cmd}_{verb}"
        app.command(verb)(fields(*params)(command))


_corrections(med_app, "medication", "med")
_corrections(activity_app, "activity", "activity")
