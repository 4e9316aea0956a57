"""Clinical reference data: scales, codes and factors, each citing shared/domain.md.

Plain constants only, so every layer (CLI help, validation, review, export) reads one source.
"""

from __future__ import annotations

from typing import Final, NamedTuple

# --- Scales ------------------------------------------------------------------------------------
NRS_MIN, NRS_MAX = 0, 10  # 11-point pain NRS, 0 = no pain, 10 = worst possible (domain.md §1.1)
PSFS_MIN, PSFS_MAX = 0, 10  # PSFS activity rating, 0 unable … 10 as before (domain.md §3.1)
MAX_ACTIVITIES: Final = 5  # PSFS: up to 5 activities in most implementations (domain.md §3.1)
SLEEP_HOURS_MAX: Final = 24.0  # hours asleep in one day cannot exceed the day
BASELINE_DAYS: Final = 7  # baseline = 7 days before the first session (domain.md §1.3)
BASELINE_MIN_DAYS: Final = 4  # ≥4 of 7 days logged (domain.md §1.3, design choice; product.md)
BASELINE_FLOOR: Final = 4.0  # baseline <4/10 risks floor effects (domain.md §1.1, IMMPACT)
PGIC_LABELS: Final = {  # Patient Global Impression of Change, 7 points (domain.md §4)
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}

# --- Reviews ----------------------------------------------------------------------------------
VERDICTS: Final = ("improving", "not-improving", "worse", "insufficient-data")  # product.md
DECISIONS: Final = ("continue", "change", "stop")  # the patient's decision at the review

# --- Courses -----------------------------------------------------------------------------------
DEFAULT_SESSIONS: Final = 6  # a usual course is 6–12 sessions; re-evaluate after 6 (domain.md §9)
MAX_SESSIONS: Final = 100
MAX_DAYS: Final = 730


class Plan(NamedTuple):
    name: str
    sessions: int
    days: int
    extension: int  # sessions added by a "continue" decision when improving
    yearly_cap: int  # most sessions in any 365 days
    summary: str


PLANS: Final = {
    # Medicare NCD 30.3.3: up to 12 visits in 90 days, +8 if improving, ≤20 a year (domain.md §8)
    "medicare-clbp": Plan(
        "medicare-clbp",
        12,
        90,
        8,
        20,
        "Medicare chronic low back pain: 12 sessions in 90 days, 8 more if improving, 20 a year",
    ),
}

# --- Sessions ----------------------------------------------------------------------------------
TECHNIQUES: Final = {  # product.md, session concept
    "manual": "Manual needling",
    "electro": "Electro-acupuncture",
    "heat": "Heat / moxibustion",
    "cupping": "Cupping",
    "other": "Other",
}
SIDE_EFFECTS: Final = {  # asked after each session (domain.md §10.2)
    "soreness": "Soreness at a needle site",
    "bruise": "Bruise",
    "bleeding": "Minor bleeding",
    "dizziness": "Dizziness or feeling faint",
    "tiredness": "Tiredness",
    "other": "Other",
}
SESSION_MINUTES_MAX: Final = 240  # sessions last 20–60 min (domain.md §9); allow long visits
SESSION_NEEDLES_MAX: Final = 200  # ~5–20 needles usual (domain.md §9)


# --- Red flags (domain.md §10.1) ---------------------------------------------------------------
class RedFlag(NamedTuple):
    code: str
    label: str
    emergency: bool  # True: call emergency services now; False: contact a clinician today


RED_FLAGS: Final = {
    f.code: f
    for f in (
        RedFlag("breathless", "Chest pain or shortness of breath (after needling)", True),
        RedFlag("saddle-numbness", "Numbness in the groin, buttocks or inner thighs", True),
        RedFlag("bladder-bowel", "New trouble controlling bladder or bowel", True),
        RedFlag("leg-weakness", "Severe or worsening leg weakness or numbness", True),
        RedFlag("headache", "Sudden worst-ever headache, or with fever or stiff neck", True),
        RedFlag("injury", "A fall or injury (possible fracture)", False),
        RedFlag("fever", "Fever or chills", False),
        RedFlag("weight-loss", "Weight loss you cannot explain", False),
        RedFlag("night-pain", "Severe pain at night or when lying down", False),
    )
}

# --- Medication --------------------------------------------------------------------------------
MED_KINDS: Final = ("opioid", "nsaid", "acetaminophen", "other")
# CDC 2022 MME conversion factors, oral unless stated (domain.md §6.1).
# Fentanyl's factor applies to a transdermal patch in mcg/hr, not mg.
MME_FACTORS: Final = {
    "codeine": 0.15,
    "fentanyl": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}
MED_UNITS: Final = ("mg", "mcg", "mcg/h", "g", "ml", "unit")
DOSE_COUNT_MAX: Final = 50.0


def known_mme_factor(name: str) -> tuple[str, float] | None:
    """The CDC 2022 factor for an opioid named `name` ("Oxycodone ER" → oxycodone 1.5)."""
    words = name.lower().replace("-", " ").replace("/", " ").split()
    for word in words:
        if word in MME_FACTORS:
            return word, MME_FACTORS[word]
    return None
