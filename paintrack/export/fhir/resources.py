"""The diary as FHIR R4 resources, one at a time (domain.md §11.2; docs/summary-and-fhir.md).

`resources()` yields each resource as it is built, so a writer (bundle.py) can stream years of
logs without holding them as JSON. Ids are uuid5 of the database's namespace and what the
resource records (`log/12/pain`), so the same database always gives the same ids and two
databases never share one; references point at the Patient and at each other through `Ids`,
as `urn:uuid:` (Bundles) or `Type/id` (NDJSON).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from paintrack import __version__
from paintrack import reference as ref
from paintrack.domain.daily import log_psfs, peg_score
from paintrack.domain.numbers import shown_mean
from paintrack.export.fhir import codes as C
from paintrack.models import DailyLog, Diary, Dose, Medication, Peg, Session
from paintrack.render.safe import fhir_json, fhir_string


@dataclass(frozen=True, slots=True)
class Resource:
    kind: str
    key: str  # what it records, stable within a database: "log/12/pain"
    body: dict[str, Any]  # without resourceType, id, identifier, meta (the writer adds them)
    fixed: str = ""  # members already encoded as JSON, shared by many resources (speed)


_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encode(value: object) -> str:
    """Compact JSON whose strings are valid FHIR strings (render/safe.py; issue 10)."""
    return fhir_json(_encoder.encode(value))


@lru_cache(maxsize=512)
def code(*codes: C.Code, text: str | None = None) -> str:
    """An Observation's `code` (a CodeableConcept), encoded once: years of logs repeat a few."""
    return str(_encode(C.concept(*codes, text=text)))


class Ids:
    """Stable ids and references: uuid5(namespace, "Kind/key") (RFC 4122 §4.3)."""

    def __init__(self, namespace: uuid.UUID, style: str) -> None:
        self.namespace = namespace
        self.style = style  # "urn" (a Bundle's fullUrls) | "type" (NDJSON: Type/id)
        self._ns = namespace.bytes

    def id(self, kind: str, key: str) -> str:
        """uuid5, as `str(uuid.uuid5(...))` gives it, without building UUID objects (an export
        of years makes a million of these; a test checks they are the same)."""
        h = bytearray(hashlib.sha1(self._ns + f"{kind}/{key}".encode()).digest()[:16])
        h[6] = (h[6] & 0x0F) | 0x50  # version 5
        h[8] = (h[8] & 0x3F) | 0x80  # RFC 4122 variant
        x = h.hex()
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"

    def ref(self, kind: str, key: str) -> dict[str, str]:
        rid = self.id(kind, key)
        return {"reference": f"urn:uuid:{rid}" if self.style == "urn" else f"{kind}/{rid}"}


def when(day: dt.date, time: str | None, offset: int | None = None) -> str:
    """A FHIR dateTime: a day alone, or the local time with its UTC offset — the offset stored
    with the entry when there is one (minutes east of UTC), else this machine's on that date."""
    if not time:
        return day.isoformat()
    local = dt.datetime.fromisoformat(f"{day.isoformat()}T{time}")
    if offset is not None:
        return local.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset))).isoformat()
    return local.astimezone().isoformat()


def _offset(entry: object) -> int | None:
    value = getattr(entry, "utc_offset", None)
    return value if isinstance(value, int) else None


class _Builder:
    def __init__(self, ids: Ids, label: str | None) -> None:
        self.ids = ids
        self.label = label
        self.patient = ids.ref("Patient", "patient")
        self._patient = _encode(self.patient)
        self._survey = _encode(C.SURVEY)

    def observation(
        self, key: str, coded: str, at: str, value: dict[str, Any], **extra: Any
    ) -> Resource:
        """An Observation of `coded` (from `code()`), reported by the patient about themselves."""
        fixed = (
            f'"status":"final","category":{self._survey},"code":{coded},'
            f'"subject":{self._patient},"performer":[{self._patient}]'  # patient-reported
        )
        return Resource("Observation", key, {"effectiveDateTime": at, **value, **extra}, fixed)

    def patient_resource(self) -> Resource:
        body: dict[str, Any] = {"active": True}
        if self.label:
            body["name"] = [{"text": fhir_string(self.label)}]
        return Resource("Patient", "patient", body)

    def device(self) -> Resource:
        return Resource(
            "Device",
            "paintrack",
            {
                "deviceName": [{"name": "paintrack", "type": "manufacturer-name"}],
                "version": [{"value": __version__}],
                "patient": self.patient,
            },
        )


def resources(diary: Diary, ids: Ids, label: str | None = None) -> Iterator[Resource]:
    """Every resource of the diary: the Patient, paintrack's Device and each Medication first,
    each course's Goals and CarePlan, then sessions, daily logs, doses, each medication's use
    (from its first dose to its stop), PEGs and PGICs, in the diary's order."""
    from paintrack.export.fhir.care import course_resources, medication_use

    b = _Builder(ids, label)
    yield b.patient_resource()
    yield b.device()
    for m in diary.medications:
        yield _medication(m)
    courses = {c.id: c for c in diary.courses}
    for c in diary.courses:
        yield from course_resources(b, c)
    for s in diary.sessions:
        yield from _session(b, s, courses.get(s.course_id))
    meds = {m.name.lower(): m for m in diary.medications}
    first: dict[str, dt.date] = {}
    for log in diary.daily_logs:
        yield from _log(b, log)
        for dose in log.doses:
            name = dose.medication.lower()
            first[name] = min(first.get(name, log.date), log.date)
            yield _dose(b, log, dose, meds.get(dose.medication.lower()))
    for m in diary.medications:  # after the logs: each one's first dose is known then
        use = medication_use(b, m, first.get(m.name.lower()))
        if use is not None:
            yield use
    for p in diary.pegs:
        yield from _peg(b, p)
    for d in diary.decisions:
        if d.impression is not None:
            yield b.observation(
                f"decision/{d.id}/pgic",
                code(C.local("pgic")),
                d.date.isoformat(),
                {"valueInteger": d.impression},
                note=[{"text": ref.PGIC_LABELS[d.impression]}],
            )  # domain.md §4


def _session(b: _Builder, s: Session, course: Any) -> Iterator[Resource]:
    therapy = getattr(course, "therapy", "acupuncture") or "acupuncture"
    what = C.ACUPUNCTURE if therapy.lower() == "acupuncture" else C.local("treatment-session")
    notes = [
        f"{k}: {v}"
        for k, v in (
            ("minutes", s.minutes),
            ("needles", s.needles),
            ("techniques", ", ".join(s.techniques) or None),
            ("points", s.points),
            ("note", s.note),
        )
        if v is not None
    ]
    at = when(s.date, s.time, _offset(s))
    body: dict[str, Any] = {
        "status": "completed",
        "code": C.concept(what, text=fhir_string(therapy.capitalize())),
        "subject": b.patient,
        "performedDateTime": at,
    }
    if s.practitioner:
        body["performer"] = [{"actor": {"display": fhir_string(s.practitioner)}}]
    if getattr(course, "condition", None):
        body["reasonCode"] = [{"text": fhir_string(course.condition)}]
    if s.side_effects:  # domain.md §10.2
        body["complication"] = [
            C.concept(C.local(f"side-effect-{e}"), text=ref.SIDE_EFFECTS.get(e, e))
            for e in s.side_effects
        ]
    if notes:
        body["note"] = [{"text": fhir_string("; ".join(notes))}]
    key = f"session/{s.id}"
    yield Resource("Procedure", key, body)
    for side in ("before", "after"):
        yield b.observation(
            f"{key}/pain-{side}",
            code(C.local(f"pain-{side}-session"), text=f"Pain right {side} the session"),
            at,
            {"valueInteger": getattr(s, f"pain_{side}")},
            partOf=[b.ids.ref("Procedure", key)],
        )


_LOG_CODES = (
    ("worst", "pain-worst"),
    ("least", "pain-least"),
    ("sleep_interference", "sleep-interference"),
    ("stress", "stress"),
)


def _log(b: _Builder, log: DailyLog) -> Iterator[Resource]:
    at, key = when(log.date, log.time, _offset(log)), f"log/{log.id}"
    note = {"note": [{"text": fhir_string(log.note)}]} if log.note else {}
    pain = code(C.PAIN, text="Average pain, last 24 hours")
    yield b.observation(f"{key}/pain", pain, at, {"valueInteger": log.pain}, **note)
    for name, local in _LOG_CODES:
        value = getattr(log, name)
        if value is not None:
            yield b.observation(f"{key}/{local}", code(C.local(local)), at, {"valueInteger": value})
    if log.sleep_hours is not None:
        value = {"valueQuantity": C.quantity(log.sleep_hours, "h", "h")}
        yield b.observation(f"{key}/sleep", code(C.SLEEP_HOURS), at, value)
    if log.activity_ratings:
        mean = shown_mean(log_psfs(log))  # PSFS (domain.md §3.1)
        yield b.observation(
            f"{key}/psfs",
            code(C.local("psfs")),
            at,
            {"valueQuantity": C.quantity(mean or 0.0, "{score}", "{score}")},
            component=[
                {
                    "code": C.concept(C.local("psfs-activity"), text=fhir_string(r.activity)),
                    "valueInteger": r.rating,
                }
                for r in log.activity_ratings
            ],
        )
    for flag in log.red_flags:  # domain.md §10.1
        label = ref.RED_FLAGS[flag].label if flag in ref.RED_FLAGS else flag
        value = {"valueCodeableConcept": C.concept(C.local(f"red-flag-{flag}"), text=label)}
        yield b.observation(f"{key}/red-flag/{flag}", code(C.local("red-flag")), at, value)


def _ucum(unit: str) -> str:
    return unit.replace("mcg", "ug")  # UCUM spells micrograms "ug"


def _medication(m: Medication) -> Resource:
    """The product on the patient's list, with each ingredient and its strength per unit as on
    the label (domain.md §6.4); RxNorm only for a substance paintrack truly knows."""
    ingredients = []
    for i in m.ingredients:
        known = i.known
        item: dict[str, Any] = {"text": fhir_string(i.substance)}
        if known is not None and known in ref.RXNORM:
            item["coding"] = [
                {"system": ref.RXNORM_SYSTEM, "code": ref.RXNORM[known], "display": known}
            ]
        per_unit = {"value": 1, "unit": "unit", "system": C.UCUM, "code": "1"}
        strength = {
            "numerator": C.quantity(i.strength, i.unit, _ucum(i.unit)),
            "denominator": per_unit,
        }
        ingredients.append({"itemCodeableConcept": item, "isActive": True, "strength": strength})
    body: dict[str, Any] = {"code": {"text": fhir_string(m.name)}, "status": "active"}
    if m.stopped is not None:
        body["status"] = "inactive"
    if ingredients:
        body["ingredient"] = ingredients
    return Resource("Medication", f"medication/{m.name.lower()}", body)


def _label(med: Medication | None) -> str:
    if med is None or not med.ingredients:
        return ""
    return " of " + " + ".join(f"{i.substance} {i.strength:g} {i.unit}" for i in med.ingredients)


def _dose(b: _Builder, log: DailyLog, dose: Dose, med: Medication | None) -> Resource:
    strength = med.strength if med is not None else None
    unit = med.unit if med is not None else None
    dosage: dict[str, Any] = {"text": fhir_string(f"{dose.count:g} unit(s){_label(med)}")}
    if strength and unit in ("mg", "g", "mcg"):  # UCUM: mcg is "ug"
        amount = round(dose.count * strength, 6)
        dosage["doseAndRate"] = [{"doseQuantity": C.quantity(amount, unit, _ucum(unit))}]
    return Resource(
        "MedicationStatement",
        f"log/{log.id}/dose/{dose.medication.lower()}",
        {
            "status": "completed",
            **(
                {"medicationReference": b.ids.ref("Medication", f"medication/{med.name.lower()}")}
                if med is not None
                else {"medicationCodeableConcept": {"text": fhir_string(dose.medication)}}
            ),
            "subject": b.patient,
            "informationSource": b.patient,
            "effectiveDateTime": when(log.date, log.time, _offset(log)),
            "dosage": [dosage],
        },
    )


def _peg(b: _Builder, p: Peg) -> Iterator[Resource]:
    """The PEG as a QuestionnaireResponse to LOINC's Questionnaire 91148-7, and its score as an
    Observation derivedFrom it (domain.md §2, §11.2)."""
    at, key = when(p.date, p.time, _offset(p)), f"peg/{p.id}"
    score = shown_mean(peg_score(p)) or 0.0
    items = [
        {
            "linkId": link,
            "text": text,
            "answer": [{"valueInteger": getattr(p, field)}],
        }
        for field, link, _code, text in C.PEG_ITEMS
    ]
    items.append(
        {"linkId": C.PEG_SCORE_LINK, "text": "Mean score", "answer": [{"valueDecimal": score}]}
    )
    yield Resource(
        "QuestionnaireResponse",
        key,
        {
            "questionnaire": C.PEG_QUESTIONNAIRE,
            "status": "completed",
            "subject": b.patient,
            "author": b.patient,
            "source": b.patient,
            "authored": at,
            "item": items,
        },
    )
    yield b.observation(
        f"{key}/score",
        code(C.PEG_SCORE),
        at,
        {"valueQuantity": C.quantity(score, "{score}", "{score}")},
        derivedFrom=[b.ids.ref("QuestionnaireResponse", key)],
    )
