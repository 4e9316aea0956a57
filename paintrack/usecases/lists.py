"""The medication list and the chosen activities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paintrack import reference as ref
from paintrack import store
from paintrack.domain import rules
from paintrack.models import Activity, Medication


@dataclass(frozen=True, slots=True)
class MedicationAdded:
    medication: Medication
    known: tuple[str, float] | None  # the CDC 2022 substance and factor, for an opioid


def medication(values: Mapping[str, Any]) -> tuple[Medication, tuple[str, float] | None]:
    """The medication from its field values; a known opioid gets its CDC 2022 factor."""
    given = {k: v for k, v in values.items() if v is not None}
    known = ref.known_mme_factor(given["name"]) if given.get("kind") == "opioid" else None
    if known is not None:
        given.setdefault("mme_factor", known[1])  # CDC 2022 MME conversion factor (§6.1)
    return Medication(**given), known


def add_medication(conn: store.Db, values: Mapping[str, Any], now: dt.datetime) -> MedicationAdded:
    med, known = medication(values)
    rules.medication_can_be_added(med, store.medications(conn))
    with store.writing(conn, f"med add {med.name}", now):
        store.insert_medication(conn, med, now)
        store.set_change_summary(conn, f"med add {med.name}")
    return MedicationAdded(med, known)


def add_activity(conn: store.Db, name: str, now: dt.datetime) -> Activity:
    activity = Activity(name=name)
    rules.activity_can_be_added(activity, store.activities(conn))
    with store.writing(conn, f"activity add {activity.name}", now):
        store.insert_activity(conn, activity, now)
        store.set_change_summary(conn, f"activity add {activity.name}")
    return activity
