"""The concepts of product.md as frozen records (paintrack.frozen), shared by every layer.

Each model checks its own values against its declaration in `paintrack.fields` (ranges, codes,
lengths and the rules between fields), so nothing out of range can be built whichever way it
arrives (CLI, prompts, import, edit, demo). Errors name the field as the option a user types;
`InvalidValue.in_words()` and `.for_column()` name it for a prompt or a file.
"""

from __future__ import annotations

import datetime as dt

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.errors import InvalidValue
from paintrack.frozen import frozen
from paintrack.models.diary import Diary
from paintrack.models.draw import StartDraw


def _unique(field: F.Field, names: list[str]) -> None:
    lowered = [n.lower() for n in names]
    if len(set(lowered)) != len(lowered):
        raise field.error("given once per name in one log", ", ".join(names))


@frozen
class Course:
    name: str
    start: dt.date
    sessions_planned: int | None = ref.DEFAULT_SESSIONS
    days_planned: int | None = None
    therapy: str = "acupuncture"
    condition: str | None = None
    practitioner: str | None = None
    plan: str | None = None
    goals: tuple[str, ...] = ()
    ended: dt.date | None = None
    outcome: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise F.COURSE["name"].error("a non-empty course name", self.name)
        F.COURSE.check(self)
        if self.sessions_planned is None and self.days_planned is None:
            raise F.COURSE["sessions_planned"].error(
                "given (or --days): a course needs a re-evaluate point"
            )


@frozen
class Session:
    """One treatment visit. pain_before/after are 'right now' ratings (domain.md §1.3, §9)."""

    course_id: int
    date: dt.date
    pain_before: int
    pain_after: int
    time: str | None = None
    minutes: int | None = None
    needles: int | None = None
    techniques: tuple[str, ...] = ()
    side_effects: tuple[str, ...] = ()
    points: str | None = None
    practitioner: str | None = None
    cost: float | None = None
    note: str | None = None
    for_clinician: bool = False  # the note is for the clinician (the summary shows it first)
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.SESSION.check(self)

    @property
    def immediate_relief(self) -> int:
        return self.pain_before - self.pain_after


@frozen
class Dose:
    """Units of a listed medication taken, counted in the daily log."""

    medication: str
    count: float

    def __post_init__(self) -> None:
        F.DOSE["count"].check(self.count)


@frozen
class ActivityRating:
    activity: str
    rating: int

    def __post_init__(self) -> None:
        F.ACTIVITY_RATING["rating"].check(self.rating)  # PSFS 0–10 (domain.md §3.1)


@frozen
class DailyLog:
    """One check-in; pain is the average over the last 24 h (domain.md §1.4 item 5)."""

    date: dt.date
    pain: int
    time: str | None = None
    worst: int | None = None
    least: int | None = None
    sleep_hours: float | None = None
    sleep_interference: int | None = None
    stress: int | None = None
    note: str | None = None
    doses: tuple[Dose, ...] = ()
    activity_ratings: tuple[ActivityRating, ...] = ()
    red_flags: tuple[str, ...] = ()
    for_clinician: bool = False  # the note is for the clinician (the summary shows it first)
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.DAILY_LOG.check(self)
        _unique(F.DAILY_LOG["doses"], [d.medication for d in self.doses])
        _unique(F.DAILY_LOG["activity_ratings"], [r.activity for r in self.activity_ratings])


@frozen
class Peg:
    """The weekly PEG: pain, enjoyment, general activity, past week, 0–10 each (domain.md §2)."""

    date: dt.date
    pain: int
    enjoyment: int
    general_activity: int
    time: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.PEG.check(self)


@frozen
class Ingredient:
    """One substance of a medication, with the strength of one unit as on its label (§6.4).

    A substance paintrack knows (reference.SUBSTANCES) must be given in a unit its total is
    counted in: mg, g or mcg, and a fentanyl patch in mcg/h (domain.md §6.1, §6.3).
    """

    substance: str
    strength: float
    unit: str
    mme_factor: float | None = None

    def __post_init__(self) -> None:
        what = F.INGREDIENT["substance"]
        if not self.substance.strip() or "=" in self.substance or "," in self.substance:
            raise what.error("a substance name without '=' or ','", self.substance)
        F.INGREDIENT.check(self)
        known = ref.substance(self.substance)
        kind = ref.SUBSTANCES.get(known or "")
        factor = F.INGREDIENT["mme_factor"]
        if "buprenorphine" in self.substance.lower() and self.mme_factor is not None:
            # excluded from MME by CDC 2022 (domain.md §6.1)
            raise factor.error("left out for buprenorphine: CDC 2022 gives it no MME factor")
        if kind not in (None, "opioid") and self.mme_factor is not None:
            raise factor.error(f"left out for {known}: it is not an opioid", self.mme_factor)
        unit = F.INGREDIENT["unit"]
        if known == "fentanyl" and self.unit != ref.PATCH_UNIT:
            # the fentanyl factor applies to a transdermal patch in mcg/hr (domain.md §6.1)
            raise unit.error("mcg/h for fentanyl (its CDC factor is per mcg/h)", self.unit)
        opioid = kind == "opioid" or self.mme_factor is not None
        counted = ref.MASS_UNITS + ((ref.PATCH_UNIT,) if opioid and known is None else ())
        if (kind is not None or opioid) and known != "fentanyl" and self.unit not in counted:
            name = known or self.substance
            raise unit.error(
                f"{', '.join(counted[:-1])} or {counted[-1]} for {name}, whose total is counted "
                "in mg (domain.md §6.1, §6.3)",
                self.unit,
            )

    @property
    def known(self) -> str | None:
        """The substance under the one name paintrack knows it by, or None."""
        return ref.substance(self.substance)


def label_substance(name: str, kind: str) -> str:
    """The substance of a one-ingredient medication, from its name: the known substance the
    name says for an opioid, acetaminophen or NSAID (any acetaminophen product is
    acetaminophen), else the name itself (migration m004 does the same)."""
    if kind == "acetaminophen":
        return ref.ACETAMINOPHEN
    if kind in ("opioid", "nsaid", "other"):
        for s in ref.substances_in(name):
            if ref.SUBSTANCES[s] == kind:
                return s
    return name


def product_kind(ingredients: tuple[Ingredient, ...]) -> str | None:
    """What a product counts as, from the ingredients paintrack can place: an opioid if one is
    (known, or given an MME factor), else acetaminophen, else an NSAID; None if none is known."""
    kinds = {
        "opioid" if i.mme_factor is not None else ref.SUBSTANCES.get(i.known or "")
        for i in ingredients
    }
    return next((k for k in ("opioid", "acetaminophen", "nsaid", "other") if k in kinds), None)


@frozen
class Medication:
    """A drug on the patient's list, under their own name for it, with its ingredients as on the
    label (domain.md §6.4). `strength`, `unit` and `mme_factor` are the one ingredient's, for a
    medication of one ingredient (`med add NAME --strength X --unit mg` gives that form), and
    None otherwise: the model keeps both forms in step. `stopped`: the day it was stopped."""

    name: str
    kind: str
    strength: float | None = None
    unit: str | None = None
    mme_factor: float | None = None
    ingredients: tuple[Ingredient, ...] = ()
    stopped: dt.date | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        name = F.MEDICATION["name"]
        if not self.name.strip() or "=" in self.name or "," in self.name:
            raise name.error("a medication name without '=' or ','", self.name)
        F.MEDICATION.check(self)
        if "buprenorphine" in self.name.lower() and self.kind == "opioid":
            # excluded from MME by CDC 2022 (domain.md §6.1)
            raise F.MEDICATION["kind"].error(
                "other for buprenorphine: CDC 2022 gives it no MME factor"
            )
        self._label()
        self._each_once()
        self._kind()

    def _label(self) -> None:
        """Keep the one-ingredient form (strength, unit, factor) and the ingredients in step."""
        strength, factor = F.INGREDIENT["strength"], F.INGREDIENT["mme_factor"]
        label = (self.strength, self.unit, self.mme_factor)
        if not self.ingredients:
            if (self.strength is None) != (self.unit is None):
                raise strength.error("given together with --unit")
            if self.kind == "opioid" and self.strength is None:
                # MME/day = Σ daily dose × factor needs the strength (domain.md §6.1)
                raise strength.error("given (with --unit) for an opioid, to count MME")
            if self.strength is None:
                if self.mme_factor is not None:
                    raise factor.error("left out unless --kind opioid", self.mme_factor)
                return
            assert self.unit is not None
            one = Ingredient(
                label_substance(self.name, self.kind), self.strength, self.unit, self.mme_factor
            )
            object.__setattr__(self, "ingredients", (one,))
        elif len(self.ingredients) == 1:
            i = self.ingredients[0]
            if label == (None, None, None):
                for attr, value in zip(
                    ("strength", "unit", "mme_factor"),
                    (i.strength, i.unit, i.mme_factor),
                    strict=True,
                ):
                    object.__setattr__(self, attr, value)
            elif label != (i.strength, i.unit, i.mme_factor):
                raise strength.error(
                    f"the strength of its one ingredient ({i.strength:g} {i.unit})", self.strength
                )
        elif label != (None, None, None):
            raise strength.error(
                "left out for a product of several ingredients (each is given with --ingredient)"
            )

    def _each_once(self) -> None:
        field = F.MEDICATION["ingredients"]
        if len(self.ingredients) > ref.MAX_INGREDIENTS:
            raise field.error(f"given at most {ref.MAX_INGREDIENTS} times", len(self.ingredients))
        seen: set[str] = set()
        for i in self.ingredients:
            key = i.known or i.substance.strip().lower()
            if key in seen:
                raise field.error(
                    "given once per substance (paracetamol and APAP are acetaminophen)", i.substance
                )
            seen.add(key)

    def _kind(self) -> None:
        kind = F.MEDICATION["kind"]
        single = self.ingredients[0] if len(self.ingredients) == 1 else None
        if single is not None and single.mme_factor is not None and self.kind != "opioid":
            raise F.INGREDIENT["mme_factor"].error(
                "left out unless --kind opioid", single.mme_factor
            )
        derived = product_kind(self.ingredients)
        if derived is not None and derived != self.kind:
            known = ", ".join(i.known or i.substance for i in self.ingredients)
            holds = f" ({known})" if known.lower() != self.name.lower() else ""
            raise kind.error(f"{derived} for {self.name}{holds}, or left out", self.kind)
        if self.kind == "opioid" and derived != "opioid":
            raise F.INGREDIENT["mme_factor"].error("given for an opioid not in the CDC 2022 table")
        for i in self.ingredients:
            if ref.SUBSTANCES.get(i.known or "") == "opioid" and i.mme_factor is None:
                cdc = ref.MME_FACTORS[i.known or ""]
                raise F.INGREDIENT["mme_factor"].error(f"given for {i.known} (CDC 2022: {cdc:g})")


@frozen
class Activity:
    name: str
    stopped: dt.date | None = None  # the day the patient stopped rating it
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or "=" in self.name:
            raise F.ACTIVITY["name"].error("an activity name without '='", self.name)
        F.ACTIVITY.check(self)


@frozen
class Decision:
    """What the patient recorded at a review: the PGIC (domain.md §4) and/or their choice."""

    course_id: int
    date: dt.date
    impression: int | None = None
    choice: str | None = None
    verdict: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.DECISION.check(self)


@frozen
class RedFlagEvent:
    date: dt.date
    code: str
    log_id: int


Entry = Session | DailyLog | Peg


__all__ = [
    "Activity",
    "ActivityRating",
    "Course",
    "DailyLog",
    "Decision",
    "Diary",
    "Dose",
    "Entry",
    "Ingredient",
    "InvalidValue",
    "Medication",
    "Peg",
    "RedFlagEvent",
    "Session",
    "StartDraw",
]
