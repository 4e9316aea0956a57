"""One rounding policy and one dose arithmetic (issue 9): properties of the rounding, and the same
dose giving the same MME on the chart series, the weekly table and the review, in every unit."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paintrack.domain import aggregate as agg
from paintrack.domain import numbers as num
from paintrack.domain.course import Window, reevaluate_point
from paintrack.domain.doses import dose_amount, dose_days
from paintrack.domain.measures import MEANINGFUL, PAIN_MODERATE_PCT, pain_category, present
from paintrack.domain.review import ReviewInput, review
from paintrack.domain.weekly import weekly_table
from paintrack.errors import InvalidValue
from paintrack.models import (
    Course,
    DailyLog,
    Dose,
    Ingredient,
    Medication,
    Session,
    label_substance,
)
from paintrack.render import charts
from paintrack.store.rows import plain

fractions = st.fractions(-1000, 1000, max_denominator=1000)


# --- The rounding policy -----------------------------------------------------------------------
@given(fractions)
def test_changes_and_percents_never_overstate_the_exact_value(x: Fraction) -> None:
    for shown in (num.toward_zero(x, 1), num.toward_zero(x, 0)):
        assert abs(shown) <= abs(x) and (shown == 0 or (shown > 0) == (x > 0))
    assert abs(num.toward_zero(x, 1) - x) < Fraction(1, 10)


@given(fractions)
def test_means_round_half_away_from_zero_to_the_nearest_tenth(x: Fraction) -> None:
    r = num.half_up(x, 1)
    assert abs(r - x) <= Fraction(1, 20) and (r * 10).denominator == 1
    if abs(r - x) == Fraction(1, 20):  # a half goes away from zero
        assert abs(r) > abs(x)


@given(st.fractions(Fraction(1, 10), 10, max_denominator=700), st.fractions(0, 10))
def test_a_shown_30_percent_always_met_the_30_percent(b: Fraction, c: Fraction) -> None:
    pct = num.percent_change(b, c)
    assert pct is not None
    shown = num.shown_pct(pct)
    assert shown is not None
    if shown <= -30:  # what a reader sees as 30 % or more is moderate or substantial
        assert pct <= -PAIN_MODERATE_PCT and pain_category(b, c) in MEANINGFUL
    if shown > -30:
        assert pain_category(b, c) not in MEANINGFUL or pct <= -PAIN_MODERATE_PCT


@given(fractions)
def test_text_is_the_shown_number(x: Fraction) -> None:
    for text, value in (
        (num.mean_text(x), num.shown_mean(x)),
        (num.change_text(num.row_change(Fraction(0), x)), num.shown_change(num.row_change(0, x))),
        (num.pct_text(x).removesuffix(" %"), num.shown_pct(x)),
    ):
        assert float(text.replace(num.MINUS, "-")) == value
        if value == 0:
            assert text[0] == "0"  # zero is never signed
        assert "-" not in text  # a real minus sign


@pytest.mark.parametrize(
    ("x", "mean", "change", "pct"),
    [
        (Fraction(-375, 10), "−37.5", "−37.5", "−37 %"),  # the 37 % / −38 % of issue 9
        (Fraction(-2999, 100), "−30.0", "−30.0", "−29 %"),
        (Fraction(9, 4), "2.3", "+2.3", "+2 %"),
        (Fraction(0), "0.0", "0.0", "0 %"),
        (Fraction(-1, 100), "0.0", "0.0", "0 %"),
    ],
)
def test_hand_picked_roundings(x: Fraction, mean: str, change: str, pct: str) -> None:
    row = num.row_change(Fraction(0), x)  # a change from 0: the shown mean of `x`
    assert (num.mean_text(x), num.change_text(row), num.pct_text(x)) == (mean, change, pct)


def test_a_shown_change_is_the_difference_of_the_shown_means() -> None:
    # 6.67 → 3.71 shows as 6.7 → 3.7, so its change is −3.0 (not the exact −2.95 cut to −2.9)
    assert num.change_text(num.row_change(Fraction(667, 100), Fraction(371, 100))) == "−3.0"


def test_a_shown_change_never_seems_to_cross_a_threshold_it_did_not_meet() -> None:
    # 3.24 → 5.16 shows as 3.2 → 5.2, but +2.0 would read as the 2-point PSFS change it is not
    row = num.row_change(Fraction(324, 100), Fraction(516, 100), Fraction(2))
    assert num.change_text(row) == "+1.92"
    # met exactly: shown as usual
    row = num.row_change(Fraction(3), Fraction(5), Fraction(2))
    assert num.change_text(row) == "+2.0"


# --- A dose's mg and MME, the same on every path -----------------------------------------------
FIRST = date(2026, 3, 9)  # a Monday; baseline week = 2 to 8 March, an ISO week
TODAY = date(2026, 3, 22)  # current window = 16 to 22 March, an ISO week
COURSE = Course("back", date(2026, 3, 1), sessions_planned=2, id=1)
SESSIONS = [Session(1, FIRST, 6, 4), Session(1, FIRST + timedelta(days=7), 6, 4)]
WINDOW = Window(date(2026, 3, 2), TODAY)


def stored_med(name: str, kind: str, strength: float, unit: str, factor: float) -> Medication:
    """A medication as a database of before issue 11 may hold it, migrated (m004): a unit the
    model now refuses at input is still read and said not to be counted."""
    one = plain(
        Ingredient,
        substance=label_substance(name, kind),
        strength=strength,
        unit=unit,
        mme_factor=factor,
    )
    label = {"strength": strength, "unit": unit, "mme_factor": factor}
    return plain(
        Medication,
        name=name,
        kind=kind,
        ingredients=(one,),
        stopped=None,
        id=None,
        created_at=None,
        **label,
    )


UNITS = [  # (medication, count a day, MME that day or None when it cannot be counted)
    (Medication("oxycodone", "opioid", 5, "mg", 1.5), 2, Fraction(15)),
    (Medication("morphine", "opioid", 0.015, "g", 1.0), 1, Fraction(15)),  # 15 mg
    (Medication("hydromorphone", "opioid", 500, "mcg", 5.0), 3, Fraction(15, 2)),  # 1.5 mg
    (Medication("fentanyl patch", "opioid", 25, "mcg/h", 2.4), 1, Fraction(60)),  # §6.1
    (stored_med("methadone syrup", "opioid", 10, "ml", 4.7), 1, None),  # was 47 on the chart
    (stored_med("tramadol drops", "opioid", 1, "unit", 0.2), 2, None),
]


@pytest.mark.parametrize("unit", ["ml", "unit"])
def test_an_opioid_in_a_unit_mme_cannot_be_counted_in_is_refused_at_input(unit: str) -> None:
    with pytest.raises(InvalidValue, match="--unit must be mg, g or mcg for methadone"):
        Medication("methadone syrup", "opioid", 10, unit, 4.7)


def _diary(med: Medication, count: float) -> ReviewInput:
    logs = [DailyLog(d, 5, doses=(Dose(med.name, count),)) for d in agg.days_of(WINDOW)]
    point = reevaluate_point(COURSE, [s.date for s in SESSIONS], [], TODAY)
    meds = {med.name.lower(): med}
    return ReviewInput(COURSE, point, TODAY, logs, [], SESSIONS, meds, None)


@pytest.mark.parametrize(("med", "count", "mme"), UNITS, ids=lambda x: getattr(x, "unit", None))
def test_the_same_dose_gives_the_same_mme_in_review_chart_and_weekly_table(
    med: Medication, count: float, mme: Fraction | None
) -> None:
    inp = _diary(med, count)
    r = review(inp)
    per_day = mme if mme is not None else Fraction(0)  # not counted: adds 0, and says why
    assert r.medication.baseline.mme_per_day == r.medication.current.mme_per_day == per_day
    chart = agg.medication_series(inp.logs, inp.medications, WINDOW)
    assert set(chart.mme.values) == {per_day}
    table = weekly_table(inp.logs, [], inp.medications, r.baseline_window, WINDOW)
    col = table.measures.index("mme")
    assert table.baseline_means[col] == per_day
    assert {row.cells[col].mean for row in table.rows} == {per_day}
    shown = num.mean_text(per_day)
    assert r.as_json()["medication"]["current_mme_per_day"] == num.shown_mean(per_day)  # type: ignore[index]
    if mme is not None:
        assert r.medication.not_counted == () and chart.uncounted == table.uncounted == ()
        assert [f.code for f in r.medication.flags][:1] == (["mme-50"] if mme >= 50 else [])
        return
    reason = f"a strength in {med.unit} cannot be counted in mg"
    assert [(u.name, u.reason) for u in chart.uncounted] == [(med.name, reason)]
    assert table.uncounted == chart.uncounted and r.medication.not_counted == (med.name,)
    said = f"{med.name} ({reason})"
    assert any(said in c for c in r.caveats)  # the same words in the review's caveat …
    text = charts.meds_chart(chart.mme, chart.kinds, WINDOW, uncounted=chart.uncounted)
    assert said in " ".join(text.split())  # … under the meds chart …
    assert shown == "0.0"
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(charts.weekly_table_view(table))
    assert said in " ".join(console.export_text().split())  # … and under the weekly table


@pytest.mark.parametrize(
    ("strength", "unit", "mg"),
    [(500, "mg", 500), (0.5, "g", 500), (50_000, "mcg", 50), (0.1, "g", 100)],
)
def test_acetaminophen_mg_is_scaled_exactly(strength: float, unit: str, mg: int) -> None:
    med = Medication("paracetamol", "acetaminophen", strength, unit)
    assert (
        dose_amount(3, med).acetaminophen_mg == 3 * mg
    )  # 0.1 g × 3 is 300, not 300.00000000000006
    logs = [DailyLog(TODAY, 5, doses=(Dose("Paracetamol", 8),))]
    day = dose_days(logs, {"paracetamol": med}).days[TODAY]
    assert day.acetaminophen_mg == 8 * mg


@given(st.integers(1, 40).map(lambda n: n / 2), st.integers(1, 100))
def test_grams_micrograms_and_milligrams_agree_exactly(count: float, mg: int) -> None:
    def mme(strength: float, unit: str) -> Fraction:
        return dose_amount(count, Medication("oxycodone", "opioid", strength, unit, 1.5)).mme

    assert (
        mme(mg, "mg")
        == mme(mg / 1000, "g")
        == mme(mg * 1000, "mcg")
        == Fraction(count) * mg * Fraction(3, 2)
    )


def test_an_oral_opioid_in_mcg_per_hour_is_not_counted_as_a_patch() -> None:
    with pytest.raises(InvalidValue, match="--unit must be mg, g or mcg for morphine"):
        Medication("morphine", "opioid", 25, "mcg/h", 1.0)
    med = stored_med("morphine", "opioid", 25, "mcg/h", 1.0)  # stored before issue 11
    assert dose_amount(1, med).uncounted == "its CDC factor is per mg, not per mcg/h"
    assert dose_amount(1, med).mme == 0


def test_unlisted_medication_is_named_with_its_reason() -> None:
    logs = [DailyLog(TODAY, 5, doses=(Dose("Aspirin", 2),))]
    assert [str(u) for u in dose_days(logs, {}).uncounted] == [
        "Aspirin (not in your medication list)"
    ]


def test_review_table_uses_the_same_rounding_as_its_headline() -> None:
    # baseline 8, current 5 → −37.5 %: the table and the headline both say 37
    days = [FIRST - timedelta(days=i) for i in range(7, 0, -1)]
    cur = [TODAY - timedelta(days=i) for i in range(6, -1, -1)]
    logs = [DailyLog(d, 8) for d in days] + [DailyLog(d, 5) for d in cur[:6]]
    logs += [DailyLog(cur[6], 5)]
    point = reevaluate_point(COURSE, [s.date for s in SESSIONS], [], TODAY)
    r = review(ReviewInput(COURSE, point, TODAY, logs, [], SESSIONS, {}, None))
    assert r.pain.change_pct == Fraction(-75, 2)
    assert present(r.pain).change_text == "−3.0 (−37 %)"
    assert "down 37 %" in r.headline and r.as_json()["pain"]["change_pct"] == -37.0  # type: ignore[index]
    assert re.search(r"\b38\b", r.headline) is None
