"""Ten years of diary: review, charts and status on a large database.

Standard library only. Builds a database with 10 years of daily logs (3 a day, with doses,
activity ratings) and 500 sessions, then times, side by side in one interleaved run,
`python -c "import sqlite3"` (the floor) and:

    review --json            target ≤ 8× the floor (issue 25)
    chart pain --since 1 y   target ≤ 8× the floor, peak memory ≤ 60 MiB (issues 5, 25)
    chart all (whole span)   target ≤ 25× the floor (issue 25)
    status                   target ≤ 4× the floor (issue 25)
    export -o summary.pdf    target ≤ 25× the floor (the one-page PDF summary of the course)

The import of a big CSV has its own benchmark, import_csv.py. Like every benchmark here it
installs paintrack regularly into a temporary venv first (harness.py).

    python benchmarks/years.py [--rounds 15] [--venv DIR]

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

from harness import add_arguments, installed, interleaved

TARGETS = {
    "review --json": 8.0,
    "chart pain 1y": 8.0,
    "chart all": 25.0,
    "status": 4.0,
    "summary pdf": 25.0,
}
PEAKS = {"chart pain 1y": 60.0}


def build(path: Path, exe: str, env: dict[str, str]) -> None:
    """Schema through paintrack itself, rows through plain SQL (fast to build)."""
    today = date.today()
    first = today - timedelta(days=3650)
    subprocess.run(
        [
            exe,
            "course",
            "start",
            "decade",
            "--sessions",
            "100",
            "--start",
            str(first - timedelta(days=7)),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [exe, "med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [exe, "med", "add", "tramadol", "--kind", "opioid", "--strength", "50", "--unit", "mg"],
        env=env,
        check=True,
        capture_output=True,
    )
    for name in ("walking", "sitting", "lifting"):
        subprocess.run([exe, "activity", "add", name], env=env, check=True, capture_output=True)
    rng = random.Random(10)
    conn = sqlite3.connect(path)
    stamp = f"{today}T00:00:00"
    with conn:
        log_id = 0
        for i in range(3657):
            day = (first - timedelta(days=7) + timedelta(days=i)).isoformat()
            for time in ("08:00", "14:00", "21:00"):
                log_id += 1
                pain = rng.randint(2, 8)
                conn.execute(
                    "INSERT INTO daily_logs (id, date, time, pain, worst, least, sleep_hours, "
                    "sleep_interference, stress, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        log_id,
                        day,
                        time,
                        pain,
                        min(10, pain + 2),
                        max(0, pain - 2),
                        6.5,
                        4,
                        5,
                        stamp,
                    ),
                )
                conn.execute(
                    "INSERT INTO doses (daily_log_id, medication_id, count) VALUES (?, 1, 2)",
                    (log_id,),
                )
                if rng.random() < 0.2:
                    conn.execute(
                        "INSERT INTO doses (daily_log_id, medication_id, count) VALUES (?, 2, 1)",
                        (log_id,),
                    )
                for activity_id in (1, 2, 3):
                    conn.execute(
                        "INSERT INTO activity_ratings (daily_log_id, activity_id, rating) VALUES (?, ?, ?)",
                        (log_id, activity_id, rng.randint(2, 8)),
                    )
        for n in range(500):
            day = (first + timedelta(days=n * 7)).isoformat()
            conn.execute(
                "INSERT INTO sessions (course_id, date, time, pain_before, pain_after, techniques, "
                "side_effects, created_at) VALUES (1, ?, '10:00', 6, 4, '[\"manual\"]', '[]', ?)",
                (day, stamp),
            )
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    add_arguments(parser)
    args = parser.parse_args()
    with installed(args) as inst:
        return run(args, inst.exe, inst.floor())


def run(args: argparse.Namespace, exe: str, floor_cmd: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "decade.db"
        env = {**os.environ, "PAINTRACK_DB": str(path), "NO_COLOR": "1", "COLUMNS": "100"}
        build(path, exe, env)
        year_ago = (date.today() - timedelta(days=365)).isoformat()
        decade = (date.today() - timedelta(days=3657)).isoformat()
        pdf = str(Path(tmp) / "summary.pdf")
        commands = {
            "floor": floor_cmd,
            "review --json": [exe, "review", "--json"],
            "chart pain 1y": [exe, "chart", "pain", "--since", year_ago],
            "chart all": [exe, "chart", "all", "--since", decade],
            "status": [exe, "status"],
            "summary pdf": [exe, "export", "-o", pdf, "--force"],
        }
        runs = interleaved(commands, env, args.rounds)
        size_mib = path.stat().st_size / 2**20
    floor = runs.median("floor")
    ok = True
    print(f"{'command':<15} {'median (min–max)':>22} {'× floor':>8} {'peak MiB':>9}  target")
    for name in commands:
        ratio = runs.median(name) / floor
        notes = []
        if name in TARGETS:
            hit = ratio <= TARGETS[name]
            ok &= hit
            notes.append(f"≤ {TARGETS[name]:g}× {'ok' if hit else 'MISSED'}")
        if name in PEAKS:
            hit = runs.peaks[name] <= PEAKS[name]
            ok &= hit
            notes.append(f"≤ {PEAKS[name]:g} MiB {'ok' if hit else 'MISSED'}")
        row = f"{name:<15} {runs.spread(name):>22} {ratio:>7.2f}× {runs.peaks[name]:>9.1f}"
        print(f"{row}  {', '.join(notes)}")
    print(
        f"({args.rounds} interleaved rounds, medians; database {size_mib:.0f} MiB: 10 years, "
        "3 logs a day, 500 sessions; import: benchmarks/import_csv.py)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
