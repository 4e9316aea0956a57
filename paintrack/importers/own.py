"""paintrack's own files: the export's JSON and CSV, and a plain CSV of daily logs (read by
export/importer.py, which checks them row by row)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from paintrack.importers.base import Incoming


def read(path: Path, today: dt.date) -> Incoming:
    from paintrack.export import importer

    return Incoming("paintrack", "", parsed=importer.read(path, today))
