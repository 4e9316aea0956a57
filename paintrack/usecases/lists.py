"""The medication list and the chosen activities: add, correct (edit, rename), stop, resume,
remove. Every path (flags, `import`, sync) that changes the list comes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paintrack import store
from paintrack.domain import rules
from paintrack.domain.values import close_match
from paintrack.frozen import replace
from paintrack.models import Activity, Medication

Listed = Medication | Activity
TABLES = {"medication": "medications", "activity": "activities"}


@dataclass(frozen=True, slots=True)
class MedicationAdded:
    medication: Medication
    notes: tuple[str, ...]  # what is worth saying now (a total that cannot be counted, …)


def add_medication(conn: store.Db, values: Mapping[str, Any], now: dt.datetime) -> MedicationAdded:
    """Add a medication from its field values (name, kind, strength, unit, mme_factor,
    ingredients): its kind from its substances, known opioids' CDC 2022 factors (§6.1)."""
    from paintrack.domain import products  # the builder loads only for `med add`

    product = products.build(values)
    med = product.medication
    listed = store.medications(conn)
    rules.medication_can_be_added(med, listed)
    notes = list(product.notes)
    near = close_match(med.name, [m.name for m in listed])
    if near:
        notes.append(
            f"Note: '{med.name}' is close to '{near}', already on your list; if they are the "
            "same, `paintrack undo` removes this one."
        )
    with store.writing(conn, f"med add {med.name}", now):
        store.insert_medication(conn, med, now)
        store.set_change_summary(conn, f"med add {med.name}")
    return MedicationAdded(med, tuple(notes))


def edit_medication(
    conn: store.Db, name: str, values: Mapping[str, Any], now: dt.datetime
) -> tuple[Medication, Medication]:
    """Correct what a medication is made of (a strength or kind mistyped from the label); its
    doses follow, so every past day is counted again with the corrected label."""
    from paintrack.domain import products

    old = rules.listed_item("medication", name, store.medications(conn))
    given = {k: v for k, v in values.items() if v is not None and v != ()}
    if not given:
        raise products.ING["strength"].error(
            "given, or --ingredient, --kind or --mme-factor: what to correct"
        )
    form = {"ingredients", "strength", "unit"}
    base: dict[str, Any] = {"name": old.name, "kind": old.kind}
    if not form & set(given):
        base["ingredients"] = old.ingredients  # a new kind or factor, the same ingredients
    one = old.ingredients[0] if len(old.ingredients) == 1 else None
    if one is not None and one.known is None and one.mme_factor and "ingredients" not in given:
        base["mme_factor"] = one.mme_factor  # the factor given for an opioid it does not know
    built = products.build({**base, **given}).medication
    new = replace(built, stopped=old.stopped, id=old.id, created_at=old.created_at)
    if new == old:
        return old, new
    with store.writing(conn, f"med edit {old.name}", now):
        store.replace_medication(conn, _id(old), new)
        store.set_change_summary(conn, f"med edit '{old.name}'")
    return old, new


def add_activity(conn: store.Db, name: str, now: dt.datetime) -> Activity:
    activity = Activity(name=name)
    rules.activity_can_be_added(activity, store.activities(conn))
    with store.writing(conn, f"activity add {activity.name}", now):
        store.insert_activity(conn, activity, now)
        store.set_change_summary(conn, f"activity add {activity.name}")
    return activity


# --- Corrections common to both lists -------------------------------------------------------------
def _items(conn: store.Db, what: str) -> list[Listed]:
    if what == "medication":
        return list(store.medications(conn))
    return list(store.activities(conn))


def _id(item: Listed) -> int:
    assert item.id is not None, "a stored item has an id"
    return item.id


def _write(conn: store.Db, what: str, old: Listed, new: Listed) -> None:
    if isinstance(new, Medication):
        store.replace_medication(conn, _id(old), new)
    else:
        store.replace_activity(conn, _id(old), new)


def find(conn: store.Db, what: str, name: str) -> Listed:
    """The medication (or activity) called `name`, or an error saying what is listed."""
    return rules.listed_item(what, name, _items(conn, what))


@dataclass(frozen=True, slots=True)
class Stopped:
    item: Listed  # as now stored
    was: dt.date | None  # the stop date it had before, if any
    last_use: dt.date | None  # its last dose (or rating)


def stop(conn: store.Db, what: str, name: str, day: dt.date | None, now: dt.datetime) -> Stopped:
    """Stop a medication (or activity) on `day` (default today): no longer offered in prompts,
    kept in history and in every total up to that day."""
    old = find(conn, what, name)
    _, _, last = store.uses(conn, TABLES[what], _id(old))
    if day is None and old.stopped is not None:
        return Stopped(old, old.stopped, last)  # already stopped: only --date moves it
    day = day or now.date()
    rules.can_stop(old, day, last, now.date())
    new = replace(old, stopped=day)
    if new != old:
        with store.writing(conn, f"{rules.COMMAND[what]} stop {old.name}", now):
            _write(conn, what, old, new)
            store.set_change_summary(conn, f"{what} stop '{old.name}' on {day}")
    return Stopped(new, old.stopped, last)


def resume(conn: store.Db, what: str, name: str, now: dt.datetime) -> Listed:
    """Take (or rate) a stopped one again: offered in prompts again from today."""
    items = _items(conn, what)
    old = rules.listed_item(what, name, items)
    new = replace(old, stopped=None)
    if isinstance(new, Activity):
        rules.activity_can_be_added(
            new, [a for a in items if isinstance(a, Activity) and a.name != old.name]
        )
    if new != old:
        with store.writing(conn, f"{rules.COMMAND[what]} resume {old.name}", now):
            _write(conn, what, old, new)
            store.set_change_summary(conn, f"{what} resume '{old.name}'")
    return new


@dataclass(frozen=True, slots=True)
class Renamed:
    old: Listed
    new: Listed
    uses: int  # doses (or ratings) that now show the new name


def rename(conn: store.Db, what: str, name: str, new_name: str, now: dt.datetime) -> Renamed:
    """A new name (a misspelling corrected); every dose or rating follows, as it points at the
    row. An ingredient named after the old name follows too (`ibuprofin` → `ibuprofen`), so
    a corrected substance counts where it belongs."""
    items = _items(conn, what)
    old = rules.listed_item(what, name, items)
    new_name = new_name.strip()
    rules.can_rename(what, old, new_name, items)
    if isinstance(old, Medication):
        from paintrack.domain import products

        new: Listed = products.renamed(old, new_name)
    else:
        new = Activity(new_name, old.stopped, old.id, old.created_at)
    uses, _, _ = store.uses(conn, TABLES[what], _id(old))
    if new != old:
        with store.writing(conn, f"{rules.COMMAND[what]} rename {old.name}", now):
            _write(conn, what, old, new)
            store.set_change_summary(conn, f"{what} rename '{old.name}' to '{new.name}'")
    return Renamed(old, new, uses)


def remove(conn: store.Db, what: str, name: str, now: dt.datetime) -> Listed:
    """Remove one never logged (a mistake); one that was logged can only be stopped."""
    old = find(conn, what, name)
    uses, first, _ = store.uses(conn, TABLES[what], _id(old))
    rules.can_remove(what, old, uses, first)
    with store.writing(conn, f"{rules.COMMAND[what]} remove {old.name}", now):
        if isinstance(old, Medication):
            store.delete_medication(conn, _id(old))
        else:
            store.delete_activity(conn, _id(old))
        store.set_change_summary(conn, f"{what} remove '{old.name}'")
    return old
