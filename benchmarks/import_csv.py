"""Importing a big plain CSV: peak memory stays bounded (issue 10, point 9).

Standard library only. Writes a plain CSV of N daily logs (`date,time,pain,worst,sleep_hours,note`,
one a row, several a day), imports it into a fresh database with `paintrack import`, and reports
the time and the peak memory (wait4's rusage) beside `python -c "import sqlite3"`. The rows are
read as they are written (one transaction), so memory does not grow with the file.

    python benchmarks/import_csv.py [--rows 1000000]

Targets (issue 25): ≤ 15 s and peak memory ≤ 300 MiB for 1,000,000 rows. Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from harness import add_arguments, installed, timed

PEAK_MIB = 300.0
SECONDS = 15.0


def write_csv(path: Path, rows: int) -> None:
    """`rows` daily logs over the last 100 years at most (dates must be after 1900), several a
    day at different times when there are more rows than days."""
    days = min(rows, 36_500)
    per_day = -(-rows // days)
    first = date.today() - timedelta(days=days)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("date,time,pain,worst,sleep_hours,note\r\n")
        for i in range(rows):
            day = first + timedelta(days=i // per_day)
            minute = (i % per_day) * (1440 // per_day)
            time = f"{minute // 60:02d}:{minute % 60:02d}"
            f.write(f"{day},{time},{i % 11},{min(10, i % 11 + 1)},{6 + i % 3}.5,row {i}\r\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    add_arguments(parser)
    args = parser.parse_args()
    with installed(args) as inst:
        return run(args, inst.exe, inst.floor())


def run(args: argparse.Namespace, exe: str, floor_cmd: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="paintrack-bench-") as tmp:
        sheet = Path(tmp) / "sheet.csv"
        write_csv(sheet, args.rows)
        env = {**os.environ, "PAINTRACK_DB": str(Path(tmp) / "import.db")}
        floor, floor_peak = timed(floor_cmd, env)
        seconds, peak = timed([exe, "import", str(sheet)], env)
        with sqlite3.connect(env["PAINTRACK_DB"]) as conn:
            stored = conn.execute("SELECT count(*) FROM daily_logs").fetchone()[0]
        size = sheet.stat().st_size / 1024 / 1024
    print(f"{args.rows:,} rows ({size:.0f} MB of CSV), {stored:,} daily logs stored")
    print(f"{'':24} {'seconds':>9} {'peak MiB':>9}")
    print(f"{'python -c import sqlite3':24} {floor:9.2f} {floor_peak:9.1f}")
    target = f"target ≤ {SECONDS:g} s, ≤ {PEAK_MIB:.0f} MiB"
    print(f"{'paintrack import':24} {seconds:9.2f} {peak:9.1f}   {target}")
    ok = stored == args.rows and peak <= PEAK_MIB and seconds <= SECONDS
    print("ok" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
