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
PEG_EVERY_DAYS: Final = 7  # PEG recalls the past week: asked weekly, not daily (domain.md §2)
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
# A randomised start (domain.md §12.2): the first admissible day leaves a full baseline week
# before it (day 8, §1.3); the last is within the course's first year (design choice).
MIN_DRAW_DAY: Final = BASELINE_DAYS + 1
MAX_DRAW_DAY: Final = 366
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
#: What a patient may type for a kind (domain.md §6.4: paracetamol and APAP are acetaminophen).
KIND_SYNONYMS: Final = {
    "paracetamol": "acetaminophen",
    "apap": "acetaminophen",
    "opiate": "opioid",
    "opioids": "opioid",
    "nsaids": "nsaid",
}
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
ACETAMINOPHEN: Final = "acetaminophen"  # USAN; INN "paracetamol"; "APAP" on US labels (§6.4)
# NSAIDs the tool knows by name: ibuprofen and naproxen (domain.md §6.3), and three more common
# ones by their pharmacological class. Only the kind follows from this; no NSAID has a warning
# threshold here (the OTC maxima of §6.3 are secondary and conflicting).
NSAIDS: Final = ("ibuprofen", "naproxen", "diclofenac", "celecoxib", "aspirin")
# Adjuvants common in back pain, known by name so that `med add gabapentin` needs no --kind:
# anticonvulsants (gabapentin, pregabalin), an SNRI (duloxetine), a tricyclic (amitriptyline),
# a muscle relaxant (cyclobenzaprine). Neither opioid nor acetaminophen nor NSAID: kind
# "other", counted in no total and given no threshold (their classes, not domain.md numbers).
ADJUVANTS: Final = ("gabapentin", "pregabalin", "duloxetine", "amitriptyline", "cyclobenzaprine")
#: Every substance paintrack knows → what it counts towards (its kind).
SUBSTANCES: Final = {
    **dict.fromkeys(MME_FACTORS, "opioid"),
    ACETAMINOPHEN: "acetaminophen",
    **dict.fromkeys(NSAIDS, "nsaid"),
    **dict.fromkeys(ADJUVANTS, "other"),
}
#: Other names of the same substance (domain.md §6.4). Brand names are not synonyms: they differ
#: by country and product; BRANDS below offers a known brand's label, and the patient confirms.
SUBSTANCE_SYNONYMS: Final = {
    "paracetamol": ACETAMINOPHEN,
    "apap": ACETAMINOPHEN,
    "acetylsalicylic acid": "aspirin",
}
#: Words of a label that name the salt or the release, not the substance ("oxycodone HCl 5 mg":
#: CDC's factor applies to the labelled strength of the salt, a design choice of §6.4).
SALT_WORDS: Final = frozenset(
    [
        "hcl",
        "hydrochloride",
        "sodium",
        "potassium",
        "bitartrate",
        "phosphate",
        "sulfate",
        "sulphate",
        "citrate",
        "tartrate",
        "base",
        "er",
        "sr",
        "cr",
        "xr",
        "ir",
        "la",
    ]
)
# RxNorm ingredient (TTY IN) codes, only where they were checked against a published table:
# the ten opioids from the CDC MME conversion CodeSystem of the HL7/CDC opioid-mme-r4 guide
# (codeine, fentanyl, methadone, morphine, oxycodone, tramadol also in CPIC's drug table);
# aspirin, celecoxib and diclofenac from CPIC's drug table; acetaminophen, ibuprofen and naproxen
# from several agreeing public FHIR and OMOP mappings. Nothing else is coded (never guessed).
RXNORM_SYSTEM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
RXNORM: Final = {
    "codeine": "2670",
    "fentanyl": "4337",
    "hydrocodone": "5489",
    "hydromorphone": "3423",
    "methadone": "6813",
    "morphine": "7052",
    "oxycodone": "7804",
    "oxymorphone": "7814",
    "tapentadol": "787390",
    "tramadol": "10689",
    "acetaminophen": "161",
    "ibuprofen": "5640",
    "naproxen": "7258",
    "aspirin": "1191",
    "celecoxib": "140587",
    "diclofenac": "3355",
}
MED_UNITS: Final = ("mg", "mcg", "mcg/h", "g", "ml", "unit")
MASS_UNITS: Final = ("mg", "g", "mcg")  # what mg and MME totals can be counted from
PATCH_UNIT: Final = "mcg/h"  # fentanyl transdermal: the CDC factor applies to mcg/h (§6.1)
#: How a label may write a unit → paintrack's unit.
UNIT_SYNONYMS: Final = {
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "mcg/hr": "mcg/h",
    "µg/h": "mcg/h",
    "μg/h": "mcg/h",
    "ug/h": "mcg/h",
    "µg/hr": "mcg/h",
    "mg.": "mg",
    "units": "unit",
    "ml.": "ml",
}
DOSE_COUNT_MAX: Final = 50.0
MAX_INGREDIENTS: Final = 12  # substances in one product (cold remedies hold 3–5)


class DoseLine(NamedTuple):
    """A daily total that is worth a word when a dose takes the day to it (domain.md §6.5)."""

    code: str
    total: str  # "acetaminophen" (mg from all products) | "mme" (opioids)
    limit: int
    inclusive: bool  # at `limit` (≥) or only over it (>)
    unit: str
    says: str  # the fact, in domain.md §6.5's words: never a dosing instruction
    source: str


#: The lines, each total's highest first: a day over 4,000 mg is told that, not also 3,000.
#: Acetaminophen: domain.md §6.3 (the two thresholds are its design choice), §6.5's words;
#: opioids: domain.md §6.2 (CDC 2022 p.14), §6.5's words.
DOSE_LINES: Final = (
    DoseLine(
        "acetaminophen-over-max",
        "acetaminophen",
        4000,
        True,
        "mg",
        "at or over the 4,000 mg daily maximum: contact a pharmacist or clinician today",
        "Health Canada, “Acetaminophen: Know your dose”",
    ),
    DoseLine(
        "acetaminophen-check-label",
        "acetaminophen",
        3000,
        False,
        "mg",
        "above the 3,000 mg a day on many US labels: check the label",
        "Extra Strength Tylenol US labelling, McNeil 2011",
    ),
    DoseLine(
        "mme-50",
        "mme",
        50,
        True,
        "MME",
        "at or above 50 MME a day, the level at which CDC 2022 asks prescribers to reassess: "
        "discuss with your prescriber",
        "CDC Clinical Practice Guideline for Prescribing Opioids for Pain, 2022, p.14",
    ),
)
CONTACT: Final = "Contact a pharmacist or clinician."  # domain.md §6.5: facts, never advice


_SEPARATORS = str.maketrans("-/+,;()[]&.0123456789", " " * 21)  # "Ibuprofen400" names ibuprofen


def _words(text: str) -> list[str]:
    return [w for w in text.lower().translate(_SEPARATORS).split() if w not in SALT_WORDS]


def _known(words: list[str]) -> str | None:
    name = " ".join(words)
    name = SUBSTANCE_SYNONYMS.get(name, name)
    return name if name in SUBSTANCES else None


def substance(text: str) -> str | None:
    """The one name of the substance `text` names ("Oxycodone HCl" → oxycodone, "APAP" →
    acetaminophen), or None when paintrack does not know it."""
    return _known(_words(text))


def substances_in(name: str) -> tuple[str, ...]:
    """The known substances a product's name names, in order, each once ("Oxycodone/APAP 5/325"
    → oxycodone, acetaminophen); two-word names too ("acetylsalicylic acid")."""
    words = _words(name)
    found: list[str] = []
    for i in range(len(words)):
        for n in (2, 1):
            hit = _known(words[i : i + n]) if i + n <= len(words) else None
            if hit is not None and hit not in found:
                found.append(hit)
    return tuple(found)


def known_mme_factor(name: str) -> tuple[str, float] | None:
    """The CDC 2022 factor for an opioid named `name` ("Oxycodone ER" → oxycodone 1.5)."""
    for s in substances_in(name):
        if s in MME_FACTORS:
            return s, MME_FACTORS[s]
    return None


# --- Names on the box (issue 24): brand → what one tablet holds --------------------------------
# US products, strengths as printed on their US labels (DailyMed): PERCOCET as verified in
# domain.md §6.4; the others read from their labels (Tylenol Regular 325 mg and Extra Strength
# 500 mg acetaminophen; Tylenol 8 HR / Arthritis 650 mg; Advil and Motrin IB ibuprofen 200 mg;
# Aleve naproxen sodium 220 mg; Norco hydrocodone bitartrate 5, 7.5 or 10 mg with 325 mg
# acetaminophen; Vicodin the same with 300 mg; Tylenol with Codeine No. 3 and No. 4 codeine
# phosphate 30 and 60 mg with 300 mg acetaminophen; Ultram tramadol HCl 50 mg): secondary until
# domain.md records them. Brands differ by country and a strength is never guessed (§6.4): `med
# add` offers these and asks, and off a terminal names the command to type from the box.
BrandStrength = tuple[tuple[str, float, str], ...]  # (substance, strength, unit) per tablet
_APAP = ACETAMINOPHEN
BRANDS: Final[dict[str, tuple[BrandStrength, ...]]] = {
    "tylenol": (((_APAP, 325, "mg"),),),  # Regular Strength
    "tylenol regular strength": (((_APAP, 325, "mg"),),),
    "tylenol extra strength": (((_APAP, 500, "mg"),),),
    "tylenol 8 hr": (((_APAP, 650, "mg"),),),
    "tylenol arthritis": (((_APAP, 650, "mg"),),),
    "advil": ((("ibuprofen", 200, "mg"),),),
    "motrin ib": ((("ibuprofen", 200, "mg"),),),
    "aleve": ((("naproxen", 220, "mg"),),),  # naproxen sodium
    "percocet": tuple((("oxycodone", s, "mg"), (_APAP, 325, "mg")) for s in (2.5, 5, 7.5, 10)),
    "norco": tuple((("hydrocodone", s, "mg"), (_APAP, 325, "mg")) for s in (5, 7.5, 10)),
    "vicodin": tuple((("hydrocodone", s, "mg"), (_APAP, 300, "mg")) for s in (5, 7.5, 10)),
    "tylenol with codeine no. 3": ((("codeine", 30, "mg"), (_APAP, 300, "mg")),),
    "tylenol with codeine no. 4": ((("codeine", 60, "mg"), (_APAP, 300, "mg")),),
    "ultram": ((("tramadol", 50, "mg"),),),
}
BRAND_ALIASES: Final = {
    "extra strength tylenol": "tylenol extra strength",
    "tylenol es": "tylenol extra strength",
    "regular strength tylenol": "tylenol regular strength",
    "motrin": "motrin ib",
    "tylenol no. 3": "tylenol with codeine no. 3",
    "tylenol no. 4": "tylenol with codeine no. 4",
    "tylenol with codeine": "tylenol with codeine no. 3",
    "tylenol 3": "tylenol with codeine no. 3",
    "tylenol 4": "tylenol with codeine no. 4",
}


def brand(name: str) -> tuple[str, tuple[BrandStrength, ...]] | None:
    """The brand a medication's name is ('Tylenol #3' → tylenol with codeine no. 3) and what
    its tablets hold, or None."""
    key = name.lower().replace("®", " ").replace("™", " ").replace("#", " no. ")
    key = " ".join(key.replace("no. ", "no.").replace("no.", "no. ").split())
    key = BRAND_ALIASES.get(key, key)
    found = BRANDS.get(key)
    return None if found is None else (key, found)


# --- Sync change files (issue 23, docs/devices.md) ------------------------------------------------
#: DIR/paintrack/<diary>/<device>/NNNNNN.jsonl: the names paintrack writes and reads.
SYNC_CHANGE_FILE: Final = r"([0-9]{6})\.jsonl\Z"
SYNC_DIARY: Final = r"[0-9a-f]{32}\Z"
SYNC_DEVICE: Final = r"[0-9a-f]{16}\Z"
SYNC_MAX_FILE_BYTES: Final = 64 * 1024 * 1024  # a year of one device's entries is about 2 MB
