"""A FHIR R4 Bundle (type collection) of the exported rows (docs/summary-and-fhir.md).

Codes from domain.md §11.1, resources as in §11.2. What has no standard code (stress, sleep
interference, worst/least pain, PSFS, PGIC, red flags, side effects) uses one local CodeSystem,
LOCAL. Every resource id is a uuid5 of the database's own random namespace (made once per
database, `store.fhir_namespace`), the resource's kind and the stored row's id: two databases
never share an id, and two exports of the same database are byte-identical. Every reference is
a `urn:uuid:` fullUrl inside the bundle. Every string is a valid FHIR string (render/safe.py). Validated against `fhir.resources.R4B` in the tests (R4B ≈ R4 for these
resources, domain.md §11.3); those models check no value ranges or codes, so the tests do.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from datetime import datetime
from typing import Any

from paintrack import reference as ref
from paintrack.domain.daily import peg_score, psfs_daily
from paintrack.domain.numbers import shown_mean
from paintrack.export.tabular import tables
from paintrack.models import ActivityRating, DailyLog, Diary, Peg
from paintrack.render import safe

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL = "urn:paintrack:codes"  # paintrack's own codes, documented in docs/summary-and-fhir.md

# domain.md §11.1
PAIN = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_PANEL = (
    LOINC,
    "91148-7",
    "Pain intensity, Enjoyment of life, General activity (PEG) 3 item pain scale",
)
PEG_ITEMS = {
    "pain": (LOINC, "75893-8", "What number best describes your pain on average in the past week?"),
    "enjoyment": (
        LOINC,
        "91145-3",
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
    ),
    "general_activity": (
        LOINC,
        "91146-1",
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
    ),
}
PEG_SCORE = (LOINC, "91147-9", "Mean score [PEG]")
SLEEP_HOURS = (LOINC, "93832-4", "Sleep duration")
# SNOMED 44868003 "Acupuncture": display and semantic tag unverified (domain.md §11.1, item 5 of
# "Could NOT verify"), so the coding carries no display; code.text says what was done.
ACUPUNCTURE = (SNOMED, "44868003", None)
LOCAL_CODES = {
    "pain-worst": "Worst pain in the last 24 hours, 0-10",
    "pain-least": "Least pain in the last 24 hours, 0-10",
    "pain-before-session": "Pain right before an acupuncture session, 0-10",
    "pain-after-session": "Pain right after an acupuncture session, 0-10",
    "sleep-interference": "Pain interference with sleep in the last 24 hours, 0-10",
    "stress": "Stress, 0 (none) to 10 (worst imaginable)",
    "psfs": "Patient-Specific Functional Scale, mean of the rated activities, 0-10",
    "psfs-activity": "Patient-Specific Functional Scale, one activity, 0-10",
    "pgic": "Patient Global Impression of Change, 1 (very much improved) to 7 (very much worse)",
    "red-flag": "A symptom that needs a clinician now (paintrack red flag)",
    "treatment-session": "A treatment session of a therapy other than acupuncture",
}


def _coding(code: tuple[str, str, str | None]) -> dict[str, Any]:
    system, value, display = code
    return {"system": system, "code": value, **({"display": display} if display else {})}


def _local(code: str) -> tuple[str, str, str]:
    return (LOCAL, code, LOCAL_CODES[code])


def _concept(*codes: tuple[str, str, str | None], text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [_coding(c) for c in codes]}
    if text:
        out["text"] = text
    return out


def _when(day: str, time: str | None) -> str:
    """FHIR needs a zone with a time: times are logged in local time, so this machine's zone
    on that date is added (a day without a time stays a plain date)."""
    if not time:
        return day
    return datetime.fromisoformat(f"{day}T{time}").astimezone().isoformat()


class _Bundle:
    def __init__(self, label: str | None, namespace: uuid.UUID) -> None:
        self.namespace = namespace  # the database's own (store.fhir_namespace)
        self.entries: list[dict[str, Any]] = []
        # Procedure and MedicationStatement need a subject (R4); without a label, name nobody.
        self.subject: dict[str, str] = {"display": "the patient"}
        if label:
            pid = self.add("Patient", "patient", {"name": [{"text": label}]})
            self.subject = {"reference": pid}

    def add(self, kind: str, key: str, body: dict[str, Any]) -> str:
        rid = str(uuid.uuid5(self.namespace, f"{kind}/{key}"))
        url = f"urn:uuid:{rid}"
        self.entries.append({"fullUrl": url, "resource": {"resourceType": kind, "id": rid, **body}})
        return url

    def observation(
        self,
        key: str,
        code: dict[str, Any],
        when: str,
        value: dict[str, Any],
        **extra: Any,
    ) -> str:
        body: dict[str, Any] = {
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
            "code": code,
            "subject": self.subject,
            "effectiveDateTime": when,
            **value,
            **extra,
        }
        return self.add("Observation", key, body)


def _psfs(ratings: list[int]) -> float:
    """The PSFS score of one log, as every output shows it (domain.daily, domain.md §3.1)."""
    log = DailyLog(
        dt.date.min,
        0,
        activity_ratings=tuple(ActivityRating(str(i), r) for i, r in enumerate(ratings)),
    )
    return shown_mean(psfs_daily([log])[dt.date.min]) or 0.0


def _peg_score(p: dict[str, Any]) -> float:
    """The PEG score as every output shows it (domain.daily.peg_score, domain.md §2)."""
    peg = Peg(dt.date.min, p["pain"], p["enjoyment"], p["general_activity"])
    return shown_mean(peg_score(peg)) or 0.0


def _score(value: float) -> dict[str, Any]:
    return {"valueQuantity": {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}}


def _sessions(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each session: a Procedure, and its before/after pain Observations."""
    courses = {c["name"].lower(): c for c in data.get("courses", [])}
    for s in data.get("sessions", []):
        course = courses.get(s["course"].lower(), {})
        therapy = course.get("therapy", "acupuncture")
        acupuncture = therapy.lower() == "acupuncture"
        code = ACUPUNCTURE if acupuncture else _local("treatment-session")
        notes = [
            f"{k}: {v}"
            for k, v in (
                ("minutes", s["minutes"]),
                ("needles", s["needles"]),
                ("techniques", ", ".join(s["techniques"]) or None),
                ("points", s["points"]),
                ("practitioner", s["practitioner"]),
                ("note", s["note"]),
            )
            if v is not None
        ]
        body: dict[str, Any] = {
            "status": "completed",
            "code": _concept(code, text=therapy.capitalize()),
            "subject": b.subject,
            "performedDateTime": _when(s["date"], s["time"]),
        }
        if course.get("condition"):
            body["reasonCode"] = [{"text": course["condition"]}]
        if s["side_effects"]:  # domain.md §10.2
            body["complication"] = [
                {
                    "coding": [
                        {
                            "system": LOCAL,
                            "code": f"side-effect-{e}",
                            "display": ref.SIDE_EFFECTS.get(e, e),
                        }
                    ],
                    "text": ref.SIDE_EFFECTS.get(e, e),
                }
                for e in s["side_effects"]
            ]
        if notes:
            body["note"] = [{"text": "; ".join(notes)}]
        proc = b.add("Procedure", f"session/{s['id']}", body)
        when = _when(s["date"], s["time"])
        for side in ("before", "after"):
            b.observation(
                f"session/{s['id']}/pain-{side}",
                _concept(
                    PAIN, _local(f"pain-{side}-session"), text=f"Pain right {side} the session"
                ),
                when,
                {"valueInteger": s[f"pain_{side}"]},
                partOf=[{"reference": proc}],
            )


def _logs(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each daily log: its 0–10 ratings and sleep as Observations."""
    for log in data.get("daily_logs", []):
        when, key = _when(log["date"], log["time"]), f"log/{log['id']}"
        note = {"note": [{"text": log["note"]}]} if log["note"] else {}
        b.observation(
            f"{key}/pain",
            _concept(PAIN, text="Average pain, last 24 hours"),
            when,
            {"valueInteger": log["pain"]},
            **note,
        )
        for col, local in (
            ("worst", "pain-worst"),
            ("least", "pain-least"),
            ("sleep_interference", "sleep-interference"),
            ("stress", "stress"),
        ):
            if log[col] is not None:
                b.observation(
                    f"{key}/{local}", _concept(_local(local)), when, {"valueInteger": log[col]}
                )
        if log["sleep_hours"] is not None:
            b.observation(
                f"{key}/sleep",
                _concept(SLEEP_HOURS),
                when,
                {
                    "valueQuantity": {
                        "value": log["sleep_hours"],
                        "unit": "h",
                        "system": UCUM,
                        "code": "h",
                    }
                },
            )


def _ratings(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """The PSFS mean of each log's activity ratings, one component per activity."""
    logs = {log["id"]: log for log in data.get("daily_logs", [])}
    ratings: dict[int, list[dict[str, Any]]] = {}
    for r in data.get("activity_ratings", []):
        ratings.setdefault(r["daily_log_id"], []).append(r)
    for log_id, rs in ratings.items():
        log = logs[log_id]
        mean = _psfs([r["rating"] for r in rs])
        b.observation(
            f"log/{log_id}/psfs",
            _concept(_local("psfs")),
            _when(log["date"], log["time"]),
            _score(mean),
            component=[
                {
                    "code": _concept(_local("psfs-activity"), text=r["activity"]),
                    "valueInteger": r["rating"],
                }
                for r in rs
            ],
        )


def _red_flags(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each red flag as an Observation (domain.md §10.1)."""
    logs = {log["id"]: log for log in data.get("daily_logs", [])}
    for f in data.get("red_flags", []):
        log = logs[f["daily_log_id"]]
        flag = ref.RED_FLAGS.get(f["code"])  # domain.md §10.1
        b.observation(
            f"log/{f['daily_log_id']}/red-flag/{f['code']}",
            _concept(_local("red-flag")),
            _when(log["date"], log["time"]),
            {
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": LOCAL,
                            "code": f"red-flag-{f['code']}",
                            **({"display": flag.label} if flag else {}),
                        }
                    ],
                    "text": flag.label if flag else f["code"],
                }
            },
        )


def _doses(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each dose as a MedicationStatement."""
    logs = {log["id"]: log for log in data.get("daily_logs", [])}
    meds = {m["name"].lower(): m for m in data.get("medications", [])}
    for d in data.get("doses", []):
        log = logs[d["daily_log_id"]]
        med = meds.get(d["medication"].lower(), {})
        strength = f" of {med['strength']:g} {med['unit']}" if med.get("strength") else ""
        dosage: dict[str, Any] = {"text": f"{d['count']:g} unit(s){strength}"}
        if med.get("strength") and med.get("unit") in ("mg", "g", "mcg"):
            dosage["doseAndRate"] = [
                {
                    "doseQuantity": {
                        "value": round(d["count"] * med["strength"], 6),
                        "unit": med["unit"],
                        "system": UCUM,
                        "code": med["unit"].replace("mcg", "ug"),
                    }
                }
            ]
        b.add(
            "MedicationStatement",
            f"log/{d['daily_log_id']}/dose/{d['medication'].lower()}",
            {
                "status": "completed",
                "medicationCodeableConcept": {"text": d["medication"]},
                "subject": b.subject,
                "effectiveDateTime": _when(log["date"], log["time"]),
                "dosage": [dosage],
            },
        )


def _pegs(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each PEG: its three items, the score derived from them, and the panel."""
    for p in data.get("pegs", []):
        when, key = _when(p["date"], p["time"]), f"peg/{p['id']}"
        items = [
            b.observation(f"{key}/{name}", _concept(code), when, {"valueInteger": p[name]})
            for name, code in PEG_ITEMS.items()
        ]
        score = _peg_score(p)
        total = b.observation(
            f"{key}/score",
            _concept(PEG_SCORE),
            when,
            _score(score),
            derivedFrom=[{"reference": r} for r in items],
        )
        b.observation(
            f"{key}/panel",
            _concept(PEG_PANEL),
            when,
            {},
            hasMember=[{"reference": r} for r in [*items, total]],
        )


def _decisions(b: _Bundle, data: dict[str, list[dict[str, Any]]]) -> None:
    """Each recorded PGIC (domain.md §4)."""
    for r in data.get("decisions", []):
        if r["impression"] is None:
            continue
        b.observation(
            f"decision/{r['id']}/pgic",
            _concept(_local("pgic")),
            r["date"],
            {"valueInteger": r["impression"]},
            note=[{"text": ref.PGIC_LABELS[r["impression"]]}],
        )  # domain.md §4


def bundle(diary: Diary, label: str | None = None, *, namespace: uuid.UUID) -> dict[str, Any]:
    """The Bundle of `diary`, its ids from `namespace` (the database's, store.fhir_namespace)."""
    data = tables(diary)
    b = _Bundle(label, namespace)
    for part in (_sessions, _logs, _ratings, _red_flags, _doses, _pegs, _decisions):
        part(b, data)
    ids = "".join(e["fullUrl"] for e in b.entries)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(namespace, f"Bundle/{ids}")),
        "meta": {"source": LOCAL},
        "type": "collection",
        "entry": b.entries,
    }


def render(diary: Diary, label: str | None = None, *, namespace: uuid.UUID) -> str:
    doc = safe.fhir_strings(bundle(diary, label, namespace=namespace))
    return safe.json_document(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
