"""How long `paintrack sync` takes (issue 23, point 9), and what the sync clocks cost `log`.

Standard library only; paintrack installed regularly into a temporary venv (harness.py). Times,
side by side in interleaved rounds: the floor (`python -c "import sqlite3"`), `paintrack sync`
with nothing new, and `paintrack log --pain 4`; then a new laptop's first sync of a phone's year
(1,100 logs, 100 sessions, with doses and ratings), as a whole process; then, in one process,
what the triggers that keep the registers cost one log (the same 1,000 logs written with them
and without them).

    python benchmarks/sync.py [--rounds 15] [--venv DIR]

Targets: sync with nothing new ≤ 6× the floor; merging the year ≤ 2 s. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import add_arguments, installed, interleaved

NOTHING_NEW = 6.0
YEAR_SECONDS = 2.0

YEAR = """
import datetime as dt, sys
from pathlib import Path
from paintrack import store
from paintrack.models import ActivityRating, Course, DailyLog, Dose, Session
now = dt.datetime(2026, 12, 6, 20, 0)
conn = store.open_db(Path(sys.argv[1]), now=now)
start = now.date() - dt.timedelta(days=366)
with store.writing(conn, "year", now):
    store.insert_course(conn, Course(name="year", start=start, sessions_planned=100), now)
    course = store.active_course(conn)
    from paintrack.models import Activity, Ingredient, Medication
    store.insert_medication(conn, Medication(name="ibuprofen", kind="nsaid",
        ingredients=(Ingredient(substance="ibuprofen", strength=200.0, unit="mg"),)), now)
    store.insert_activity(conn, Activity(name="walking"), now)
    for i in range(1100):
        day = start + dt.timedelta(days=i % 366)
        log = DailyLog(date=day, pain=i % 11, note=f"day {i}",
                       doses=(Dose(medication="ibuprofen", count=1.0),),
                       activity_ratings=(ActivityRating(activity="walking", rating=5),))
        store.insert_log(conn, log, now)
    for i in range(100):
        day = start + dt.timedelta(days=3 * i + 1)
        store.insert_session(conn, Session(course_id=course.id, date=day, pain_before=6,
                             pain_after=3), now)
conn.close()
"""

TRIGGERS = """
import datetime as dt, sys, time
from pathlib import Path
from paintrack import store
from paintrack.models import DailyLog
now = dt.datetime(2026, 12, 6, 20, 0)
for label in ("with", "without"):
    conn = store.open_db(Path(sys.argv[1] + label), now=now)
    if label == "without":
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    best = []
    for _ in range(5):
        t = time.perf_counter()
        with store.writing(conn, "log", now):
            for i in range(200):
                store.insert_log(conn, DailyLog(date=now.date(), pain=i % 11, note="n"), now)
        best.append((time.perf_counter() - t) / 200)
    print(label, min(best) * 1e6)
    conn.close()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    add_arguments(parser)
    args = parser.parse_args()
    ok = True
    with installed(args) as inst, tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        env = {**os.environ, "PAINTRACK_DB": str(t / "laptop.db"), "NO_COLOR": "1"}
        env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = tmp
        folder = t / "Sync"
        folder.mkdir()
        python = inst.python
        subprocess.run([python, "-c", YEAR, str(t / "phone.db")], env=env, check=True)
        phone = [inst.exe, "--db", str(t / "phone.db"), "sync", str(folder), "--name", "phone"]
        subprocess.run(phone, env=env, check=True, capture_output=True)
        merge = [inst.exe, "--db", str(t / "new.db"), "sync", str(folder)]
        year = []
        for _ in range(3):
            (t / "new.db").unlink(missing_ok=True)
            start = time.perf_counter()
            done = subprocess.run(merge, env=env, check=True, capture_output=True, text=True)
            year.append(time.perf_counter() - start)
        print(done.stdout.strip())
        subprocess.run([inst.exe, "sync", str(folder)], env=env, check=True, capture_output=True)
        commands = {
            "floor": inst.floor(),
            "sync (nothing new)": [inst.exe, "sync"],
            "log --pain 4": [inst.exe, "log", "--pain", "4"],
        }
        subprocess.run([inst.exe, "course", "start", "b"], env=env, capture_output=True)
        runs = interleaved(commands, env, args.rounds)
        cost = subprocess.run(
            [python, "-c", TRIGGERS, str(t / "trig")], env=env, check=True, capture_output=True
        ).stdout.split()
        shutil.rmtree(folder)
    floor = runs.median("floor")
    print(f"{'command':<20} {'median (min–max)':>22} {'× floor':>8}  target")
    for name in commands:
        ratio = runs.median(name) / floor
        note = ""
        if name == "sync (nothing new)":
            ok &= ratio <= NOTHING_NEW
            note = f"≤ {NOTHING_NEW:g}× {'ok' if ratio <= NOTHING_NEW else 'MISSED'}"
        print(f"{name:<20} {runs.spread(name):>22} {ratio:>7.2f}×  {note}")
    took = statistics.median(year)
    ok &= took <= YEAR_SECONDS
    verdict = "ok" if took <= YEAR_SECONDS else "MISSED"
    print(
        f"a year from another device (1,100 logs, 100 sessions): {took:.2f} s median of 3 "
        f"(≤ {YEAR_SECONDS:g} s {verdict})"
    )
    print(
        f"one log written in-process: {float(cost[1]):.0f} µs with the sync triggers, "
        f"{float(cost[3]):.0f} µs without"
    )
    print(f"({args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
