"""`review` says how sure the change is (domain.md §12): NAP over daily means with its interval,
the days in each phase, medication changes during the course, "too few days" below 5, and
words a patient understands that never claim proof or cause. Through the real CLI."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from tests.conftest import Run

TODAY = date.today()


def ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def single_case(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(run("review", "--json").stdout)["single_case"]
    return out


def course(run: Run, a: list[int], b: list[int], *, meds: dict[int, str] | None = None) -> None:
    """A course starting len(a) days before its first session; pain `a` on those days, then `b`
    from the first session's day on (a day's value None = not logged)."""
    n = len(a) + len(b) - 1
    run("course", "start", "trial", "--sessions", "6", "--start", ago(n))
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    for i, pain in enumerate(a + b):
        extra = ["--med", meds[i]] if meds and i in meds else []
        run("log", "--date", ago(n - i), "--pain", str(pain), *extra)
    run("session", "--date", ago(n - len(a)), "--pain-before", "6", "--pain-after", "4")


def test_nap_by_hand_with_ties_and_its_phases(run: Run) -> None:
    # A sorted 6,6,7,7,8. B day 5: 5 A days hurt more; 6: 3 more + 2 ties = 4; 4: 5; 7: 1 + 2
    # ties = 2; 3: 5. 21 of 25 comparisons: NAP 0.84.
    course(run, [6, 7, 7, 8, 6], [5, 6, 4, 7, 3])
    sc = single_case(run)
    assert sc["design"] == "observational-ab"
    assert sc["nap"] == 0.84
    assert (sc["days_a"], sc["days_b"]) == (5, 5)
    lo, hi = sc["nap_ci"]
    assert 0 < lo < 0.84 < hi < 1
    assert sc["randomisation_p"] is None and sc["k"] is None
    assert "not drawn at random" in sc["why_not"]
    # A opens with the baseline week (7 days before the first session), before the course's start
    a, b = {"start": ago(11), "end": ago(5)}, {"start": ago(4), "end": ago(0)}
    assert sc["phases"] == {"a": a, "b": b}
    words = " ".join(sc["words"])
    assert "On 84 % of comparisons" in words and "NAP 0.84" in words
    assert "days are not independent, so this interval is too narrow" in words
    assert "cannot rule out that pain would have eased anyway" in words
    assert "Design: observational AB" in sc["cent_full"]
    assert sc["cent"].startswith("CENT: observational AB; A 5, B 5 days of daily pain")


def test_several_logs_a_day_weigh_as_one_day(run: Run) -> None:
    course(run, [6, 7, 7, 8, 6], [5, 6, 4, 7, 3])
    before = single_case(run)
    run("log", "--date", ago(0), "--pain", "1")  # day mean (3 + 1)/2 = 2: still below every A
    run("log", "--date", ago(0), "--pain", "5")  # (3 + 1 + 5)/3 = 3
    after = single_case(run)
    assert (after["days_a"], after["days_b"]) == (5, 5)
    assert after["nap"] == before["nap"]


def test_below_five_days_in_a_phase_says_too_few_days(run: Run) -> None:
    course(run, [6, 7, 7, 8], [5, 6, 4, 7, 3, 4])
    sc = single_case(run)
    assert sc["nap"] is None and sc["nap_ci"] is None
    assert (sc["days_a"], sc["days_b"]) == (4, 6)
    assert sc["why_not"].startswith("too few days")
    assert sc["words"][0].startswith("Too few days to say")
    screen = run("review").stdout
    assert "How sure is the change?" in screen and "Too few days" in screen
    assert "NAP" not in screen


def test_medication_started_during_the_course_is_named(run: Run) -> None:
    course(run, [6, 7, 7, 8, 6], [5, 6, 4, 7, 3], meds={6: "ibuprofen=2"})
    sc = single_case(run)
    changes = sc["concurrent_changes"]
    assert [(c["name"], c["change"], c["date"]) for c in changes] == [
        ("ibuprofen", "started", ago(3))
    ]
    assert f"ibuprofen started {ago(3)}" in sc["cent_full"]
    assert "1 medication change;" in sc["cent"]
    assert any("Medication changed during the course" in w for w in sc["words"])


def test_screen_words_never_claim_proof_or_cause(run: Run) -> None:
    course(run, [8, 8, 7, 8, 8, 7, 8], [3, 2, 3, 2, 3, 2, 2, 3])
    sc = single_case(run)
    assert sc["nap"] == 1.0
    screen = run("review").stdout
    assert "How sure is the change?" in screen
    assert "On 100 % of comparisons" in screen
    for text in (screen, json.dumps(sc)):
        assert not re.search(r"\b(proves?|proven|caused?)\b", text, re.IGNORECASE)


def test_no_session_yet(run: Run) -> None:
    run("course", "start", "trial", "--sessions", "6", "--start", ago(6))
    for i in range(7):
        run("log", "--date", ago(i), "--pain", "6")
    sc = single_case(run)
    assert sc["nap"] is None and sc["days_b"] == 0 and sc["phases"]["b"] is None
    assert sc["why_not"].startswith("no session yet")
