"""The pure review (issue 4): hand-computed cases for each threshold, verdict and caveat, and
hypothesis properties of the windows. No database: models are built directly."""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paintrack.domain.course import reevaluate_point
from paintrack.domain.measures import CATEGORIES, pain_category, present
from paintrack.domain.review import Review, ReviewInput, continue_allowed, review
from paintrack.models import ActivityRating, Course, DailyLog, Dose, Medication, Peg, Session

FIRST = date(2026, 3, 9)  # first session; baseline week = 2 to 8 March
TODAY = date(2026, 4, 20)  # current week = 14 to 20 April
BASE_DAYS = [FIRST - timedelta(days=i) for i in range(7, 0, -1)]
CUR_DAYS = [TODAY - timedelta(days=i) for i in range(6, -1, -1)]
COURSE = Course("back", date(2026, 3, 1), sessions_planned=6, id=1)
MEDICARE = Course("back", date(2026, 3, 1), sessions_planned=12, plan="medicare-clbp", id=1)
OXY = Medication("Oxycodone", "opioid", 5, "mg", 1.5)
OXY10 = Medication("OxyContin", "opioid", 10, "mg", 1.5)
APAP = Medication("Tylenol", "acetaminophen", 500, "mg")
MEDS = {m.name.lower(): m for m in (OXY, OXY10, APAP)}


def weekly_sessions(n: int = 6, step: int = 7) -> list[Session]:
    return [Session(1, FIRST + timedelta(days=step * i), 6, 4) for i in range(n)]


def run(
    logs: Sequence[DailyLog] = (),
    pegs: Sequence[Peg] = (),
    sessions: Sequence[Session] | None = None,
    impression: int | None = 4,
    course: Course = COURSE,
    today: date = TODAY,
) -> Review:
    done = weekly_sessions() if sessions is None else list(sessions)
    point = reevaluate_point(course, [s.date for s in done], [], today)
    return review(ReviewInput(course, point, today, list(logs), list(pegs), done, MEDS, impression))


def F(*xs: float | Fraction) -> tuple[Fraction, ...]:
    """Exact expected values: the review's means are fractions."""
    return tuple(Fraction(x) for x in xs)


def days_of(days: Sequence[date], values: Sequence[int | Sequence[int]]) -> list[DailyLog]:
    """One log per value; a tuple of values means several logs on that day."""
    out: list[DailyLog] = []
    for day, v in zip(days, values, strict=False):
        out += [DailyLog(day, p) for p in (v if isinstance(v, Sequence) else (v,))]
    return out


def pain(base: Sequence[int | Sequence[int]], cur: Sequence[int | Sequence[int]]) -> Review:
    return run(days_of(BASE_DAYS, base) + days_of(CUR_DAYS, cur))


# --- Pain categories at each boundary (domain.md §1.2) -----------------------------------------
def test_exactly_30_percent_reduction_is_moderate_and_improving() -> None:
    r = pain([10] * 7, [7] * 7)
    assert (r.pain.baseline, r.pain.current, r.pain.change) == F(10, 7, -3)
    assert r.pain.change_pct == -30.0
    assert r.pain.category == "moderate"
    assert r.verdict == "improving"
    assert r.headline.startswith("Pain is down 30 % from your baseline — a moderate")


def test_30_percent_is_moderate_where_float_division_gives_29_99() -> None:
    # 64/7 → 32/5 is exactly 70 %; in floats (6.4 − 9.142…)/9.142… × 100 = −29.999999999999993
    r = pain([10, 10, 10, 10, 8, 8, 8], [7, 7, 6, 6, 6])
    assert r.pain.category == "moderate"
    assert r.pain.change_pct == -30.0


def test_29_9_percent_reduction_is_minimal() -> None:
    assert pain_category(Fraction(10), Fraction("7.01")) == "minimal"
    assert pain_category(Fraction(10), Fraction(7)) == "moderate"


def test_29_percent_reduction_from_several_logs_a_day_is_minimal_and_not_improving() -> None:
    r = pain([10] * 7, [7, 7, 7, 7, 7, 7, (7, 8)])  # current = 49.5 / 7 = 7.0714 → −29.29 %
    assert r.pain.current == Fraction(99, 14)
    shown = present(r.pain)
    assert (shown.current, shown.change, shown.change_pct) == (7.1, -2.9, -29.0)  # toward zero
    assert shown.change_text == "−2.9 (−29 %)"  # never reads as 30
    assert r.pain.category == "minimal"
    assert r.verdict == "not-improving"
    assert "down 29 %" in r.headline and "under the 30 %" in r.headline


def test_exactly_50_percent_reduction_is_substantial() -> None:
    r = pain([8] * 7, [4] * 7)
    assert (r.pain.change_pct, r.pain.category, r.verdict) == (
        Fraction(-50),
        "substantial",
        "improving",
    )


def test_just_under_50_percent_is_moderate() -> None:
    r = pain([8] * 7, [4, 4, 4, 4, 4, 4, 5])  # 29/7 = 4.142 → −48.2 %
    assert r.pain.category == "moderate"


def test_exactly_10_percent_reduction_is_minimal() -> None:
    r = pain([10] * 7, [9] * 7)
    assert (r.pain.category, r.verdict) == ("minimal", "not-improving")


def test_10_percent_rise_is_worse_even_where_floats_say_9_99() -> None:
    # 10/7 → 11/7 is exactly +10 %; in floats 9.999999999999995
    r = pain([2, 2, 2, 1, 1, 1, 1], [2, 2, 2, 2, 1, 1, 1])
    assert r.pain.change_pct == 10.0
    assert (r.pain.category, r.verdict) == ("worse", "worse")
    assert "up 10 %" in r.headline


def test_rise_under_10_percent_is_none_and_not_improving() -> None:
    r = pain([5] * 7, [5, 5, 5, 5, 5, 5, 8])  # 38/7 = 5.43 → +8.6 %
    assert (r.pain.category, r.verdict) == ("none", "not-improving")


# --- Windows, thin data, several logs a day ----------------------------------------------------
def test_several_logs_on_one_day_count_as_one_day() -> None:
    r = pain([4, 4, 4, 4, 4, 4, (10, 10, 10, 10, 10, 10)], [4] * 7)
    assert r.pain.baseline_days == 7
    assert r.pain.baseline == Fraction(34, 7)  # (6 × 4 + 10) / 7; per log it would be 7.0
    assert present(r.pain).baseline == 4.9


def test_three_baseline_days_make_baseline_null_and_say_why() -> None:
    r = pain([6, 6, 6], [3] * 7)
    assert (r.pain.baseline, r.pain.baseline_days, r.pain.change) == (None, 3, None)
    assert r.pain.current == 3.0
    assert r.verdict == "insufficient-data"
    assert any(c.startswith("Pain (daily average): only 3 of 7 days") for c in r.caveats)


def test_four_days_each_side_are_enough() -> None:
    r = pain([6] * 4, [3] * 4)
    assert (r.pain.baseline_days, r.pain.current_days, r.pain.category) == (4, 4, "substantial")


def test_thin_current_window_is_null_and_reported() -> None:
    r = pain([6] * 7, [3, 3])
    assert r.pain.current is None and r.verdict == "insufficient-data"
    assert any("only 2 of 7 days in the last 7 days" in c for c in r.caveats)


def test_course_with_no_daily_logs_is_insufficient_data() -> None:
    r = run([])
    assert r.verdict == "insufficient-data"
    assert r.pain.baseline is None and r.pain.current is None
    assert r.medication.baseline.mme_per_day is None
    assert any("only 0 of 7 days" in c for c in r.caveats)
    assert "Not enough pain logs" in r.headline
    json.dumps(r.as_json())


def test_logs_outside_both_windows_are_ignored() -> None:
    outside = [
        DailyLog(FIRST, 10),
        DailyLog(FIRST + timedelta(days=10), 10),
        DailyLog(TODAY + timedelta(days=1), 0),
    ]
    assert (
        pain([6] * 7, [3] * 7).pain
        == run(days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [3] * 7) + outside).pain
    )


def test_zero_baseline_has_no_percent_a_rise_of_a_point_is_worse_and_says_so() -> None:
    r = pain([0] * 7, [2] * 7)
    assert (r.pain.change, r.pain.change_pct, r.pain.category) == (Fraction(2), None, "worse")
    assert r.verdict == "worse"
    assert any("0/10" in c and "percent" in c for c in r.caveats)
    assert pain([0] * 7, [0] * 6 + [1]).pain.category == "none"  # mean 1/7: under a point


def test_baseline_under_4_warns_of_floor_effect() -> None:
    r = pain([3] * 7, [1] * 7)
    assert r.pain.category == "substantial"
    assert any("floor effect" in c for c in r.caveats)
    assert not any("floor effect" in c for c in pain([4] * 7, [1] * 7).caveats)


def test_no_session_yet_is_insufficient_data() -> None:
    r = run(days_of(CUR_DAYS, [5] * 7), sessions=[])
    assert r.verdict == "insufficient-data"
    assert any("No session logged yet" in c for c in r.caveats)


# --- PEG and PSFS (domain.md §2, §3.1) ---------------------------------------------------------
def peg(day: date, p: int, e: int, g: int) -> Peg:
    return Peg(day, p, e, g)


def test_peg_fall_of_30_percent_makes_improving_when_pain_did_not_change() -> None:
    logs = days_of(BASE_DAYS, [5] * 7) + days_of(CUR_DAYS, [5] * 7)
    r = run(logs, [peg(BASE_DAYS[-1], 6, 6, 6), peg(TODAY, 4, 4, 4)])
    assert (r.peg.baseline, r.peg.current, r.peg.change_pct) == F(6, 4, Fraction(-100, 3))
    assert present(r.peg).change_text == "−2.0 (−33 %)"
    assert r.peg.category == "moderate" and r.pain.category == "none"
    assert r.verdict == "improving"
    assert "PEG score is down 33 %" in r.headline


def test_peg_one_point_under_30_percent_is_minimal_not_improving() -> None:
    logs = days_of(BASE_DAYS, [5] * 7) + days_of(CUR_DAYS, [5] * 7)
    r = run(logs, [peg(BASE_DAYS[0], 8, 8, 8), peg(TODAY, 7, 7, 7)])
    assert (r.peg.category, r.verdict) == ("minimal", "not-improving")


def test_peg_needs_one_each_side_and_says_it_is_weekly() -> None:
    logs = days_of(BASE_DAYS, [5] * 7) + days_of(CUR_DAYS, [5] * 7)
    r = run(logs, [peg(BASE_DAYS[0], 8, 8, 8)])
    assert r.peg.baseline == 8.0 and r.peg.current is None
    assert any(c.startswith("PEG") and "weekly" in c for c in r.caveats)


def rated(days: Sequence[date], **ratings: int) -> list[DailyLog]:
    rs = tuple(ActivityRating(k, v) for k, v in ratings.items())
    return [DailyLog(d, 5, activity_ratings=rs) for d in days]


def test_psfs_mean_rise_of_2_makes_improving_and_per_activity_uses_3() -> None:
    r = run(rated(BASE_DAYS, walking=3, sitting=4) + rated(CUR_DAYS, walking=6, sitting=5))
    assert (r.function.baseline, r.function.current, r.function.change) == F(3.5, 5.5, 2)
    assert r.function.category == "moderate" and r.function.scale.higher_is_better
    assert r.verdict == "improving"
    by_name = {a.label: a for a in r.activities}
    assert by_name["walking"].category == "moderate"  # +3
    assert by_name["sitting"].category == "none"  # +1
    assert present(by_name["sitting"]).words == "under the 3-point threshold"
    assert "activities are 2.0 points easier" in r.headline  # as the table's +2.0
    assert r.as_json()["function"]["activities"][1]["activity"] == "walking"  # type: ignore[index]


def test_psfs_rise_under_2_is_not_improving_and_a_fall_of_2_is_worse() -> None:
    up = run(rated(BASE_DAYS, walking=3) + rated(CUR_DAYS, walking=4))
    assert (up.function.category, up.verdict) == ("none", "not-improving")
    down = run(rated(BASE_DAYS, walking=5) + rated(CUR_DAYS, walking=3))
    assert down.function.category == "worse"


def test_psfs_activities_changed_between_windows_is_a_caveat() -> None:
    r = run(rated(BASE_DAYS, walking=3) + rated(CUR_DAYS, walking=3, lifting=6))
    assert any("Different activities" in c for c in r.caveats)


def test_sleep_interference_uses_1_point_and_stress_has_no_threshold() -> None:
    logs = [DailyLog(d, 5, sleep_interference=6, stress=7, sleep_hours=5.5) for d in BASE_DAYS]
    logs += [DailyLog(d, 5, sleep_interference=5, stress=3, sleep_hours=7.25) for d in CUR_DAYS]
    r = run(logs)
    assert (r.sleep.change, r.sleep.category) == (Fraction(-1), "minimal")
    assert (r.stress.change, r.stress.category, present(r.stress).words) == (
        Fraction(-4),
        None,
        "no validated threshold",
    )
    assert (r.sleep_hours.change, r.sleep_hours.category) == (Fraction(7, 4), None)


# --- Medication (domain.md §6) -----------------------------------------------------------------
def dosed(day: date, pain_: int = 5, **doses: float) -> DailyLog:
    return DailyLog(day, pain_, doses=tuple(Dose(k, v) for k, v in doses.items()))


def test_mme_per_day_averages_over_logged_days_counting_dose_free_days_as_zero() -> None:
    logs = [dosed(d, Oxycodone=2) for d in BASE_DAYS[:4]]  # 2 × 5 mg × 1.5 = 15 MME
    logs += [DailyLog(d, 5) for d in BASE_DAYS[4:]] + [DailyLog(d, 5) for d in CUR_DAYS]
    r = run(logs)
    b, c = r.medication.baseline, r.medication.current
    assert b.mme_per_day == Fraction(60, 7) and c.mme_per_day == 0
    assert r.as_json()["medication"]["baseline_mme_per_day"] == 8.6  # type: ignore[index]
    assert (b.dose_days, c.dose_days) == (4, 0)
    assert b.dose_days_per_week == 4


def test_mme_of_50_or_more_on_a_day_is_flagged_with_its_date() -> None:
    logs = [dosed(CUR_DAYS[2], OxyContin=3), dosed(CUR_DAYS[3], OxyContin=4)]  # 45, 60 MME
    flags = run(logs).medication.flags
    assert [(f.date, f.code, f.value) for f in flags] == [(CUR_DAYS[3], "mme-50", Fraction(60))]
    assert "prescriber" in flags[0].message


@pytest.mark.parametrize(
    ("count", "code"),
    [
        (6, None),
        (6.5, "acetaminophen-check-label"),
        (7.9, "acetaminophen-check-label"),
        (8, "acetaminophen-over-max"),
    ],
)
def test_acetaminophen_flags_over_3000_and_from_4000_mg(count: float, code: str | None) -> None:
    flags = run([dosed(CUR_DAYS[0], Tylenol=count)]).medication.flags
    assert [f.code for f in flags] == ([code] if code else [])


def test_acetaminophen_from_two_logs_one_day_adds_up() -> None:
    logs = [dosed(CUR_DAYS[0], Tylenol=4), dosed(CUR_DAYS[0], tylenol=4)]
    assert [f.code for f in run(logs).medication.flags] == ["acetaminophen-over-max"]


def test_medication_flags_before_the_baseline_are_not_listed() -> None:
    logs = [dosed(BASE_DAYS[0] - timedelta(days=1), Tylenol=10), dosed(BASE_DAYS[0], Tylenol=10)]
    assert [f.date for f in run(logs).medication.flags] == [BASE_DAYS[0]]


def test_pain_drop_while_mme_rose_is_a_caveat() -> None:
    logs = [DailyLog(d, 8) for d in BASE_DAYS] + [dosed(d, 4, Oxycodone=2) for d in CUR_DAYS]
    r = run(logs)
    assert r.verdict == "improving"
    assert any("a pain drop while MME rose is not the same result" in c for c in r.caveats)


def test_unknown_medication_is_not_counted_and_said() -> None:
    r = run([dosed(CUR_DAYS[0], Aspirin=2)])
    assert r.medication.not_counted == ("Aspirin",)
    assert any("Aspirin" in c and "not counted" in c for c in r.caveats)


# --- Sessions, red flags, caveats --------------------------------------------------------------
def test_sessions_count_relief_and_side_effects() -> None:
    ss = [
        Session(1, FIRST, 7, 4, side_effects=("bruise", "soreness")),
        Session(1, FIRST + timedelta(days=7), 6, 4, side_effects=("bruise",)),
        Session(1, TODAY + timedelta(days=1), 6, 0),
    ]
    s = run(sessions=ss).sessions
    assert (s.count, s.mean_immediate_relief, s.side_effects) == (
        2,
        Fraction(5, 2),
        {"bruise": 2, "soreness": 1},
    )


def test_red_flags_are_listed_from_the_baseline_on_whatever_the_verdict() -> None:
    logs = days_of(BASE_DAYS, [8] * 7) + days_of(CUR_DAYS, [2] * 7)
    logs += [
        DailyLog(BASE_DAYS[0] - timedelta(days=30), 5, red_flags=("injury",)),
        DailyLog(BASE_DAYS[0], 5, red_flags=("fever",)),
        DailyLog(FIRST + timedelta(days=3), 5, red_flags=("night-pain", "fever")),
    ]
    r = run(logs)
    assert r.verdict == "improving"
    assert r.as_json()["red_flags"] == [
        {"date": "2026-03-02", "code": "fever"},
        {"date": "2026-03-12", "code": "fever"},
        {"date": "2026-03-12", "code": "night-pain"},
    ]


def test_baseline_in_a_flare_warns_of_regression_to_the_mean() -> None:
    pre = [BASE_DAYS[0] - timedelta(days=i) for i in range(1, 29)]
    flare = run(days_of(pre, [4] * 28) + days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [4] * 7))
    assert any("regression to the mean" in c for c in flare.caveats)
    calm = run(days_of(pre, [5] * 28) + days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [4] * 7))
    assert not any("regression to the mean" in c for c in calm.caveats)
    few = run(days_of(pre, [1] * 3) + days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [4] * 7))
    assert not any("regression to the mean" in c for c in few.caveats)


def test_missing_pgic_and_pgic_disagreeing_with_numbers_are_caveats() -> None:
    logs = days_of(BASE_DAYS, [5] * 7) + days_of(CUR_DAYS, [5] * 7)
    assert any("PGIC" in c for c in run(logs, impression=None).caveats)
    assert not any("PGIC" in c for c in run(logs, impression=4).caveats)
    assert any("disagree" in c for c in run(logs, impression=1).caveats)


def test_review_before_the_reevaluate_point_says_it_is_early() -> None:
    logs = days_of(BASE_DAYS, [5] * 7) + days_of(CUR_DAYS, [5] * 7)
    early = run(logs, sessions=weekly_sessions(3))
    assert any("before the agreed re-evaluate point" in c for c in early.caveats)
    assert not any("before the agreed" in c for c in run(logs).caveats)


def test_as_json_has_the_stable_keys_of_product_md() -> None:
    out = run(days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [3] * 7)).as_json()
    stable = {
        "course",
        "pain",
        "function",
        "peg",
        "sleep",
        "stress",
        "medication",
        "sessions",
        "impression",
        "verdict",
        "red_flags",
        "caveats",
    }
    assert stable <= out.keys()
    shape = {
        "baseline",
        "current",
        "change",
        "change_pct",
        "category",
        "baseline_days",
        "current_days",
    }
    for key in ("pain", "function", "peg", "sleep", "stress"):
        assert shape <= out[key].keys()  # type: ignore[attr-defined]
    assert {
        "baseline_mme_per_day",
        "current_mme_per_day",
        "baseline_dose_days",
        "current_dose_days",
    } <= out["medication"].keys()  # type: ignore[attr-defined]
    assert out["course"]["first_session"] == "2026-03-09"  # type: ignore[index]
    assert out["verdict"] in ("improving", "not-improving", "worse", "insufficient-data")
    json.dumps(out, allow_nan=False)


# --- continue under the Medicare plan (domain.md §8) -------------------------------------------
def medicare(verdict_improving: bool, last_365: int) -> tuple[bool, str, int | None]:
    cur = [3] * 7 if verdict_improving else [6] * 7
    logs = days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, cur)
    r = run(logs, sessions=weekly_sessions(12, step=3), course=MEDICARE)  # 12th on 11 April
    return continue_allowed(r, MEDICARE, last_365)


def test_continue_without_a_plan_is_always_allowed_without_extension() -> None:
    r = run(days_of(BASE_DAYS, [6] * 7) + days_of(CUR_DAYS, [6] * 7))
    assert continue_allowed(r, COURSE, 30)[0::2] == (True, None)


def test_medicare_continue_needs_improving() -> None:
    allowed, why, new = medicare(False, 12)
    assert (allowed, new) == (False, None) and "not-improving" in why


def test_medicare_continue_adds_8_sessions() -> None:
    assert medicare(True, 12)[0::2] == (True, 20)


def test_medicare_continue_never_passes_20_a_year() -> None:
    allowed, why, new = medicare(True, 16)
    assert (allowed, new) == (True, 16) and "capped at 20" in why
    assert medicare(True, 20)[0::2] == (False, None)


# --- Properties --------------------------------------------------------------------------------
RANK = {c: i for i, c in enumerate(CATEGORIES)}


@given(st.fractions(1, 10), st.fractions(0, 10), st.fractions(0, 10))
def test_pain_category_is_monotone_in_the_current_mean(
    b: Fraction, c1: Fraction, c2: Fraction
) -> None:
    lo, hi = sorted((c1, c2))
    at_lo, at_hi = pain_category(b, lo), pain_category(b, hi)
    assert at_lo is not None and at_hi is not None
    assert RANK[at_lo] >= RANK[at_hi]


pain_nrs = st.integers(0, 10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(pain_nrs, min_size=4, max_size=7),
    st.lists(pain_nrs, min_size=4, max_size=7),
    st.integers(0, 6),
    st.integers(1, 10),
)
def test_review_category_is_monotone_in_current_pain(
    base: list[int], cur: list[int], i: int, bump: int
) -> None:
    higher = list(cur)
    higher[i % len(cur)] = min(10, higher[i % len(cur)] + bump)
    a, b = pain(base, cur).pain.category, pain(base, higher).pain.category
    if a is None or b is None:  # only a 0/10 baseline has no category, on both sides
        assert a is None and b is None and sum(base) == 0
    else:
        assert RANK[a] >= RANK[b]


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(4, 6), st.sampled_from(["base", "cur"]))
def test_adding_a_day_at_the_window_mean_changes_nothing(
    data: st.DataObject, n: int, side: str
) -> None:
    mean = data.draw(st.integers(0, 10))
    spread = data.draw(
        st.lists(st.integers(0, min(mean, 10 - mean)), min_size=n // 2, max_size=n // 2)
    )
    values = [mean + d for d in spread] + [mean - d for d in spread] + [mean] * (n % 2)
    other = data.draw(st.lists(pain_nrs, min_size=7, max_size=7))
    base, cur = (values, other) if side == "base" else (other, values)
    before = pain(base, cur)
    days = BASE_DAYS if side == "base" else CUR_DAYS
    after = run(days_of(BASE_DAYS, base) + days_of(CUR_DAYS, cur) + [DailyLog(days[6], mean)])
    assert after.pain.baseline_days + after.pain.current_days == n + 7 + 1
    for field in ("baseline", "current", "change", "change_pct", "category"):
        assert getattr(after.pain, field) == getattr(before.pain, field)
    assert after.verdict == before.verdict


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-70, 50), pain_nrs, pain_nrs, st.integers(0, 10)), max_size=60)
)
def test_windows_never_include_days_outside_them(rows: list[tuple[int, int, int, int]]) -> None:
    logs = [
        DailyLog(FIRST + timedelta(days=off), p, worst=max(p, w), stress=s) for off, p, w, s in rows
    ]
    r = run(logs)
    for m in (r.pain, r.worst_pain, r.stress):
        assert m.baseline_days == len({x.date for x in logs if x.date in r.baseline_window})
        assert m.current_days == len({x.date for x in logs if x.date in r.current_window})
        assert m.baseline_days <= 7 and m.current_days <= 7
    far = [
        DailyLog(r.pre_baseline_window.start - timedelta(days=1), 10, stress=10),
        DailyLog(TODAY + timedelta(days=1), 0, stress=0),
    ]
    assert run([*logs, *far]).as_json() == r.as_json()


# --- Purity -------------------------------------------------------------------------------------
def test_review_imports_nothing_forbidden() -> None:
    forbidden = {"typer", "rich", "plotext", "sqlite3", "sqlite_utils"}
    path = Path(__file__).parents[1] / "paintrack" / "domain" / "review.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mods = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    mods |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert mods and not {m.split(".")[0] for m in mods} & forbidden
    assert "today()" not in path.read_text(encoding="utf-8")  # no clock: today is a parameter


def test_medication_outside_the_course_so_far_is_ignored() -> None:
    before = BASE_DAYS[0] - timedelta(days=3)
    r = run([dosed(before, Aspirin=1), dosed(TODAY + timedelta(days=1), Tylenol=9)])
    assert r.medication.not_counted == () and r.medication.flags == ()
