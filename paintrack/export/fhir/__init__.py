"""FHIR R4 out of the diary (docs/summary-and-fhir.md): a `collection` Bundle (the default), a
`transaction` Bundle a FHIR server loads idempotently, or Bulk Data NDJSON; all streamed.

- `codes`: the code systems and codes (domain.md §11.1).
- `resources`: the diary as resources, one at a time (domain.md §11.2).
- `bundle`: the writers.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from paintrack.export.fhir.bundle import write_bundle, write_ndjson
from paintrack.export.fhir.resources import Ids, Resource, resources
from paintrack.models import Diary

BUNDLE_TYPES = ("collection", "transaction")
#: The namespace of a database that has none of its own yet (the first release's fixed one).
LEGACY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:paintrack")


def counted(items: Iterator[Resource], tick: Callable[[], None] | None) -> Iterator[Resource]:
    for item in items:
        if tick is not None:
            tick()
        yield item


def write(
    out: TextIO,
    diary: Diary,
    *,
    namespace: uuid.UUID,
    now: dt.datetime,
    label: str | None = None,
    bundle: str = "collection",
    tick: Callable[[], None] | None = None,
) -> int:
    """Stream a Bundle of `diary` to `out`; returns the number of entries."""
    items = counted(resources(diary, Ids(namespace, "urn"), label), tick)
    return write_bundle(out, items, Ids(namespace, "urn"), bundle, now)


def write_folder(
    folder: Path,
    diary: Diary,
    opener: Callable[[Path], TextIO],
    *,
    namespace: uuid.UUID,
    now: dt.datetime,
    label: str | None = None,
    tick: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Bulk Data NDJSON of `diary` into `folder`; returns resources per type."""
    ids = Ids(namespace, "type")
    return write_ndjson(folder, counted(resources(diary, ids, label), tick), ids, now, opener)


def render(
    diary: Diary,
    label: str | None = None,
    *,
    namespace: uuid.UUID = LEGACY_NAMESPACE,
    now: dt.datetime | None = None,
    bundle: str = "collection",
) -> str:
    """The Bundle as one string (small diaries, tests)."""
    buf = io.StringIO()
    when = now or dt.datetime.now().astimezone().replace(microsecond=0)
    write(buf, diary, namespace=namespace, now=when, label=label, bundle=bundle)
    return buf.getvalue()


__all__ = ["BUNDLE_TYPES", "Ids", "Resource", "render", "resources", "write", "write_folder"]
