"""The codes and systems of the FHIR export (domain.md §11.1, §11.2; docs/summary-and-fhir.md).

Standard codes where they exist (LOINC, SNOMED CT, UCUM); one paintrack CodeSystem for what has
none (stress, sleep interference, worst/least pain, PSFS, PGIC, red flags, side effects).
"""

from __future__ import annotations

from typing import Any, Final

from paintrack import reference as ref

LOINC: Final = "http://loinc.org"
SNOMED: Final = "http://snomed.info/sct"
UCUM: Final = "http://unitsofmeasure.org"
CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
PROVENANCE_AGENT: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"

#: paintrack's namespace for its identifiers and codes: an identifier, not a web page.
CANONICAL: Final = "https://paintrack.dev/fhir"
CODES: Final = f"{CANONICAL}/CodeSystem/paintrack"  # the local CodeSystem (its codes below)
IDENTIFIER: Final = f"{CANONICAL}/identifier"  # every resource's identifier system
SOURCE: Final = f"{CANONICAL}/app"  # meta.source: where the resource comes from

Code = tuple[str, str, str | None]

# domain.md §11.1
PAIN: Final = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_QUESTIONNAIRE: Final = "http://loinc.org/q/91148-7"  # LOINC's own FHIR Questionnaire
PEG_PANEL: Final = (
    LOINC,
    "91148-7",
    "Pain intensity, Enjoyment of life, General activity (PEG) 3 item pain scale",
)
#: PEG items: (field, linkId in LOINC's Questionnaire 91148-7, LOINC code, text). The linkIds are
#: those of LOINC's Questionnaire (item 1 is uncoded there; 75893-8 is the code implementers use).
PEG_ITEMS: Final = (
    (
        "pain",
        "108518",
        "75893-8",
        "What number best describes your pain on average in the past week?",
    ),
    (
        "enjoyment",
        "108514",
        "91145-3",
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
    ),
    (
        "general_activity",
        "108515",
        "91146-1",
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
    ),
)
PEG_SCORE_LINK: Final = "108516"
PEG_SCORE: Final = (LOINC, "91147-9", "Mean score [PEG]")
SLEEP_HOURS: Final = (LOINC, "93832-4", "Sleep duration")
# SNOMED CT 44868003 |Acupuncture|: the display as listed in the Greater Manchester SDE code set
# "procedures/acupuncture" (built from the SNOMED term browser; 231088001 is laser acupuncture
# there) and two FHIR implementations (docs/summary-and-fhir.md). The FSN was not seen.
ACUPUNCTURE: Final = (SNOMED, "44868003", "Acupuncture")

LOCAL_CODES: Final = {
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
    **{f"red-flag-{f.code}": f.label for f in ref.RED_FLAGS.values()},  # domain.md §10.1
    **{f"side-effect-{k}": v for k, v in ref.SIDE_EFFECTS.items()},  # domain.md §10.2
}


def coding(code: Code) -> dict[str, Any]:
    system, value, display = code
    return {"system": system, "code": value, **({"display": display} if display else {})}


def local(code: str) -> Code:
    return (CODES, code, LOCAL_CODES[code])


def concept(*codes: Code, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [coding(c) for c in codes]}
    if text:
        out["text"] = text
    return out


SURVEY: Final = [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}]


def quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    """A UCUM quantity: `h` for hours, `{score}` for a score, `mg` …"""
    return {"value": value, "unit": unit, "system": UCUM, "code": code}
