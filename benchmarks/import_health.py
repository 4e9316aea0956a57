"""Importing a big Apple Health export.xml: peak memory stays bounded (issue 26, point 3).

Standard library only. Writes an `export.xml` of about --mb megabytes in Apple's layout (a
DOCTYPE, then mostly step-count and heart-rate records, as a real export is, with a night of
phone and watch sleep and a headache rating every day), imports it into a fresh database with
`paintrack import` and reports the time and the peak memory (wait4's rusage). The file is parsed
as it streams (iterparse, each record cleared once read), so memory does not grow with it.

    python benchmarks/import_health.py [--mb 100]

Target: peak memory ≤ 300 MiB for 100 MB. Exits 1 when it is missed.
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
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-03-04 09:00:00 -0800"/>
"""
REC = ' <Record type="{t}" sourceName="{s}" unit="{u}" creationDate="{d} {h}:00:00 -0800" startDate="{d} {h}:00:00 -0800" endDate="{d} {h}:30:00 -0800" value="{v}"/>\n'
SLEEP = ' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{s}" creationDate="{e} 07:00:00 -0800" startDate="{d} 23:{m}:00 -0800" endDate="{e} 06:{m}:00 -0800" value="HKCategoryValueSleepAnalysisAsleep{k}"/>\n'
PAIN = ' <Record type="HKCategoryTypeIdentifierHeadache" sourceName="iPhone" creationDate="{d} 12:00:00 -0800" startDate="{d} 12:00:00 -0800" endDate="{d} 13:00:00 -0800" value="HKCategoryValueSeverityMild"/>\n'


def write_xml(path: Path, megabytes: int) -> int:
    """About `megabytes` of export; returns the number of days it covers."""
    target = megabytes * 1024 * 1024
    day = date(2015, 1, 1)
    days = 0
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD)
        while f.tell() < target:
            d, e = day.isoformat(), (day + timedelta(days=1)).isoformat()
            f.write(SLEEP.format(s="iPhone", d=d, e=e, m="00", k="Unspecified"))
            f.write(SLEEP.format(s="Apple Watch", d=d, e=e, m="10", k="Core"))
            f.write(PAIN.format(d=d))
            for h in range(8, 22):
                for _ in range(20):
                    f.write(
                        REC.format(
                            t="HKQuantityTypeIdentifierStepCount",
                            s="iPhone",
                            u="count",
                            d=d,
                            h=f"{h:02d}",
                            v=h * 7,
                        )
                    )
                    f.write(
                        REC.format(
                            t="HKQuantityTypeIdentifierHeartRate",
                            s="Apple Watch",
                            u="count/min",
                            d=d,
                            h=f"{h:02d}",
                            v=60 + h,
                        )
                    )
            day += timedelta(days=1)
            days += 1
        f.write("</HealthData>\n")
    return days


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    add_arguments(parser)
    args = parser.parse_args()
    with installed(args) as inst:
        return run(args, inst.exe)


def run(args: argparse.Namespace, exe: str) -> int:
    with tempfile.TemporaryDirectory(prefix="paintrack-bench-") as tmp:
        xml = Path(tmp) / "export.xml"
        days = write_xml(xml, args.mb)
        env = {**os.environ, "PAINTRACK_DB": str(Path(tmp) / "import.db")}
        seconds, peak = timed([exe, "import", str(xml)], env)
        with sqlite3.connect(env["PAINTRACK_DB"]) as conn:
            nights = conn.execute("SELECT count(*) FROM imported_entries WHERE kind = 'sleep'")
            stored = nights.fetchone()[0]
        size = xml.stat().st_size / 1024 / 1024
    print(f"{size:.0f} MB of export.xml, {days:,} days, {stored:,} nights of sleep stored")
    print(f"paintrack import  {seconds:.1f} s  peak {peak:.1f} MiB   target ≤ {PEAK_MIB:.0f} MiB")
    ok = stored == days and peak <= PEAK_MIB
    print("ok" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
