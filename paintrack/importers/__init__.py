"""Importers by name: the one place that lists what `paintrack import` reads (issue 26).

Each importer is declared here once: its name (`import --from NAME`), what it reads, the file
suffixes it usually comes with (for the docs: detection never looks at the name), whether it
streams (reads as it writes, so a big file never sits in memory) and the options it takes. A
file's importer is chosen from its content (`sniff.detect`: the XML root, the header row), and
`--from NAME` forces one. Each module is imported only when its format is read.

Every importer returns `base.Incoming`: imported entries (fields/imported.py) streamed for
another app's export, or paintrack's own diary (the export's JSON/CSV, a plain or mapped CSV of
daily logs) for the import use case of the diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class Importer:
    """One format `import` reads: `paintrack.importers.<module>.read(path, today, **options)`."""

    name: str
    module: str
    title: str
    suffixes: tuple[str, ...]
    streams: bool
    options: tuple[str, ...] = ()

    def read(self, *args: Any, **kwargs: Any) -> Any:
        return import_module(f"paintrack.importers.{self.module}").read(*args, **kwargs)


IMPORTERS: dict[str, Importer] = {
    i.name: i
    for i in (
        Importer(
            "paintrack",
            "own",
            "paintrack's own export (JSON or CSV), or a plain CSV of daily logs",
            (".json", ".csv"),
            True,
        ),
        Importer("mapped", "mapped", "any spreadsheet, with --map", (".csv",), True, ("map",)),
        Importer(
            "flaredown", "flaredown", "Flaredown's emailed CSV, or its notes", (".csv",), True
        ),
        Importer("bearable", "bearable", "Bearable's CSV export", (".csv",), True),
        Importer("daylio", "daylio", "Daylio's CSV export", (".csv",), True),
        Importer("apple-health", "apple_health", "Apple Health's export.xml", (".xml",), True),
    )
}
#: The names `--from` takes, in the order detection tries them.
NAMES = tuple(IMPORTERS)


def get(name: str) -> Importer | None:
    return IMPORTERS.get(name.lower().strip())
