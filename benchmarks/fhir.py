"""FHIR at scale (issue 15): exporting 100,000 daily logs as a Bundle and as Bulk Data NDJSON.

Standard library only. Builds a database of 100,000 daily logs (9 a day, each with a dose and
three activity ratings, so about 800,000 FHIR resources) and 500 sessions, then times each
export as a whole process and reads its peak memory (wait4):

    export --format fhir                         target ≤ 20 s, peak ≤ 200 MiB
    export --format fhir --bundle transaction    target ≤ 20 s, peak ≤ 200 MiB
    export --format fhir-ndjson                  target ≤ 20 s, peak ≤ 200 MiB

    python benchmarks/fhir.py [--logs 100000] [--rounds 3]

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from harness import add_arguments, installed, timed

SECONDS, PEAK_MIB = 20.0, 200.0


def build(path: Path, exe: str, env: dict[str, str], logs: int) -> None:
    """Schema through paintrack itself, rows through plain SQL (fast to build)."""
    today = date.today()
    days = logs // 9 + 1
    first = today - timedelta(days=days)

    def run(*args: str) -> None:
        subprocess.run([exe, *args], env=env, check=True, capture_output=True)

    run("course", "start", "big", "--sessions", "100", "--start", str(first - timedelta(days=7)))
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    for name in ("walking", "sitting", "lifting"):
        run("activity", "add", name)
    rng, stamp = random.Random(15), f"{today}T00:00:00"
    conn = sqlite3.connect(path)
    with conn:
        for i in range(1, logs + 1):
            day = (first + timedelta(days=(i - 1) // 9)).isoformat()
            pain = rng.randint(2, 8)
            conn.execute(
                "INSERT INTO daily_logs (id, date, time, pain, worst, least, sleep_hours, "
                "sleep_interference, stress, created_at) VALUES (?, ?, ?, ?, ?, ?, 6.5, 4, 5, ?)",
                (
                    i,
                    day,
                    f"{8 + (i - 1) % 9:02d}:00",
                    pain,
                    min(10, pain + 2),
                    max(0, pain - 2),
                    stamp,
                ),
            )
            conn.execute(
                "INSERT INTO doses (daily_log_id, medication_id, count) VALUES (?, 1, 2)", (i,)
            )
            for activity in (1, 2, 3):
                conn.execute(
                    "INSERT INTO activity_ratings (daily_log_id, activity_id, rating) VALUES (?, ?, ?)",
                    (i, activity, rng.randint(2, 8)),
                )
        for n in range(500):
            conn.execute(
                "INSERT INTO sessions (course_id, date, time, pain_before, pain_after, techniques, "
                "side_effects, created_at) VALUES (1, ?, '10:00', 6, 4, '[\"manual\"]', '[]', ?)",
                ((first + timedelta(days=(n * 7) % days)).isoformat(), stamp),
            )
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    add_arguments(parser)
    args = parser.parse_args()
    with installed(args) as inst:
        return run(args, inst.exe, inst.floor())


def run(args: argparse.Namespace, exe: str, floor_cmd: list[str]) -> int:
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        env = {**os.environ, "PAINTRACK_DB": str(db), "NO_COLOR": "1"}
        build(db, exe, env, args.logs)
        commands = {
            "fhir collection": ["-f", "fhir"],
            "fhir transaction": ["-f", "fhir", "--bundle", "transaction"],
            "fhir-ndjson": ["-f", "fhir-ndjson"],
        }
        print(f"{args.logs:,} daily logs; {args.rounds} rounds each")
        print(f"{'export':<18} {'median s':>9} {'peak MiB':>9}  target")
        for name, extra in commands.items():
            times, peak = [], 0.0
            out = Path(tmp) / name.replace(" ", "-")
            for _ in range(args.rounds):
                shutil.rmtree(out, ignore_errors=True)
                out.unlink(missing_ok=True)
                elapsed, mib = timed([exe, "export", "-o", str(out), *extra, "--force"], env)
                times.append(elapsed)
                peak = max(peak, mib)
            med = statistics.median(times)
            good = med <= SECONDS and peak <= PEAK_MIB
            ok &= good
            mark = "ok" if good else "MISSED"
            print(
                f"{name:<18} {med:>9.2f} {peak:>9.1f}  ≤ {SECONDS:g} s, ≤ {PEAK_MIB:g} MiB {mark}"
            )
            shutil.rmtree(out, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
