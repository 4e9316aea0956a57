"""A daily log, its doses, activity ratings and red flags, and the weekly PEG."""

from __future__ import annotations

from paintrack import reference as ref
from paintrack.fields.base import Concept, Field, Rule
from paintrack.fields.shared import (
    CREATED,
    FOR_CLINICIAN,
    INTERFERENCE_ANCHORS,
    NOTE,
    STRESS_ANCHORS,
    TIME,
    _date,
    _id,
    _nrs,
)

# --- Daily log and its children -------------------------------------------------------------------
DOSE = Concept(
    "dose",
    "doses",
    (
        _id(),
        Field(
            "daily_log_id",
            "ref",
            "daily log",
            "the daily log",
            doc="the daily log it was counted in",
        ),
        Field(
            "medication",
            "ref",
            "medication",
            "a listed medication",
            column="medication_id",
            doc="the medication (`medications.id`); exported as its name, `medication`",
        ),
        Field(
            "count",
            "float",
            "units taken",
            "units taken",
            lo=0,
            hi=ref.DOSE_COUNT_MAX,
            open_lo=True,
            option="--med",
            doc="units taken (may be fractional, e.g. 0.5)",
        ),
    ),
)
ACTIVITY_RATING = Concept(
    "activity rating",
    "activity_ratings",
    (
        _id(),
        Field("daily_log_id", "ref", "daily log", "the daily log", doc="the daily log"),
        Field(
            "activity",
            "ref",
            "activity",
            "a chosen activity",
            column="activity_id",
            doc="the activity (`activities.id`); exported as its name, `activity`",
        ),
        Field(
            "rating",
            "int",
            "rating",
            "0 unable … 10 as before",
            lo=ref.PSFS_MIN,
            hi=ref.PSFS_MAX,
            option="--activity",
            source="domain.md §3.1",
            anchors="0 = unable to perform the activity, 10 = able to perform it at the same "
            "level as before the problem (domain.md §3.1)",
            better="higher",
            doc="0 (unable) to 10 (able as before the problem)",
        ),
    ),
)
RED_FLAG = Concept(
    "red flag",
    "red_flags",
    (
        _id(),
        Field("daily_log_id", "ref", "daily log", "the daily log", doc="the daily log"),
        Field(
            "code",
            "code",
            "red flag",
            "a red-flag code",
            codes=ref.RED_FLAGS,
            option="--red-flag",
            source="domain.md §10.1",
            doc="a red-flag code (docs/red-flags.md)",
        ),
    ),
)

RED_FLAG_HELP = "; ".join(f"{f.code} = {f.label}" for f in ref.RED_FLAGS.values())

DAILY_LOG = Concept(
    "daily log",
    "daily_logs",
    (
        _id("L"),
        _date("log"),
        TIME,
        _nrs(
            "pain",
            "average pain",
            "Average pain over the last 24 h (0 none, 10 worst). Required.",
            "Average pain over the last 24 h (0 none - 10 worst)",
            short="-p",
            required=True,
            brief="pain",
            source="domain.md §1.4",
            doc="average pain over the last 24 h, 0–10 (required)",
        ),
        _nrs(
            "worst",
            "worst pain",
            "Worst pain in the last 24 h.",
            "Worst pain (0-10)",
            clearable=True,
            brief="worst",
            source="domain.md §1.4",
            doc="worst pain in the last 24 h, 0–10",
        ),
        _nrs(
            "least",
            "least pain",
            "Least pain in the last 24 h.",
            "Least pain (0-10)",
            clearable=True,
            brief="least",
            source="domain.md §1.4",
            doc="least pain in the last 24 h, 0–10",
        ),
        Field(
            "sleep_hours",
            "float",
            "hours slept",
            "Hours slept.",
            lo=0,
            hi=ref.SLEEP_HOURS_MAX,
            unit="h",
            option="--sleep-hours",
            metavar="0-24",
            clearable=True,
            prompt="Hours slept",
            brief="slept",
            doc="hours slept, 0–24",
        ),
        _nrs(
            "sleep_interference",
            "sleep interference",
            "How much pain interfered with sleep (0 not at all).",
            "How much pain interfered with sleep (0-10)",
            clearable=True,
            anchors=INTERFERENCE_ANCHORS,
            source="domain.md §5",
            doc="how much pain interfered with sleep, 0–10",
        ),
        _nrs(
            "stress",
            "stress",
            "Stress (0 none, 10 worst imaginable).",
            "Stress (0-10)",
            clearable=True,
            anchors=STRESS_ANCHORS,
            source="domain.md §5",
            doc="stress, 0–10",
        ),
        Field(
            "doses",
            "children",
            "medication",
            "Repeatable: units taken of a listed medication, e.g. ibuprofen=2.",
            option="--med",
            metavar="NAME=COUNT",
            clearable=True,
            child=DOSE,
            doc="rows of `doses`",
        ),
        Field(
            "activity_ratings",
            "children",
            "activity",
            "Repeatable: how well you can do a chosen activity (0 unable, 10 as before), "
            "e.g. walking=6.",
            option="--activity",
            metavar="NAME=N",
            clearable=True,
            child=ACTIVITY_RATING,
            doc="rows of `activity_ratings`",
        ),
        Field(
            "red_flags",
            "codes",
            "red flag",
            f"Repeatable: a red-flag symptom. Codes: {RED_FLAG_HELP}.",
            option="--red-flag",
            metavar="CODE",
            codes=ref.RED_FLAGS,
            clearable=True,
            prompt="Any red-flag symptom? Code(s), or Enter for none",
            source="domain.md §10.1",
            column="",  # kept as rows of `red_flags`
            doc="rows of `red_flags`",
        ),
        NOTE,
        FOR_CLINICIAN,
        CREATED,
    ),
    (
        Rule(
            "worst",
            ("pain",),
            lambda worst, pain: worst >= pain,
            lambda pain: f"at least {{pain}} ({pain})",
        ),
        Rule(
            "least",
            ("pain",),
            lambda least, pain: least <= pain,
            lambda pain: f"at most {{pain}} ({pain})",
        ),
    ),
)


# --- PEG ------------------------------------------------------------------------------------------
PEG = Concept(
    "PEG",
    "pegs",
    (
        _id("P"),
        _date("PEG"),
        TIME,
        _nrs(
            "pain",
            "PEG pain",
            "Your pain on average in the past week.",
            "Pain on average in the past week (0 none - 10 worst)",
            required=True,
            source="domain.md §2",
            doc="P: pain on average in the past week, 0–10",
        ),
        _nrs(
            "enjoyment",
            "enjoyment of life",
            "How pain interfered with your enjoyment of life.",
            "How pain interfered with your enjoyment of life (0 not at all - 10 completely)",
            required=True,
            anchors=INTERFERENCE_ANCHORS,
            source="domain.md §2",
            doc="E: interference with enjoyment of life, 0–10",
        ),
        _nrs(
            "general_activity",
            "general activity",
            "How pain interfered with your general activity.",
            "How pain interfered with your general activity (0-10)",
            required=True,
            anchors=INTERFERENCE_ANCHORS,
            source="domain.md §2",
            doc="G: interference with general activity, 0–10",
        ),
        CREATED,
    ),
)
