"""Hypothesis properties of issue 11: a day's totals over several logs and several products are
the sums over ingredients (in the domain and through the CLI on a real database), and a rename
followed by `undo` gives back the database exactly."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paintrack import reference as ref
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.daily import window_mean
from paintrack.domain.doses import MG_PER_UNIT, dose_days
from paintrack.domain.medication import by_drug
from paintrack.models import DailyLog, Dose, Ingredient, Medication, product_kind
from tests.conftest import Run, dump

TODAY = date(2026, 3, 22)
OPIOIDS = ("oxycodone", "hydrocodone", "codeine", "morphine", "tramadol")
SUBSTANCES = (*OPIOIDS, "acetaminophen", "ibuprofen", "naproxen", "caffeine")
strengths = st.sampled_from((2.5, 5.0, 10.0, 200.0, 325.0, 500.0))
units = st.sampled_from(("mg", "g", "mcg"))
counts = st.integers(1, 8).map(lambda n: n / 2)


@st.composite
def products(draw: st.DrawFn) -> list[Medication]:
    """1–3 products of 1–3 ingredients each, at most one opioid a product (as labels are)."""
    out = []
    for n in range(draw(st.integers(1, 3))):
        subs = draw(st.lists(st.sampled_from(SUBSTANCES), min_size=1, max_size=3, unique=True))
        if sum(s in OPIOIDS for s in subs) > 1:
            subs = [s for s in subs if s not in OPIOIDS] + [next(s for s in subs if s in OPIOIDS)]
        ings = []
        for s in subs:
            unit, strength = draw(units), draw(strengths)
            if unit == "mcg" and strength > 10:
                unit = "mg"  # a label writes 500 mg, not 500,000 mcg
            strength = (
                strength / 1000 if unit == "g" else strength * 1000 if unit == "mcg" else strength
            )
            ings.append(Ingredient(s, strength, unit, ref.MME_FACTORS.get(s)))
        kind = product_kind(tuple(ings)) or "other"
        out.append(Medication(f"product{n}", kind, ingredients=tuple(ings)))
    return out


def expected(
    logs: list[DailyLog], meds: dict[str, Medication]
) -> dict[date, tuple[Fraction, Fraction]]:
    """Each day's (MME, acetaminophen mg): Σ logs Σ doses Σ ingredients, written out afresh."""
    out: dict[date, tuple[Fraction, Fraction]] = {}
    for log in logs:
        mme, apap = out.get(log.date, (Fraction(0), Fraction(0)))
        for d in log.doses:
            for i in meds[d.medication.lower()].ingredients:
                mg = Fraction(str(d.count)) * Fraction(str(i.strength)) * MG_PER_UNIT[i.unit]
                if i.substance in OPIOIDS:
                    mme += mg * Fraction(str(ref.MME_FACTORS[i.substance]))
                elif i.substance == "acetaminophen":
                    apap += mg
        out[log.date] = (mme, apap)
    return out


@st.composite
def diaries(draw: st.DrawFn) -> tuple[list[Medication], list[DailyLog]]:
    meds = draw(products())
    logs = []
    for day in range(draw(st.integers(1, 5))):
        for _ in range(draw(st.integers(1, 3))):  # several logs a day
            chosen = draw(st.lists(st.sampled_from(meds), max_size=len(meds), unique=True))
            doses = tuple(Dose(m.name, draw(counts)) for m in chosen)
            logs.append(DailyLog(TODAY - timedelta(days=day), 5, doses=doses))
    return meds, logs


@settings(max_examples=150, deadline=None)
@given(diaries())
def test_a_days_totals_are_the_sums_over_every_ingredient_of_every_dose(
    diary: tuple[list[Medication], list[DailyLog]],
) -> None:
    meds, logs = diary
    by_name = {m.name.lower(): m for m in meds}
    days = dose_days(logs, by_name).days
    assert {d: (x.mme, x.acetaminophen_mg) for d, x in days.items()} == expected(logs, by_name)
    for x in days.values():  # and per product, what each adds up to
        assert sum(t.mme for t in x.taken) == x.mme
        assert sum(t.acetaminophen_mg for t in x.taken) == x.acetaminophen_mg


@settings(max_examples=100, deadline=None)
@given(diaries())
def test_each_drugs_mg_a_day_adds_up_to_the_days_acetaminophen_mean(
    diary: tuple[list[Medication], list[DailyLog]],
) -> None:
    meds, logs = diary
    by_name = {m.name.lower(): m for m in meds}
    window = Window(TODAY - timedelta(days=6), TODAY)
    doses = dose_days(logs, by_name)
    drugs = by_drug(doses, by_name, window, window)
    apap = window_mean({d: x.acetaminophen_mg for d, x in doses.days.items()}, window, 1)
    parts = [
        i.current_mg_per_day
        for d in drugs
        for i in d.per_ingredient
        if i.substance == "acetaminophen" and i.current_mg_per_day is not None
    ]
    if len(doses.days) >= ref.BASELINE_MIN_DAYS:
        assert sum(parts, Fraction(0)) == (apap or 0)
        mme = [i.current_mme_per_day or 0 for d in drugs for i in d.per_ingredient]
        assert sum(mme, Fraction(0)) == window_mean(doses.mme(), window)
    else:
        assert parts == []  # fewer than 4 logged days: no mean (domain.md §1.3)


def _label(i: Ingredient) -> str:
    return f"{i.substance}={i.strength:g}{i.unit}"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(diaries())
def test_through_the_cli_the_review_shows_the_same_sums_over_ingredients(
    run: Run, diary: tuple[list[Medication], list[DailyLog]]
) -> None:
    meds, logs = diary
    with tempfile.TemporaryDirectory() as tmp:
        db = ["--db", str(Path(tmp) / "p.db")]
        run(*db, "course", "start", "x", "--start", "10 days ago")
        for m in meds:
            args = [a for i in m.ingredients for a in ("--ingredient", _label(i))]
            run(*db, "med", "add", m.name, *args, "--kind", m.kind)
        today = date.today()
        shifted = []
        for log in logs:
            day = today - (TODAY - log.date)
            doses = [a for d in log.doses for a in ("--med", f"{d.medication}={d.count:g}")]
            run(*db, "log", "--pain", "5", "--date", day.isoformat(), *doses)
            shifted.append(DailyLog(day, 5, doses=log.doses))
        sums = expected(shifted, {m.name.lower(): m for m in meds})
        got = json.loads(run(*db, "review", "--json").stdout)["medication"]
        if len(sums) >= ref.BASELINE_MIN_DAYS:
            mean = sum((v[0] for v in sums.values()), Fraction(0)) / len(sums)
            assert got["current_mme_per_day"] == num.shown_mean(mean)
        status = json.loads(run(*db, "status", "--json").stdout)["medication_flags"]
        for f in status:
            mme, apap = sums[date.fromisoformat(f["date"])]
            assert f["value"] == num.shown_mean(mme if f["code"] == "mme-50" else apap)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=20).filter(
    lambda s: bool(s.strip()) and not s.startswith("-") and not ref.substances_in(s)
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(names, min_size=2, max_size=4, unique_by=lambda s: s.strip().lower()), counts)
def test_rename_then_undo_gives_back_the_database_exactly(
    run: Run, listed: list[str], count: float
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.db"
        db = ["--db", str(path)]
        run(*db, "course", "start", "x")
        *keep, new = [n.strip() for n in listed]
        for name in keep:
            # "--": a name may start with "-" (hypothesis found " -a")
            run(*db, "med", "add", "--kind", "other", "--strength", "5", "--unit", "mg", "--", name)
            run(*db, "activity", "add", "--", name)
        run(
            *db, "log", "--pain", "4", "--med", f"{keep[0]}={count:g}", "--activity", f"{keep[0]}=5"
        )
        for what in ("med", "activity"):
            before = dump(path)
            run(*db, what, "rename", "--", keep[0], new)  # "--": a name may start with "-"
            history = json.loads(run(*db, "history", "--json").stdout)[0]
            assert new in (history["doses"] if what == "med" else history["activity_ratings"])
            run(*db, "undo")
            assert dump(path) == before
