"""Chart text: snapshots at 80 and 120 columns, width property, no escapes without colour, gaps.

Refresh snapshots with `UPDATE_SNAPSHOTS=1 pytest tests/test_render_charts.py`; review the diff.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paintrack.domain import aggregate as agg
from paintrack.domain import daily as dl
from paintrack.domain.course import Window, baseline_window
from paintrack.domain.weekly import weekly_table
from paintrack.models import ActivityRating, DailyLog, Dose, Medication, Session
from paintrack.render import charts, panels

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI = re.compile(r"\x1b\[")
START = date(2026, 3, 2)
END = START + timedelta(days=48)
WINDOW = Window(START, END)
MEDS = {
    "oxycodone": Medication("oxycodone", "opioid", 5, "mg", 1.5),
    "ibuprofen": Medication("ibuprofen", "nsaid", 200, "mg"),
}


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1"
    assert text + "\n" == path.read_text(encoding="utf-8")


def make_logs() -> list[DailyLog]:
    logs = []
    for i in range(49):
        if 20 <= i < 24:  # four days not logged: a gap
            continue
        pain = max(0, 7 - i // 8)
        logs.append(
            DailyLog(
                START + timedelta(days=i),
                pain,
                sleep_hours=6 + i % 3,
                sleep_interference=max(0, 6 - i // 10),
                stress=(3 * i) % 11,
                doses=(Dose("oxycodone", 1 + i % 2), Dose("ibuprofen", 2))
                if i % 2
                else (Dose("ibuprofen", 1),),
                activity_ratings=(
                    ActivityRating("walking", min(10, 3 + i // 7)),
                    ActivityRating("sitting", min(10, 2 + i // 9)),
                ),
            )
        )
        if i % 4 == 0:
            logs.append(DailyLog(START + timedelta(days=i), min(10, pain + 2)))
    return logs


LOGS = make_logs()
SESSIONS = [Session(1, START + timedelta(days=7 + 5 * k), 7 - k // 2, 5 - k // 2) for k in range(8)]
BASELINE = baseline_window(SESSIONS[0].date, END)


def pain(width: int, color: bool = False, height: int = 20) -> str:
    return charts.pain_chart(
        agg.daily_series(LOGS, "pain", WINDOW),
        WINDOW,
        baseline=dl.window_mean(dl.log_daily(LOGS, "pain"), BASELINE),
        session_dates=agg.session_dates(SESSIONS, WINDOW),
        width=width,
        height=height,
        color=color,
    )


def sessions(width: int, color: bool = False, height: int = 20) -> str:
    return charts.sessions_chart(
        agg.session_points(SESSIONS, WINDOW), WINDOW, width=width, height=height, color=color
    )


def function(width: int, color: bool = False, height: int = 20) -> str:
    return panels.function_chart(
        agg.activity_series(LOGS, WINDOW),
        agg.psfs_series(LOGS, WINDOW),
        WINDOW,
        width=width,
        height=height,
        color=color,
    )


def sleep(width: int, color: bool = False, height: int = 20) -> str:
    return panels.sleep_chart(
        agg.daily_series(LOGS, "sleep_hours", WINDOW),
        agg.daily_series(LOGS, "sleep_interference", WINDOW),
        WINDOW,
        width=width,
        height=height,
        color=color,
    )


def stress(width: int, color: bool = False, height: int = 20) -> str:
    return panels.stress_chart(
        agg.daily_series(LOGS, "stress", WINDOW), WINDOW, width=width, height=height, color=color
    )


def meds(width: int, color: bool = False, height: int = 20) -> str:
    data = agg.medication_series(LOGS, MEDS, WINDOW)
    return charts.meds_chart(
        data.mme,
        data.kinds,
        WINDOW,
        width=width,
        height=height,
        color=color,
    )


CHARTS: dict[str, Callable[..., str]] = {
    "pain": pain,
    "sessions": sessions,
    "function": function,
    "sleep": sleep,
    "stress": stress,
    "meds": meds,
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_snapshot(name: str, width: int) -> None:
    assert_snapshot(f"{name}_{width}", CHARTS[name](width))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_escape_codes_without_colour_and_some_with(name: str) -> None:
    assert not ANSI.search(CHARTS[name](80, color=False))
    assert ANSI.search(CHARTS[name](80, color=True))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_coloured_chart_paints_no_background(name: str) -> None:
    text = CHARTS[name](80, color=True)
    assert not re.search(r"\x1b\[48;", text)  # no background colour forced on the terminal


@settings(max_examples=25, deadline=None)
@given(st.integers(40, 250), st.sampled_from(sorted(CHARTS)), st.booleans())
def test_no_line_wider_than_width(width: int, name: str, color: bool) -> None:
    text = CHARTS[name](width, color=color)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) <= width


def test_titles_legend_and_real_dates() -> None:
    text = pain(80)
    assert text.splitlines()[0].startswith("Pain, daily mean")
    assert "2026-03-02" in text and "2026-04-19" in text
    assert "e+" not in text  # no scientific notation
    assert "baseline 7.3" in text and "30 % less: 5.1" in text and "50 % less: 3.6" in text
    assert "▲▲ session day" in text


def _widest_hole(text: str, marker: str) -> int:
    """The most columns between two `marker`s on the chart row that has the most of them."""
    row = max(text.splitlines(), key=lambda line: line.count(marker))
    marks = [i for i, c in enumerate(row) if c == marker]
    assert len(marks) >= 2, text
    return max(b - a for a, b in itertools.pairwise(marks))


def test_gap_is_drawn_as_a_gap() -> None:
    # Two logged stretches with a 10-day hole (days 10–19), 30 days in 40 columns.
    days = (*range(10), *range(20, 30))
    logs = [DailyLog(START + timedelta(days=i), 5, stress=5) for i in days]
    w = Window(START, START + timedelta(days=29))
    text = charts.pain_chart(agg.daily_series(logs, "pain", w), w, width=40 + 7, height=12)
    assert _widest_hole(text, "•") >= 10, text  # the daily points leave those columns empty
    # A lines chart draws the daily stress as a line: two runs, and the line breaks at the hole
    # (joined, it would fill the hole's columns at the same height with its marker).
    stress = agg.daily_series(logs, "stress", w)
    assert [len(run) for run in stress.runs()] == [10, 10]
    line = panels.stress_chart(stress, w, width=40 + 7, height=12)
    assert _widest_hole(line, "•") >= 10, line
    joined = agg.Series("stress", tuple(agg.DayValue(p.date, Fraction(5)) for p in stress.points))
    assert _widest_hole(panels.stress_chart(joined, w, width=47, height=12), "•") <= 2


def test_series_without_data_is_one_line() -> None:
    empty = agg.daily_series([], "sleep_hours", WINDOW)
    assert panels.sleep_chart(empty, empty, WINDOW) == (
        "No sleep logged between 2026-03-02 and 2026-04-19."
    )
    assert charts.pain_chart(agg.daily_series([], "pain", WINDOW), WINDOW).count("\n") == 0
    assert charts.meds_chart(empty, [], WINDOW).startswith("No medication logged")
    assert charts.sessions_chart([], WINDOW).startswith("No sessions logged")


def test_years_of_data_are_bucketed_to_fit() -> None:
    start = date(2016, 1, 4)
    logs = [DailyLog(start + timedelta(days=i), i % 11) for i in range(3650)]
    w = Window(start, start + timedelta(days=3649))
    text = charts.pain_chart(agg.daily_series(logs, "pain", w), w, baseline=Fraction(5), width=80)
    assert "-weekly mean" in text.splitlines()[0]
    assert max(len(line) for line in text.splitlines()) <= 80


def test_weekly_table_view_numbers() -> None:
    from rich.console import Console

    table = weekly_table(LOGS, [], MEDS, BASELINE, WINDOW)
    console = Console(width=120, record=True, color_system=None)
    console.print(charts.weekly_table_view(table))
    text = console.export_text()
    # baseline 2026-03-02..08: daily pain means 8, 7, 7, 7, 8, 7, 7 (+2 on days 0 and 4) → 7.3
    assert "baseline" in text and " 7.3 " in text
    # week from 2026-03-09: daily means 7, 7 (6 and 8), 6, 6, 6, 7 (6 and 8), 6 = 45/7 = 6.43;
    # against the baseline 51/7 = 7.29 that is −0.857…: shown as 6.4 − 7.3 = −0.9, the
    # difference of the shown means, so the row adds up (domain.numbers)
    week = next(line for line in text.splitlines() if line.startswith("9 Mar "))
    assert "6.4 −0.9" in week
    # the week with the gap (days 21–27, 21–23 not logged): 5 (4 and 6), 4, 4, 4 = 4.25 → 4.3
    # (half up); change 4.25 − 51/7 = −3.03… → −3.0
    gap_week = next(line for line in text.splitlines() if line.startswith("23 Mar "))
    assert "4.3 −3.0" in gap_week
    cell = table.rows[3].cells[table.measures.index("pain")]
    assert cell.days == 4 and cell.mean == Fraction(17, 4)
    assert cell.change == Fraction(17, 4) - Fraction(51, 7)
    assert "Monday to Sunday" in text
