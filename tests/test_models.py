"""Models refuse every out-of-range value, naming the option and what is allowed."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paintrack import fields as F
from paintrack.domain import values
from paintrack.domain.daily import peg_score
from paintrack.domain.numbers import mean_text
from paintrack.errors import InvalidValue
from paintrack.models import DailyLog, Medication, Peg, Session

DAY = date(2026, 11, 1)


@given(st.integers())
def test_pain_is_accepted_exactly_from_0_to_10(pain: int) -> None:
    if 0 <= pain <= 10:
        assert DailyLog(date=DAY, pain=pain).pain == pain
    else:
        with pytest.raises(InvalidValue, match=r"--pain must be a whole number from 0 to 10"):
            DailyLog(date=DAY, pain=pain)


@given(st.text(max_size=8))
def test_whole_number_parser_never_accepts_what_is_not_0_to_10(text: str) -> None:
    try:
        value = values.whole(F.DAILY_LOG["pain"], text)  # what `--pain`, prompts and imports read
    except InvalidValue as e:
        assert "--pain must be a whole number from 0 to 10" in str(e)
    else:
        assert value is not None and 0 <= value <= 10
        assert value == int(float(text.strip().replace(",", ".")))


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_sleep_hours_from_0_to_24_only(hours: float) -> None:
    ok = hours == hours and 0 <= hours <= 24
    if ok:
        assert DailyLog(date=DAY, pain=3, sleep_hours=hours).sleep_hours == hours
    else:
        with pytest.raises(InvalidValue, match="--sleep-hours must be a number from 0 to 24"):
            DailyLog(date=DAY, pain=3, sleep_hours=hours)


def test_worst_below_average_pain_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"--worst must be at least --pain \(5\)"):
        DailyLog(date=DAY, pain=5, worst=4)
    with pytest.raises(InvalidValue, match=r"--least must be at most --pain \(5\)"):
        DailyLog(date=DAY, pain=5, least=6)


def test_unknown_red_flag_and_side_effect_are_refused_with_the_codes() -> None:
    with pytest.raises(InvalidValue, match="--red-flag must be one of breathless"):
        DailyLog(date=DAY, pain=5, red_flags=("itchy",))
    with pytest.raises(InvalidValue, match="--side-effect must be one of soreness"):
        Session(course_id=1, date=DAY, pain_before=5, pain_after=4, side_effects=("rash",))


def test_opioid_needs_strength_and_a_factor_and_others_must_not_have_one() -> None:
    with pytest.raises(InvalidValue, match="--strength"):
        Medication("oxycodone", "opioid", mme_factor=1.5)
    with pytest.raises(InvalidValue, match="--mme-factor must be given for an opioid"):
        Medication("mystery", "opioid", 5, "mg")
    with pytest.raises(InvalidValue, match="--mme-factor must be left out"):
        Medication("ibuprofen", "nsaid", 200, "mg", mme_factor=1.0)


def test_peg_score_is_the_mean_of_three_items() -> None:
    assert peg_score(Peg(DAY, 6, 5, 4)) == 5
    assert peg_score(Peg(DAY, 7, 5, 5)) == Fraction(17, 3)  # exact; shown as 5.7
    assert mean_text(peg_score(Peg(DAY, 7, 5, 5))) == "5.7"


@given(st.lists(st.sampled_from(["a", "b", "A"]), min_size=2, max_size=3))
def test_a_medication_given_twice_in_one_log_is_refused(names: list[str]) -> None:
    from paintrack.models import Dose

    doses = tuple(Dose(n, 1) for n in names)
    if len({n.lower() for n in names}) < len(names):
        with pytest.raises(InvalidValue, match="--med must be given once per name"):
            DailyLog(date=DAY, pain=3, doses=doses)
    else:
        DailyLog(date=DAY, pain=3, doses=doses)
