"""How long a patient waits: start-up time and memory of the everyday commands.

Standard library only. Installs paintrack regularly into a temporary venv (harness.py says why
never an editable one), then times, side by side in one interleaved run, that venv's
`python -c "import sqlite3"` (the floor: an interpreter that opens nothing), `paintrack log
--pain 4`, `paintrack log 5`, `paintrack status` and `paintrack --help` on a diary with a course,
and, when it is installed, `jrnl` adding an entry (a peer: a plain-text journal, one line). Each
median is printed with its min–max, as a ratio to the floor, with the peak memory of each command
(wait4's rusage).

    python benchmarks/startup.py [--rounds 15] [--jrnl PATH] [--venv DIR]

jrnl is never a dependency: install it in a venv of its own (benchmarks/README.md).

Targets (issue 25): log ≤ 3× the floor and ≤ 0.5× jrnl, peak ≤ 24 MiB; log 5 ≤ 3×; status ≤ 4×;
--help ≤ 5×. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import add_arguments, installed, interleaved

TARGETS = {"log --pain 4": 3.0, "log 5": 3.0, "status": 4.0, "--help": 5.0}
LOG_PEAK_MIB = 24.0
VS_JRNL = 0.5

JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: {version}
"""


def jrnl_command(exe: str, tmp: Path) -> list[str]:
    """`jrnl --config-file … "entry"` with a plain, unencrypted journal in `tmp`."""
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    words = version.stdout.split()
    config = tmp / "jrnl.yaml"
    config.write_text(
        JRNL_CONFIG.format(journal=tmp / "journal.txt", version=words[1] if len(words) > 1 else "")
    )
    return [exe, "--config-file", str(config), "Pain 4 today, slept 7 hours."]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--jrnl", metavar="PATH", help="jrnl to time beside (default: on PATH)")
    add_arguments(parser)
    args = parser.parse_args()
    jrnl = args.jrnl or shutil.which("jrnl")
    with installed(args) as inst, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PAINTRACK_DB": str(Path(tmp) / "bench.db"), "NO_COLOR": "1"}
        env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = tmp
        start = [inst.exe, "course", "start", "bench", "--sessions", "6"]
        subprocess.run(start, env=env, check=True, capture_output=True)
        commands = {
            "floor": inst.floor(),
            "log --pain 4": [inst.exe, "log", "--pain", "4"],
            "log 5": [inst.exe, "log", "5"],  # the shorthand
            "status": [inst.exe, "status"],
            "--help": [inst.exe, "--help"],
        }
        if jrnl:
            commands["jrnl"] = jrnl_command(jrnl, Path(tmp))
        runs = interleaved(commands, env, args.rounds)
    floor = runs.median("floor")
    print(f"{'command':<13} {'median (min–max)':>22} {'× floor':>8} {'peak MiB':>9}  target")
    ok = True
    for name in commands:
        ratio = runs.median(name) / floor
        notes = []
        if name in TARGETS:
            hit = ratio <= TARGETS[name]
            ok &= hit
            notes.append(f"≤ {TARGETS[name]:g}× {'ok' if hit else 'MISSED'}")
        if name == "log --pain 4":
            hit = runs.peaks[name] <= LOG_PEAK_MIB
            ok &= hit
            notes.append(f"≤ {LOG_PEAK_MIB:g} MiB {'ok' if hit else 'MISSED'}")
            if jrnl:
                vs = runs.median(name) / runs.median("jrnl")
                ok &= vs <= VS_JRNL
                notes.append(
                    f"{vs:.2f}× jrnl (≤ {VS_JRNL:g} {'ok' if vs <= VS_JRNL else 'MISSED'})"
                )
        row = f"{name:<13} {runs.spread(name):>22} {ratio:>7.2f}× {runs.peaks[name]:>9.1f}"
        print(f"{row}  {', '.join(notes)}")
    if not jrnl:
        print("(jrnl not found: give --jrnl PATH to time it beside; see benchmarks/README.md)")
    print(f"({args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
