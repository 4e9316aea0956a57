"""The course as FHIR: a CarePlan with its period, status and outcome, the patient's goals as
Goal resources it points to, and each medication's use over time as one MedicationStatement
(its stop date the `effectivePeriod` end). Issue 22 point 6, docs/summary-and-fhir.md.

CarePlan rather than EpisodeOfCare: R4's EpisodeOfCare has a period and a status but neither
goals nor notes, so the course's goals and its outcome in the patient's words would have nowhere
to go; a CarePlan has `goal`, `period`, `status` and `note`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from paintrack.models import Course, Medication
from paintrack.render.safe import fhir_string

if TYPE_CHECKING:
    from paintrack.export.fhir.resources import Resource, _Builder


def course_resources(b: _Builder, course: Course) -> Iterator[Resource]:
    """The course's goals, then the CarePlan that holds them."""
    from paintrack.export.fhir.resources import Resource

    ended = course.ended is not None
    refs = []
    for goal in course.goals:
        key = f"course/{course.id}/goal/{goal}"
        refs.append(b.ids.ref("Goal", key))
        yield Resource(
            "Goal",
            key,
            {
                # completed: no longer pursued in this course (achievement is not judged here)
                "lifecycleStatus": "completed" if ended else "active",
                "description": {"text": fhir_string(goal)},
                "subject": b.patient,
                "expressedBy": b.patient,
                "startDate": course.start.isoformat(),
            },
        )
    what = course.therapy + (f" for {course.condition}" if course.condition else "")
    period = {"start": course.start.isoformat()}
    if course.ended is not None:
        period["end"] = course.ended.isoformat()
    body: dict[str, Any] = {
        "status": "completed" if ended else "active",
        "intent": "plan",
        "title": fhir_string(course.name),
        "description": fhir_string(what),
        "subject": b.patient,
        "period": period,
    }
    if refs:
        body["goal"] = refs
    if course.outcome:
        body["note"] = [{"text": fhir_string(f"Outcome: {course.outcome}")}]
    yield Resource("CarePlan", f"course/{course.id}", body)


def medication_use(b: _Builder, m: Medication, first: dt.date | None) -> Resource | None:
    """The medication taken from its first logged dose to its stop date (if stopped)."""
    from paintrack.export.fhir.resources import Resource

    if first is None and m.stopped is None:
        return None
    period: dict[str, str] = {}
    if first is not None:
        period["start"] = first.isoformat()
    if m.stopped is not None:
        period["end"] = m.stopped.isoformat()
    return Resource(
        "MedicationStatement",
        f"medication/{m.name.lower()}/use",
        {
            "status": "stopped" if m.stopped is not None else "active",
            "medicationReference": b.ids.ref("Medication", f"medication/{m.name.lower()}"),
            "subject": b.patient,
            "informationSource": b.patient,
            "effectivePeriod": period,
        },
    )
